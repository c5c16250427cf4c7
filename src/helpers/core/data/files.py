"""Reading a data file: what a file may be (size, kind, encoding) and its CSV text.

What a data file may be
    A regular file (not a folder, FIFO, device or socket: those are refused before they are
    opened, so a FIFO cannot hang a run) of at most :data:`MAX_FILE_MB` megabytes (1 MB =
    1,048,576 bytes); the environment variable ``PLAYBOOK_MAX_FILE_MB`` sets another limit
    (:func:`max_file_mb`). Text in UTF-8, with or without a byte-order mark; a file with NUL
    bytes in its first 64 KiB up to the end of the header line is refused as binary (so is a
    workbook), UTF-16 and other encodings as not UTF-8. NULs further down are cells, below.
    Blank lines (empty, or only separators and spaces) before the header are skipped, and so
    are rows with every cell empty anywhere in the file; row numbers still count them.

Workbooks
    A ``.xlsx`` (or ``.xlsm``) file is read with openpyxl: the values its cells hold (a formula's
    last computed value), the header on the first row that is not empty. A workbook with
    several sheets needs ``sheet:`` in the campaign file; the message lists its sheets.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.core.errors import InputError, problem

MAX_FILE_MB = 512  # default size limit of one data file, in MB; PLAYBOOK_MAX_FILE_MB overrides
MAX_FILE_MB_VARIABLE = "PLAYBOOK_MAX_FILE_MB"
MAX_QUANTITY = 50  # default bound on a pipeline row's quantity; PLAYBOOK_MAX_QUANTITY overrides
MAX_QUANTITY_VARIABLE = "PLAYBOOK_MAX_QUANTITY"
MEGABYTE = 1024 * 1024
FIRST_BLOCK = 64 * 1024  # the bytes looked at for binary content


def _positive_setting(variable: str, default: float, whole: bool) -> float:
    """A positive number from an environment variable, or the default when it is unset."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        value = -1
    if not (value > 0 and math.isfinite(value)):
        kind = "a whole number" if whole else "a number of megabytes"
        raise InputError([f"{variable}: {text!r} is not {kind} above 0 (the default is {default})"])
    return value


def max_file_mb() -> float:
    """The size limit of one data file in MB: ``PLAYBOOK_MAX_FILE_MB``, else :data:`MAX_FILE_MB`.

    Raises
    ------
    InputError
        When the variable is set to something other than a number above 0.
    """
    return _positive_setting(MAX_FILE_MB_VARIABLE, MAX_FILE_MB, whole=False)


def max_quantity() -> int:
    """The most deliverables one pipeline row may ask for: ``PLAYBOOK_MAX_QUANTITY``, else
    :data:`MAX_QUANTITY`.

    Raises
    ------
    InputError
        When the variable is set to something other than a whole number above 0.
    """
    return int(_positive_setting(MAX_QUANTITY_VARIABLE, MAX_QUANTITY, whole=True))


@dataclass(frozen=True)
class Limit:
    """An upper bound on a count column that keeps the work a file asks for plausible."""

    most: Callable[[], int]
    variable: str
    unit: str


