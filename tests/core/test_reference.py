"""Reference data: every row sourced, tiers and exchange rates computed by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from helpers.core import reference
from helpers.core.config import REFERENCE_DIR

TABLES = [
    "tiers",
    "engagement_benchmarks",
    "post_prices",
    "media_costs",
    "disclosure_rules",
    "fx_rates",
    "cultural_notes",
    "price_levels",
]


@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_its_source(name):
    table = reference.reference_table(name)
    source_column = "sources" if name == "cultural_notes" else "source"
    assert table[source_column].notna().all() and (table[source_column].str.len() > 5).all()
    assert name in (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8")


def test_tiers_by_hand():
    followers = pd.Series([999, 1_000, 9_999, 10_000, 99_999, 100_000, 500_000, 1_000_000])
    assert reference.assign_tier(followers).astype(object).where(
        lambda s: s.notna(), None
    ).tolist() == [None, "nano", "nano", "micro", "micro", "mid", "macro", "mega"]
    hype = reference.assign_tier(pd.Series([60_000]), scheme="hypeauditor")
    assert hype.iloc[0] == "mid"
    with pytest.raises(ValueError, match="unknown tier scheme"):
        reference.tier_cut_points("nope")


def test_benchmark_falls_back_to_all_tiers():
    assert reference.engagement_benchmark_for("instagram", "nano")["engagement_rate"] == 0.0219
    tiktok_mid = reference.engagement_benchmark_for("tiktok", "mid")
    assert tiktok_mid["tier"] == "all" and tiktok_mid["engagement_rate"] == 0.0131


def test_fx_by_hand():
    rate, on = reference.fx_rate("USD", "EUR")
    assert rate == pytest.approx(1 / 1.0389)
    assert on == date(2024, 12, 31)
    # SEK -> NOK crosses through the euro: 11.795 / 11.459
    assert reference.convert(100, "SEK", "NOK") == pytest.approx(100 * 11.795 / 11.459)
    with pytest.raises(KeyError, match="no exchange rate for XYZ"):
        reference.fx_rate("XYZ")
    with pytest.raises(KeyError):
        reference.fx_rate("USD", on=date(2020, 1, 1))


def test_disclosure_rules_for_every_sample_market_and_a_gap():
    markets = ["LV", "EE", "LT", "SE", "NO", "DK", "FI", "DE", "FR", "ES", "IT", "GB", "US"]
    rules = reference.disclosure_rules(markets)
    assert rules["market"].tolist() == markets
    assert all(rules["labels_that_satisfy"].map(len) > 0)
    assert "#reklāma" in rules.set_index("market").loc["LV", "labels_that_satisfy"]
    assert "#ad" in rules.set_index("market").loc["DE", "labels_not_enough"]
    gap = reference.disclosure_rules(["PT"]).iloc[0]
    assert gap["authority"] == "no rule on file" and gap["labels_that_satisfy"] == []


def test_cite_formats_source_and_year():
    lines = reference.cite(reference.reference_table("tiers"))
    assert "Later × Fohr, influencer marketing benchmarks (3.5M posts) (2021)" in lines


def test_a_tier_is_compared_only_like_with_like():
    micro = reference.comparable_benchmark("instagram", "micro")
    assert micro["tier_series"] == "yes" and micro["er_definition"] == "per_follower"
    assert micro["posts"] == "all" and micro["engagements"] == "likes + comments"
    # TikTok's published tier figures are per view, its per-follower one covers all tiers:
    # neither is a benchmark for one tier per follower
    assert reference.comparable_benchmark("tiktok", "mid") is None
    assert reference.comparable_benchmark("tiktok", "nano") is None
