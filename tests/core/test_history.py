"""Learning from past campaigns (helpers.core.history): the shrinkage toward the benchmark, the
coarser cells, and the leave-one-out backtest, every number worked by hand below.

The benchmarks are given (not the reference tables), so the sums stay round: CPM EUR 10 on
Instagram (EUR 20 in EE where a test says so), click-through 1%, conversion 5%.

Three past campaigns of one creator and one post each, all LV Instagram micro, k = 1 for every
metric (``history.benchmark_weight: 1``):

=====  ========  ===========  ======  ===========
past   fee, EUR  impressions  clicks  conversions
=====  ========  ===========  ======  ===========
p1     100       20,000       100     10
p2     200       20,000       300     15
p3     300       10,000        50      5
=====  ========  ===========  ======  ===========
"""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from helpers.core import history
from helpers.core.campaign import BenchmarkWeight, load_campaign

PUBLISHED = pd.DataFrame(
    [
        {"platform": "instagram", "metric": "cpm", "value": 10.0, "source": "test CPM"},
        {"platform": "instagram", "metric": "click_through_rate", "value": 0.01, "source": "t"},
        {"platform": "instagram", "metric": "conversion_rate", "value": 0.05, "source": "t"},
    ]
)
K5 = BenchmarkWeight(cpm=5, click_through_rate=10, conversion_rate=10)
K1 = BenchmarkWeight.model_validate(1)


def campaign_text(history_lines: str = "") -> str:
    return textwrap.dedent(
        """\
        schema: 1
        id: history-test
        name: History test
        brand: Test brand
        objective: conversion
        markets: [LV, EE]
        currency: EUR
        budget: 5000
        start: 2027-02-01
        end: 2027-02-28
        data:
          roster: roster.csv
        """
    ) + textwrap.dedent(history_lines)


ROSTER = """\
influencer_id,handle,platform,market,followers,avg_likes,avg_comments
a,@a,instagram,LV,20000,400,10
b,@b,instagram,LV,50000,900,20
c,@c,instagram,LV,30000,600,15
"""
PIPELINE = "influencer_id,stage,deliverable,quantity,agreed_fee,currency,updated\n"
RESULTS = (
    "post_id,influencer_id,platform,market,posted_at,format,impressions,link_clicks,conversions,"
    "currency\n"
)


def write_past(folder: Path, creator: str, fee: str, impressions: int, clicks: int, sales: int):
    folder.mkdir(parents=True)
    (folder / "pipeline.csv").write_text(
        PIPELINE + f"{creator},completed,feed_post,1,{fee},EUR,2026-05-01\n", encoding="utf-8"
    )
    (folder / "results.csv").write_text(
        RESULTS
        + f"{folder.name}-1,{creator},instagram,LV,2026-04-10,feed_post,{impressions},{clicks},"
        f"{sales},EUR\n",
        encoding="utf-8",
    )


@pytest.fixture
def three_past(tmp_path: Path):
    """The campaign with the three past campaigns of the table above, k = 1."""
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    write_past(tmp_path / "past" / "p1", "a", "100", 20000, 100, 10)
    write_past(tmp_path / "past" / "p2", "b", "200", 20000, 300, 15)
    write_past(tmp_path / "past" / "p3", "c", "300", 10000, 50, 5)
    path = tmp_path / "campaign.yaml"
    path.write_text(
        campaign_text("history: {folder: past, benchmark_weight: 1}\n"), encoding="utf-8"
    )
    return load_campaign(path)


def units(rows: list[tuple], metric: str = "cpm") -> pd.DataFrame:
    """Units of history: (market, platform, tier, actual, expected)."""
    frame = pd.DataFrame(rows, columns=["market", "platform", "tier", "actual", "expected"])
    return frame.assign(metric=metric, campaign="past")


def cells(*rows: tuple, metric: str = "cpm") -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=["market", "platform", "tier"]).assign(metric=metric)


# --- Shrinkage, by hand ------------------------------------------------------------------------


def test_no_history_is_the_benchmark():
    published = history.complete_published(PUBLISHED, load_campaign_like())
    found = history.estimate(units([]), published, cells(("LV", "instagram", "micro")), K5)
    row = found.iloc[0]
    assert row["estimate"] == 10.0 and row["history_weight"] == 0 and row["n"] == 0
    assert math.isnan(row["history_value"]) and row["level"] == "none"


def test_a_lot_of_history_is_history():
    # 10,000 deals, each EUR 5 for 1,000 impressions (expected at the benchmark: EUR 10)
    many = units([("LV", "instagram", "micro", 5.0, 10.0)] * 10_000)
    published = history.complete_published(PUBLISHED, load_campaign_like())
    row = history.estimate(many, published, cells(("LV", "instagram", "micro")), K5).iloc[0]
    assert row["history_value"] == pytest.approx(5.0)
    assert row["history_weight"] == pytest.approx(10_000 / 10_005)
    assert row["estimate"] == pytest.approx(5.0, rel=1e-3)


