"""Reading past campaigns: the ``history:`` section of the campaign file, past campaigns as
folders or campaign files, fees in another currency, a bad history file's message, and no
history at all."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from helpers.core import history
from helpers.core.campaign import load_campaign
from helpers.core.errors import InputError
from helpers.text.i18n import translator
from tests.core.test_history import PIPELINE, RESULTS, ROSTER, campaign_text, write_past

EN = translator("en")


def problems_of(campaign) -> list[str]:
    with pytest.raises(InputError) as caught:
        history.read_history(campaign)
    return caught.value.problems


def write(folder: Path, text: str, name: str = "campaign.yaml") -> Path:
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- The campaign file ----------------------------------------------------------------------------


def test_history_settings_in_the_campaign_file(tmp_path):
    alone = load_campaign(write(tmp_path, campaign_text("history: past/\n")))
    assert alone.history.folder == (tmp_path / "past").resolve()
    assert alone.history.campaigns == [] and alone.history.benchmark_weight.assumed
    listed = load_campaign(
        write(
            tmp_path,
            campaign_text(
                """\
                history:
                  campaigns: [old/winter.yaml, old/spring]
                  benchmark_weight: {cpm: 2}
                """
            ),
        )
    )
    assert listed.history.campaigns == [
        (tmp_path / "old" / "winter.yaml").resolve(),
        (tmp_path / "old" / "spring").resolve(),
    ]
    weights = listed.history.benchmark_weight
    assert (weights.cpm, weights.click_through_rate, weights.conversion_rate) == (2, 10, 10)
    assert not weights.assumed
    assert load_campaign(write(tmp_path, campaign_text())).history.given is False


def test_a_misspelt_history_setting_names_the_allowed_ones(tmp_path):
    path = write(tmp_path, campaign_text("history: {folder: past, benchmark_weigth: 3}\n"))
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    (line,) = caught.value.problems
    assert line.endswith(
        "history.benchmark_weigth: unknown field (allowed: folder, campaigns, benchmark_weight); "
        "did you mean 'benchmark_weight'?"
    )
    negative = write(tmp_path, campaign_text("history: {benchmark_weight: -1}\n"))
    with pytest.raises(InputError, match=r"history\.benchmark_weight\.cpm: Input should be"):
        load_campaign(negative)


# --- Past campaigns as folders and as campaign files ---------------------------------------------


def test_a_past_campaign_file_and_fees_in_another_currency(tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    (old / "pipeline.csv").write_text(
        PIPELINE
        + "a,completed,feed_post,1,103.89,USD,2026-05-01\n"
        + "a,completed,story,2,50,EUR,2026-05-01\n"
        + "b,declined,feed_post,1,,,2026-04-01\n",
        encoding="utf-8",
    )
    (old / "results.csv").write_text(
        RESULTS
        + "w1,a,instagram,LV,2026-04-10,feed_post,20000,100,10,EUR\n"
        + "w2,c,instagram,LV,2026-04-12,feed_post,5000,20,1,EUR\n",
        encoding="utf-8",
    )
    own_files = "  pipeline: pipeline.csv\n  results: results.csv\n"
    (old / "winter.yaml").write_text(
        campaign_text().replace("roster: roster.csv", "roster: ../roster.csv") + own_files,
        encoding="utf-8",
    )  # its roster is the campaign's own: read once
    campaign = load_campaign(
        write(tmp_path, campaign_text("history: {campaigns: [old/winter.yaml]}\n"))
    )
    past = history.read_history(campaign)
    (row,) = past.campaigns.to_dict("records")
    assert row["campaign"] == "winter" and row["name"] == "History test"
    assert str(row["start"]) == "2027-02-01"  # a campaign file's own window
    # USD 103.89 at 1.0389 USD per EUR (ECB, 2024-12-31) is EUR 100, plus EUR 50 for the stories
    (deal,) = past.deals.to_dict("records")
    assert deal["influencer_id"] == "a" and deal["fee"] == pytest.approx(150.0)
    assert past.fx["USD"][0] == pytest.approx(1 / 1.0389)
    assert len(past.posts) == 2  # c posted without a paid row: counts for the rates only
    assert past.notes == [("unpaid", old / "winter.yaml", 1)]
    lines = history.history_sources(history.learn(campaign), EN)
    assert any(
        line.startswith("Past fees in USD converted at 0.9626 EUR per USD") for line in lines
    )
    assert any("1 creators with posts but no paid pipeline row" in line for line in lines)


def test_a_bad_history_gets_every_problem_at_once(tmp_path):
    bad = tmp_path / "past" / "bad"
    bad.mkdir(parents=True)
    (bad / "pipeline.csv").write_text(
        PIPELINE
        + "a,completed,feed_post,1,,EUR,2026-05-01\n"  # row 2: no fee
        + "b,completed,feed_post,1,80,XYZ,2026-05-01\n",  # row 3: no rate on file
        encoding="utf-8",
    )
    (bad / "results.csv").write_text(
        RESULTS + "x1,a,instagram,LV,2026-04-10,feed_post,abc,1,1,EUR\n", encoding="utf-8"
    )
    (tmp_path / "past" / "empty").mkdir()  # a folder with no files
    write_past(tmp_path / "good", "a", "100", 20000, 100, 10)
    campaign = load_campaign(
        write(tmp_path, campaign_text("history: {folder: past, campaigns: [good, gone]}\n"))
    )
    problems = problems_of(campaign)
    assert f"{bad / 'results.csv'}: row 2, column impressions: 'abc' is not a number" in problems
    assert (
        f"{tmp_path / 'past' / 'empty'}: no pipeline file (pipeline.csv or pipeline.xlsx) in this "
        "past campaign's folder" in problems
    )
    assert (
        f"{tmp_path / 'gone'}: history.campaigns: not found (a past campaign is a campaign file, "
        "or a folder with pipeline.csv and results.csv)" in problems
    )
    assert len(problems) == 4  # the results file's problem hides the pipeline's until fixed
    assert history.history_problems(campaign) == problems
    # the pages say so and go on with the benchmark alone
    learned = history.learn(campaign)
    assert learned.problems == problems and not learned.history.given
    assert (learned.calibrated["history_weight"] == 0).all()
    assert "cannot be used yet" in history.history_finding(learned, EN)


def test_a_paid_row_without_a_fee_or_a_known_currency(tmp_path):
    bad = tmp_path / "past" / "bad"
    bad.mkdir(parents=True)
    (bad / "pipeline.csv").write_text(
        PIPELINE
        + "a,completed,feed_post,1,,EUR,2026-05-01\n"
        + "b,live,feed_post,1,80,XYZ,2026-05-01\n",
        encoding="utf-8",
    )
    (bad / "results.csv").write_text(
        RESULTS + "x1,a,instagram,LV,2026-04-10,feed_post,100,1,1,EUR\n", encoding="utf-8"
    )
    problems = problems_of(load_campaign(write(tmp_path, campaign_text("history: past\n"))))
    pipeline = bad / "pipeline.csv"
    assert (
        problems[0]
        == f"{pipeline}: row 2, column agreed_fee: is empty, but a completed deal needs it"
    )
    assert problems[1].startswith(
        f"{pipeline}: row 3, column currency: 'XYZ' has no exchange rate on file (known: AUD, CAD"
    )
    assert len(problems) == 2


def test_no_history_is_the_benchmark_and_the_page_says_how_to_add_it(tmp_path):
    campaign = load_campaign(write(tmp_path, campaign_text()))
    learned = history.learn(campaign)
    assert not learned.history.given and learned.backtest.empty and not learned.problems
    rates = learned.calibrated
    assert (rates["estimate"] == rates["published"]).all() and (rates["n"] == 0).all()
    cpm = rates[(rates["metric"] == "cpm") & (rates["platform"] == "instagram")]
    assert cpm["published"].iloc[0] == pytest.approx(8 / 1.0389)  # USD 8, media_costs.csv
    assert history.history_finding(learned, EN) == (
        "No past campaigns are on file, so every estimate here is the published benchmark alone "
        "(0% history)."
    )
    assert "history: {folder: history/}" in history.how_to_add_history(EN)
    assert history.history_tables(learned, EN) == []
    empty = tmp_path / "past"
    empty.mkdir()
    folder = load_campaign(write(tmp_path, campaign_text("history: past\n")))
    assert history.read_history(folder).notes == [("empty_folder", empty.resolve(), 0)]


def test_the_latvian_page_words(tmp_path):
    campaign = load_campaign(write(tmp_path, campaign_text()))
    lv = translator("lv")
    learned = history.learn(campaign)
    assert history.history_finding(learned, lv).startswith("Iepriekšējo kampaņu datu nav")
    assert "`history: {folder: history/}`" in history.how_to_add_history(lv)
    assert not {m for m in lv.missing if "past" in m or "history" in m}


def test_a_past_campaign_file_without_its_files_is_refused(tmp_path):
    (tmp_path / "old.yaml").write_text(textwrap.dedent(campaign_text()), encoding="utf-8")
    campaign = load_campaign(write(tmp_path, campaign_text("history: {campaigns: [old.yaml]}\n")))
    assert problems_of(campaign) == [
        f"{tmp_path / 'old.yaml'}: data.pipeline: a past campaign needs its pipeline file to "
        "learn from (name it here)",
        f"{tmp_path / 'old.yaml'}: data.results: a past campaign needs its results file to learn "
        "from (name it here)",
    ]


# --- Read once per process ------------------------------------------------------------------------


def test_history_is_read_once_and_each_caller_gets_its_own_copy(tmp_path, monkeypatch):
    write_past(tmp_path / "past" / "spring", "a", "100", 20000, 100, 10)
    campaign = load_campaign(write(tmp_path, campaign_text("history: past\n")))
    reads = []
    original = history.reading._read_one
    monkeypatch.setattr(
        history.reading, "_read_one", lambda *args: reads.append(args) or original(*args)
    )
    first = history.read_history(campaign)
    first.deals.loc[0, "fee"] = -1.0  # a caller changing its copy
    first.notes.append(("unpaid", tmp_path, 9))
    second = history.read_history(campaign)
    assert len(reads) == 1  # the second call read no file
    assert second.deals.loc[0, "fee"] == pytest.approx(100.0) and second.notes == []


def test_history_is_read_again_when_a_file_or_the_roster_changes(tmp_path):
    folder = tmp_path / "past" / "spring"
    write_past(folder, "a", "100", 20000, 100, 10)
    campaign = load_campaign(write(tmp_path, campaign_text("history: past\n")))
    assert history.read_history(campaign).deals["fee"].tolist() == [100.0]
    (folder / "pipeline.csv").write_text(
        PIPELINE + "a,completed,feed_post,1,2500,EUR,2026-05-01\n", encoding="utf-8"
    )  # another size: another file
    assert history.read_history(campaign).deals["fee"].tolist() == [2500.0]
    # a (20,000 followers) is micro on the roster on file, nano on a roster given with 5,000
    assert history.read_history(campaign).deals["tier"].tolist() == ["micro"]
    roster = history.reading.load_campaign_data(campaign, ["roster"])["roster"]
    smaller = roster.assign(
        followers=roster["followers"].where(roster["influencer_id"] != "a", 5000)
    )
    assert history.read_history(campaign, smaller).deals["tier"].tolist() == ["nano"]
