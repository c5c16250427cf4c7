"""Whether a campaign can run on its own data, and what each stage says it will not check."""

from __future__ import annotations

import pytest

from helpers.core.campaign import load_campaign
from helpers.core.data import read_campaign_data
from helpers.core.readiness import readiness_notes, readiness_problems, readiness_warnings
from helpers.run import cli
from tests.conftest import MINIMAL_CAMPAIGN

ROSTER = """\
influencer_id,handle,platform,market,followers,avg_likes,avg_comments,audience_credibility
pl-1,@ola,instagram,PL,48200,1250,84,0.87
pl-2,@kasia,instagram,PL,12300,610,41,
lt-1,@ruta,tiktok,LT,23900,980,57,
"""
RESULTS = """\
post_id,influencer_id,platform,market,posted_at,format,impressions,currency
p1,pl-1,instagram,PL,2027-02-03,reel,61000,PLN
p2,lt-1,tiktok,PL,2027-02-05,short,15800,PLN
"""
POLISH = MINIMAL_CAMPAIGN.replace("[LV, EE]", "[PL, LT]").replace("currency: EUR", "currency: PLN")


@pytest.fixture
def polish(write_campaign, write_csv):
    """A Polish campaign of its own: a roster and results, nothing from the sample world."""

    def make(extra: str = "", roster: str = ROSTER, results: str = RESULTS):
        write_csv(roster, "roster.csv")
        write_csv(results, "results.csv")
        path = write_campaign(POLISH + "data: {roster: roster.csv, results: results.csv}\n" + extra)
        campaign = load_campaign(path)
        tables, problems = read_campaign_data(campaign)
        assert problems == []
        return path, campaign, tables

    return make


def test_no_roster_named(write_campaign):
    path = write_campaign()
    (line,) = readiness_problems(load_campaign(path), {}, path)
    assert "data.roster: no roster named" in line and "data: sample" in line


def test_a_creator_in_two_markets_across_files(polish):
    path, campaign, tables = polish()
    (line,) = readiness_problems(campaign, tables, path)
    assert "results.csv: creator lt-1 is in market PL here but in LT in " in line
    assert line.endswith("roster.csv: correct one of them")


def test_a_market_without_creators_is_a_warning(polish):
    roster = ROSTER.replace(",LT,", ",PL,")
    path, campaign, tables = polish(roster=roster, results=RESULTS.replace("lt-1", "pl-2"))
    assert readiness_problems(campaign, tables, path) == []
    warnings = readiness_warnings(campaign, tables)
    assert (
        "00-landscape: LT: no creator on the roster in this market: nothing is planned there; "
        "add creators in it or take it out of markets"
    ) in warnings


def test_markets_without_a_rule_and_platforms_without_creators(polish):
    _path, campaign, tables = polish()
    assert readiness_warnings(campaign, tables) == [
        "02-vetting: no creator on youtube in the campaign's markets (vetting.platforms asks "
        "for them)",
    ]  # PL and LT have a disclosure rule on file, and time zones from the tz database
    portugal = campaign.model_copy(update={"markets": ["PL", "PT"]})
    assert (
        "02-vetting: PT: no disclosure rule on file (data/reference/disclosure_rules.csv): "
        "disclosure labels not judged there"
    ) in readiness_warnings(portugal, tables)


def test_what_each_stage_will_not_check(polish):
    _path, campaign, tables = polish()
    notes = readiness_notes(campaign, tables)
    assert notes[0] == (
        "00-landscape: creators in the campaign's markets: PL 2 (instagram 2); LT 1 (tiktok 1)"
    )
    expected = [
        "02-vetting: no posts file (data.posts): disclosure, brand safety and posting rhythm "
        "not checked",
        "02-vetting: 2 of 3 creators have neither a follower sample (data.follower_samples) nor a "
        "vendor's audience_credibility or fake_follower_share: they are unverified: shown, "
        "marked for a manual check and planned (vetting.unverified: plan)",
        "05-monitoring: no results_to_date file (data.results_to_date): no results to date: the "
        "page shows the plan only",
    ]
    for line in expected:
        assert line in notes, (line, notes)
    assert not any(line.startswith("06-roi") for line in notes)  # results are given
    assert [n.split(":")[0] for n in notes] == sorted(n.split(":")[0] for n in notes)


def test_every_country_has_a_time_zone_from_the_tz_database(polish):
    _path, campaign, tables = polish()
    assert not any("no time zone" in line for line in readiness_warnings(campaign, tables))


def test_validate_says_everything_in_one_pass(polish, write_csv, capsys):
    path, _campaign, _tables = polish()
    write_csv(RESULTS + "p3,pl-2,instagram,PL,2027-02-09,reel,lots,PLN\n", "results.csv")
    assert cli.main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert "campaign.yaml: not ready, 1 warning (1 data files read, 3 rows)" in captured.out
    assert "02-vetting: no posts file (data.posts)" in captured.out  # notes despite problems
    assert "results.csv: row 4, column impressions: 'lots' is not a number" in captured.err
    assert "Traceback" not in captured.err


def test_validate_notes_do_not_fail_a_campaign(polish, capsys):
    path, _campaign, _tables = polish(results=RESULTS.replace("lt-1,tiktok,PL", "lt-1,tiktok,LT"))
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "campaign.yaml: ok, 1 warning (2 data files read, 5 rows)" in out
    assert "    warning: 02-vetting: no creator on youtube" in out
    assert "fictional sample" not in out


def test_every_own_data_mistake_in_one_pass_exit_2_no_traceback(tmp_path):
    """Several sheets and no sheet:, a mapped header the file lacks, a value map that leaves
    values unmapped: one run of ``playbook validate`` names each, with its file and field."""
    import subprocess
    import sys

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.create_sheet("Creators").append(["influencer_id", "handle"])
    book.save(tmp_path / "creators.xlsx")
    (tmp_path / "results.csv").write_text(RESULTS.replace("tiktok,PL", "Snapchat,PL"), "utf-8")
    (tmp_path / "posts.csv").write_text("post_id,creator\np1,pl-1\n", "utf-8")
    path = tmp_path / "campaign.yaml"
    path.write_text(
        POLISH
        + "data:\n"
        + "  roster: creators.xlsx\n"
        + "  posts: {file: posts.csv, columns: {influencer_id: Creator ID}}\n"
        + "  results: {file: results.csv, values: {platform: {IG: instagram}}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "helpers.run.cli", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    expected = [
        "creators.xlsx: sheet: the workbook has 2 sheets ('Notes', 'Creators'): name one",
        "posts.csv: data.posts.columns.influencer_id: the header 'Creator ID' is not in the file",
        "results.csv: data.results.values.platform: leaves 1 value unmapped: 'Snapchat'",
    ]
    for fragment in expected:
        assert any(fragment in line for line in lines), (fragment, lines)
