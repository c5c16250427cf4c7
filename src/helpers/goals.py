"""Stage 01, goals and KPIs: turn the campaign's objective and goals into a goal sheet, check
each goal is SMART, and write ``goals.json``, the goals later stages score against (guide
chapter 2).

The feasibility check ("Achievable") prices each target at benchmark rates:

- the budget is converted to USD with the dated ECB rate and **split equally across the
  campaign's platforms**; each share buys impressions at that platform's default CPM
  (``media_costs.csv``), so the blended CPM is the harmonic mean of the platform CPMs;
- summed post reach = impressions / frequency (the playbook's assumption: 1.3 impressions per
  account reached, ``planning_rates.csv``);
- engagements = each platform's budget / its default CPE. A rate card's CPM and CPE for the same
  content imply the engagements an impression earns (CPM / 1,000 / CPE), so the engagement rate
  per reach they imply is engagements / reach;
- views, clicks and conversions use the playbook's labelled planning assumptions (views per
  impression, click-through rate per platform, conversions per click).

Every rate can be overridden in the campaign file's ``assumptions`` section. CPMs and CPEs on
file are per platform only: tiers and markets do not change the price (none are published
that we could source); tiers enter through the per-follower engagement benchmarks.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import metrics, reference
from helpers.campaign import PLATFORMS, Campaign, Goal
from helpers.errors import InputError, problem

FUNNEL_STAGES = ("awareness", "consideration", "conversion", "loyalty")
OBJECTIVE_STAGE = {
    "awareness": "awareness",
    "engagement": "consideration",
    "conversion": "conversion",
}
PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}
UNITS = ("count", "fraction", "money", "ratio")
LETTERS = ("specific", "measurable", "achievable", "relevant", "time_bound")
LETTER_NAMES = dict(
    zip(LETTERS, ("Specific", "Measurable", "Achievable", "Relevant", "Time-bound"), strict=True)
)
STATUS_RANK = {"pass": 0, "warn": 1, "fail": 2}
STATUS_MARK = {"pass": "✓", "warn": "!", "fail": "✗"}
# Coverage = what the budget buys / target (or target / expected cost for caps): at or above
# 1 the target is affordable; from 0.8 it is within the spread of benchmark prices.
WITHIN_REACH = 0.8
TIGHT = 1.2
ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves")
MIN_PEERS = 10  # fewer creators than this in a platform and tier give no percentile
ROI_PERCENT_HINT = 20  # an ROI or ROAS target above this is probably a percentage


def platform_list(platforms: list[str]) -> str:
    """``Instagram, TikTok and YouTube``."""
    names = [PLATFORM_NAMES.get(p, p) for p in platforms]
    return " and ".join(names) if len(names) < 3 else f"{', '.join(names[:-1])} and {names[-1]}"


def _a(word: str) -> str:
    return f"{'an' if word[:1] in 'aeiou' else 'a'} {word}"


def _approx(value: float) -> float:
    """Two significant digits: an estimate from benchmarks is not precise to the unit."""
    if not math.isfinite(value) or value == 0:
        return value
    scale = 10 ** (math.floor(math.log10(abs(value))) - 1)
    return round(value / scale) * scale


@dataclass(frozen=True)
class KPI:
    """One catalogue entry. Read fields as attributes (``kpi.label``) or keys (``kpi["label"]``).

    Attributes
    ----------
    label : str
        The name shown to people.
    definition : str
        What it counts, in a sentence.
    formula : str
        How it is computed.
    unit : str
        ``count``, ``fraction`` (0.035 = 3.5%), ``money`` (campaign currency) or ``ratio``.
    funnel_stage : str
        ``awareness``, ``consideration``, ``conversion`` or ``loyalty``.
    higher_is_better : bool
        False for costs (CPM, CPE, CPC, CPA): the target is a cap.
    data_source : tuple of str
        The columns of a results table (``data/sample/results-*.csv``) it is computed from;
        empty when the results table cannot measure it.
    how_to_measure : str
        Where the number comes from when the results table has no column for it.
    """

    label: str
    definition: str
    formula: str
    unit: str
    funnel_stage: str
    higher_is_better: bool
    data_source: tuple[str, ...]
    how_to_measure: str = ""

    def __getitem__(self, name: str) -> object:
        return getattr(self, name)

    def keys(self) -> list[str]:
        """The field names, so ``dict(kpi)`` works."""
        return list(self.__dataclass_fields__)

    def get(self, name: str, default: object = None) -> object:
        """A field by name, or ``default``."""
        return getattr(self, name, default)


def _kpi(label, definition, formula, unit, stage, higher=True, source=(), how="") -> KPI:
    return KPI(label, definition, formula, unit, stage, higher, tuple(source), how)


SOCIAL_LISTENING = "a social-listening tool (brand mentions against named competitors)"
KPI_CATALOGUE: dict[str, KPI] = {
    "reach": _kpi(
        "Reach", "accounts that saw a post, summed over posts (the same person seen on two "
        "posts counts twice; it is not unique reach)", "sum of reach per post", "count",
        "awareness", source=["reach"]),
    "impressions": _kpi(
        "Impressions", "times the content was shown", "sum of impressions", "count",
        "awareness", source=["impressions"]),
    "views": _kpi(
        "Views", "video and story plays, as each platform counts them", "sum of views",
        "count", "awareness", source=["views"]),
    "video_completion_rate": _kpi(
        "Video completion rate", "share of video plays watched to the end",
        "completed plays / plays", "fraction", "awareness",
        how="creator insights screenshots (average watch time and completion per video)"),
    "cpm": _kpi(
        "CPM", "cost per thousand impressions", "cost / impressions × 1,000", "money",
        "awareness", higher=False, source=["cost", "impressions"]),
    "share_of_voice": _kpi(
        "Share of voice", "the brand's share of all mentions in its category",
        "brand mentions / mentions of the brand and its competitors", "fraction", "awareness",
        how=SOCIAL_LISTENING),
    "brand_lift": _kpi(
        "Brand lift", "extra recall or awareness among people who saw the content",
        "awareness in the exposed group − awareness in a control group", "fraction",
        "awareness", how="a brand-lift survey or a platform lift study"),
    "engagements": _kpi(
        "Engagements", "likes, comments, shares and saves on the campaign posts",
        "likes + comments + shares + saves", "count", "consideration",
        source=ENGAGEMENT_COLUMNS),
    "engagement_rate": _kpi(
        "Engagement rate (per reach)", "engagements per account reached; per reach, not per "
        "follower, so it is comparable across platforms and formats",
        "(likes + comments + shares + saves) / reach", "fraction", "consideration",
        source=(*ENGAGEMENT_COLUMNS, "reach")),
    "cpe": _kpi(
        "CPE", "cost per engagement", "cost / engagements", "money", "consideration",
        higher=False, source=("cost", *ENGAGEMENT_COLUMNS)),
    "clicks": _kpi(
        "Clicks", "taps on the tracked link or sticker", "sum of link clicks", "count",
        "consideration", source=["link_clicks"]),
    "ctr": _kpi(
        "Click-through rate", "link clicks per impression", "link clicks / impressions",
        "fraction", "consideration", source=["link_clicks", "impressions"]),
    "cpc": _kpi(
        "CPC", "cost per link click", "cost / link clicks", "money", "consideration",
        higher=False, source=["cost", "link_clicks"]),
    "new_followers": _kpi(
        "New followers", "followers the brand's own accounts gained in the campaign window",
        "followers at the end − followers at the start", "count", "consideration",
        how="the brand account's follower count at the start and at the end"),
    "ugc_pieces": _kpi(
        "UGC pieces", "posts by people who were not paid that use the campaign hashtag or "
        "sound", "count of unpaid posts with the campaign hashtag or sound", "count",
        "consideration", how="a hashtag or sound search on each platform (count by hand)"),
    "sign_ups": _kpi(
        "Sign-ups", "attributed sign-ups, when the conversion event is a sign-up",
        "sum of conversions (the sign-up event)", "count", "conversion", source=["conversions"]),
    "code_redemptions": _kpi(
        "Code redemptions", "uses of the creators' discount codes",
        "sum of code redemptions", "count", "conversion", source=["code_redemptions"]),
    "conversions": _kpi(
        "Conversions", "orders, sign-ups or installs attributed to a post by tracked link or "
        "code", "sum of conversions", "count", "conversion", source=["conversions"]),
    "conversion_rate": _kpi(
        "Conversion rate", "conversions per link click", "conversions / link clicks",
        "fraction", "conversion", source=["conversions", "link_clicks"]),
    "cpa": _kpi(
        "CPA", "cost per acquisition (conversion)", "cost / conversions", "money",
        "conversion", higher=False, source=["cost", "conversions"]),
    "revenue": _kpi(
        "Revenue", "attributed order value", "sum of revenue", "money", "conversion",
        source=["revenue"]),
    "aov": _kpi(
        "Average order value", "attributed revenue per conversion", "revenue / conversions",
        "money", "conversion", source=["revenue", "conversions"]),
    "roas": _kpi(
        "ROAS", "return on ad spend", "revenue / cost", "ratio", "conversion",
        source=["revenue", "cost"]),
    "roi": _kpi(
        "ROI", "return on investment", "(revenue − cost) / cost", "ratio", "conversion",
        source=["revenue", "cost"]),
    "repeat_purchase_rate": _kpi(
        "Repeat purchase rate", "campaign customers who buy again within the reading window",
        "repeat buyers / campaign customers", "fraction", "loyalty",
        how="the shop's order data, 60 to 90 days after the campaign"),
    "retention_rate": _kpi(
        "Retention rate (day 30)", "users acquired by the campaign still active on day 30",
        "users active on day 30 / users acquired", "fraction", "loyalty",
        how="the app's or shop's cohort report, 30 days after acquisition"),
}  # fmt: skip

# Names people write for a KPI, for "did you mean" hints.
KPI_ALIASES = {
    "er": "engagement_rate",
    "engagement": "engagements",
    "click_through_rate": "ctr",
    "link_clicks": "clicks",
    "signups": "sign_ups",
    "installs": "conversions",
    "purchases": "conversions",
    "sales": "conversions",
    "cost_per_acquisition": "cpa",
    "cost_per_engagement": "cpe",
    "cost_per_click": "cpc",
    "ugc": "ugc_pieces",
    "followers": "new_followers",
    "sov": "share_of_voice",
    "completion_rate": "video_completion_rate",
    "retention": "retention_rate",
}


def catalogue_table() -> pd.DataFrame:
    """The KPI catalogue as a table, one row per KPI, in funnel order."""
    rows = [{"kpi": name, **dict(kpi)} for name, kpi in KPI_CATALOGUE.items()]
    table = pd.DataFrame(rows)
    table["data_source"] = table["data_source"].map(lambda cols: ", ".join(cols))
    order = table["funnel_stage"].map(FUNNEL_STAGES.index)
    return table.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)


def suggest_kpi(name: str) -> str | None:
    """The catalogue KPI closest to a name that is not in it (aliases first), or None."""
    if name in KPI_ALIASES:
        return KPI_ALIASES[name]
    close = difflib.get_close_matches(name, [*KPI_CATALOGUE, *KPI_ALIASES], n=1, cutoff=0.6)
    return KPI_ALIASES.get(close[0], close[0]) if close else None


# --- measuring a KPI from results -------------------------------------------------------------


def measure(kpi: str, results: pd.DataFrame, market: str | None = None) -> float:
    """A KPI's actual value from a post-level results table.

    Parameters
    ----------
    kpi : str
        A name in :data:`KPI_CATALOGUE`.
    results : DataFrame
        One row per post, columns as in ``data/sample/results-*.csv`` (``impressions``,
        ``reach``, ``views``, ``likes``, ``comments``, ``shares``, ``saves``, ``link_clicks``,
        ``code_redemptions``, ``conversions``, ``revenue``, ``cost``), money in one currency.
    market : str, optional
        Only the posts of this market (``market`` column).

    Returns
    -------
    float
        Counts are summed over posts (reach is summed post reach, not unique people);
        engagements = likes + comments + shares + saves; engagement rate = engagements /
        reach; CTR = link clicks / impressions; CPM, CPE, CPC, CPA, ROI and ROAS as in
        :mod:`helpers.metrics`. NaN when the table cannot measure it: a column it needs is
        missing, a denominator is zero, or the KPI is measured elsewhere (share of voice,
        UGC pieces, new followers ...).

    Raises
    ------
    KeyError
        When the KPI is not in the catalogue.
    """
    if kpi not in KPI_CATALOGUE:
        hint = suggest_kpi(kpi)
        raise KeyError(f"unknown KPI {kpi!r}" + (f"; did you mean {hint!r}?" if hint else ""))
    if market is not None and "market" in results:
        results = results[results["market"] == market]
    needed = KPI_CATALOGUE[kpi].data_source
    if not needed or any(column not in results for column in needed):
        return float("nan")
    total = {column: _column_total(results[column]) for column in needed}
    engagements = sum(total.get(column, 0.0) for column in ENGAGEMENT_COLUMNS)
    cost = total.get("cost", float("nan"))
    formulas = {
        "engagements": lambda: engagements,
        "engagement_rate": lambda: metrics.ratio(engagements, total["reach"]),
        "cpe": lambda: metrics.cpe(cost, engagements),
        "clicks": lambda: total["link_clicks"],
        "ctr": lambda: metrics.ratio(total["link_clicks"], total["impressions"]),
        "cpc": lambda: metrics.cpc(cost, total["link_clicks"]),
        "cpm": lambda: metrics.cpm(cost, total["impressions"]),
        "sign_ups": lambda: total["conversions"],
        "conversion_rate": lambda: metrics.ratio(total["conversions"], total["link_clicks"]),
        "cpa": lambda: metrics.cpa(cost, total["conversions"]),
        "aov": lambda: metrics.ratio(total["revenue"], total["conversions"]),
        "roas": lambda: metrics.roas(total["revenue"], cost),
        "roi": lambda: metrics.roi(total["revenue"], cost),
    }
    value = formulas[kpi]() if kpi in formulas else total[needed[0]]
    return float(value)


def _column_total(values: pd.Series) -> float:
    """Sum of a column; NaN when it holds no number at all (e.g. costs not recorded)."""
    numbers = pd.to_numeric(values, errors="coerce")
    if len(numbers) and numbers.isna().all():
        return float("nan")
    return float(numbers.sum())


# --- what the budget buys ---------------------------------------------------------------------


class PlanningError(ValueError):
    """The budget cannot be priced (no exchange rate, no platforms): said in one sentence."""


def planning_rates(campaign: Campaign) -> pd.DataFrame:
    """The rates the feasibility check uses for the campaign's platforms, with their source.

    Parameters
    ----------
    campaign : Campaign
        Supplies the platforms, the currency and any overrides in ``assumptions``.

    Returns
    -------
    DataFrame
        ``rate`` (cpm, cpe, frequency, views_per_impression, click_through_rate,
        conversion_rate), ``platform`` (or ``all``), ``value`` (CPM and CPE in USD),
        ``definition``, ``basis`` (benchmark, assumption or campaign file), ``source``, ``year``.
    """
    costs = reference.media_costs("buying")
    rows = [
        {
            "rate": row.metric,
            "platform": row.platform,
            "value": float(row.typical),
            "definition": "cost per 1,000 impressions"
            if row.metric == "cpm"
            else "cost per engagement",
            "basis": "benchmark",
            "source": row.source,
            "year": row.year,
        }
        for row in costs.itertuples()
        if row.platform in campaign.vetting.platforms and row.currency == "USD"
    ]
    planning = reference.reference_table("planning_rates")
    planning = planning[planning["default"] == "yes"]
    planning = planning[planning["platform"].isin(["all", *campaign.vetting.platforms])]
    rows += planning.drop(columns="default").to_dict("records")
    table = pd.DataFrame(rows, columns=["rate", "platform", "value", "definition", "basis",
                                        "source", "year"])  # fmt: skip
    return _apply_overrides(table, campaign)


def _apply_overrides(table: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Replace reference rates with the campaign file's ``assumptions``."""
    chosen = campaign.assumptions
    source = f"campaign file: assumptions{' (' + chosen.source + ')' if chosen.source else ''}"
    to_usd = None
    for rate in ("cpm", "cpe"):
        for platform, value in getattr(chosen, rate).items():
            if platform not in campaign.vetting.platforms:
                continue
            if to_usd is None:
                to_usd = _usd_rate(campaign)[0]
            table = _set_rate(table, rate, platform, value * to_usd, source)
    for rate, attribute in (
        ("frequency", "frequency"),
        ("click_through_rate", "click_through_rate"),
        ("conversion_rate", "conversion_rate"),
    ):
        value = getattr(chosen, attribute)
        if value is not None:
            table = _set_rate(table, rate, "all", value, source)
    return table.reset_index(drop=True)


