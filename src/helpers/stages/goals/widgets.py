"""The goals stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

from datetime import date

import ipywidgets as widgets
import pandas as pd
from IPython.display import HTML, display

from helpers import report
from helpers.core.campaign import Campaign, Goal
from helpers.core.kpis import KPI_ALIASES, KPIS, kpi_label, kpi_text
from helpers.core.supply import Supply
from helpers.stages.goals.budget import PlanningError, what_the_budget_buys
from helpers.stages.goals.context import eligible_roster
from helpers.stages.goals.sheet import assess_goals
from helpers.stages.goals.suggestions import round_target
from helpers.stages.goals.tables import goal_title, letters_table, verdict_words
from helpers.stages.goals.vocabulary import stage_names
from helpers.text.i18n import Translator, translator


def goal_builder(
    campaign: Campaign, roster: pd.DataFrame | None = None, supply: Supply | None = None
) -> widgets.Widget:
    """Draft a goal (KPI, target, deadline, market) and see its SMART verdict update live,
    checked next to the campaign's own goals (and against the roster's ``supply`` when given);
    the line to paste into the campaign file is shown underneath (stage 01). Labels and
    sentences are in the campaign's language."""
    _ = translator(campaign.language)
    roster = eligible_roster(campaign, roster)
    kpi, target, deadline, market = _controls(campaign, _)
    output = widgets.Output()
    try:
        buys = what_the_budget_buys(campaign)
    except PlanningError:
        buys = {}

    def suggest(*_event: object) -> None:
        value = buys.get(kpi.value, float("nan"))
        higher = KPIS[kpi.value].higher_is_better
        target.value = round_target(value, up=not higher) if value == value else 1.0

    def refresh(*_event: object) -> None:
        draft = Goal(
            kpi=kpi.value,
            target=target.value,
            deadline=deadline.value if isinstance(deadline.value, date) else None,
            market=market.value or None,
        )
        with output:
            output.clear_output(wait=True)
            _show_draft(campaign, draft, roster, _, supply)

    kpi.observe(suggest, names="value")
    for control in (kpi, target, deadline, market):
        control.observe(refresh, names="value")
    suggest()
    refresh()
    return widgets.VBox([widgets.HBox([kpi, target]), widgets.HBox([deadline, market]), output])


def _controls(campaign: Campaign, _: Translator) -> tuple[widgets.Widget, ...]:
    """The KPI (each catalogue KPI once, with its funnel stage), target, deadline and market."""
    stages = stage_names(_)
    options = [
        (f"{kpi_label(name, _)} ({stages[k.funnel_stage]})", name)
        for name, k in KPIS.items()
        if name not in KPI_ALIASES
    ]
    kpi = widgets.Dropdown(options=options, value="reach", description=_("KPI"))
    target = widgets.FloatText(value=1.0, description=_("Target"), step=None)
    deadline = widgets.DatePicker(value=campaign.end, description=_("Deadline"))
    market = widgets.Dropdown(
        options=[(_("all markets"), "")] + [(m, m) for m in campaign.markets],
        description=_("Market"),
    )
    return kpi, target, deadline, market


def _show_draft(
    campaign: Campaign, draft: Goal, roster: pd.DataFrame, _: Translator, supply: Supply | None
) -> None:
    """The draft's verdict, its letters and the line for the campaign file."""
    # a draft for a KPI the campaign already sets replaces that goal
    others = [g for g in campaign.goals if (g.kpi, g.market) != (draft.kpi, draft.market)]
    row = assess_goals(campaign, [*others, draft], roster=roster, _=_, supply=supply).iloc[-1]
    definition = kpi_text(draft.kpi, _).definition
    finding = _(
        "**{title}: {verdict}.** {definition}.",
        title=goal_title(row, campaign.currency, _),
        verdict=verdict_words(row["verdict"], _),
        definition=definition[:1].upper() + definition[1:],
    )
    display(report.finding(finding, _("Finding")))
    display(report.table(letters_table(row, _)))
    display(HTML("<p>" + _("Add to the campaign file under {goals} {line}",
                           goals="<code>goals:</code>", line=_yaml_line(campaign, draft))
                 + "</p>"))  # fmt: skip


def _yaml_line(campaign: Campaign, draft: Goal) -> str:
    """The draft as a line of the campaign file: numbers and dates as YAML writes them."""
    fields = f"kpi: {draft.kpi}, target: {draft.target:g}"
    if draft.deadline and draft.deadline != campaign.end:
        fields += f", deadline: {draft.deadline}"
    if draft.market:
        fields += f", market: {draft.market}"
    return f"<code>- {{{fields}}}</code>"
