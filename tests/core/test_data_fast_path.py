"""The fast paths of parsing give exactly what the cell-by-cell rules give: on plain columns, on
European cells mixed with plain ones, on dates, yes/no flags, formulas and control characters.

The rules as they were before the fast paths are written out here (``slow_*``) and compared
with the code on many columns, value by value and dtype by dtype.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.core.data import (
    CONTROL_CHARACTERS,
    FALSE_WORDS,
    FORMULA,
    TRUE_WORDS,
    clear_memory,
    load_table,
    numbers,
    parse_dates,
    parse_flags,
    parse_numbers,
    scan_numbers,
)
from helpers.core.data import cells as cells_module

PLAIN = ["12", "0", "-3", "007", "1234.5", "0.1", "-0.25", "99999999999999", "3.14159265358979"]
EUROPEAN = ["1 234,5", "1.234,5", "1,234.5", "12,5", "1.234.567", "1,234,567", "12.3K", "1,2M"]
AMBIGUOUS = ["50.000", "12,500", "1.234"]
ODD = ["1e5", " 7 ", "+3", "nan", "inf", "abc", "9007199254740993", "1.00000000000000011", "5."]


def slow_scan(cells: pd.Series, whole: bool = False, percent: bool = False):
    """:func:`scan_numbers` with every cell read by pandas.to_numeric, as before."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(numbers, "_plain_numbers", lambda present: None)
        return scan_numbers(cells, whole=whole, percent=percent)


def slow_parse_dates(cells: pd.Series) -> pd.Series:
    text = cells.astype("string").str.strip().str.rstrip(".")
    iso = pd.to_datetime(text, format="ISO8601", errors="coerce")
    european = pd.to_datetime(text, format="%d.%m.%Y", errors="coerce")
    return iso.fillna(european).dt.normalize()


def slow_parse_flags(cells: pd.Series) -> pd.Series:
    words = cells.astype("string").str.strip().str.lower().fillna("")
    return pd.Series(
        np.select([words.isin(TRUE_WORDS), words.isin(FALSE_WORDS)], [1.0, 0.0], np.nan),
        index=cells.index,
    )


def slow_formulas(cells: pd.Series) -> pd.Series:
    return cells.astype("string").str.match(FORMULA).fillna(False).astype(bool)


def slow_control(cells: pd.Series) -> bool:
    text = cells.dropna()
    return bool(CONTROL_CHARACTERS.search("\n".join(map(str, text.tolist()))))


def column(rng, pool: list[str], size: int, empty: float = 0.1) -> pd.Series:
    values = [pool[i] for i in rng.integers(0, len(pool), size)]
    series = pd.Series(values, dtype="str", index=pd.RangeIndex(2, size + 2))
    return series.mask(pd.Series(rng.random(size) < empty, index=series.index))


def same_series(a: pd.Series, b: pd.Series) -> None:
    pd.testing.assert_series_equal(a, b, check_exact=True)
    assert a.dtype == b.dtype


def same_scan(a, b) -> None:
    same_series(a.values, b.values)
    pd.testing.assert_series_equal(a.ambiguous, b.ambiguous, check_dtype=False)
    assert a.decimal_marks == b.decimal_marks


POOLS = {
    "plain": PLAIN,
    "plain-integers": ["12", "0", "-3", "007", "123456789012345678"],
    "european-and-plain": PLAIN + EUROPEAN,
    "ambiguous-and-plain": PLAIN + AMBIGUOUS,
    "everything": PLAIN + EUROPEAN + AMBIGUOUS + ODD,
    "odd-and-plain": PLAIN + ODD,
    "percent-shares": ["0.5", "4,5 %", "12 %", "0.25", "1"],
}


@pytest.mark.parametrize("pool", POOLS, ids=str)
@pytest.mark.parametrize("seed", range(8))
def test_numbers_read_as_the_cell_by_cell_rules_read_them(pool, seed):
    rng = np.random.default_rng(seed)
    cells = column(rng, POOLS[pool], int(rng.integers(1, 400)), empty=0.1 * (seed % 3))
    for whole, percent in ((False, False), (True, False), (False, True)):
        same_scan(scan_numbers(cells, whole, percent), slow_scan(cells, whole, percent))


def test_plain_columns_take_the_fast_path_and_others_do_not():
    assert numbers._plain_numbers(pd.Series(["12", "-3", "007"])).dtype == "int64"
    assert numbers._plain_numbers(pd.Series(["12", "0.5"])).dtype == "float64"
    assert numbers._plain_numbers(pd.Series(["12", "1 234,5"])) is None
    assert numbers._plain_numbers(pd.Series(["1234567890.1234567"])) is None  # 17 digits
    assert numbers._plain_numbers(pd.Series(["12"], dtype="string")) is None  # pd.NA text


