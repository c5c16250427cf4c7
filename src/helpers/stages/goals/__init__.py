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

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from babel.numbers import get_decimal_symbol

from helpers import report
from helpers.core import metrics, reference
from helpers.core.campaign import PLATFORMS, Campaign, Goal
from helpers.core.errors import InputError, problem
from helpers.core.kpis import (  # noqa: F401 (re-exported for this stage's callers)
    ENGAGEMENT_COLUMNS,
    FUNNEL_STAGES,
    KPI,
    KPI_ALIASES,
    KPIS,
    UNITS,
    catalogue_table,
    kpi_text,
    suggest_kpi,
)
from helpers.core.kpis import kpi_label as _kpi_label
from helpers.text.i18n import Translator, translator

# Texts kept in the module's tables (the KPI catalogue, the names of letters, stages and
# verdicts) are written in English and marked with ``_`` for the message catalogue; they are
# translated where they are shown. Sentences written for one goal are translated as they are
# written, by the translator of the sheet's language (``language`` arguments, default the
# campaign's). Keys and statuses (``reach``, ``pass``, ``awareness``) always stay English.
_ = translator("en")
ENGLISH = _

# Short words are shared by every stage's catalogue, so these are phrases or capitalised
# names of their own: "conversion" is already "konversiju" (per conversion) elsewhere.
STAGE_NAMES = {
    "awareness": _("Awareness"),
    "consideration": _("Consideration"),
    "conversion": _("Conversion"),
    "loyalty": _("Loyalty"),
}
STAGE_AT = {
    "awareness": _("at the awareness stage"),
    "consideration": _("at the consideration stage"),
    "conversion": _("at the conversion stage"),
    "loyalty": _("at the loyalty stage"),
}
# "Reach is an awareness KPI": the article depends on the word in English
STAGE_KPI = {
    "awareness": _("an awareness KPI"),
    "consideration": _("a consideration KPI"),
    "conversion": _("a conversion KPI"),
    "loyalty": _("a loyalty KPI"),
}
OBJECTIVE_PHRASES = {
    "awareness": _("the awareness objective"),
    "engagement": _("the engagement objective"),
    "conversion": _("the conversion objective"),
}
SHEET_CAPTIONS = {
    "awareness": _("Goals of {campaign} (awareness, {currency})"),
    "engagement": _("Goals of {campaign} (engagement, {currency})"),
    "conversion": _("Goals of {campaign} (conversion, {currency})"),
}
OBJECTIVE_STAGE = {
    "awareness": "awareness",
    "engagement": "consideration",
    "conversion": "conversion",
}
PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}
UNIT_NAMES = {
    "count": _("count"),
    "fraction": _("fraction"),
    "money": _("money"),
    "ratio": _("ratio"),
}
LETTERS = ("specific", "measurable", "achievable", "relevant", "time_bound")
LETTER_NAMES = {
    "specific": _("Specific"),
    "measurable": _("Measurable"),
    "achievable": _("Achievable"),
    "relevant": _("Relevant"),
    "time_bound": _("Time-bound"),
}
LETTER_INITIALS = dict(zip(LETTERS, "SMART", strict=True))  # the acronym, in every language
STATUS_RANK = {"pass": 0, "warn": 1, "fail": 2}
STATUS_MARK = {"pass": "✓", "warn": "!", "fail": "✗"}
STATUS_WORDS = {"pass": _("pass"), "warn": _("warn"), "fail": _("fail")}
# Coverage = what the budget buys / target (or target / expected cost for caps): at or above
# 1 the target is affordable; from 0.8 it is within the spread of benchmark prices.
WITHIN_REACH = 0.8
TIGHT = 1.2
MIN_PEERS = 10  # fewer creators than this in a platform and tier give no percentile
ROI_PERCENT_HINT = 20  # an ROI or ROAS target above this is probably a percentage


def platform_list(platforms: list[str], language: str = "en") -> str:
    """``Instagram, TikTok and YouTube`` (``Instagram, TikTok un YouTube``)."""
    _ = translator(language)
    names = [PLATFORM_NAMES.get(p, p) for p in platforms]
    if len(names) < 2:
        return "".join(names)
    return _("{items} and {last}", items=", ".join(names[:-1]), last=names[-1])


def _approx(value: float) -> float:
    """Two significant digits: an estimate from benchmarks is not precise to the unit."""
    if not math.isfinite(value) or value == 0:
        return value
    scale = 10 ** (math.floor(math.log10(abs(value))) - 1)
    return round(value / scale) * scale


KPI_CATALOGUE = KPIS  # the one catalogue (helpers.core.kpis), by the name this stage used


def kpi_label(name: str, language: str = "en") -> str:
    """A KPI's label in a language; a name that is not in the catalogue is shown as written."""
    return _kpi_label(name, translator(language))


def words(mapping: dict[str, str], value: object, language: str = "en") -> str:
    """A key (a funnel stage, a unit, a status) in words of a language; unknown keys as
    written."""
    text = mapping.get(value) if isinstance(value, str) else None
    return translator(language)(text) if text else ("" if value is None else str(value))


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
        :mod:`helpers.core.metrics`. NaN when the table cannot measure it: a column it needs is
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
        "frequency": lambda: metrics.ratio(total["impressions"], total["reach"]),
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
    """The budget cannot be priced (no exchange rate, no platforms): said in one sentence.

    ``str(error)`` is English; :meth:`in_language` says it in another language.
    """

    def __init__(self, message: str, **values: object):
        super().__init__(message.format(**values) if values else message)
        self.message, self.values = message, values

    def in_language(self, language: str = "en") -> str:
        """The sentence in a language (see :mod:`helpers.text.i18n`)."""
        return translator(language)(self.message, **self.values)


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
            # English like the reference table's definitions; translated where shown
            "definition": RATE_DEFINITIONS[0] if row.metric == "cpm" else RATE_DEFINITIONS[1],
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


OVERRIDE_SOURCE = _("campaign file: assumptions")  # English here, translated where shown


