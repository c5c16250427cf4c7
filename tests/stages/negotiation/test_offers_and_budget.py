"""Stage 03 on the four-creator world in tests/fixtures/negotiation: fees, ranges and models by
hand, the optimiser against brute force, bad input, and the relationship pipeline.

Numbers used by hand below: the ECB rates of 2024-12-31 give 1 USD = 1 / 1.0389 EUR and
1 SEK = 1 / 11.459 EUR; the agency rate card says Instagram CPM USD 8, TikTok CPM USD 10,
Instagram CPE USD 0.25; Minter.io's reach rates are 22.9% (feed post) and 4.27% (Story set);
the planning frequency is 1.3; the rate-card floor for a micro Instagram post is USD 100 and
for a micro TikTok video USD 25. Published figures are moved to the market by Eurostat's price
levels (EU27_2020 = 100): Latvia 85.1, Estonia 97.6; Latvia's lowest published fee, EUR 50
(2018), is the market minimum from 10,000 followers (Estonia: 50 x 97.6 / 85.1).
"""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.core import artifacts, data
from helpers.core.campaign import BudgetRules, load_campaign
from helpers.core.errors import InputError
from helpers.stages import negotiation

FIXTURE = Path(__file__).parents[2] / "fixtures" / "negotiation"
USD = 1 / 1.0389  # EUR per USD
SEK = 1 / 11.459  # EUR per SEK
LV, EE = 0.851, 0.976  # price levels / 100


def read_shortlist() -> pd.DataFrame:
    return pd.read_csv(FIXTURE / "shortlist.csv", keep_default_na=False, na_values=[""])


def campaign_with(write_campaign, extra: str = "", replace: dict[str, str] | None = None):
    """The fixture campaign with extra sections (and some text replaced), in tmp_path."""
    text = (FIXTURE / "campaign.yaml").read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    text = text.replace("roster: roster.csv", f"roster: {FIXTURE / 'roster.csv'}")
    text = text.replace("pipeline: pipeline.csv", f"pipeline: {FIXTURE / 'pipeline.csv'}")
    return load_campaign(write_campaign(text + textwrap.dedent(extra)))


@pytest.fixture(scope="module")
def world():
    campaign = load_campaign(FIXTURE / "campaign.yaml")
    tables = data.load_campaign_data(campaign, ["roster", "pipeline"])
    return campaign, tables, read_shortlist()


@pytest.fixture(scope="module")
def offers(world):
    campaign, tables, shortlist = world
    return negotiation.build_offers(campaign, shortlist, tables).set_index(
        ["handle", "deliverable"]
    )


# --- Expected results and fair fees, each factor by hand -------------------------------------


def test_feed_post_impressions_real_share_and_rate_card_floor(offers):
    row = offers.loc[("@laima", "feed_post")]
    # 10,000 followers x 22.9% reached x 1.3 impressions each = 2,977
    assert row["gross_impressions"] == pytest.approx(2_977)
    # fake followers see nothing: 20% fake, so x 0.8
    assert row["expected_impressions"] == pytest.approx(2_381.6)
    assert row["expected_reach"] == pytest.approx(2_381.6 / 1.3)
    # 2,381.6 / 1,000 x USD 8 = USD 19.05 = EUR 18.34, x 0.851 in Latvia = EUR 15.61
    assert row["cpm"] == pytest.approx(8 * USD * LV)
    assert row["base_fee"] == pytest.approx(2.3816 * 8 * USD * LV)
    # below the cheapest published micro Instagram post, USD 100 x 0.851: the floor applies
    assert row["floor_applied"]
    assert row["fair_fee"] == pytest.approx(100 * USD * LV)  # EUR 81.91
    assert "raised to the floor for a micro feed post in LV, EUR 81.91" in row["fee_working"]
    assert "x 0.851 price level in LV" in row["fee_working"]


def test_video_uses_average_views_and_the_format_multiplier(offers):
    row = offers.loc[("@laima", "reel")]
    assert row["impressions_basis"] == "average views"
    assert row["expected_impressions"] == pytest.approx(5_000 * 0.8)
    # a Reel's CPM and floor are the platform's x 1.2 (more filming and editing)
    assert row["base_fee"] == pytest.approx(4 * 8 * USD * LV * 1.2)
    assert row["fair_fee"] == pytest.approx(100 * USD * LV * 1.2)


