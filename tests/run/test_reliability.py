"""Never lose a user's files, never let data rewrite a report, never hang: the hostile cases of
the reliability review, each run against the real command line in a temporary folder."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import nbformat
import pytest

from helpers.core.artifacts import write_text_atomically
from helpers.core.campaign import load_campaign
from helpers.core.errors import InputError
from helpers.run import cli
from helpers.run.placement import put_in_place
from helpers.run.runner import run_campaign
from tests.conftest import GOOD, TINY, tiny_copy

CSP = "default-src 'none'"


def _user_folder(root: Path) -> dict[str, bytes]:
    """A user's own folder named like the campaign, with files that must survive."""
    (root / "sub").mkdir(parents=True)
    (root / "thesis.docx").write_bytes(b"four years of work")
    (root / "sub" / "notes.txt").write_text("notes", encoding="utf-8")
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --- 1. --out never deletes what is not a report -----------------------------------------


@pytest.mark.parametrize("name", ["tiny-baltic-test", "tiny-baltic-test.failed"])
def test_a_users_folder_where_the_report_would_go_is_refused_and_kept(tmp_path, capsys, name):
    victim = tmp_path / "victim"
    before = _user_folder(victim / name)
    status = cli.main(["run", str(TINY), "--out", str(victim), "--notebooks", str(GOOD)])
    err = capsys.readouterr().err
    assert status == 2
    assert f"{name}: a folder that is not a report of campaign 'tiny-baltic-test'" in err
    assert "Traceback" not in err
    assert _files(victim / name) == before
    assert sorted(p.name for p in victim.iterdir()) == [name]  # nothing else written there


def test_a_file_where_the_report_would_go_is_refused_and_not_hidden(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "tiny-baltic-test").write_text("a file of the user's", encoding="utf-8")
    status = cli.main(["run", str(TINY), "--out", str(out), "--notebooks", str(GOOD)])
    assert status == 2
    assert "tiny-baltic-test: a file that is not a report" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["tiny-baltic-test"]  # no .previous copy
    assert (out / "tiny-baltic-test").read_text(encoding="utf-8") == "a file of the user's"


def test_a_report_of_the_campaign_is_replaced(tmp_path):
    first = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD)
    second = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD)
    assert second.ok and second.report_dir == first.report_dir
    assert json.loads((second.report_dir / "run.json").read_text())["campaign"] == (
        "tiny-baltic-test"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["tiny-baltic-test"]


def test_a_report_of_another_campaign_is_not_taken_for_ours(tmp_path, capsys):
    other = tmp_path / "tiny-baltic-test"
    other.mkdir()
    (other / "run.json").write_text(json.dumps({"campaign": "someone-else"}), encoding="utf-8")
    status = cli.main(["run", str(TINY), "--out", str(tmp_path), "--notebooks", str(GOOD)])
    assert status == 2
    assert (other / "run.json").is_file()


def test_a_users_index_html_is_not_overwritten_by_the_portfolio(tmp_path, capsys):
    (tmp_path / "index.html").write_text("<h1>my own page</h1>", encoding="utf-8")
    status = cli.main(["run", str(TINY), "--out", str(tmp_path), "--notebooks", str(GOOD)])
    err = capsys.readouterr().err
    assert status == 0
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<h1>my own page</h1>"
    assert "index.html is not a portfolio page this project wrote" in err


def test_the_portfolio_page_is_rewritten(tmp_path):
    run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD)
    assert cli.main(["portfolio", "--out", str(tmp_path)]) == 0
    first = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<meta name="generator" content="influencer-playbook portfolio">' in first
    assert cli.main(["portfolio", "--out", str(tmp_path)]) == 0


@pytest.mark.parametrize("reserved", ["lab"])
def test_reserved_ids_are_refused(write_campaign, reserved):
    path = write_campaign(
        "schema: 1\nid: " + reserved + "\nname: N\nbrand: B\nobjective: awareness\n"
        "markets: [LV]\ncurrency: EUR\nbudget: 1\nstart: 2027-02-01\nend: 2027-02-28\n"
    )
    with pytest.raises(InputError) as error:
        load_campaign(path)
    assert error.value.problems == [
        f"{path}: id: '{reserved}' is reserved: reports/lab/ holds the notebooks' interactive "
        "runs; choose another id"
    ]


# --- 2. every page forbids network loads ----------------------------------------------------