def _apply_overrides(table: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Replace reference rates with the campaign file's ``assumptions``."""
    chosen = campaign.assumptions
    source = OVERRIDE_SOURCE + (f" ({chosen.source})" if chosen.source else "")
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
    except KeyError:
        known = ", ".join(sorted(set(reference.reference_table("fx_rates")["currency"])))
        raise PlanningError(
            _(
                "no exchange rate for {currency} on file (known: {known}): add a {currency} row "
                "to data/reference/fx_rates.csv to price the budget"
            ),
            currency=campaign.currency,
            known=known,
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
        raise PlanningError(_("the campaign lists no platforms (vetting.platforms) to price"))
    to_usd, _rate_date = _usd_rate(campaign)
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


def _language(campaign: Campaign, language: str | None) -> str:
    """The language asked for, else the campaign's."""
    return language or campaign.language


def read_goal(
    campaign: Campaign, goal: Goal, index: int | None = None, language: str | None = None
) -> GoalCheck:
    """Check one goal against the catalogue and the campaign; never raises.

    Errors (each makes ``playbook validate`` exit 2): an unknown KPI, a target of 0 or below
    (ROI: -1 or below), a share above 100%, a deadline outside the campaign window (loyalty
    KPIs may be read after it), a market the campaign does not run in, a negative baseline.
    Notes: a share written as a percentage (35 for 35%) is read as one and said so. Errors and
    notes are written in ``language`` (default: the campaign's).
    """
    _ = translator(_language(campaign, language))
    kpi = KPI_CATALOGUE.get(goal.kpi)
    check = GoalCheck(index, goal, kpi, goal.target)
    if kpi is None:
        hint = suggest_kpi(goal.kpi)
        check.errors["kpi"] = (
            _("unknown KPI {kpi}; did you mean {hint}?", kpi=repr(goal.kpi), hint=repr(hint))
            if hint
            else _("unknown KPI {kpi} (known: {known})", kpi=repr(goal.kpi),
                   known=", ".join(KPI_CATALOGUE))
        )  # fmt: skip
    else:
        _check_target(check, kpi, _)
    _check_window(check, campaign, _)
    if goal.market is not None and goal.market not in campaign.markets:
        check.errors["market"] = _(
            "{market} is not one of the campaign's markets ({markets})",
            market=goal.market,
            markets=", ".join(campaign.markets),
        )
    if goal.baseline is not None and goal.baseline < 0 and goal.kpi != "roi":
        check.errors["baseline"] = _(
            "must be 0 or more (got {baseline})", baseline=_g(goal.baseline, _)
        )
    return check


def _check_target(check: GoalCheck, kpi: KPI, _: Translator = ENGLISH) -> None:
    target, name = check.goal.target, check.goal.kpi
    lowest = -1 if name == "roi" else 0  # break-even (ROI 0) is a fair goal; losing all is not
    label = _(kpi.label)
    if target <= lowest:
        check.errors["target"] = (
            _(
                "must be above 0 (got {target}): a goal needs a positive number to reach",
                target=_g(target, _),
            )
            if lowest == 0
            else _(
                "must be above -1 (got {target}): ROI -1 means losing the whole spend",
                target=_g(target, _),
            )
        )
        return
    if kpi.unit == "fraction" and target >= 1:
        if target > 100:
            check.errors["target"] = _(
                "{target} is not a share: {label} is a fraction, e.g. 0.035 for 3.5%",
                target=_g(target, _),
                label=label,
            )
            return
        check.target = target / 100
        written = f"{check.target:g}"  # as YAML reads it: a decimal point in every language
        check.notes["target"] = _(
            "{target} was read as {target}% ({share}); write {written} in the campaign file to "
            "say so",
            target=_g(target, _),
            share=_g(check.target, _),
            written=written,
        )
    if name in ("roi", "roas") and target > ROI_PERCENT_HINT:
        written = f"{target / 100:g}"
        check.notes["target"] = _(
            "{label} {target} means revenue of {times} times the cost; if you meant {target}%, "
            "write {written}",
            label=label,
            target=_g(target, _),
            times=_g(target + 1 if name == "roi" else target, _),
            written=written,
        )
    if check.goal.baseline is not None and kpi.unit == "fraction" and check.goal.baseline > 1:
        check.notes["baseline"] = _(
            "baseline {baseline} was read as a percentage", baseline=_g(check.goal.baseline, _)
        )


def _check_window(check: GoalCheck, campaign: Campaign, _: Translator = ENGLISH) -> None:
    deadline = check.goal.deadline
    if deadline is None:
        return
    loyalty = check.kpi is not None and check.kpi.funnel_stage == "loyalty"
    days = {
        "deadline": _day(deadline, _),
        "start": _day(campaign.start, _),
        "end": _day(campaign.end, _),
    }
    if deadline < campaign.start:
        check.errors["deadline"] = _(
            "{deadline} is before the campaign starts ({start}); use a date from {start} to {end}",
            **days,
        )
    elif deadline > campaign.end and not loyalty:
        check.errors["deadline"] = _(
            "{deadline} is after the campaign ends ({end}); use a date from {start} to {end}, "
            "or leave it out to read on the last day",
            **days,
        )


def baseline_value(check: GoalCheck) -> float | None:
    """The baseline, read as a fraction when a share was written as a percentage."""
    baseline = check.goal.baseline
    if baseline is not None and "baseline" in check.notes:
        return baseline / 100
    return baseline


def read_goals(
    campaign: Campaign, goals: list[Goal] | None = None, language: str | None = None
) -> list[GoalCheck]:
    """Every goal (the campaign file's by default), checked, with duplicates flagged; errors
    and notes in ``language`` (default: the campaign's)."""
    language = _language(campaign, language)
    _ = translator(language)
    goals = campaign.goals if goals is None else goals
    checks = [read_goal(campaign, goal, i, language) for i, goal in enumerate(goals)]
    seen: dict[tuple[str, str | None], int] = {}
    for check in checks:
        key = (check.goal.kpi, check.goal.market)
        if key in seen and not check.errors:
            check.errors["kpi"] = (
                _("goals[{other}] already sets {kpi} for {market}; keep one of the two",
                  other=seen[key], kpi=key[0], market=key[1])
                if key[1]
                else _("goals[{other}] already sets {kpi} for the whole campaign; keep one of "
                       "the two", other=seen[key], kpi=key[0])
            )  # fmt: skip
        seen.setdefault(key, check.index)
    return checks


def goal_problems(campaign: Campaign, path: str | Path) -> list[str]:
    """Errors in the campaign's goals, one line each, as ``playbook validate`` prints them
    (in English, like every message of the command line).

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
        for check in read_goals(campaign, language="en")
        for name, message in check.errors.items()
    ]


def goal_notes(campaign: Campaign, path: str | Path) -> list[str]:
    """Assumptions made reading the goals and goals that disagree with each other, one line
    each (in English); they do not make ``playbook validate`` fail."""
    lines = [
        problem(path, f"{check.where}.{name}", f"note: {message}")
        for check in read_goals(campaign, language="en")
        for name, message in check.notes.items()
    ]
    # no roster: percentiles not needed
    sheet = goal_sheet(campaign, roster=pd.DataFrame(), language="en")
    conflicts = goal_conflicts(campaign, sheet, language="en")
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
    """What every goal is checked against: the campaign, what the budget buys, the roster, and
    the translator the sentences are written with (``say``)."""

    campaign: Campaign
    expected: dict[str, float] | None
    planning_problem: str | None
    rates: pd.DataFrame
    roster: pd.DataFrame
    checks: list[GoalCheck]
    say: Translator = ENGLISH


def _context(
    campaign: Campaign, checks: list[GoalCheck], roster: pd.DataFrame | None, language: str
) -> Context:
    try:
        expected, planning_problem = what_the_budget_buys(campaign), None
    except PlanningError as error:
        expected, planning_problem = None, error.in_language(language)
    rates = planning_rates(campaign) if planning_problem is None else pd.DataFrame()
    return Context(
        campaign,
        expected,
        planning_problem,
        rates,
        eligible_roster(campaign, roster),
        checks,
        translator(language),
    )


def eligible_roster(campaign: Campaign, roster: pd.DataFrame | None = None) -> pd.DataFrame:
    """The roster's eligible creators in the campaign's markets, with tier and ER per follower;
    empty when the roster cannot be read (the percentile context is then left out)."""
    if roster is None:
        from helpers.core.data import load_table

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
    campaign: Campaign,
    goals: list[Goal] | None = None,
    roster: pd.DataFrame | None = None,
    language: str | None = None,
) -> pd.DataFrame:
    """The goal sheet for any list of goals (the campaign's own by default), without the
    suggestions :func:`goal_sheet` adds; the goal builder checks a draft goal with it. The
    sentences are in ``language`` (default: the campaign's)."""
    language = _language(campaign, language)
    checks = read_goals(campaign, goals, language)
    context = _context(campaign, checks, roster, language)
    return pd.DataFrame([_sheet_row(check, context) for check in checks], columns=SHEET_COLUMNS)


SHEET_COLUMNS = [
    "index", "kpi", "label", "target", "unit", "baseline", "deadline", "market", "funnel_stage",
    "definition", "formula", "data_source", "higher_is_better", "suggested", "expected",
    "coverage", "specific", "specific_note", "measurable", "measurable_note", "achievable",
    "achievable_note", "relevant", "relevant_note", "time_bound", "time_bound_note", "verdict",
    "errors",
]  # fmt: skip


def goal_sheet(
    campaign: Campaign, roster: pd.DataFrame | None = None, language: str | None = None
) -> pd.DataFrame:
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
    language : str, optional
        The language of the sentences (``*_note``, ``errors``); default: the campaign's.
        Keys, statuses and the catalogue's ``label``, ``definition`` and ``formula`` stay
        English (translate them for display with :func:`kpi_text` and :func:`words`).

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
    language = _language(campaign, language)
    checks = read_goals(campaign, language=language)
    if not any(not check.errors for check in checks):
        checks += [
            GoalCheck(None, goal, KPI_CATALOGUE[goal.kpi], goal.target, suggested=True)
            for goal in suggested_goals(campaign)
        ]
    context = _context(campaign, checks, roster, language)
    rows = [_sheet_row(check, context) for check in checks]
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


def _sheet_row(check: GoalCheck, context: Context) -> dict[str, object]:
    campaign, kpi, goal, say = context.campaign, check.kpi, check.goal, context.say
    letters = {
        "specific": _specific(check, context),
        "measurable": _measurable(check, say),
        "achievable": _achievable(check, context),
        "relevant": _relevant(check, context),
        "time_bound": _time_bound(check, campaign, say),
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
    worst = max((status for status, _note in letters.values()), key=STATUS_RANK.__getitem__)
    row["verdict"] = "invalid" if check.errors else worst
    row["errors"] = "; ".join(f"{name}: {text}" for name, text in check.errors.items())
    return row


# What to say in the brief about some KPIs, so everyone counts them the same way.
BRIEF_NOTES = {
    "reach": _("Say in the brief that it is summed post reach, not unique people."),
    "conversions": _(
        "Say in the brief which event counts (order, install, trial or paid subscription) and "
        "the attribution window."
    ),
    "sign_ups": _("Say in the brief which sign-up event counts and the attribution window."),
    "engagement_rate": _("Always state the denominator: here it is reach, not followers."),
}


def _specific(check: GoalCheck, context: Context) -> tuple[str, str]:
    campaign, kpi, goal, _ = context.campaign, check.kpi, check.goal, context.say
    if kpi is None:
        return "fail", _("{error}: pick a KPI from the catalogue below.", error=check.errors["kpi"])
    if "market" in check.errors:
        return "fail", _(
            "{error}: name one of them, or leave market out.", error=check.errors["market"]
        )
    audience = campaign.audience
    who = []
    if audience.age != (18, 65) or audience.countries or audience.interests:
        who.append(
            _("people aged {youngest}–{oldest}", youngest=audience.age[0], oldest=audience.age[1])
        )
    if audience.interests:
        who.append(_("interested in {interests}", interests=", ".join(audience.interests)))
    if goal.market:
        where = _("in {market} only", market=goal.market)
    elif len(campaign.markets) > 1:
        where = _("across {markets}", markets=", ".join(campaign.markets))
    else:
        where = _("in {market}", market=campaign.markets[0])
    extra = " " + _(BRIEF_NOTES[goal.kpi]) if goal.kpi in BRIEF_NOTES else ""
    sentence = _("{label} {where}", label=_(kpi.label), where=where)
    needs_who = (
        kpi.funnel_stage in ("awareness", "consideration")
        and kpi.higher_is_better
        and not goal.market
    )
    if needs_who and not who and len(campaign.markets) > 1:
        return "warn", _(
            "{sentence}, but reaching whom? Name the audience in the campaign file (audience: "
            "countries, age, interests) or a market for this goal.",
            sentence=sentence,
        ) + extra
    among = _(", among {people}", people=" ".join(who)) if who else ""
    return "pass", f"{sentence}{among}.{extra}"


def _measurable(check: GoalCheck, _: Translator = ENGLISH) -> tuple[str, str]:
    kpi = check.kpi
    if kpi is None:
        return "fail", _("Cannot be measured until the KPI is one the playbook knows.")
    if "target" in check.errors:
        return "fail", _("Target {error}.", error=check.errors["target"])
    if kpi.data_source:
        sentence = _(
            "Numeric target, read from the results file as {formula} (columns {columns}); "
            "monitoring and ROI score it the same way.",
            formula=_(kpi.formula),
            columns=", ".join(kpi.data_source),
        )
        status = "pass"
    else:
        sentence = _(
            "Numeric target, but the results file has no column for {label}: take it from "
            "{source} and record it, or monitoring and ROI will show it as not measured.",
            label=_(kpi.label),
            source=_(kpi.how_to_measure),
        )
        status = "warn"
    for note in check.notes.values():
        status, sentence = "warn", f"{note[0].upper()}{note[1:]}. {sentence}"
    return status, sentence


def _achievable(check: GoalCheck, context: Context) -> tuple[str, str]:
    kpi, campaign, _ = check.kpi, context.campaign, context.say
    if kpi is None or "target" in check.errors:
        return "warn", _("Not checked until the goal has a known KPI and a valid target.")
    if context.expected is None:
        return "warn", _(
            "Not checked against the budget: {problem}.", problem=context.planning_problem
        )
    expected, coverage = _expected_and_coverage(check, context)
    baseline = _baseline_sentence(check, _)
    if not math.isfinite(coverage):
        if baseline:
            return baseline
        if campaign.budget == 0 and check.goal.kpi in (*VOLUMES, "sign_ups"):
            return "warn", _(
                "The budget is 0, so it buys nothing at benchmark prices (gifted and barter "
                "collaborations are not priced here): give a baseline to compare with."
            )
        return "warn", _(
            "No benchmark on file for {label}, so the playbook cannot say whether {target} is "
            "realistic: give a baseline (last campaign's value) to compare with.",
            label=_(kpi.label),
            target=_fmt(check.target, kpi.unit, campaign.currency, _),
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
    kpi, campaign, name, _ = check.kpi, context.campaign, check.goal.kpi, context.say
    money = campaign.currency
    target_text = _fmt(check.target, kpi.unit, money, _)
    expected_text = _fmt(_approx(expected) if kpi.unit == "count" else expected, kpi.unit, money, _)
    scope = []
    if check.goal.market in campaign.markets:
        scope.append(
            _(
                "{market}'s {share} of the budget",
                market=check.goal.market,
                share=_.percent(_market_share(check, campaign), 0),
            )
        )
    if _paced_share(check, campaign) < 1:
        scope.append(
            _(
                "{share} of it spent by {deadline}",
                share=_.percent(_paced_share(check, campaign), 0),
                deadline=_day(check.goal.deadline, _),
            )
        )
    scope_text = " " + _("({scope}, evenly paced)", scope="; ".join(scope)) if scope else ""
    values = {
        "expected": expected_text,
        "scope": scope_text,
        "basis": _basis(name, context),
        "target": target_text,
        "label": _(kpi.label),
    }
    if kpi.unit == "count":
        if coverage >= 1:
            if coverage < TIGHT:
                return _(
                    "The budget buys ~{expected}{scope} {basis}, only {more} more than the "
                    "target of {target}. Tight: little room if prices run above benchmark.",
                    more=_.percent(coverage - 1, 0),
                    **values,
                )
            return _(
                "The budget buys ~{expected}{scope} {basis}, {times}x the target of {target}.",
                times=_.number(coverage, 1),
                **values,
            )
        return _(
            "Needs ~{times}x the budget: it buys ~{expected}{scope} {basis}, short of {target}. "
            "Raise the budget, pick cheaper platforms or tiers, or lower the target to ~{lower}.",
            times=_.number(1 / coverage, 1),
            lower=_fmt(round_target(expected), kpi.unit, money, _),
            **values,
        )
    if not kpi.higher_is_better:
        if coverage >= 1:
            return _(
                "The benchmark {label} {basis} is ~{expected}, within your cap of {target}.",
                **values,
            )
        return _(
            "The benchmark {label} {basis} is ~{expected}, {times}x your cap of {target}: "
            "negotiate below benchmark prices, or raise the cap.",
            times=_.number(1 / coverage, 1),
            **values,
        )
    if coverage >= 1:
        return _("{target} is within the ~{expected} {basis}.", **values)
    return _(
        "{target} is {times}x the ~{expected} {basis}: plan creators and formats that beat the "
        "benchmark, or lower the target.",
        times=_.number(1 / coverage, 1),
        **values,
    )


def _basis(name: str, context: Context) -> str:
    """How an expected value was priced, in words."""
    _ = context.say
    values = {
        "platforms": platform_list(context.campaign.vetting.platforms, _.language),
        "frequency": _g(_rate(context.rates, "frequency", "all"), _),
    }
    basis = {
        "impressions": _("at benchmark CPM on {platforms}"),
        "reach": _(
            "at benchmark CPM on {platforms} and {frequency} impressions per account reached"
        ),
        "views": _("at benchmark CPM on {platforms} and the playbook's views per impression"),
        "engagements": _("at benchmark CPE on {platforms}"),
        "clicks": _("at benchmark CPM on {platforms} and the playbook's click-through rates"),
        "conversions": _(
            "at benchmark CPM on {platforms}, the playbook's click-through rates and conversions "
            "per click"
        ),
        "sign_ups": _(
            "at benchmark CPM on {platforms}, the playbook's click-through rates and conversions "
            "per click"
        ),
        "engagement_rate": _(
            "per reach that benchmark CPM and CPE imply on {platforms} (at {frequency} "
            "impressions per account reached)"
        ),
        "ctr": _("the playbook assumes on {platforms}"),
        "conversion_rate": _("the playbook assumes"),
        "cpm": _("for {platforms}"),
        "cpe": _("for {platforms}"),
        "cpc": _("on {platforms} (benchmark CPM and the playbook's click-through rates)"),
        "cpa": _(
            "on {platforms} (benchmark CPM, the playbook's click-through and conversion rates)"
        ),
    }.get(name, "")
    return basis.format(**values)


# The sentence added to an engagement-rate goal; the finding quotes the note without it.
PER_FOLLOWER = _(
    "Read per follower instead (the usual published definition), {target} would be {place} of "
    "{group} creators on the roster: write down that the target is per reach."
)


def _per_follower_context(target: float, context: Context) -> str:
    """Where the target would sit among the roster's creators if it were read per follower,
    the usual published definition (guide chapter 2, step 3)."""
    roster, _ = context.roster, context.say
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
        _("above the 90th percentile")
        if rank >= 0.9
        else _("at the {ordinal} percentile", ordinal=_ordinal(round(rank * 100), _))
    )
    return " " + _(PER_FOLLOWER, target=_fmt(target, "fraction", "", _), place=place, group=name)


def _ordinal(number: int, _: Translator = ENGLISH) -> str:
    """``60th`` in English, ``60.`` in Latvian."""
    if _.language != "en":
        return f"{number}."
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10)
    return f"{number}{suffix or 'th'}"


def _baseline_sentence(check: GoalCheck, _: Translator = ENGLISH) -> tuple[str, str] | None:
    baseline, kpi = baseline_value(check), check.kpi
    if baseline is None or kpi is None:
        return None
    target_text = _fmt(check.target, kpi.unit, "", _)
    base_text = _fmt(baseline, kpi.unit, "", _)
    better = check.target > baseline if kpi.higher_is_better else check.target < baseline
    if not better:
        return "warn", _(
            "The target {target} is no better than today's baseline {baseline}: it is met before "
            "the campaign starts; set a target that asks for progress.",
            target=target_text,
            baseline=base_text,
        )
    if baseline == 0:
        return "pass", _("Up from a baseline of 0; no benchmark to check the size of the step.")
    change = check.target / baseline
    step = (
        _("The target is {times}x the baseline of {baseline}.",
          times=_.number(change, 1), baseline=base_text)
        if kpi.higher_is_better
        else _("The target is {times}x lower than the baseline of {baseline}.",
               times=_.number(1 / change, 1), baseline=base_text)
    )  # fmt: skip
    status = "pass" if 1 / 1.5 <= change <= 1.5 else "warn"
    advice = (
        "" if status == "pass" else " " + _("A big step from the baseline: explain what changes.")
    )
    return status, step + advice


def _relevant(check: GoalCheck, context: Context) -> tuple[str, str]:
    kpi, campaign, _ = check.kpi, context.campaign, context.say
    if kpi is None:
        return "warn", _("Not checked until the KPI is one the playbook knows.")
    main_stage = OBJECTIVE_STAGE[campaign.objective]
    distance = abs(FUNNEL_STAGES.index(kpi.funnel_stage) - FUNNEL_STAGES.index(main_stage))
    has_main = any(
        c.kpi is not None and c.kpi.funnel_stage == main_stage and not c.errors
        for c in context.checks
    )
    values = {
        "label": _(kpi.label),
        "stage_kpi": _(STAGE_KPI[kpi.funnel_stage]),
        "objective": _(OBJECTIVE_PHRASES[campaign.objective]),
    }
    if distance == 0:
        return "pass", _("{label} is {stage_kpi}: it measures {objective}.", **values)
    mains = ", ".join(name for name, k in KPI_CATALOGUE.items() if k.funnel_stage == main_stage)
    if distance == 1 and has_main:
        return "pass", _(
            "A guardrail: {label} is {stage_kpi} next to {objective}; it checks the main KPI is "
            "won in a useful way.",
            **values,
        )
    if not has_main:
        return "warn" if distance == 1 else "fail", _(
            "{label} is {stage_kpi}, but no goal measures {objective}: add a main KPI {stage} "
            "({mains}).",
            stage=_(STAGE_AT[main_stage]),
            mains=mains,
            **values,
        )
    return "warn", _(
        "{label} is {stage_kpi}, two funnel stages from {objective}: it will move little; keep "
        "it as a guardrail only, or drop it.",
        **values,
    )


def _time_bound(check: GoalCheck, campaign: Campaign, _: Translator = ENGLISH) -> tuple[str, str]:
    if "deadline" in check.errors:
        return "fail", _("The deadline {error}.", error=check.errors["deadline"])
    deadline = check.goal.deadline
    loyalty = check.kpi is not None and check.kpi.funnel_stage == "loyalty"
    late_arrivals = check.kpi is not None and check.kpi.funnel_stage == "conversion"
    end = _day(campaign.end, _)
    if deadline is None:
        if loyalty:
            return "warn", _(
                "Read on {end}, the campaign's last day (the default), but repeat purchases and "
                "retention show 30 to 90 days later: set a deadline after the end.",
                end=end,
            )
        tail = (
            " " + _("Conversions keep arriving after the last post: agree when they stop counting.")
            if late_arrivals
            else ""
        )
        return "pass", _("Read on {end}, the campaign's last day (the default).", end=end) + tail
    if deadline > campaign.end:
        return "pass", _(
            "Read on {deadline}, {days} days after the campaign ends, as loyalty KPIs are.",
            deadline=_day(deadline, _),
            days=(deadline - campaign.end).days,
        )
    day = (deadline - campaign.start).days + 1
    if loyalty:
        return "warn", _(
            "Read on {deadline}, inside the campaign, but repeat purchases and retention show 30 "
            "to 90 days later: move the deadline after the end.",
            deadline=_day(deadline, _),
        )
    return "pass", _(
        "Read on {deadline}, day {day} of the {days}-day campaign.",
        deadline=_day(deadline, _),
        day=day,
        days=campaign.days,
    )


# --- goals that disagree with each other ------------------------------------------------------

CAPS = {"cpm": ("impressions", "reach"), "cpe": ("engagements",), "cpc": ("clicks",),
        "cpa": ("conversions", "sign_ups")}  # fmt: skip
TRIPLES = (
    ("engagements", "reach", "engagement_rate"),
    ("clicks", "impressions", "ctr"),
    ("conversions", "clicks", "conversion_rate"),
)


def goal_conflicts(
    campaign: Campaign, sheet: pd.DataFrame, language: str | None = None
) -> pd.DataFrame:
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
        ``message`` (in ``language``, default the campaign's).
    """
    _ = translator(_language(campaign, language))
    usable = sheet[sheet["verdict"] != "invalid"]
    rows = []
    for market, goals in usable.groupby(usable["market"].fillna(""), sort=False):
        by_kpi = {row.kpi: row for row in goals.itertuples()}
        rows += _cap_conflicts(campaign, by_kpi, market, _)
        rows += _rate_conflicts(campaign, by_kpi, _)
        if "roi" in by_kpi and "roas" in by_kpi:
            roi, roas = by_kpi["roi"], by_kpi["roas"]
            if not math.isclose(roi.target + 1, roas.target, rel_tol=0.01):
                stricter = "roas" if roas.target > roi.target + 1 else "roi"
                rows.append(_conflict([roi, roas], "note", _(
                    "{roi_label} {roi} means {roas_label} {implied}, but the {roas_label} target "
                    "is {roas}: the {stricter} target is the stricter one and decides.",
                    roi_label=_(KPI_CATALOGUE["roi"].label),
                    roas_label=_(KPI_CATALOGUE["roas"].label),
                    roi=_g(roi.target, _),
                    implied=_g(roi.target + 1, _),
                    roas=_g(roas.target, _),
                    stricter=_(KPI_CATALOGUE[stricter].label),
                ), _))  # fmt: skip
    return pd.DataFrame(rows, columns=["goals", "severity", "message"])


def _label(row, _: Translator = ENGLISH) -> str:
    return _("suggested") if pd.isna(row.index) else f"goals[{int(row.index)}]"


def _conflict(rows: list, severity: str, message: str, _: Translator = ENGLISH) -> dict[str, str]:
    goals = ", ".join(_label(r, _) for r in rows)
    return {"goals": goals, "severity": severity, "message": message}


def _cap_conflicts(
    campaign: Campaign, by_kpi: dict, market: str, _: Translator = ENGLISH
) -> list[dict[str, str]]:
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
            volume_label, cap_label = _(volume.label), _(cap.label)
            what = _("impressions") if cap_name == "cpm" else volume_label.lower()
            values = {
                "volume": volume_label,
                "volume_lower": volume_label.lower(),
                "target": _fmt(volume.target, volume.unit, money, _),
                "cap": cap_label,
                "cap_target": _fmt(cap.target, "money", money, _),
                "budget": _fmt(budget, "money", money, _),
                "what": what,
            }
            if bought < units * 0.995:
                reach_note = (
                    " "
                    + _(
                        "(reach {reach} needs ~{impressions} impressions at {frequency} per "
                        "account)",
                        reach=_.number(volume.target),
                        impressions=_.number(units),
                        frequency=_g(frequency, _),
                    )
                    if volume_name == "reach"
                    else ""
                )
                rows.append(_conflict([volume, cap], "conflict", _(
                    "{volume} {target} and {cap} at most {cap_target} disagree: {budget} spent at "
                    "the cap buys {bought} {what}{reach_note}. Both hold only if {cap} comes in "
                    "at or below {needed}: lower the cap to that, or the {volume_lower} target, "
                    "or raise the budget.",
                    bought=_.number(bought),
                    reach_note=reach_note,
                    needed=_fmt(needed_cost, "money", money, _),
                    **values,
                ), _))  # fmt: skip
            elif bought < units * 1.02:
                rows.append(_conflict([volume, cap], "note", _(
                    "{volume} {target} at {cap} {cap_target} takes exactly the {budget} budget: "
                    "no slack. If {what} come in 10% short at full spend, {cap} is {missed} and "
                    "misses; decide now which goal wins.",
                    missed=_fmt(needed_cost / 0.9, "money", money, _),
                    **values,
                ), _))  # fmt: skip
    return rows


def _planning_frequency(campaign: Campaign) -> float:
    if campaign.assumptions.frequency is not None:
        return campaign.assumptions.frequency
    table = reference.reference_table("planning_rates")
    return float(table.loc[table["rate"] == "frequency", "value"].iloc[0])


def _rate_conflicts(
    campaign: Campaign, by_kpi: dict, _: Translator = ENGLISH
) -> list[dict[str, str]]:
    rows = []
    for numerator, denominator, rate_name in TRIPLES:
        if numerator not in by_kpi or denominator not in by_kpi:
            continue
        top, bottom = by_kpi[numerator], by_kpi[denominator]
        implied = top.target / bottom.target
        pair = _(
            "{top} {top_target} from {bottom} {bottom_target} means a {rate} of {implied}",
            top=_(top.label),
            top_target=_.number(top.target),
            bottom=_(bottom.label).lower(),
            bottom_target=_.number(bottom.target),
            rate=_(KPI_CATALOGUE[rate_name].label).lower(),
            implied=_fmt(implied, "fraction", "", _),
        )
        if implied > 1:
            rows.append(
                _conflict([top, bottom], "conflict", _("{pair}, above 100%: impossible.",
                                                       pair=pair), _)
            )  # fmt: skip
        elif rate_name in by_kpi:
            rate = by_kpi[rate_name]
            if implied < rate.target * 0.995:
                rows.append(_conflict([top, bottom, rate], "note", _(
                    "{pair}, below the {target} target: hitting both volume targets exactly "
                    "misses the rate target.",
                    pair=pair,
                    target=_fmt(rate.target, "fraction", "", _),
                ), _))  # fmt: skip
        elif rate_name == "conversion_rate":
            planned = _planned_conversion_rate(campaign)
            if implied > planned:
                rows.append(_conflict([top, bottom], "note", _(
                    "{pair}; the playbook plans with {planned}. Decide whether a conversion "
                    "means an install, a trial or a paid order.",
                    pair=pair,
                    planned=_fmt(planned, "fraction", "", _),
                ), _))  # fmt: skip
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
        (the rates the feasibility check used). Keys, labels, formulas and statuses are English
        in every language; the notes and errors are in the sheet's language (the campaign's).
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


def goals_summary(
    campaign: Campaign, sheet: pd.DataFrame, conflicts: pd.DataFrame, language: str | None = None
) -> str:
    """The stage's finding in two or three sentences of Markdown, in ``language`` (default: the
    campaign's; the sheet's and conflicts' sentences are quoted as they are)."""
    language = _language(campaign, language)
    _ = translator(language)
    money = campaign.currency
    budget = _money(campaign.budget, money, _, 0)
    invalid = sheet[sheet["verdict"] == "invalid"]
    usable = sheet[sheet["verdict"] != "invalid"]
    lines = []
    if usable["suggested"].any():
        values = {
            "count": _.number(len(usable)),
            "budget": budget,
            "goals": "; ".join(_goal_phrase(row, money, _) for row in usable.itertuples()),
        }
        lines.append(
            _(
                "The campaign sets no goals, so the sheet **suggests {count}** from the {budget} "
                "budget at benchmark prices: {goals}. Copy them into the campaign file once you "
                "agree.",
                **values,
            )
            if invalid.empty
            else _(
                "The campaign sets no usable goal, so the sheet **suggests {count}** from the "
                "{budget} budget at benchmark prices: {goals}. Copy them into the campaign file "
                "once you agree.",
                **values,
            )
        )
    elif len(usable):
        values = {
            "smart": _.number(int((usable["verdict"] == "pass").sum())),
            "count": _.number(len(usable)),
            "budget": budget,
        }
        lines.append(
            _("**{smart} of {count} usable goals pass every SMART letter** on a {budget} budget.",
              **values)
            if len(invalid)
            else _("**{smart} of {count} goals pass every SMART letter** on a {budget} budget.",
                   **values)
        )  # fmt: skip
    if len(invalid):
        # the KPI name is as the campaign file writes it: escaped, it stays text
        which = ", ".join(
            f"goals[{int(r.index)}] {report.text(r.kpi)}" for r in invalid.itertuples()
        )
        lines.append(
            _(
                "**1 goal cannot be used** ({goals}): the table of goals that cannot be used "
                "says why and how to fix each.",
                goals=which,
            )
            if len(invalid) == 1
            else _(
                "**{count} goals cannot be used** ({goals}): the table of goals that cannot be "
                "used says why and how to fix each.",
                count=_.number(len(invalid)),
                goals=which,
            )
        )
    ranked = usable.assign(_cov=usable["coverage"].fillna(np.inf)).sort_values("_cov")
    if len(ranked) and math.isfinite(ranked["_cov"].iloc[0]) and not usable["suggested"].any():
        worst = ranked.iloc[0]
        # the per-follower context is for the goal sheet, not for the finding
        context_starts = " " + _(PER_FOLLOWER).split("{", 1)[0]
        note = worst["achievable_note"].split(context_starts)[0]
        label = kpi_label(worst["kpi"], language)
        lines.append(
            _("Hardest: {label}. {note}", label=label, note=note)
            if worst["_cov"] < 1
            else _("Tightest: {label}. {note}", label=label, note=note)
        )
    clashes = conflicts[conflicts["severity"] == "conflict"]
    if len(clashes):
        lines.append(_("Goals that disagree: {conflict}", conflict=clashes["message"].iloc[0]))
    if not lines:
        try:
            budget_plan(campaign)
            reason = _("the budget buys none of the suggested KPIs")
        except PlanningError as error:
            reason = error.in_language(language)
        lines.append(
            _(
                "The campaign sets no goals, and the playbook cannot suggest any: {reason}.",
                reason=reason,
            )
        )
    return " ".join(lines)


def _goal_phrase(row, currency: str, _: Translator = ENGLISH) -> str:
    kpi = KPI_CATALOGUE[row.kpi]
    values = {"label": _(kpi.label), "target": _fmt(row.target, kpi.unit, currency, _)}
    if kpi.higher_is_better:
        return _("{label} {target}", **values)
    return _("{label} at most {target}", **values)


def _decimal_sign(_: Translator) -> str:
    return "." if _.language == "en" else get_decimal_symbol(_.locale)


def _g(value: float, _: Translator = ENGLISH) -> str:
    """A number as written (``0.35``, ``1.3``, ``35``), with the language's decimal sign."""
    return f"{value:g}".replace(".", _decimal_sign(_))


def _day(value: date, _: Translator = ENGLISH) -> str:
    """A date: ISO in English (as the campaign file writes it), the locale's otherwise."""
    return value.isoformat() if _.language == "en" else _.date(value)


def _money(value: float, currency: str, _: Translator = ENGLISH, decimals: int = 2) -> str:
    """Money in the house style (``EUR 1,234.56``, ``1 234,56 €``); without a currency, the
    number alone."""
    return _.money(value, currency, decimals) if currency else _.number(value, decimals)


def format_money(value: float, currency: str, decimals: int = 2, language: str = "en") -> str:
    """Money in the house style: ``EUR 1,234.56`` in English, ``1 234,56 €`` in Latvian; a
    dash when missing."""
    if value is None or not math.isfinite(value):
        return "–"
    return _money(value, currency, translator(language), decimals)


def _fmt(value: float, unit: str, currency: str, _: Translator = ENGLISH) -> str:
    """A number as a marketer reads it: 1,500,000; 3.5%; EUR 12.50; 2.10 (in the translator's
    language: ``1 500 000``; ``3,5%``; ``12,50 €``; ``2,10``)."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "fraction":
        return _.percent(value, 1 if value >= 0.01 else 2)
    if unit == "money":
        return _money(value, currency, _, 2 if abs(value) < 100 else 0)
    if unit == "ratio":
        return _.number(value, 2)
    return _.number(value)


def format_target(
    value: float, unit: str, currency: str, approximate: bool = False, language: str = "en"
) -> str:
    """A target or expected value formatted for the goal sheet; ``approximate`` rounds counts
    to two significant digits (estimates from benchmarks are not precise to the unit)."""
    if approximate and unit == "count":
        value = _approx(value)
    return _fmt(value, unit, currency, translator(language))


def letter_marks(row: pd.Series | dict) -> str:
    """``S✓ M✓ A! R✓ T✓``: the five letters at a glance (the acronym in every language)."""
    return " ".join(f"{LETTER_INITIALS[letter]}{STATUS_MARK[row[letter]]}" for letter in LETTERS)


def iter_letters(row: pd.Series | dict, language: str = "en") -> Iterator[tuple[str, str, str]]:
    """Each letter's name (in ``language``), status and sentence, in SMART order."""
    for letter in LETTERS:
        yield words(LETTER_NAMES, letter, language), row[letter], row[f"{letter}_note"]


# --- tables for the report --------------------------------------------------------------------


def sheet_table(sheet: pd.DataFrame, currency: str, language: str = "en") -> pd.DataFrame:
    """The usable goals for people: targets formatted in their unit, SMART marks at a glance,
    headings and words in ``language``."""
    _ = translator(language)
    usable = sheet[sheet["verdict"] != "invalid"]
    return pd.DataFrame(
        {
            _("KPI"): [
                _("{goal} (suggested)", goal=kpi_label(kpi, language))
                if suggested
                else kpi_label(kpi, language)
                for kpi, suggested in zip(usable["kpi"], usable["suggested"], strict=True)
            ],
            _("target"): [
                ("≤ " if not row.higher_is_better else "") + _fmt(row.target, row.unit, currency, _)
                for row in usable.itertuples()
            ],
            _("baseline"): [
                _fmt(row.baseline, row.unit, currency, _) if pd.notna(row.baseline) else "–"
                for row in usable.itertuples()
            ],
            _("budget buys"): [
                format_target(row.expected, row.unit, currency, approximate=True, language=language)
                for row in usable.itertuples()
            ],  # fmt: skip
            _("deadline"): [_day(day, _) for day in usable["deadline"]],
            _("market"): usable["market"].fillna(_("all markets")),
            _("funnel stage"): [words(STAGE_NAMES, s, language) for s in usable["funnel_stage"]],
            "SMART": [letter_marks(row) for row in usable.to_dict("records")],
            _("verdict"): [words(VERDICT_WORDS, v, language) for v in usable["verdict"]],
        }
    )


SEVERITY_NAMES = {"conflict": _("conflict"), "note": _("note")}
VERDICT_WORDS = {
    "pass": _("SMART"),
    "warn": _("check the ! letters"),
    "fail": _("fix the ✗ letters"),
    "invalid": _("cannot be used"),
}


def sheet_caption(campaign: Campaign, language: str | None = None) -> str:
    """``Goals of aurora-baltics-2027 (awareness, EUR)``, in ``language`` (default: the
    campaign's)."""
    _ = translator(_language(campaign, language))
    return _(SHEET_CAPTIONS[campaign.objective], campaign=campaign.id, currency=campaign.currency)


def verdict_words(verdict: str, language: str = "en") -> str:
    """A goal's verdict (``pass``, ``warn``, ``fail``, ``invalid``) in words of a language."""
    return words(VERDICT_WORDS, verdict, language)


def rejected_table(sheet: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """Goals that cannot be used, with what is wrong and how to fix it (headings in
    ``language``; the sentences are the sheet's)."""
    _ = translator(language)
    invalid = sheet[sheet["verdict"] == "invalid"]
    return pd.DataFrame(
        {
            _("in the campaign file"): [f"goals[{int(i)}]" for i in invalid["index"]],
            "kpi": invalid["kpi"],
            _("target"): invalid["target"].map(lambda v: _g(v, _)),
            _("what is wrong"): invalid["errors"],
        }
    )


def letters_table(row: pd.Series | dict, language: str = "en") -> pd.DataFrame:
    """One goal's five letters: name, mark and the sentence to act on (in ``language``)."""
    _ = translator(language)
    return pd.DataFrame(
        [
            (name, f"{STATUS_MARK[status]} {words(STATUS_WORDS, status, language)}", note)
            for name, status, note in iter_letters(row, language)
        ],
        columns=[_("letter"), _("status"), _("what it means")],
    )


def goal_title(row: pd.Series | dict, currency: str, language: str = "en") -> str:
    """``Reach ≥ 1,500,000`` or ``CPA ≤ USD 20.00 (suggested)``."""
    _ = translator(language)
    sign = "≥" if row["higher_is_better"] else "≤"
    scope = " " + _("in {market}", market=row["market"]) if isinstance(row["market"], str) else ""
    suggested = " " + _("(suggested)") if row["suggested"] else ""
    target = _fmt(row["target"], row["unit"], currency, _)
    return f"{kpi_label(row['kpi'], language)} {sign} {target}{scope}{suggested}"


def engagement_context(
    campaign: Campaign, roster: pd.DataFrame, language: str | None = None
) -> pd.DataFrame:
    """Per-follower engagement for the campaign's platforms and tiers: the published benchmark
    next to the roster's median and 90th percentile (context for engagement-rate targets).

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``benchmark`` (per follower), ``benchmark_source`` (its notes
        in ``language``, default the campaign's), ``creators`` on the roster,
        ``roster_median``, ``roster_p90``.
    """
    _ = translator(_language(campaign, language))
    rows = []
    for platform in campaign.vetting.platforms:
        for tier in campaign.vetting.tiers:
            try:
                benchmark = reference.engagement_benchmark_for(platform, tier)
                rate = float(benchmark["engagement_rate"])
                scope = "" if benchmark["tier"] == tier else " " + _("(all tiers)")
                source = f"{benchmark['source']} ({benchmark['year']}){scope}"
            except KeyError:
                rate, source = float("nan"), _("no published benchmark")
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


def plan_table(plan: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """:func:`budget_plan` with platform names and a total row (CPM and CPE blended)."""
    _ = translator(language)
    table = plan.drop(columns="budget_usd").copy()
    total = {column: table[column].sum() for column in ("budget", *VOLUMES)}
    total["cpm"] = metrics.cpm(total["budget"], total["impressions"])
    total["cpe"] = metrics.cpe(total["budget"], total["engagements"])
    table = pd.concat([table, pd.DataFrame([{"platform": _("total"), **total}])], ignore_index=True)
    table["platform"] = table["platform"].map(lambda p: PLATFORM_NAMES.get(p, p))
    return table


RATE_NAMES = {
    "cpm": _("CPM"),
    "cpe": _("CPE"),
    "frequency": _("frequency"),
    "views_per_impression": _("views per impression"),
    "click_through_rate": _("click-through rate"),
    "conversion_rate": _("conversion rate"),
}
BASIS_NAMES = {
    "benchmark": _("benchmark"),
    "assumption": _("assumption"),
    "campaign file": _("campaign file"),
}
# the definitions written in this module (the others come with the reference table)
RATE_DEFINITIONS = (_("cost per 1,000 impressions"), _("cost per engagement"))


def rates_table(campaign: Campaign, language: str | None = None) -> pd.DataFrame:
    """The planning rates in use, CPM and CPE shown in the campaign currency too; headings and
    words in ``language`` (default: the campaign's; the reference table's definitions and
    sources are quoted as they are)."""
    language = _language(campaign, language)
    _ = translator(language)
    rates = planning_rates(campaign)
    to_campaign = 1 / _usd_rate(campaign)[0]
    money = rates["rate"].isin(["cpm", "cpe"])
    shown = rates["value"].where(~money, rates["value"] * to_campaign)
    value_text = [
        (
            _money(v, campaign.currency, _)
            + (f" ({_money(u, 'USD', _)})" if campaign.currency != "USD" else "")
        )
        if is_money
        else (_.percent(v, 1) if rate != "frequency" and v < 1 else _g(v, _))
        for v, u, is_money, rate in zip(shown, rates["value"], money, rates["rate"], strict=True)
    ]
    return pd.DataFrame(
        {
            _("rate"): rates["rate"].map(
                lambda r: words(RATE_NAMES, r, language) if r in RATE_NAMES else r.replace("_", " ")
            ),
            _("platform"): rates["platform"].map(
                lambda p: _("all platforms") if p == "all" else PLATFORM_NAMES.get(p, p)
            ),
            _("value"): value_text,
            _("definition"): rates["definition"].map(
                lambda d: _(d) if d in RATE_DEFINITIONS else d
            ),
            _("basis"): rates["basis"].map(lambda b: words(BASIS_NAMES, b, language)),
            _("source"): [
                f"{s} ({int(y)})"
                if pd.notna(y)
                else s.replace(OVERRIDE_SOURCE, _(OVERRIDE_SOURCE), 1)
                for s, y in zip(rates["source"], rates["year"], strict=True)
            ],
        }
    )
