"""Learning from the agency's own history: past campaigns calibrate the CPM paid, click-through
and conversion rates per market, platform and tier, shrunk toward the published benchmarks by
how much history there is, and a backtest shows how far each forecast would have missed.

The parts, in the marketer's words:

* :mod:`~helpers.core.history.reading`: the past campaigns (``history:`` in the campaign
  file), each one's deals (fees per creator) and posts (impressions, clicks, conversions);
* :mod:`~helpers.core.history.published`: the published benchmarks history is weighed against;
* :mod:`~helpers.core.history.calibration`: the estimate of each cell, and how much of it is
  history (:func:`calibrated_rates`, the one function the negotiation stage calls);
* :mod:`~helpers.core.history.backtest`: each past campaign left out and forecast from the
  others, the published benchmarks alone and with history side by side;
* :mod:`~helpers.core.history.page`: what the negotiation and ROI pages show.
"""

from __future__ import annotations

from helpers.core.history.backtest import (
    BACKTEST_COLUMNS,
    MEASURES,
    SUMMARY_COLUMNS,
    backtest,
    backtest_summary,
    forecast_deals,
)
from helpers.core.history.calibration import (
    CALIBRATED_COLUMNS,
    LEVEL_NAMES,
    LEVELS,
    UNITS,
    calibrated_rates,
    campaign_cells,
    estimate,
    history_units,
)
from helpers.core.history.page import (
    Learned,
    history_finding,
    history_sources,
    history_tables,
    how_to_add_history,
    learn,
    measure_names,
)
from helpers.core.history.published import (
    METRICS,
    PUBLISHED_COLUMNS,
    complete_published,
    published_for,
    published_rates,
)
from helpers.core.history.reading import (
    DEAL_COLUMNS,
    FOLDER_FILES,
    PAID_STAGES,
    POST_COLUMNS,
    History,
    campaign_deals,
    creator_tiers,
    history_problems,
    no_history,
    past_campaign_paths,
    read_history,
)

__all__ = [
    "BACKTEST_COLUMNS",
    "CALIBRATED_COLUMNS",
    "DEAL_COLUMNS",
    "FOLDER_FILES",
    "History",
    "LEVELS",
    "LEVEL_NAMES",
    "Learned",
    "MEASURES",
    "METRICS",
    "PAID_STAGES",
    "POST_COLUMNS",
    "PUBLISHED_COLUMNS",
    "SUMMARY_COLUMNS",
    "UNITS",
    "backtest",
    "backtest_summary",
    "calibrated_rates",
    "campaign_cells",
    "campaign_deals",
    "complete_published",
    "creator_tiers",
    "estimate",
    "forecast_deals",
    "history_finding",
    "history_problems",
    "history_sources",
    "history_tables",
    "history_units",
    "how_to_add_history",
    "learn",
    "measure_names",
    "no_history",
    "past_campaign_paths",
    "published_for",
    "published_rates",
    "read_history",
]
