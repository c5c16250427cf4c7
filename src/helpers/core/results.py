"""The campaign's results file, read and checked once for every stage that measures
(monitoring while the campaign is live, ROI after it; guide chapters 6 and 7).

The results file has one row per campaign post (see ``data/sample/README.md``, "Results
input"). This module

- adds the derived columns every stage uses (:func:`prepare`);
- converts money in another currency at the dated reference rate (:func:`convert_currency`);
- gives rows with no cost their share of the contracted fees (:func:`fill_cost_from_contracts`);
- checks it row by row (:func:`check_results`): duplicates, days outside the campaign, posts by
  creators nobody contracted, impossible counts; flagged rows are listed with their spreadsheet
  row number and left out of every number, so each post is counted once.

The checks are a table (:data:`RULES`): each rule names its problem, what happens to the row,
and a small function that finds the rows and says what is wrong with each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.data import TABLES
from helpers.core.kpis import ENGAGEMENT_COLUMNS  # likes, comments, shares, saves
from helpers.text.i18n import Translator, translator

_ = translator("en")  # marks the messages below for the catalogue; translated where shown

#: the results table's counts and money columns, as its schema (:data:`helpers.core.data.TABLES`)
#: defines them
COUNT_COLUMNS = tuple(name for name, column in TABLES["results"].items() if column.kind == "int")
MONEY_COLUMNS = tuple(name for name, column in TABLES["results"].items() if column.kind == "number")
#: columns summed in every breakdown (engagements and profit are added by :func:`prepare`)
TOTALS = (
    "cost",
    "impressions",
    "reach",
    "views",
    "engagements",
    "link_clicks",
    "code_redemptions",
    "conversions",
    "revenue",
)
#: the result each objective buys, how its cost is named, and the scale of its cost per result
MAIN_RESULT = {
    "awareness": ("reach", _("cost per 1,000 reached"), 1000.0),
    "engagement": ("engagements", _("cost per engagement"), 1.0),
    "conversion": ("conversions", _("cost per conversion"), 1.0),
}
#: the results by name, for sentences and headings (translated with ``_.term``)
RESULT_NAMES = {
    "reach": _("reach"),
    "engagements": _("engagements"),
    "conversions": _("conversions"),
}
ECB_RATES = _("European Central Bank euro reference rates")
#: the columns of the data checks table
CHECK_COLUMNS = ["row", "post_id", "influencer_id", "problem", "detail", "action"]
EMPTY_RESULTS = [
    "post_id",
    "influencer_id",
    "platform",
    "market",
    "posted_at",
    "format",
    "variant",
    "currency",
]


# --- Reading -------------------------------------------------------------------------------


def prepare(results: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns every stage uses: ``engagements``, ``profit`` and ``row``.

    ``row`` is the spreadsheet row number of each result (the header is row 1), kept so that
    flags can point at the row to fix.
    """
    frame = results.copy()
    if "row" not in frame:
        frame["row"] = frame.index.to_numpy() + 2
    for column in COUNT_COLUMNS:
        if column not in frame:
            frame[column] = 0
    for column in MONEY_COLUMNS:
        if column not in frame:
            frame[column] = np.nan if column == "cost" else 0.0
    frame["engagements"] = frame[list(ENGAGEMENT_COLUMNS)].fillna(0).sum(axis=1)
    frame["profit"] = frame["revenue"].fillna(0) - frame["cost"].fillna(0)
    return frame


def empty_results() -> pd.DataFrame:
    """A results table with no rows, for a campaign whose results file is not there yet."""
    frame = pd.DataFrame(columns=EMPTY_RESULTS)
    frame["posted_at"] = pd.to_datetime(frame["posted_at"])
    return frame