@pytest.mark.parametrize(
    ("cells", "values"),
    [
        (["1234.5", "1 234,5", "12"], [1234.5, 1234.5, 12.0]),
        (["1.234,5", "0.5"], [1234.5, 0.5]),  # both ways: fine while nothing is ambiguous
        (["12.3K", "2", "1,2M"], [12300.0, 2.0, 1_200_000.0]),
        (["50.000", "0.5"], [50.0, 0.5]),  # settled by the column's decimal point
        (["50.000", "12,5"], [50000.0, 12.5]),  # settled by its decimal comma
    ],
)
def test_mixed_columns_are_read_exactly(cells, values):
    parsed = parse_numbers(pd.Series(cells))
    np.testing.assert_array_equal(parsed.to_numpy(), np.array(values))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(numbers, "_plain_numbers", lambda present: None)
        same_series(parsed, parse_numbers(pd.Series(cells)))


def test_plain_decimals_are_the_numbers_python_reads():
    rng = np.random.default_rng(11)
    texts = [f"{rng.integers(0, 10**6)}.{rng.integers(0, 10**8):08d}" for _ in range(5000)]
    parsed = parse_numbers(pd.Series(texts))
    assert parsed.tolist() == [float(text) for text in texts]


DATES = ["2027-02-01", "01.02.2027", "01.02.2027.", "2027-02-01T10:30:00", " 2027-03-01 "]
BAD_DATES = ["31.02.2027", "soon", "2027/03/01", "2027-13-01"]


@pytest.mark.parametrize("pool", [DATES[:1] + DATES[3:], DATES, DATES + BAD_DATES], ids=str)
@pytest.mark.parametrize("seed", range(4))
def test_dates_read_as_before(pool, seed):
    rng = np.random.default_rng(seed)
    cells = column(rng, pool, int(rng.integers(1, 200)), empty=0.2 * (seed % 2))
    same_series(parse_dates(cells), slow_parse_dates(cells))


@pytest.mark.parametrize("seed", range(6))
def test_flags_read_as_before(seed):
    rng = np.random.default_rng(seed)
    pool = ["1", "0", "yes", "Nē", "TRUE", " y ", "x", "maybe", "JĀ", "0.0"]
    cells = column(rng, pool, int(rng.integers(1, 200)), empty=0.2)
    same_series(parse_flags(cells), slow_parse_flags(cells))


@pytest.mark.parametrize("seed", range(6))
def test_formulas_and_control_characters_are_found_as_before(seed):
    rng = np.random.default_rng(seed)
    pool = ["=SUM(A1)", " +cmd(", "@handle", "-5", "- x(", "\u00a0=HYPERLINK(1)", "ok", "a\x01b"]
    pool += ["\x1c@x(", "plain text", "+ 3", "@ f(", "e-mail@example.com", "tab\there"]
    cells = column(rng, pool, int(rng.integers(1, 300)), empty=0.2)
    same_series(cells_module._formulas(cells), slow_formulas(cells))
    assert cells_module._any_control_character(cells.dropna()) == slow_control(cells)


def test_a_file_of_mixed_cells_loads_as_the_cell_by_cell_rules_load_it(write_csv, monkeypatch):
    rng = np.random.default_rng(5)
    size = 300
    frame = pd.DataFrame(
        {
            "influencer_id": [f"i{i}" for i in range(size)],
            "handle": [f"@h{i}" for i in range(size)],
            "platform": ["instagram", "IG", "TikTok"] * 100,
            "market": ["LV", "Latvija", "EE"] * 100,
            "followers": column(rng, ["1 234", "12.3K", "1,2M", "007", "99"], size, 0).tolist(),
            "avg_likes": column(rng, ["12", "1234.5", "1 234,5", "0.5"], size, 0).tolist(),
            "avg_comments": column(rng, ["3", "4.25"], size, 0).tolist(),
            "quoted_fee": column(rng, ["", "1.234,50", "99"], size, 0).tolist(),
        }
    )
    path = write_csv(frame.to_csv(sep=";", index=False))
    fast = load_table(path, "roster")
    clear_memory()
    monkeypatch.setattr(numbers, "_plain_numbers", lambda present: None)
    monkeypatch.setattr(cells_module, "parse_dates", slow_parse_dates)
    monkeypatch.setattr(cells_module, "_formulas", slow_formulas)
    monkeypatch.setattr(cells_module, "_any_control_character", slow_control)
    monkeypatch.setitem(cells_module.PARSERS, "flag", slow_parse_flags)
    slow = load_table(path, "roster")
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.loc[0, "followers"] in (1234, 12300, 1_200_000, 7, 99)
