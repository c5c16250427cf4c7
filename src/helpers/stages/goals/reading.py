"""Reading and checking the goals: each goal of the campaign file against the KPI catalogue
and the campaign (a known KPI, a target that makes sense, a deadline in the window, a market
the campaign runs in)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from helpers.core.campaign import Campaign, Goal
from helpers.core.kpis import KPI, KPIS, suggest_kpi
from helpers.stages.goals.figures import _as_in_file, _g
from helpers.text.i18n import Translator, translator

ROI_PERCENT_HINT = 20  # an ROI or ROAS target above this is probably a percentage


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


def read_goal(
    campaign: Campaign, goal: Goal, index: int | None = None, _: Translator | None = None
) -> GoalCheck:
    """Check one goal against the catalogue and the campaign; never raises.

    Errors (each makes ``playbook validate`` exit 2): an unknown KPI, a target of 0 or below
    (ROI: -1 or below), a share above 100%, a deadline outside the campaign window (loyalty
    KPIs may be read after it), a market the campaign does not run in, a negative baseline.
    Notes: a share written as a percentage (35 for 35%) is read as one and said so. Errors and
    notes are written with the Translator ``_`` (default: the campaign's language).
    """
    _ = _ or translator(campaign.language)
    kpi = KPIS.get(goal.kpi)
    check = GoalCheck(index, goal, kpi, goal.target)
    if kpi is None:
        hint = suggest_kpi(goal.kpi)
        check.errors["kpi"] = (
            _("unknown KPI {kpi}; did you mean {hint}?", kpi=repr(goal.kpi), hint=repr(hint))
            if hint
            else _("unknown KPI {kpi} (known: {known})", kpi=repr(goal.kpi),
                   known=", ".join(KPIS))
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


def _check_target(check: GoalCheck, kpi: KPI, _: Translator) -> None:
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


def _check_window(check: GoalCheck, campaign: Campaign, _: Translator) -> None:
    deadline = check.goal.deadline
    if deadline is None:
        return
    loyalty = check.kpi is not None and check.kpi.funnel_stage == "loyalty"
    days = {
        "deadline": _as_in_file(deadline, _),
        "start": _as_in_file(campaign.start, _),
        "end": _as_in_file(campaign.end, _),
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
    campaign: Campaign, goals: list[Goal] | None = None, _: Translator | None = None
) -> list[GoalCheck]:
    """Every goal (the campaign file's by default), checked, with duplicates flagged; errors
    and notes written with the Translator ``_`` (default: the campaign's language)."""
    _ = _ or translator(campaign.language)
    goals = campaign.goals if goals is None else goals
    checks = [read_goal(campaign, goal, i, _) for i, goal in enumerate(goals)]
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