def _set_rate(table: pd.DataFrame, rate: str, platform: str, value: float, source: str):
    """Put one rate in the table; ``platform="all"`` replaces every platform's row of it."""
    keep = ~((table["rate"] == rate) & ((table["platform"] == platform) | (platform == "all")))
    definition = table.loc[table["rate"] == rate, "definition"]
    row = {
        "rate": rate,
        "platform": platform,
        "value": value,
        "definition": definition.iloc[0] if len(definition) else "",
        "basis": "campaign file",
        "source": source,
        "year": np.nan,
    }
    return pd.concat([table[keep], pd.DataFrame([row])], ignore_index=True)


def _rate(rates: pd.DataFrame, rate: str, platform: str) -> float:
    """A platform's rate, falling back to the all-platform one; NaN when neither is on file."""
    for wanted in (platform, "all"):
        hit = rates[(rates["rate"] == rate) & (rates["platform"] == wanted)]
        if len(hit):
            return float(hit["value"].iloc[0])
    return float("nan")


def _usd_rate(campaign: Campaign) -> tuple[float, date]:
    try:
        return reference.fx_rate(campaign.currency, "USD")
    except KeyError as error:
        raise PlanningError(
            f"{error.args[0]}: add a {campaign.currency} row to data/reference/fx_rates.csv "
            "to price the budget"
        ) from None


