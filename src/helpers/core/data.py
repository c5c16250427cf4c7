"""Loading and validating the CSV inputs: roster, posts, growth, audience, samples, results.

Files come from spreadsheets all over Europe, so the loader accepts ``;`` or ``,`` or tab as the
separator, decimal commas (``1234,5``), thousands spaces, a UTF-8 byte-order mark, ISO dates or
``27.11.2026``, and any diacritics. Every problem in a file is reported at once, one line each:
``FILE: row N, column C: what is wrong (what is allowed)``; row numbers are the rows a
spreadsheet shows (the header is row 1 unless blank lines come before it). Inputs are never
modified.

What a data file may be
    A regular file (not a folder, FIFO, device or socket: those are refused before they are
    opened, so a FIFO cannot hang a run) of at most :data:`MAX_FILE_MB` megabytes (1 MB =
    1,048,576 bytes); the environment variable ``PLAYBOOK_MAX_FILE_MB`` sets another limit
    (:func:`max_file_mb`). Text in UTF-8, with or without a byte-order mark; a file with NUL
    bytes in its first 64 KiB up to the end of the header line is refused as binary (so is a
    workbook), UTF-16 and other encodings as not UTF-8. NULs further down are cells, below.
    Blank lines (empty, or only separators and spaces) before the header are skipped, and so
    are rows with every cell empty anywhere in the file; row numbers still count them.

Numbers
    ``1234.5``, ``1234,5``, ``1 234,5``, ``1.234,5``, ``1,234.5``, ``1.234.567`` and
    ``1,234,567``. A cell with one separator followed by exactly three digits (``50.000``,
    ``1.234``, ``12,500``) reads as a decimal or as thousands depending on the convention, so
    it is settled by evidence: the decimal mark the column's other cells show (``0.5``,
    ``12.25``, ``1,234.5`` or ``1,234,567`` show a decimal point; ``12,5``, ``1.234,5`` or
    ``1.234.567`` a decimal comma), else the one the file's other number columns show. In a
    column of whole counts (followers, likes, ...) ``1.234`` cannot be 1.234 followers, so it
    is thousands and shows the convention too; ``50.000`` can be 50 or 50000 and needs other
    evidence. When nothing settles it, or the evidence disagrees, the cell is refused with its
    row and column: never guessed.

Plausible sizes
    No number above :data:`LARGEST_NUMBER`. A pipeline row asks for at most
    :data:`MAX_QUANTITY` deliverables (``quantity``); the environment variable
    ``PLAYBOOK_MAX_QUANTITY`` sets another bound (:func:`max_quantity`). Every post is
    scheduled, so a mistyped 300 or 1200 would make the calendar stage run for minutes.

Text cells
    A cell with a NUL or another control character (other than tab, line feed and carriage
    return, which a quoted spreadsheet cell may hold) is refused, and so is a cell that looks
    like a spreadsheet formula.
"""

from __future__ import annotations

import io
import math
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from helpers.core.campaign import PLATFORMS, Campaign
from helpers.core.errors import InputError, problem

Kind = Literal["id", "text", "int", "number", "share", "date", "flag", "country", "currency"]
MAX_LINES_PER_COLUMN = 5
LARGEST_NUMBER = 1e15  # far above any follower count or fee; above this, int64 overflows soon
MAX_FILE_MB = 512  # default size limit of one data file, in MB; PLAYBOOK_MAX_FILE_MB overrides
MAX_FILE_MB_VARIABLE = "PLAYBOOK_MAX_FILE_MB"
MAX_QUANTITY = 50  # default bound on a pipeline row's quantity; PLAYBOOK_MAX_QUANTITY overrides
MAX_QUANTITY_VARIABLE = "PLAYBOOK_MAX_QUANTITY"
MEGABYTE = 1024 * 1024
FIRST_BLOCK = 64 * 1024  # the bytes looked at for binary content
FORMULA = r"^\s*(=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\()"
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 but tab, LF, CR
FORMATS = ("feed_post", "reel", "story", "short", "long_video", "live", "link_in_bio")
TRUE_WORDS = {"1", "true", "yes", "y", "jā", "ja", "oui", "si", "sí", "x"}
FALSE_WORDS = {"0", "false", "no", "n", "nē", "nein", "non", ""}
NUMBER_KINDS = ("int", "number", "share")


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


@dataclass(frozen=True)
class Column:
    """What one column of an input table must hold."""

    kind: Kind
    required: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    unique: bool = False
    default: object = None
    limit: Limit | None = None


