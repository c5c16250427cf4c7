"""The negotiation stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers import report
from helpers.core.campaign import Campaign


def negotiation_what_if(
    campaign: Campaign, shortlist: pd.DataFrame, tables: dict[str, pd.DataFrame]
) -> widgets.Widget:
    """Move usage rights, exclusivity, rush or the compensation model; see the typical fee and
    what the budget buys (stage 03, guide chapter 5.1), in the campaign's language."""
    from helpers.stages import negotiation
    from helpers.text.i18n import translator

    _ = translator(campaign.language)
    terms = campaign.negotiation
    usage = widgets.IntSlider(terms.usage_months, 0, 12, description=_("Usage months"))
    paid = widgets.Checkbox(terms.paid_usage, description=_("Paid ads too"))
    exclusivity = widgets.IntSlider(
        terms.exclusivity_days, 0, 180, step=15, description=_("Exclusivity days")
    )
    rush = widgets.Checkbox(terms.rush, description=_("Rush (< 1 week)"))
    names = negotiation.model_labels(campaign.language)
    model = widgets.Dropdown(
        options=[(names[m], m) for m in negotiation.MODELS],
        value=negotiation.compensation_model(campaign),
        description=_("Model"),
    )
    output = widgets.Output()

    def money(amount: float) -> str:
        return negotiation.money_text(amount, campaign.currency, campaign.language)

    statuses = negotiation.status_labels(campaign.language)
    kpi = negotiation.kpi_labels(campaign.language)[negotiation.primary_kpi(campaign)]
    baseline = negotiation.what_if(campaign, shortlist, tables, {})

    def refresh(*_args: object) -> None:
        changes = {
            "usage_months": usage.value,
            "paid_usage": paid.value,
            "exclusivity_days": exclusivity.value,
            "rush": rush.value,
            "model": model.value,
        }
        result = negotiation.what_if(campaign, shortlist, tables, changes)
        table = pd.DataFrame([baseline, result], index=[_("campaign file"), _("what if")])
        table["status"] = table["status"].map(statuses).fillna(table["status"])
        with output:
            output.clear_output(wait=True)
            display(
                report.table(
                    table.reset_index(names="plan"),
                    formats={
                        "typical_fee": money,
                        "planned_cost": money,
                        "expected_kpi": _.as_number(),
                        "creators": _.as_number(),
                        "deliverables": _.as_number(),
                    },
                    columns={
                        "plan": _("plan"),
                        "typical_fee": _("typical fee (main deliverable)"),
                        "planned_cost": _("planned cost"),
                        "creators": _("creators"),
                        "deliverables": _("deliverables"),
                        "expected_kpi": _("expected {kpi}", kpi=kpi),
                        "status": _("solver"),
                    },
                )
            )

    for control in (usage, paid, exclusivity, rush, model):
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox(
        [widgets.HBox([usage, paid]), widgets.HBox([exclusivity, rush]), model, output]
    )