def budget_plan(campaign: Campaign, budget: float | None = None) -> pd.DataFrame:
    """What the budget buys per platform at benchmark prices.

    The budget is split equally across the campaign's platforms (``vetting.platforms``).

    Parameters
    ----------
    campaign : Campaign
        Budget, currency, platforms and assumptions.
    budget : float, optional
        Another budget to price, in the campaign currency (default: the campaign's).

    Returns
    -------
    DataFrame
        One row per platform: ``platform``, ``budget`` (campaign currency), ``budget_usd``,
        ``cpm`` and ``cpe`` (campaign currency), ``impressions`` (budget / CPM × 1,000),
        ``reach`` (impressions / frequency), ``views``, ``engagements`` (budget / CPE),
        ``clicks`` (impressions × CTR), ``conversions`` (clicks × conversion rate).

    Raises
    ------
    PlanningError
        When the campaign has no platforms or its currency has no exchange rate on file.
    """
    platforms = [p for p in PLATFORMS if p in campaign.vetting.platforms]
    if not platforms:
        raise PlanningError("the campaign lists no platforms (vetting.platforms) to price")
    to_usd, _ = _usd_rate(campaign)
    rates = planning_rates(campaign)
    budget = campaign.budget if budget is None else budget
    share_usd = budget * to_usd / len(platforms)
    rows = []
    for platform in platforms:
        cpm_usd, cpe_usd = _rate(rates, "cpm", platform), _rate(rates, "cpe", platform)
        impressions = share_usd / cpm_usd * 1000
        clicks = impressions * _rate(rates, "click_through_rate", platform)
        rows.append(
            {
                "platform": platform,
                "budget": budget / len(platforms),
                "budget_usd": share_usd,
                "cpm": cpm_usd / to_usd,
                "cpe": cpe_usd / to_usd,
                "impressions": impressions,
                "reach": impressions / _rate(rates, "frequency", platform),
                "views": impressions * _rate(rates, "views_per_impression", platform),
                "engagements": share_usd / cpe_usd,
                "clicks": clicks,
                "conversions": clicks * _rate(rates, "conversion_rate", platform),
            }
        )
    return pd.DataFrame(rows)


VOLUMES = ("impressions", "reach", "views", "engagements", "clicks", "conversions")


RATES_AND_COSTS = ("engagement_rate", "ctr", "conversion_rate", "cpm", "cpe", "cpc", "cpa")


def what_the_budget_buys(campaign: Campaign) -> dict[str, float]:
    """:func:`expected_values` for the campaign's budget. Rates and costs per unit do not depend
    on the budget, so a budget of 0 still gets them (priced on one unit of money).

    Raises
    ------
    PlanningError
        When the budget cannot be priced.
    """
    expected = expected_values(budget_plan(campaign), campaign.budget)
    if campaign.budget == 0:
        per_unit = expected_values(budget_plan(campaign, budget=1.0), 1.0)
        expected.update({name: per_unit[name] for name in RATES_AND_COSTS})
    return expected


def expected_values(plan: pd.DataFrame, budget: float) -> dict[str, float]:
    """What the whole budget buys, per catalogue KPI (NaN where no benchmark exists).

    Parameters
    ----------
    plan : DataFrame
        :func:`budget_plan` output.
    budget : float
        The budget in the campaign currency (costs per unit are budget / volume).
    """
    totals = {name: float(plan[name].sum()) for name in VOLUMES}
    expected = dict.fromkeys(KPI_CATALOGUE, float("nan"))
    expected.update(totals)
    expected["sign_ups"] = totals["conversions"]
    expected["engagement_rate"] = metrics.ratio(totals["engagements"], totals["reach"])
    expected["ctr"] = metrics.ratio(totals["clicks"], totals["impressions"])
    expected["conversion_rate"] = metrics.ratio(totals["conversions"], totals["clicks"])
    expected["cpm"] = metrics.cpm(budget, totals["impressions"])
    expected["cpe"] = metrics.cpe(budget, totals["engagements"])
    expected["cpc"] = metrics.cpc(budget, totals["clicks"])
    expected["cpa"] = metrics.cpa(budget, totals["conversions"])
    return {name: float(value) for name, value in expected.items()}


# --- reading and checking the goals -----------------------------------------------------------


@dataclass
class GoalCheck:
    """One goal read from the campaign file: its KPI, the target as understood, and what is
    wrong with it (errors stop it being scored; notes are assumptions we made)."""

    index: int | None
    goal: Goal
    kpi: KPI | None
    target: float
    suggested: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def deadline(self) -> date | None:
        return self.goal.deadline

    @property
    def where(self) -> str:
        return f"goals[{self.index}]" if self.index is not None else "suggested"


def read_goal(campaign: Campaign, goal: Goal, index: int | None = None) -> GoalCheck:
    """Check one goal against the catalogue and the campaign; never raises.

    Errors (each makes ``playbook validate`` exit 2): an unknown KPI, a target of 0 or below
    (ROI: -1 or below), a share above 100%, a deadline outside the campaign window (loyalty
    KPIs may be read after it), a market the campaign does not run in, a negative baseline.
    Notes: a share written as a percentage (35 for 35%) is read as one and said so.
    """
    kpi = KPI_CATALOGUE.get(goal.kpi)
    check = GoalCheck(index, goal, kpi, goal.target)
    if kpi is None:
        hint = suggest_kpi(goal.kpi)
        check.errors["kpi"] = f"unknown KPI {goal.kpi!r}" + (
            f"; did you mean {hint!r}?" if hint else f" (known: {', '.join(KPI_CATALOGUE)})"
        )
    else:
        _check_target(check, kpi)
    _check_window(check, campaign)
    if goal.market is not None and goal.market not in campaign.markets:
        check.errors["market"] = (
            f"{goal.market} is not one of the campaign's markets ({', '.join(campaign.markets)})"
        )
    if goal.baseline is not None and goal.baseline < 0 and goal.kpi != "roi":
        check.errors["baseline"] = f"must be 0 or more (got {goal.baseline:g})"
    return check


def _check_target(check: GoalCheck, kpi: KPI) -> None:
    target, name = check.goal.target, check.goal.kpi
    lowest = -1 if name == "roi" else 0  # break-even (ROI 0) is a fair goal; losing all is not
    if target <= lowest:
        check.errors["target"] = (
            f"must be above {lowest} (got {target:g}): a goal needs a positive number to reach"
            if lowest == 0
            else f"must be above -1 (got {target:g}): ROI -1 means losing the whole spend"
        )
        return
    if kpi.unit == "fraction" and target >= 1:
        if target > 100:
            check.errors["target"] = (
                f"{target:g} is not a share: {kpi.label} is a fraction, e.g. 0.035 for 3.5%"
            )
            return
        check.target = target / 100
        check.notes["target"] = (
            f"{target:g} was read as {target:g}% ({check.target:g}); write {check.target:g} "
            "in the campaign file to say so"
        )
    if name in ("roi", "roas") and target > ROI_PERCENT_HINT:
        check.notes["target"] = (
            f"{kpi.label} {target:g} means revenue of "
            f"{target + 1 if name == 'roi' else target:g} times the cost; "
            f"if you meant {target:g}%, write {target / 100:g}"
        )
    if check.goal.baseline is not None and kpi.unit == "fraction" and check.goal.baseline > 1:
        check.notes["baseline"] = f"baseline {check.goal.baseline:g} was read as a percentage"


def _check_window(check: GoalCheck, campaign: Campaign) -> None:
    deadline = check.goal.deadline
    if deadline is None:
        return
    loyalty = check.kpi is not None and check.kpi.funnel_stage == "loyalty"
    if deadline < campaign.start:
        check.errors["deadline"] = (
            f"{deadline} is before the campaign starts ({campaign.start}); "
            f"use a date from {campaign.start} to {campaign.end}"
        )
    elif deadline > campaign.end and not loyalty:
        check.errors["deadline"] = (
            f"{deadline} is after the campaign ends ({campaign.end}); use a date from "
            f"{campaign.start} to {campaign.end}, or leave it out to read on the last day"
        )


