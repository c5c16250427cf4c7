"""pandas as the helpers expect it, set once when the helpers that build tables are imported.

pandas 3 stores text columns with pyarrow whenever pyarrow is installed (it is: the Parquet
tables need it), and pyarrow's strings refuse some operations Python's allow (``"a" * 2.0``,
adding a number column to a text one raises a different error). The helpers are written and
tested against Python-backed text columns, so those stay the default: the same results
whether or not pyarrow is installed.
"""

import pandas as pd


def use_helper_defaults() -> None:
    """Set the pandas options the helpers expect (again after ``pandas.reset_option("all")``,
    which the runner calls between stages)."""
    pd.set_option("mode.string_storage", "python")


use_helper_defaults()
