"""Each deliverable priced on its own terms (issue #17, item 1): the format's benchmark and floor,
moved to the creator's market by its price level, worked by hand for a Polish and a Danish
creator; a Short below its long video; a live by viewers x minutes; a market with no price level
(the published figure unadjusted, and the page says so); bad overrides get clear errors.

Numbers used by hand below: 1 USD = 1 / 1.0389 EUR (ECB, 2024-12-31); agency rate card CPM
Instagram USD 8, TikTok USD 10, YouTube USD 20; lowest published price per post (Influencer
Marketing Hub, c. 2021): micro Instagram USD 100, micro TikTok USD 25, micro YouTube USD 200;
Eurostat price levels (EU27_2020 = 100, 2022): Poland 60.7, Denmark 148.6, Latvia 85.1;
Latvia's lowest published fee EUR 50 (2018) is the market minimum from 10,000 followers, moved
to another market by the two price levels; Minter.io's feed post reach rate 22.9%, frequency
1.3; a live: 4% of real followers (no lives on record) for 30 minutes at 0.1 x the CPM per
viewer-minute; a Story set: 0.5 x the CPM and the floor; a Short at most 75% of the long video.
"""

from __future__ import annotations

import pandas as pd
import pytest
from pydantic import ValidationError

from helpers.core.campaign import Campaign
from helpers.core.campaign.loading import campaign_problems
from helpers.core.errors import InputError
from helpers.stages import negotiation
from helpers.stages.negotiation.fees import expected_outcomes, fair_fees
from helpers.stages.negotiation.prices import (
    benchmark_for,
    market_benchmarks,
    price_book,
    price_level_table,
)

USD = 1 / 1.0389  # EUR per USD
PL, DK = 0.607, 1.486  # price levels / 100


def campaign_for(markets: list[str], currency: str = "EUR", **negotiation_terms) -> Campaign:
    """A campaign in ``markets`` (awareness: fees by CPM), with extra negotiation terms."""
    return Campaign.model_validate(
        {
            "schema": 1, "id": "pricing-test", "name": "Pricing", "brand": "Brand",
            "objective": "awareness", "markets": markets, "currency": currency, "budget": 10_000,
            "start": "2027-03-01", "end": "2027-03-31",
            "vetting": {"platforms": ["instagram", "tiktok", "youtube"]},
            "negotiation": negotiation_terms,
        }
    )  # fmt: skip


def creator(handle: str, platform: str, market: str, followers: int, **counts) -> dict:
    """A shortlisted creator as :func:`negotiation.candidate_creators` returns one."""
    return {
        "influencer_id": handle.lstrip("@"), "handle": handle, "name": handle, "platform": platform,
        "market": market, "tier": "micro", "followers": followers, "audience_fit": 0.8,
        "composite_score": 70.0, "past_collaborations": 0, "fake_share_assumed": False,
        "real_share": counts.get("real_share", 0.8), "avg_likes": counts.get("likes", 500.0),
        "avg_comments": 20.0, "avg_views": counts.get("views", 0.0),
    }  # fmt: skip


def priced(campaign: Campaign, creators: list[dict], posts: pd.DataFrame | None = None):
    """Every deliverable of ``creators`` priced, indexed by handle and deliverable."""
    outcomes = expected_outcomes(pd.DataFrame(creators), campaign, posts)
    return fair_fees(outcomes, campaign).set_index(["handle", "deliverable"])


# --- A Polish and a Danish creator, by hand ----------------------------------------------------


