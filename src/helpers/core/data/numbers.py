"""Reading numbers written the European way or the English way.

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

Counts as exports write them
    ``12.3K``, ``1,2M`` and ``2B`` (thousands, millions, billions), and in a column of shares
    ``4,5 %`` (0.045). A suffixed cell is never ambiguous: ``12.500K`` is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

_SPACES = r"[\s\u00a0\u202f']"
_AMBIGUOUS = r"[+-]?[1-9]\d{0,2}[.,]\d{3}"  # one separator, then exactly three digits
_GROUPED_POINTS = r"[+-]?[1-9]\d{0,2}(?:\.\d{3}){2,}"  # 1.234.567
_GROUPED_COMMAS = r"[+-]?[1-9]\d{0,2}(?:,\d{3}){2,}"  # 1,234,567
_SUFFIXED = r"^\s*(?P<number>.*?\d)\s*(?P<suffix>[kKmMbB%])\s*$"
SCALES = {"k": 1e3, "m": 1e6, "b": 1e9}


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


def scan_numbers(cells: pd.Series, whole: bool = False, percent: bool = False) -> NumberScan:
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
    percent : bool
        The column holds shares: ``4,5 %`` reads as 0.045 (elsewhere a percent is refused).

    Returns
    -------
    NumberScan
        The values, the ambiguous cells and the decimal marks the column shows.
    """
    if _typed(cells):  # numbers already (a Parquet column): nothing to settle
        return NumberScan(_typed_values(cells), pd.Series(dtype=object), frozenset())
    present = cells.dropna()
    values, pointed = _read_as_is(present)
    failed = values.isna()
    clean = present[~failed] if failed.any() else present
    marks: set[str] = set()
    ambiguous = []
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
        text, scale = _suffixes(present[failed], percent)
        european, unsure, european_marks = _european_numbers(text)
        values[european.index] = (european * scale).round(10)
        ambiguous.append(unsure[scale[unsure.index] == 1])
        marks |= european_marks
    ambiguous = [part for part in ambiguous if len(part)]
    unsure = pd.concat(ambiguous).sort_index() if ambiguous else pd.Series(dtype=object)
    values[unsure.index] = np.nan
    if whole and not unsure.empty:  # 1.234 followers cannot be: thousands, so "," is decimal
        fraction = unsure[unsure.str[-3:] != "000"].str[-4]
        marks |= {"," if separator == "." else "." for separator in set(fraction)}
    return NumberScan(values.reindex(cells.index), unsure, frozenset(marks))


def _typed(cells: pd.Series) -> bool:
    """Whether a column holds numbers (or yes/no) rather than text."""
    return pd.api.types.is_numeric_dtype(cells.dtype)


def _typed_values(cells: pd.Series) -> pd.Series:
    return cells.astype("float64")


# Cells both pyarrow's cast and pandas.to_numeric read to the same number: at most 18 digits and
# no point (integers), or at most 15 significant characters with a point (the value is then
# the digits, exact in a double, divided by an exact power of ten: one correctly rounded
# division in both parsers).
_PLAIN_INTEGER = r"^-?[0-9]{1,18}$"
_PLAIN_DECIMAL = r"^-?[0-9]+(\.[0-9]+)?$"
_PLAIN_DECIMAL_BYTES = 16  # sign or no sign, 15 digits and the point


def _read_as_is(present: pd.Series) -> tuple[pd.Series, bool]:
    """The cells :func:`pandas.to_numeric` reads as they are (NaN where it cannot), and whether
    those it reads hold a decimal point or an exponent (``pointed``).

    The fast path: a column whose every cell is plain digits (``1234``, ``-12.5``) is cast by
    pyarrow in one pass instead of cell by cell; the same numbers, the same dtype.
    """
    plain = _plain_numbers(present)
    if plain is not None:
        return plain, plain.dtype.kind == "f"
    values = pd.to_numeric(present, errors="coerce")
    failed = values.isna()
    pointed = values.dtype.kind == "f" and (  # a point, an exponent ... in a cell read as is
        not failed.any() or pd.to_numeric(present[~failed]).dtype.kind == "f"
    )
    return values, pointed


def _plain_numbers(present: pd.Series) -> pd.Series | None:
    """Every cell cast at once when all are plain digits, else None (read cell by cell)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not len(present):
        return None
    if _arrow_text(present):
        text = present.array._pa_array
    elif present.dtype == object or (
        isinstance(present.dtype, pd.StringDtype) and present.dtype.na_value is not pd.NA
    ):
        try:  # Python-backed text: one copy into Arrow
            text = pa.array(present.to_numpy(dtype=object), type=pa.string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text
            return None
    else:
        return None
    if pc.all(pc.match_substring_regex(text, _PLAIN_INTEGER)).as_py():
        kind = pa.int64()
    elif (
        pc.all(pc.match_substring_regex(text, _PLAIN_DECIMAL)).as_py()
        and pc.max(pc.binary_length(text)).as_py() <= _PLAIN_DECIMAL_BYTES
    ):
        kind = pa.float64()
    else:
        return None
    values = pc.cast(text, kind).to_numpy(zero_copy_only=False)
    return pd.Series(values, index=present.index, name=present.name)


def _arrow_text(cells: pd.Series) -> bool:
    """Whether a column is pandas' default text (``str``: pyarrow strings, NaN for empty), the
    kind a CSV file is read into; other text columns are read cell by cell as before."""
    dtype = cells.dtype
    return (
        isinstance(dtype, pd.StringDtype)
        and dtype.storage == "pyarrow"
        and dtype.na_value is not pd.NA
        and isinstance(cells.array, pd.arrays.ArrowStringArray)
    )


def _suffixes(cells: pd.Series, percent: bool) -> tuple[pd.Series, pd.Series]:
    """Cells without their ``K``/``M``/``B``/``%`` suffix, and the factor each suffix means
    (1 without one; NaN for a percent where shares are not expected)."""
    found = cells.str.extract(_SUFFIXED)
    suffixed = found["number"].notna()
    scale = pd.Series(1.0, index=cells.index)
    if not suffixed.any():
        return cells, scale
    suffix = found.loc[suffixed, "suffix"].str.lower()
    scale[suffixed] = suffix.map({**SCALES, "%": 0.01 if percent else float("nan")})
    return cells.where(~suffixed, found["number"]), scale


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
