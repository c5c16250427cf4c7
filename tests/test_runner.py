"""The runner on tiny fixture notebooks: success, a failing cell, skipped stages, atomic replace."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import cli
from helpers.runner import check_parameters, discover_stages, run_campaign, select_stages

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "notebooks-good"
BROKEN = FIXTURES / "notebooks-broken"
TINY = FIXTURES / "tiny" / "tiny.yaml"


@pytest.fixture(scope="module")
def good_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return run_campaign(TINY, out_dir=out, notebooks_dir=GOOD), out


def test_success_writes_every_stage_and_an_index(good_run):
    result, out = good_run
    report = out / "tiny-baltic-test"
    assert result.ok and result.report_dir == report
    assert [s.status for s in result.stages] == ["done", "done"]
    for name in ("00-first.ipynb", "00-first.html", "01-second.html", "index.html", "run.json"):
        assert (report / name).is_file(), name
    # the run folder given to the notebooks is the one that was moved into place
    assert (report / "first.txt").read_text() == "tiny-baltic-test interactive=False"
    assert not list(out.glob(".tiny-baltic-test*")), "temporary folders left behind"
    summary = json.loads((report / "run.json").read_text())
    assert summary["ok"] is True and len(summary["stages"]) == 2


def test_html_is_code_free_self_contained_and_quiet(good_run):
    _, out = good_run
    page = (out / "tiny-baltic-test" / "00-first.html").read_text(encoding="utf-8")
    assert "Finding from the first stage" in page
    assert "Tiny Baltic test" in page  # the campaign's name in the header
    assert "artifacts.open_run" not in page and "campaign_file =" not in page  # no code
    assert "a warning for the analyst only" not in page  # stderr left out
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=\"http", page)  # nothing from the net
    index = (out / "tiny-baltic-test" / "index.html").read_text(encoding="utf-8")
    assert index.count('class="status done"') == 2 and 'href="01-second.html"' in index


def test_failing_cell_keeps_last_good_report_and_skips_later_stages(tmp_path):
    good = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD)
    before = (good.report_dir / "index.html").read_bytes()
    failed = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=BROKEN)
    assert not failed.ok
    assert [s.status for s in failed.stages] == ["done", "failed", "skipped"]
    assert failed.report_dir == tmp_path / "tiny-baltic-test.failed"
    assert "ValueError: deliberate failure for the test" in failed.failed.error
    assert (failed.report_dir / "01-broken.ipynb").is_file()  # kept for inspection
    assert (failed.report_dir / "01-broken.html").is_file()
    assert not (failed.report_dir / "last.txt").exists()
    # the last good report is untouched
    assert (good.report_dir / "index.html").read_bytes() == before
    index = (failed.report_dir / "index.html").read_text(encoding="utf-8")
    assert "Stage 01-broken failed" in index and 'class="status skipped"' in index
    # a later good run replaces the report and clears the stale failed folder
    again = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD)
    assert again.ok and not (tmp_path / "tiny-baltic-test.failed").exists()


def test_keep_going_runs_later_stages(tmp_path):
    result = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=BROKEN, keep_going=True)
    assert [s.status for s in result.stages] == ["done", "failed", "done"]
    assert (result.report_dir / "last.txt").is_file()


def test_cli_run_failure_is_one_line_and_exit_1(tmp_path, capfd):
    code = cli.main(["run", str(TINY), "--out", str(tmp_path), "--notebooks", str(BROKEN)])
    err = capfd.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1
    assert err[0].startswith(
        "playbook: stage 01-broken failed at cell 3: ValueError: deliberate failure for the test"
    )
    assert "tiny-baltic-test.failed/01-broken.html" in err[0]


def test_bad_campaign_runs_nothing_and_exits_2(tmp_path, write_campaign, capsys):
    path = write_campaign("schema: 1\nid: x\n")
    assert cli.main(["run", str(path), "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "name: required field is missing" in err and "Traceback" not in err
    assert not (tmp_path / "r").exists() or not any((tmp_path / "r").iterdir())


def test_stage_selection():
    stages = discover_stages(BROKEN)
    assert [s.key for s in select_stages(stages, "00-01")] == ["00-first", "01-broken"]
    assert [s.key for s in select_stages(stages, "02,00")] == ["00-first", "02-last"]
    assert [s.title for s in select_stages(stages, "1")] == ["01 Broken"]
    with pytest.raises(ValueError, match="names no stage"):
        select_stages(stages, "07")
    with pytest.raises(ValueError, match="use numbers like"):
        select_stages(stages, "first")


@pytest.mark.parametrize("name", ["not-an-identifier", "import", "x y", "unknown_name"])
def test_parameter_names_are_checked(name):
    with pytest.raises(ValueError):
        check_parameters({name: 1}, {"campaign_file": {}}, "00-first")
    check_parameters({"campaign_file": "a.yaml"}, {"campaign_file": {}}, "00-first")
