"""Stage 02, vetting: the scores checked by hand on crafted creators (engagement rate,
percentiles, benchmarks, the composite)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.stages import vetting
from tests.stages.vetting.planted import creator, make_campaign


def scored(rows: list[dict], **settings) -> pd.DataFrame:
    """Score hand-made creators given as roster rows plus measurements."""
    frame = pd.DataFrame([vetting.MEASURE_DEFAULTS | {"data_issues": ""} | r for r in rows])
    return vetting.score_roster(frame, make_campaign(**settings)).set_index("influencer_id")


def test_engagement_rate_percentile_and_benchmark_by_hand():
    # Five Instagram micro creators with 10,000 followers; median post engagements 100 ... 600.
    rows = [
        creator(f"e{i}", followers=10_000, posts_checked=10, median_engagements=engagements)
        for i, engagements in enumerate([100, 200, 300, 400, 600])
    ]
    table = scored(rows)
    # ER = median engagements / followers: 1%, 2%, 3%, 4%, 6%
    er = table.loc[["e0", "e1", "e2", "e3", "e4"], "engagement_rate"]
    assert er.tolist() == pytest.approx([0.01, 0.02, 0.03, 0.04, 0.06])
    # Mid-rank percentile among the 5 peers: (rank - 0.5) / 5 -> 10, 30, 50, 70, 90
    assert table.loc[["e0", "e1", "e2", "e3", "e4"], "er_percentile"].tolist() == pytest.approx(
        [10, 30, 50, 70, 90]
    )
    # Published Instagram micro benchmark: 1.6% (HypeAuditor 2023); 2% / 1.6% = 1.25
    assert table.loc["e1", "er_benchmark"] == pytest.approx(0.016)
    assert table.loc["e1", "er_vs_benchmark"] == pytest.approx(1.25)
    assert "HypeAuditor" in table.loc["e1", "er_benchmark_source"]
    # Fewer than 20 peers: the benchmark is the reference. 6% / 1.6% = 3.75 >= 3: too high;
    # its engagement score is capped at the median (0.5) instead of 0.9.
    assert table.loc["e4", "er_flag"] == "suspiciously high"
    assert table.loc["e4", "engagement_score"] == pytest.approx(0.5)
    assert table.loc["e3", "engagement_score"] == pytest.approx(0.7)
    assert table.loc["e4", "status"] == "flagged"
    assert "3.8x the peer median (90th percentile)" in table.loc["e4", "reasons"]
    assert table.loc["e3", "er_flag"] == ""


def test_peer_percentile_with_ties_and_no_group_by_hand():
    stats = vetting.peer_stats(
        np.array([0.01, 0.02, 0.02, 0.03, 0.05, np.nan]), np.array([0, 0, 0, 0, -1, 0])
    )
    # group 0 holds 1%, 2%, 2%, 3% (NaN does not count): ranks 1, 2.5, 2.5, 4 of 4
    # -> (rank - 0.5) / 4 = 12.5, 50, 50, 87.5; median (2% + 2%) / 2
    assert stats["percentile"][:4] == pytest.approx([12.5, 50, 50, 87.5])
    assert stats["median"][0] == pytest.approx(0.02)
    assert stats["count"].tolist() == [4, 4, 4, 4, 0, 4]
    # no group (-1) and no value (NaN): no percentile
    assert np.isnan(stats["percentile"][4:]).tolist() == [True, True]


def test_suspiciously_low_and_the_roster_average_fallback():
    rows = [
        # 2 posts only: the roster's averages, (380 + 20) / 20,000 = 2%
        creator("few", posts_checked=2, median_engagements=50),
        # 0.5% per follower = 0.31x the 1.6% benchmark (<= 0.33): suspiciously low
        creator("low", posts_checked=10, median_engagements=100),
    ]
    table = scored(rows)
    assert table.loc["few", "engagement_rate"] == pytest.approx(0.02)
    assert table.loc["few", "er_basis"] == "roster average"
    assert table.loc["low", "engagement_rate"] == pytest.approx(0.005)
    assert table.loc["low", "er_flag"] == "suspiciously low"
    assert table.loc["low", "signal_engagement_pattern"] == pytest.approx(vetting.LOW_ER_SIGNAL)


def test_composite_is_the_weighted_mean_of_visible_components():
    row = creator(
        "w",
        posts_checked=10,
        median_engagements=320,  # 1.6%: alone on its platform and tier, 50th percentile
        fake_share=0.2,
        fake_share_low=0.1,
        fake_share_high=0.3,
        follower_sample_size=50,
        history_weeks=12,
        jump=0.01,
        jump_z=1.0,
        drop=0.01,
        drop_z=1.0,
        audience_in_markets=0.9,
        audience_in_age=0.5,
        interest_match=1.0,
        language_match=1.0,
        sponsored_posts=4,
        labelled_posts=3,
        brand_safety_posts=1,
    )
    table = scored([row])
    w = table.loc["w"]
    # fit: (0.4 x 0.9 + 0.2 x 0.5 + 0.2 x 1 + 0.1 x 1) / 0.9 (no gender target) = 0.76 / 0.9
    assert w["audience_fit"] == pytest.approx(0.76 / 0.9)
    # quality: sample 1 - 0.2 = 0.8 (x0.5), growth 1 (x0.25), pattern 1 (x0.25) -> 90, but never
    # above the share estimated real, 100 x (1 - 0.2) = 80
    assert w["audience_quality"] == pytest.approx(80)
    assert w["quality_driver"] == "follower_sample"
    # engagement 0.5, disclosure 3/4, brand safety 0.5 (one post)
    assert w["engagement_score"] == pytest.approx(0.5)
    assert w["disclosure_score"] == pytest.approx(0.75)
    assert w["brand_safety_score"] == pytest.approx(0.5)
    expected = 0.35 * 0.76 / 0.9 + 0.30 * 0.8 + 0.15 * 0.5 + 0.10 * 0.75 + 0.10 * 0.5
    assert w["composite_score"] == pytest.approx(100 * expected)
    # The campaign's weights move it: quality only -> the quality score itself
    only_quality = {
        "audience_fit": 0,
        "audience_quality": 1,
        "engagement": 0,
        "disclosure": 0,
        "brand_safety": 0,
    }
    table = scored([row], weights=only_quality)
    assert table.loc["w", "composite_score"] == pytest.approx(80)
