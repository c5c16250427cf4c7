"""Loading one input table, or every data file a campaign names, with every problem at once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pandera.errors import SchemaErrors

from helpers.core.campaign import Campaign
from helpers.core.data.cells import _parse_columns
from helpers.core.data.files import read_csv_text
from helpers.core.data.tables import TABLES, Column, _schema_problems, table_schema
from helpers.core.errors import InputError


def load_table(path: str | Path, table: str) -> pd.DataFrame:
    """Read and validate one input table.

    Parameters
    ----------
    path : str or Path
        The CSV file.
    table : str
        Which table it is: a key of :data:`TABLES` (``"roster"``, ``"posts"``, ...).

    Returns
    -------
    pandas.DataFrame
        Parsed columns: counts as integers, dates as timestamps, flags as 0/1; optional columns
        that were absent are added with their default.

    Raises
    ------
    InputError
        Listing every problem, ``FILE: row N, column C: what is wrong``: a path that is not a
        regular file, a file over the size limit or with binary content, unreadable or
        ambiguous cells, control characters, implausible sizes, schema violations.
    """
    path = Path(path)
    columns = TABLES[table]
    text, problems = read_csv_text(path)
    if problems:
        raise InputError(problems)
    parsed, problems, unreadable = _parse_columns(text, columns, path)
    try:
        table_schema(table).validate(parsed, lazy=True)
    except SchemaErrors as error:
        problems += _schema_problems(path, error, table, unreadable)
    if problems:
        raise InputError(problems)
    return _finish(parsed, columns)


def _finish(frame: pd.DataFrame, columns: dict[str, Column]) -> pd.DataFrame:
    """Number the rows from 0 again, add absent optional columns, give counts their integer
    type."""
    frame = frame.reset_index(drop=True)
    for name, spec in columns.items():
        if name not in frame:
            frame[name] = spec.default if spec.default is not None else np.nan
        if spec.kind in ("int", "flag") and frame[name].notna().all():
            frame[name] = frame[name].astype("int64")
    ordered = list(columns) + [c for c in frame.columns if c not in columns]
    return frame[ordered]


def load_campaign_data(
    campaign: Campaign, tables: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Load the data files a campaign names (all of them by default), reporting every problem.

    Parameters
    ----------
    campaign : Campaign
        The validated campaign.
    tables : list of str, optional
        Which of its data files to load, e.g. ``["roster", "posts"]``.

    Returns
    -------
    dict of str to DataFrame
        The loaded tables by name.
    """
    wanted = campaign.data.named()
    if tables is not None:
        wanted = {name: wanted[name] for name in tables if name in wanted}
    loaded, problems = {}, []
    for name, path in wanted.items():
        try:
            loaded[name] = load_table(path, name)
        except InputError as error:  # a bad setting is one line, not one per file
            problems += [line for line in error.problems if line not in problems]
    if problems:
        raise InputError(problems)
    return loaded