def baseline_value(check: GoalCheck) -> float | None:
    """The baseline, read as a fraction when a share was written as a percentage."""
    baseline = check.goal.baseline
    if baseline is not None and "baseline" in check.notes:
        return baseline / 100
    return baseline


def read_goals(campaign: Campaign, goals: list[Goal] | None = None) -> list[GoalCheck]:
    """Every goal (the campaign file's by default), checked, with duplicates flagged."""
    goals = campaign.goals if goals is None else goals
    checks = [read_goal(campaign, goal, i) for i, goal in enumerate(goals)]
    seen: dict[tuple[str, str | None], int] = {}
    for check in checks:
        key = (check.goal.kpi, check.goal.market)
        if key in seen and not check.errors:
            scope = f"for {key[1]}" if key[1] else "for the whole campaign"
            check.errors["kpi"] = (
                f"goals[{seen[key]}] already sets {key[0]} {scope}; keep one of the two"
            )
        seen.setdefault(key, check.index)
    return checks


def goal_problems(campaign: Campaign, path: str | Path) -> list[str]:
    """Errors in the campaign's goals, one line each, as ``playbook validate`` prints them.

    Parameters
    ----------
    campaign : Campaign
        The loaded campaign.
    path : str or Path
        The campaign file, named at the start of each line.

    Returns
    -------
    list of str
        ``FILE: goals[N].field: what is wrong (what to do)``; empty when every goal is usable.
    """
    return [
        problem(path, f"{check.where}.{name}", message)
        for check in read_goals(campaign)
        for name, message in check.errors.items()
    ]


def goal_notes(campaign: Campaign, path: str | Path) -> list[str]:
    """Assumptions made reading the goals and goals that disagree with each other, one line
    each; they do not make ``playbook validate`` fail."""
    lines = [
        problem(path, f"{check.where}.{name}", f"note: {message}")
        for check in read_goals(campaign)
        for name, message in check.notes.items()
    ]
    sheet = goal_sheet(campaign, roster=pd.DataFrame())  # no roster: percentiles not needed
    conflicts = goal_conflicts(campaign, sheet)
    lines += [
        problem(path, row.goals, f"note: {row.message}")
        for row in conflicts.itertuples()
        if row.severity == "conflict"
    ]
    return lines


# --- suggestions ------------------------------------------------------------------------------

SUGGESTED_KPIS = {
    "awareness": ("reach", "engagement_rate", "cpm"),
    "engagement": ("engagements", "engagement_rate", "cpe"),
    "conversion": ("conversions", "cpa", "clicks"),
}


def suggested_goals(campaign: Campaign) -> list[Goal]:
    """KPIs and targets for a campaign that sets none, from its budget and benchmark prices.

    The main KPI follows the objective (reach, engagements or conversions) with two guardrails;
    each target is what the budget buys at benchmark prices, rounded to two significant digits
    (down for volumes and rates, up for cost caps). Empty when the budget cannot be priced.
    """
    try:
        expected = what_the_budget_buys(campaign)
    except PlanningError:
        return []
    goals = []
    for name in SUGGESTED_KPIS[campaign.objective]:
        value = expected[name]
        if not (math.isfinite(value) and value > 0):
            continue
        kpi = KPI_CATALOGUE[name]
        goals.append(Goal(kpi=name, target=round_target(value, up=not kpi.higher_is_better)))
    return goals


def round_target(value: float, up: bool = False, digits: int = 2) -> float:
    """Round to ``digits`` significant digits, down (or up, for caps), so a suggested target
    stays on the right side of the benchmark."""
    if value <= 0 or not math.isfinite(value):
        return value
    scale = 10 ** (math.floor(math.log10(value)) - digits + 1)
    # the nudge keeps an exact value (8.0) from being pushed a step by float noise
    steps = value / scale
    rounded = (math.ceil(steps - 1e-9) if up else math.floor(steps + 1e-9)) * scale
    return float(f"{rounded:.12g}")


# --- the SMART check --------------------------------------------------------------------------


@dataclass
class Context:
    """What every goal is checked against: the campaign, what the budget buys, the roster."""

    campaign: Campaign
    expected: dict[str, float] | None
    planning_problem: str | None
    rates: pd.DataFrame
    roster: pd.DataFrame
    checks: list[GoalCheck]


def _context(campaign: Campaign, checks: list[GoalCheck], roster: pd.DataFrame | None) -> Context:
    try:
        expected, planning_problem = what_the_budget_buys(campaign), None
    except PlanningError as error:
        expected, planning_problem = None, str(error)
    rates = planning_rates(campaign) if planning_problem is None else pd.DataFrame()
    return Context(
        campaign, expected, planning_problem, rates, eligible_roster(campaign, roster), checks
    )


def eligible_roster(campaign: Campaign, roster: pd.DataFrame | None = None) -> pd.DataFrame:
    """The roster's eligible creators in the campaign's markets, with tier and ER per follower;
    empty when the roster cannot be read (the percentile context is then left out)."""
    if roster is None:
        from helpers.data import load_table

        try:
            roster = load_table(campaign.data.roster, "roster")
        except InputError:
            return pd.DataFrame()
    if roster.empty:
        return roster
    chosen = roster[
        roster["market"].isin(campaign.markets)
        & roster["platform"].isin(campaign.vetting.platforms)
    ].copy()
    chosen["tier"] = reference.assign_tier(chosen["followers"]).astype("string")
    chosen = chosen[chosen["tier"].isin(campaign.vetting.tiers)]
    chosen["engagement_rate"] = metrics.engagement_rate(
        chosen["avg_likes"], chosen["avg_comments"], chosen["followers"]
    )
    return chosen.dropna(subset=["engagement_rate"])


