"""Stage 00 on the six-creator world in tests/fixtures/tiny, every number by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.data import load_campaign_data
from helpers.stages import landscape
from helpers.text.i18n import translator
from tests.conftest import TINY

OWN_DATA = TINY.parents[1] / "own-data" / "glow-wiosna-2027.yaml"


@pytest.fixture(scope="module")
def tiny():
    campaign = load_campaign(TINY)
    roster = load_campaign_data(campaign, ["roster"])["roster"]
    return campaign, landscape.profile_roster(roster, campaign)


def test_profile_keeps_the_markets_and_marks_eligibility(tiny):
    _campaign, profiled = tiny
    by_id = profiled.set_index("influencer_id")
    assert sorted(by_id.index) == ["t1", "t2", "t3", "t4", "t6"]  # t5 is in LT, not a market
    assert by_id["tier"].astype(str).to_dict() == {
        "t1": "nano",
        "t2": "micro",
        "t3": "micro",
        "t4": "mid",
        "t6": "micro",
    }
    # (likes + comments) / followers
    assert by_id.loc["t1", "engagement_rate"] == pytest.approx(110 / 5_000)
    assert by_id.loc["t3", "engagement_rate"] == pytest.approx(1_600 / 20_000)
    # t4 is mid (not a campaign tier), t6 is on YouTube (not a campaign platform)
    assert by_id["eligible"].to_dict() == {
        "t1": True,
        "t2": True,
        "t3": True,
        "t4": False,
        "t6": False,
    }


def test_market_mix_counts(tiny):
    _campaign, profiled = tiny
    mix = landscape.market_mix(profiled)
    counts = mix.set_index(["market", "platform", "tier"])["creators"]
    assert counts[("LV", "instagram", "nano")] == 1
    assert counts[("LV", "instagram", "micro")] == 1
    assert counts[("EE", "instagram", "mid")] == 1
    assert counts[("EE", "tiktok", "mega")] == 0  # every combination listed
    assert mix["creators"].sum() == 5


def test_engagement_against_benchmarks_of_the_same_definition(tiny):
    _campaign, profiled = tiny
    table = landscape.engagement_by_tier(profiled).set_index(["platform", "tier"])
    micro = table.loc[("instagram", "micro")]  # t2: (140 + 10) / 10,000
    assert micro["median_engagement_rate"] == pytest.approx(0.015)
    assert micro["benchmark_engagement_rate"] == pytest.approx(0.016)  # HypeAuditor's series
    assert micro["vs_benchmark"] == pytest.approx(0.015 / 0.016)
    assert micro["benchmark_definition"] == "per follower, likes and comments, all posts"
    assert micro["benchmark_source"].startswith("HypeAuditor, study of 36,000")
    assert micro["benchmark_source"].endswith("(2023)")
    # nano is not in that series (the 2.19% is another source); TikTok's published figure is
    # per view and its 1.31% covers all tiers: none is borrowed
    for key in [("instagram", "nano"), ("tiktok", "micro"), ("youtube", "micro")]:
        row = table.loc[key]
        assert np.isnan(row["benchmark_engagement_rate"]) and np.isnan(row["vs_benchmark"])
        assert pd.isna(row["benchmark_source"])
        assert (
            row["benchmark_definition"]
            == "no per-follower figure for this tier in the platform's tier series"
        )


def test_fees_converted_with_the_dated_rate(tiny):
    campaign, profiled = tiny
    fees = landscape.fees_by_tier(profiled, campaign.currency).set_index(["platform", "tier"])
    # t3 quoted 1,040 USD; the ECB rate of 2024-12-31 is 1.0389 USD per EUR
    assert fees.loc[("tiktok", "micro"), "median_quoted_fee"] == pytest.approx(1_040 / 1.0389)
    assert fees.loc[("instagram", "nano"), "published_low"] == pytest.approx(10 / 1.0389)
    assert str(fees.loc[("instagram", "nano"), "rate_date"]) == "2024-12-31"
    assert "Influencer Marketing Hub" in fees.loc[("instagram", "micro"), "source"]


def test_summary_says_the_finding(tiny):
    campaign, profiled = tiny
    engagement = landscape.engagement_by_tier(profiled)
    text = landscape.landscape_summary(campaign, profiled, engagement)
    assert text == (
        "**3 of the 5 creators** on the roster in LV, EE fit the campaign's platforms "
        "(instagram, tiktok) and tiers (nano, micro); EE has the fewest (1). The strongest "
        "engagement against its benchmark is micro instagram: a median of 1.50% per follower, "
        "0.9x the published 1.60%. No comparable published benchmark for nano instagram, micro "
        "tiktok. Every sponsored post must carry the market's label (LV: #reklāma; EE: "
        "#reklaam)."
    )


def test_polish_headline_compares_like_with_like():
    """The Polish own-data campaign: TikTok mid (105,000 followers) was set against the
    all-tier 1.31% per follower (4.1x); TikTok publishes per view, so it has no benchmark."""
    campaign = load_campaign(OWN_DATA)
    roster = load_campaign_data(campaign, ["roster"])["roster"]
    profiled = landscape.profile_roster(roster, campaign)
    engagement = landscape.engagement_by_tier(profiled)
    # instagram micro: 1,334 / 48,200, 651 / 12,300 and 1,037 / 23,900; the median is the last
    micro = engagement.set_index(["platform", "tier"]).loc[("instagram", "micro")]
    assert micro["median_engagement_rate"] == pytest.approx(1_037 / 23_900)
    assert micro["vs_benchmark"] == pytest.approx(1_037 / 23_900 / 0.016)  # 2.71
    text = landscape.landscape_summary(campaign, profiled, engagement)
    assert "1.31%" not in text and "4.1x" not in text
    assert (
        "The strongest engagement against its benchmark is micro instagram: a median of 4.34% "
        "per follower, 2.7x the published 1.60%. No comparable published benchmark for nano "
        "tiktok, mid tiktok."
    ) in text
    latvian = landscape.landscape_summary(
        campaign.model_copy(update={"language": "lv"}), profiled, engagement
    )
    assert "Nav salīdzināma publicēta etalona: nano tiktok, mid tiktok." in latvian


def test_no_comparable_benchmark_at_all(tiny):
    campaign, profiled = tiny
    tiktok = profiled[profiled["platform"] == "tiktok"]
    engagement = landscape.engagement_by_tier(tiktok)
    text = landscape.landscape_summary(campaign, tiktok, engagement)
    assert "strongest" not in text
    assert "No comparable published benchmark for micro tiktok." in text


def test_disclosure_brief_marks_unverified_rules():
    brief = landscape.disclosure_brief(["DE", "SE"], translator("en")).set_index("market")
    assert brief.loc["DE", "use one of"] == "#Werbung, #Anzeige, Bezahlte Werbepartnerschaft"
    assert brief.loc["DE", "not enough"] == "#ad, #sponsored"
    assert brief.loc["SE", "checked"] == "to verify"
    assert brief.loc["DE", "checked"] == "yes"
