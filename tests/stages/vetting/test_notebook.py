"""Stage 02, vetting: the notebook runs for every example campaign and on the tiny world, and
writes shortlist.csv with the contract columns first."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.run.runner import run_campaign
from helpers.stages import vetting
from tests.conftest import EXAMPLE_CAMPAIGNS, TINY, stage_page


def _page(result) -> str:
    return stage_page(result, "02-vetting")


@pytest.mark.parametrize("campaign_file", EXAMPLE_CAMPAIGNS, ids=lambda p: p.stem)
def test_notebook_runs_for_every_example_campaign(campaign_file, tmp_path):
    result = run_campaign(campaign_file, out_dir=tmp_path, stages="02")
    page = _page(result)
    assert "shortlisted" in page
    assert "data:image/png;base64" in page
    shortlist = pd.read_csv(result.report_dir / "shortlist.csv")
    assert list(shortlist.columns[:14]) == vetting.CONTRACT_COLUMNS
    assert set(shortlist["status"]) == set(vetting.STATUSES)  # every example has all three


def test_notebook_on_the_tiny_world(tmp_path):
    result = run_campaign(TINY, out_dir=tmp_path, stages="02")
    page = _page(result)
    assert "on the roster" in page
    shortlist = pd.read_csv(result.report_dir / "shortlist.csv")
    assert len(shortlist) == 6
