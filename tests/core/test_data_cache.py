"""Each data file is read, parsed and checked once per run: later loads of the same content with
the same mapping come from memory or from the run folder's cache, and nobody can change what
the next caller gets."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.core.campaign import DataSource, load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.core.data import cache, clear_memory, load_campaign_data, load_table, loading
from helpers.core.data.cache import CACHE_FOLDER, read_cache_file
from helpers.core.errors import InputError, display_path
from helpers.core.readiness import readiness_notes, readiness_warnings
from helpers.stages.registry import SPECS, load_stage_data
from tests.conftest import FIXTURES, TINY

ROSTER = """\
influencer_id;handle;platform;market;followers;avg_likes;avg_comments;quoted_fee
i1;@liga;instagram;LV;12 345;300,5;20;1.234,50
i2;@kart;tiktok;EE;9800;410;12;
"""
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(autouse=True)
def empty_memory():
    clear_memory()
    yield
    clear_memory()


@pytest.fixture
def parses(monkeypatch):
    """How many times a table's cells were parsed (the work the cache saves)."""
    calls = []
    real = loading._parse_columns

    def counted(*args, **kwargs):
        calls.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(loading, "_parse_columns", counted)
    return calls


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert list(a.dtypes.astype(str)) == list(b.dtypes.astype(str))


def test_a_second_load_returns_the_same_frame_without_parsing_again(write_csv, parses):
    path = write_csv(ROSTER)
    first = load_table(path, "roster")
    second = load_table(path, "roster")
    same(first, second)
    assert second.loc[0, "followers"] == 12345 and second.loc[0, "quoted_fee"] == 1234.5
    assert len(parses) == 1


