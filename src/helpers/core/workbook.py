"""``report.xlsx``: every CSV artifact of a run folder as one typed sheet of a workbook.

A marketer opens one file in Excel instead of a dozen CSVs. Each sheet has its header frozen and
filtered, numbers stored as numbers (rounded as the CSVs are, shown with thousands separators),
ISO dates as dates, and text as text: a cell written as text is never run as a formula, so a
handle stays ``@handle`` and ``=HYPERLINK(...)`` stays harmless text, with no apostrophe.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from helpers.core.artifacts import DECIMALS, partial_file, read_table

WORKBOOK = "report.xlsx"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
WIDEST = 60  # characters: wider columns wrap in Excel anyway
#: Excel's number formats: whole numbers, decimals, and shares or rates below 1.
FORMATS = {"whole": "#,##0", "decimal": "#,##0.00", "fine": "0.0000", "date": "yyyy-mm-dd"}


def save_workbook(run_dir: Path, names: Iterable[str] | None = None) -> Path | None:
    """Write ``report.xlsx`` into the run folder atomically: one sheet per CSV artifact.

    Parameters
    ----------
    run_dir : Path
        The run folder.
    names : iterable of str, optional
        The CSV artifacts in sheet order (a name given twice counts once, a missing file is
        skipped); default: every ``*.csv`` in the folder, by name.

    Returns
    -------
    Path or None
        The workbook, or None when the folder holds no CSV.
    """
    from openpyxl import Workbook

    folder = Path(run_dir)
    listed = list(dict.fromkeys(names)) if names else sorted(p.name for p in folder.glob("*.csv"))
    files = [folder / name for name in listed if (folder / name).is_file()]
    if not files:
        return None
    book = Workbook(write_only=True)  # rows streamed as written (lxml's writer when present)
    for sheet_name, path in zip(_sheet_names(files), files, strict=True):
        _write_sheet(book.create_sheet(sheet_name), read_table(path))
    path = folder / WORKBOOK
    with partial_file(path) as partial:
        book.save(partial)
        os.replace(partial, path)
    return path


def _sheet_names(files: list[Path]) -> list[str]:
    """Excel's sheet names: at most 31 characters, unique, without ``[]:*?/\\``."""
    names: list[str] = []
    for path in files:
        base = "".join(c for c in path.stem if c not in "[]:*?/\\")[:31] or "sheet"
        name, count = base, 2
        while name.lower() in (n.lower() for n in names):
            name, count = f"{base[: 31 - len(str(count)) - 1]}-{count}", count + 1
        names.append(name)
    return names


def column_kinds(frame: pd.DataFrame) -> dict[str, str]:
    """Each column's kind for the sheet: ``whole``, ``decimal``, ``fine`` (numbers below 1,
    shown to four decimals), ``date`` (every filled cell ``YYYY-MM-DD``) or ``text``."""
    kinds = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values):
            kinds[column] = "text"
        elif pd.api.types.is_integer_dtype(values):
            kinds[column] = "whole"
        elif pd.api.types.is_float_dtype(values):
            filled = values.dropna()
            whole = filled.empty or bool((filled == filled.round()).all())
            small = not filled.empty and bool((filled.abs() <= 1).all())
            kinds[column] = "whole" if whole and not small else "fine" if small else "decimal"
        else:
            text = values.dropna().astype(str)
            dated = not text.empty and bool(text.str.match(ISO_DATE).all())
            kinds[column] = "date" if dated else "text"
    return kinds


def _write_sheet(sheet, frame: pd.DataFrame) -> None:
    """One artifact as a sheet: typed cells, frozen and filtered header, readable widths (a
    write-only sheet: widths, panes and filter are set before its rows are streamed)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    def cell(value, kind: str, font=None):  # None stays an empty cell
        return None if value is None else _typed(WriteOnlyCell(sheet, value=value), kind, font)

    kinds = list(column_kinds(frame).values())  # in the frame's column order
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(500))])
        sheet.column_dimensions[get_column_letter(index)].width = min(WIDEST, longest + 2)
    sheet.freeze_panes = "A2"
    if len(frame.columns):
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(frame.columns))}{len(frame) + 1}"
    bold = Font(bold=True)
    sheet.append([cell(str(column), "text", bold) for column in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([cell(_value(v, kind), kind) for v, kind in zip(row, kinds, strict=True)])


def _typed(cell, kind: str, font=None):
    """The cell with a number format for numbers and dates, or marked as text, so that it is
    never run as a formula (openpyxl would take ``=...`` for one)."""
    if kind == "text":
        cell.data_type = "s"
    else:
        cell.number_format = FORMATS[kind]
    if font is not None:
        cell.font = font
    return cell


def _value(value, kind: str):
    """A cell's value: None for missing, a date for ISO dates, a rounded number, else text."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "date":
        return pd.Timestamp(value).to_pydatetime()
    if kind in ("whole", "decimal", "fine"):
        number = float(value)
        if not math.isfinite(number):  # "no sample will do" and the like: an empty cell
            return None
        return int(number) if kind == "whole" else round(number, DECIMALS)
    return value if isinstance(value, str) else str(value)