def assess_goals(
    campaign: Campaign, goals: list[Goal] | None = None, roster: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The goal sheet for any list of goals (the campaign's own by default), without the
    suggestions :func:`goal_sheet` adds; the goal builder checks a draft goal with it."""
    checks = read_goals(campaign, goals)
    context = _context(campaign, checks, roster)
    return pd.DataFrame([_sheet_row(check, context) for check in checks], columns=SHEET_COLUMNS)


SHEET_COLUMNS = [
    "index", "kpi", "label", "target", "unit", "baseline", "deadline", "market", "funnel_stage",
    "definition", "formula", "data_source", "higher_is_better", "suggested", "expected",
    "coverage", "specific", "specific_note", "measurable", "measurable_note", "achievable",
    "achievable_note", "relevant", "relevant_note", "time_bound", "time_bound_note", "verdict",
    "errors",
]  # fmt: skip


def goal_sheet(campaign: Campaign, roster: pd.DataFrame | None = None) -> pd.DataFrame:
    """The campaign's goals, each checked letter by letter (SMART).

    When the campaign sets no usable goal, the sheet holds suggestions instead (``suggested``
    is True), derived from the budget and benchmark prices; goals with errors stay on the sheet
    with verdict ``invalid`` so the report can show what is wrong.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    roster : DataFrame, optional
        The roster for the per-follower engagement percentiles; read from the campaign's
        roster file when omitted (pass an empty frame to leave the percentiles out).

    Returns
    -------
    DataFrame
        One row per goal: ``index`` (position in the campaign file; NaN for suggestions),
        ``kpi``, ``label``, ``target`` (shares as fractions), ``unit``, ``baseline``,
        ``deadline``, ``market``, ``funnel_stage``, ``definition``, ``formula``,
        ``data_source``, ``higher_is_better``, ``suggested``, ``expected`` (what the budget
        buys by the deadline at benchmark prices, NaN without a benchmark), ``coverage``
        (expected / target, or target / expected cost for caps: 1 = exactly enough), one
        status (``pass``, ``warn``, ``fail``) and one ``*_note`` sentence per letter
        (``specific``, ``measurable``, ``achievable``, ``relevant``, ``time_bound``),
        ``verdict`` (the worst letter, or ``invalid``) and ``errors``.
    """
    checks = read_goals(campaign)
    if not any(not check.errors for check in checks):
        checks += [
            GoalCheck(None, goal, KPI_CATALOGUE[goal.kpi], goal.target, suggested=True)
            for goal in suggested_goals(campaign)
        ]
    context = _context(campaign, checks, roster)
    rows = [_sheet_row(check, context) for check in checks]
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


def _sheet_row(check: GoalCheck, context: Context) -> dict[str, object]:
    campaign, kpi, goal = context.campaign, check.kpi, check.goal
    letters = {
        "specific": _specific(check, context),
        "measurable": _measurable(check),
        "achievable": _achievable(check, context),
        "relevant": _relevant(check, context),
        "time_bound": _time_bound(check, campaign),
    }
    expected, coverage = _expected_and_coverage(check, context)
    row = {
        "index": check.index,
        "kpi": goal.kpi,
        "label": kpi.label if kpi else goal.kpi,
        "target": check.target,
        "unit": kpi.unit if kpi else "",
        "baseline": baseline_value(check),
        "deadline": goal.deadline or campaign.end,
        "market": goal.market,
        "funnel_stage": kpi.funnel_stage if kpi else "",
        "definition": kpi.definition if kpi else "",
        "formula": kpi.formula if kpi else "",
        "data_source": ", ".join(kpi.data_source) if kpi else "",
        "higher_is_better": kpi.higher_is_better if kpi else True,
        "suggested": check.suggested,
        "expected": expected,
        "coverage": coverage,
    }
    for letter, (status, note) in letters.items():
        row[letter], row[f"{letter}_note"] = status, note
    worst = max((status for status, _ in letters.values()), key=STATUS_RANK.__getitem__)
    row["verdict"] = "invalid" if check.errors else worst
    row["errors"] = "; ".join(f"{name}: {text}" for name, text in check.errors.items())
    return row


def _specific(check: GoalCheck, context: Context) -> tuple[str, str]:
    campaign, kpi, goal = context.campaign, check.kpi, check.goal
    if kpi is None:
        return "fail", f"{check.errors['kpi']}: pick a KPI from the catalogue below."
    if "market" in check.errors:
        return "fail", f"{check.errors['market']}: name one of them, or leave market out."
    audience = campaign.audience
    who = []
    if audience.age != (18, 65) or audience.countries or audience.interests:
        who.append(f"people aged {audience.age[0]}–{audience.age[1]}")
    if audience.interests:
        who.append(f"interested in {', '.join(audience.interests)}")
    if goal.market:
        where = f"in {goal.market} only"
    elif len(campaign.markets) > 1:
        where = f"across {', '.join(campaign.markets)}"
    else:
        where = f"in {campaign.markets[0]}"
    extra = {
        "reach": " Say in the brief that it is summed post reach, not unique people.",
        "conversions": " Say in the brief which event counts (order, install, trial or paid "
        "subscription) and the attribution window.",
        "sign_ups": " Say in the brief which sign-up event counts and the attribution window.",
        "engagement_rate": " Always state the denominator: here it is reach, not followers.",
    }.get(goal.kpi, "")
    sentence = f"{kpi.label} {where}"
    needs_who = (
        kpi.funnel_stage in ("awareness", "consideration")
        and kpi.higher_is_better
        and not goal.market
    )
    if needs_who and not who and len(campaign.markets) > 1:
        return "warn", (
            f"{sentence}, but reaching whom? Name the audience in the campaign file "
            "(audience: countries, age, interests) or a market for this goal." + extra
        )
    among = f", among {' '.join(who)}" if who else ""
    return "pass", f"{sentence}{among}.{extra}"


def _measurable(check: GoalCheck) -> tuple[str, str]:
    kpi = check.kpi
    if kpi is None:
        return "fail", "Cannot be measured until the KPI is one the playbook knows."
    if "target" in check.errors:
        return "fail", f"Target {check.errors['target']}."
    if kpi.data_source:
        sentence = (
            f"Numeric target, read from the results file as {kpi.formula} "
            f"(columns {', '.join(kpi.data_source)}); monitoring and ROI score it the same way."
        )
        status = "pass"
    else:
        sentence = (
            f"Numeric target, but the results file has no column for {kpi.label}: take it from "
            f"{kpi.how_to_measure} and record it, or monitoring and ROI will show it as not "
            "measured."
        )
        status = "warn"
    for note in check.notes.values():
        status, sentence = "warn", f"{note[0].upper()}{note[1:]}. {sentence}"
    return status, sentence


def _achievable(check: GoalCheck, context: Context) -> tuple[str, str]:
    kpi, campaign = check.kpi, context.campaign
    if kpi is None or "target" in check.errors:
        return "warn", "Not checked until the goal has a known KPI and a valid target."
    if context.expected is None:
        return "warn", f"Not checked against the budget: {context.planning_problem}."
    expected, coverage = _expected_and_coverage(check, context)
    baseline = _baseline_sentence(check)
    if not math.isfinite(coverage):
        if baseline:
            return baseline
        if campaign.budget == 0 and check.goal.kpi in (*VOLUMES, "sign_ups"):
            return "warn", (
                "The budget is 0, so it buys nothing at benchmark prices (gifted and barter "
                "collaborations are not priced here): give a baseline to compare with."
            )
        return "warn", (
            f"No benchmark on file for {kpi.label}, so the playbook cannot say whether "
            f"{_fmt(check.target, kpi.unit, campaign.currency)} is realistic: give a baseline "
            "(last campaign's value) to compare with."
        )
    status = "pass" if coverage >= 1 else "warn" if coverage >= WITHIN_REACH else "fail"
    sentence = _coverage_sentence(check, context, expected, coverage)
    if kpi.unit == "fraction" and check.goal.kpi == "engagement_rate":
        sentence += _per_follower_context(check.target, context)
    if baseline and baseline[0] != "pass":
        status = max(status, baseline[0], key=STATUS_RANK.__getitem__)
        sentence += " " + baseline[1]
    return status, sentence


def _expected_and_coverage(check: GoalCheck, context: Context) -> tuple[float, float]:
    """What the budget buys for this goal by its deadline (market share and pacing applied),
    and the coverage of its target (>= 1: affordable at benchmark prices)."""
    kpi = check.kpi
    if kpi is None or context.expected is None or "target" in check.errors:
        return float("nan"), float("nan")
    expected = context.expected.get(check.goal.kpi, float("nan"))
    if kpi.unit == "count":
        expected *= _market_share(check, context.campaign) * _paced_share(check, context.campaign)
    if not math.isfinite(expected) or expected <= 0:
        return expected, float("nan")
    coverage = expected / check.target if kpi.higher_is_better else check.target / expected
    return expected, coverage


def _market_share(check: GoalCheck, campaign: Campaign) -> float:
    """A goal for one market gets that market's share of the budget: its audience share, or
    an equal split when the campaign gives none."""
    market = check.goal.market
    if market is None or market not in campaign.markets:
        return 1.0
    return campaign.audience.countries.get(market, 1 / len(campaign.markets))


def _paced_share(check: GoalCheck, campaign: Campaign) -> float:
    """Share of the budget spent by the deadline, pacing spend evenly over the window."""
    deadline = check.goal.deadline
    if deadline is None or deadline >= campaign.end or deadline < campaign.start:
        return 1.0
    return ((deadline - campaign.start).days + 1) / campaign.days


def _coverage_sentence(check: GoalCheck, context: Context, expected: float, coverage: float):
    kpi, campaign, name = check.kpi, context.campaign, check.goal.kpi
    money = campaign.currency
    target_text = _fmt(check.target, kpi.unit, money)
    expected_text = _fmt(_approx(expected) if kpi.unit == "count" else expected, kpi.unit, money)
    scope = []
    if check.goal.market in campaign.markets:
        scope.append(f"{check.goal.market}'s {_market_share(check, campaign):.0%} of the budget")
    if _paced_share(check, campaign) < 1:
        scope.append(f"{_paced_share(check, campaign):.0%} of it spent by {check.goal.deadline}")
    scope_text = f" ({'; '.join(scope)}, evenly paced)" if scope else ""
    basis = _basis(name, context)
    if kpi.unit == "count":
        if coverage >= 1:
            if coverage < TIGHT:
                return (
                    f"The budget buys ~{expected_text}{scope_text} {basis}, only "
                    f"{coverage - 1:.0%} more than the target of {target_text}. Tight: little "
                    "room if prices run above benchmark."
                )
            return (
                f"The budget buys ~{expected_text}{scope_text} {basis}, "
                f"{coverage:.1f}x the target of {target_text}."
            )
        return (
            f"Needs ~{1 / coverage:.1f}x the budget: it buys ~{expected_text}{scope_text} {basis}, "
            f"short of {target_text}. Raise the budget, pick cheaper platforms or tiers, or lower "
            f"the target to ~{_fmt(round_target(expected), kpi.unit, money)}."
        )
    if not kpi.higher_is_better:
        if coverage >= 1:
            return (
                f"The benchmark {kpi.label} {basis} is ~{expected_text}, within your cap of "
                f"{target_text}."
            )
        return (
            f"The benchmark {kpi.label} {basis} is ~{expected_text}, {1 / coverage:.1f}x your "
            f"cap of {target_text}: negotiate below benchmark prices, or raise the cap."
        )
    if coverage >= 1:
        return f"{target_text} is within the ~{expected_text} {basis}."
    return (
        f"{target_text} is {1 / coverage:.1f}x the ~{expected_text} {basis}: plan creators and "
        "formats that beat the benchmark, or lower the target."
    )


def _basis(name: str, context: Context) -> str:
    """How an expected value was priced, in words."""
    platforms = platform_list(context.campaign.vetting.platforms)
    frequency = _rate(context.rates, "frequency", "all")
    return {
        "impressions": f"at benchmark CPM on {platforms}",
        "reach": f"at benchmark CPM on {platforms} and {frequency:g} impressions per account "
        "reached",
        "views": f"at benchmark CPM on {platforms} and the playbook's views per impression",
        "engagements": f"at benchmark CPE on {platforms}",
        "clicks": f"at benchmark CPM on {platforms} and the playbook's click-through rates",
        "conversions": f"at benchmark CPM on {platforms}, the playbook's click-through rates "
        "and conversions per click",
        "sign_ups": f"at benchmark CPM on {platforms}, the playbook's click-through rates and "
        "conversions per click",
        "engagement_rate": f"per reach that benchmark CPM and CPE imply on {platforms} (at "
        f"{frequency:g} impressions per account reached)",
        "ctr": f"the playbook assumes on {platforms}",
        "conversion_rate": "the playbook assumes",
        "cpm": f"for {platforms}",
        "cpe": f"for {platforms}",
        "cpc": f"on {platforms} (benchmark CPM and the playbook's click-through rates)",
        "cpa": f"on {platforms} (benchmark CPM, the playbook's click-through and conversion rates)",
    }.get(name, "")


def _per_follower_context(target: float, context: Context) -> str:
    """Where the target would sit among the roster's creators if it were read per follower,
    the usual published definition (guide chapter 2, step 3)."""
    roster = context.roster
    if roster.empty:
        return ""
    groups = []
    for (platform, tier), group in roster.groupby(["platform", "tier"], observed=True):
        if len(group) >= MIN_PEERS:
            rank = float((group["engagement_rate"] < target).mean())
            groups.append((rank, f"{tier} {PLATFORM_NAMES.get(platform, platform)}"))
    if not groups:
        return ""
    rank, name = max(groups)
    place = (
        "above the 90th percentile"
        if rank >= 0.9
        else f"at the {_ordinal(round(rank * 100))} percentile"
    )
    return (
        f" Read per follower instead (the usual published definition), "
        f"{_fmt(target, 'fraction', '')} would be {place} of {name} creators on the roster: "
        "write down that the target is per reach."
    )


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def _baseline_sentence(check: GoalCheck) -> tuple[str, str] | None:
    baseline, kpi = baseline_value(check), check.kpi
    if baseline is None or kpi is None:
        return None
    currency = ""
    target_text, base_text = _fmt(check.target, kpi.unit, currency), _fmt(baseline, kpi.unit, "")
    better = check.target > baseline if kpi.higher_is_better else check.target < baseline
    if not better:
        return "warn", (
            f"The target {target_text} is no better than today's baseline {base_text}: it is met "
            "before the campaign starts; set a target that asks for progress."
        )
    if baseline == 0:
        return "pass", "Up from a baseline of 0; no benchmark to check the size of the step."
    change = check.target / baseline
    step = f"{change:.1f}x" if kpi.higher_is_better else f"{1 / change:.1f}x lower than"
    status = "pass" if 1 / 1.5 <= change <= 1.5 else "warn"
    advice = "" if status == "pass" else " A big step from the baseline: explain what changes."
    return status, f"The target is {step} the baseline of {base_text}.{advice}"


def _relevant(check: GoalCheck, context: Context) -> tuple[str, str]:
    kpi, campaign = check.kpi, context.campaign
    if kpi is None:
        return "warn", "Not checked until the KPI is one the playbook knows."
    main_stage = OBJECTIVE_STAGE[campaign.objective]
    distance = abs(FUNNEL_STAGES.index(kpi.funnel_stage) - FUNNEL_STAGES.index(main_stage))
    has_main = any(
        c.kpi is not None and c.kpi.funnel_stage == main_stage and not c.errors
        for c in context.checks
    )
    objective = f"the {campaign.objective} objective"
    if distance == 0:
        return "pass", f"{kpi.label} is {_a(kpi.funnel_stage)} KPI: it measures {objective}."
    mains = ", ".join(name for name, k in KPI_CATALOGUE.items() if k.funnel_stage == main_stage)
    if distance == 1 and has_main:
        return "pass", (
            f"A guardrail: {kpi.label} is {_a(kpi.funnel_stage)} KPI next to {objective}; it "
            "checks the main KPI is won in a useful way."
        )
    if not has_main:
        return "warn" if distance == 1 else "fail", (
            f"{kpi.label} is {_a(kpi.funnel_stage)} KPI, but no goal measures {objective}: add a "
            f"main KPI at the {main_stage} stage ({mains})."
        )
    return "warn", (
        f"{kpi.label} is {_a(kpi.funnel_stage)} KPI, two funnel stages from {objective}: it will "
        "move little; keep it as a guardrail only, or drop it."
    )


def _time_bound(check: GoalCheck, campaign: Campaign) -> tuple[str, str]:
    if "deadline" in check.errors:
        return "fail", f"The deadline {check.errors['deadline']}."
    deadline = check.goal.deadline
    loyalty = check.kpi is not None and check.kpi.funnel_stage == "loyalty"
    late_arrivals = check.kpi is not None and check.kpi.funnel_stage == "conversion"
    if deadline is None:
        if loyalty:
            return "warn", (
                f"Read on {campaign.end}, the campaign's last day (the default), but "
                "repeat purchases and retention show 30 to 90 days later: set a deadline "
                "after the end."
            )
        tail = (
            " Conversions keep arriving after the last post: agree when they stop counting."
            if late_arrivals
            else ""
        )
        return "pass", f"Read on {campaign.end}, the campaign's last day (the default).{tail}"
    if deadline > campaign.end:
        return "pass", (
            f"Read on {deadline}, {(deadline - campaign.end).days} days after the campaign "
            "ends, as loyalty KPIs are."
        )
    day = (deadline - campaign.start).days + 1
    if loyalty:
        return "warn", (
            f"Read on {deadline}, inside the campaign, but repeat purchases and retention show "
            "30 to 90 days later: move the deadline after the end."
        )
    return "pass", f"Read on {deadline}, day {day} of the {campaign.days}-day campaign."


# --- goals that disagree with each other ------------------------------------------------------

CAPS = {"cpm": ("impressions", "reach"), "cpe": ("engagements",), "cpc": ("clicks",),
        "cpa": ("conversions", "sign_ups")}  # fmt: skip
TRIPLES = (
    ("engagements", "reach", "engagement_rate"),
    ("clicks", "impressions", "ctr"),
    ("conversions", "clicks", "conversion_rate"),
)


def goal_conflicts(campaign: Campaign, sheet: pd.DataFrame) -> pd.DataFrame:
    """Pairs and triples of goals that pull against each other, with the arithmetic.

    - a volume target and a cost cap on the same thing: spending the whole budget at the cap
      must buy at least the volume (reach needs reach × frequency impressions), else they
      only both hold if prices come in below the cap (``conflict``); exactly the volume leaves
      no slack (``note``);
    - two volume targets and the rate between them (engagements, reach and engagement rate;
      clicks, impressions and CTR; conversions, clicks and conversion rate): the implied rate
      is compared with the rate target, or with the playbook's planning rate (``note``), and
      a rate above 100% is a ``conflict``;
    - ROI and ROAS together: ROAS = ROI + 1, the stricter one decides (``note``).

    Returns
    -------
    DataFrame
        ``goals`` (``goals[0], goals[2]``), ``severity`` (``conflict`` or ``note``) and
        ``message``.
    """
    usable = sheet[sheet["verdict"] != "invalid"]
    rows = []
    for market, goals in usable.groupby(usable["market"].fillna(""), sort=False):
        by_kpi = {row.kpi: row for row in goals.itertuples()}
        rows += _cap_conflicts(campaign, by_kpi, market)
        rows += _rate_conflicts(campaign, by_kpi)
        if "roi" in by_kpi and "roas" in by_kpi:
            roi, roas = by_kpi["roi"], by_kpi["roas"]
            if not math.isclose(roi.target + 1, roas.target, rel_tol=0.01):
                stricter = "ROAS" if roas.target > roi.target + 1 else "ROI"
                rows.append(_conflict([roi, roas], "note", (
                    f"ROI {roi.target:g} means ROAS {roi.target + 1:g}, but the ROAS target is "
                    f"{roas.target:g}: the {stricter} target is the stricter one and decides."
                )))  # fmt: skip
    return pd.DataFrame(rows, columns=["goals", "severity", "message"])


def _label(row) -> str:
    return "suggested" if pd.isna(row.index) else f"goals[{int(row.index)}]"


def _conflict(rows: list, severity: str, message: str) -> dict[str, str]:
    return {"goals": ", ".join(_label(r) for r in rows), "severity": severity, "message": message}


def _cap_conflicts(campaign: Campaign, by_kpi: dict, market: str) -> list[dict[str, str]]:
    rows = []
    money = campaign.currency
    share = campaign.audience.countries.get(market, 1 / len(campaign.markets)) if market else 1
    budget = campaign.budget * share
    frequency = _planning_frequency(campaign)
    for cap_name, volume_names in CAPS.items():
        if cap_name not in by_kpi:
            continue
        cap = by_kpi[cap_name]
        for volume_name in volume_names:
            if volume_name not in by_kpi:
                continue
            volume = by_kpi[volume_name]
            units = volume.target * (frequency if volume_name == "reach" else 1)
            per = 1000 if cap_name == "cpm" else 1
            bought = budget / cap.target * per
            needed_cost = budget / units * per
            what = "impressions" if cap_name == "cpm" else volume.label.lower()
            budget_text = _fmt(budget, "money", money)
            if bought < units * 0.995:
                reach_note = (
                    f" (reach {volume.target:,.0f} needs ~{units:,.0f} impressions at "
                    f"{frequency:g} per account)"
                    if volume_name == "reach"
                    else ""
                )
                rows.append(_conflict([volume, cap], "conflict", (
                    f"{volume.label} {_fmt(volume.target, volume.unit, money)} and "
                    f"{cap.label} at most {_fmt(cap.target, 'money', money)} disagree: "
                    f"{budget_text} spent at the cap buys {bought:,.0f} {what}{reach_note}. "
                    f"Both hold only if {cap.label} comes in at or below "
                    f"{_fmt(needed_cost, 'money', money)}: lower the cap to that, or the "
                    f"{volume.label.lower()} target, or raise the budget."
                )))  # fmt: skip
            elif bought < units * 1.02:
                rows.append(_conflict([volume, cap], "note", (
                    f"{volume.label} {_fmt(volume.target, volume.unit, money)} at "
                    f"{cap.label} {_fmt(cap.target, 'money', money)} takes exactly the "
                    f"{budget_text} budget: no slack. If {what} come in 10% short at full "
                    f"spend, {cap.label} is {_fmt(needed_cost / 0.9, 'money', money)} and "
                    "misses; decide now which goal wins."
                )))  # fmt: skip
    return rows


def _planning_frequency(campaign: Campaign) -> float:
    if campaign.assumptions.frequency is not None:
        return campaign.assumptions.frequency
    table = reference.reference_table("planning_rates")
    return float(table.loc[table["rate"] == "frequency", "value"].iloc[0])


def _rate_conflicts(campaign: Campaign, by_kpi: dict) -> list[dict[str, str]]:
    rows = []
    for numerator, denominator, rate_name in TRIPLES:
        if numerator not in by_kpi or denominator not in by_kpi:
            continue
        top, bottom = by_kpi[numerator], by_kpi[denominator]
        implied = top.target / bottom.target
        pair = (
            f"{top.label} {top.target:,.0f} from {bottom.label.lower()} {bottom.target:,.0f} "
            f"means a {KPI_CATALOGUE[rate_name].label.lower()} of {_fmt(implied, 'fraction', '')}"
        )
        if implied > 1:
            rows.append(_conflict([top, bottom], "conflict", f"{pair}, above 100%: impossible."))
        elif rate_name in by_kpi:
            rate = by_kpi[rate_name]
            if implied < rate.target * 0.995:
                rows.append(_conflict([top, bottom, rate], "note", (
                    f"{pair}, below the {_fmt(rate.target, 'fraction', '')} target: hitting "
                    f"both volume targets exactly misses the rate target."
                )))  # fmt: skip
        elif rate_name == "conversion_rate":
            planned = _planned_conversion_rate(campaign)
            if implied > planned:
                rows.append(_conflict([top, bottom], "note", (
                    f"{pair}; the playbook plans with {_fmt(planned, 'fraction', '')}. "
                    "Decide whether a conversion means an install, a trial or a paid order."
                )))  # fmt: skip
    return rows


def _planned_conversion_rate(campaign: Campaign) -> float:
    if campaign.assumptions.conversion_rate is not None:
        return campaign.assumptions.conversion_rate
    table = reference.reference_table("planning_rates")
    return float(table.loc[table["rate"] == "conversion_rate", "value"].iloc[0])


# --- the goals document and the finding -------------------------------------------------------


def goals_document(campaign: Campaign, sheet: pd.DataFrame | None = None) -> dict[str, object]:
    """The content of ``goals.json``: the goals later stages score against.

    Only usable goals are listed (suggestions when the campaign sets none); goals with errors
    are kept apart under ``rejected`` with the reason.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    sheet : DataFrame, optional
        :func:`goal_sheet` output, computed when omitted.

    Returns
    -------
    dict
        ``campaign_id``, ``objective``, ``currency``, ``start``, ``end`` (ISO dates),
        ``goals``: a list of ``{kpi, label, target, unit, baseline, deadline, market,
        funnel_stage, formula, suggested, smart}`` plus ``higher_is_better``, ``data_source``
        (results columns), ``expected`` and ``verdict``; ``smart`` maps each letter to
        ``{status, note}``. Also ``rejected`` (``{index, kpi, errors}``) and ``assumptions``
        (the rates the feasibility check used).
    """
    sheet = goal_sheet(campaign) if sheet is None else sheet
    usable = sheet[sheet["verdict"] != "invalid"]
    goals = [_goal_record(row) for row in usable.to_dict("records")]
    rejected = [
        {"index": int(row["index"]), "kpi": row["kpi"], "errors": row["errors"]}
        for row in sheet[sheet["verdict"] == "invalid"].to_dict("records")
    ]
    try:
        rates = planning_rates(campaign)
        assumptions = _records(rates)
    except PlanningError:
        assumptions = []
    return {
        "campaign_id": campaign.id,
        "objective": campaign.objective,
        "currency": campaign.currency,
        "start": campaign.start.isoformat(),
        "end": campaign.end.isoformat(),
        "goals": goals,
        "rejected": rejected,
        "assumptions": assumptions,
    }


def _goal_record(row: dict[str, object]) -> dict[str, object]:
    return {
        "kpi": row["kpi"],
        "label": row["label"],
        "target": _plain(row["target"]),
        "unit": row["unit"],
        "baseline": _plain(row["baseline"]),
        "deadline": row["deadline"].isoformat(),
        "market": row["market"],
        "funnel_stage": row["funnel_stage"],
        "formula": row["formula"],
        "suggested": bool(row["suggested"]),
        "smart": {
            letter: {"status": row[letter], "note": row[f"{letter}_note"]} for letter in LETTERS
        },
        "higher_is_better": bool(row["higher_is_better"]),
        "data_source": [c for c in str(row["data_source"]).split(", ") if c],
        "expected": _plain(row["expected"]),
        "verdict": row["verdict"],
    }


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _plain(value: object) -> object:
    """JSON-friendly: NaN and None become null, numpy numbers plain floats."""
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        return None if not math.isfinite(value) else float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def goals_summary(campaign: Campaign, sheet: pd.DataFrame, conflicts: pd.DataFrame) -> str:
    """The stage's finding in two or three sentences of Markdown."""
    money = campaign.currency
    budget = f"{money} {campaign.budget:,.0f}"
    invalid = sheet[sheet["verdict"] == "invalid"]
    usable = sheet[sheet["verdict"] != "invalid"]
    lines = []
    if usable["suggested"].any():
        reason = "sets no goals" if invalid.empty else "sets no usable goal"
        lines.append(
            f"The campaign {reason}, so the sheet **suggests {len(usable)}** from the "
            f"{budget} budget at benchmark prices: "
            + "; ".join(_goal_phrase(row, money) for row in usable.itertuples())
            + ". Copy them into the campaign file once you agree."
        )
    elif len(usable):
        smart = int((usable["verdict"] == "pass").sum())
        lines.append(
            f"**{smart} of {len(usable)} {'usable ' if len(invalid) else ''}goals pass every "
            f"SMART letter** on a {budget} budget."
        )
    if len(invalid):
        lines.append(
            f"**{len(invalid)} goal{'s' if len(invalid) > 1 else ''} cannot be used** "
            f"({', '.join(f'goals[{int(r.index)}] {r.kpi}' for r in invalid.itertuples())}): "
            "the table of goals that cannot be used says why and how to fix each."
        )
    ranked = usable.assign(_cov=usable["coverage"].fillna(np.inf)).sort_values("_cov")
    if len(ranked) and math.isfinite(ranked["_cov"].iloc[0]) and not usable["suggested"].any():
        worst = ranked.iloc[0]
        word = "Hardest" if worst["_cov"] < 1 else "Tightest"
        lines.append(f"{word}: {worst['label']}. {worst['achievable_note'].split(' Read per')[0]}")
    clashes = conflicts[conflicts["severity"] == "conflict"]
    if len(clashes):
        lines.append(f"Goals that disagree: {clashes['message'].iloc[0]}")
    if not lines:
        try:
            budget_plan(campaign)
            reason = "the budget buys none of the suggested KPIs"
        except PlanningError as error:
            reason = str(error)
        lines.append(f"The campaign sets no goals, and the playbook cannot suggest any: {reason}.")
    return " ".join(lines)


def _goal_phrase(row, currency: str) -> str:
    kpi = KPI_CATALOGUE[row.kpi]
    bound = "at most " if not kpi.higher_is_better else ""
    return f"{kpi.label} {bound}{_fmt(row.target, kpi.unit, currency)}"


def _fmt(value: float, unit: str, currency: str) -> str:
    """A number as a marketer reads it: 1,500,000; 3.5%; EUR 12.50; 2.1x."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "fraction":
        return f"{value:.1%}" if value >= 0.01 else f"{value:.2%}"
    if unit == "money":
        amount = f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
        return f"{currency} {amount}".strip()
    if unit == "ratio":
        return f"{value:.2f}"
    return f"{value:,.0f}"


def format_target(value: float, unit: str, currency: str, approximate: bool = False) -> str:
    """A target or expected value formatted for the goal sheet; ``approximate`` rounds counts
    to two significant digits (estimates from benchmarks are not precise to the unit)."""
    if approximate and unit == "count":
        value = _approx(value)
    return _fmt(value, unit, currency)


def letter_marks(row: pd.Series | dict) -> str:
    """``S✓ M✓ A! R✓ T✓``: the five letters at a glance."""
    return " ".join(f"{LETTER_NAMES[letter][0]}{STATUS_MARK[row[letter]]}" for letter in LETTERS)


def iter_letters(row: pd.Series | dict) -> Iterator[tuple[str, str, str]]:
    """Each letter's name, status and sentence, in SMART order."""
    for letter in LETTERS:
        yield LETTER_NAMES[letter], row[letter], row[f"{letter}_note"]


# --- tables for the report --------------------------------------------------------------------


def sheet_table(sheet: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The usable goals for people: targets formatted in their unit, SMART marks at a glance."""
    usable = sheet[sheet["verdict"] != "invalid"]
    return pd.DataFrame(
        {
            "goal": [
                f"{label} (suggested)" if suggested else label
                for label, suggested in zip(usable["label"], usable["suggested"], strict=True)
            ],
            "target": [
                ("≤ " if not row.higher_is_better else "") + _fmt(row.target, row.unit, currency)
                for row in usable.itertuples()
            ],
            "baseline": [
                _fmt(row.baseline, row.unit, currency) if pd.notna(row.baseline) else "–"
                for row in usable.itertuples()
            ],
            "budget buys": [
                format_target(row.expected, row.unit, currency, approximate=True)
                for row in usable.itertuples()
            ],
            "deadline": usable["deadline"].astype(str),
            "market": usable["market"].fillna("all"),
            "funnel stage": usable["funnel_stage"],
            "SMART": [letter_marks(row) for row in usable.to_dict("records")],
            "verdict": usable["verdict"].map(VERDICT_WORDS),
        }
    )


VERDICT_WORDS = {"pass": "SMART", "warn": "check the ! letters", "fail": "fix the ✗ letters"}


def rejected_table(sheet: pd.DataFrame) -> pd.DataFrame:
    """Goals that cannot be used, with what is wrong and how to fix it."""
    invalid = sheet[sheet["verdict"] == "invalid"]
    return pd.DataFrame(
        {
            "goal": [f"goals[{int(i)}]" for i in invalid["index"]],
            "kpi": invalid["kpi"],
            "target": invalid["target"].map(lambda v: f"{v:g}"),
            "what is wrong": invalid["errors"],
        }
    )


def letters_table(row: pd.Series | dict) -> pd.DataFrame:
    """One goal's five letters: name, mark and the sentence to act on."""
    return pd.DataFrame(
        [
            (name, f"{STATUS_MARK[status]} {status}", note)
            for name, status, note in iter_letters(row)
        ],
        columns=["letter", "status", "what it means"],
    )


def goal_title(row: pd.Series | dict, currency: str) -> str:
    """``Reach ≥ 1,500,000`` or ``CPA ≤ USD 20.00 (suggested)``."""
    sign = "≥" if row["higher_is_better"] else "≤"
    scope = f" in {row['market']}" if isinstance(row["market"], str) else ""
    suggested = " (suggested)" if row["suggested"] else ""
    target = _fmt(row["target"], row["unit"], currency)
    return f"{row['label']} {sign} {target}{scope}{suggested}"


def engagement_context(campaign: Campaign, roster: pd.DataFrame) -> pd.DataFrame:
    """Per-follower engagement for the campaign's platforms and tiers: the published benchmark
    next to the roster's median and 90th percentile (context for engagement-rate targets).

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``benchmark`` (per follower), ``benchmark_source``,
        ``creators`` on the roster, ``roster_median``, ``roster_p90``.
    """
    rows = []
    for platform in campaign.vetting.platforms:
        for tier in campaign.vetting.tiers:
            try:
                benchmark = reference.engagement_benchmark_for(platform, tier)
                rate = float(benchmark["engagement_rate"])
                scope = "" if benchmark["tier"] == tier else " (all tiers)"
                source = f"{benchmark['source']} ({benchmark['year']}){scope}"
            except KeyError:
                rate, source = float("nan"), "no published benchmark"
            group = roster
            if len(roster):
                group = roster[(roster["platform"] == platform) & (roster["tier"] == tier)]
            rates = group["engagement_rate"] if len(group) else pd.Series(dtype=float)
            rows.append(
                {
                    "platform": PLATFORM_NAMES.get(platform, platform),
                    "tier": tier,
                    "benchmark": rate,
                    "benchmark_source": source,
                    "creators": len(rates),
                    "roster_median": rates.median() if len(rates) else float("nan"),
                    "roster_p90": rates.quantile(0.9) if len(rates) else float("nan"),
                }
            )
    columns = ["platform", "tier", "benchmark", "benchmark_source", "creators", "roster_median",
               "roster_p90"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def plan_table(plan: pd.DataFrame) -> pd.DataFrame:
    """:func:`budget_plan` with platform names and a total row (CPM and CPE blended)."""
    table = plan.drop(columns="budget_usd").copy()
    total = {column: table[column].sum() for column in ("budget", *VOLUMES)}
    total["cpm"] = metrics.cpm(total["budget"], total["impressions"])
    total["cpe"] = metrics.cpe(total["budget"], total["engagements"])
    table = pd.concat([table, pd.DataFrame([{"platform": "total", **total}])], ignore_index=True)
    table["platform"] = table["platform"].map(lambda p: PLATFORM_NAMES.get(p, p))
    return table


RATE_NAMES = {"cpm": "CPM", "cpe": "CPE", "click_through_rate": "click-through rate"}


def rates_table(campaign: Campaign) -> pd.DataFrame:
    """The planning rates in use, CPM and CPE shown in the campaign currency too."""
    rates = planning_rates(campaign)
    to_campaign = 1 / _usd_rate(campaign)[0]
    money = rates["rate"].isin(["cpm", "cpe"])
    shown = rates["value"].where(~money, rates["value"] * to_campaign)
    value_text = [
        (
            f"{campaign.currency} {v:,.2f}"
            + (f" (USD {u:,.2f})" if campaign.currency != "USD" else "")
        )
        if is_money
        else (f"{v:.1%}" if rate != "frequency" and v < 1 else f"{v:g}")
        for v, u, is_money, rate in zip(shown, rates["value"], money, rates["rate"], strict=True)
    ]
    return pd.DataFrame(
        {
            "rate": rates["rate"].map(lambda r: RATE_NAMES.get(r, r.replace("_", " "))),
            "platform": rates["platform"].map(lambda p: PLATFORM_NAMES.get(p, p)),
            "value": value_text,
            "definition": rates["definition"],
            "basis": rates["basis"],
            "source": [
                f"{s} ({int(y)})" if pd.notna(y) else s
                for s, y in zip(rates["source"], rates["year"], strict=True)
            ],
        }
    )
