"""The run folder: where each stage writes its artifacts and later stages read them.

``playbook run`` hands every notebook the same run folder. An analyst running a notebook by
itself in JupyterLab gets ``reports/lab/<campaign id>/`` instead, so the real report is never
touched from a notebook. A stage whose inputs are missing from the run folder (a notebook opened
on its own) computes them with the earlier stage's helpers instead of failing.

The artifacts, by stage (the contract between stages):

========================  =================================================================
``landscape_*.csv``       00: market mix, engagement and fees against benchmarks
``goals.json``            01: ``{"campaign_id", "objective", "currency", "start", "end",
                          "goals": [{"kpi", "label", "target", "unit", "baseline", "deadline",
                          "market", "funnel_stage", "formula", "suggested", "smart"}]}``;
                          ``helpers.stages.goals.measure(kpi, results)`` computes a KPI's
                          actual value
``shortlist.csv``         02: one row per creator considered, with ``influencer_id``,
                          ``handle``, ``name``, ``platform``, ``market``, ``tier``,
                          ``followers``, ``engagement_rate``, ``fake_share``,
                          ``audience_quality`` (0-100), ``audience_fit`` (0-1),
                          ``composite_score`` (0-100), ``status`` (shortlisted | flagged |
                          excluded) and ``reasons``; built by
                          ``helpers.stages.vetting.build_shortlist``
``offers.csv``            03: one row per creator and deliverable priced, with ``fair_fee``,
                          ``opening_offer``, ``target_fee``, ``walk_away_fee``,
                          ``compensation_model``, ``expected_*`` outcomes and ``selected``
``calendar.csv/.ics``     04: every contracted deliverable's go-live and approval dates
``monitoring.csv``        05: pacing of each goal mid-campaign
``roi.csv``               06: cost, results, ROI and ROAS per creator, platform and market
========================  =================================================================

Every CSV is UTF-8 with a byte-order mark (Excel then reads ``Bērziņa`` as written), numbers
to ten significant digits (no float noise), in the campaign's ``report.csv_dialect``
(``standard``: ``,`` and a decimal point; ``european``: ``;`` and a decimal comma).
:func:`read_table` reads any of them back. :func:`save_workbook` puts them all into
``report.xlsx``, one typed sheet per artifact.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from helpers.core.campaign import Campaign, load_campaign
from helpers.core.config import REPORTS_DIR, project_path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: ``'`` before one of :data:`FORMULA_START`, anywhere: a file without it has no guarded cell.
GUARD_ANYWHERE = re.compile("'[" + re.escape("".join(FORMULA_START)) + "]")
#: A cell ``save_table`` guarded: one that starts with :data:`GUARD_ANYWHERE`.
GUARDED = re.compile("^" + GUARD_ANYWHERE.pattern)
#: A creator's handle (``@anna.k``) runs nothing in a spreadsheet: written as it is, so that joins
#: with other tools keep working.
HANDLE = re.compile(r"^@[A-Za-z0-9._]{1,30}$")
#: The CSV dialects: separator and decimal mark.
DIALECTS = {"standard": (",", "."), "european": (";", ",")}
#: The file in a run folder that says which dialect its CSVs are in (absent: standard).
DIALECT_FILE = ".csv-dialect"
DECIMALS = 4  # numbers in report.xlsx are rounded to this many decimals


def float_text(value: float, decimal: str = ".") -> str:
    """A float as the CSVs write it: ten significant digits, so float noise (964.9000000000001)
    is gone and a later stage reads back the same number to far beyond any figure on a page;
    still a float (``1.0``, not ``1``, so a column of whole amounts reads back as the same type)."""
    text = f"{value:.10g}"
    if "." not in text and "e" not in text and "n" not in text:  # not 1.5, 1e+20, nan or inf
        text += ".0"
    return text if decimal == "." else text.replace(".", decimal)


def open_run(campaign_file: str | Path, run_dir: str | Path = "") -> tuple[Campaign, Path]:
    """Load the campaign and make sure its run folder exists.

    Parameters
    ----------
    campaign_file : str or Path
        The campaign file; relative paths are taken from the project root.
    run_dir : str or Path
        The run folder; empty means ``reports/lab/<campaign id>/`` (interactive use).

    Returns
    -------
    (Campaign, Path)
    """
    campaign = load_campaign(project_path(campaign_file))
    folder = Path(run_dir) if run_dir else REPORTS_DIR / "lab" / campaign.id
    folder.mkdir(parents=True, exist_ok=True)
    _record_dialect(folder, campaign.report.csv_dialect)
    return campaign, folder


def _record_dialect(folder: Path, dialect: str) -> None:
    """Note the campaign's CSV dialect in the run folder (nothing for the standard one)."""
    marker = folder / DIALECT_FILE
    if dialect == "standard":
        marker.unlink(missing_ok=True)
    elif not marker.is_file() or marker.read_text(encoding="utf-8").strip() != dialect:
        write_text_atomically(marker, dialect + "\n")