def convert_currency(
    results: pd.DataFrame, currency: str, _: Translator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert revenue and cost of rows in another currency at the reference rate of their day.

    Parameters
    ----------
    results : DataFrame
        Results with ``currency``, ``posted_at``, ``revenue`` and ``cost``.
    currency : str
        The campaign currency.
    _ : Translator
        The campaign's words (for the rates' source).

    Returns
    -------
    (DataFrame, DataFrame)
        The results in the campaign currency, and one row per conversion used (``currency``,
        ``rows``, ``rate``, ``rate_date``, ``source``); rows in a currency with no rate on file
        keep their currency, for :func:`check_results` to flag.
    """
    frame = results.copy()
    used = []
    foreign = frame["currency"].notna() & (frame["currency"] != currency)
    for (code, day), group in frame[foreign].groupby(
        [frame["currency"], frame["posted_at"].dt.date]
    ):
        try:
            rate, rate_date = reference.fx_rate(code, currency, on=day)
        except KeyError:
            continue
        for column in MONEY_COLUMNS:
            frame.loc[group.index, column] = frame.loc[group.index, column] * rate
        frame.loc[group.index, "currency"] = currency
        used.append(
            {"currency": code, "day": day, "rows": len(group), "rate": rate, "rate_date": rate_date}
        )
    table = pd.DataFrame(used, columns=["currency", "day", "rows", "rate", "rate_date"])
    if len(table):
        table = (
            table.groupby(["currency", "rate", "rate_date"], as_index=False)["rows"]
            .sum()
            .assign(source=_.term(ECB_RATES))
        )
    return frame, table


def contracted_fees(deliverables: pd.DataFrame, currency: str) -> pd.Series:
    """Each creator's contracted total in the campaign currency.

    ``agreed_fee`` is the fee for all the units of a deliverable; ``agreed_fee_converted`` (from
    the negotiation stage) is already in the campaign currency, otherwise the fee is converted
    at the newest reference rate.
    """
    fees = deliverables.copy()
    if "agreed_fee_converted" in fees:
        fees["total"] = fees["agreed_fee_converted"].astype(float)
    else:
        codes = fees["currency"] if "currency" in fees else pd.Series(currency, fees.index)
        fees["total"] = [
            float(fee) * reference.fx_rate(code, currency)[0]
            if isinstance(code, str) and code != currency
            else float(fee)
            for fee, code in zip(fees["agreed_fee"], codes, strict=True)
        ]
    return fees.groupby("influencer_id")["total"].sum()


def fill_cost_from_contracts(
    results: pd.DataFrame, deliverables: pd.DataFrame | None, currency: str
) -> pd.DataFrame:
    """Give rows with no ``cost`` their share of the creator's contracted fees.

    A creator's contracted total (:func:`contracted_fees`) is spread evenly over their posts
    that have no cost in the results file. Rows that carry a cost keep it: the results file
    records what was paid.
    """
    frame = results.copy()
    if deliverables is None or not frame["cost"].isna().any():
        return frame
    total = contracted_fees(deliverables, currency)
    missing = frame["cost"].isna()
    per_post = frame[missing].groupby("influencer_id")["post_id"].transform("size")
    frame.loc[missing, "cost"] = frame.loc[missing, "influencer_id"].map(total) / per_post
    frame["profit"] = frame["revenue"].fillna(0) - frame["cost"].fillna(0)
    return frame


def attribute_conversions(
    results: pd.DataFrame, conversions: pd.DataFrame | None, currency: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Take each creator's conversions and revenue from a shop or analytics export.

    A creator the ``conversions`` table names gets its totals (all its sources added, in the
    campaign currency at the reference rate of the window's last day) in place of the results
    file's, spread over the creator's posts in proportion to their link clicks (evenly when
    none has a click): per creator the numbers are the export's, per post an estimate. Creators
    it does not name keep the results file's numbers.

    Parameters
    ----------
    results : DataFrame
        Prepared results in the campaign currency.
    conversions : DataFrame or None
        The conversions table (:data:`helpers.core.data.TABLES`), or None.
    currency : str
        The campaign currency.

    Returns
    -------
    (DataFrame, DataFrame)
        The results, and one row per creator and source used (``influencer_id``, ``source``,
        ``conversions``, ``revenue``, ``posts``); empty when no export is given.
    """
    used = pd.DataFrame(columns=["influencer_id", "source", "conversions", "revenue", "posts"])
    if conversions is None or conversions.empty or results.empty:
        return results, used
    table = conversions.copy()
    days = table["window_end"] if "window_end" in table else pd.Series(pd.NaT, table.index)
    table["revenue"] = [
        float(amount) * (reference.fx_rate(code, currency, on=day)[0] if code != currency else 1)
        for amount, code, day in zip(
            table["revenue"], table["currency"], days.dt.date.where(days.notna(), None), strict=True
        )
    ]
    per_creator = table.groupby("influencer_id")[["conversions", "code_redemptions", "revenue"]]
    totals = per_creator.sum()
    frame = results.copy()
    named = frame["influencer_id"].isin(totals.index)
    clicks = frame["link_clicks"].fillna(0).astype(float)
    by_creator = frame.groupby("influencer_id")
    share = clicks / by_creator["link_clicks"].transform("sum").replace(0, np.nan)
    share = share.fillna(1 / by_creator["post_id"].transform("size"))
    for column in ("conversions", "code_redemptions", "revenue"):
        spread = frame["influencer_id"].map(totals[column]) * share
        frame[column] = frame[column].astype(float).where(~named, spread.round(6))
    frame["profit"] = frame["revenue"].fillna(0) - frame["cost"].fillna(0)
    posts = frame[named].groupby("influencer_id").size()
    used = table.groupby(["influencer_id", "source"], as_index=False)[
        ["conversions", "revenue"]
    ].sum()
    used["posts"] = used["influencer_id"].map(posts).fillna(0).astype(int)
    return frame, used


