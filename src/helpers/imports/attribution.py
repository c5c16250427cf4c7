"""Crediting orders (by discount code) and analytics rows (by UTM source) to creators, within
the campaign's window.

Which code or link is whose comes from a small codes file, ``--codes CODES.csv``, with the
columns ``influencer_id`` and ``code`` and/or ``utm_source`` (and optionally
``utm_campaign``): one row per code or link. The window is the campaign's ``start`` to its
``end`` plus ``measurement.attribution_window_days`` (the days after a post in which a code
use still counts). The result is the ``conversions`` table: one row per creator and currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from helpers.core.data import TABLES, Column, header_key, parse_numbers, read_table_text
from helpers.core.errors import problem
from helpers.imports.apply import _day
from helpers.imports.profiles import Profile

#: the conversions table an attribution writes (its columns as the table loader reads them)
CONVERSIONS: dict[str, Column] = TABLES["conversions"]
CODE_COLUMNS = ("influencer_id", "code", "utm_source", "utm_campaign")


@dataclass(frozen=True)
class Window:
    """The days whose orders count, both ends included."""

    start: date
    end: date

    def __str__(self) -> str:
        return f"{self.start}..{self.end}"


def campaign_window(campaign) -> Window:
    """The campaign's start to its end plus its attribution window."""
    extra = timedelta(days=campaign.measurement.attribution_window_days)
    return Window(campaign.start, campaign.end + extra)


