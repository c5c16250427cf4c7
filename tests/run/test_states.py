"""Every campaign state runs with exit 0 and says where it stands (issue 16): the demo before
launch (no results) and mid-flight (results to date only), results all outside the window, and
one creator with one post. Real notebooks, through ``playbook run``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.core.config import DEMO_CAMPAIGN
from helpers.run import cli
from tests.conftest import tiny_copy

SAMPLE = DEMO_CAMPAIGN.parent.parent / "sample"


def demo_copy(folder: Path, name: str, drop: tuple[str, ...]) -> Path:
    """The demo campaign written to ``folder`` with some results files left out; as_of fixed so
    that the state does not depend on today's date."""
    text = DEMO_CAMPAIGN.read_text(encoding="utf-8")
    for table in drop:
        text = re.sub(rf"^  {table}: .*\n", "", text, flags=re.MULTILINE)
    text = text.replace("../sample/", f"{SAMPLE}/").replace(
        "id: aurora-baltics-2027", f"id: {name}"
    )
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def page_text(path: Path) -> str:
    """A page's words without tags, styles or scripts."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace("&#39;", "'")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The demo before launch and mid-flight, each run end to end."""
    folder = tmp_path_factory.mktemp("states")
    out = folder / "reports"
    codes = {}
    for name, drop in (
        ("aurora-planning", ("results", "results_to_date")),
        ("aurora-live", ("results",)),
    ):
        codes[name] = cli.main(["run", str(demo_copy(folder, name, drop)), "--out", str(out)])
    return codes, out


@pytest.mark.parametrize(
    ("name", "state", "finding_05", "finding_06"),
    [
        (
            "aurora-planning",
            "planning",
            # the calendar (stage 04) schedules the first post on 2 Feb 2027
            "No results yet: the first posts go live on 2 Feb 2027",
            "ROI is measured on the final results (data.results) after 15 Mar 2027",
        ),
        (
            "aurora-live",
            "live",
            # results to date: 14 posts, the last on 18 Feb; 18 Feb to 15 Mar is 25 days
            "Campaign state: live (14 posts to 18 Feb 2027, 25 days left)",
            "The campaign is live until 15 Mar 2027 (25 days left)",
        ),
    ],
)
def test_the_demo_before_launch_and_mid_flight_runs_with_every_page(
    runs, name, state, finding_05, finding_06
):
    codes, out = runs
    assert codes[name] == 0
    report = out / name
    run = json.loads((report / "run.json").read_text(encoding="utf-8"))
    assert run["ok"] and run["state"] == state
    assert [s["status"] for s in run["stages"]] == ["done"] * 7
    for stage in run["stages"]:
        assert (report / stage["html"]).is_file()
    index = page_text(report / "index.html")
    assert f"Campaign state: {state}" in index
    monitoring, roi = page_text(report / "05-monitoring.html"), page_text(report / "06-roi.html")
    for page in (monitoring, roi):
        assert f"Campaign state: {state}" in page
        assert "Traceback" not in page and "Error" not in page
    assert finding_05 in monitoring
    assert finding_06 in roi
    # the plan from the calendar (30 posts by 13 creators, 2 Feb to 13 Mar) where no results
    # are shown yet: on 06 in both states, on 05 before launch (mid-flight 05 shows the pacing)
    plan = "30 posts by 13 creators are scheduled from 2 Feb 2027 to 13 Mar 2027"
    assert plan in roi
    assert (plan in monitoring) == (state == "planning")
    assert not (report / "roi.csv").exists()  # nothing measured yet


def test_the_live_roi_page_shows_the_pace_so_far(runs):
    _, out = runs
    roi = page_text(out / "aurora-live" / "06-roi.html")
    # 18 days of 43 (1 to 18 Feb) = 42% of the window; 14 of the 30 calendar posts
    assert "14 of 30 planned posts live to 18 Feb 2027" in roi
    assert "42% of the campaign window is gone" in roi
    assert "Goals so far (results to date): no verdict before the final results" in roi


def test_the_portfolio_shows_each_state(runs):
    _, out = runs
    assert cli.main(["portfolio", "--out", str(out)]) == 0
    page = page_text(out / "index.html")
    assert re.search(r"Aurora Skincare — Baltic launch.*? planning first posts go live", page)
    assert "live 14 posts to 2027-02-18, 25 days left" in page


def test_results_all_outside_the_window_are_a_page_not_a_refusal(tmp_path):
    # the tiny campaign's one post is on 5 Feb 2027; the window moved to February 2028
    path = tiny_copy(tmp_path, start="2028-02-01", end="2028-02-28")
    code = cli.main(["run", str(path), "--out", str(tmp_path / "out"), "--stages", "05-06"])
    assert code == 0
    report = tmp_path / "out" / "tiny-baltic-test"
    for page in ("05-monitoring.html", "06-roi.html"):
        text = page_text(report / page)
        assert "None of the 1 posts in " in text
        assert (
            "falls in 1 Feb 2028 to 28 Feb 2028 (they run from 5 Feb 2027 to 5 Feb 2027): check "
            "that this is the campaign's file, or its start and end." in text
        )


def test_one_creator_with_one_post_is_measured(tmp_path):
    # tiny: one results row, creator t1, cost EUR 100, reach 6,000
    path = tiny_copy(tmp_path)
    code = cli.main(["run", str(path), "--out", str(tmp_path / "out"), "--stages", "05-06"])
    assert code == 0
    report = tmp_path / "out" / "tiny-baltic-test"
    run = json.loads((report / "run.json").read_text(encoding="utf-8"))
    assert run["state"] == "finished" and run["state_facts"]["posts"] == 1
    assert (report / "roi.csv").is_file()
    assert "Campaign state: finished (final results, 1 posts)" in page_text(report / "06-roi.html")
