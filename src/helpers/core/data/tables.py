"""The input tables: their columns, their pandera schemas, and one line per bad cell.

Each table (roster, posts, follower_growth, audience, follower_samples, results,
results_to_date, pipeline) is a dict of :class:`Column` in :data:`TABLES`; the schema check
reports every failing cell as ``FILE: row N, column C: what is wrong``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from helpers.core.campaign import PLATFORMS
from helpers.core.data.files import QUANTITY_LIMIT, Limit
from helpers.core.errors import problem

Kind = Literal["id", "text", "int", "number", "share", "date", "flag", "country", "currency"]
MAX_LINES_PER_COLUMN = 5
FORMATS = ("feed_post", "reel", "story", "short", "long_video", "live", "link_in_bio")


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
        # a vendor's (or the creator's own) authenticity figures, with where they come from
        "audience_credibility": Column("share", required=False, nullable=True),
        "fake_follower_share": Column("share", required=False, nullable=True),
        "authenticity_source": Column("text", required=False, nullable=True),
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
#: conversions and revenue attributed to creators by a shop or analytics export (a discount code,
#: a UTM link) within the campaign's window: ``playbook import shopify-orders | ga4-campaigns``
TABLES["conversions"] = {
    "influencer_id": Column("id"),
    "source": Column("text"),
    "conversions": Column("int"),
    "code_redemptions": Column("int", required=False, default=0),
    "revenue": Column("number"),
    "currency": Column("currency"),
    "window_start": Column("date", required=False, nullable=True),
    "window_end": Column("date", required=False, nullable=True),
}
UNIQUE_TOGETHER = {
    "roster": ["platform", "handle"],
    "conversions": ["influencer_id", "source", "currency"],
}


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
            pa.Check.str_matches(
                r"^[A-Z]{2}$",
                error="is not a country (write an ISO code like PL or a name like Poland)",
            )
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


def passes_plainly(frame: pd.DataFrame, table: str) -> bool:
    """Whether a parsed table passes every rule of :func:`table_schema`, checked in a few
    vectorised passes; False means "not sure", and pandera then checks it and words the
    problems.

    Every test here is at least as strict as pandera's (an empty cell counts as a duplicate of
    another, a country must be exactly two capitals), so True is only said of a table pandera
    would pass.
    """
    columns = TABLES[table]
    for name, spec in columns.items():
        if name not in frame:
            if spec.required:
                return False
            continue
        cells = frame[name]
        missing = cells.isna()
        if missing.any() and not (spec.nullable or not spec.required):
            return False
        if spec.unique and cells.duplicated().any():
            return False
        if not _plain_cells_pass(cells[~missing] if missing.any() else cells, spec):
            return False
    together = UNIQUE_TOGETHER.get(table)
    if together and all(name in frame for name in together):
        return not frame.duplicated(subset=together).any()
    return not together


def _plain_cells_pass(cells: pd.Series, spec: Column) -> bool:
    """The checks of one column's filled cells (see :func:`passes_plainly`)."""
    if cells.empty:
        return True
    if spec.kind in ("int", "number", "share"):
        if not pd.api.types.is_numeric_dtype(cells.dtype) or pd.api.types.is_bool_dtype(cells):
            return False
        low, high = (0, 1) if spec.kind == "share" else (0, np.inf)
        if not (cells.ge(low) & cells.le(high)).all():
            return False
        if spec.kind == "int" and not (cells % 1 == 0).all():
            return False
    words = spec.kind in ("country", "currency") or spec.allowed
    if words and not (pd.api.types.is_string_dtype(cells.dtype) and cells.dtype != object):
        return False  # object cells may hold other things than text: pandera looks at them
    if spec.kind in ("country", "currency"):
        size = 2 if spec.kind == "country" else 3
        if not cells.str.fullmatch(f"[A-Z]{{{size}}}").all():
            return False
    return not spec.allowed or bool(cells.isin(spec.allowed).all())


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
    if not all(field in keys for field in fields):  # one is missing: that is the problem said
        return []
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
