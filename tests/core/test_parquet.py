"""Big tables from Parquet: a file, or a hive-partitioned folder, read with the campaign's
markets, platforms and creators pushed down, so that the rows it cannot use never reach pandas;
bad Parquet gets the same clear lines as a bad CSV file."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.data import (
    TableFilter,
    clear_memory,
    is_parquet,
    load_campaign_data,
    load_table,
    parquet,
)
from helpers.core.errors import InputError, display_path

ROSTER = pd.DataFrame(
    {
        "influencer_id": ["pl1", "pl2", "lt1", "lt2", "pl3", "lt3"],
        "handle": ["@ania", "@kasia", "@ruta", "@egle", "@ola", "@jonas"],
        "platform": ["instagram", "tiktok", "instagram", "tiktok", "youtube", "instagram"],
        "market": ["PL", "PL", "LT", "LT", "PL", "LT"],
        "followers": [12000, 8000, 15000, 3000, 50000, 7000],
        "avg_likes": [300.5, 410.0, 120.25, 90.0, 1000.0, 70.0],
        "avg_comments": [20, 12, 5, 3, 40, 2],
        "quoted_fee": [250.0, None, 180.0, 90.0, 900.0, None],
    }
)
POSTS = pd.DataFrame(
    {
        "post_id": [f"p{i}" for i in range(12)],
        "influencer_id": ["pl1", "pl2", "lt1", "lt2", "pl3", "lt3"] * 2,
        "posted_at": pd.to_datetime(["2026-11-02"] * 6 + ["2026-12-01"] * 6),
        "format": ["reel"] * 12,
        "likes": list(range(100, 112)),
        "comments": [5] * 12,
        "is_sponsored": [True, False] * 6,
        "caption": ["#reklama nowy serum", "", "ok"] * 4,
    }
)


@pytest.fixture(autouse=True)
def empty_memory():
    clear_memory()
    yield
    clear_memory()


@pytest.fixture
def reached_pandas(monkeypatch):
    """The Arrow tables handed to pandas: what was read after the filters."""
    seen = []
    real = parquet._cells

    def spy(read, *args):
        seen.append(read)
        return real(read, *args)

    monkeypatch.setattr(parquet, "_cells", spy)
    return seen


def campaign_file(folder: Path, data: str, markets: str = "[PL]", platforms: str = "[instagram]"):
    text = f"""\
    schema: 1
    id: glow-parquet-2027
    name: Glow on Parquet
    brand: Glow Lab
    objective: awareness
    markets: {markets}
    currency: PLN
    budget: 10000
    start: 2027-03-01
    end: 2027-03-31
    vetting:
      platforms: {platforms}
    data:
    """
    path = folder / "campaign.yaml"
    path.write_text(textwrap.dedent(text) + textwrap.indent(textwrap.dedent(data), "  "))
    return load_campaign(path)


def hive(folder: Path, frame: pd.DataFrame, *columns: str) -> Path:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_to_dataset(table, folder, partition_cols=list(columns))
    return folder


def test_a_parquet_roster_reads_as_the_same_csv_file(tmp_path):
    ROSTER.to_parquet(tmp_path / "roster.parquet", index=False)
    ROSTER.to_csv(tmp_path / "roster.csv", index=False)
    from_parquet = load_table(tmp_path / "roster.parquet", "roster")
    from_csv = load_table(tmp_path / "roster.csv", "roster")
    pd.testing.assert_frame_equal(from_parquet, from_csv, check_exact=True)


def test_a_hive_folder_of_two_markets_is_read_for_the_campaigns_market_only(
    tmp_path, reached_pandas
):
    hive(tmp_path / "creators", ROSTER, "market", "platform")
    POSTS.to_parquet(tmp_path / "posts.parquet", index=False, row_group_size=4)
    campaign = campaign_file(tmp_path, "roster: creators\nposts: posts.parquet\n")
    tables = load_campaign_data(campaign)
    assert sorted(tables["roster"]["influencer_id"]) == ["pl1"]  # PL and on Instagram
    assert sorted(tables["posts"]["post_id"]) == ["p0", "p6"]  # the posts of pl1 only
    roster_read, posts_read = reached_pandas
    assert set(roster_read["market"].to_pylist()) == {"PL"}  # LT never reached pandas
    assert set(roster_read["platform"].to_pylist()) == {"instagram"}
    assert set(posts_read["influencer_id"].to_pylist()) == {"pl1"}
    assert tables["posts"]["posted_at"].dtype == "datetime64[us]"
    assert tables["posts"]["is_sponsored"].tolist() == [1, 1]
    alone = load_campaign_data(campaign, ["posts"])  # the roster is not asked for: still used
    assert set(alone) == {"posts"} and sorted(alone["posts"]["post_id"]) == ["p0", "p6"]
    captions = load_table(tmp_path / "posts.parquet", "posts").set_index("post_id")["caption"]
    assert captions["p0"] == "#reklama nowy serum"
    assert pd.isna(captions["p1"])  # an empty string is an empty cell, as in a CSV file


def test_the_campaigns_words_apply_before_the_filter(tmp_path):
    theirs = ROSTER.rename(columns={"influencer_id": "Creator ID", "market": "Country"})
    theirs["Country"] = ["Polska", "POL", "Lithuania", "Lietuva", "Poland", "LTU"]
    theirs["platform"] = ["Insta Reels", "TikTok", "IG", "tiktok", "YT", "instagram"]
    theirs.to_parquet(tmp_path / "creators.parquet", index=False)
    data = """\
    roster:
      file: creators.parquet
      columns: {influencer_id: Creator ID, market: Country}
      values: {platform: {Insta Reels: instagram}}
    """
    campaign = campaign_file(tmp_path, data, platforms="[instagram, tiktok]")
    roster = load_campaign_data(campaign)["roster"]
    assert roster["influencer_id"].tolist() == ["pl1", "pl2"]
    assert roster["market"].tolist() == ["PL", "PL"]
    assert roster["platform"].tolist() == ["instagram", "tiktok"]


def test_a_value_the_campaign_cannot_place_is_read_and_reported(tmp_path):
    odd = ROSTER.assign(market=["PL", "Atlantis", "LT", "LT", "PL", None])
    odd.to_parquet(tmp_path / "creators.parquet", index=False)
    campaign = campaign_file(
        tmp_path, "roster: creators.parquet\n", platforms="[instagram, tiktok]"
    )
    with pytest.raises(InputError) as caught:
        load_campaign_data(campaign)
    shown = display_path(tmp_path / "creators.parquet")
    assert caught.value.problems == [
        f"{shown}: row 6, column market: is empty (a value is required)",
        f"{shown}: row 2, column market: 'Atlantis' is not allowed (is not a country (write an "
        "ISO code like PL or a name like Poland))",
    ]


def test_a_bad_cell_in_a_folder_names_its_file_and_row(tmp_path):
    folder = tmp_path / "creators"
    folder.mkdir()
    ROSTER.iloc[:3].to_parquet(folder / "part-0.parquet", index=False)
    ROSTER.iloc[3:].assign(followers=[3000, -7, 7000]).to_parquet(
        folder / "part-1.parquet", index=False
    )
    with pytest.raises(InputError) as caught:
        load_table(folder, "roster")
    assert caught.value.problems == [
        f"{display_path(folder / 'part-1.parquet')}: row 2, column followers: '-7' is not "
        "allowed (must be 0 or more)"
    ]


@pytest.mark.parametrize(
    ("write", "line"),
    [
        (
            lambda path: path.write_text("influencer_id,handle\ni1,@a\n"),
            "not a readable Parquet file (Parquet magic bytes not found in footer.",
        ),
        (
            lambda path: ROSTER.assign(followers=[[1]] * 6).to_parquet(path, index=False),
            "column followers: holds values (list<element: int64>), not text, numbers or dates",
        ),
        (
            lambda path: ROSTER.drop(columns="avg_likes").to_parquet(path, index=False),
            "column avg_likes: missing (required columns: influencer_id, handle, platform, "
            "market, followers, avg_likes, avg_comments)",
        ),
    ],
    ids=["not-parquet", "a-list-column", "a-missing-column"],
)
def test_a_bad_parquet_file_says_which_file_column_and_what(tmp_path, write, line):
    path = tmp_path / "creators.parquet"
    write(path)
    with pytest.raises(InputError) as caught:
        load_table(path, "roster")
    [problem] = caught.value.problems
    assert problem.startswith(f"{display_path(path)}: {line}")


def test_files_of_a_folder_that_disagree_on_a_columns_type_are_named(tmp_path):
    folder = tmp_path / "creators"
    folder.mkdir()
    ROSTER.iloc[:3].to_parquet(folder / "a.parquet", index=False)
    ROSTER.iloc[3:].assign(followers=["3k", "50k", "7k"]).to_parquet(
        folder / "b.parquet", index=False
    )
    with pytest.raises(InputError) as caught:
        load_table(folder, "roster")
    assert caught.value.problems == [
        f"{display_path(folder / 'b.parquet')}: column followers: holds text (large_string), "
        f"but {display_path(folder / 'a.parquet')} holds whole numbers (int64)"
    ]


def test_a_folder_without_parquet_files_and_a_folder_named_like_csv(tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "roster.csv").write_text("influencer_id\n")
    with pytest.raises(InputError) as caught:
        load_table(tmp_path / "exports", "roster")
    assert caught.value.problems == [
        f"{display_path(tmp_path / 'exports')}: holds no .parquet files (a folder is read as a "
        "Parquet dataset)"
    ]
    (tmp_path / "roster.csv").mkdir()
    assert not is_parquet(tmp_path / "roster.csv")  # refused as a folder, as before


def test_a_parquet_table_is_kept_and_read_again_when_it_changes(tmp_path, reached_pandas):
    path = tmp_path / "creators.parquet"
    ROSTER.to_parquet(path, index=False)
    first = load_table(path, "roster")
    pd.testing.assert_frame_equal(load_table(path, "roster"), first)
    assert len(reached_pandas) == 1
    ROSTER.assign(followers=ROSTER["followers"] + 1).to_parquet(path, index=False)
    assert load_table(path, "roster")["followers"].tolist() == (ROSTER["followers"] + 1).tolist()
    assert len(reached_pandas) == 2


def test_another_filter_is_another_table(tmp_path):
    path = tmp_path / "creators.parquet"
    ROSTER.to_parquet(path, index=False)
    poland = load_table(path, "roster", TableFilter(markets=("PL",)))
    lithuania = load_table(path, "roster", TableFilter(markets=("LT",)))
    assert set(poland["market"]) == {"PL"} and set(lithuania["market"]) == {"LT"}


def test_row_groups_outside_the_filter_are_not_read(tmp_path, monkeypatch):
    path = tmp_path / "creators.parquet"
    ordered = ROSTER.sort_values("market").reset_index(drop=True)  # LT rows, then PL rows
    ordered.to_parquet(path, index=False, row_group_size=3)
    groups = []
    real = parquet._scan

    def counting(dataset, files, columns, expression):
        for fragment in dataset.get_fragments(filter=expression):
            parts = fragment.split_by_row_group(filter=expression, schema=dataset.schema)
            groups.extend(part.row_groups[0].id for part in parts)
        return real(dataset, files, columns, expression)

    monkeypatch.setattr(parquet, "_scan", counting)
    roster = load_table(path, "roster", TableFilter(markets=("PL",)))
    assert sorted(roster["influencer_id"]) == ["pl1", "pl2", "pl3"]
    assert groups == [1]  # the LT row group is skipped by its statistics