def test_every_page_carries_a_policy_that_forbids_network_loads(tmp_path):
    result = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD)
    cli.main(["portfolio", "--out", str(tmp_path)])
    pages = [*result.report_dir.glob("*.html"), tmp_path / "index.html"]
    assert {p.name for p in pages} >= {"00-first.html", "index.html", "report.html"}
    for page in pages:
        head = page.read_text(encoding="utf-8").split("</head>")[0]
        (meta,) = re.findall(r"<meta[^>]*Content-Security-Policy[^>]*>", head)
        assert f'content="{CSP}' in meta, page.name


# --- 3. names are one line --------------------------------------------------------------------


def test_a_name_with_a_line_break_is_refused_by_validate(tmp_path, capsys):
    path = tiny_copy(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: Tiny Baltic test", "name: >\n  Tiny\n\n  Baltic"))
    assert cli.main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "name: a line break in 'Tiny\\nBaltic\\n': names are one line" in err


# --- 4. time limits -------------------------------------------------------------------------


def _notebooks(folder: Path, **cells: str) -> Path:
    """Stage notebooks ``NN-name.ipynb`` with a parameters cell and one code cell each."""
    folder.mkdir(parents=True)
    for key, code in cells.items():
        parameters = nbformat.v4.new_code_cell(
            'campaign_file = ""\nrun_dir = ""\ninteractive = True',
            metadata={"tags": ["parameters"]},
        )
        node = nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell(code)])
        node.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        node.metadata["language_info"] = {"name": "python"}
        nbformat.write(node, folder / f"{key.replace('_', '-')}.ipynb")
    return folder


def test_a_stage_past_its_time_limit_fails_like_a_failing_cell(tmp_path, capsys):
    notebooks = _notebooks(
        tmp_path / "notebooks",
        **{"00_slow": "import time\ntime.sleep(120)", "01_after": "print('after')"},
    )
    started = time.monotonic()
    status = cli.main(
        ["run", str(TINY), "--out", str(tmp_path / "out"), "--notebooks", str(notebooks),
         "--stage-timeout", "3", "--keep-going"]
    )  # fmt: skip
    took = time.monotonic() - started
    err = capsys.readouterr().err
    assert status == 1 and took < 60
    assert "stage 00-slow failed at cell 3: ran past the stage's time limit of 3 s" in err
    report = tmp_path / "out" / "tiny-baltic-test.failed"
    run = json.loads((report / "run.json").read_text())
    assert [s["status"] for s in run["stages"]] == ["failed", "done"]  # a fresh kernel after
    executed = nbformat.read(report / "00-slow.ipynb", as_version=4)
    assert [o["ename"] for o in executed.cells[-1].outputs] == ["StageTimeout"]  # marked
    assert "Stage 00-slow failed" in (report / "index.html").read_text(encoding="utf-8")


def test_the_campaign_sets_the_stage_time_limit(tmp_path):
    path = tiny_copy(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "run: {stage_timeout: 45}\n")
    assert load_campaign(path).run.stage_timeout == 45
    assert load_campaign(TINY).run.stage_timeout == 600


def test_a_fifo_as_the_campaign_file_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "campaign.yaml"
    os.mkfifo(fifo)
    assert cli.main(["validate", str(fifo)]) == 2
    assert "campaign.yaml: is not a regular file" in capsys.readouterr().err


# --- 5 and 11. schedulers: never hang, a transient fault is not "input invalid" -------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_scheduler_that_is_not_dask_fails_in_seconds_with_a_retry_status(tmp_path, capsys):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    address = f"tcp://127.0.0.1:{server.server_address[1]}"
    started = time.monotonic()
    try:
        status = cli.main(["batch", str(TINY), "--out", str(tmp_path), "--scheduler", address])
    finally:
        server.shutdown()
    err = capsys.readouterr().err
    assert status == 75 and time.monotonic() - started < 40
    assert f"cannot reach the Dask scheduler at {address}: no answer as a Dask scheduler" in err
    assert "try again later" in err


def test_an_unreachable_scheduler_exits_with_the_retry_status(tmp_path, capsys):
    address = f"tcp://127.0.0.1:{_free_port()}"
    status = cli.main(["batch", str(TINY), "--out", str(tmp_path), "--scheduler", address])
    assert status == 75
    assert f"cannot reach the Dask scheduler at {address}" in capsys.readouterr().err


