"""The calendar stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from pydantic import ValidationError

from helpers import report
from helpers.core.campaign import Calendar, Campaign
from helpers.report.settings import settings_saver
from helpers.stages.calendar import charts
from helpers.stages.calendar.phases import campaign_phases
from helpers.stages.calendar.scheduling import build_calendar
from helpers.stages.calendar.summary import calendar_summary
from helpers.stages.calendar.wording import day_text
from helpers.text.i18n import Translator, translator


def calendar_explorer(
    deliverables: pd.DataFrame, campaign: Campaign, save_to: Path | None = None
) -> widgets.Widget:
    """Drag the phase boundaries, change the spacing rule, the daily cap or the holiday rule,
    and see the content calendar rebuild (stage 04), in the campaign's language. With
    ``save_to`` (the run folder), a button saves the changed settings as YAML for the campaign
    file."""
    _ = translator(campaign.language)
    phases = campaign_phases(campaign)
    ranges, bursts = _phase_controls(campaign, phases, _)
    spacing, per_day, holiday_rule = _rule_controls(campaign.calendar, _)
    output = widgets.Output()

    def chosen_rules() -> dict:
        changed = [
            phase.model_copy(
                update={"start": chosen.value[0], "end": chosen.value[1], "burst": burst.value}
            )
            for phase, chosen, burst in zip(phases, ranges, bursts, strict=True)
        ]
        return {
            "phases": [p.model_dump() for p in changed],
            "spacing_hours": spacing.value,
            "max_posts_per_day": per_day.value,
            "holidays": holiday_rule.value,
        }

    def refresh(*_args: object) -> None:
        with output:
            output.clear_output(wait=True)
            _show_trial(deliverables, campaign, chosen_rules(), _)

    def current() -> Campaign:
        rules = chosen_rules()
        if rules["phases"] == [p.model_dump() for p in phases]:
            del rules["phases"]  # the phases as they started: nothing to write
        settings = Calendar.model_validate(campaign.calendar.model_dump() | rules)
        return campaign.model_copy(update={"calendar": settings})

    for control in [*ranges, *bursts, spacing, per_day, holiday_rule]:
        control.observe(refresh, names="value")
    refresh()
    rows = [widgets.HBox([chosen, burst]) for chosen, burst in zip(ranges, bursts, strict=True)]
    saver = [settings_saver(campaign, current, save_to, "04-calendar", _)] if save_to else []
    return widgets.VBox([*rows, widgets.HBox([spacing, per_day]), holiday_rule, output, *saver])


def _phase_controls(campaign: Campaign, phases: list, _: Translator) -> tuple[list, list]:
    """A date-range slider and a burst checkbox per phase."""
    days = [d.date() for d in pd.date_range(campaign.start, campaign.end)]
    options = [(day_text(day, _), day) for day in days]
    ranges = [
        widgets.SelectionRangeSlider(
            options=options,
            index=(days.index(phase.start), days.index(phase.end)),
            description=phase.name,
            continuous_update=False,
            layout=widgets.Layout(width="70%"),
            style={"description_width": "90px"},
        )
        for phase in phases
    ]
    bursts = [widgets.Checkbox(value=phase.burst, description=_("burst")) for phase in phases]
    return ranges, bursts


def _rule_controls(settings: Calendar, _: Translator) -> tuple:
    """Sliders for the spacing rule and the daily cap, buttons for the holiday rule."""
    spacing = widgets.IntSlider(
        value=round(settings.spacing_hours),
        min=0,
        max=72,
        description=_("Spacing (h)"),
        continuous_update=False,
    )
    per_day = widgets.IntSlider(
        value=settings.max_posts_per_day,
        min=1,
        max=10,
        description=_("Max a day"),
        continuous_update=False,
    )
    holiday_rule = widgets.ToggleButtons(
        options=["avoid", "target", "ignore"],  # as the campaign file writes them
        value=settings.holidays,
        description=_("Holidays"),
    )
    return spacing, per_day, holiday_rule


def _show_trial(deliverables: pd.DataFrame, campaign: Campaign, rules: dict, _: Translator) -> None:
    """The calendar rebuilt with the chosen rules: the finding, what cannot fit, the charts;
    or why the settings do not work."""
    try:
        trial = Calendar.model_validate(campaign.calendar.model_dump() | rules)
    except ValidationError as error:
        reasons = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
        display(
            report.finding(
                _(
                    "These settings do not work: {reasons}.",
                    reasons=report.text(reasons),  # quotes the values typed in
                ),
                _("Finding"),
            )
        )
        return
    plan = build_calendar(deliverables, campaign, trial)
    display(report.finding(calendar_summary(plan, campaign), _("Finding")))
    for line in plan.problems:
        problem = report.text(line)  # names creators: handles from the data
        display(report.finding(_("Cannot fit. {problem}", problem=problem), _("Finding")))
    if len(plan.scheduled):
        charts.plot_calendar_gantt(plan.posts, plan.phases, _)
        plt.show()
    charts.plot_month_view(
        plan.posts, plan.holidays, campaign.start, campaign.end, campaign.markets, _
    )
    plt.show()
    plt.close("all")
