"""The goals stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers import report
from helpers.core.campaign import Campaign


def goal_builder(campaign: Campaign, roster: pd.DataFrame | None = None) -> widgets.Widget:
    """Draft a goal (KPI, target, deadline, market) and see its SMART verdict update live,
    checked next to the campaign's own goals; the line to paste into the campaign file is shown
    underneath (stage 01). Labels and sentences are in the campaign's language."""
    from datetime import date

    from IPython.display import HTML

    from helpers.core.campaign import Goal
    from helpers.stages import goals
    from helpers.text.i18n import translator

    language = campaign.language
    _ = translator(language)
    roster = goals.eligible_roster(campaign, roster)
    options = [
        (
            f"{goals.kpi_label(name, language)} "
            f"({goals.words(goals.STAGE_NAMES, k.funnel_stage, language)})",
            name,
        )
        for name, k in goals.KPI_CATALOGUE.items()
    ]
    kpi = widgets.Dropdown(options=options, value="reach", description=_("KPI"))
    target = widgets.FloatText(value=1.0, description=_("Target"), step=None)
    deadline = widgets.DatePicker(value=campaign.end, description=_("Deadline"))
    market = widgets.Dropdown(
        options=[(_("all markets"), "")] + [(m, m) for m in campaign.markets],
        description=_("Market"),
    )
    output = widgets.Output()
    try:
        buys = goals.what_the_budget_buys(campaign)
    except goals.PlanningError:
        buys = {}

    def suggest(*_event: object) -> None:
        value = buys.get(kpi.value, float("nan"))
        higher = goals.KPI_CATALOGUE[kpi.value].higher_is_better
        target.value = goals.round_target(value, up=not higher) if value == value else 1.0

    def refresh(*_event: object) -> None:
        draft = Goal(
            kpi=kpi.value,
            target=target.value,
            deadline=deadline.value if isinstance(deadline.value, date) else None,
            market=market.value or None,
        )
        # a draft for a KPI the campaign already sets replaces that goal
        others = [g for g in campaign.goals if (g.kpi, g.market) != (draft.kpi, draft.market)]
        sheet = goals.assess_goals(campaign, [*others, draft], roster=roster, language=language)
        row = sheet.iloc[-1]
        with output:
            output.clear_output(wait=True)
            definition = goals.kpi_text(draft.kpi, translator(language)).definition
            finding = _(
                "**{title}: {verdict}.** {definition}.",
                title=goals.goal_title(row, campaign.currency, language),
                verdict=goals.verdict_words(row["verdict"], language),
                definition=definition[:1].upper() + definition[1:],
            )
            display(report.finding(finding, _("Finding")))
            display(report.table(goals.letters_table(row, language)))
            # the line is YAML: numbers and dates as the campaign file writes them
            fields = f"kpi: {draft.kpi}, target: {draft.target:g}"
            if draft.deadline and draft.deadline != campaign.end:
                fields += f", deadline: {draft.deadline}"
            if draft.market:
                fields += f", market: {draft.market}"
            line = f"<code>- {{{fields}}}</code>"
            display(HTML("<p>" + _("Add to the campaign file under {goals} {line}",
                                   goals="<code>goals:</code>", line=line) + "</p>"))  # fmt: skip

    kpi.observe(suggest, names="value")
    for control in (kpi, target, deadline, market):
        control.observe(refresh, names="value")
    suggest()
    refresh()
    return widgets.VBox([widgets.HBox([kpi, target]), widgets.HBox([deadline, market]), output])
