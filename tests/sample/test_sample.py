"""Tests of the seeded sample-data generator (helpers.sample) and of the committed sample files."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from helpers import sample

SAMPLE = sample.SAMPLE_DIR
MARKETS = {"LV", "EE", "LT", "SE", "NO", "DK", "FI", "DE", "FR", "ES", "IT", "GB", "US"}
PLATFORM_FORMATS = {
    "instagram": {"feed_post", "reel", "story", "live"},
    "tiktok": {"short", "live"},
    "youtube": {"long_video", "short", "live"},
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE / name, keep_default_na=False, na_values=[""])


def _campaigns() -> list[dict]:
    """The example campaigns, with Norway's code repaired the way the generator does."""
    return [
        sample._repair_yaml_markets(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(sample.CAMPAIGNS_DIR.glob("*.yaml"))
    ]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return sample.write_sample_data(tmp_path_factory.mktemp("default-seed"))


@pytest.fixture(scope="module")
def roster() -> pd.DataFrame:
    return _read("influencers.csv")


@pytest.fixture(scope="module")
def truth() -> pd.DataFrame:
    return _read("truth.csv")


# --- Reproducibility ------------------------------------------------------------------------


def _relative(paths, folder: Path) -> list[str]:
    """Files as paths inside their folder (``history/<campaign>/<past>/results.csv``)."""
    return sorted(path.relative_to(folder).as_posix() for path in paths)


def test_default_seed_reproduces_the_committed_files_byte_for_byte(regenerated):
    out = regenerated[0].parent
    committed = _relative(SAMPLE.rglob("*.csv"), SAMPLE)
    assert _relative(regenerated, out) == committed, "stale or missing files in data/sample"
    for name in committed:
        assert _sha256(out / name) == _sha256(SAMPLE / name), f"{name} differs: regenerate"


def test_files_are_utf8_without_bom_with_unix_line_ends_and_no_temp_files(regenerated):
    for path in regenerated:
        raw = path.read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
        raw.decode("utf-8")
    out = regenerated[0].parent
    files = [path for path in out.rglob("*") if path.is_file()]
    assert _relative(files, out) == _relative(regenerated, out)


def test_another_seed_gives_other_data(tmp_path, regenerated):
    other = {
        p.relative_to(tmp_path): _sha256(p) for p in sample.write_sample_data(tmp_path, seed=7)
    }
    out = regenerated[0].parent
    default = {p.relative_to(out): _sha256(p) for p in regenerated}
    assert other.keys() == default.keys()
    assert all(other[name] != default[name] for name in default)


# --- The creator roster ---------------------------------------------------------------------


def test_roster_covers_platforms_and_markets_with_unique_ids(roster):
    assert len(roster) >= 2000
    assert set(roster["platform"]) == set(PLATFORM_FORMATS)
    assert set(roster["market"]) == MARKETS
    assert roster["influencer_id"].is_unique
    assert not roster.duplicated(["platform", "handle"]).any()
    assert roster["handle"].str.startswith("@").all()
    assert roster["contact_email"].str.endswith("@example.com").all()
    assert (roster[["followers", "following", "posts_last_90d", "past_collaborations"]] >= 0).all(
        axis=None
    )


def test_small_markets_have_a_realistic_number_of_creators(roster):
    counts = roster["market"].value_counts()
    assert counts[["LV", "EE", "LT", "SE", "NO", "DK", "FI"]].between(110, 150).all()
    assert counts[["US", "GB", "DE", "FR"]].min() > counts[["LV", "EE", "LT"]].max()


def test_instagram_engagement_rate_falls_from_nano_to_mega(roster):
    instagram = roster[roster["platform"] == "instagram"]
    tier = pd.cut(instagram["followers"], [0, 1e4, 1e5, 5e5, 1e6, np.inf], right=False)
    rate = (instagram["avg_likes"] + instagram["avg_comments"]) / instagram["followers"]
    medians = rate.groupby(tier, observed=True).median()
    assert len(medians) == 5
    assert medians.is_monotonic_decreasing and medians.is_unique
    assert medians.iloc[-1] < 0.01 < medians.iloc[0]


def test_quotes_come_with_a_currency_and_no_video_means_no_views(roster):
    quoted = roster["quoted_fee"].notna()
    assert 0.5 < quoted.mean() < 0.7
    assert (roster.loc[quoted, "fee_currency"].str.len() == 3).all()
    assert roster.loc[~quoted, "fee_currency"].isna().all()
    assert (roster.loc[roster["platform"] != "instagram", "avg_views"] > 0).all()
    assert (roster["avg_views"] == 0).any()


def test_planted_fake_shares_are_mostly_moderate_with_a_heavy_tail(truth, roster):
    assert truth["influencer_id"].tolist() == roster["influencer_id"].tolist()
    assert truth["fake_share"].between(0.1, 0.4).mean() > 0.75
    assert 0.03 < (truth["fake_share"] > 0.5).mean() < 0.15
    assert set(truth["growth_event"]) == {"none", "bought_spike", "giveaway", "drop"}
    assert (truth["growth_event_week"].isna() == (truth["growth_event"] == "none")).all()
    assert 0.01 < truth["is_pod"].mean() < 0.06


# --- Posts, growth, audience, follower samples ----------------------------------------------


def test_posts_match_their_platform_and_window(roster):
    posts = _read("posts.csv").merge(roster[["influencer_id", "platform"]], on="influencer_id")
    assert posts["post_id"].is_unique
    for platform, formats in PLATFORM_FORMATS.items():
        assert set(posts.loc[posts["platform"] == platform, "format"]) <= formats
    assert 0.2 <= posts["is_sponsored"].mean() <= 0.3
    assert posts["posted_at"].between("2026-05-05", "2026-10-31").all()
    assert posts.groupby("influencer_id").size().between(8, 12).all()
    assert (posts[["likes", "comments", "shares", "views"]] >= 0).all(axis=None)


def test_growth_series_are_26_mondays_ending_on_the_roster_count(roster):
    growth = _read("follower_growth.csv")
    weeks = pd.to_datetime(pd.Series(growth["week"].unique()))
    assert len(weeks) == 26 and (weeks.dt.day_of_week == 0).all()
    assert weeks.max() == pd.Timestamp("2026-10-26")
    last = growth[growth["week"] == "2026-10-26"].set_index("influencer_id")["followers"]
    assert last.equals(roster.set_index("influencer_id")["followers"].loc[last.index])


def test_audience_shares_sum_to_one(roster):
    audience = _read("audience.csv")
    sums = audience.groupby(["influencer_id", "dimension"])["share"].sum()
    assert np.allclose(sums, 1.0, atol=0.001)
    assert len(sums) == 3 * len(roster)
    assert audience["share"].between(0, 1).all()


def test_follower_samples_leave_some_creators_out_and_hide_the_truth(roster):
    samples = _read("follower_samples.csv")
    sizes = samples.groupby("influencer_id").size()
    assert sizes.between(20, 60).all()
    assert 0 < len(roster) - len(sizes) < 0.06 * len(roster)
    assert list(samples.columns) == [
        "influencer_id", "posts", "following", "followers", "has_profile_picture", "is_private"
    ]  # fmt: skip


# --- Campaign results -----------------------------------------------------------------------


@pytest.mark.parametrize("campaign", _campaigns(), ids=lambda c: c["id"])
def test_campaign_results_are_consistent(campaign, roster):
    full = _read(f"results-{campaign['id']}.csv")
    assert full["influencer_id"].isin(roster["influencer_id"]).all()
    assert 8 <= full["influencer_id"].nunique() <= 15
    assert set(full["market"]) <= set(campaign["markets"])
    assert set(full["platform"]) <= set(campaign["vetting"]["platforms"])
    assert (full["currency"] == campaign["currency"]).all()
    assert (full["reach"] <= full["impressions"]).all()
    assert (full["link_clicks"] <= full["impressions"]).all()
    assert (full["conversions"] <= full["link_clicks"] + full["code_redemptions"]).all()
    start, end = (str(campaign[k]) for k in ("start", "end"))
    assert full["posted_at"].between(start, end).all()


@pytest.mark.parametrize("campaign", _campaigns(), ids=lambda c: c["id"])
def test_to_date_results_are_a_prefix_in_time(campaign):
    full = _read(f"results-{campaign['id']}.csv")
    to_date = _read(f"results-{campaign['id']}-to-date.csv")
    assert 0 < len(to_date) < len(full)
    pd.testing.assert_frame_equal(to_date, full.head(len(to_date)))
    start, end = (date.fromisoformat(str(campaign[k])) for k in ("start", "end"))
    cutoff = (start + timedelta(days=round(0.4 * (end - start).days))).isoformat()
    assert (to_date["posted_at"] <= cutoff).all()
    assert (full["posted_at"].iloc[len(to_date) :] > cutoff).all()


def test_conversion_campaign_variant_b_wins_on_ctr_with_a_sensible_cpa():
    (campaign,) = [c for c in _campaigns() if c["objective"] == "conversion"]
    results = _read(f"results-{campaign['id']}.csv")
    clicks = results.groupby("variant")[["link_clicks", "impressions"]].sum()
    ctr = clicks["link_clicks"] / clicks["impressions"]
    assert 1.02 < ctr["B"] / ctr["A"] < 1.5
    usd = sample.PER_EUR["USD"] / sample.PER_EUR[campaign["currency"]]
    cpa_usd = results["cost"].sum() * usd / results["conversions"].sum()
    assert 10 <= cpa_usd <= 30
    assert 1.5 <= results["revenue"].sum() / results["cost"].sum() <= 3


@pytest.mark.parametrize("campaign", _campaigns(), ids=lambda c: c["id"])
def test_pipeline_matches_the_results(campaign, roster):
    from helpers.core.data import load_table

    pipeline = load_table(SAMPLE / f"pipeline-{campaign['id']}.csv", "pipeline")
    results = _read(f"results-{campaign['id']}.csv")
    done = pipeline[pipeline["stage"] == "completed"]
    # exactly the creators who posted are completed, with their formats, posts and fees
    assert set(done["influencer_id"]) == set(results["influencer_id"])
    posted = results.groupby(["influencer_id", "format"]).agg(
        quantity=("post_id", "size"), cost=("cost", "sum")
    )
    agreed = done.set_index(["influencer_id", "deliverable"]).sort_index()
    assert agreed["quantity"].tolist() == posted["quantity"].tolist()
    assert np.allclose(agreed["agreed_fee"], posted["cost"], atol=0.006)
    assert (done["currency"] == campaign["currency"]).all()
    assert (done["updated"] == pd.Timestamp(str(campaign["end"]))).all()
    # a few others were approached, none of them hired
    others = pipeline[pipeline["stage"] != "completed"]
    assert set(others["stage"]) == {"identified", "contacted", "declined"}
    assert not others["influencer_id"].isin(results["influencer_id"]).any()
    assert others["influencer_id"].isin(roster["influencer_id"]).all()
    assert others["agreed_fee"].isna().all()