def test_story_set_reach_and_engagement(offers):
    row = offers.loc[("@laima", "story")]
    assert row["gross_impressions"] == pytest.approx(10_000 * 0.0427 * 1.3)
    # (190 likes + 10 comments) x 0.1 (Stories get replies, not likes) x 0.8 real
    assert row["expected_engagements"] == pytest.approx(200 * 0.1 * 0.8)
    # the Story floor, USD 100 x 0.5 x 0.851 = EUR 40.96, is under Latvia's minimum of EUR 50
    assert row["format_floor"] == pytest.approx(100 * USD * 0.5 * LV)
    assert row["floor_kind"] == "market"
    assert row["fair_fee"] == pytest.approx(50)


def test_unknown_fake_share_is_taken_as_the_campaign_ceiling(offers):
    row = offers.loc[("@janis", "short")]
    assert row["fake_share_assumed"]
    assert row["real_share"] == pytest.approx(0.7)  # max_fake_share 0.3
    # 12,000 views x 0.7 = 8,400; / 1,000 x USD 10 x 0.851 = EUR 68.81, above the EUR 50
    # market minimum and the floor (USD 25 x 0.851)
    assert row["fair_fee"] == pytest.approx(8.4 * 10 * USD * LV)
    assert not row["floor_applied"]


def test_clicks_and_conversions_follow_the_planning_rates(offers):
    row = offers.loc[("@janis", "short")]
    assert row["expected_clicks"] == pytest.approx(8_400 * 0.005)  # TikTok CTR 0.5%
    assert row["expected_conversions"] == pytest.approx(8_400 * 0.005 * 0.05)


def test_premiums_add_up_on_the_base_fee(write_campaign, world):
    _unused, tables, shortlist = world
    campaign = campaign_with(
        write_campaign,
        """
        negotiation:
          usage_months: 3
          paid_usage: true
          exclusivity_days: 30
          rush: true
          rates: {rate_card_floor: 0}
        """,
    )
    premiums = negotiation.terms_premiums(campaign)
    # 3 x 10% paid usage + 30 / 30 x 15% exclusivity + 20% rush
    assert premiums["usage_premium"] == pytest.approx(0.30)
    assert premiums["exclusivity_premium"] == pytest.approx(0.15)
    assert premiums["rush_premium"] == pytest.approx(0.20)
    assert premiums["terms_multiplier"] == pytest.approx(1.65)
    offers = negotiation.build_offers(campaign, shortlist, tables).set_index(
        ["handle", "deliverable"]
    )
    row = offers.loc[("@kadri", "feed_post")]
    # 50,000 x 22.9% x 1.3 = 14,885 x 0.9 real = 13,396.5; / 1,000 x USD 8 x 0.976 (Estonia);
    # x 1.65 terms
    assert row["fair_fee"] == pytest.approx(13.3965 * 8 * USD * EE * 1.65)
    assert not row["floor_applied"]
    assert "terms (usage +30%, exclusivity +15%, rush +20%)" in row["fee_working"]


def test_organic_usage_and_chapter_five_example():
    from helpers.core.campaign import Campaign

    base = {
        "schema": 1, "id": "x-test", "name": "x", "brand": "x", "objective": "awareness",
        "markets": ["LV"], "currency": "EUR", "budget": 1, "start": "2027-01-01",
        "end": "2027-01-02",
    }  # fmt: skip
    organic = Campaign.model_validate(base | {"negotiation": {"usage_months": 2}})
    assert negotiation.terms_premiums(organic)["usage_premium"] == pytest.approx(0.10)
    # guide 5.1: USD 300 with 3 months of paid usage and 30 days' exclusivity is USD 435
    maya = Campaign.model_validate(
        base | {"negotiation": {"usage_months": 3, "paid_usage": True, "exclusivity_days": 30}}
    )
    assert 300 * negotiation.terms_premiums(maya)["terms_multiplier"] == pytest.approx(435)


def test_engagement_campaigns_price_engagements(write_campaign, world):
    _unused, tables, shortlist = world
    campaign = campaign_with(write_campaign, replace={"awareness": "engagement"})
    offers = negotiation.build_offers(campaign, shortlist, tables).set_index(
        ["handle", "deliverable"]
    )
    row = offers.loc[("@kadri", "feed_post")]
    assert row["fee_basis"] == "cpe"
    # (700 + 50) x 0.9 real = 675 engagements x USD 0.25 x 0.976 (Estonia)
    assert row["fair_fee"] == pytest.approx(675 * 0.25 * USD * EE)
    # a link in bio is an add-on to the feed post: 30% of its fee for 30 days
    link = offers.loc[("@kadri", "link_in_bio")]
    assert link["fee_basis"] == "add_on"
    assert link["fair_fee"] == pytest.approx(0.3 * 675 * 0.25 * USD * EE)
    assert row["compensation_model"] == "cpe"


