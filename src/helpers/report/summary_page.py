"""The summary as HTML (:func:`summary_html`): one page a client reads in a minute, every word
through the Translator, every figure through its formats, goals as progress bars that scale
with the page (plain HTML, no image), and a page break after it when printed.
"""

from __future__ import annotations

import html
import math

from helpers.core.kpis import KPIS, kpi_label
from helpers.report.summary import CreatorResult, GoalProgress, NextStep, Summary
from helpers.text.i18n import Translator

SUMMARY_CSS = """
.exec-summary { border: 1px solid #dde3e8; border-radius: 8px; padding: 14px 20px 10px;
  margin: 0 0 24px; background: #fbfcfd; }
.exec-summary h2 { margin: 0 0 8px; font-size: 22px; border: 0; padding: 0; }
.exec-summary h3 { margin: 16px 0 6px; font-size: 15px; text-transform: uppercase;
  letter-spacing: .05em; color: #5f6368; }
.exec-summary .sum-state { font-size: 16px; margin: 0 0 10px; }
.exec-summary .sum-state .name { font-weight: 600; border-radius: 4px; padding: 2px 8px; }
.exec-summary .planning { background: #eef3fb; color: #1f4e8c; }
.exec-summary .live { background: #e3f4e8; color: #1e6b34; }
.exec-summary .finished { background: #f0f0f0; color: #333; }
.exec-summary .sum-money { display: grid; gap: 10px; margin: 8px 0;
  grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); }
.exec-summary .sum-money > div { background: #fff; border: 1px solid #dde3e8; border-radius: 6px;
  padding: 8px 12px; }
.exec-summary .sum-money strong { display: block; font-size: 13px; color: #5f6368; }
.exec-summary .sum-goals { list-style: none; padding: 0; margin: 0; }
.exec-summary .sum-goals li { margin: 0 0 10px; }
.exec-summary .bar, .exec-summary .bar span { -webkit-print-color-adjust: exact;
  print-color-adjust: exact; }
.exec-summary .bar { height: 10px; background: #e6ebef; border-radius: 5px; overflow: hidden;
  margin-top: 3px; max-width: 560px; }
.exec-summary .bar span { display: block; height: 100%; background: #c58a16; }
.exec-summary .bar span.met { background: #2e8b57; }
.exec-summary .bar span.spend { background: var(--accent, #2a6f97); }
.exec-summary .bar span.over { background: #a12626; }
.exec-summary .caveat, .exec-summary .unknown { color: #5f6368; font-size: .92em; }
.exec-summary ol { margin: 0; padding-left: 22px; }
.exec-summary ol li { margin: 0 0 4px; }
@media (max-width: 480px) { .exec-summary { padding: 10px 12px 6px; } }
@media print { .exec-summary { break-after: page; border: 0; background: none; } }
"""


def summary_html(summary: Summary, _: Translator, details: str = "", end: str = "") -> str:
    """The summary as an HTML block (a ``<section>`` with its own ``<style>``).

    Parameters
    ----------
    summary : Summary
        :func:`helpers.report.summary.campaign_summary`'s result.
    _ : Translator
        The report's language.
    details : str
        The state's facts in words (:func:`helpers.core.state.state_details`).
    end : str
        The campaign's last day as the page writes it (for "after ..." lines).

    Returns
    -------
    str
        HTML; every value from data is escaped.
    """
    parts = [
        f"<style>{SUMMARY_CSS}</style>",
        '<section class="exec-summary" id="summary">' + _tag("h2", _("Summary")),
        _state(summary, _, details),
        _money(summary, _, end),
        _tag("h3", _("Goals")),
        _goals(summary, _),
        _tag("h3", _("Creators")),
        _creators(summary, _),
        _tag("h3", _("What to do next")),
        _steps(summary, _, end),
        _unknown(summary, _),
        "</section>",
    ]
    return "\n".join(part for part in parts if part)


def _e(text: object) -> str:
    return html.escape(str(text))


def _tag(tag: str, text: str, css_class: str = "") -> str:
    """``<tag class="...">text</tag>`` with the text escaped."""
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<{tag}{attribute}>{_e(text)}</{tag}>"


def _state(summary: Summary, _: Translator, details: str) -> str:
    if summary.state is None:
        unknown = _("Campaign state: not known (the results cannot be read).")
        return f'<p class="sum-state">{_e(unknown)}</p>'
    names = {"planning": _("planning"), "live": _("live"), "finished": _("finished")}
    name = f'<span class="name {summary.state}">{_e(names[summary.state])}</span>'
    label = _("Campaign state:")
    return f'<p class="sum-state">{_e(label)} {name} {_e(details)}</p>'


