"""Campaigns of the goals tests: a small hand-made one whose numbers are easy by hand, and the
goal files with bad and missing goals."""

from __future__ import annotations

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages import goals
from tests.conftest import FIXTURES

GOAL_FILES = FIXTURES / "goals"
BAD_GOALS = GOAL_FILES / "bad-goals.yaml"
NO_GOALS = GOAL_FILES / "no-goals.yaml"
NO_ROSTER = pd.DataFrame()  # leaves the per-follower percentiles out: fast, and no file read
EUR_USD = 1.0389  # ECB reference rate of 2024-12-31, USD per EUR


def make_campaign(**changes) -> Campaign:
    """A small USD awareness campaign on Instagram only, so every number is easy by hand:
    USD 1,000 at the benchmark CPM of 8 buys 125,000 impressions."""
    fields = {
        "schema": 1,
        "id": "hand-made",
        "name": "Hand made",
        "brand": "Test",
        "objective": "awareness",
        "markets": ["LV", "EE"],
        "currency": "USD",
        "budget": 1000,
        "start": "2027-03-01",
        "end": "2027-03-30",
        "audience": {"countries": {"LV": 0.75, "EE": 0.25}, "age": [18, 34]},
        "vetting": {"platforms": ["instagram"]},
    }
    fields.update(changes)
    return Campaign.model_validate(fields)


def sheet_of(campaign: Campaign) -> pd.DataFrame:
    return goals.goal_sheet(campaign, roster=NO_ROSTER)


def row_of(campaign: Campaign, kpi: str | None = None) -> pd.Series:
    sheet = sheet_of(campaign)
    return sheet.iloc[0] if kpi is None else sheet.set_index("kpi").loc[kpi]