def test_a_polish_creator_by_hand():
    fees = priced(campaign_for(["PL"]), [creator("@ola", "instagram", "PL", 80_000, views=20_000)])
    post = fees.loc[("@ola", "feed_post")]
    # 80,000 x 22.9% x 1.3 = 23,816 impressions x 80% real = 19,052.8
    assert post["expected_impressions"] == pytest.approx(19_052.8)
    # CPM USD 8 = EUR 7.70, x 0.607 in Poland = EUR 4.67
    assert post["cpm"] == pytest.approx(8 * USD * PL)
    assert post["price_level"] == pytest.approx(60.7)
    # 19.0528 x EUR 4.67 = EUR 89.02, above the floor USD 100 x 0.607 = EUR 58.43
    assert post["format_floor"] == pytest.approx(100 * USD * PL)
    assert not post["floor_applied"]
    assert post["fair_fee"] == pytest.approx(19.0528 * 8 * USD * PL)
    assert "x 0.607 price level in PL" in post["fee_working"]
    # a Reel: 20,000 views x 80% = 16,000 at the CPM x 1.2 = EUR 89.74
    reel = fees.loc[("@ola", "reel")]
    assert reel["fair_fee"] == pytest.approx(16 * 8 * USD * PL * 1.2)
    # a Story set: 80,000 x 4.27% x 1.3 x 80% = 3,552.6 views at half the CPM = EUR 8.30; its
    # floor, USD 100 x 0.5 x 0.607 = EUR 29.22, is under the market minimum, EUR 50 x 60.7 / 85.1
    story = fees.loc[("@ola", "story")]
    assert story["base_fee"] == pytest.approx(3.55264 * 8 * USD * PL * 0.5)
    assert story["format_floor"] == pytest.approx(100 * USD * 0.5 * PL)
    assert story["market_minimum"] == pytest.approx(50 * 60.7 / 85.1)  # EUR 35.66
    assert story["floor_kind"] == "market"
    assert story["fair_fee"] == pytest.approx(50 * 60.7 / 85.1)
    assert "LV's EUR 50.00 x 60.7 / 85.1 price levels" in story["fee_working"]


def test_a_danish_creator_by_hand_with_premiums():
    campaign = campaign_for(["DK"], usage_months=3, paid_usage=True)  # + 30%
    fees = priced(campaign, [creator("@mette", "instagram", "DK", 12_000)])
    post = fees.loc[("@mette", "feed_post")]
    # 12,000 x 22.9% x 1.3 x 80% = 2,857.92 impressions x EUR 7.70 x 1.486 = EUR 32.70: under
    # the floor USD 100 x 1.486 = EUR 143.04 (the market minimum, EUR 87.31, is lower)
    assert post["base_fee"] == pytest.approx(2.85792 * 8 * USD * DK)
    assert post["market_minimum"] == pytest.approx(50 * 148.6 / 85.1)
    assert post["floor_kind"] == "format"
    assert post["rate_card_floor"] == pytest.approx(100 * USD * DK)
    assert post["fair_fee"] == pytest.approx(100 * USD * DK * 1.3)  # EUR 185.95
    assert "raised to the floor for a micro feed post in DK, EUR 143.04" in post["fee_working"]
    assert "; x 1.30 terms (usage +30%) = EUR 185.95" in post["fee_working"]


def test_a_live_is_priced_by_viewers_times_minutes():
    tiktoker = creator("@sofie", "tiktok", "DK", 30_000, views=4_000)
    campaign = campaign_for(["DK"], rates={"rate_card_floor": 0})  # the floors off: the base
    live = priced(campaign, [tiktoker]).loc[("@sofie", "live")]
    # 30,000 followers x 4% = 1,200 viewers x 80% real = 960, x 30 minutes = 28,800
    # viewer-minutes; / 1,000 x (USD 10 x 1.486 x 0.1) = EUR 1.43 per 1,000 = EUR 41.19
    assert live["expected_views"] == pytest.approx(960)
    assert live["priced_units"] == pytest.approx(28_800)
    assert live["cpm"] == pytest.approx(10 * USD * DK * 0.1)
    assert live["fair_fee"] == pytest.approx(28.8 * 10 * USD * DK * 0.1)
    assert "x 30 minutes = 28,800 viewer-minutes" in live["fee_working"]
    # the creator's own lives on record (2,000 viewers on average), and a 60-minute session
    posts = pd.DataFrame(
        {"influencer_id": ["sofie"] * 3, "format": ["live", "live", "short"],
         "views": [1_000, 3_000, 9_000]}
    )  # fmt: skip
    longer = campaign_for(
        ["DK"], rates={"rate_card_floor": 0}, formats={"live": {"duration_minutes": 60}}
    )
    live = priced(longer, [tiktoker], posts).loc[("@sofie", "live")]
    assert live["expected_views"] == pytest.approx(2_000 * 0.8)
    assert live["fair_fee"] == pytest.approx(1.6 * 60 * 10 * USD * DK * 0.1)
    # with the floors: never under the market minimum for a creator with 10,000+ followers
    floored = priced(campaign_for(["DK"]), [tiktoker]).loc[("@sofie", "live")]
    assert floored["fair_fee"] == pytest.approx(50 * 148.6 / 85.1)  # EUR 87.31


