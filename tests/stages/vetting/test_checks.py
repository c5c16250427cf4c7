"""Stage 02, vetting: bad input is named, kept and flagged; missing tables and columns cost only
the signals that need them."""

from __future__ import annotations

import pytest

from helpers.core.errors import InputError
from helpers.stages import vetting


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
    # a table not given is no data problem: its checks are "not checked" (issue #15)
    assert table.attrs["notes"] == []
    assert table.attrs["unchecked"] == {
        name: "absent" for name in ("posts", "follower_growth", "audience", "follower_samples")
    }
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
    assert table.attrs["unchecked"] == {"posts": "unusable"}