def _counts(*names: str, required: bool = True) -> dict[str, Column]:
    return {n: Column("int", required=required, default=None if required else 0) for n in names}


TABLES: dict[str, dict[str, Column]] = {
    "roster": {
        "influencer_id": Column("id", unique=True),
        "handle": Column("text"),
        "name": Column("text", required=False, nullable=True),
        "platform": Column("text", allowed=PLATFORMS),
        "market": Column("country"),
        "language": Column("text", required=False, nullable=True),
        "interests": Column("text", required=False, nullable=True),
        "followers": Column("int"),
        "avg_likes": Column("number"),
        "avg_comments": Column("number"),
        "following": Column("int", required=False, nullable=True),
        "posts_last_90d": Column("int", required=False, nullable=True),
        "avg_views": Column("number", required=False, nullable=True),
        "quoted_fee": Column("number", required=False, nullable=True),
        "fee_currency": Column("currency", required=False, nullable=True),
        "past_collaborations": Column("int", required=False, default=0),
        "contact_email": Column("text", required=False, nullable=True),
    },
    "posts": {
        "post_id": Column("id", unique=True),
        "influencer_id": Column("id"),
        "posted_at": Column("date"),
        "format": Column("text", allowed=FORMATS),
        **_counts("likes", "comments"),
        **_counts("shares", "views", required=False),
        "is_sponsored": Column("flag", required=False, default=0),
        "caption": Column("text", required=False, nullable=True),
    },
    "follower_growth": {
        "influencer_id": Column("id"),
        "week": Column("date"),
        "followers": Column("int"),
        "engagements": Column("int", required=False, nullable=True),
    },
    "audience": {
        "influencer_id": Column("id"),
        "dimension": Column("text", allowed=("country", "age", "gender")),
        "segment": Column("text"),
        "share": Column("share"),
    },
    "follower_samples": {
        "influencer_id": Column("id"),
        **_counts("posts", "following", "followers"),
        "has_profile_picture": Column("flag"),
        "is_private": Column("flag"),
    },
    "results": {
        "post_id": Column("id", unique=True),
        "influencer_id": Column("id"),
        "platform": Column("text", allowed=PLATFORMS),
        "market": Column("country"),
        "posted_at": Column("date"),
        "format": Column("text", allowed=FORMATS),
        "variant": Column("text", required=False, nullable=True),
        **_counts("impressions"),
        **_counts(
            "reach",
            "views",
            "likes",
            "comments",
            "shares",
            "saves",
            "link_clicks",
            "code_redemptions",
            "conversions",
            required=False,
        ),
        "revenue": Column("number", required=False, default=0.0),
        "currency": Column("currency"),
        "cost": Column("number", required=False, nullable=True),
    },
}
TABLES["results_to_date"] = TABLES["results"]
PIPELINE_STAGES = (
    "identified", "contacted", "negotiating", "contracted", "live", "completed", "declined"
)  # fmt: skip
TABLES["pipeline"] = {
    "influencer_id": Column("id"),
    "stage": Column("text", allowed=PIPELINE_STAGES),
    "deliverable": Column("text", nullable=True, allowed=FORMATS),
    "quantity": Column("int", nullable=True, limit=QUANTITY_LIMIT),
    "agreed_fee": Column("number", nullable=True),
    "currency": Column("currency", nullable=True),
    "updated": Column("date", nullable=True),
    "notes": Column("text", required=False, nullable=True),
}
UNIQUE_TOGETHER = {"roster": ["platform", "handle"]}


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
    b"PK\x03\x04": "a spreadsheet workbook or archive",
    b"\xd0\xcf\x11\xe0": "a spreadsheet workbook",
}
_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _read_bytes(path: Path) -> tuple[bytes, list[str]]:
    """The file's bytes, or why they are not read: checked with ``os.stat`` before opening."""
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
        refused = _binary(path, handle.peek(FIRST_BLOCK)[:FIRST_BLOCK])
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


# --- numbers ---------------------------------------------------------------------------------

_SPACES = r"[\s\u00a0\u202f']"
_AMBIGUOUS = r"[+-]?[1-9]\d{0,2}[.,]\d{3}"  # one separator, then exactly three digits
_GROUPED_POINTS = r"[+-]?[1-9]\d{0,2}(?:\.\d{3}){2,}"  # 1.234.567
_GROUPED_COMMAS = r"[+-]?[1-9]\d{0,2}(?:,\d{3}){2,}"  # 1,234,567