def test_campaign_overrides_of_cpm_by_platform_and_market(write_campaign, world):
    _unused, tables, shortlist = world
    campaign = campaign_with(
        write_campaign,
        """
        assumptions: {cpm: {instagram: 10}}
        negotiation:
          benchmarks: [{platform: instagram, market: LV, cpm: 20, source: local agency 2026}]
          rates: {rate_card_floor: 0}
        """,
    )
    offers = negotiation.build_offers(campaign, shortlist, tables).set_index(
        ["handle", "deliverable"]
    )
    laima, kadri = offers.loc[("@laima", "feed_post")], offers.loc[("@kadri", "feed_post")]
    assert laima["fair_fee"] == pytest.approx(2.3816 * 20)  # LV's own CPM
    assert "local agency 2026" in laima["cpm_source"]
    assert kadri["fair_fee"] == pytest.approx(13.3965 * 10)  # the platform's, for EE
    assert "assumptions.cpm" in kadri["cpm_source"]


# --- Quotes, currencies and the negotiation range ---------------------------------------------


def test_range_and_a_quote_above_walk_away(offers):
    row = offers.loc[("@laima", "feed_post")]
    fair = 100 * USD * LV  # EUR 81.91
    assert row["opening_offer"] == pytest.approx(0.85 * fair)
    assert row["target_fee"] == pytest.approx(fair)
    assert row["walk_away_fee"] == pytest.approx(1.3 * fair)
    # quoted EUR 150 > EUR 106.49: counter at the walk-away point
    assert row["quote_position"] == "above walk-away"
    assert row["planned_fee"] == pytest.approx(1.3 * fair)
    assert "walk away" in row["say_it"]
    assert "EUR 82" in row["say_it"]
    # the quote is for the feed post only: the Reel is priced on its own terms
    reel = offers.loc[("@laima", "reel")]
    assert np.isnan(reel["quote_with_terms"])
    assert reel["quote_position"] == "no quote"
    assert reel["planned_fee"] == pytest.approx(reel["fair_fee"])


def test_quote_in_another_currency_keeps_the_original_and_the_dated_rate(offers):
    row = offers.loc[("@kadri", "feed_post")]
    assert row["quoted_fee"] == 300
    assert row["quote_currency"] == "USD"
    assert row["quote_converted"] == pytest.approx(300 * USD)
    assert row["fx_rate"] == pytest.approx(USD)
    assert str(row["rate_date"]) == "2024-12-31"


def test_quote_in_an_unknown_currency_is_explained_not_used(offers):
    row = offers.loc[("@mart", "short")]
    assert row["quote_position"] == "quote not usable"
    assert np.isnan(row["quote_converted"])
    assert "no exchange rate for ISK" in row["quote_note"]
    assert "fx_rates.csv" in row["quote_note"]
    assert row["planned_fee"] == pytest.approx(row["target_fee"])


@pytest.mark.parametrize(
    ("quote", "position", "planned"),
    [
        # fair fee EUR 81.91: open at EUR 69.63, walk away above EUR 106.49
        (60, "below our opening", 60),
        (80, "opening to target", 80),
        (100, "target to walk-away", (100 * USD * LV + 100) / 2),  # meet in the middle
    ],
)
def test_quote_positions_and_planned_fee(world, quote, position, planned):
    campaign, tables, shortlist = world
    roster = tables["roster"].copy()
    roster.loc[roster["handle"] == "@laima", "quoted_fee"] = quote
    offers = negotiation.build_offers(campaign, shortlist, tables | {"roster": roster})
    row = offers.set_index(["handle", "deliverable"]).loc[("@laima", "feed_post")]
    assert row["quote_position"] == position
    assert row["planned_fee"] == pytest.approx(planned)


# --- Compensation models at low, expected and high performance --------------------------------


@pytest.fixture(scope="module")
def janis(offers):
    """@janis's short: no quote, F = EUR 68.81, 8,400 impressions, 1,120 engagements."""
    return offers.loc[[("@janis", "short")]].reset_index()


