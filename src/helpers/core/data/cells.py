"""Turning a table's text cells into numbers, dates and yes/no flags, and refusing the
cells no real value can be.

Plausible sizes
    No number above :data:`LARGEST_NUMBER`. A pipeline row asks for at most
    :data:`~helpers.core.data.files.MAX_QUANTITY` deliverables (``quantity``); the environment
    variable ``PLAYBOOK_MAX_QUANTITY`` sets another bound
    (:func:`~helpers.core.data.files.max_quantity`). Every post is scheduled, so a mistyped 300
    or 1200 would make the calendar stage run for minutes.

Text cells
    A cell with a NUL or another control character (other than tab, line feed and carriage
    return, which a quoted spreadsheet cell may hold) is refused, and so is a cell that looks
    like a spreadsheet formula.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.data.files import Limit
from helpers.core.data.numbers import _ambiguity, parse_numbers, scan_numbers
from helpers.core.data.tables import Column, _row_lines

LARGEST_NUMBER = 1e15  # far above any follower count or fee; above this, int64 overflows soon
FORMULA = r"^\s*(=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\()"
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # C0 but tab, LF, CR
TRUE_WORDS = {"1", "true", "yes", "y", "jā", "ja", "oui", "si", "sí", "x"}
FALSE_WORDS = {"0", "false", "no", "n", "nē", "nein", "non", ""}
NUMBER_KINDS = ("int", "number", "share")


def parse_dates(cells: pd.Series) -> pd.Series:
    """Parse ISO dates (``2027-02-01``) or European ones (``01.02.2027`` or ``01.02.2027.``).

    A column of dates already (a Parquet column) keeps its days, without a time zone. When every
    cell reads as an ISO date, the European reading is not tried.
    """
    if pd.api.types.is_datetime64_any_dtype(cells.dtype):
        days = cells.dt.tz_localize(None) if getattr(cells.dt, "tz", None) else cells
        return days.dt.normalize().astype(_date_dtype())
    text = cells.astype("string").str.strip().str.rstrip(".")
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    if iso.notna().all():
        return iso.dt.normalize()
    european = pd.to_datetime(text, format="%d.%m.%Y", errors="coerce")
    return iso.fillna(european).dt.normalize()


@functools.cache
def _date_dtype() -> np.dtype:
    """The dtype dates read from text get (pandas' default unit for parsed dates)."""
    return parse_dates(pd.Series(["2027-02-01"], dtype="str")).dtype


def parse_flags(cells: pd.Series) -> pd.Series:
    """Parse yes/no cells (1/0, true/false, yes/no, jā/nē) into 1.0/0.0; NaN if unreadable.

    Each distinct word is read once (a column of flags holds a handful), then spread to its
    cells; an empty cell is no (0). A column of numbers or booleans (Parquet) reads 1 as yes and
    0 as no.
    """
    if pd.api.types.is_bool_dtype(cells.dtype) or pd.api.types.is_numeric_dtype(cells.dtype):
        numbers = cells.astype("float64")
        values = np.select([numbers == 1, numbers == 0, numbers.isna()], [1.0, 0.0, 0.0], np.nan)
        return pd.Series(values, index=cells.index)
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    words = pd.Series(distinct).astype("string").str.strip().str.lower().fillna("")
    read = np.select([words.isin(TRUE_WORDS), words.isin(FALSE_WORDS)], [1.0, 0.0], np.nan)
    empty = 1.0 if "" in TRUE_WORDS else 0.0 if "" in FALSE_WORDS else np.nan
    values = np.append(read, empty)[codes]  # code -1 (empty) takes the last
    return pd.Series(values.astype("float64"), index=cells.index)


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
        name: scan_numbers(frame[name], whole=spec.kind == "int", percent=spec.kind == "share")
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
            formula = _formulas(frame[name])
            found = [
                (formula, "looks like a spreadsheet formula (export values, not formulas)", True)
            ]
        for bad, what, quoted in found:
            bad = pd.Series(bad, index=frame.index)
            if not bad.any():
                continue
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
    if text.empty or not _any_control_character(text):
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


def _arrow_strings(cells: pd.Series):
    """The pyarrow array behind a column of pyarrow text, else None."""
    if isinstance(cells.dtype, pd.StringDtype) and isinstance(
        cells.array, pd.arrays.ArrowStringArray
    ):
        return cells.array._pa_array
    return None


def _any_control_character(text: pd.Series) -> bool:
    """Whether any cell holds a control character (:data:`CONTROL_CHARACTERS`); pyarrow text is
    searched in one pass."""
    import pyarrow.compute as pc

    strings = _arrow_strings(text)
    if strings is None:
        return bool(CONTROL_CHARACTERS.search("\n".join(map(str, text.tolist()))))
    return bool(pc.any(pc.match_substring_regex(strings, _CONTROL_RE2)).as_py())


_CONTROL_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"  # CONTROL_CHARACTERS, written for pyarrow


def _formulas(cells: pd.Series) -> pd.Series:
    """Cells that look like a spreadsheet formula (:data:`FORMULA`).

    Only cells starting with ``=``, ``+``, ``-``, ``@`` or a space (a formula's first character
    after spaces) are matched against the pattern; the rest cannot match.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = cells.astype("string")
    strings = _arrow_strings(text)
    if strings is None:
        return text.str.match(FORMULA).fillna(False).astype(bool)
    first = pc.utf8_slice_codeunits(strings, 0, 1)
    starts = [c for c in pc.unique(first).to_pylist() if c and (c in "=+-@" or c.isspace())]
    found = pd.Series(False, index=cells.index)
    if starts:
        maybe = pc.is_in(first, value_set=pa.array(starts)).fill_null(False)
        maybe = maybe.to_numpy(zero_copy_only=False)
        found[maybe] = text[maybe].str.match(FORMULA).fillna(False).astype(bool).to_numpy()
    return found