@dataclass(frozen=True)
class NumberScan:
    """A number column read cell by cell, before its ambiguous cells are settled.

    Attributes
    ----------
    values : Series
        float64 for every cell: NaN where empty, unreadable or ambiguous.
    ambiguous : Series
        The text (spaces removed) of the cells that read either as a decimal or as thousands
        (``50.000``, ``12,500``), by row.
    decimal_marks : frozenset of str
        The decimal marks (``"."``, ``","``) the column's unambiguous cells show.
    """

    values: pd.Series
    ambiguous: pd.Series
    decimal_marks: frozenset[str]

    def settled(self, decimal: str | None) -> pd.Series:
        """The values, the ambiguous cells read with ``decimal`` as the decimal mark (kept NaN
        when it is None)."""
        if decimal is None or self.ambiguous.empty:
            return self.values
        text = self.ambiguous
        separator = text.str[-4]
        as_decimal = pd.to_numeric(text.str.replace(",", ".", regex=False))
        as_thousands = pd.to_numeric(text.str.replace(r"[.,]", "", regex=True))
        values = self.values.copy()
        values[text.index] = as_decimal.where(separator == decimal, as_thousands).astype(float)
        return values


def scan_numbers(cells: pd.Series, whole: bool = False) -> NumberScan:
    """Read a column of numbers written either way, keeping the ambiguous cells apart.

    Cells that :func:`pandas.to_numeric` reads (``1234``, ``1234.5``) are taken as they are;
    only when a cell has a decimal point is its text looked at again for ``50.000``-like cells.
    The rest go through the European rules: spaces and apostrophes between digits go, in
    ``1.234,5`` and ``1,234.5`` the later separator is the decimal mark, ``1.234.567`` and
    ``1,234,567`` are thousands, a lone comma is a decimal comma.

    Parameters
    ----------
    cells : Series
        Text cells (NaN where empty).
    whole : bool
        The column counts whole things: ``1.234`` is then thousands (1.234 followers cannot
        be) and shows the column's convention.

    Returns
    -------
    NumberScan
        The values, the ambiguous cells and the decimal marks the column shows.
    """
    present = cells.dropna()
    values = pd.to_numeric(present, errors="coerce")
    failed = values.isna()
    clean = present[~failed] if failed.any() else present
    marks: set[str] = set()
    ambiguous = []
    pointed = values.dtype.kind == "f" and (  # a point, an exponent ... in a cell read as is
        not failed.any() or pd.to_numeric(clean).dtype.kind == "f"
    )
    if pointed:
        read = values[clean.index]
        scaled = read * 1000
        maybe = read.abs().between(1, 1000, inclusive="left") & (scaled - scaled.round()).abs().lt(
            1e-6
        )
        if (np.isfinite(read) & (read % 1 != 0) & ~maybe).any():  # 0.5, 12.25, 1234.5
            marks.add(".")
        if maybe.any():
            text = clean[maybe].str.strip()
            either = text.str.fullmatch(_AMBIGUOUS)
            if (~either & text.str.contains(".", regex=False)).any():  # 12.5, 12.0, 1.2500
                marks.add(".")
            ambiguous.append(text[either])
    values = values.astype("float64")
    if failed.any():
        european, unsure, european_marks = _european_numbers(present[failed])
        values[european.index] = european
        ambiguous.append(unsure)
        marks |= european_marks
    ambiguous = [part for part in ambiguous if len(part)]
    unsure = pd.concat(ambiguous).sort_index() if ambiguous else pd.Series(dtype=object)
    values[unsure.index] = np.nan
    if whole and not unsure.empty:  # 1.234 followers cannot be: thousands, so "," is decimal
        fraction = unsure[unsure.str[-3:] != "000"].str[-4]
        marks |= {"," if separator == "." else "." for separator in set(fraction)}
    return NumberScan(values.reindex(cells.index), unsure, frozenset(marks))