def test_five_deals_against_k_five_by_hand():
    # 5 deals: EUR 500 for 100,000 impressions, so EUR 5 per 1,000 where the benchmark says 10;
    # weight 5 / (5 + 5) = 0.5; estimate 10 x (5 / 10) ^ 0.5 = 7.0711
    five = units([("LV", "instagram", "micro", 100.0, 200.0)] * 5)
    published = history.complete_published(PUBLISHED, load_campaign_like())
    row = history.estimate(five, published, cells(("LV", "instagram", "micro")), K5).iloc[0]
    assert row["n"] == 5 and row["history_weight"] == 0.5
    assert row["history_value"] == pytest.approx(5.0)
    assert row["estimate"] == pytest.approx(10 * 0.5**0.5)  # 7.0711
    assert row["multiplier"] == pytest.approx(0.70711, abs=1e-5)
    assert row["level"] == "market, platform and tier"


def test_a_cell_with_no_history_borrows_from_coarser_cells():
    five = units([("LV", "instagram", "micro", 100.0, 200.0)] * 5)
    published = history.complete_published(
        pd.concat([PUBLISHED, pd.DataFrame([{"market": "EE", "platform": "instagram",
                                             "metric": "cpm", "value": 20.0}])]),
        load_campaign_like(),
    )  # fmt: skip
    found = history.estimate(
        five,
        published,
        cells(
            ("EE", "instagram", "micro"),  # no EE history: LV's micro Instagram ratio travels
            ("LV", "instagram", "mid"),  # no mid history: Instagram's, all tiers
            ("LV", "tiktok", "micro"),  # no TikTok history at all
        ),
        K5,
    ).set_index(["market", "platform", "tier"])
    ee = found.loc[("EE", "instagram", "micro")]
    assert ee["level"] == "platform and tier" and ee["n"] == 5
    # EE's own benchmark is 20; history paid half the benchmark: 20 x 0.5 ^ 0.5 = 14.142
    assert ee["published"] == 20 and ee["history_value"] == pytest.approx(10.0)
    assert ee["estimate"] == pytest.approx(20 * 0.5**0.5)
    mid = found.loc[("LV", "instagram", "mid")]
    assert mid["level"] == "platform" and mid["estimate"] == pytest.approx(10 * 0.5**0.5)
    tiktok = found.loc[("LV", "tiktok", "micro")]
    assert tiktok["level"] == "none" and tiktok["history_weight"] == 0
    # the reference CPM, USD 10 at the ECB rate of 1.0389 USD per EUR
    assert tiktok["estimate"] == tiktok["published"] == pytest.approx(10 / 1.0389)


def test_a_cell_with_no_click_counts_half_a_click():
    # 10 posts of 1,000 impressions, no click: 0.5 click against 100 expected at 1%
    none = units([("LV", "instagram", "micro", 0.0, 10.0)] * 10, metric="click_through_rate")
    published = history.complete_published(PUBLISHED, load_campaign_like())
    row = history.estimate(
        none, published, cells(("LV", "instagram", "micro"), metric="click_through_rate"), K5
    ).iloc[0]
    assert row["history_value"] == pytest.approx(0.01 * 0.5 / 100)
    assert row["estimate"] == pytest.approx(0.01 * (0.5 / 100) ** 0.5)  # weight 10 / 20


def load_campaign_like():
    """A campaign object for the benchmark table (markets LV, EE; EUR)."""
    from helpers.core.campaign import Campaign

    return Campaign.model_validate(
        {
            "schema": 1,
            "id": "history-test",
            "name": "t",
            "brand": "t",
            "objective": "conversion",
            "markets": ["LV", "EE"],
            "currency": "EUR",
            "budget": 1,
            "start": "2027-02-01",
            "end": "2027-02-28",
        }
    )


# --- The backtest, by hand ---------------------------------------------------------------------


def test_reading_three_past_campaigns(three_past):
    past = history.read_history(three_past)
    assert list(past.campaigns["campaign"]) == ["p1", "p2", "p3"]
    assert past.deals.set_index("campaign")["fee"].to_dict() == {"p1": 100, "p2": 200, "p3": 300}
    assert set(past.deals["tier"]) == {"micro"}  # 20,000 to 50,000 followers, from the roster
    assert past.campaigns["clicks_tracked"].all() and past.campaigns["conversions_tracked"].all()


