"""History into the fees (issue #17): a campaign with a ``history:`` section prices its offers on
the CPM its past campaigns calibrate, per market, platform and tier, worked by hand.

The published CPM is the stage's own: Instagram USD 8 (agency rate card, 2023) at 1 USD =
1 / 1.0389 EUR (ECB, 2024-12-31), moved to the market by its price level (Eurostat 2022, EU =
100): Latvia 85.1, so EUR 8 / 1.0389 x 0.851 = EUR 6.5531; Estonia 97.6.

Two past campaigns, each one LV Instagram micro creator with one feed post, k = 1 deal:

====  ========  ===========
past  fee, EUR  impressions
====  ========  ===========
p1    100       20,000
p2    200       20,000
====  ========  ===========

History: EUR 300 for 40,000 impressions = EUR 7.50 per 1,000, ratio 7.5 / 6.5531; weight
n / (n + k) = 2 / 3; estimate 6.5531 x (7.5 / 6.5531) ^ (2/3) = EUR 7.1695.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.stages.negotiation.calibration import calibrated_book, calibration_note
from helpers.stages.negotiation.fees import expected_outcomes, fair_fees
from helpers.text.i18n import translator

USD = 1 / 1.0389
LV_CPM = 8 * USD * 0.851  # EUR 6.5531
EE_CPM = 8 * USD * 0.976
RATIO = 7.5 / LV_CPM
ESTIMATE = LV_CPM * RATIO ** (2 / 3)  # EUR 7.1695

ROSTER = """\
influencer_id,handle,platform,market,followers,avg_likes,avg_comments
a,@a,instagram,LV,20000,400,10
b,@b,instagram,LV,50000,900,20
"""
PIPELINE = "influencer_id,stage,deliverable,quantity,agreed_fee,currency,updated\n"
RESULTS = (
    "post_id,influencer_id,platform,market,posted_at,format,impressions,link_clicks,conversions,"
    "currency\n"
)


def _past(folder: Path, creator: str, fee: int, impressions: int) -> None:
    folder.mkdir(parents=True)
    (folder / "pipeline.csv").write_text(
        PIPELINE + f"{creator},completed,feed_post,1,{fee},EUR,2026-05-01\n", encoding="utf-8"
    )
    (folder / "results.csv").write_text(
        RESULTS + f"{folder.name}-1,{creator},instagram,LV,2026-04-10,feed_post,{impressions},"
        "0,0,EUR\n",
        encoding="utf-8",
    )


def _campaign(tmp_path: Path, history: bool = True):
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    _past(tmp_path / "past" / "p1", "a", 100, 20_000)
    _past(tmp_path / "past" / "p2", "b", 200, 20_000)
    text = textwrap.dedent(
        """\
        schema: 1
        id: calibration-test
        name: Calibration test
        brand: Test brand
        objective: awareness
        markets: [LV, EE]
        currency: EUR
        budget: 5000
        start: 2027-02-01
        end: 2027-02-28
        data:
          roster: roster.csv
        negotiation:
          rates: {rate_card_floor: 0}
        """
    )
    if history:
        text += "history: {folder: past, benchmark_weight: 1}\n"
    path = tmp_path / "campaign.yaml"
    path.write_text(text, encoding="utf-8")
    return load_campaign(path)


def _creator(handle: str, market: str, followers: int) -> dict:
    return {
        "influencer_id": handle.lstrip("@"), "handle": handle, "name": handle,
        "platform": "instagram", "market": market, "tier": "micro", "followers": followers,
        "audience_fit": 0.8, "composite_score": 70.0, "past_collaborations": 0,
        "fake_share_assumed": False, "real_share": 0.8, "avg_likes": 500.0,
        "avg_comments": 20.0, "avg_views": 4_000.0,
    }  # fmt: skip


def _priced(campaign, tmp_path: Path) -> pd.DataFrame:
    roster = pd.read_csv(tmp_path / "roster.csv")
    book = calibrated_book(campaign, {"roster": roster})
    creators = pd.DataFrame([_creator("@liga", "LV", 30_000), _creator("@mari", "EE", 30_000)])
    return fair_fees(expected_outcomes(creators, campaign), campaign, book).set_index(
        ["handle", "deliverable"]
    )


def test_a_campaign_with_history_prices_on_its_calibrated_cpm(tmp_path):
    offers = _priced(_campaign(tmp_path), tmp_path)
    post = offers.loc[("@liga", "feed_post")]
    assert post["cpm_published"] == pytest.approx(LV_CPM)
    assert post["cpm"] == pytest.approx(ESTIMATE)  # EUR 7.1695
    assert post["cpm_deals"] == 2 and post["cpm_weight"] == pytest.approx(2 / 3)
    # 30,000 followers x 22.9% x 1.3 x 80% real = 7,144.8 impressions x EUR 7.1695 / 1,000
    assert post["fair_fee"] == pytest.approx(7.1448 * ESTIMATE)  # EUR 51.22
    assert "calibrated on 2 past deals (market, platform and tier)" in post["cpm_source"]
    assert "2 / (2 + 1)" in post["cpm_source"]
    # a Reel: the format's factor 1.2 on the calibrated CPM; 4,000 views x 80% = 3,200
    reel = offers.loc[("@liga", "reel")]
    assert reel["cpm"] == pytest.approx(1.2 * ESTIMATE)
    assert reel["fair_fee"] == pytest.approx(3.2 * 1.2 * ESTIMATE)
    # Estonia has no history of its own: the platform and tier's ratio travels to its CPM
    estonian = offers.loc[("@mari", "feed_post")]
    assert estonian["cpm"] == pytest.approx(EE_CPM * RATIO ** (2 / 3))
    assert "(platform and tier)" in estonian["cpm_source"]


def test_without_history_the_published_cpm_prices(tmp_path):
    offers = _priced(_campaign(tmp_path, history=False), tmp_path)
    post = offers.loc[("@liga", "feed_post")]
    assert post["cpm"] == pytest.approx(LV_CPM)
    assert post["cpm_deals"] == 0
    assert "calibrated" not in post["cpm_source"]
    assert calibration_note(offers.reset_index(), "EUR", translator("en")) == ""


def test_the_page_says_which_rates_are_calibrated_and_on_how_many_deals(tmp_path):
    offers = _priced(_campaign(tmp_path), tmp_path).reset_index()
    note = calibration_note(offers, "EUR", translator("en"))
    assert note.startswith("**Priced on the agency's own rates.**")
    assert (
        "- LV, Instagram, micro: CPM 7.17 instead of the published 6.55 (EUR, before the "
        "format's factor); past deals behind it: 2, history weight 0.67"
    ) in note
    assert "- EE, Instagram, micro: CPM" in note
    latvian = calibration_note(offers, "EUR", translator("lv"))
    assert latvian.startswith("**Cenas pēc aģentūras pašas likmēm.**")
    assert (
        "- LV, Instagram, micro: CPM 7,17 publicētā 6,55 vietā (EUR, pirms formāta koeficienta); "
        "iepriekšējie darījumi, uz kuriem tas balstās: 2, vēstures svars 0,67"
    ) in latvian