# --- A Short always costs less than the same creator's long video ------------------------------


def youtuber_posts() -> pd.DataFrame:
    """Shorts that draw far more views (90,000) than the long videos (30,000)."""
    return pd.DataFrame(
        {"influencer_id": ["ben"] * 4, "format": ["short", "short", "long_video", "long_video"],
         "views": [80_000, 100_000, 25_000, 35_000]}
    )  # fmt: skip


def test_a_short_is_priced_by_its_own_views_and_costs_less_than_the_long_video():
    ben = creator("@ben", "youtube", "US", 50_000, views=40_000, real_share=1.0)
    fees = priced(campaign_for(["US"], "USD"), [ben], youtuber_posts())
    short, long_video = fees.loc[("@ben", "short")], fees.loc[("@ben", "long_video")]
    # views of the creator's own Shorts, not of the long videos (nor the roster's average)
    assert short["expected_views"] == pytest.approx(90_000)
    assert long_video["expected_views"] == pytest.approx(30_000)
    # a Short is priced as short video: TikTok's CPM, USD 10 (US has no price level: unadjusted)
    assert short["benchmarks"] == "tiktok"
    assert short["cpm"] == pytest.approx(10)
    # 30 x USD 20 = USD 600 < the floor, USD 200: 600; 90 x USD 10 = USD 900 would cost more
    # than the long video, so it is capped at 75% of it, USD 450
    assert long_video["fair_fee"] == pytest.approx(600)
    assert short["base_fee"] == pytest.approx(900)
    assert short["capped"]
    assert short["fair_fee"] == pytest.approx(450)
    assert "capped at 75% of the long video (USD 600.00), USD 450.00" in short["fee_working"]
    # without Shorts on record both use the roster's average views: the Short costs half
    fees = priced(campaign_for(["US"], "USD"), [ben])
    assert fees.loc[("@ben", "short"), "fair_fee"] == pytest.approx(40 * 10)
    assert fees.loc[("@ben", "long_video"), "fair_fee"] == pytest.approx(40 * 20)


def test_a_short_planned_below_a_low_long_video_quote():
    ben = creator("@ben", "youtube", "US", 50_000, views=40_000, real_share=1.0)
    campaign = campaign_for(["US"], "USD")
    offers = fair_fees(expected_outcomes(pd.DataFrame([ben]), campaign), campaign)
    quotes = pd.DataFrame(
        [{"influencer_id": "ben", "quoted_fee": 300.0, "quote_currency": "USD",
          "quote_converted": 300.0, "fx_rate": 1.0, "rate_date": None, "quote_note": ""}]
    )  # fmt: skip
    rates = negotiation.negotiation_rates(campaign)
    ranged = negotiation.negotiation_ranges(
        offers, quotes, rates, "USD", negotiation.ENGLISH
    ).set_index("deliverable")
    # the quote (USD 300, below the fair USD 800) is for the long video only ...
    assert ranged.loc["long_video", "planned_fee"] == pytest.approx(300)
    assert ranged.loc["short", "quote_position"] == "no quote"
    # ... and the Short (fair USD 400) is planned at 75% of it, USD 225
    assert ranged.loc["short", "planned_fee"] == pytest.approx(225)
    assert ranged.loc["short", "target_fee"] == pytest.approx(225)


# --- A market with no price level on file -----------------------------------------------------