QUANTITY_LIMIT = Limit(max_quantity, MAX_QUANTITY_VARIABLE, "deliverables in one row")


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def read_table_text(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Read a data file's cells as text: a CSV file, or one sheet of a workbook.

    Parameters
    ----------
    path : Path
        The file; ``.xlsx`` and ``.xlsm`` are read as workbooks, anything else as CSV.
    sheet : str, optional
        The sheet of a workbook (needed when it has several).

    Returns
    -------
    tuple of (DataFrame, list of str)
        As :func:`read_csv_text`: text cells indexed by the row number a spreadsheet shows.
    """
    raw, problems = read_file_bytes(path, sheet)
    if problems:
        return pd.DataFrame(), problems
    return cells_from_bytes(path, raw, sheet)


def read_file_bytes(path: Path, sheet: str | None = None) -> tuple[bytes, list[str]]:
    """A data file's bytes, once it is known to be a regular file within the size limit, text
    (a CSV file) or a workbook (``.xlsx``); else no bytes and why (see :func:`read_csv_text`)."""
    workbook = Path(path).suffix.lower() in WORKBOOK_SUFFIXES
    if sheet is not None and not workbook:
        return b"", [problem(path, "sheet", f"{sheet!r} given, but this is a CSV file (no sheets)")]
    return _read_bytes(Path(path), workbook=workbook)


def cells_from_bytes(
    path: Path, raw: bytes, sheet: str | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """The text cells of a data file's bytes (from :func:`read_file_bytes`), as
    :func:`read_table_text` returns them."""
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        return _workbook_cells(Path(path), raw, sheet)
    return _csv_cells(Path(path), raw)


def read_workbook_text(path: Path, sheet: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """One sheet of a ``.xlsx`` workbook as text cells, indexed by its row numbers.

    Numbers are written back as plain digits (``12300``, ``0.045``), dates as ISO dates, so the
    table's rules read them as they read a CSV file.
    """
    raw, problems = _read_bytes(path, workbook=True)
    if problems:
        return pd.DataFrame(), problems
    return _workbook_cells(path, raw, sheet)


def _workbook_cells(path: Path, raw: bytes, sheet: str | None) -> tuple[pd.DataFrame, list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # zipfile, XML and openpyxl errors: not a readable workbook
        return pd.DataFrame(), [problem(path, "", f"not a readable .xlsx workbook ({error})")]
    names = book.sheetnames
    if sheet is None and len(names) > 1:
        listed = ", ".join(repr(n) for n in names)
        what = f"the workbook has {len(names)} sheets ({listed}): name one with sheet:"
        return pd.DataFrame(), [problem(path, "sheet", what)]
    if sheet is not None and sheet not in names:
        listed = ", ".join(repr(n) for n in names)
        return pd.DataFrame(), [
            problem(path, "sheet", f"no sheet {sheet!r} (its sheets: {listed})")
        ]
    rows = [
        (number, [_cell_text(v) for v in values])
        for number, values in enumerate(book[sheet or names[0]].iter_rows(values_only=True), 1)
    ]
    book.close()
    rows = [(number, cells) for number, cells in rows if any(c is not None for c in cells)]
    if not rows:
        return pd.DataFrame(), [problem(path, "", "the sheet is empty (expected a header row)")]
    (_, header), body = rows[0], rows[1:]
    width = max(i + 1 for i, c in enumerate(header) if c is not None)
    frame = pd.DataFrame(
        [cells[:width] + [None] * (width - len(cells)) for _, cells in body],
        index=pd.Index([number for number, _ in body]),
        columns=[f"column {i + 1}" if c is None else str(c).strip() for i, c in enumerate(header)][
            :width
        ],
        dtype=object,
    )
    return frame.where(frame.notna()), []


def _cell_text(value: object) -> str | None:
    """A workbook cell as the text a CSV export would hold."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") or len(text) == 10 else text
    return str(value)