def _european_numbers(cells: pd.Series) -> tuple[pd.Series, pd.Series, set[str]]:
    """The cells ``to_numeric`` cannot read: their values, the ambiguous ones, the marks shown."""
    text = cells.str.replace(_SPACES, "", regex=True)
    points = text.str.count(r"\.")
    commas = text.str.count(",")
    out = text.copy()
    both = (points > 0) & (commas > 0)
    comma_last = pd.Series(False, index=text.index)
    if both.any():
        comma_last[both] = text[both].str.rfind(",") > text[both].str.rfind(".")
        point_last = both & ~comma_last
        out[comma_last] = text[comma_last].str.replace(".", "", regex=False)
        out[point_last] = text[point_last].str.replace(",", "", regex=False)
    single = (points + commas) == 1
    either = pd.Series(False, index=text.index)
    if single.any():
        either[single] = text[single].str.fullmatch(_AMBIGUOUS)
    point_groups = _grouped(text, (points > 1) & (commas == 0), _GROUPED_POINTS)
    comma_groups = _grouped(text, (commas > 1) & (points == 0), _GROUPED_COMMAS)
    out[point_groups] = text[point_groups].str.replace(".", "", regex=False)
    out[comma_groups] = text[comma_groups].str.replace(",", "", regex=False)
    decimal_comma = comma_last | (single & (commas == 1) & ~either)
    out[decimal_comma] = out[decimal_comma].str.replace(",", ".", regex=False)
    values = pd.to_numeric(out.mask(either), errors="coerce").astype("float64")
    read = values.notna()
    marks = set()
    if (read & (decimal_comma | point_groups)).any():
        marks.add(",")
    if (read & ((both & ~comma_last) | comma_groups | (single & (points == 1) & ~either))).any():
        marks.add(".")
    return values, text[either], marks


def _grouped(text: pd.Series, candidates: pd.Series, pattern: str) -> pd.Series:
    grouped = pd.Series(False, index=text.index)
    if candidates.any():
        grouped[candidates] = text[candidates].str.fullmatch(pattern)
    return grouped


def parse_numbers(cells: pd.Series, decimal: str | None = None) -> pd.Series:
    """Parse numbers written either way: ``1234.5``, ``1234,5``, ``1 234,5`` or ``1.234,5``.

    A cell like ``50.000`` or ``12,500`` is read by the decimal mark the column's other cells
    show, else by ``decimal`` (``"."`` or ``","``); with neither it stays NaN (see
    :func:`scan_numbers`).
    """
    scan = scan_numbers(cells)
    marks = scan.decimal_marks or ({decimal} if decimal else set())
    return scan.settled(next(iter(marks)) if len(marks) == 1 else None)


def _ambiguity(text: str, conflicting: bool) -> str:
    """Why an ambiguous cell is refused, and the two ways to write what it means."""
    sign = text[0] if text[0] in "+-" else ""
    digits = text.lstrip("+-")
    whole, separator, fraction = digits[:-4], digits[-4], digits[-3:]
    thousands = f"{sign}{whole}{fraction}".lstrip("+")
    trimmed = fraction.rstrip("0")
    decimal = f"{sign}{whole}{separator}{trimmed}" if trimmed else f"{sign}{whole}"
    unmistakable = f"{sign}{whole},{trimmed or '0'}{'0' if len(trimmed) == 3 else ''}"
    why = (
        "the file writes decimals both with . and with ,"
        if conflicting
        else "the file does not show which separator marks thousands"
    )
    return (
        f"could be {decimal.lstrip('+')} or {thousands} ({why}); "
        f"write {thousands} or {unmistakable.lstrip('+')}"
    )


def parse_dates(cells: pd.Series) -> pd.Series:
    """Parse ISO dates (``2027-02-01``) or European ones (``01.02.2027`` or ``01.02.2027.``)."""
    text = cells.astype("string").str.strip().str.rstrip(".")
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    european = pd.to_datetime(text, format="%d.%m.%Y", errors="coerce")
    return iso.fillna(european).dt.normalize()


def parse_flags(cells: pd.Series) -> pd.Series:
    """Parse yes/no cells (1/0, true/false, yes/no, jā/nē) into 1.0/0.0; NaN if unreadable."""
    words = cells.astype("string").str.strip().str.lower().fillna("")
    return pd.Series(
        np.select([words.isin(TRUE_WORDS), words.isin(FALSE_WORDS)], [1.0, 0.0], np.nan),
        index=cells.index,
    )


PARSERS = {
    "int": parse_numbers,
    "number": parse_numbers,
    "share": parse_numbers,
    "date": parse_dates,
    "flag": parse_flags,
}
UNREADABLE = {
    "int": "is not a number",
    "number": "is not a number",
    "share": "is not a number",
    "date": "is not a date (use YYYY-MM-DD or DD.MM.YYYY)",
    "flag": "is not yes/no (use 1 or 0)",
}


