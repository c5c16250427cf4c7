"""Running campaigns: the stage notebooks executed with papermill in reused kernels, their
code-free report pages, PDFs, batches on cores or a Dask cluster, the portfolio page and the
``playbook`` command.

Dependencies point down: ``run`` uses the stages, the report helpers, the text layer and the
core; nothing below imports ``run``.
"""

import sys

# nbformat (papermill's and nbconvert's notebook format) imports jsonschema, whose format
# checkers import ``rfc3987_syntax`` when it is installed (Jupyter's event schemas pull it in):
# that module compiles 38 Lark grammars on import, about 1.5 s of CPU in every process that
# runs or exports a notebook. Nothing here checks IRI formats (nbformat validates without a
# format checker), so the optional checker is left out of this process.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)
