"""``report.xlsx``: every CSV artifact of a run folder as one typed sheet of a workbook.

A marketer opens one file in Excel instead of a dozen CSVs. Each sheet has its header frozen and
filtered, numbers stored as numbers (rounded as the CSVs are, shown with thousands separators),
ISO dates as dates, and text as text: a cell written as text is never run as a formula, so a
handle stays ``@handle`` and ``=HYPERLINK(...)`` stays harmless text, with no apostrophe.

The workbook is written with XlsxWriter, row by row (its ``constant_memory`` mode), and can be
built a sheet at a time (:class:`ReportWorkbook`): ``playbook run`` adds a stage's sheets as soon
as the stage is done, beside the next stage's run, instead of all of them at the end.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from helpers.core.artifacts import DECIMALS, partial_name, read_table

WORKBOOK = "report.xlsx"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
WIDEST = 60  # characters: wider columns wrap in Excel anyway
#: Excel's number formats: whole numbers, decimals, and shares or rates below 1.
FORMATS = {"whole": "#,##0", "decimal": "#,##0.00", "fine": "0.0000", "date": "yyyy-mm-dd"}
#: XlsxWriter's options: text is written as text, never turned into a formula, number or link.
OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


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
    folder = Path(run_dir)
    book = ReportWorkbook(folder)
    book.add(names if names else sorted(p.name for p in folder.glob("*.csv")))
    return book.close()


class ReportWorkbook:
    """``report.xlsx`` built a sheet at a time, written into place when closed.

    Parameters
    ----------
    run_dir : Path
        The run folder: the CSVs are read there and the workbook goes there.

    Examples
    --------
    >>> book = ReportWorkbook(run_dir)  # doctest: +SKIP
    >>> book.add(["landscape_mix.csv"])  # as soon as the landscape stage is done
    >>> book.close()  # run_dir / "report.xlsx", or None when no sheet was added
    """

    def __init__(self, run_dir: Path) -> None:
        self.folder = Path(run_dir)
        self.sheets: dict[str, str] = {}  # CSV name -> sheet name
        self._book = None
        self._partial: Path | None = None

    def add(self, names: Iterable[str]) -> None:
        """Add a sheet for each CSV named, in order; a name already added or a file not in the
        folder is skipped."""
        for name in names:
            path = self.folder / name
            if name in self.sheets or not path.is_file():
                continue
            self.sheets[name] = _sheet_name(path.stem, self.sheets.values())
            self._write_sheet(self.sheets[name], read_table(path))

    def close(self) -> Path | None:
        """Write the workbook into place (atomically) and return its path; None without sheets."""
        if self._book is None:
            return None
        book, partial, self._book = self._book, self._partial, None
        try:
            book.close()
            path = self.folder / WORKBOOK
            os.replace(partial, path)
            return path
        finally:
            partial.unlink(missing_ok=True)
            self._scratch.cleanup()

    def discard(self) -> None:
        """Give the workbook up (the run failed): nothing is written, its temporary files go."""
        if self._book is not None:
            self._book, self._partial = None, None
            self._scratch.cleanup()

    def _open(self):
        import xlsxwriter

        if self._book is None:
            self._partial = partial_name(self.folder / WORKBOOK)
            self._scratch = tempfile.TemporaryDirectory(prefix="playbook-xlsx-")  # rows so far
            self._book = xlsxwriter.Workbook(
                str(self._partial), OPTIONS | {"tmpdir": self._scratch.name}
            )
            self._formats = {
                k: self._book.add_format({"num_format": v}) for k, v in FORMATS.items()
            }
            self._bold = self._book.add_format({"bold": True})
        return self._book

    def _write_sheet(self, sheet_name: str, frame: pd.DataFrame) -> None:
        """One artifact as a sheet: typed cells, frozen and filtered header, readable widths."""
        sheet = self._open().add_worksheet(sheet_name)
        rows, width = len(frame), len(frame.columns)
        for index, column in enumerate(frame.columns):
            longest = max([len(str(column)), *(len(str(v)) for v in frame[column].head(500))])
            sheet.set_column(index, index, min(WIDEST, longest + 2))
        sheet.freeze_panes(1, 0)
        if width:
            sheet.autofilter(0, 0, rows, width - 1)
        for index, column in enumerate(frame.columns):
            sheet.write_string(0, index, str(column), self._bold)
        kinds = column_kinds(frame)
        writers = [self._writer(sheet, kind) for kind in kinds.values()]
        columns = [column_values(frame[c], kind) for c, kind in kinds.items()]
        for row, values in enumerate(zip(*columns, strict=True), start=1):
            for index, value in enumerate(values):
                if value is not None:  # None stays an empty cell
                    write, cell_format = writers[index]
                    write(row, index, value, cell_format)

    def _writer(self, sheet, kind: str):
        if kind == "text":
            return sheet.write_string, None
        if kind == "date":
            return sheet.write_datetime, self._formats["date"]
        return sheet.write_number, self._formats[kind]


def _sheet_name(stem: str, taken: Iterable[str]) -> str:
    """Excel's sheet name: at most 31 characters, unique, without ``[]:*?/\\``."""
    used = {name.lower() for name in taken}
    base = "".join(c for c in stem if c not in "[]:*?/\\")[:31] or "sheet"
    name, count = base, 2
    while name.lower() in used:
        name, count = f"{base[: 31 - len(str(count)) - 1]}-{count}", count + 1
    return name


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


def column_values(values: pd.Series, kind: str) -> list:
    """A column's cell values: None for missing (and for infinite numbers: "no sample will
    do" and the like), whole numbers as ints, other numbers rounded to :data:`DECIMALS`,
    ISO dates as datetimes, anything else as text."""
    missing = values.isna().to_numpy()
    if kind in ("whole", "decimal", "fine"):
        numbers = values.to_numpy(dtype=float, na_value=math.nan)
        cast = int if kind == "whole" else lambda x: round(x, DECIMALS)
        return [cast(x) if math.isfinite(x) else None for x in numbers.tolist()]
    if kind == "date":
        dates = {v: pd.Timestamp(v).to_pydatetime() for v in values.dropna().unique()}
        return [
            None if gone else dates[v]
            for v, gone in zip(values.tolist(), missing.tolist(), strict=True)
        ]
    return [
        None if gone else v if isinstance(v, str) else str(v)
        for v, gone in zip(values.tolist(), missing.tolist(), strict=True)
    ]