@pytest.mark.parametrize(
    ("model", "low", "expected", "high"),
    [
        ("flat", 1.0, 1.0, 1.0),
        # F x 1.1 at expected results; x 0.5 and x 1.5, capped at 1.5 F
        ("cpm", 0.55, 1.1, 1.5),
        ("cpe", 0.55, 1.1, 1.5),
        # F x 1.25 at expected results, no cap
        ("cpc", 0.625, 1.25, 1.875),
        ("cpa", 0.625, 1.25, 1.875),
        # base 0.5 F + bonus worth 0.6 F at expected results
        ("hybrid", 0.8, 1.1, 1.4),
    ],
)
def test_model_costs_by_hand(world, janis, model, low, expected, high):
    campaign, _unused, _unused = world
    fee = 8.4 * 10 * USD * LV
    costs = negotiation.model_costs(
        janis, model, campaign, negotiation.negotiation_rates(campaign), "reach"
    ).iloc[0]
    assert costs["cost_low"] == pytest.approx(low * fee)
    assert costs["expected_cost"] == pytest.approx(expected * fee)
    assert costs["cost_high"] == pytest.approx(high * fee)


def test_affiliate_commission_counts_the_discount_too(write_campaign, janis):
    campaign = campaign_with(write_campaign, "negotiation: {average_order_value: 40}\n")
    costs = negotiation.model_costs(
        janis, "cpa", campaign, negotiation.negotiation_rates(campaign), "conversions"
    ).iloc[0]
    # 2.1 conversions x (EUR 40 x 15% commission + EUR 40 / 0.9 x 10% discount given away)
    per_order = 40 * 0.15 + 40 / 0.9 * 0.1
    assert costs["expected_cost"] == pytest.approx(2.1 * per_order)
    assert "15% commission" in costs["model_terms"]


def test_gifting_is_payment_and_may_bring_no_post(write_campaign, janis):
    campaign = campaign_with(write_campaign, "negotiation: {product_value: 30}\n")
    costs = negotiation.model_costs(
        janis, "gifting", campaign, negotiation.negotiation_rates(campaign), "reach"
    ).iloc[0]
    assert costs["expected_cost"] == 30
    assert costs["kpi_expected"] == pytest.approx(janis["expected_reach"].iloc[0] * 0.5)
    assert "disclosed" in costs["model_terms"]


def test_a_model_that_cannot_apply_falls_back_to_flat(write_campaign, world):
    _unused, tables, shortlist = world
    campaign = campaign_with(write_campaign, "negotiation: {model: cpe}\n")
    offers = negotiation.build_offers(campaign, shortlist, tables).set_index(
        ["handle", "deliverable"]
    )
    link = offers.loc[("@laima", "link_in_bio")]  # no engagements to pay on
    assert link["compensation_model"] == "flat"
    assert "no expected results to pay a cpe deal on" in link["model_terms"]


def test_compare_models_lists_every_model_per_creator(world, offers):
    campaign, _unused, _unused = world
    table = negotiation.compare_models(
        offers.reset_index(), campaign, negotiation.negotiation_rates(campaign), "reach"
    )
    assert set(table["model"]) == set(negotiation.MODELS)
    assert table.groupby("handle").size().eq(len(negotiation.MODELS)).all()
    flat = table[table["model"] == "flat"]
    # a flat fee costs more per result when results are low
    assert (flat["cost_per_result_low"] > flat["cost_per_result_high"]).all()


def test_primary_kpi(write_campaign):
    assert negotiation.primary_kpi(campaign_with(write_campaign)) == "reach"
    no_goals = campaign_with(
        write_campaign,
        replace={"awareness": "conversion", "goals:\n  - {kpi: reach, target: 50000}\n": ""},
    )
    assert negotiation.primary_kpi(no_goals) == "conversions"
    chosen = campaign_with(write_campaign, "negotiation: {optimise_for: clicks}\n")
    assert negotiation.primary_kpi(chosen) == "clicks"


# --- The optimiser against brute force -------------------------------------------------------