def _money(summary: Summary, _: Translator, end: str) -> str:
    budget = _.money(summary.budget, summary.currency)
    spend_label, return_label = _("Spend"), _("Return")
    if summary.spend_basis == "unknown":
        spend = _(
            "Spend: not known yet (no plan and no results in this run); budget {budget}.",
            budget=budget,
        )
    else:
        values = {
            "spend": _.money(summary.spend, summary.currency),
            "budget": budget,
            "share": _.percent(summary.spend / summary.budget if summary.budget else math.nan, 0),
        }
        if summary.spend_basis == "actual":
            spend = _("Spent {spend} of the {budget} budget ({share}).", **values)
        else:
            spend = _("Planned spend {spend} of the {budget} budget ({share}).", **values)
    return (
        '<div class="sum-money">'
        f"<div>{_tag('strong', spend_label)}{_e(spend)}{_spend_bar(summary, _)}</div>"
        f"<div>{_tag('strong', return_label)}{_e(_return(summary, _, end))}"
        f"{_caveat(summary, _)}</div></div>"
    )


def _bar(share: float, css_class: str, label: str) -> str:
    """A progress bar: ``share`` of its width filled (capped at the whole)."""
    width = max(0.0, min(share, 1.0)) * 100
    return (
        f'<div class="bar" role="img" aria-label="{_e(label)}">'
        f'<span class="{css_class}" style="width: {width:.0f}%"></span></div>'
    )


def _spend_bar(summary: Summary, _: Translator) -> str:
    if math.isnan(summary.spend) or not summary.budget:
        return ""
    share = summary.spend / summary.budget
    return _bar(share, "over" if share > 1 + 1e-9 else "spend", _.percent(share, 0))


def _return(summary: Summary, _: Translator, end: str) -> str:
    if summary.state != "finished":
        return _("ROI and ROAS are measured on the final results, after {end}.", end=end)
    if math.isnan(summary.roi) or math.isnan(summary.revenue):
        return _("Not known: the results have no revenue to measure ROI with.")
    return _(
        "ROI {roi}, ROAS {roas}: {revenue} of revenue on {spend} spent.",
        roi=_.signed_percent(summary.roi),
        roas=_multiple(summary.roas, _),
        revenue=_.money(summary.revenue, summary.currency),
        spend=_.money(summary.spend, summary.currency),
    )


def _caveat(summary: Summary, _: Translator) -> str:
    if summary.objective != "awareness":
        return ""
    caveat = _(
        "An awareness campaign is not judged on ROI: it buys reach, not sales. Read it on its "
        "reach goal and its cost per 1,000 reached."
    )
    return f'<p class="caveat">{_e(caveat)}</p>'


def _multiple(value: float, _: Translator) -> str:
    return _("{value}×", value=_.number(value, 2))


def format_value(value: float, unit: str, currency: str, _: Translator) -> str:
    """A goal's value the way its KPI is shown: a count, a percentage, money or a multiple."""
    if unit == "rate":
        return _.percent(value, 1)
    if unit == "money":
        return _.money(value, currency, decimals=2 if abs(value) < 100 else 0)
    if unit == "multiple":
        return _multiple(value, _)
    return _.number(value)


def goal_name(goal: GoalProgress | dict, _: Translator) -> str:
    """A goal's name in words: its KPI's label (``Engagement rate (per reach)``, never
    ``engagement_rate``), with its market when it is about one."""
    kpi = goal["kpi"] if isinstance(goal, dict) else goal.kpi
    market = goal.get("market") if isinstance(goal, dict) else goal.market
    label = kpi_label(kpi, _) if kpi in KPIS else str(kpi).replace("_", " ").capitalize()
    return _("{goal} in {market}", goal=label, market=market) if market else label


def goal_target_text(goal: dict, currency: str, _: Translator) -> str:
    """``Reach 1,500,000`` or ``CPA at most EUR 20``: a goal and its target for the index."""
    known = KPIS.get(goal["kpi"])
    unit = known.shown_as if known else "count"
    target = format_value(float(goal["target"]), unit, currency, _)
    if known is not None and known.lower_is_better:
        return _("{goal} at most {target}", goal=goal_name(goal, _), target=target)
    return _("{goal} {target}", goal=goal_name(goal, _), target=target)


