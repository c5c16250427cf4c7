"""The landscape stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers import report
from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.stages import landscape
from helpers.text.i18n import translator


def market_explorer(profiled: pd.DataFrame, campaign: Campaign) -> widgets.Widget:
    """Pick a market and a platform; see its tier mix, engagement and cultural brief."""
    _ = translator(campaign.language)
    rates = ("median_engagement_rate", "p25", "p75", "benchmark_engagement_rate")
    formats = {c: _.as_percent(2) for c in rates} | {"vs_benchmark": lambda x: f"{_.number(x, 1)}x"}
    market = widgets.Dropdown(options=campaign.markets, description="Market")
    platform = widgets.Dropdown(
        options=["all", *campaign.vetting.platforms], description="Platform"
    )
    output = widgets.Output()

    def refresh(*_args: object) -> None:
        chosen = profiled[profiled["market"] == market.value]
        if platform.value != "all":
            chosen = chosen[chosen["platform"] == platform.value]
        with output:
            output.clear_output(wait=True)
            display(report.table(landscape.engagement_by_tier(chosen), formats=formats, words=_))
            notes = reference.cultural_notes([market.value])
            display(report.table(notes.drop(columns="sources")))

    market.observe(refresh, names="value")
    platform.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([market, platform]), output])
