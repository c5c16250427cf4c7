"""The Achievable letter: each target against what the budget buys at benchmark prices by the
goal's deadline, in the goal's market, with the roster's spread for an engagement rate and the
step from a baseline."""

from __future__ import annotations

import math

from helpers.core.campaign import Campaign
from helpers.stages.goals.budget import VOLUMES, _rate
from helpers.stages.goals.context import Context
from helpers.stages.goals.figures import _approx, _day, _fmt, _g, _ordinal
from helpers.stages.goals.reading import GoalCheck, baseline_value
from helpers.stages.goals.suggestions import round_target
from helpers.stages.goals.supply import supply_and_coverage, supply_note
from helpers.stages.goals.vocabulary import PLATFORM_NAMES, STATUS_RANK, platform_list
from helpers.text.i18n import Translator

# Coverage = what the budget buys / target (or target / expected cost for caps): at or above
# 1 the target is affordable; from 0.8 it is within the spread of benchmark prices.
WITHIN_REACH = 0.8
TIGHT = 1.2
MIN_PEERS = 10  # fewer creators than this in a platform and tier give no percentile


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
    status = _status(coverage)
    sentence = _coverage_sentence(check, context, expected, coverage)
    if kpi.unit == "fraction" and check.goal.kpi == "engagement_rate":
        sentence += _per_follower_context(check.target, context)
    status, sentence = _with_supply(check, context, expected, status, sentence)
    if baseline and baseline[0] != "pass":
        status = max(status, baseline[0], key=STATUS_RANK.__getitem__)
        sentence += " " + baseline[1]
    return status, sentence


def _status(coverage: float) -> str:
    """``pass`` from 1 (enough), ``warn`` from :data:`WITHIN_REACH`, ``fail`` below."""
    return "pass" if coverage >= 1 else "warn" if coverage >= WITHIN_REACH else "fail"


def _with_supply(
    check: GoalCheck, context: Context, expected: float, status: str, sentence: str
) -> tuple[str, str]:
    """The budget's status and sentence with what the roster can deliver: the roster's when it
    is the limit, a clause on it otherwise (unchanged without a roster to check)."""
    if context.supply is None:
        return status, sentence
    note = supply_note(check, context.supply, expected, context.say)
    if note is None:
        return status, sentence
    limits, words = note
    if limits:
        return _status(supply_and_coverage(check, context.supply)[1]), words
    return status, sentence + " " + words


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


def _coverage_sentence(check: GoalCheck, context: Context, expected: float, coverage: float) -> str:
    """The Achievable sentence: what the budget buys against the target, said for the goal's
    kind (a volume, a cost cap or a rate)."""
    kpi, money, _ = check.kpi, context.campaign.currency, context.say
    shown = _approx(expected) if kpi.unit == "count" else expected
    values = {
        "expected": _fmt(shown, kpi.unit, money, _),
        "scope": _scope(check, context.campaign, _),
        "basis": _basis(check.goal.kpi, context),
        "target": _fmt(check.target, kpi.unit, money, _),
        "label": _(kpi.label),
        "lower": _fmt(round_target(expected), kpi.unit, money, _),
    }
    kind = "volume" if kpi.unit == "count" else "rate" if kpi.higher_is_better else "cap"
    return COVERAGE_SENTENCES[kind](coverage, values, _)


def _scope(check: GoalCheck, campaign: Campaign, _: Translator) -> str:
    """`` (DE's 40% of the budget; 50% of it spent by 2027-03-15, evenly paced)``, or nothing
    for a goal of the whole campaign read on its last day."""
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
    return " " + _("({scope}, evenly paced)", scope="; ".join(scope)) if scope else ""


def _volume_sentence(coverage: float, values: dict[str, str], _: Translator) -> str:
    """A volume (reach, conversions ...): how many times the target the budget buys."""
    if coverage >= TIGHT:
        return _(
            "The budget buys ~{expected}{scope} {basis}, {times}x the target of {target}.",
            times=_.number(coverage, 1),
            **values,
        )
    if coverage >= 1:
        return _(
            "The budget buys ~{expected}{scope} {basis}, only {more} more than the "
            "target of {target}. Tight: little room if prices run above benchmark.",
            more=_.percent(coverage - 1, 0),
            **values,
        )
    return _(
        "Needs ~{times}x the budget: it buys ~{expected}{scope} {basis}, short of {target}. "
        "Raise the budget, pick cheaper platforms or tiers, or lower the target to ~{lower}.",
        times=_.number(1 / coverage, 1),
        **values,
    )


def _cap_sentence(coverage: float, values: dict[str, str], _: Translator) -> str:
    """A cost cap (CPM, CPA ...): the benchmark cost against the cap."""
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


def _rate_sentence(coverage: float, values: dict[str, str], _: Translator) -> str:
    """A rate (engagement rate, CTR ...): the target against the rate benchmarks imply."""
    if coverage >= 1:
        return _("{target} is within the ~{expected} {basis}.", **values)
    return _(
        "{target} is {times}x the ~{expected} {basis}: plan creators and formats that beat the "
        "benchmark, or lower the target.",
        times=_.number(1 / coverage, 1),
        **values,
    )


COVERAGE_SENTENCES = {"volume": _volume_sentence, "cap": _cap_sentence, "rate": _rate_sentence}


def _basis(name: str, context: Context) -> str:
    """How an expected value was priced, in words."""
    _ = context.say
    values = {
        "platforms": platform_list(context.campaign.vetting.platforms, _),
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


def per_follower(_: Translator) -> str:
    """The sentence added to an engagement-rate goal, its values still to fill (``{target}``,
    ``{place}``, ``{group}``); the finding quotes the note without it."""
    return _(
        "Read per follower instead (the usual published definition), {target} would be {place} "
        "of {group} creators on the roster: write down that the target is per reach."
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
    sentence = per_follower(_)
    return " " + sentence.format(target=_fmt(target, "fraction", "", _), place=place, group=name)


def _baseline_sentence(check: GoalCheck, _: Translator) -> tuple[str, str] | None:
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
