"""What the budget buys: the budget split equally across the campaign's platforms, priced at
benchmark CPM and CPE and the playbook's planning rates, per platform and per KPI."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from helpers.core import metrics, reference
from helpers.core.campaign import PLATFORMS, Campaign
from helpers.core.kpis import KPIS
from helpers.stages.goals.vocabulary import ENGLISH, override_source, rate_definitions
from helpers.text.i18n import Translator


def planning_problems(_: Translator) -> dict[str, str]:
    """Why a budget cannot be priced, by kind of problem, in the Translator's language."""
    return {
        "no_platforms": _("the campaign lists no platforms (vetting.platforms) to price"),
        "no_exchange_rate": _(
            "no exchange rate for {currency} on file (known: {known}): add a {currency} row "
            "to data/reference/fx_rates.csv to price the budget"
        ),
    }


class PlanningError(ValueError):
    """The budget cannot be priced (no exchange rate, no platforms): said in one sentence.

    ``str(error)`` is English; :meth:`in_language` says it in the Translator's language.

    Parameters
    ----------
    problem : str
        A key of :func:`planning_problems`.
    **values
        The values its sentence names.
    """

    def __init__(self, problem: str, **values: object):
        self.problem, self.values = problem, values
        super().__init__(self.in_language(ENGLISH))

    def in_language(self, _: Translator) -> str:
        """The sentence in the Translator's language (see :mod:`helpers.text.i18n`)."""
        return planning_problems(_)[self.problem].format(**self.values)


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
    definitions = rate_definitions(ENGLISH)
    rows = [
        {
            "rate": row.metric,
            "platform": row.platform,
            "value": float(row.typical),
            # English like the reference table's definitions; translated where shown
            "definition": definitions[0] if row.metric == "cpm" else definitions[1],
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
    source = override_source(ENGLISH) + (f" ({chosen.source})" if chosen.source else "")
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
        raise PlanningError("no_exchange_rate", currency=campaign.currency, known=known) from None


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
        raise PlanningError("no_platforms")
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
    expected = dict.fromkeys(KPIS, float("nan"))
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