def test_a_changed_file_is_read_again_even_at_the_same_size_and_time(write_csv, parses):
    path = write_csv(ROSTER)
    stamp = os.stat(path)
    assert load_table(path, "roster").loc[1, "followers"] == 9800
    path.write_text(ROSTER.replace("9800", "9900"), encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # a coarse clock: the same time
    assert os.stat(path).st_size == stamp.st_size
    assert load_table(path, "roster").loc[1, "followers"] == 9900
    assert len(parses) == 2


def test_another_mapping_of_the_same_file_is_its_own_table(write_csv, parses):
    path = write_csv(ROSTER.replace("followers", "Follower count"))
    mapped = load_table(DataSource(file=path, columns={"followers": "Follower count"}), "roster")
    assert mapped.loc[0, "followers"] == 12345
    with pytest.raises(InputError):  # without the map the file has no followers column
        load_table(path, "roster")
    assert len(parses) == 2


@pytest.mark.parametrize("copy_mb", [cache.COPY_MB, 0], ids=["a-copy", "copy-on-write"])
def test_a_frame_a_stage_changes_does_not_reach_the_next_stage(write_csv, monkeypatch, copy_mb):
    monkeypatch.setattr(cache, "COPY_MB", copy_mb)  # 0: shared like a big table, copy-on-write
    path = write_csv(ROSTER)
    first = load_table(path, "roster")
    kept = first.copy(deep=True)
    first["followers"] = 0  # a stage reusing the names for its own columns
    first.loc[0, "handle"] = "@changed"
    first.iloc[1, list(first.columns).index("platform")] = "youtube"
    first.fillna({"quoted_fee": -1}, inplace=True)
    del first["market"]
    first.attrs["notes"] = ["a stage's notes"]
    same(load_table(path, "roster"), kept)
    assert load_table(path, "roster").attrs == {}


def test_a_changed_dict_of_tables_does_not_reach_the_next_stage():
    campaign = load_campaign(TINY)
    tables = load_campaign_data(campaign, ["roster", "posts"])
    kept = {name: frame.copy(deep=True) for name, frame in tables.items()}
    tables["roster"]["followers"] *= 10
    tables["posts"].loc[:, "likes"] = 0
    tables |= {"audience": pd.DataFrame()}  # as negotiation's load_shortlist adds tables
    again = load_campaign_data(campaign, ["roster", "posts"])
    assert set(again) == {"roster", "posts"}
    for name, frame in again.items():
        same(frame, kept[name])


def test_problems_are_reported_again_on_every_load(write_csv, parses):
    path = write_csv(ROSTER.replace("9800", "many"))
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            load_table(path, "roster")
        line = f"{display_path(path)}: row 3, column followers: 'many' is not a number"
        assert caught.value.problems == [line]
    assert len(parses) == 2  # nothing is kept of a file that does not load


def test_a_lower_quantity_limit_is_applied_to_a_pipeline_already_read(write_csv, monkeypatch):
    path = write_csv(
        "influencer_id,stage,deliverable,quantity,agreed_fee,currency,updated\n"
        "i1,contracted,reel,40,900,EUR,2027-01-10\n",
        name="pipeline.csv",
    )
    assert load_table(path, "pipeline").loc[0, "quantity"] == 40
    monkeypatch.setenv("PLAYBOOK_MAX_QUANTITY", "30")
    with pytest.raises(InputError) as caught:
        load_table(path, "pipeline")
    assert "40 deliverables in one row is more than the 30" in caught.value.problems[0]


def test_warnings_and_readiness_are_the_same_on_a_cache_hit():
    campaign = load_campaign(TINY)
    first = load_campaign_data(campaign)
    notes, warnings = readiness_notes(campaign, first), readiness_warnings(campaign, first)
    again = load_campaign_data(campaign)
    assert readiness_notes(campaign, again) == notes
    assert readiness_warnings(campaign, again) == warnings


# --- the run folder's cache ----------------------------------------------------------------


def test_the_run_folder_keeps_every_table_with_its_dtypes(tmp_path):
    campaign = load_campaign(TINY)
    tables = load_campaign_data(campaign, cache_in=tmp_path)
    files = sorted((tmp_path / CACHE_FOLDER).glob("*.parquet"))
    assert sorted(path.name.split("-")[0] for path in files) == sorted(tables)
    for path in files:
        same(read_cache_file(path), tables[path.name.split("-")[0]])


def test_a_workbooks_text_columns_come_back_as_they_were(tmp_path):
    source = DataSource(
        file=FIXTURES / "own-data" / "creators.xlsx",
        sheet="Creators",
        columns={
            "influencer_id": "Creator ID",
            "followers": "Follower count",
            "market": "Country",
            "audience_credibility": "Audience quality",
            "authenticity_source": "Source",
            "contact_email": "E-mail",
        },
    )
    read = load_table(source, "roster", cache_in=tmp_path)
    clear_memory()
    [path] = (tmp_path / CACHE_FOLDER).glob("roster-*.parquet")
    from_cache = read_cache_file(path)
    same(from_cache, read)
    for column in [c for c in read.columns if read[c].dtype == object]:
        assert [type(v) for v in from_cache[column]] == [type(v) for v in read[column]]


FRESH_PROCESS = """\
import pickle, sys
from helpers.core.campaign import load_campaign
from helpers.core.data import loading

def refuse(*args, **kwargs):
    raise AssertionError("parsed again")

loading._parse_columns = refuse
campaign = load_campaign(sys.argv[1])
tables = loading.load_campaign_data(campaign, cache_in=sys.argv[2])
pickle.dump(tables, open(sys.argv[3], "wb"))
"""


def _fresh_process(run_folder: Path, out: Path) -> dict[str, pd.DataFrame]:
    environment = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS, str(TINY), str(run_folder), str(out)],
        check=True,
        env=environment,
        timeout=120,
    )
    return pickle.loads(out.read_bytes())


def test_a_fresh_process_reads_the_run_folder_instead_of_parsing(tmp_path):
    campaign = load_campaign(TINY)
    (tmp_path / "run").mkdir()
    tables = load_campaign_data(campaign, cache_in=tmp_path / "run")  # as the runner does
    fresh = _fresh_process(tmp_path / "run", tmp_path / "tables.pickle")
    assert set(fresh) == set(tables)
    for name, frame in tables.items():
        same(fresh[name], frame)