def random_options(seed: int, creators: int = 4, units: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(creators):
        for offer in range(2):
            for unit in range(1, units + 1):
                rows.append(
                    {
                        "offer": c * 2 + offer,
                        "influencer_id": f"c{c}",
                        "handle": f"@c{c}",
                        "platform": ("instagram", "tiktok")[c % 2],
                        "market": ("LV", "EE")[c // 2 % 2],
                        "tier": ("micro", "mid")[c % 2],
                        "deliverable": ("feed_post", "story")[offer],
                        "unit": unit,
                        "cost": float(rng.integers(20, 200)) * (0.9 if unit > 1 else 1),
                        "expected_cost": 0.0,
                        "kpi_value": 0.0,
                        "value": float(rng.integers(100, 5000)) * (0.4 if unit > 1 else 1),
                    }
                )
    return pd.DataFrame(rows)


def feasible_subsets(options: pd.DataFrame, rules: BudgetRules, markets, spend, creator_limit):
    """Every subset of units (rows of a 0/1 matrix) and whether it keeps every rule."""
    n = len(options)
    subsets = np.array(list(itertools.product((0, 1), repeat=n)), dtype=float)
    cost = options["cost"].to_numpy()
    creators = pd.get_dummies(options["influencer_id"]).to_numpy(float)  # unit x creator
    spent = subsets @ cost
    ok = np.ones(len(subsets), dtype=bool)
    if spend is not None:
        ok &= spent <= spend + 1e-9
    index = {
        (o, u): k for k, (o, u) in enumerate(zip(options["offer"], options["unit"], strict=True))
    }
    for (offer, unit), k in index.items():
        if unit > 1:
            ok &= subsets[:, k] <= subsets[:, index[(offer, unit - 1)]]
    ok &= (subsets @ creators <= rules.max_units_per_creator).all(axis=1)
    if creator_limit is not None:
        ok &= (subsets @ (creators * cost[:, None]) <= creator_limit + 1e-9).all(axis=1)
    hired = (subsets @ creators) > 0
    first = options.drop_duplicates("influencer_id").set_index("influencer_id")
    order = pd.get_dummies(options["influencer_id"]).columns
    for platform, limit in rules.max_per_platform.items():
        ok &= hired[:, (first.loc[order, "platform"] == platform).to_numpy()].sum(axis=1) <= limit
    for market in markets:
        in_market = (first.loc[order, "market"] == market).to_numpy()
        ok &= hired[:, in_market].sum(axis=1) >= rules.min_creators_per_market
    for market, (low, high) in rules.market_share.items():
        inside = subsets @ (cost * (options["market"] == market).to_numpy())
        ok &= (inside >= low * spent - 1e-9) & (inside <= high * spent + 1e-9)
    return subsets.astype(bool), ok


def brute_force(options: pd.DataFrame, rules: BudgetRules, markets, spend, creator_limit):
    """Best total value over every subset of units that keeps every rule."""
    subsets, ok = feasible_subsets(options, rules, markets, spend, creator_limit)
    return (subsets[ok] @ options["value"].to_numpy()).max()


def _feasible(options, chosen, rules, markets, spend, creator_limit) -> bool:
    picked = options[chosen]
    cost = picked["cost"].sum()
    if spend is not None and cost > spend + 1e-9:
        return False
    keys = set(zip(picked["offer"], picked["unit"], strict=True))
    if any(u > 1 and (o, u - 1) not in keys for o, u in keys):
        return False
    per_creator = picked.groupby("influencer_id")
    if (per_creator.size() > rules.max_units_per_creator).any():
        return False
    if creator_limit is not None and (per_creator["cost"].sum() > creator_limit + 1e-9).any():
        return False
    hired = picked.drop_duplicates("influencer_id")
    for platform, limit in rules.max_per_platform.items():
        if (hired["platform"] == platform).sum() > limit:
            return False
    for market in markets:
        if (hired["market"] == market).sum() < rules.min_creators_per_market:
            return False
    for market, (low, high) in rules.market_share.items():
        inside = picked.loc[picked["market"] == market, "cost"].sum()
        if inside < low * cost - 1e-9 or inside > high * cost + 1e-9:
            return False
    return True


@pytest.mark.parametrize("seed", range(4))
def test_optimiser_matches_brute_force(seed):
    options = random_options(seed)  # 16 units: 65,536 subsets
    rules = BudgetRules(
        max_units_per_creator=3,
        max_per_platform={"tiktok": 1},
        min_creators_per_market=1,
        market_share={"LV": (0.3, 0.8)},
    )
    spend, creator_limit = 600.0, 300.0
    status, chosen, objective = negotiation.solve_plan(
        options, rules, ["LV", "EE"], spend_limit=spend, creator_limit=creator_limit
    )
    assert status == "optimal"
    assert _feasible(options, chosen, rules, ["LV", "EE"], spend, creator_limit)
    best = brute_force(options, rules, ["LV", "EE"], spend, creator_limit)
    assert objective == pytest.approx(best)


def test_smallest_budget_matches_brute_force():
    options = random_options(7, creators=3)  # 12 units
    rules = BudgetRules(min_creators_per_market=1, reserve=0.1, max_creator_share=0.5)
    status, chosen, needed = negotiation.solve_plan(
        options, rules, ["LV", "EE"], None, None, find_budget=(0.9, 0.5)
    )
    subsets, ok = feasible_subsets(options, rules, ["LV", "EE"], None, None)
    cost = options["cost"].to_numpy()
    creators = pd.get_dummies(options["influencer_id"]).to_numpy(float)
    spent = subsets[ok] @ cost
    biggest = (subsets[ok] @ (creators * cost[:, None])).max(axis=1)
    best = np.maximum(spent / 0.9, biggest / 0.5).min()
    assert status == "optimal"
    assert needed == pytest.approx(best)


def _offer(creator: str, deliverable: str, cost: float, value: float) -> dict:
    add_on = deliverable == "link_in_bio"
    return {"influencer_id": creator, "handle": f"@{creator}", "platform": "instagram",
            "market": "LV", "tier": "micro", "deliverable": deliverable, "add_on": add_on,
            "committed_cost": cost, "expected_cost": cost, "kpi_expected": value,
            "value": value, "kpi": "clicks"}  # fmt: skip


def test_a_link_in_bio_is_never_bought_without_its_main_deliverable():
    offers = pd.DataFrame(
        [
            _offer("anna", "feed_post", 100, 10),
            _offer("anna", "link_in_bio", 30, 50),
            _offer("berta", "feed_post", 100, 15),
            _offer("cilda", "link_in_bio", 10, 100),  # no main deliverable to go with
        ]
    )
    options = negotiation.unit_options(offers, {"repeat_discount": 0.1, "repeat_reach": 0.4}, 1)
    assert options["add_on"].tolist() == [False, True, False, True]
    assert options["main"].tolist() == [True, False, True, False]
    rules = BudgetRules(max_units_per_creator=2)
    # EUR 130: Berta's post and Anna's link alone (value 15 + 50 = 65) would beat Anna's post
    # and link (10 + 50 = 60), but a link comes with its post; Cilda's link never comes
    status, chosen, objective = negotiation.solve_plan(options, rules, ["LV"], 130.0, None)
    assert status == "optimal"
    picked = options[chosen]
    assert list(zip(picked["influencer_id"], picked["deliverable"], strict=True)) == [
        ("anna", "feed_post"),
        ("anna", "link_in_bio"),
    ]
    assert objective == pytest.approx(60)
    # with money for everything: every post and Anna's link, still not Cilda's
    status, chosen, objective = negotiation.solve_plan(options, rules, ["LV"], 1_000.0, None)
    assert options.loc[chosen, "influencer_id"].tolist() == ["anna", "anna", "berta"]
    assert objective == pytest.approx(75)


def test_plan_on_the_fixture_keeps_the_rules(world, offers):
    campaign, _unused, _unused = world
    allocation = negotiation.allocate_budget(offers.reset_index(), campaign)
    plan = allocation.plan
    assert allocation.status == "optimal"
    assert allocation.cost <= 2000 * 0.9 + 1e-6  # the 10% reserve is kept
    assert set(plan["market"]) == {"LV", "EE"}
    assert plan.groupby("influencer_id")["planned_cost"].sum().max() <= 0.3 * 2000
    assert plan.groupby("influencer_id")["quantity"].sum().max() <= 3
    assert plan["quantity"].max() <= 2
    assert allocation.alternatives["plan"].iloc[0] == "chosen"


# --- Bad input: a budget too small, contradictory rules ---------------------------------------


def test_budget_too_small_says_what_the_cheapest_valid_plan_costs(write_campaign, world):
    _unused, tables, shortlist = world
    campaign = campaign_with(write_campaign, replace={"budget: 2000": "budget: 20"})
    offers = negotiation.build_offers(campaign, shortlist, tables)
    allocation = negotiation.allocate_budget(offers, campaign)
    assert allocation.status == "over_budget"
    assert not allocation.ok
    # one creator per market; no creator above 30% of the budget: the cheapest unit a creator
    # can be hired for in LV and in EE (a standalone one: a link in bio comes only with its
    # main deliverable), / 0.3
    standalone = offers[~offers["add_on"].astype(bool)]
    cheapest = standalone.groupby("market")["committed_cost"].min()
    assert offers["committed_cost"].min() < cheapest.min()  # a link alone would be cheaper
    assert allocation.needed_budget == pytest.approx(cheapest.max() / 0.3)
    message = allocation.message
    assert message.startswith("Nothing that meets the rules fits the budget of EUR 20")
    assert f"costs EUR {cheapest.sum():,.0f}" in message
    assert f"at least EUR {cheapest.max() / 0.3:,.0f}" in message
    summary = negotiation.negotiation_summary(campaign, offers, allocation)
    assert summary.startswith("**No budget split.**")


def test_contradictory_rules_name_the_rule_to_relax(write_campaign, world):
    _unused, tables, shortlist = world
    campaign = campaign_with(
        write_campaign, "negotiation: {rules: {tier_share: {micro: [0, 0.5]}}}\n"
    )
    offers = negotiation.build_offers(campaign, shortlist, tables)
    allocation = negotiation.allocate_budget(offers, campaign)
    assert allocation.status == "contradictory_rules"
    assert "negotiation.rules.tier_share" in allocation.message


def test_rules_that_cannot_hold_are_explained_before_solving(write_campaign, world):
    _unused, tables, shortlist = world
    campaign = campaign_with(
        write_campaign,
        "negotiation: {rules: {max_creators: 1, market_share: {SE: [0, 0.5]}}}\n",
    )
    offers = negotiation.build_offers(campaign, shortlist, tables)
    allocation = negotiation.allocate_budget(offers, campaign)
    assert allocation.status == "contradictory_rules"
    assert "market_share: SE is not one of the campaign's markets (LV, EE)" in allocation.message
    assert "max_creators (1) is below min_creators_per_market (1) x 2 markets" in (
        allocation.message
    )


def test_no_shortlisted_creator_is_a_message_not_a_crash(world):
    campaign, tables, shortlist = world
    nobody = shortlist.assign(status="excluded")
    offers, allocation = negotiation.plan_campaign(campaign, tables, nobody)
    assert allocation.status == "no_candidates"
    assert "nothing to plan" in allocation.message
    assert offers.empty


@pytest.mark.parametrize(
    ("negotiation_yaml", "message"),
    [
        (
            "{rules: {market_share: {LV: [0.7, 1], EE: [0.5, 1]}}}",
            "market_share minimums add up to 1.2, more than the whole (1)",
        ),
        ("{rules: {tier_share: {micro: [0.6, 0.4]}}}", "micro: minimum 0.6 is above maximum 0.4"),
        ("{rates: {opening_share: 1.5}}", "opening_share (1.5) must be at most 1"),
        ("{rates: {walk_away_share: 0.9}}", "walk_away_share (0.9) must be at least 1"),
        ("{rates: {discount: 0.2}}", "negotiation.rates.discount"),
        ("{benchmarks: [{platform: instagram}]}", "give a cpm, a cpe or both"),
        ("{model: barter}", "negotiation.model"),
    ],
)
def test_bad_negotiation_settings_get_one_line_each(write_campaign, negotiation_yaml, message):
    with pytest.raises(InputError) as caught:
        campaign_with(write_campaign, f"negotiation: {negotiation_yaml}\n")
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert message in problems[0]


# --- The relationship pipeline and contracted deliverables -----------------------------------


def test_contracted_deliverables_come_from_the_pipeline(world):
    campaign, tables, _unused = world
    contracted = negotiation.contracted_deliverables(campaign, tables)
    assert list(contracted.columns[:9]) == negotiation.CONTRACTED_COLUMNS
    assert contracted["influencer_id"].tolist() == ["n1", "n2"]  # declined and identified left out
    laima, kadri = contracted.iloc[0], contracted.iloc[1]
    assert (laima["deliverable"], laima["quantity"], laima["agreed_fee"]) == ("reel", 2, 240)
    assert laima["handle"] == "@laima"
    assert laima["stage"] == "completed"
    # SEK 1,000 kept as agreed, converted at the dated rate
    assert kadri["agreed_fee"] == 1000
    assert kadri["currency"] == "SEK"
    assert kadri["agreed_fee_converted"] == pytest.approx(1000 * SEK)
    assert str(kadri["rate_date"]) == "2024-12-31"


def test_pipeline_rows_that_cannot_be_used_are_listed(world, write_csv):
    campaign, tables, _unused = world
    path = write_csv(
        """\
        influencer_id,stage,deliverable,quantity,agreed_fee,currency,updated,notes
        zz,identified,,,,,,
        n1,contracted,reel,1,,EUR,2027-01-01,
        n2,live,feed_post,1,100,ISK,2027-01-01,
        """,
        "pipeline.csv",
    )
    pipeline = data.load_table(path, "pipeline")
    with pytest.raises(InputError) as caught:
        negotiation.contracted_from(pipeline, None, tables["roster"], campaign, path)
    problems = "\n".join(caught.value.problems)
    assert "row 2, column influencer_id: 'zz' is not on the roster" in problems
    assert "row 3, column agreed_fee: is empty, but a contracted row needs it" in problems
    assert "row 4, column currency: 'ISK' has no exchange rate on file" in problems


def test_without_a_pipeline_the_selected_offers_stand_in(write_campaign, world, tmp_path):
    _unused, tables, shortlist = world
    campaign = campaign_with(write_campaign, replace={"  pipeline: pipeline.csv\n": ""})
    assert campaign.data.pipeline is None
    offers, _unused = negotiation.plan_campaign(campaign, tables, shortlist)
    artifacts.save_table(offers, tmp_path, "offers.csv")  # handles start with @: guarded
    contracted = negotiation.contracted_deliverables(
        campaign, {"roster": tables["roster"]}, tmp_path
    )
    selected = offers[offers["selected"]]
    assert len(contracted) == len(selected)
    assert set(contracted["stage"]) == {"planned"}
    assert set(contracted["source"]) == {"offers.csv"}
    assert contracted["handle"].str.startswith("@").all()  # the guard apostrophe is undone
    assert contracted["agreed_fee"].sum() == pytest.approx(selected["planned_cost"].sum())


def test_without_offers_the_plan_is_computed(write_campaign, world, tmp_path):
    _unused, tables, _unused = world
    campaign = campaign_with(write_campaign, replace={"  pipeline: pipeline.csv\n": ""})
    (tmp_path / "shortlist.csv").write_bytes((FIXTURE / "shortlist.csv").read_bytes())
    contracted = negotiation.contracted_deliverables(
        campaign, {"roster": tables["roster"]}, tmp_path
    )
    assert len(contracted) == 8
    assert set(contracted["stage"]) == {"planned"}


def test_pipeline_funnel_and_update(world, offers):
    campaign, tables, _unused = world
    funnel = negotiation.pipeline_funnel(tables["pipeline"]).set_index("stage")["creators"]
    assert funnel.to_dict() == {
        "identified": 1, "contacted": 0, "negotiating": 0, "contracted": 1, "live": 0,
        "completed": 1, "declined": 1,
    }  # fmt: skip
    marked = offers.reset_index().assign(selected=False, quantity=0)
    marked.loc[0, ["selected", "quantity"]] = [True, 1]
    updated = negotiation.pipeline_update(None, marked, campaign, "2027-01-05")
    assert updated.iloc[0]["stage"] == "identified"
    assert updated.iloc[0]["updated"] == "2027-01-05"
    assert "open at EUR 70, target EUR 82" in updated.iloc[0]["notes"]
    kept = negotiation.pipeline_update(tables["pipeline"], marked, campaign, "2027-01-05")
    assert len(kept) == len(tables["pipeline"])  # n1 is in the pipeline already


# --- What if ----------------------------------------------------------------------------------


def test_what_if_paid_usage_raises_fees_by_thirty_percent(world):
    campaign, tables, shortlist = world
    before = negotiation.what_if(campaign, shortlist, tables, {})
    after = negotiation.what_if(
        campaign, shortlist, tables, {"usage_months": 3, "paid_usage": True}
    )
    assert after["typical_fee"] == pytest.approx(before["typical_fee"] * 1.3)
    assert after["status"] == "optimal"
    assert after["creators"] == 4


def test_what_if_widget_builds(world):
    from helpers.stages.negotiation import widgets

    campaign, tables, shortlist = world
    widget = widgets.negotiation_what_if(campaign, shortlist, tables)
    assert len(widget.children) == 4