def _parse_columns(
    frame: pd.DataFrame, columns: dict[str, Column], path: Path
) -> tuple[pd.DataFrame, list[str], set[tuple[int, str]]]:
    """Turn text cells into numbers, dates and flags; list every unreadable cell.

    The frame's index is the row numbers a spreadsheet shows. Returns the parsed frame, the
    problem lines and the unreadable (row, column) cells, so that the schema check does not
    report them a second time as empty.
    """
    problems: list[str] = []
    cells: set[tuple[int, str]] = set()
    parsed = frame.copy()
    scans = {
        name: scan_numbers(frame[name], whole=spec.kind == "int")
        for name, spec in columns.items()
        if name in frame and spec.kind in NUMBER_KINDS
    }
    in_file = frozenset().union(*(scan.decimal_marks for scan in scans.values()))
    for name, spec in columns.items():
        if name not in frame:
            continue
        if name in scans:
            marks = scans[name].decimal_marks or in_file
            decimal = next(iter(marks)) if len(marks) == 1 else None
            values = scans[name].settled(decimal)
            parsed[name] = values
            found = _unusable(values, frame[name], spec.kind, scans[name].ambiguous.index)
            if decimal is None and not scans[name].ambiguous.empty:
                unsure = scans[name].ambiguous
                whats = [_ambiguity(text, len(marks) > 1) for text in unsure]
                found.append((frame.index.isin(unsure.index), whats, True))
            if spec.limit is not None:
                found += _over_limit(values, spec.limit)
        elif spec.kind in PARSERS:
            values = PARSERS[spec.kind](frame[name])
            parsed[name] = values
            found = _unusable(values, frame[name], spec.kind)
        else:  # text: a formula here would run when someone opens our exports
            formula = frame[name].astype("string").str.match(FORMULA).fillna(False).astype(bool)
            found = [
                (formula, "looks like a spreadsheet formula (export values, not formulas)", True)
            ]
        for bad, what, quoted in found:
            bad = pd.Series(bad, index=frame.index)
            shown = frame[name][bad] if quoted else None
            problems += _row_lines(path, name, frame.index[bad], shown, what)
            cells |= {(int(row), name) for row in frame.index[bad]}
            parsed.loc[bad, name] = np.nan
        if spec.kind not in PARSERS:
            problems += _control_lines(path, name, frame[name], cells)
    for name in frame.columns.difference(list(columns), sort=False):  # passed on as they are
        problems += _control_lines(path, name, frame[name], cells)
    return parsed, problems, cells


Found = list[tuple[pd.Series, str | list[str], bool]]  # bad cells, what is wrong, show them


def _unusable(
    values: pd.Series, cells: pd.Series, kind: str, ambiguous: pd.Index | None = None
) -> Found:
    """Cells that did not parse, and numbers no real count or fee can be (1e400, 10^26)."""
    unread = values.isna() & cells.notna()
    if ambiguous is not None and len(ambiguous):
        unread &= ~cells.index.isin(ambiguous)
    found: Found = [(unread, UNREADABLE[kind], True)]
    if kind in NUMBER_KINDS:
        absurd = values.notna() & (~np.isfinite(values) | (values.abs() > LARGEST_NUMBER))
        found.append((absurd, f"is not a plausible number (at most {LARGEST_NUMBER:,.0f})", True))
    return found


def _over_limit(values: pd.Series, limit: Limit) -> Found:
    """Counts above a plausible bound, e.g. 300 deliverables in one pipeline row."""
    most = limit.most()
    over = values.notna() & (values > most) & (values.abs() <= LARGEST_NUMBER)
    if not over.any():
        return []
    whats = [
        f"{int(value) if value.is_integer() else value} {limit.unit} is more than the {most} "
        "a file may ask for "
        f"(check the number, or set {limit.variable} to allow more)"
        for value in values[over]
    ]
    return [(over, whats, False)]


def _control_lines(
    path: Path, column: str, cells: pd.Series, reported: set[tuple[int, str]]
) -> list[str]:
    """Text cells holding a NUL or another control character (tab, LF and CR are text)."""
    text = cells.dropna()
    if text.empty or not CONTROL_CHARACTERS.search("\n".join(map(str, text.tolist()))):
        return []
    rows, whats = [], []
    for row, value in text.astype(str).items():
        found = CONTROL_CHARACTERS.search(value)
        if found:
            rows.append(row)
            character = found.group()
            if "\x00" in value:
                whats.append("contains a NUL character")
            else:
                whats.append(f"contains a control character (U+{ord(character):04X})")
    reported |= {(int(row), column) for row in rows}
    return _row_lines(path, column, pd.Index(rows), None, whats)