def test_a_run_folder_that_is_gone_is_not_made_again(tmp_path):
    load_campaign_data(load_campaign(TINY), ["roster"], cache_in=tmp_path / "moved-away")
    assert not (tmp_path / "moved-away").exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]),
        lambda path: path.write_bytes(b"PAR1 not parquet at all PAR1"),
        lambda path: path.write_bytes(_flipped(path.read_bytes(), 0.02)),
        lambda path: path.write_bytes(_flipped(path.read_bytes(), 0.33)),
        lambda path: path.write_bytes(_flipped(path.read_bytes(), 0.9)),
    ],
    ids=["truncated", "garbage", "a-byte-of-data", "a-byte-further-on", "a-byte-of-the-footer"],
)
def test_a_corrupt_cache_file_is_ignored_and_written_again(tmp_path, parses, damage):
    campaign = load_campaign(TINY)
    tables = load_campaign_data(campaign, ["posts"], cache_in=tmp_path)
    [path] = (tmp_path / CACHE_FOLDER).glob("posts-*.parquet")
    damage(path)
    clear_memory()  # a fresh kernel
    again = load_campaign_data(campaign, ["posts"], cache_in=tmp_path)
    same(again["posts"], tables["posts"])
    assert len(parses) == 2  # read from the CSV file again
    [path] = (tmp_path / CACHE_FOLDER).glob("posts-*.parquet")  # whole again, and alone
    same(read_cache_file(path), tables["posts"])


def _flipped(raw: bytes, where: float) -> bytes:
    at = int(len(raw) * where)
    return raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1 :]


def test_another_tables_file_under_a_keys_name_is_not_trusted(tmp_path, parses):
    campaign = load_campaign(TINY)
    load_campaign_data(campaign, ["posts", "roster"], cache_in=tmp_path)
    [posts] = (tmp_path / CACHE_FOLDER).glob("posts-*.parquet")
    [roster] = (tmp_path / CACHE_FOLDER).glob("roster-*.parquet")
    posts.write_bytes(roster.read_bytes())  # a valid Parquet file, but not the posts
    clear_memory()
    again = load_campaign_data(campaign, ["posts"], cache_in=tmp_path)
    assert "post_id" in again["posts"] and len(parses) == 3


def test_a_changed_file_replaces_its_older_cache_file(tmp_path, write_csv):
    path = write_csv(ROSTER)
    load_table(path, "roster", cache_in=tmp_path)
    path.write_text(ROSTER.replace("9800", "9900"), encoding="utf-8")
    assert load_table(path, "roster", cache_in=tmp_path).loc[1, "followers"] == 9900
    assert len(list((tmp_path / CACHE_FOLDER).glob("roster-*.parquet"))) == 1


# --- each stage reads only its tables ------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "tables"),
    [
        ("00-landscape", {"roster"}),
        ("02-vetting", {"roster", "posts", "follower_growth", "audience", "follower_samples"}),
        ("04-calendar", {"roster"}),  # the tiny campaign names no pipeline: absent, not empty
        ("05-monitoring", {"results", "roster"}),
    ],
)
def test_a_stage_loads_the_tables_it_reads_and_the_campaign_names(stage, tables, tmp_path):
    loaded = load_stage_data(load_campaign(TINY), stage, tmp_path)
    assert set(loaded) == tables
    assert set(loaded) <= set(SPECS[stage].reads)


def test_the_calendar_does_not_load_the_follower_samples(parses):
    campaign = load_campaign(CAMPAIGNS_DIR / "aurora-baltics-2027.yaml")
    assert set(load_stage_data(campaign, "04-calendar")) == {"roster", "pipeline"}
    assert sorted(Path(path).name for path in parses) == [
        "influencers.csv",
        "pipeline-aurora-baltics-2027.csv",
    ]


def test_a_notebook_opened_alone_loads_without_a_run_folder(parses):
    campaign = load_campaign(TINY)
    assert set(load_stage_data(campaign, "00-landscape")) == {"roster"}
    assert set(load_stage_data(campaign, "02-vetting")) >= {"roster", "posts"}
    assert len(parses) == 5  # the roster once, then the vetting tables


def test_the_memory_keeps_at_most_its_budget(write_csv, monkeypatch):
    monkeypatch.setattr(cache, "MEMORY_MB", 0)  # nothing fits: every load parses, still right
    path = write_csv(ROSTER)
    same(load_table(path, "roster"), load_table(path, "roster"))
    assert not cache._MEMORY.frames


def test_the_cache_key_follows_the_code(monkeypatch):
    key = cache.table_key("roster", "content", {}, None, None)
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    assert cache.table_key("roster", "content", {}, None, None) != key