def test_leaving_one_out_by_hand(three_past):
    learned = history.learn(three_past, published=PUBLISHED)
    table = learned.backtest.set_index(["campaign", "measure"])
    w = 2 / 3  # two campaigns left to learn from, k = 1
    # p1 from p2 and p3: fees 500 for 30,000 impressions, expected 300 at CPM 10
    cpm = 10 * (500 / 300) ** w  # 14.057
    ctr = 0.01 * (350 / 300) ** w  # 350 clicks, 300 expected at 1%: 1.108%
    cvr = 0.05 * (20 / (350 * 0.05)) ** w  # 20 conversions, 17.5 expected at 5%: 5.466%
    fees = table.loc[("p1", "fees")]
    assert fees["actual"] == 100
    assert fees["published_forecast"] == pytest.approx(200)  # 20,000 / 1,000 x 10
    assert fees["published_error"] == pytest.approx(1.0)
    assert fees["calibrated_forecast"] == pytest.approx(20 * cpm)  # 281.14
    assert fees["calibrated_error"] == pytest.approx(20 * cpm / 100 - 1)
    assert fees["history_share"] == pytest.approx(w)
    seen = table.loc[("p1", "impressions")]
    assert seen["published_forecast"] == pytest.approx(10_000)  # EUR 100 / 10 x 1,000
    assert seen["calibrated_forecast"] == pytest.approx(100 / cpm * 1000)  # 7,114
    sales = table.loc[("p1", "conversions")]
    assert sales["published_forecast"] == pytest.approx(10_000 * 0.01 * 0.05)  # 5
    assert sales["calibrated_forecast"] == pytest.approx(100 / cpm * 1000 * ctr * cvr)
    assert sales["calibrated_forecast"] == pytest.approx(4.3089, abs=1e-3)  # 7,114 x 1.11% x 5.47%


def test_the_errors_across_the_three_by_hand(three_past):
    summary = history.learn(three_past, published=PUBLISHED).summary.set_index("measure")
    w = 2 / 3
    # fees, benchmark alone: p1 200 vs 100 (+100%), p2 200 vs 200 (0%), p3 100 vs 300 (-66.7%)
    published = [1.0, 0.0, 100 / 300 - 1]
    # with history: p1 from p2+p3 (ratio 500/300), p2 from p1+p3 (400/300), p3 from p1+p2
    # (300/400); forecast = impressions / 1,000 x 10 x ratio ^ (2/3)
    calibrated = [
        20 * 10 * (500 / 300) ** w / 100 - 1,  # +181.1%
        20 * 10 * (400 / 300) ** w / 200 - 1,  # +21.1%
        10 * 10 * (300 / 400) ** w / 300 - 1,  # -72.5%
    ]
    fees = summary.loc["fees"]
    assert fees["campaigns"] == 3
    assert fees["published_mape"] == pytest.approx(sum(map(abs, published)) / 3)  # 55.6%
    assert fees["calibrated_mape"] == pytest.approx(sum(map(abs, calibrated)) / 3)  # 91.6%
    assert fees["published_bias"] == pytest.approx(sum(published) / 3)  # +11.1%
    assert fees["calibrated_bias"] == pytest.approx(sum(calibrated) / 3)  # +43.3%
    assert fees["closer"] == 0  # history is no help with three so different campaigns
    assert fees["calibrated_mape"] == pytest.approx(0.9158, abs=1e-4)


def test_the_finding_says_whether_history_helps(three_past):
    from helpers.text.i18n import translator

    learned = history.learn(three_past, published=PUBLISHED)
    sentence = history.history_finding(learned, translator("en"))
    assert sentence.startswith("3 past campaigns (3 deals, 3 posts), each left out in turn")
    assert "fees by 92% (benchmarks alone: 56%)" in sentence
    assert sentence.endswith("so history makes the forecasts worse so far: keep to the benchmarks.")


def test_one_past_campaign_counts_but_cannot_be_backtested(tmp_path):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    write_past(tmp_path / "p1", "a", "100", 20000, 100, 10)
    path = tmp_path / "campaign.yaml"
    path.write_text(campaign_text("history: {campaigns: [p1]}\n"), encoding="utf-8")
    from helpers.text.i18n import translator

    learned = history.learn(load_campaign(path), published=PUBLISHED)
    assert learned.backtest.empty and learned.summary.empty
    assert "a backtest needs at least two" in history.history_finding(learned, translator("en"))
    cell = learned.calibrated.set_index(["market", "platform", "tier", "metric"])
    row = cell.loc[("LV", "instagram", "micro", "cpm")]
    # one deal: EUR 100 for 20,000 impressions = EUR 5 per 1,000; weight 1 / (1 + 5) (default k)
    assert row["n"] == 1 and row["history_weight"] == pytest.approx(1 / 6)
    assert row["estimate"] == pytest.approx(10 * 0.5 ** (1 / 6))


def test_calibrated_rates_covers_every_cell_of_the_campaign(three_past):
    rates = history.calibrated_rates(three_past, PUBLISHED)
    assert list(rates.columns) == history.CALIBRATED_COLUMNS
    assert len(rates) == 2 * 3 * 5 * 3  # markets x platforms x tiers x metrics
    lv = rates.set_index(["market", "platform", "tier", "metric"]).loc[
        ("LV", "instagram", "micro", "cpm")
    ]
    # all three: EUR 600 for 50,000 impressions = EUR 12 per 1,000; weight 3 / (3 + 1)
    assert lv["history_value"] == pytest.approx(12.0) and lv["n"] == 3
    assert lv["estimate"] == pytest.approx(10 * 1.2**0.75)