def attach_handles(results: pd.DataFrame, roster: pd.DataFrame | None) -> pd.DataFrame:
    """Add each creator's ``handle`` from the roster (the id when the roster does not know it)."""
    frame = results.copy()
    handles = (
        roster.drop_duplicates("influencer_id").set_index("influencer_id")["handle"]
        if roster is not None and len(roster)
        else pd.Series(dtype=object)
    )
    known = frame["influencer_id"].map(handles).astype(frame["influencer_id"].dtype)
    frame["handle"] = known.fillna(frame["influencer_id"])
    return frame


def checked_results(
    raw: pd.DataFrame,
    campaign: Campaign,
    contracts: pd.DataFrame | None = None,
    roster: pd.DataFrame | None = None,
    conversions: pd.DataFrame | None = None,
) -> dict[str, object]:
    """The results file made ready to measure: prepared, in the campaign currency, costed from
    the contracts where a row has no cost, checked, with handles.

    Parameters
    ----------
    raw : DataFrame
        The results table as loaded.
    campaign : Campaign
    contracts : DataFrame, optional
        The contracted deliverables (``influencer_id``, ``agreed_fee`` ...); ``None`` when
        nobody knows who signed (every creator then counts as contracted).
    roster : DataFrame, optional
        For the creators' handles.
    conversions : DataFrame, optional
        Conversions and revenue per creator from a shop or analytics export
        (:func:`attribute_conversions`).

    Returns
    -------
    dict
        ``results`` (clean rows), ``checks`` (flagged rows), ``fx`` (currency conversions
        used), ``attributed`` (the export's conversions used, by creator and source) and
        ``raw_rows``.
    """
    frame = prepare(raw)
    frame, fx = convert_currency(frame, campaign.currency, translator(campaign.language))
    frame = fill_cost_from_contracts(frame, contracts, campaign.currency)
    ids = set(contracts["influencer_id"]) if contracts is not None else None
    kept, checks = check_results(frame, campaign, ids)
    kept, attributed = attribute_conversions(kept, conversions, campaign.currency)
    kept = attach_handles(kept, roster)
    return {
        "results": kept.reset_index(drop=True),
        "checks": checks,
        "fx": fx,
        "attributed": attributed,
        "raw_rows": len(raw),
    }


def column_totals(results: pd.DataFrame) -> pd.Series:
    """Sums of every column a KPI can use."""
    columns = [*TOTALS, "profit", *ENGAGEMENT_COLUMNS]
    present = [c for c in columns if c in results]
    return results[present].sum(numeric_only=True).reindex(columns, fill_value=0.0)


