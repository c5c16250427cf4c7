"""The negotiation stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers import report
from helpers.core.campaign import Campaign
from helpers.report.settings import settings_saver
from helpers.stages.negotiation.labels import MODELS, kpi_labels, status_labels
from helpers.stages.negotiation.models import price_shortlist
from helpers.stages.negotiation.rates import compensation_model, primary_kpi
from helpers.stages.negotiation.solver import same_programme_solved_once
from helpers.stages.negotiation.summary import what_if
from helpers.text import labels
from helpers.text.i18n import Translator, translator


def negotiation_what_if(
    campaign: Campaign,
    shortlist: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    save_to: Path | None = None,
) -> widgets.Widget:
    """Move usage rights, exclusivity, rush or the compensation model; see the typical fee and
    what the budget buys (stage 03, guide chapter 5.1), in the campaign's language. With
    ``save_to`` (the run folder), a button saves the changed terms as YAML for the campaign
    file."""
    _ = translator(campaign.language)
    terms = campaign.negotiation
    controls = {
        "usage_months": widgets.IntSlider(terms.usage_months, 0, 12, description=_("Usage months")),
        "paid_usage": widgets.Checkbox(terms.paid_usage, description=_("Paid ads too")),
        "exclusivity_days": widgets.IntSlider(
            terms.exclusivity_days, 0, 180, step=15, description=_("Exclusivity days")
        ),
        "rush": widgets.Checkbox(terms.rush, description=_("Rush (< 1 week)")),
        "model": widgets.Dropdown(
            options=[(labels.compensation_models(_)[m], m) for m in MODELS],
            value=compensation_model(campaign),
            description=_("Model"),
        ),
    }
    output = widgets.Output()
    prices = price_shortlist(campaign, shortlist, tables)  # a move only re-prices the terms
    solved: dict = {}  # a setting tried before (or priced alike) is not solved again
    with same_programme_solved_once(solved):
        baseline = what_if(campaign, shortlist, tables, {}, prices=prices)

    def refresh(*_args: object) -> None:
        changes = {name: control.value for name, control in controls.items()}
        with same_programme_solved_once(solved):
            result = what_if(campaign, shortlist, tables, changes, prices=prices)
        with output:
            output.clear_output(wait=True)
            display(what_if_comparison(baseline, result, campaign, _))

    for control in controls.values():
        control.observe(refresh, names="value")
    refresh()

    def current() -> Campaign:
        changes = {name: control.value for name, control in controls.items()}
        terms = campaign.negotiation.model_copy(update=changes)
        return campaign.model_copy(update={"negotiation": terms})

    rows = [("usage_months", "paid_usage"), ("exclusivity_days", "rush")]
    boxes = [widgets.HBox([controls[a], controls[b]]) for a, b in rows]
    saver = [settings_saver(campaign, current, save_to, "03-negotiation", _)] if save_to else []
    return widgets.VBox([*boxes, controls["model"], output, *saver])


def what_if_comparison(baseline: dict, result: dict, campaign: Campaign, _: Translator):
    """The campaign file's plan and the what-if plan side by side, as a report table."""
    kpi = kpi_labels(_)[primary_kpi(campaign)]
    table = pd.DataFrame([baseline, result], index=[_("campaign file"), _("what if")])
    table["status"] = table["status"].map(status_labels(_)).fillna(table["status"])
    money = _.as_money(campaign.currency)
    return report.table(
        table.reset_index(names="plan"),
        formats={
            "typical_fee": money,
            "planned_cost": money,
            "expected_kpi": _.as_number(),
            "creators": _.as_number(),
            "deliverables": _.as_number(),
        },
        columns={
            "typical_fee": _("typical fee (main deliverable)"),
            "planned_cost": _("planned cost"),
            "expected_kpi": _("expected {kpi}", kpi=kpi),
            "status": _("solver"),
        },
        words=_,
    )
