"""The check before a run, made in the first stage's kernel (:mod:`helpers.run.check`): the same
problems, worded for the user's working directory, nothing run; in this process when the kernel
cannot do it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from helpers.core.campaign import load_campaign
from helpers.core.errors import InputError
from helpers.run import check
from helpers.run.kernels import KernelPool
from helpers.run.runner import run_campaign
from tests.conftest import GOOD, TINY, tiny_copy


def _broken_roster_campaign(folder: Path) -> Path:
    """The tiny campaign with a roster whose second creator has 'lots' followers."""
    roster = (TINY.parent / "influencers.csv").read_text(encoding="utf-8").splitlines()
    cells = roster[2].split(",")
    cells[7] = "lots"  # followers
    roster[2] = ",".join(cells)
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "influencers.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    path = tiny_copy(folder / "campaigns", "broken.yaml")
    text = path.read_text(encoding="utf-8").replace(
        str((TINY.parent / "influencers.csv").resolve()), "../data/influencers.csv"
    )
    path.write_text(text, encoding="utf-8")
    return path


def _no_roster_campaign(folder: Path) -> Path:
    path = tiny_copy(folder / "campaigns", "no-roster.yaml")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(x for x in lines if "roster:" not in x), encoding="utf-8")
    return path


def _in_process_check_forbidden(monkeypatch) -> None:
    def fail(*args):
        raise AssertionError("the check was made in the runner's process, not in the kernel")

    monkeypatch.setattr(check, "readiness_problems_here", fail)


def test_a_data_problem_found_in_the_kernel_stops_the_run_with_the_users_paths(
    tmp_path, monkeypatch
):
    campaign_file = _broken_roster_campaign(tmp_path)
    monkeypatch.chdir(tmp_path)  # problems name files relative to where the user is
    expected = check.readiness_problems_here(load_campaign(campaign_file), campaign_file)
    assert expected and expected[0].startswith("data/influencers.csv: ")
    assert "lots" in expected[0]
    _in_process_check_forbidden(monkeypatch)
    out = tmp_path / "reports"
    pool = KernelPool()
    try:
        with pytest.raises(InputError) as raised:
            run_campaign(campaign_file, out_dir=out, notebooks_dir=GOOD, kernels=pool)
        assert raised.value.problems == expected
        # the kernel kept what the check imported: it is the one the first stage will get
        code = "import sys\n__checked = 'helpers.core.readiness' in sys.modules"
        assert pool.evaluate(GOOD, code, "__checked", 30) is True
    finally:
        pool.close()
    assert not out.exists() or not list(out.iterdir())  # nothing run, nothing written


def test_a_campaign_problem_names_the_campaign_file_as_the_user_wrote_it(tmp_path, monkeypatch):
    campaign_file = _no_roster_campaign(tmp_path)
    monkeypatch.chdir(tmp_path)
    _in_process_check_forbidden(monkeypatch)
    with pytest.raises(InputError) as raised:
        run_campaign(campaign_file, out_dir=tmp_path / "reports", notebooks_dir=GOOD)
    assert raised.value.problems[0].startswith("campaigns/no-roster.yaml: data.roster: no roster")


def test_a_ready_campaign_runs_after_the_check_in_the_same_kernel(tmp_path, monkeypatch):
    _in_process_check_forbidden(monkeypatch)
    result = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD)
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    notebook = json.loads((result.report_dir / "00-first.ipynb").read_text(encoding="utf-8"))
    counts = [c["execution_count"] for c in notebook["cells"] if c["cell_type"] == "code"]
    assert counts == list(range(1, len(counts) + 1))  # the check left no trace in the numbering


def test_without_a_kernel_the_check_is_made_here_with_the_same_problems(tmp_path, monkeypatch):
    spec = tmp_path / "kernels" / "dead"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-c", "import sys; sys.exit('no kernel today')", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "dead", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    campaign_file = _broken_roster_campaign(tmp_path / "work")
    monkeypatch.chdir(tmp_path / "work")
    expected = check.readiness_problems_here(load_campaign(campaign_file), campaign_file)
    pool = KernelPool(kernel="dead")
    try:
        with pytest.raises(InputError) as raised:
            run_campaign(campaign_file, out_dir=tmp_path / "r", notebooks_dir=GOOD, kernels=pool)
    finally:
        pool.close()
    assert raised.value.problems == expected
