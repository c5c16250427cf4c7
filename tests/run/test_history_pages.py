"""The negotiation (03) and ROI (06) pages show what the agency's past campaigns say: the backtest
table, its one-sentence finding and its sources, executed with papermill as ``playbook run`` does;
with no history, a paragraph that says how to add it."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.core.config import CAMPAIGNS_DIR, SAMPLE_DIR
from helpers.run.runner import run_campaign
from helpers.text.i18n import MISSING_LOG_VARIABLE
from tests.conftest import latvian_copy, stage_page, tiny_copy

AURORA = CAMPAIGNS_DIR / "aurora-baltics-2027.yaml"
HISTORY = SAMPLE_DIR / "history" / "aurora-baltics-2027"


def _deals_on_file() -> tuple[int, int, int]:
    """Past campaigns, deals (creators paid and posting) and posts, counted from the files."""
    campaigns = deals = posts = 0
    for folder in sorted(p for p in HISTORY.iterdir() if p.is_dir()):
        pipeline = pd.read_csv(folder / "pipeline.csv")
        results = pd.read_csv(folder / "results.csv")
        paid = set(pipeline.loc[pipeline["stage"] == "completed", "influencer_id"])
        campaigns += 1
        deals += len(paid & set(results["influencer_id"]))
        posts += len(results)
    return campaigns, deals, posts


@pytest.fixture(scope="module")
def aurora(tmp_path_factory):
    return run_campaign(AURORA, out_dir=tmp_path_factory.mktemp("aurora"), stages="03,06")


def test_the_negotiation_page_shows_the_backtest_and_the_estimates(aurora):
    page = stage_page(aurora, "03-negotiation")
    campaigns, deals, posts = _deals_on_file()
    assert (campaigns, deals, posts) == (4, 54, 122)
    assert f"{campaigns} past campaigns ({deals} deals, {posts} posts), each left out" in page
    assert "Backtest: each past campaign forecast from the others" in page
    assert "Backtest per past campaign" in page
    for folder in ("aurora-winter-2025", "aurora-summer-2025", "aurora-autumn-2025"):
        assert folder in page
    assert "typical error, benchmarks alone (MAPE)" in page and "share that is history" in page
    assert "the benchmark shrunk toward the agency&#x27;s history" in page or (
        "the benchmark shrunk toward the agency's history" in page
    )
    assert " of 14 deals" in page  # LV Instagram micro: 14 past deals
    assert "Sources and assumptions" in page
    assert "data/sample/history/aurora-baltics-2027/aurora-winter-2025" in page
    assert "/work/" not in page.split("Sources and assumptions", 1)[1][:4000]  # no machine paths


def test_the_roi_page_shows_the_backtest_and_this_campaign_against_it(aurora):
    page = stage_page(aurora, "06-roi")
    assert "Forecasts against history" in page
    assert "Backtest: each past campaign forecast from the others" in page
    assert "This campaign, forecast from every past campaign before it ran" in page
    assert "CPM paid per market" not in page and "CPM estimate" not in page
    assert "Sources and assumptions" in page


def test_with_no_history_the_pages_say_how_to_add_it(tmp_path):
    result = run_campaign(tiny_copy(tmp_path), out_dir=tmp_path / "reports", stages="03,06")
    for stage in ("03-negotiation", "06-roi"):
        page = stage_page(result, stage)
        assert "No past campaigns are on file, so every estimate here is the published" in page
        assert "README: Learning from past campaigns" in page
        assert "Backtest per past campaign" not in page


def test_the_history_section_in_latvian(tmp_path, monkeypatch):
    log = tmp_path / "missing.jsonl"
    monkeypatch.setenv(MISSING_LOG_VARIABLE, str(log))
    result = run_campaign(latvian_copy(tmp_path), out_dir=tmp_path / "reports", stages="03")
    page = stage_page(result, "03-negotiation", "Secinājums")
    assert "Atpakaļpārbaude: katra iepriekšējā kampaņa prognozēta no pārējām" in page
    assert "Iepriekšējās kampaņas: 4 (54 darījumi, 122 ieraksti)" in page
    assert "Avoti un pieņēmumi" in page
    missing = (
        [json.loads(line)["message"] for line in log.read_text().splitlines()]
        if (log.exists())
        else []
    )
    ours = [m for m in missing if "history" in m or "past campaign" in m or "Backtest" in m]
    assert not ours, ours


def test_a_bad_history_file_is_named_with_its_row(tmp_path):
    from helpers.core.errors import InputError

    folder = tmp_path / "past" / "winter"
    folder.mkdir(parents=True)
    (folder / "pipeline.csv").write_text(
        "influencer_id,stage,deliverable,quantity,agreed_fee,currency,updated\n"
        "t1,completed,feed_post,1,,EUR,2026-05-01\n",
        encoding="utf-8",
    )
    (folder / "results.csv").write_text(
        "post_id,influencer_id,platform,market,posted_at,format,impressions,currency\n"
        "w1,t1,instagram,LV,2026-04-10,feed_post,1000,EUR\n",
        encoding="utf-8",
    )
    campaign = tiny_copy(tmp_path)
    campaign.write_text(campaign.read_text(encoding="utf-8") + "history: past\n", "utf-8")
    line = f"{folder / 'pipeline.csv'}: row 2, column agreed_fee: is empty, but a completed deal"
    try:  # once the run checks the history before any stage, it stops here (exit 2)
        result = run_campaign(campaign, out_dir=tmp_path / "reports", stages="06")
    except InputError as error:
        assert any(problem.startswith(line) for problem in error.problems)
        return
    page = stage_page(result, "06-roi")
    assert "cannot be used yet" in page and "row 2, column agreed\\_fee" not in page
    assert "row 2, column agreed_fee: is empty, but a completed deal needs it" in page
