"""``playbook batch`` and the portfolio page: many campaigns in worker processes or on a Dask
cluster, where one failing, invalid or crashing campaign never stops or spoils the others."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.core.errors import InputError
from helpers.run import cli
from helpers.run.batch import (
    CampaignOutcome,
    RunOptions,
    campaign_files,
    exit_status,
    plan_batch,
    run_batch,
    summary_table,
)
from helpers.run.portfolio import collect, write_portfolio
from tests.conftest import BATCH, tiny_copy


@pytest.fixture(scope="module")
def campaigns(tmp_path_factory) -> Path:
    """Two good campaigns, one whose stage fails, one that kills its worker, one invalid."""
    folder = tmp_path_factory.mktemp("campaigns")
    tiny_copy(folder, "a-good.yaml", id="tiny-good-a", name="Good A")
    tiny_copy(folder, "b-good.yaml", id="tiny-good-b", name="Good B")
    tiny_copy(folder, "c-fail.yaml", id="tiny-fail", brand="Fail brand")
    tiny_copy(folder, "d-crash.yaml", id="tiny-crash", brand="Crash brand")
    (folder / "e-invalid.yaml").write_text("schema: 1\nid: broken\nbudget: -5\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a campaign", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_batch(campaigns, tmp_path_factory):
    """The whole batch through the console script, two worker processes."""
    out = tmp_path_factory.mktemp("reports")
    done = subprocess.run(
        [sys.executable, "-m", "helpers.run.cli", "batch", str(campaigns), "-j", "2"]
        + ["--out", str(out), "--notebooks", str(BATCH), "--stages", "00"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done, out


def test_batch_keeps_going_past_failing_invalid_and_crashing_campaigns(local_batch):
    done, out = local_batch
    assert done.returncode == 1, done.stderr  # not all passed, and a stage failed
    for good in ("tiny-good-a", "tiny-good-b"):
        assert (out / good / "stage.txt").read_text() == good
        assert json.loads((out / good / "run.json").read_text())["ok"] is True
    assert (out / "tiny-fail.failed" / "00-stage.html").is_file()
    assert not (out / "tiny-crash").exists() and not (out / "broken").exists()
    # the final table: one row each, whatever happened to the others
    statuses = dict(re.findall(r"^(\S+)\s+(passed|failed|invalid|crashed)\s", done.stdout, re.M))
    assert statuses == {
        "tiny-good-a": "passed",
        "tiny-good-b": "passed",
        "tiny-fail": "failed",
        "tiny-crash": "crashed",
        "e-invalid": "invalid",
    }
    assert "tiny-crash: its worker process died (exit code -9)" in done.stderr
    assert (
        'tiny-fail: stage 00-stage failed at section "Batch stage" (cell 3): ValueError: deliberate'
        in done.stderr
    )
    assert "Traceback" not in done.stderr


def test_batch_prints_one_line_per_campaign_and_a_final_table(campaigns, tmp_path, capfd):
    # in-process this time, with one good and one invalid campaign
    code = cli.main(
        ["batch", str(campaigns / "a-good.yaml"), str(campaigns / "e-invalid.yaml")]
        + ["-j", "2", "--out", str(tmp_path), "--notebooks", str(BATCH), "--stages", "00"]
    )
    out, err = capfd.readouterr()
    assert code == 2  # only input was wrong
    table = out.splitlines()
    assert re.match(r"campaign\s+status\s+state\s+duration\s+report", table[0])
    # the tiny campaign has final results in its window: finished (run.json says so)
    good = r"tiny-good-a\s+passed\s+finished\s+\d+\.\d s\s+\S+tiny-good-a/index.html$"
    assert re.match(good, table[1])
    assert re.match(r"e-invalid\s+invalid\s+-\s+\d+\.\d s\s+-$", table[2])
    assert table[3] == f"portfolio: {tmp_path / 'index.html'}"
    progress = [line for line in err.splitlines() if line.startswith("[")]
    assert progress[0].startswith("[1/2] e-invalid    invalid")  # known before anything runs
    assert progress[1].startswith("[2/2] tiny-good-a  passed")
    assert "e-invalid.yaml: budget: Input should be greater than or equal to 0 (got -5)" in err
    assert "Traceback" not in err


def test_a_worker_that_dies_takes_only_its_own_campaign(local_batch):
    _, out = local_batch
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Good A" in page and "Good B" in page and "Tiny Baltic test" in page  # tiny-fail
    assert "tiny-crash" not in page  # never finished, so not on the portfolio


def test_campaign_files_from_folders_globs_and_files(campaigns, tmp_path):
    from_folder = campaign_files([campaigns])
    assert [p.name for p in from_folder] == [
        "a-good.yaml",
        "b-good.yaml",
        "c-fail.yaml",
        "d-crash.yaml",
        "e-invalid.yaml",
    ]
    globbed = campaign_files([str(campaigns / "*-good.yaml"), campaigns / "a-good.yaml"])
    assert [p.name for p in globbed] == ["a-good.yaml", "b-good.yaml"]  # no duplicates
    missing = campaign_files([tmp_path / "missing.yaml"])  # reported later, per campaign
    assert missing == [(tmp_path / "missing.yaml").resolve()]
    with pytest.raises(InputError, match="pattern matches no campaign file"):
        campaign_files([str(tmp_path / "*.yaml")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="folder holds no campaign file"):
        campaign_files([tmp_path / "empty"])


def test_two_files_with_the_same_id_are_refused(tmp_path):
    first = tiny_copy(tmp_path, "first.yaml")
    second = tiny_copy(tmp_path, "second.yaml")
    outcomes = plan_batch([first, second])
    assert [o.status for o in outcomes] == ["waiting", "invalid"]
    assert outcomes[1].problems == [
        f"{second}: id: 'tiny-baltic-test' is also the id of {first} "
        "(ids name report folders, so each must be unique)"
    ]


def test_exit_status_and_table():
    passed = CampaignOutcome("a", "a.yaml", "passed", 1.25, "/r/a/index.html", state="planning")
    failed = CampaignOutcome("b", "b.yaml", "failed", 2.0, "/r/b.failed/index.html")
    invalid = CampaignOutcome("c", "c.yaml", "invalid")
    assert exit_status([passed]) == 0
    assert exit_status([passed, invalid]) == 2
    assert exit_status([passed, failed, invalid]) == 1
    lines = summary_table([passed, invalid]).splitlines()
    assert lines == [
        "campaign  status   state     duration  report",
        "a         passed   planning     1.2 s  /r/a/index.html",
        "c         invalid  -            0.0 s  -",
    ]


def test_bad_batch_options_exit_2(capsys, campaigns):
    assert cli.main(["batch", str(campaigns), "-j", "0"]) == 2
    assert "-j 0: give 1 or more" in capsys.readouterr().err
    assert cli.main(["batch", str(campaigns), "--stages", "42"]) == 2
    assert "names no stage" in capsys.readouterr().err
    assert cli.main(["batch", "/nonexistent/*.yaml"]) == 2
    assert "pattern matches no campaign file" in capsys.readouterr().err


def test_dask_cluster_runs_the_same_batch(campaigns, tmp_path):
    distributed = pytest.importorskip("distributed")
    paths = [campaigns / name for name in ("a-good.yaml", "c-fail.yaml", "e-invalid.yaml")]
    options = RunOptions(out_dir=tmp_path, notebooks_dir=BATCH, stages="00")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        outcomes = run_batch(paths, options, scheduler=cluster.scheduler_address, stream=None)
    assert {o.campaign: o.status for o in outcomes} == {
        "tiny-good-a": "passed",
        "tiny-fail": "failed",
        "e-invalid": "invalid",
    }
    assert (tmp_path / "tiny-good-a" / "stage.txt").read_text() == "tiny-good-a"
    failed = next(o for o in outcomes if o.status == "failed")
    assert failed.message.startswith(
        'stage 00-stage failed at section "Batch stage" (cell 3): ValueError: deliberate'
    )
    assert exit_status(outcomes) == 1


# --- the portfolio page --------------------------------------------------------------------


def _report(out: Path, folder: str, ok: bool = True, **run) -> Path:
    path = out / folder
    path.mkdir(parents=True)
    stages = [{"stage": "00-x", "status": "done"}, {"stage": "01-y", "status": "done"}]
    if not ok:
        stages[1] |= {"status": "failed", "error": "cell 2: KeyError: 'cost'"}
    summary = {"campaign": folder.removesuffix(".failed"), "ok": ok, "stages": stages}
    (path / "run.json").write_text(json.dumps(summary | run), encoding="utf-8")
    return path


@pytest.fixture
def reports(tmp_path) -> Path:
    measured = _report(
        tmp_path, "alpha", name="Alpha <script>alert(1)</script>", currency="EUR", budget=10000
    )
    (measured / "roi.csv").write_text(
        "level,key,handle,platform,market,cost,revenue,roi,roas\n"
        "campaign,campaign,,,,4000,6000,0.5,1.5\n"
        "influencer,i1,'@best,instagram,LV,1000,3000,2.0,3.0\n"
        "influencer,i2,<b>bold</b>,tiktok,EE,3000,3000,0.0,1.0\n"
        "influencer,i3,@gifted,tiktok,EE,0,500,,\n"
        "platform,instagram,,,,1000,3000,2.0,3.0\n",
        encoding="utf-8",
    )
    planned = _report(tmp_path, "beta", name="Beta", currency="USD", budget=5000)
    (planned / "offers.csv").write_text(
        "influencer_id,deliverable,target_fee,planned_cost,selected\n"
        "i1,reel,600,1200,True\ni2,story,800,800,True\ni3,reel,5000,5000,False\n",
        encoding="utf-8",
    )
    _report(tmp_path, "gamma.failed", ok=False, name="Gamma", currency="EUR", budget=100)
    _report(tmp_path, ".delta.partial-host-1-abc", name="Delta")  # a run in progress
    _report(tmp_path, "lab", name="Lab")  # notebooks run by hand
    return tmp_path


def test_portfolio_reads_spend_and_roi_from_the_artifacts(reports):
    campaigns, best = collect(reports)
    by_id = {c.id: c for c in campaigns}
    assert list(by_id) == ["gamma", "alpha", "beta"]  # failed first, then by name
    alpha, beta, gamma = by_id["alpha"], by_id["beta"], by_id["gamma"]
    assert (alpha.spend, alpha.spend_kind, alpha.revenue, alpha.roi) == (
        4000,
        "measured",
        6000,
        0.5,
    )
    assert (beta.spend, beta.spend_kind, beta.roi) == (2000, "planned", None)  # 1200 + 800
    assert gamma.status == "failed" and gamma.report is None and gamma.spend is None
    assert (gamma.failed_stage, gamma.stages_done, gamma.stages_total) == ("01-y", 1, 2)
    # creators ranked by ROI among the paid ones; the spreadsheet guard is taken off again
    assert best["creator"].tolist() == ["@best", "<b>bold</b>"]
    assert best["roi"].tolist() == [2.0, 0.0]


def test_portfolio_page_is_self_contained_and_escaped(reports):
    page = write_portfolio(reports).read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "not yet measured" in page  # beta's revenue and ROI, gamma's spend
    assert "+50%" in page and "2,000 USD" in page and "planned" in page
    assert page.count("data:image/png;base64,") == 2  # spend and ROI charts, inline
    assert not re.search(r"(src|href)=[\"']https?:", page)
    assert 'href="alpha/index.html"' in page and 'href="gamma.failed/index.html"' in page
    assert "Delta" not in page and "Lab" not in page


def test_portfolio_command(reports, capsys, tmp_path):
    assert cli.main(["portfolio", "--out", str(reports)]) == 0
    assert capsys.readouterr().out.strip().endswith("index.html")
    (tmp_path / "none").mkdir()
    assert cli.main(["portfolio", "--out", str(tmp_path / "none")]) == 2
    assert "no campaign reports here yet" in capsys.readouterr().err
