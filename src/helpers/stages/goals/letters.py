"""Four of the SMART letters, one function each: Specific (a catalogue KPI, and who or where
it is about), Measurable (the results columns that read it), Relevant (its funnel stage
against the objective's) and Time-bound (a deadline in the window). Achievable, which prices
the target, has its own module."""

from __future__ import annotations

from helpers.core.campaign import Campaign
from helpers.core.kpis import FUNNEL_STAGES, KPIS
from helpers.stages.goals.context import Context
from helpers.stages.goals.figures import _day
from helpers.stages.goals.reading import GoalCheck
from helpers.stages.goals.vocabulary import (
    OBJECTIVE_STAGE,
    brief_notes,
    objective_phrases,
    stage_at,
    stage_kpis,
)
from helpers.text.i18n import Translator


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
    notes = brief_notes(_)
    extra = " " + notes[goal.kpi] if goal.kpi in notes else ""
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


def _measurable(check: GoalCheck, _: Translator) -> tuple[str, str]:
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
        "stage_kpi": stage_kpis(_)[kpi.funnel_stage],
        "objective": objective_phrases(_)[campaign.objective],
    }
    if distance == 0:
        return "pass", _("{label} is {stage_kpi}: it measures {objective}.", **values)
    mains = ", ".join(name for name, k in KPIS.items() if k.funnel_stage == main_stage)
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
            stage=stage_at(_)[main_stage],
            mains=mains,
            **values,
        )
    return "warn", _(
        "{label} is {stage_kpi}, two funnel stages from {objective}: it will move little; keep "
        "it as a guardrail only, or drop it.",
        **values,
    )


def _time_bound(check: GoalCheck, campaign: Campaign, _: Translator) -> tuple[str, str]:
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