def goal_line(goal: GoalProgress, currency: str, _: Translator, state: str | None = None) -> str:
    """One goal against its target in words, e.g. ``Reach: 412,000 planned of 500,000 (82%)``;
    a goal with no figure says why for the campaign's ``state``."""
    values = {
        "goal": goal_name(goal, _),
        "value": format_value(goal.value, goal.unit, currency, _),
        "target": format_value(goal.target, goal.unit, currency, _),
        "share": _.percent(goal.share, 0),
        "so_far": format_value(goal.so_far, goal.unit, currency, _),
    }
    if goal.basis == "unknown":
        return _unknown_goal(values, _, state)
    if goal.lower_is_better:
        verdict = _("within the cap") if goal.met else _("over the cap")
        if goal.basis == "actual":
            return _(
                "{goal}: {value} against a cap of {target} ({verdict}).", verdict=verdict, **values
            )
        if goal.basis == "forecast":
            return _(
                "{goal}: {value} forecast against a cap of {target} ({verdict}); {so_far} so far.",
                verdict=verdict,
                **values,
            )
        return _(
            "{goal}: {value} planned against a cap of {target} ({verdict}).",
            verdict=verdict,
            **values,
        )
    if goal.unit in ("rate", "multiple"):  # "9.5% of 3.5%" reads as a share of a share
        if goal.basis == "actual":
            return _("{goal}: {value} against a target of {target} ({share}).", **values)
        if goal.basis == "forecast":
            return _(
                "{goal}: {value} forecast against a target of {target} ({share}); {so_far} so far.",
                **values,
            )
        return _("{goal}: {value} planned against a target of {target} ({share}).", **values)
    if goal.basis == "actual":
        return _("{goal}: {value} of {target} ({share}).", **values)
    if goal.basis == "forecast":
        return _(
            "{goal}: {value} forecast of {target} by the end ({share}); {so_far} so far.", **values
        )
    return _("{goal}: {value} planned of {target} ({share}).", **values)


def _unknown_goal(values: dict[str, str], _: Translator, state: str | None) -> str:
    if state == "finished":
        return _("{goal}: target {target}; not in the results (count it by hand).", **values)
    if state == "live":
        return _("{goal}: target {target}; no forecast for it yet.", **values)
    if state == "planning":
        return _("{goal}: target {target}; the plan does not forecast it.", **values)
    return _("{goal}: target {target}; not known yet.", **values)


def _figures_from(summary: Summary) -> str | None:
    """The state whose figures the goals were read on (None when they are missing: a stage
    that failed, a run without a plan)."""
    if summary.state == "finished" and summary.spend_basis == "actual":
        return "finished"
    if summary.state == "live" or (
        summary.state == "planning" and summary.spend_basis != "unknown"
    ):
        return summary.state
    return None


def _goals(summary: Summary, _: Translator) -> str:
    if not summary.goals:
        return _tag("p", _("No goals are set in the campaign file."), "unknown")
    items = []
    for goal in summary.goals:
        line = _e(goal_line(goal, summary.currency, _, _figures_from(summary)))
        bar = ""
        if not math.isnan(goal.share):
            bar = _bar(goal.share, "met" if goal.met else "", _.percent(goal.share, 0))
        items.append(f"<li>{line}{bar}</li>")
    return f'<ul class="sum-goals">{"".join(items)}</ul>'


def _measure(creator: CreatorResult, currency: str, _: Translator) -> str:
    if creator.measure == "cost_per_1000_reached":
        return _("{money} per 1,000 reached", money=_.money(creator.value, currency, decimals=2))
    if creator.measure == "cpe":
        return _("{money} per engagement", money=_.money(creator.value, currency, decimals=3))
    if creator.measure == "cpa":
        return _("{money} per conversion", money=_.money(creator.value, currency, decimals=2))
    return _("vetting score {score} of 100", score=_.number(creator.value))


def _creator(creator: CreatorResult, currency: str, _: Translator) -> str:
    text = f"{creator.handle} ({_measure(creator, currency, _)})"
    if creator.advice:
        text += f" · {_.term(creator.advice)}"
    return _e(text)