def test_a_market_with_no_price_level_uses_the_published_figures_unadjusted():
    campaign = campaign_for(["US"], "USD")
    fees = priced(campaign, [creator("@amy", "instagram", "US", 80_000)])
    post = fees.loc[("@amy", "feed_post")]
    assert pd.isna(post["price_level"])
    assert post["cpm"] == pytest.approx(8)  # the agency's USD 8 as published
    assert "no price level for US on file: unadjusted" in post["fee_working"]
    assert "no price level for US on file: used unadjusted" in post["cpm_source"]
    lines = negotiation.fee_sources(campaign, fees.reset_index())
    assert any(
        line.startswith("No price level on file for US: the published ranges") for line in lines
    )
    # Latvia's minimum, EUR 50, unadjusted for want of a US index: USD 51.95
    story = fees.loc[("@amy", "story")]
    assert story["market_minimum"] == pytest.approx(50 * 1.0389)
    assert story["fair_fee"] == pytest.approx(50 * 1.0389)


# --- Overrides ---------------------------------------------------------------------------------


def test_a_price_level_override_replaces_the_reference():
    campaign = campaign_for(["PL"], price_levels={"PL": 70})
    post = priced(campaign, [creator("@ola", "instagram", "PL", 80_000)]).loc[("@ola", "feed_post")]
    assert post["cpm"] == pytest.approx(8 * USD * 0.70)
    assert "campaign file (negotiation.price_levels)" in post["cpm_source"]


def test_bad_price_level_overrides_are_listed_one_line_each():
    with pytest.raises(InputError) as caught:
        price_level_table(overrides={"DK": -5, "XX": 100, "PL": "cheap"})
    problems = caught.value.problems
    assert len(problems) == 3
    assert problems[0] == (
        "campaign file: negotiation.price_levels.DK: -5 is not a price level (a number above 0 on "
        "the EU27_2020 = 100 scale, e.g. Denmark 148.6, Poland 60.7)"
    )
    assert (
        "negotiation.price_levels.XX: 'XX' is not an ISO 3166-1 alpha-2 country code"
        in (problems[1])
    )
    assert "negotiation.price_levels.PL: 'cheap' is not a price level" in problems[2]


def test_bad_price_levels_and_formats_in_the_campaign_file_are_named(tmp_path):
    """The campaign schema checks negotiation.price_levels and negotiation.formats: one line
    each, the field's path, what is wrong and what is allowed."""
    path = tmp_path / "c.yaml"
    with pytest.raises(ValidationError) as caught:
        campaign_for(
            ["DK"],
            price_levels={"DK": 0, "PL": "cheap", "XX": 100},
            formats={"live": {"minutes": 45}, "podcast": {}, "story": {"cpm_factor": -1}},
        )
    lines = campaign_problems(path, caught.value)
    text = "\n".join(lines)
    assert len(lines) == 6, text
    assert (
        f"{path}: negotiation.price_levels.DK: 0 is not a price level (a number above 0 on the "
        "EU27_2020 = 100 scale, e.g. Denmark 148.6, Poland 60.7)"
    ) in lines
    assert f"{path}: negotiation.price_levels.PL: 'cheap' is not a price level" in text
    assert "negotiation.price_levels.XX (key): 'XX' is not an ISO 3166-1 alpha-2 country" in text
    assert f"{path}: negotiation.formats.story.cpm_factor: -1 is not a number of at least 0" in (
        lines
    )
    assert "negotiation.formats.live.minutes (key): Input should be 'reach_rate'" in text
    assert "negotiation.formats.podcast (key): Input should be 'feed_post'" in text


def test_a_format_parameter_the_deliverable_does_not_have_is_named():
    campaign = campaign_for(["DK"], formats={"feed_post": {"add_on_share": 0.2}})
    with pytest.raises(InputError) as caught:
        negotiation.deliverable_table(campaign)
    assert caught.value.problems == [
        "campaign file: negotiation.formats.feed_post.add_on_share: not a parameter of feed_post "
        "(known: click_factor, cpm_factor, engagement_factor, floor_share, reach_rate)"
    ]


# --- The one lookup ------------------------------------------------------------------------------