def _row_lines(
    path: Path,
    column: str,
    index: pd.Index,
    values: pd.Series | None,
    what: str | Sequence[str],
) -> list[str]:
    """One line per bad cell (``index`` holds spreadsheet row numbers), at most a few per
    column, then how many more; ``what`` is one text for all or one per cell."""
    lines = []
    for position, row in enumerate(index[:MAX_LINES_PER_COLUMN]):
        shown = f"{_show(values.iloc[position])} " if values is not None else ""
        text = what if isinstance(what, str) else what[position]
        lines.append(problem(path, f"row {int(row)}, column {column}", f"{shown}{text}"))
    if len(index) > MAX_LINES_PER_COLUMN:
        more = len(index) - MAX_LINES_PER_COLUMN
        lines.append(problem(path, f"column {column}", f"... and {more} more rows like these"))
    return lines


def _show(value: object) -> str:
    """A cell value as the user typed it, quoted."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        value = int(value)
    return repr(value if isinstance(value, str) else str(value))


def _pandera_column(name: str, spec: Column) -> pa.Column:
    checks = []
    if spec.kind in ("int", "number"):
        checks.append(pa.Check.ge(0, error="must be 0 or more"))
    if spec.kind == "int":
        checks.append(
            pa.Check(lambda s: s % 1 == 0, element_wise=False, error="must be a whole number")
        )
    if spec.kind == "share":
        checks.append(pa.Check.in_range(0, 1, error="must be a share between 0 and 1"))
    if spec.kind == "country":
        checks.append(
            pa.Check.str_matches(r"^[A-Z]{2}$", error="must be an ISO country code like LV")
        )
    if spec.kind == "currency":
        checks.append(
            pa.Check.str_matches(r"^[A-Z]{3}$", error="must be an ISO currency code like EUR")
        )
    if spec.allowed:
        checks.append(
            pa.Check.isin(spec.allowed, error=f"must be one of: {', '.join(spec.allowed)}")
        )
    return pa.Column(
        name=name,
        checks=checks,
        nullable=spec.nullable or not spec.required,
        unique=spec.unique,
        required=spec.required,
    )


def table_schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of an input table (after cells are parsed)."""
    columns = TABLES[table]
    return pa.DataFrameSchema(
        {name: _pandera_column(name, spec) for name, spec in columns.items()},
        unique=UNIQUE_TOGETHER.get(table),
        report_duplicates="all",
    )


def _schema_problems(
    path: Path, error: SchemaErrors, table: str, reported: set[tuple[int, str]]
) -> list[str]:
    """Translate pandera's failure cases into one line per bad cell not reported already."""
    cases = error.failure_cases
    keys = zip(cases["index"], cases["column"], strict=True)
    cases = cases[[key not in reported for key in keys]]
    together = cases["check"] == "multiple_fields_uniqueness"
    lines = _duplicate_lines(path, table, cases[together])
    for (column, check), group in cases[~together].groupby(
        ["column", "check"], dropna=False, sort=False
    ):
        lines += _describe_failure(path, table, column, str(check), group)
    return lines


def _duplicate_lines(path: Path, table: str, cases: pd.DataFrame) -> list[str]:
    """Rows whose key columns together repeat another row's, one line per row."""
    if cases.empty:
        return []
    fields = UNIQUE_TOGETHER[table]
    keys = cases.pivot_table(
        index="index", columns="column", values="failure_case", aggfunc="first"
    )
    values = keys[fields].astype(str).agg(" ".join, axis=1)
    return _row_lines(
        path, " + ".join(fields), keys.index, values, "is a duplicate (must be unique)"
    )


def _describe_failure(
    path: Path, table: str, column: object, check: str, group: pd.DataFrame
) -> list[str]:
    if check == "column_in_dataframe":
        needed = [n for n, spec in TABLES[table].items() if spec.required]
        return [
            problem(path, f"column {case}", f"missing (required columns: {', '.join(needed)})")
            for case in group["failure_case"]
        ]
    rows = pd.Index(group["index"].dropna().astype(int))
    values = group["failure_case"].reset_index(drop=True)
    if check == "not_nullable":
        return _row_lines(path, str(column), rows, None, "is empty (a value is required)")
    if check == "field_uniqueness":
        return _row_lines(path, str(column), rows, values, "is a duplicate (must be unique)")
    return _row_lines(path, str(column), rows, values, f"is not allowed ({check})")


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