def _creators(summary: Summary, _: Translator) -> str:
    if summary.best is None:
        return _tag("p", _("No creator is in the plan or the results yet."), "unknown")
    best = _creator(summary.best, summary.currency, _)
    if summary.creators_basis == "plan":
        lines = [_e(_("Highest vetting score in the plan:")) + " " + best]
    else:
        lines = [_e(_("Best value:")) + " " + best]
    if summary.weakest is not None:
        weakest = _creator(summary.weakest, summary.currency, _)
        label = _("Lowest vetting score:") if summary.creators_basis == "plan" else _("Weakest:")
        lines.append(f"{_e(label)} {weakest}")
    else:
        lines.append(_e(_("Only one creator to compare.")))
    note = ""
    if summary.creators_basis == "plan":
        note = _tag("p", _("Results per creator come with the final results."), "unknown")
    return f"<p>{'<br>'.join(lines)}</p>{note}"


def _handles(handles: list[str], _: Translator) -> str:
    shown = ", ".join(handles[:3])
    if len(handles) > 3:
        shown = _("{names} and {count} more", names=shown, count=len(handles) - 3)
    return shown


def _step_values(step: NextStep, currency: str, _: Translator) -> dict[str, str]:
    """The words a step names: its goal, value and target, the creators, a count."""
    goal = step.values.get("goal")
    values = {}
    if goal is not None:
        values = {
            "goal": goal_name(goal, _),
            "value": format_value(goal.value, goal.unit, currency, _),
            "target": format_value(goal.target, goal.unit, currency, _),
        }
    if "handles" in step.values:
        values["handles"] = _handles(step.values["handles"], _)
    if "unspent" in step.values:
        values["unspent"] = _.money(step.values["unspent"], currency)
    if "count" in step.values:
        values["count"] = _.number(step.values["count"])
    return values


def step_text(step: NextStep, currency: str, _: Translator, end: str = "") -> str:
    """One thing to do next in words."""
    values = _step_values(step, currency, _)
    texts = {
        "fix_stage": lambda: _(
            "Fix stage {stage} ({error}) and run the report again.", **step.values
        ),
        "off_track": lambda: _(
            "{goal} is off track ({value} forecast against {target}): add posts or move "
            "budget to the creators who deliver.",
            **values,
        ),
        "final_results": lambda: _(
            "Add the final results (data.results) after {end} to measure the goals and ROI.",
            end=end,
        ),
        "set_goals": lambda: _(
            "Set the campaign's goals (goals: in the campaign file) so the report can judge it."
        ),
        "missed": lambda: _(
            "{goal} missed its target ({value} against {target}): find out why before the "
            "next campaign.",
            **values,
        ),
        "rehire": lambda: _("Rebook {handles}: good value at their fee.", **values),
        "check": lambda: _(
            "Check {handles} before rebooking (see the ROI stage's rehire decisions).", **values
        ),
        "drop": lambda: _(
            "Do not rebook {handles}: too expensive for what they delivered.", **values
        ),
        "by_hand": lambda: _(
            "Count {goal} by hand: the results file does not measure it.", **values
        ),
        "short_unspent": lambda: _(
            "{goal}: the plan reaches {value} of {target}, and {unspent} of the budget is not "
            "in it yet: add creators or lower the target.",
            **values,
        ),
        "short": lambda: _(
            "{goal}: the plan reaches {value} of {target}; raise the budget, add creators or "
            "lower the target.",
            **values,
        ),
        "over_budget": lambda: _(
            "The plan spends more than the budget: drop an offer or raise the budget."
        ),
        "conflicts": lambda: _(
            "Resolve the calendar's conflicts ({count}; see the content calendar).", **values
        ),
        "send_offers": lambda: _(
            "Send the offers to the creators in the plan ({count}; see negotiation).", **values
        ),
        "no_plan": lambda: _(
            "No creator is in the plan yet: widen vetting or raise the budget (see negotiation)."
        ),
    }
    return texts["short_unspent" if "unspent" in values else step.kind]()


def _steps(summary: Summary, _: Translator, end: str) -> str:
    if not summary.next_steps:
        return _tag("p", _("Nothing pressing: the campaign is on plan."), "unknown")
    items = "".join(
        f"<li>{_e(step_text(step, summary.currency, _, end))}</li>" for step in summary.next_steps
    )
    return f"<ol>{items}</ol>"


def _unknown(summary: Summary, _: Translator) -> str:
    if not summary.missing_stages:
        return ""
    statuses = {"failed": _("failed"), "skipped": _("skipped")}
    names = "; ".join(
        f"{title} ({statuses.get(status, status)})"
        for title, status, _error in summary.missing_stages
    )
    text = _("Not in this summary, because these stages did not finish: {stages}.", stages=names)
    return f'<p class="unknown">{_e(text)}</p>'
