"""Fixtures of the vetting tests."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.core.campaign import Campaign
from helpers.stages import vetting
from tests.stages.vetting.planted import planted_world


@pytest.fixture(scope="module")
def world() -> tuple[Campaign, dict[str, pd.DataFrame]]:
    """Nine creators, each planted with one problem (c0 is clean)."""
    return planted_world()


@pytest.fixture(scope="module")
def shortlist(world) -> pd.DataFrame:
    """The planted world vetted, by creator."""
    campaign, tables = world
    return vetting.build_shortlist(campaign, tables).set_index("influencer_id")
