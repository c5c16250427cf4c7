"""playbook import: every profile on its fixture, the outputs loaded by the table loader, the
numbers checked by hand, and the bad inputs' messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.core.data import load_table
from helpers.core.errors import InputError
from helpers.imports import import_files, load_profile, profile_names
from helpers.imports.apply import _seconds

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"
CAMPAIGN = FIXTURES / "campaign.yaml"
CODES = FIXTURES / "codes.csv"
SRC = Path(__file__).parents[2] / "src"
EXPORTS = {
    "instagram-graph-api": "media.json",
    "meta-business-suite": "content.csv",
    "tiktok-analytics": "content.csv",
    "youtube-studio": "Table data.csv",
    "creator-database": "creators.csv",
    "shopify-orders": "orders_export.csv",
    "ga4-campaigns": "traffic.csv",
    "youtube-analytics-api": "report.json",
}
#: the second file of a profile with a join
SECOND = {"youtube-analytics-api": "videos.json"}
YT = FIXTURES / "youtube-analytics-api"


def run_import(name: str, out: Path, **options):
    defaults = {"creator": "zosia.w.kuchni"}
    if name in ("shopify-orders", "ga4-campaigns"):
        defaults = {"campaign": CAMPAIGN, "codes": CODES}
    if name == "creator-database":
        defaults = {"source": "HypeAuditor, 2026-11"}
    files = [FIXTURES / name / EXPORTS[name]]
    files += [FIXTURES / name / SECOND[name]] if name in SECOND else []
    return import_files(name, files, out, **(defaults | options))


def test_every_shipped_profile_has_a_fixture_and_names_its_documentation():
    assert sorted(EXPORTS) == profile_names()
    for name in profile_names():
        profile = load_profile(name)
        assert profile.documentation and all(
            d.url.startswith("http") for d in profile.documentation
        )
        assert (FIXTURES / name / EXPORTS[name]).is_file()


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_each_output_loads_with_the_table_loader(name, tmp_path):
    report = run_import(name, tmp_path)
    assert report.written
    for table, path in report.written.items():
        loaded = load_table(path, table)
        assert len(loaded) == report.rows[table] > 0
    assert report.mapped or report.derived


def test_instagram_graph_api_reads_insights_and_leaves_ads_out(tmp_path):
    report = run_import("instagram-graph-api", tmp_path)
    posts = load_table(tmp_path / "posts.csv", "posts").set_index("post_id")
    assert list(posts.index) == ["17900000000000001", "17900000000000002", "17900000000000003"]
    reel = posts.loc["17900000000000001"]
    assert (reel["format"], reel["likes"], reel["views"], reel["shares"]) == (
        "reel",
        1250,
        22100,
        95,
    )
    assert reel["influencer_id"] == "ola.gotuje"
    assert str(reel["posted_at"].date()) == "2027-02-03"
    assert posts.loc["17900000000000003", "format"] == "story"
    assert any("1 AD post left out (media_product_type)" in line for line in report.not_used)


def test_counts_as_exports_write_them_are_written_as_plain_numbers(tmp_path):
    run_import("meta-business-suite", tmp_path)
    text = (tmp_path / "posts.csv").read_text(encoding="utf-8")
    assert "12,3K" not in text and "1.1K" not in text
    posts = load_table(tmp_path / "posts.csv", "posts").set_index("post_id")
    assert posts.loc["18000000000000011", "views"] == 12300  # "12,3K"
    assert posts.loc["18000000000000011", "likes"] == 1100  # "1.1K"
    assert posts.loc["18000000000000012", "format"] == "feed_post"  # IG carousel
    assert str(posts.loc["18000000000000012", "posted_at"].date()) == "2027-02-09"  # 02/09/2027


def test_youtube_studio_leaves_the_total_row_out_and_tells_shorts_by_duration(tmp_path):
    report = run_import("youtube-studio", tmp_path)
    posts = load_table(tmp_path / "posts.csv", "posts").set_index("post_id")
    assert "Total" not in posts.index
    assert posts["format"].to_dict() == {
        "dQw4w9WgXc1": "long_video",  # 754 s
        "dQw4w9WgXc2": "short",  # 45 s
        "dQw4w9WgXc3": "short",  # 171 s, at most 180
    }
    assert set(posts["influencer_id"]) == {"zosia.w.kuchni"}
    assert any("at most 180 s" in line for line in report.derived)


def test_a_one_account_export_needs_the_creator(tmp_path):
    with pytest.raises(InputError) as error:
        run_import("tiktok-analytics", tmp_path, creator=None)
    assert "needs --creator ID" in str(error.value)
    assert not (tmp_path / "posts.csv").exists()


def test_creator_database_writes_roster_and_audience_in_our_words(tmp_path):
    run_import("creator-database", tmp_path)
    roster = load_table(tmp_path / "roster.csv", "roster").set_index("influencer_id")
    assert set(roster["market"]) == {"PL"}  # Poland, Polska, PL
    assert roster.loc["zosia.w.kuchni", "platform"] == "tiktok"
    assert roster.loc["ola.gotuje", "audience_credibility"] == pytest.approx(0.825)  # "82,5%"
    assert roster.loc["zosia.w.kuchni", "fake_follower_share"] == pytest.approx(0.14)
    audience = load_table(tmp_path / "audience.csv", "audience")
    ola = audience[audience["influencer_id"] == "ola.gotuje"]
    countries = dict(
        zip(
            ola.loc[ola.dimension == "country", "segment"],
            ola.loc[ola.dimension == "country", "share"],
            strict=True,
        )
    )
    assert countries == pytest.approx({"PL": 0.81, "DE": 0.07, "GB": 0.04})
    genders = ola.loc[ola.dimension == "gender", "share"].sum()
    assert genders == pytest.approx(1.0)
    assert len(audience) == 3 * 10


def test_shopify_revenue_per_creator_within_the_window(tmp_path):
    report = run_import("shopify-orders", tmp_path)
    table = load_table(tmp_path / "conversions.csv", "conversions").set_index("influencer_id")
    # ola: #1001 195.00 + #1002 270.00 (ola10, two item rows, counted once); #1005 on
    # 2027-03-30 is after 2027-03-15 + 7 days. kuba: #1003 114.00; #1004 refunded.
    assert table.loc["ola.gotuje", "revenue"] == pytest.approx(465.00)
    assert table.loc["ola.gotuje", "code_redemptions"] == 2
    assert table.loc["kuba.biega", "revenue"] == pytest.approx(114.00)
    assert set(table["currency"]) == {"PLN"}
    lines = "\n".join(report.not_used)
    assert "1 order dated outside the campaign's window 2027-02-01..2027-03-22 not used" in lines
    assert "1 order without a discount code" in lines
    assert "'ZIMA20' (1)" in lines
    assert "1 refunded or voided order left out (Financial Status)" in lines


def test_ga4_key_events_and_revenue_by_utm_source_and_campaign(tmp_path):
    report = run_import("ga4-campaigns", tmp_path)
    table = load_table(tmp_path / "conversions.csv", "conversions").set_index("influencer_id")
    # ola: spring-blend rows of 02-03 and 02-04 (autumn-sale is another campaign)
    assert table.loc["ola.gotuje", "conversions"] == 12 + 3
    assert table.loc["ola.gotuje", "revenue"] == pytest.approx(1840.50 + 410.00)
    # zosia: 02-06 only; 03-25 is outside the window
    assert table.loc["zosia.w.kuchni", "revenue"] == pytest.approx(3120.75)
    assert "kuba.biega" not in table.index
    assert any(
        "1 row dated outside the campaign's window 2027-02-01..2027-03-22" in line
        for line in report.not_used
    )
    assert any("currency = PLN from the campaign" in line for line in report.derived)


def test_an_unknown_profile_lists_the_profiles(tmp_path):
    with pytest.raises(InputError) as error:
        import_files("instagramm", [FIXTURES / "codes.csv"], tmp_path)
    message = str(error.value)
    assert message.startswith("instagramm: no such import profile (profiles: ")
    for name in EXPORTS:
        assert name in message


def test_an_export_the_profile_cannot_read_lists_missing_and_found_headers(tmp_path):
    with pytest.raises(InputError) as error:
        import_files(
            "youtube-studio", [FIXTURES / "tiktok-analytics" / "content.csv"], tmp_path, creator="x"
        )
    message = str(error.value)
    assert "missing 'Content', 'Likes', 'Comments added', 'Views'" in message
    assert "headers found: 'Video title', 'Video link', 'Post time'" in message


def test_an_existing_output_is_refused_unless_forced(tmp_path):
    target = tmp_path / "posts.csv"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        run_import("tiktok-analytics", tmp_path)
    assert "exists: give --force" in str(error.value)
    assert target.read_text(encoding="utf-8") == "mine\n"
    run_import("tiktok-analytics", tmp_path, force=True)
    assert len(load_table(target, "posts")) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["posts.csv"]  # no temporary file left


def test_attribution_needs_the_campaign_and_the_codes(tmp_path):
    with pytest.raises(InputError) as error:
        import_files(
            "shopify-orders", [FIXTURES / "shopify-orders" / "orders_export.csv"], tmp_path
        )
    assert "needs --campaign FILE" in str(error.value) and "needs --codes FILE" in str(error.value)


def test_a_bad_profile_file_names_the_field(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ntitle: x\ndocumentation: []\nreads: [pdf]\nwrites: [posts]\n")
    with pytest.raises(InputError) as error:
        load_profile(bad)
    message = str(error.value)
    assert "documentation" in message and "reads.0" in message


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "helpers.run.cli", "import", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_cli_exit_codes(tmp_path):
    done = cli(
        "instagram-graph-api",
        str(FIXTURES / "instagram-graph-api" / "media.json"),
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout and "mapped:" in done.stdout and "not used:" in done.stdout
    again = cli(
        "instagram-graph-api",
        str(FIXTURES / "instagram-graph-api" / "media.json"),
        "--out",
        str(tmp_path),
    )
    assert again.returncode == 2 and "exists" in again.stderr and "Traceback" not in again.stderr
    unknown = cli("nope", str(FIXTURES / "codes.csv"), "--out", str(tmp_path))
    assert unknown.returncode == 2 and "profiles: creator-database" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    assert pd.read_csv(tmp_path / "posts.csv").shape == (3, 9)


def test_youtube_analytics_api_joins_the_videos_list_for_dates_and_durations(tmp_path):
    # the files in either order: told apart by their JSON shape
    report = import_files(
        "youtube-analytics-api", [YT / "videos.json", YT / "report.json"], tmp_path, creator="ola"
    )
    posts = load_table(tmp_path / "posts.csv", "posts").set_index("post_id")
    # 5 report rows; Yb6gJ3oXr5E is not in videos.json
    assert list(posts.index) == ["Kx7pQ2mZb1A", "Rt4wN8sLc2B", "Hm2vD5yTe3C", "Pz9kF1uWq4D"]
    assert posts["format"].to_dict() == {
        "Kx7pQ2mZb1A": "long_video",  # PT13M2S = 782 s
        "Rt4wN8sLc2B": "short",  # PT40S
        "Hm2vD5yTe3C": "short",  # PT3M = 180 s, at most 180
        "Pz9kF1uWq4D": "long_video",  # PT1H2M5S = 3725 s
    }
    kx = posts.loc["Kx7pQ2mZb1A"]
    assert (kx["views"], kx["likes"], kx["comments"], kx["shares"]) == (48210, 2315, 187, 96)
    assert str(kx["posted_at"].date()) == "2027-02-04"
    assert str(posts.loc["Hm2vD5yTe3C", "posted_at"].date()) == "2027-02-09"  # 23:45Z: UTC day
    assert posts.loc["Rt4wN8sLc2B", "caption"] == "Koktajl w 40 sekund #shorts"
    assert set(posts["influencer_id"]) == {"ola"}
    assert posts["views"].sum() == 48210 + 30980 + 12400 + 9050
    lines = "\n".join(report.not_used)
    assert (
        "1 video in the report but not in the Data API videos.list response left out "
        "(no publish date): 'Yb6gJ3oXr5E'"
    ) in lines
    assert "'estimatedMinutesWatched', 'averageViewDuration'" in lines


def test_youtube_analytics_api_without_the_videos_list_says_what_is_missing(tmp_path):
    with pytest.raises(InputError) as error:
        import_files("youtube-analytics-api", [YT / "report.json"], tmp_path, creator="ola")
    assert error.value.problems == [
        "youtube-analytics-api needs the Data API videos.list response too, "
        "for each video's publish date"
    ]
    assert not (tmp_path / "posts.csv").exists()


def test_youtube_analytics_api_names_a_json_file_of_neither_shape(tmp_path):
    media = FIXTURES / "instagram-graph-api" / "media.json"
    with pytest.raises(InputError) as error:
        import_files(
            "youtube-analytics-api",
            [YT / "report.json", YT / "videos.json", media],
            tmp_path,
            creator="ola",
        )
    message = str(error.value)
    assert "media.json: not a file profile youtube-analytics-api reads" in message
    assert "no 'columnHeaders' list (the report) and no 'items' list" in message


def test_iso_8601_durations_in_seconds():
    assert _seconds("PT45S") == 45
    assert _seconds("PT3M") == 180
    assert _seconds("PT1H2M3S") == 3723
    assert _seconds("P1DT2H") == 86400 + 7200
    assert _seconds("1:35") == 95
    assert _seconds("PT") is None and _seconds("soon") is None


def test_creator_database_needs_the_source_of_its_authenticity_figures(tmp_path):
    with pytest.raises(InputError) as error:
        run_import("creator-database", tmp_path, source=None)
    assert error.value.problems == [
        "creator-database writes audience_credibility, fake_follower_share: say where the "
        "figures come from with --source 'Tool, YYYY-MM'"
    ]
    with pytest.raises(InputError) as error:
        run_import("creator-database", tmp_path, source="HypeAuditor")
    assert "name the tool and the month" in str(error.value)
    assert not (tmp_path / "roster.csv").exists()
    run_import("creator-database", tmp_path, source="Modash, 2027-01")
    roster = load_table(tmp_path / "roster.csv", "roster")
    assert set(roster["authenticity_source"]) == {"Modash, 2027-01"}


def test_a_profile_writing_authenticity_figures_must_take_their_source_from_the_option(tmp_path):
    text = (FIXTURES.parents[2] / "data" / "import-profiles" / "creator-database.yaml").read_text()
    bad = tmp_path / "placeholder.yaml"
    bad.write_text(
        text.replace("    option: source\n", '    constant: "creator database export"\n'),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_profile(bad)
    assert "derive authenticity_source with option: source" in str(error.value)


def test_a_refunded_order_of_several_rows_is_left_out_whole_and_counted_once(tmp_path):
    orders = (FIXTURES / "shopify-orders" / "orders_export.csv").read_text(encoding="utf-8")
    # a second item row of the refunded order #1004: order fields empty, as Shopify writes them
    orders += "#1004,marek@example.com,,,,,,,,,,,2027-02-08 11:58:02 +0100,1,Kubek,50.00\n"
    export = tmp_path / "orders_export.csv"
    export.write_text(orders, encoding="utf-8")
    report = import_files(
        "shopify-orders", [export], tmp_path / "out", campaign=CAMPAIGN, codes=CODES
    )
    lines = "\n".join(report.not_used)
    assert "1 refunded or voided order left out (Financial Status)" in lines
    assert "1 order without a discount code not used" in lines  # #1006 only, not #1004's row
    table = load_table(tmp_path / "out" / "conversions.csv", "conversions")
    assert table.set_index("influencer_id").loc["kuba.biega", "code_redemptions"] == 1


def test_cli_passes_the_source_and_says_how_to_use_the_files(tmp_path):
    done = cli(
        "creator-database",
        str(FIXTURES / "creator-database" / "creators.csv"),
        "--source",
        "HypeAuditor, 2026-11",
        "--out",
        str(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert "authenticity_source = 'HypeAuditor, 2026-11' from --source" in done.stdout
    assert f"  roster: {(tmp_path / 'roster.csv').resolve()}" in done.stdout
    missing = cli(
        "youtube-analytics-api", str(YT / "report.json"), "--creator", "ola", "--out", str(tmp_path)
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "needs the Data API videos.list response too" in missing.stderr