def test_a_market_and_tier_of_their_own_win_and_are_not_moved_again():
    """What a calibration on past campaigns would add: a Danish micro Instagram CPM of EUR 12."""
    campaign = campaign_for(["DK"])
    book = price_book(campaign, negotiation.negotiation_rates(campaign))
    published = benchmark_for(book, "instagram", "DK", "cpm", "micro", "reel")
    assert published["value"] == pytest.approx(8 * USD * DK * 1.2)
    own = pd.DataFrame(
        [{"platform": "instagram", "market": "DK", "tier": "micro", "deliverable": "",
          "metric": "cpm", "value": 12.0, "own": True, "source": "history (3 campaigns)"}]
    )  # fmt: skip
    calibrated = book.with_rows(own)
    reel = benchmark_for(calibrated, "instagram", "DK", "cpm", "micro", "reel")
    assert reel["value"] == pytest.approx(12 * 1.2)  # the format's factor still applies
    assert reel["market_factor"] == 1.0  # a Danish figure is not moved by Denmark's index
    assert reel["source"].startswith("history (3 campaigns)")
    # another tier keeps the published figure
    assert benchmark_for(calibrated, "instagram", "DK", "cpm", "mid", "reel")["value"] == (
        pytest.approx(8 * USD * DK * 1.2)
    )


def test_market_benchmarks_for_whoever_weighs_figures_against_them():
    campaign = campaign_for(["PL", "DK", "US"])
    book = price_book(campaign, negotiation.negotiation_rates(campaign))
    table = market_benchmarks(book, ["PL", "DK", "US"], ["tiktok"]).set_index("market")
    assert table.loc["PL", "value"] == pytest.approx(10 * USD * PL)
    assert table.loc["DK", "value"] == pytest.approx(10 * USD * DK)
    assert table.loc["US", "value"] == pytest.approx(10 * USD)  # no index: unadjusted
    assert (table["tier"] == "").all() and (table["metric"] == "cpm").all()


def test_a_link_in_bio_is_a_share_of_the_main_deliverable_as_planned():
    campaign = campaign_for(["PL"])
    ola = creator("@ola", "instagram", "PL", 80_000)
    offers = fair_fees(expected_outcomes(pd.DataFrame([ola]), campaign), campaign)
    link = offers.set_index("deliverable").loc["link_in_bio"]
    # 30% of the feed post (EUR 88.99, see above) for each 30 days it stays up
    assert link["fee_basis"] == "add_on"
    assert link["fair_fee"] == pytest.approx(0.3 * 19.0528 * 8 * USD * PL)
    quotes = pd.DataFrame(
        [{"influencer_id": "ola", "quoted_fee": 60.0, "quote_currency": "EUR",
          "quote_converted": 60.0, "fx_rate": 1.0, "rate_date": None, "quote_note": ""}]
    )  # fmt: skip
    rates = negotiation.negotiation_rates(campaign)
    ranged = negotiation.negotiation_ranges(offers, quotes, rates, "EUR", negotiation.ENGLISH)
    ranged = ranged.set_index("deliverable")
    # the post is planned at the creator's EUR 60, so the link at 30% of that, EUR 18; the
    # Story set, a deliverable of its own, keeps its own fee
    assert ranged.loc["feed_post", "planned_fee"] == pytest.approx(60)
    assert ranged.loc["link_in_bio", "planned_fee"] == pytest.approx(18)
    assert ranged.loc["story", "planned_fee"] == pytest.approx(ranged.loc["story", "fair_fee"])


def test_fees_priced_from_a_book_with_calibrated_rows():
    campaign = campaign_for(["DK"], rates={"rate_card_floor": 0})
    book = price_book(campaign, negotiation.negotiation_rates(campaign)).with_rows(
        pd.DataFrame(
            [
                {
                    "platform": "instagram",
                    "market": "DK",
                    "tier": "micro",
                    "deliverable": "",
                    "metric": "cpm",
                    "value": 12.0,
                    "own": True,
                    "source": "history (3 campaigns)",
                }
            ]
        )  # fmt: skip
    )
    outcomes = expected_outcomes(
        pd.DataFrame([creator("@mette", "instagram", "DK", 12_000)]), campaign
    )
    post = fair_fees(outcomes, campaign, book).set_index("deliverable").loc["feed_post"]
    assert post["fair_fee"] == pytest.approx(2.85792 * 12)  # EUR 12 CPM, not moved again
    assert post["cpm_source"] == "history (3 campaigns)"