def run_dialect(run_dir: Path) -> str:
    """The CSV dialect of a run folder's artifacts (``standard`` unless it says otherwise)."""
    marker = Path(run_dir) / DIALECT_FILE
    found = marker.read_text(encoding="utf-8").strip() if marker.is_file() else "standard"
    return found if found in DIALECTS else "standard"


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise text cells a spreadsheet would run as a formula (``=HYPERLINK(...)``) with a
    leading ``'``; a plain handle (``@anna.k``) runs nothing and is left as it is."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            if not _may_start_formula(safe[column]):
                continue
            text = safe[column].astype("string")
            risky = text.str.startswith(FORMULA_START) & ~text.str.match(HANDLE.pattern)
            safe[column] = safe[column].mask(risky.fillna(False), "'" + text)
    return safe


def _may_start_formula(column: pd.Series) -> bool:
    """Whether a text column may hold a cell :func:`spreadsheet_safe` guards: one starting with
    :data:`FORMULA_START`, or a value that is not text (checked the long way). A loop over the
    values, far cheaper than the column's text methods when, as nearly always, none does."""
    for value in column.to_numpy(dtype=object):
        if isinstance(value, str):
            if value.startswith(FORMULA_START):
                return True
        elif not (value is None or value is pd.NA or (isinstance(value, float) and value != value)):
            return True
    return False


def save_table(frame: pd.DataFrame, run_dir: Path, name: str) -> Path:
    """Write an artifact CSV atomically; return its path.

    UTF-8 with a byte-order mark, spreadsheet-safe, numbers to ten significant digits, CRLF line
    ends (RFC 4180), in the run folder's dialect (:func:`run_dialect`).
    """
    path = Path(run_dir) / name
    separator, decimal = DIALECTS[run_dialect(run_dir)]
    table = spreadsheet_safe(frame)
    with partial_file(path) as partial:
        # CRLF as RFC 4180 has it: the csv module then also quotes cells holding a bare \r
        table.to_csv(
            partial,
            index=False,
            lineterminator="\r\n",
            encoding="utf-8-sig",
            sep=separator,
            decimal=decimal,
            float_format=lambda value: float_text(value, decimal),
        )
        os.replace(partial, path)
    return path


def read_table(path: Path, **options) -> pd.DataFrame:
    """Read an artifact CSV back as it was saved: its dialect found from its header, the
    byte-order mark skipped, the ``'`` before guarded cells taken off again.

    Parameters
    ----------
    path : Path
        The CSV (``save_table`` wrote it, or any UTF-8 CSV).
    **options
        More ``pandas.read_csv`` options (``dtype=str`` ...). Empty cells are missing values.

    Returns
    -------
    pandas.DataFrame
    """
    with open(path, encoding="utf-8-sig", newline="") as handle:
        content = handle.read()
    header = content.split("\n", 1)[0]
    separator, decimal = DIALECTS[
        "european" if header.count(";") > header.count(",") else "standard"
    ]
    settings = {"keep_default_na": False, "na_values": [""]} | options
    frame = pd.read_csv(io.StringIO(content), sep=separator, decimal=decimal, **settings)
    if not GUARD_ANYWHERE.search(content):  # no cell was guarded: nothing to take off
        return frame
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            text = frame[column].astype("string")
            guarded = text.str.match(GUARDED.pattern).fillna(False)
            frame[column] = frame[column].mask(guarded, text.str[1:])
    return frame


def save_json(data: object, run_dir: Path, name: str) -> Path:
    """Write an artifact JSON atomically; return its path."""
    path = Path(run_dir) / name
    write_text_atomically(path, json.dumps(data, indent=2, default=str))
    return path


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file so that readers see either the old or the whole new content."""
    with partial_file(Path(path)) as partial:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)


def partial_name(path: Path) -> Path:
    """A temporary name beside ``path`` for one writer: ``.<name>.<pid>-<random>.partial``."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")


@contextlib.contextmanager
def partial_file(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path``, unique to this writer (two writers at once never share
    one), removed if the write fails before it is moved into place."""
    partial = partial_name(path)
    try:
        yield partial
    finally:
        partial.unlink(missing_ok=True)