def read_csv_text(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV file as text cells, sniffing the separator; return the frame and problems.

    The path is checked before it is opened: it must be a regular file within the size limit
    (:func:`max_file_mb`) and hold UTF-8 text, not binary content. Blank lines before the
    header are skipped, and rows with every cell empty are dropped.

    Parameters
    ----------
    path : Path
        The CSV file.

    Returns
    -------
    tuple of (DataFrame, list of str)
        The cells as text (empty cells NaN), indexed by the row number a spreadsheet shows, and
        the problems (when there are any, the frame is empty).
    """
    raw, problems = _read_bytes(Path(path))
    if problems:
        return pd.DataFrame(), problems
    return _csv_cells(Path(path), raw)


def _csv_cells(path: Path, raw: bytes) -> tuple[pd.DataFrame, list[str]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
        return pd.DataFrame(), [
            problem(path, where, "not UTF-8 text (in the spreadsheet, save as 'CSV UTF-8')")
        ]
    del raw
    blank = _BLANK_LINES.match(text)
    skipped = _line_breaks(blank.group()) if blank else 0
    if blank:
        text = text[blank.end() :]
    header = _FIRST_LINE.match(text).group()
    if not header.strip(" \t;,\u00a0"):
        return pd.DataFrame(), [problem(path, "", "file is empty (expected a header row)")]
    separator = max((";", ",", "\t"), key=header.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,  # blank rows are dropped below, so the numbering stays
        )
    except pd.errors.ParserError as error:
        return pd.DataFrame(), [problem(path, "", f"not a readable CSV table: {error}")]
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.index = pd.RangeIndex(skipped + 2, skipped + 2 + len(frame))  # header: row skipped + 1
    blank = _blank_rows(frame)
    return (frame[~blank] if blank.any() else frame), []


_BLANK_LINES = re.compile(r"(?:[ \t;,\u00a0]*(?:\r\n|\r|\n))+")
_BLANK_BYTES = re.compile(rb"(?:\xef\xbb\xbf)?(?:[ \t;,]*(?:\r\n|\r|\n))*")
_FIRST_LINE = re.compile(r"[^\r\n]*")
_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a spreadsheet workbook or archive: give it the .xlsx suffix",
    b"\xd0\xcf\x11\xe0": "a spreadsheet workbook",
}
_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_bytes(path: Path, workbook: bool = False) -> tuple[bytes, list[str]]:
    """The file's bytes, or why they are not read: checked with ``os.stat`` before opening
    (a workbook is binary by nature, so its content is not checked for text)."""
    try:
        limit = max_file_mb()
    except InputError as error:
        return b"", error.problems
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return b"", [problem(path, "", "file not found")]
    except (OSError, ValueError) as error:
        return b"", [problem(path, "", f"cannot be read ({_reason(error)})")]
    refused = _not_a_data_file(path, info, limit)
    if refused:
        return b"", [refused]
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:  # non-blocking: should the path become a FIFO after the check, open still returns
        descriptor = os.open(path, flags)
    except OSError as error:
        return b"", [problem(path, "", f"cannot be read ({_reason(error)})")]
    with open(descriptor, "rb", buffering=FIRST_BLOCK) as handle:
        refused = _not_a_data_file(path, os.fstat(handle.fileno()), limit)
        if refused:
            return b"", [refused]
        refused = None if workbook else _binary(path, handle.peek(FIRST_BLOCK)[:FIRST_BLOCK])
        if refused:
            return b"", [refused]
        raw = handle.read(int(limit * MEGABYTE) + 1)
        if len(raw) > limit * MEGABYTE:  # grew since, or a special file that says size 0
            size = max(len(raw), os.fstat(handle.fileno()).st_size)
            return b"", [_too_big(path, size, limit)]
    return raw, []


def _not_a_data_file(path: Path, info: os.stat_result, limit: float) -> str | None:
    """Why a stat result is not a readable data file: a folder, a FIFO ..., too big."""
    if stat.S_ISDIR(info.st_mode):
        return problem(path, "", "is a folder, not a data file")
    for test, kind in _NOT_REGULAR:
        if test(info.st_mode):
            return problem(path, "", f"is not a regular file ({kind}); give a CSV file")
    if not stat.S_ISREG(info.st_mode):
        return problem(path, "", "is not a regular file; give a CSV file")
    if info.st_size > limit * MEGABYTE:
        return _too_big(path, info.st_size, limit)
    return None


def _too_big(path: Path, size: int, limit: float) -> str:
    shown = size / MEGABYTE
    shown = f"{math.ceil(shown)}" if shown >= 10 else f"{math.ceil(shown * 10) / 10:g}"
    return problem(
        path,
        "",
        f"is {shown} MB, over the {limit:g} MB limit for a data file "
        f"(set {MAX_FILE_MB_VARIABLE} to allow more)",
    )


def _binary(path: Path, first: bytes) -> str | None:
    """Why the first block of a file is not CSV text: a UTF-16 mark, a workbook, NUL bytes."""
    if first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return problem(path, "", "UTF-16 text, not UTF-8 (in the spreadsheet, save as 'CSV UTF-8')")
    for signature, what in _BINARY_SIGNATURES.items():
        if first.startswith(signature):
            return problem(
                path, "", f"binary content ({what}), not a CSV text file (save as 'CSV UTF-8')"
            )
    nul = first.find(b"\x00")
    if nul < 0:
        return None
    header = _BLANK_BYTES.match(first).end()
    header_end = min(
        (i for i in (first.find(b"\n", header), first.find(b"\r", header)) if i >= 0),
        default=len(first),
    )
    if nul > header_end:  # text with a stray NUL in a cell: that cell is reported
        return None
    return problem(path, "", f"binary content, not a CSV text file (NUL bytes at byte {nul})")


def _reason(error: Exception) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return getattr(error, "strerror", None) or str(error)


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _blank_rows(frame: pd.DataFrame) -> pd.Series:
    """Rows with no value: every cell empty, or only spaces in the first (a line of spaces)."""
    blank = pd.Series(False, index=frame.index)
    if frame.empty or not len(frame.columns):
        return blank
    maybe = frame.iloc[:, -1].isna() | (len(frame.columns) == 1)  # a blank row ends empty
    if maybe.any():
        rows = frame.loc[maybe]
        first = rows.iloc[:, 0]
        empty = first.isna() | first.str.isspace().fillna(False).astype(bool)
        blank[maybe] = empty & rows.iloc[:, 1:].isna().all(axis=1)
    return blank
