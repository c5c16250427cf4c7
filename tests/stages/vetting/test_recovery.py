"""Stage 02, vetting: on the sample world, whose truth is known (data/sample/truth.csv), the
detectors recover the planted growth events, pods and fake followers."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR, SAMPLE_DIR
from helpers.core.data import load_campaign_data
from helpers.stages import vetting


@pytest.fixture(scope="module")
def sample_shortlist() -> tuple[pd.DataFrame, pd.DataFrame]:
    campaign = load_campaign(CAMPAIGNS_DIR / "pulse-app-launch-2027.yaml")
    table = vetting.build_shortlist(campaign, load_campaign_data(campaign))
    truth = pd.read_csv(SAMPLE_DIR / "truth.csv").set_index("influencer_id")
    return table.set_index("influencer_id"), truth.reindex(table["influencer_id"])


def precision_recall(predicted: pd.Series, actual: pd.Series) -> tuple[float, float]:
    hits = (predicted & actual).sum()
    return hits / predicted.sum(), hits / actual.sum()


@pytest.mark.parametrize("event", ["bought_spike", "giveaway", "drop"])
def test_growth_detector_recovers_the_planted_events(sample_shortlist, event):
    table, truth = sample_shortlist
    predicted, actual = table["growth_event"] == event, truth["growth_event"] == event
    precision, recall = precision_recall(predicted, actual)
    assert precision >= 0.95, precision  # measured: >= 0.985
    assert recall >= 0.95, recall
    both = predicted & actual
    weeks = table.loc[both, "growth_event_week"].dt.strftime("%Y-%m-%d")
    assert (weeks == truth.loc[both, "growth_event_week"]).all()


def test_pod_detector_recovers_the_planted_pods(sample_shortlist):
    table, truth = sample_shortlist
    precision, recall = precision_recall(table["pod_suspected"], truth["is_pod"] == 1)
    assert precision >= 0.9, precision  # measured: 0.958
    assert recall == 1.0


def test_fake_share_estimate_tracks_the_truth(sample_shortlist):
    table, truth = sample_shortlist
    sampled = table["follower_sample_size"] > 0
    error = (table["fake_share"] - truth["fake_share"])[sampled].abs()
    assert error.mean() <= 0.1  # measured: 0.079
    inside = (table["fake_share_low"] <= truth["fake_share"]) & (
        truth["fake_share"] <= table["fake_share_high"]
    )
    assert inside[sampled].mean() >= 0.9  # measured: 0.959 of 95% intervals
    precision, recall = precision_recall(
        table["fake_share"][sampled] > 0.5, truth["fake_share"][sampled] > 0.5
    )
    assert precision >= 0.8, precision  # measured: 0.891
    assert recall >= 0.75, recall  # measured: 0.829