def test_pdf_with_a_broken_chromium_exits_1_and_keeps_the_report(tmp_path, capsys, monkeypatch):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", str(broken))
    out = tmp_path / "out"
    status = cli.main(["run", str(TINY), "--out", str(out), "--notebooks", str(GOOD), "--pdf"])
    err = capsys.readouterr().err
    assert status == 1
    assert "PDF failed:" in err and "wrote no PDF (exit 1)" in err
    assert (out / "tiny-baltic-test" / "index.html").is_file()
    assert not list((out / "tiny-baltic-test").glob("*pdf*"))


# --- 9. two runs at once ----------------------------------------------------------------------


def test_concurrent_swaps_of_one_report_all_succeed(tmp_path):
    errors: list[BaseException] = []

    def swap(worker: int) -> None:
        for turn in range(25):
            run = tmp_path / f".c-1.partial-w{worker}-{turn}"
            run.mkdir()
            (run / "run.json").write_text(json.dumps({"campaign": "c-1"}), encoding="utf-8")
            try:
                put_in_place(run, tmp_path, "c-1", ok=True)
            except BaseException as error:  # noqa: BLE001 - collected for the assert
                errors.append(error)

    threads = [threading.Thread(target=swap, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c-1"]


def test_concurrent_atomic_writes_of_one_file_all_succeed(tmp_path):
    target, errors = tmp_path / "page.html", []

    def write(worker: int) -> None:
        for turn in range(75):
            try:
                write_text_atomically(target, f"{worker}-{turn}")
            except BaseException as error:  # noqa: BLE001 - collected for the assert
                errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert re.fullmatch(r"\d-\d+", target.read_text(encoding="utf-8"))
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"]


# --- 10. folders that cannot be used --------------------------------------------------------


def test_an_unusable_out_folder_is_one_line_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    status = cli.main(["run", str(TINY), "--out", str(blocker / "reports")])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert err.strip().endswith("cannot write reports there (Not a directory); give another --out")


# --- 8. what validate accepts, the stages can use -------------------------------------------


def _with_roster(tmp_path: Path, rows: str, **fields: str) -> Path:
    path = tiny_copy(tmp_path, **fields)
    header = (TINY.parent / "influencers.csv").read_text(encoding="utf-8").splitlines()[0]
    roster = tmp_path / "roster.csv"
    roster.write_text(header + "\n" + rows, encoding="utf-8")
    text = re.sub(r"roster: .*", f"roster: {roster}", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_only_roster_is_a_warning_and_a_page(tmp_path, capsys):
    path = _with_roster(tmp_path, "")
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: 00-landscape: " in out and "roster.csv has only its header row" in out


def test_a_roster_with_no_creator_in_the_markets_is_a_warning(tmp_path, capsys):
    path = tiny_copy(tmp_path, markets="[PL]")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("countries: {LV: 0.6, EE: 0.4}", "countries: {PL: 1}"))
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: 00-landscape: no creator on " in out
    assert "influencers.csv is in PL (the file has " in out
    assert "creators in EE, LT, LV): add creators there or change markets:" in out


def test_results_all_outside_the_window_are_a_warning_not_a_refusal(tmp_path, capsys):
    path = tiny_copy(tmp_path, start="2028-02-01", end="2028-02-28")
    assert cli.main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning: 05-monitoring, 06-roi: None of the " in out
    assert "falls in 1 Feb 2028 to 28 Feb 2028" in out
    status = cli.main(["run", str(path), "--out", str(tmp_path / "out"), "--notebooks", str(GOOD)])
    assert status == 0  # the pages 05 and 06 say it (tests/run/test_states.py)


# --- 12. leftovers of a killed run ----------------------------------------------------------


def test_connection_files_of_killed_runs_are_removed(tmp_path, monkeypatch):
    from helpers.run.kernels import clean_stale_connection_files
    from helpers.run.placement import HOST

    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    folder = tmp_path / "playbook"
    folder.mkdir()
    dead = folder / f"kernel-{HOST}-4000000-abcd1234.json"  # no such process
    live = folder / f"kernel-{HOST}-{os.getpid()}-abcd1234.json"
    for path in (dead, live):
        path.write_text("{}")
    assert clean_stale_connection_files() == [dead]
    assert live.exists() and not dead.exists()


def test_kernels_write_their_connection_files_where_they_can_be_tidied(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path))
    result = run_campaign(TINY, out_dir=tmp_path / "out", notebooks_dir=GOOD)
    assert result.ok
    assert list((tmp_path / "playbook").glob("*.json")) == []  # removed when the kernel stopped
    shutil.rmtree(tmp_path / "out")
