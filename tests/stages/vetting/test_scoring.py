"""Stage 02, vetting: scores checked by hand on crafted creators, each authenticity signal firing
on a planted case and quiet on a clean one, bad input, and recovery of the sample world's truth.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR, SAMPLE_DIR
from helpers.core.data import load_campaign_data
from helpers.core.errors import InputError
from helpers.run.runner import run_campaign
from helpers.stages import vetting
from tests.conftest import EXAMPLE_CAMPAIGNS, TINY, stage_page
from tests.stages.vetting.planted import WEEKS, creator, make_campaign


@pytest.fixture(scope="module")
def shortlist(world) -> pd.DataFrame:
    campaign, tables = world
    return vetting.build_shortlist(campaign, tables).set_index("influencer_id")


# --------------------------------------------------------------------------- arithmetic


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
    # quality: sample 1 - 0.2 = 0.8 (x0.5), growth 1 (x0.25), pattern 1 (x0.25) -> 90
    assert w["audience_quality"] == pytest.approx(90)
    assert w["quality_driver"] == "follower_sample"
    # engagement 0.5, disclosure 3/4, brand safety 0.5 (one post)
    assert w["engagement_score"] == pytest.approx(0.5)
    assert w["disclosure_score"] == pytest.approx(0.75)
    assert w["brand_safety_score"] == pytest.approx(0.5)
    expected = 0.35 * 0.76 / 0.9 + 0.30 * 0.9 + 0.15 * 0.5 + 0.10 * 0.75 + 0.10 * 0.5
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
    assert table.loc["w", "composite_score"] == pytest.approx(90)


# --------------------------------------------------------------------------- the crafted world


def test_nobody_is_dropped_and_contract_columns_come_first(world, shortlist):
    _, tables = world
    assert len(shortlist) == len(tables["roster"])
    assert list(shortlist.reset_index().columns[:14]) == vetting.CONTRACT_COLUMNS
    assert shortlist["status"].value_counts().to_dict() == {
        "flagged": 5,
        "shortlisted": 2,
        "excluded": 2,
    }
    assert (shortlist["reasons"] != "").all()


def test_clean_creator_is_shortlisted_with_quiet_signals(shortlist):
    clean = shortlist.loc["clean"]
    assert clean["status"] == "shortlisted", clean["reasons"]
    assert clean["reasons"].startswith("in: ")
    assert clean["growth_event"] == "none"
    assert not clean["pod_suspected"]
    assert clean["fake_share"] == 0.0  # 40 real accounts: corrected to no fake followers
    assert clean["disclosure_share"] == pytest.approx(1.0)
    assert clean["brand_safety_score"] == pytest.approx(1.0)
    assert clean["confidence_level"] == "high"


def test_bought_spike_is_flagged_with_its_date(shortlist):
    bought = shortlist.loc["bought"]
    assert bought["growth_event"] == "bought_spike"
    assert bought["growth_event_week"] == pd.Timestamp(WEEKS[6])
    assert bought["status"] == "flagged"
    assert bought["reasons"] == (
        f"flag: follower spike in the week of {WEEKS[6]}: +40% beyond the usual week while "
        "engagement stayed flat (1.0x usual): bought followers?"
    )
    # 40% jump beyond the usual ~1% week: growth signal 1 - 2 x 0.39 ~ 0.2
    assert bought["signal_growth"] == pytest.approx(1 - 2 * bought["growth_event_change"])


def test_giveaway_is_told_apart_from_a_purchase(shortlist):
    giveaway = shortlist.loc["giveaway"]
    assert giveaway["growth_event"] == "giveaway"
    # engagement 2.5x the planted 1,000 in the jump week and the next, over the median week
    # (1,015, the flat weeks wobble by 10): 2,500 / 1,015
    assert giveaway["growth_engagement_lift"] == pytest.approx(2500 / 1015)
    assert giveaway["status"] == "shortlisted"
    assert "note: giveaway-like spike" in giveaway["reasons"]


def test_sudden_drop_is_flagged(shortlist):
    purged = shortlist.loc["purged"]
    assert purged["growth_event"] == "drop"
    assert purged["growth_event_week"] == pd.Timestamp(WEEKS[6])
    assert purged["reasons"] == (
        f"flag: followers fell 20% in the week of {WEEKS[6]}: a platform purge of fake accounts?"
    )


def test_pod_pattern_is_flagged(shortlist):
    pod = shortlist.loc["pod"]
    assert pod["pod_suspected"]
    assert pod["signal_engagement_pattern"] == pytest.approx(vetting.POD_SIGNAL)
    assert "engagement pod?" in pod["reasons"]


def test_fake_followers_above_the_limit_exclude(shortlist):
    padded = shortlist.loc["padded"]
    # 32 of 40 sampled accounts look fake; corrected for the model's errors
    assert padded["fake_share"] == pytest.approx(0.8971881687067516)
    assert padded["fake_share_low"] == pytest.approx(0.6839376327846874)  # above the 30% limit
    assert padded["status"] == "excluded"
    assert padded["reasons"].startswith(
        "out: at least 68% fake followers (95% interval 68%-100% from 40 sampled accounts), "
        "above the 30% limit"
    )
    assert shortlist.loc["padded", "signal_follower_sample"] == pytest.approx(
        1 - padded["fake_share"]
    )


def test_missing_signals_lower_confidence_and_are_named(shortlist):
    bare = shortlist.loc["bare"]
    assert bare["follower_sample_size"] == 0
    assert np.isnan(bare["fake_share"])
    assert (
        bare["missing_data"]
        == "no follower sample, no follower history, no posts, no audience data"
    )
    assert bare["confidence_level"] == "low"
    assert bare["status"] == "flagged"
    assert bare["reasons"] == (
        "flag: no follower sample: fake share unknown (ask for a screen recording of Insights); "
        "flag: no audience data: fit from interests and language only; "
        "flag: low confidence (12%): no follower sample, no follower history, no posts, "
        "no audience data"
    )
    # scored on what exists: roster engagement only
    assert bare["er_basis"] == "roster average"
    assert not np.isnan(bare["composite_score"])


def test_brand_safety_and_disclosure_are_flagged(shortlist):
    unsafe = shortlist.loc["unsafe"]
    assert unsafe["brand_safety_posts"] == 1
    assert "alcohol: 'alus' (unsafe-p0)" in unsafe["brand_safety_terms"]
    # 3 sponsored posts: '#reklāma' counts, '#sadarbība' and no label do not -> 1 of 3
    assert unsafe["labelled_posts"] == 1
    assert unsafe["sponsored_posts"] == 3
    assert "labelled 1 of 3 sponsored posts as the LV rule asks (33%" in unsafe["reasons"]
    assert unsafe["status"] == "flagged"


def test_other_markets_are_excluded_with_the_reason(shortlist):
    abroad = shortlist.loc["abroad"]
    assert abroad["status"] == "excluded"
    assert "out: market SE is not a campaign market (LV, EE)" in abroad["reasons"]


def test_disclosure_per_campaign_market(shortlist):
    # '#reklāma' satisfies Latvia's rule, not Estonia's ('#reklaam')
    assert shortlist.loc["clean", "disclosure_LV"] == pytest.approx(1.0)
    assert shortlist.loc["clean", "disclosure_EE"] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("caption", "market", "ok"),
    [
        ("#reklāma Mans serums", "LV", True),
        ("#REKLĀMA mans serums", "LV", True),  # any case
        ("#reklāmas serums", "LV", False),  # whole tokens only
        ("#sadarbība serums", "LV", False),
        ("#ad Habe Coinly getestet", "DE", False),  # '#ad' is not enough in Germany
        ("#ad #Werbung Habe Coinly getestet", "DE", True),
        ("Publicité | J'ai testé", "FR", True),
        ("#adv Ho provato", "IT", True),
        ("#advert Tried it", "GB", False),
        ("Ad | Tried it", "GB", True),
        ("Thanks Lumi Derm!", "US", False),
        ("#ad Tried it", "XX", False),  # no rule on file
    ],
)
def test_disclosure_labels(caption, market, ok):
    assert vetting.label_satisfies(pd.Series([caption]), market).iloc[0] is np.bool_(ok)


def test_funnel_and_summary(world, shortlist):
    campaign, _ = world
    funnel = vetting.discovery_funnel(shortlist.reset_index())
    assert funnel["creators"].iloc[0] == 9
    assert funnel.set_index("step").loc["in the campaign's markets", "creators"] == 8
    text = vetting.vetting_summary(campaign, shortlist.reset_index())
    assert text.startswith("**")
    assert "out of 8 in LV, EE (9 on the roster" in text


def test_campaign_settings_move_the_shortlist(world):
    campaign, tables = world
    creators = vetting.gather_creators(campaign, tables)
    strict = campaign.model_copy(
        update={"vetting": campaign.vetting.model_copy(update={"min_composite_score": 99})}
    )
    table = vetting.score_roster(creators, strict)
    assert (table["status"] == "excluded").all()
    reasons = table.set_index("influencer_id")["reasons"]
    assert reasons["clean"] == "out: composite score 89 (minimum 99)"
    # everyone in the campaign's markets is out on the score (abroad on the market only)
    assert reasons.str.contains("out: composite score").sum() == 8


def test_vetting_settings_are_validated(write_campaign):
    from tests.conftest import MINIMAL_CAMPAIGN

    bad = MINIMAL_CAMPAIGN + (
        "vetting:\n  weights: {audience_fit: -1, engagment: 1}\n  avoid_categories: [alcool]\n"
    )
    with pytest.raises(InputError) as error:
        load_campaign(write_campaign(bad))
    text = str(error.value)
    assert "vetting.weights.audience_fit: Input should be greater than or equal to 0" in text
    assert "did you mean 'engagement'?" in text
    assert "unknown brand-safety category alcool (known: adult, alcohol" in text


# --------------------------------------------------------------------------- bad input


def test_missing_roster_columns_name_what_is_needed(world):
    campaign, tables = world
    broken = dict(tables, roster=tables["roster"].drop(columns=["followers", "market"]))
    with pytest.raises(InputError, match=r"roster: missing column\(s\) market, followers"):
        vetting.build_shortlist(campaign, broken)


def test_bad_counts_and_duplicates_are_kept_and_flagged(world):
    campaign, tables = world
    roster = tables["roster"].astype({"followers": object}).copy()
    roster.loc[0, "followers"] = "abc"
    roster.loc[1, "followers"] = -5
    roster.loc[2, "handle"] = "@clean"  # same handle as row 0 on Instagram
    table = vetting.build_shortlist(campaign, dict(tables, roster=roster)).set_index(
        "influencer_id"
    )
    assert len(table) == len(roster)
    assert "data: followers 'abc' is not a number" in table.loc["clean", "reasons"]
    assert "followers -5 is negative" in table.loc["bought", "reasons"]
    assert (
        "handle @clean appears more than once on instagram (clean, giveaway)"
        in (table.loc["giveaway", "reasons"])
    )
    assert table.loc[["clean", "bought", "giveaway"], "status"].eq("flagged").all()


def test_bad_rows_in_other_tables_are_left_out_and_counted(world):
    campaign, tables = world
    posts = tables["posts"].astype({"likes": object}).copy()
    posts.loc[posts["influencer_id"] == "clean", "likes"] = ["x", -1] + [380] * 8
    samples = tables["follower_samples"].astype({"following": object}).copy()
    samples.iloc[0, samples.columns.get_loc("following")] = "many"
    table = vetting.build_shortlist(
        campaign, dict(tables, posts=posts, follower_samples=samples)
    ).set_index("influencer_id")
    assert "2 post(s) with unreadable counts left out" in table.loc["clean", "reasons"]
    assert (
        "1 sampled follower account(s) with unreadable counts left out"
        in (table.loc["clean", "reasons"])
    )
    assert table.loc["clean", "posts_checked"] == 8
    assert table.loc["clean", "follower_sample_size"] == 39
    assert table.attrs["notes"] == [
        "posts: 2 row(s) with missing, unreadable or negative counts were left out of the "
        "calculation (creators affected are flagged)",
        "follower_samples: 1 row(s) with missing, unreadable or negative counts were left out "
        "of the calculation (creators affected are flagged)",
    ]


def test_missing_tables_and_columns_score_with_what_exists(world):
    campaign, tables = world
    only_roster = {"roster": tables["roster"]}
    table = vetting.build_shortlist(campaign, only_roster)
    assert len(table) == 9
    assert table["missing_data"].str.contains("no follower sample").all()
    assert table.attrs["notes"] == [
        f"no {name} table: the signals that need it are missing for everyone"
        for name in ("posts", "follower_growth", "audience", "follower_samples")
    ]
    no_engagements = dict(
        tables, follower_growth=tables["follower_growth"].drop(columns="engagements")
    )
    table = vetting.build_shortlist(campaign, no_engagements).set_index("influencer_id")
    assert table.loc["giveaway", "growth_event"] == "unexplained_spike"
    assert "no engagement history to tell a giveaway" in table.loc["giveaway", "reasons"]
    no_captions = dict(tables, posts=tables["posts"].drop(columns=["caption", "likes"]))
    table = vetting.build_shortlist(campaign, no_captions)
    assert table.attrs["notes"] == [
        "posts: missing column(s) likes; the table is ignored (needed: influencer_id, likes, "
        "comments)"
    ]


# --------------------------------------------------------------------------- the sample world


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


# --------------------------------------------------------------------------- the notebook


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