def read_codes(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """The codes file: ``influencer_id`` with ``code`` and/or ``utm_source``, ``utm_campaign``
    (headers matched but for case and punctuation); values compared without case."""
    frame, problems = read_table_text(Path(path))
    if problems:
        return pd.DataFrame(), problems
    keys = {header_key(name): name for name in CODE_COLUMNS}
    frame = frame.rename(
        columns={h: keys[header_key(h)] for h in frame.columns if header_key(h) in keys}
    )
    if "influencer_id" not in frame or not ({"code", "utm_source"} & set(frame.columns)):
        found = ", ".join(repr(str(h)) for h in frame.columns)
        what = f"needs influencer_id and code and/or utm_source columns (headers found: {found})"
        return pd.DataFrame(), [problem(path, "", what)]
    for name in CODE_COLUMNS:
        frame[name] = frame[name].astype("string").str.strip() if name in frame else pd.NA
    empty = frame.index[frame["influencer_id"].isna()]
    problems = [problem(path, f"row {r}, column influencer_id", "is empty") for r in empty[:5]]
    return frame, problems


def attribute(
    path: Path,
    frame: pd.DataFrame,
    headers: dict[str, str],
    profile: Profile,
    codes: pd.DataFrame,
    window: Window,
    currency: str,
) -> tuple[pd.DataFrame, list[str], list[str], list[str]]:
    """Credit an export's orders or rows to creators.

    Returns
    -------
    tuple
        The conversions table (text-free values), the lines for "derived", the lines for "not
        used" (rows outside the window, without a code, with a code nobody has ...), and the
        problems (unreadable dates or amounts).
    """
    spec = profile.attribution
    rows, problems = _rows(path, frame, headers, profile)
    if problems:
        return pd.DataFrame(), [], [], problems
    if spec.by == "code":
        rows, not_used = _by_code(rows, codes)
        what = "order"
        derived = [
            f"influencer_id <- {headers[spec.code]!r} matched to the codes file (case ignored)",
            "code_redemptions = conversions = the orders with the creator's code",
            f"revenue = the sum of {headers[spec.revenue]!r} of those orders",
        ]
    else:
        rows, not_used = _by_utm(rows, codes)
        what = "row"
        derived = [
            f"influencer_id <- {headers[spec.source]!r} matched to the codes file's utm_source "
            "(and utm_campaign where it gives one; case ignored)",
            f"conversions = the sum of {headers[spec.conversions]!r}; code_redemptions = 0",
            f"revenue = the sum of {headers[spec.revenue]!r}",
        ]
    outside = rows["day"].map(lambda d: d < window.start or d > window.end)
    if outside.any():
        not_used.append(
            f"{_count(int(outside.sum()), what)} dated outside the campaign's window {window} "
            "not used"
        )
    rows = rows[~outside]
    if spec.currency is None:
        rows = rows.assign(currency=currency)
        derived.append(
            f"currency = {currency} from the campaign (the export does not name its currency: "
            "check it is the one the property reports in)"
        )
    derived.append(f"window: {window} (the campaign's start to end + attribution_window_days)")
    table = _totals(rows, profile.name, window, spec.by)
    return table, derived, not_used, []


def _rows(
    path: Path, frame: pd.DataFrame, headers: dict[str, str], profile: Profile
) -> tuple[pd.DataFrame, list[str]]:
    """One row per order (by code: the order's first non-empty cells) or per analytics row:
    its day, key, revenue, conversions and currency as values."""
    spec = profile.attribution

    def cells(name: str | None) -> pd.Series:
        if name is None or name not in headers:
            return pd.Series(pd.NA, index=frame.index, dtype="object")
        return frame[headers[name]]

    rows = pd.DataFrame(
        {
            "day": cells(spec.date).map(_day),
            "key": cells(spec.code if spec.by == "code" else spec.source),
            "campaign": cells(spec.campaign),
            "revenue": cells(spec.revenue),
            "conversions": cells(spec.conversions) if spec.by == "utm" else "1",
            "currency": cells(spec.currency),
        },
        index=frame.index,
    )
    if spec.by == "code":  # an order with several items has several rows; the first holds totals
        rows["order"] = frame[headers[spec.order]]
        rows = rows.groupby("order", sort=False).first()
    days = pd.to_datetime(rows["day"], format="ISO8601", errors="coerce")
    amounts = parse_numbers(rows["revenue"].astype("string").fillna("0"))
    counts = parse_numbers(rows["conversions"].astype("string").fillna("0"))
    problems = []
    for label, bad in (
        (spec.date, days.isna()),
        (spec.revenue, amounts.isna()),
        (spec.conversions or "", counts.isna()),
    ):
        for where in list(bad[bad].index)[:5]:
            what = "is not a date" if label == spec.date else "is not a number"
            unit = "order" if spec.by == "code" else "row"
            problems.append(
                problem(path, f"{unit} {where}, column {headers.get(label, label)}", what)
            )
    rows = rows.assign(day=days.dt.date, revenue=amounts, conversions=counts)
    return rows, problems


def _by_code(rows: pd.DataFrame, codes: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Orders with exactly one creator's code; the rest counted."""
    owners = {
        str(code).casefold(): str(who)
        for code, who in zip(codes["code"], codes["influencer_id"], strict=True)
        if pd.notna(code)
    }
    not_used, unknown = [], {}

    def owner(cell: object) -> str | None:
        if not isinstance(cell, str) or not cell.strip():
            return None
        found = {owners.get(c.strip().casefold()) for c in cell.split(",") if c.strip()}
        if None in found or len(found) != 1:
            unknown[cell] = unknown.get(cell, 0) + 1
            return None
        return found.pop()

    rows = rows.assign(influencer_id=rows["key"].map(owner))
    without = rows["key"].isna().sum()
    if without:
        not_used.append(f"{_count(int(without), 'order')} without a discount code not used")
    if unknown:
        listed = ", ".join(f"{c!r} ({n})" for c, n in sorted(unknown.items()))
        not_used.append(
            f"{_count(sum(unknown.values()), 'order')} with a code that is not in the codes file "
            f"(or is two creators') not used: {listed}"
        )
    return rows[rows["influencer_id"].notna()], not_used


def _by_utm(rows: pd.DataFrame, codes: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Rows whose source (and campaign, where the codes file gives one) is one creator's."""
    links = codes[codes["utm_source"].notna()]

    def owner(source: object, campaign: object) -> str | None:
        if not isinstance(source, str):
            return None
        hits = {
            str(who)
            for who, utm, name in zip(
                links["influencer_id"], links["utm_source"], links["utm_campaign"], strict=True
            )
            if str(utm).casefold() == source.strip().casefold()
            and (pd.isna(name) or str(name).casefold() == str(campaign).strip().casefold())
        }
        return hits.pop() if len(hits) == 1 else None

    who = [owner(s, c) for s, c in zip(rows["key"], rows["campaign"], strict=True)]
    rows = rows.assign(influencer_id=who)
    left = rows["influencer_id"].isna()
    not_used = []
    if left.any():
        sources = sorted({str(s) for s in rows.loc[left, "key"].dropna()})
        not_used.append(
            f"{_count(int(left.sum()), 'row')} whose source (and campaign) matches no creator's "
            f"utm_source in the codes file not used: {', '.join(repr(s) for s in sources[:12])}"
        )
    return rows[~left], not_used


def _totals(rows: pd.DataFrame, source: str, window: Window, by: str) -> pd.DataFrame:
    """One row per creator and currency."""
    columns = list(CONVERSIONS)
    if rows.empty:
        return pd.DataFrame(columns=columns)
    totals = (
        rows.groupby(["influencer_id", "currency"], sort=True)
        .agg(conversions=("conversions", "sum"), revenue=("revenue", "sum"), orders=("day", "size"))
        .reset_index()
    )
    totals["code_redemptions"] = totals["orders"] if by == "code" else 0
    totals["source"] = source
    totals["conversions"] = totals["conversions"].round().astype("int64")
    totals["revenue"] = totals["revenue"].round(2)
    totals["window_start"] = window.start.isoformat()
    totals["window_end"] = window.end.isoformat()
    return totals[columns]


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" if number == 1 else f"{number} {thing}s"