# --- Checking: one rule per problem ---------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One data check: the problem (a message of the catalogue), what happens to a flagged row
    (``action``, a message too; ``drop`` says whether it is left out), and the function that
    finds the rows: ``finds(frame, campaign, contracted_ids, _)`` gives the rows (a boolean
    Series) and what is wrong with each (a Series of text, or one text for all), or ``None``
    when the check does not apply."""

    kind: str
    problem: str
    action: str
    finds: Callable[..., tuple[pd.Series, pd.Series | str] | None]
    drop: bool = True


def _per_row(frame: pd.DataFrame, texts: list[str]) -> pd.Series:
    return pd.Series(texts, index=frame.index, dtype=object)


def _negative(frame: pd.DataFrame, campaign: Campaign, contracted, _: Translator):
    counts = frame[list(COUNT_COLUMNS + MONEY_COLUMNS)]
    return (counts < 0).any(axis=1), counts.lt(0).idxmax(axis=1).map(lambda c: f"{c} < 0")


def _duplicate(frame: pd.DataFrame, campaign: Campaign, contracted, _: Translator):
    measured = [c for c in frame.columns if c not in ("post_id", "row")]
    first_row = frame.groupby(measured, dropna=False, sort=False)["row"].transform("first")
    details = [_("same numbers as row {row}", row=row) for row in first_row.astype(str)]
    return frame.duplicated(subset=measured, keep="first"), _per_row(frame, details)


def _outside(frame: pd.DataFrame, campaign: Campaign, contracted, _: Translator):
    day = frame["posted_at"].dt.date
    start, end = campaign.start, campaign.end
    details = [
        _("{day} (window {start} to {end})", day=d, start=start, end=end) for d in day.astype(str)
    ]
    return (day < start) | (day > end), _per_row(frame, details)


def _uncontracted(frame: pd.DataFrame, campaign: Campaign, contracted, _: Translator):
    if contracted is None:
        return None
    details = [
        _("{creator} is not in the contracted creators", creator=creator)
        for creator in frame["influencer_id"]
    ]
    return ~frame["influencer_id"].isin(contracted), _per_row(frame, details)


def _more_than(part: str, whole: str, message: str, names: tuple[str, str]) -> Callable:
    """A rule's finder: rows where the count ``part`` exceeds ``whole``, each with ``message``
    filled with both counts (under the placeholder ``names``)."""

    def finds(frame: pd.DataFrame, campaign: Campaign, contracted, _: Translator):
        above, below = _summed(frame, part), _summed(frame, whole)
        count = _.as_number()
        details = [
            _(message, **dict(zip(names, (p, w), strict=True)))
            for p, w in zip(above.map(count), below.map(count), strict=True)
        ]
        return above > below, _per_row(frame, details)

    return finds


def _summed(frame: pd.DataFrame, columns: str) -> pd.Series:
    """One column, or the sum of several joined by ``+`` (``link_clicks+code_redemptions``)."""
    names = columns.split("+")
    total = frame[names[0]]
    for name in names[1:]:
        total = total + frame[name]
    return total


def _foreign_currency(frame: pd.DataFrame, campaign: Campaign, contracted, _: Translator):
    details = [
        _("{currency} (add a dated rate to data/reference/fx_rates.csv)", currency=code)
        for code in frame["currency"].astype(str)
    ]
    return frame["currency"] != campaign.currency, _per_row(frame, details)


def _no_cost(frame: pd.DataFrame, campaign: Campaign, contracted, _: Translator):
    return frame["cost"].isna(), _("cost is empty")


FIX_EXPORT = _("left out: fix the export")
#: the data checks, in the order they are made
RULES = (
    Rule("negative", _("a count or amount is below zero"), FIX_EXPORT, _negative),
    Rule("duplicate", _("the same post entered twice"), _("left out: counted once"), _duplicate),
    Rule(
        "outside",
        _("posted outside the campaign window"),
        _("left out: another campaign's post or a wrong date"),
        _outside,
    ),
    Rule(
        "uncontracted",
        _("posted by a creator nobody contracted"),
        _("left out: no contract to cost it against"),
        _uncontracted,
    ),
    Rule(
        "clicks",
        _("more link clicks than impressions"),
        FIX_EXPORT,
        _more_than(
            "link_clicks",
            "impressions",
            _("{clicks} clicks > {impressions} impressions"),
            ("clicks", "impressions"),
        ),
    ),
    Rule(
        "reach",
        _("more reach than impressions"),
        FIX_EXPORT,
        _more_than(
            "reach",
            "impressions",
            _("{reach} reach > {impressions} impressions"),
            ("reach", "impressions"),
        ),
    ),
    Rule(
        "conversions",
        _("more conversions than link clicks and code redemptions together"),
        FIX_EXPORT,
        _more_than(
            "conversions",
            "link_clicks+code_redemptions",
            _("{conversions} conversions > {clicks_and_codes}"),
            ("conversions", "clicks_and_codes"),
        ),
    ),
    Rule(
        "currency",
        _("a currency with no exchange rate on file"),
        _("left out: cannot convert"),
        _foreign_currency,
    ),
    Rule(
        "no_cost",
        _("no cost in the file or the contract"),
        _("kept: counted at zero cost, ROI of the creator undefined"),
        _no_cost,
        drop=False,
    ),
)
#: each check's problem, by kind
CHECKS = {rule.kind: rule.problem for rule in RULES}


def _flags(
    rule: Rule, frame: pd.DataFrame, campaign: Campaign, contracted, _: Translator
) -> list[dict]:
    """The rows one rule flags, each with its problem, detail and action in the language."""
    found = rule.finds(frame, campaign, contracted, _)
    if found is None:
        return []
    mask, detail = found
    details = detail if isinstance(detail, pd.Series) else pd.Series(detail, frame.index)
    return [
        {
            "row": int(frame.at[index, "row"]),
            "post_id": frame.at[index, "post_id"],
            "influencer_id": frame.at[index, "influencer_id"],
            "problem": _.term(rule.problem),
            "detail": details[index],
            "action": _(rule.action),
            "_index": index,
            "_drop": rule.drop,
        }
        for index in frame.index[mask.fillna(False).to_numpy(bool)]
    ]


def check_results(
    results: pd.DataFrame,
    campaign: Campaign,
    contracted_ids: set[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flag the rows an analyst must look at; leave the impossible ones out, counting once.

    Parameters
    ----------
    results : DataFrame
        Results after :func:`prepare` (and :func:`convert_currency`).
    campaign : Campaign
        Supplies the window, the currency and the language.
    contracted_ids : set of str, optional
        The creators under contract; ``None`` means unknown (every creator counts as contracted).

    Returns
    -------
    (DataFrame, DataFrame)
        The rows kept, and the data checks (:data:`RULES`): one row per problem with ``row``
        (spreadsheet row), ``post_id``, ``influencer_id``, ``problem``, ``detail`` and
        ``action`` (in the campaign's language). A row with a missing cost is kept (its results
        are real) and flagged; every other flagged row is left out of every number.
    """
    _ = translator(campaign.language)
    frame = results.copy()
    if frame.empty:
        frame["cost"] = frame["cost"].astype(float)
        return frame, pd.DataFrame(columns=CHECK_COLUMNS)
    flags = [flag for rule in RULES for flag in _flags(rule, frame, campaign, contracted_ids, _)]
    checks = pd.DataFrame(flags, columns=[*CHECK_COLUMNS, "_index", "_drop"])
    dropped = set(checks.loc[checks["_drop"], "_index"])
    kept = frame.drop(index=list(dropped))
    kept["cost"] = kept["cost"].fillna(0.0)
    kept["profit"] = kept["revenue"].fillna(0) - kept["cost"]
    checks = checks.sort_values(["row", "problem"]).drop(columns=["_index", "_drop"])
    return kept, checks.reset_index(drop=True)
