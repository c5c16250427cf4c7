"""Loading and validating the CSV inputs: roster, posts, growth, audience, samples, results.

Files come from spreadsheets all over Europe, so the loader accepts ``;`` or ``,`` or tab as the
separator, decimal commas (``1234,5``), thousands spaces, a UTF-8 byte-order mark, ISO dates or
``27.11.2026``, and any diacritics. Every problem in a file is reported at once, one line each:
``FILE: row N, column C: what is wrong (what is allowed)``; row numbers count the header as
row 1, as a spreadsheet shows them. Inputs are never modified.
"""

from __future__ import annotations

import io
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
FORMULA = r"^\s*(=|[+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*\()"
FORMATS = ("feed_post", "reel", "story", "short", "long_video", "live", "link_in_bio")
TRUE_WORDS = {"1", "true", "yes", "y", "jā", "ja", "oui", "si", "sí", "x"}
FALSE_WORDS = {"0", "false", "no", "n", "nē", "nein", "non", ""}


@dataclass(frozen=True)
class Column:
    """What one column of an input table must hold."""

    kind: Kind
    required: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    unique: bool = False
    default: object = None


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
    "quantity": Column("int", nullable=True),
    "agreed_fee": Column("number", nullable=True),
    "currency": Column("currency", nullable=True),
    "updated": Column("date", nullable=True),
    "notes": Column("text", required=False, nullable=True),
}
UNIQUE_TOGETHER = {"roster": ["platform", "handle"]}


def read_csv_text(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """Read a CSV file as text cells, sniffing the separator; return the frame and problems."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return pd.DataFrame(), [problem(path, "", "file not found")]
    if not raw.strip():
        return pd.DataFrame(), [problem(path, "", "file is empty (expected a header row)")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        where = f"byte {error.start}"
        return pd.DataFrame(), [
            problem(path, where, "not UTF-8 text (in the spreadsheet, save as 'CSV UTF-8')")
        ]
    header = text.splitlines()[0]
    separator = max((";", ",", "\t"), key=header.count)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=separator, dtype=str, keep_default_na=False, na_values=[""]
        )
    except pd.errors.ParserError as error:
        return pd.DataFrame(), [problem(path, "", f"not a readable CSV table: {error}")]
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, []


def parse_numbers(cells: pd.Series) -> pd.Series:
    """Parse numbers written either way: ``1234.5``, ``1234,5``, ``1 234,5`` or ``1.234,5``."""
    text = cells.astype("string").str.strip().str.replace(r"[\s\u00a0\u202f']", "", regex=True)
    both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
    comma_decimal = both & (text.str.rfind(",") > text.str.rfind("."))
    text = text.mask(comma_decimal, text.str.replace(".", "", regex=False))
    text = text.mask(both & ~comma_decimal, text.str.replace(",", "", regex=False))
    text = text.str.replace(",", ".", regex=False)
    return pd.to_numeric(text, errors="coerce").astype("float64")


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

    Returns the parsed frame, the problem lines and the unreadable (row, column) cells, so that
    the schema check does not report them a second time as empty.
    """
    problems: list[str] = []
    cells: set[tuple[int, str]] = set()
    parsed = frame.copy()
    for name, spec in columns.items():
        if name not in frame:
            continue
        if spec.kind in PARSERS:
            values = PARSERS[spec.kind](frame[name])
            parsed[name] = values
            found = _unusable(values, frame[name], spec.kind)
        else:  # text: a formula here would run when someone opens our exports
            formula = frame[name].astype("string").str.match(FORMULA).fillna(False).astype(bool)
            found = [(formula, "looks like a spreadsheet formula (export values, not formulas)")]
        for bad, what in found:
            problems += _row_lines(path, name, frame.index[bad], frame[name][bad], what)
            cells |= {(int(row), name) for row in frame.index[bad]}
            parsed.loc[bad, name] = np.nan
    return parsed, problems, cells


def _unusable(values: pd.Series, cells: pd.Series, kind: str) -> list[tuple[pd.Series, str]]:
    """Cells that did not parse, and numbers no real count or fee can be (1e400, 10^26)."""
    found = [(values.isna() & cells.notna(), UNREADABLE[kind])]
    if kind in ("int", "number", "share"):
        absurd = values.notna() & (~np.isfinite(values) | (values.abs() > LARGEST_NUMBER))
        found.append((absurd, f"is not a plausible number (at most {LARGEST_NUMBER:,.0f})"))
    return found


def _row_lines(
    path: Path, column: str, index: pd.Index, values: pd.Series | None, what: str
) -> list[str]:
    """One line per bad cell, at most a few per column, then how many more."""
    lines = []
    for position, row in enumerate(index[:MAX_LINES_PER_COLUMN]):
        shown = f"{_show(values.iloc[position])} " if values is not None else ""
        lines.append(problem(path, f"row {int(row) + 2}, column {column}", f"{shown}{what}"))
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
        Listing every problem, ``FILE: row N, column C: what is wrong``.
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
    """Add absent optional columns and give counts their integer type."""
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
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return loaded
