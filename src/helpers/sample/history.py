"""Each example brand's past campaigns (``history/<campaign>/<past campaign>/``): what the agency
ran for the brand before, so the demo can learn fees and rates from its own history.

Every past campaign is simulated the way the example campaigns are (:mod:`~helpers.sample.results`
picks the creators, schedules and measures their posts, and prices them from each creator's own
rate card with the world's noise; :mod:`~helpers.sample.pipeline` writes the pipeline that
matches): the brand's objective, currency, audience and vetting rules, in its own earlier
window, markets and budget. Nothing is copied from the published benchmarks the calibration is
weighed against.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from helpers.sample.pipeline import _campaign_pipeline
from helpers.sample.results import _campaign_results

HISTORY_FOLDER = "history"


class PastCampaign(NamedTuple):
    """One past campaign of an example brand: its window, budget and audience split."""

    id: str
    start: str
    end: str
    budget: float
    countries: dict[str, float]  # the markets, and the share of the audience planned in each


PAST_CAMPAIGNS: dict[str, tuple[PastCampaign, ...]] = {
    "aurora-baltics-2027": (
        PastCampaign("aurora-winter-2025", "2025-01-13", "2025-02-16", 9000, {"LV": 1.0}),
        PastCampaign(
            "aurora-summer-2025", "2025-06-02", "2025-07-06", 14000, {"LV": 0.6, "EE": 0.4}
        ),
        PastCampaign(
            "aurora-autumn-2025",
            "2025-10-06",
            "2025-11-09",
            20000,
            {"LV": 0.5, "EE": 0.25, "LT": 0.25},
        ),
        PastCampaign(
            "aurora-spring-2026", "2026-03-02", "2026-04-05", 16000, {"LV": 0.6, "LT": 0.4}
        ),
    ),
    "nordic-threads-2027": (
        PastCampaign("nordic-spring-2025", "2025-03-03", "2025-04-06", 15000, {"SE": 1.0}),
        PastCampaign(
            "nordic-autumn-2025", "2025-09-01", "2025-10-12", 24000, {"SE": 0.6, "NO": 0.4}
        ),
        PastCampaign(
            "nordic-spring-2026",
            "2026-03-02",
            "2026-04-12",
            36000,
            {"SE": 0.35, "NO": 0.2, "DK": 0.2, "FI": 0.25},
        ),
    ),
    "pulse-app-launch-2027": (
        PastCampaign("pulse-beta-2025", "2025-09-08", "2025-10-19", 45000, {"US": 1.0}),
        PastCampaign("pulse-uk-2026", "2026-01-12", "2026-02-22", 35000, {"GB": 1.0}),
        PastCampaign(
            "pulse-summer-2026", "2026-05-04", "2026-06-14", 60000, {"US": 0.6, "GB": 0.4}
        ),
    ),
}


def _past_campaign(example: dict, past: PastCampaign) -> dict:
    """An example campaign as it ran before: its brand, objective, currency, audience and
    vetting, in the past campaign's window, markets and budget."""
    audience = dict(example.get("audience") or {})
    audience["countries"] = dict(past.countries)
    return {
        **example,
        "id": past.id,
        "start": past.start,
        "end": past.end,
        "budget": past.budget,
        "markets": list(past.countries),
        "audience": audience,
    }


def _history_tables(
    example: dict, creators: pd.DataFrame, audience: pd.DataFrame, rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    """The past campaigns of one example brand: each one's results and pipeline, by the file
    name they are written to (``history/<example>/<past>/results.csv`` and ``pipeline.csv``)."""
    pasts = PAST_CAMPAIGNS.get(str(example["id"]), ())
    tables = {}
    for past, stream in zip(pasts, rng.spawn(len(pasts)), strict=True):
        campaign = _past_campaign(example, past)
        results, _to_date = _campaign_results(campaign, creators, audience, stream)
        folder = f"{HISTORY_FOLDER}/{example['id']}/{past.id}"
        tables[f"{folder}/results.csv"] = results
        tables[f"{folder}/pipeline.csv"] = _campaign_pipeline(campaign, creators, audience, results)
    return tables
