"""The runner on tiny fixture notebooks: success, a failing cell, skipped stages, atomic replace,
one kernel reused safely across stages, retried kernel starts, killed and interrupted runs."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from helpers.run import cli, pages
from helpers.run.execute import check_parameters
from helpers.run.kernels import KernelPool, notebook_imports
from helpers.run.placement import HOST, clean_stale_runs
from helpers.run.runner import run_campaign
from helpers.run.safety import safe_html
from helpers.stages.registry import discover_stages, select_stages
from tests.conftest import BATCH, BROKEN, GOOD, REUSE, TINY, tiny_copy


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
        'playbook: stage 01-broken failed at section "Broken stage" (cell 3): '
        "ValueError: deliberate failure for the test"
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


# --- the report pages ----------------------------------------------------------------------


def test_pages_have_contents_navigation_and_a_whole_report_page(good_run):
    _, out = good_run
    report = out / "tiny-baltic-test"
    first = (report / "00-first.html").read_text(encoding="utf-8")
    assert 'href="index.html"' in first and 'href="01-second.html"' in first  # way around
    assert "In&nbsp;[" not in first and "jp-InputPrompt" not in first  # no prompts
    whole = (report / "report.html").read_text(encoding="utf-8")
    assert 'id="stage-00-first"' in whole and 'id="stage-01-second"' in whole
    assert whole.index("Finding from the first stage") < whole.index('id="stage-01-second"')
    assert "<script" not in whole and "<script" not in first
    index = (report / "index.html").read_text(encoding="utf-8")
    assert 'href="report.html"' in index
    summary = json.loads((report / "run.json").read_text())
    assert summary["name"] == "Tiny Baltic test" and summary["currency"] == "EUR"


def test_unsafe_data_shows_as_text_and_nothing_loads_from_the_network(tmp_path):
    result = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=BATCH, stages="01")
    assert result.ok, result.stages
    page = (result.report_dir / "01-unsafe.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text
    assert "onerror" not in page.replace("onerror=alert(2)&gt;", "")  # only as text
    assert not re.search(r"<[^>]+\son\w+=", page)  # no event handler attribute anywhere
    assert "javascript:" not in page and "http://evil.example/x.png" not in page
    assert "@import" not in page
    assert not re.search(r"(src|href)=[\"']https?:", page)  # nothing from the network
    # and the CSV export neutralises the formula a spreadsheet would run
    exported = (result.report_dir / "creators.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(" in exported and "\n=HYPERLINK" not in exported


CHARTS = """\
import matplotlib.pyplot as plt
from helpers.report import theme

theme.set_theme()
fig, ax = plt.subplots()
ax.bar(["LV", "LT"], [3, 5])
ax.set_title('Reach of "@<b>anna</b>" & co (people)')
plt.show()
fig, ax = plt.subplots()
ax.plot([1, 2], [2, 1])
"""


def test_each_chart_has_its_title_as_alternative_text(tmp_path):
    stage = nbformat.read(sorted(GOOD.glob("*.ipynb"))[0], as_version=4)
    stage.cells.append(nbformat.v4.new_code_cell(CHARTS))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(stage, notebooks / "00-charts.ipynb")
    result = run_campaign(TINY, out_dir=tmp_path / "reports", notebooks_dir=notebooks)
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    page = (result.report_dir / "00-charts.html").read_text(encoding="utf-8")
    alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"', page)
    # the title as text (its markup escaped, never markup), and a chart without one
    assert alts == ["Reach of &#34;@&lt;b&gt;anna&lt;/b&gt;&#34; &amp; co (people)", "Chart"]
    assert "<b>anna" not in page


def test_pages_write_characters_not_references_except_the_markup_ones():
    page = '<p title="&quot;x&quot;">3&nbsp;631&nbsp;&euro; &#257;&#x161; &lt;b&gt; &amp;amp; &#39;'
    assert pages.as_characters(page) == (
        '<p title="&quot;x&quot;">3\xa0631\xa0€ āš &lt;b&gt; &amp;amp; &#39;'
    )
    assert pages.as_characters("&unknown; &#0; AT&T") == "&unknown; \ufffd AT&T"


def test_safe_html_keeps_tables_and_images_and_drops_active_content():
    kept = safe_html(
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
        '<img src="data:image/png;base64,AAAA" alt="chart"><style>td {color: red}</style>'
    )
    assert "<table>" in kept and 'src="data:image/png;base64,AAAA"' in kept
    assert "<style" not in kept and "color: red" not in kept  # no author CSS from outputs
    dropped = safe_html(
        '<b onclick="x()">hi</b><script>alert(1)</script><img src="https://x.example/a.png">'
        '<iframe src="https://x.example"></iframe><style>@import url(https://x.example/a.css);'
        "p {background: url(https://x.example/b.png)}</style>"
        "<p style=\"background: image-set('http://x.example/c.png' 1x)\">styled</p>"
    )
    assert dropped == "<b>hi</b><img><p>styled</p>"


# --- one kernel for the whole run ----------------------------------------------------------


@pytest.mark.parametrize("fresh", [False, True], ids=["reused-kernel", "fresh-kernels"])
def test_a_stage_sees_nothing_an_earlier_stage_left(tmp_path, fresh):
    result = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=REUSE, fresh_kernels=fresh)
    report = result.report_dir
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    dirty_pid = (report / "dirty.txt").read_text().split()[1]
    check_pid, leaks = ((report / "check.txt").read_text().split(" ", 1) + [""])[:2]
    assert leaks == ""  # variable, options, rcParams, figures, env, sys.path, cwd, filters
    assert (dirty_pid == check_pid) is (not fresh)  # the same kernel process, unless fresh
    checked = nbformat.read(report / "01-check.ipynb", as_version=4)
    counts = [c.execution_count for c in checked.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # numbered from 1, as in a new kernel
    warned = [
        o.text for c in checked.cells if c.cell_type == "code" for o in c.get("outputs", [])
        if o.get("name") == "stderr"
    ]  # fmt: skip
    assert any("a warning each stage must see" in text for text in warned)


def test_stage_cells_stay_out_of_the_analysts_ipython_history(tmp_path, monkeypatch):
    home = tmp_path / "ipython"  # the kernels' IPython folder, as ~/.ipython is the analyst's
    monkeypatch.setenv("IPYTHONDIR", str(home))
    result = run_campaign(TINY, out_dir=tmp_path / "reports", notebooks_dir=GOOD)
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    assert home.is_dir()  # the kernels used it
    assert not list(home.rglob("history.sqlite"))


def test_notebook_imports_lists_top_level_imports_only():
    modules = notebook_imports(stage.path for stage in discover_stages(REUSE))
    assert {"os", "matplotlib.pyplot", "pandas", "helpers.core", "helpers.core.artifacts"} <= set(
        modules
    )
    assert "leftover_warning" in modules


def _kernelspec(folder: Path, name: str, script: str) -> None:
    """A kernel whose command is ``script`` (given the connection file) in ``folder``."""
    spec = folder / "kernels" / name
    spec.mkdir(parents=True)
    (spec / "start.py").write_text(textwrap.dedent(script), encoding="utf-8")
    argv = [sys.executable, str(spec / "start.py"), "{connection_file}"]
    kernel = {"argv": argv, "display_name": name, "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")


def test_a_kernel_that_fails_to_start_is_started_again(tmp_path, monkeypatch):
    # the first launch dies at once, as a kernel does when another took its port
    _kernelspec(
        tmp_path,
        "flaky",
        f"""
        import os, sys
        tries = {str(tmp_path / "tries")!r}
        count = int(open(tries).read()) if os.path.exists(tries) else 0
        open(tries, "w").write(str(count + 1))
        if count == 0:
            sys.exit("zmq.error.ZMQError: Address already in use")
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", sys.argv[1]])
        """,
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    pool = KernelPool(kernel="flaky")
    try:
        result = run_campaign(TINY, out_dir=tmp_path / "r", notebooks_dir=GOOD, kernels=pool)
    finally:
        pool.close()
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    assert (tmp_path / "tries").read_text() == "2"


def test_a_kernel_that_never_starts_fails_the_stage_with_one_line(tmp_path, monkeypatch):
    _kernelspec(tmp_path, "dead", "import sys\nsys.exit('no kernel today')\n")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    pool = KernelPool(kernel="dead")
    try:
        result = run_campaign(TINY, out_dir=tmp_path / "r", notebooks_dir=GOOD, kernels=pool)
    finally:
        pool.close()
    assert [s.status for s in result.stages] == ["failed", "skipped"]
    assert result.failed.error.startswith("kernel 'dead' did not start in 3 tries")
    assert "\n" not in result.failed.error


# --- killed and interrupted runs -----------------------------------------------------------


def _start_slow_run(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    """A ``playbook run`` whose stage is still running when the test stops it."""
    slow = tiny_copy(tmp_path / "campaigns", brand="Slow brand")
    out = tmp_path / "reports"
    process = subprocess.Popen(
        [sys.executable, "-m", "helpers.run.cli", "run", str(slow), "--out", str(out)]
        + ["--notebooks", str(BATCH), "--stages", "00"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 90
    while not list(out.glob(".tiny-baltic-test.partial-*/slow-started.txt")):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the slow run did not start: {process.communicate()}")
        time.sleep(0.2)
    return process, out


def _processes_gone(pids: list[int], timeout: float = 15) -> bool:
    import psutil

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(psutil.pid_exists(pid) for pid in pids):
            return True
        time.sleep(0.2)
    return False


def test_a_killed_run_leaves_the_last_report_and_is_tidied_by_the_next(tmp_path):
    import psutil

    good = run_campaign(TINY, out_dir=tmp_path / "reports", notebooks_dir=GOOD)
    before = {p.name: p.read_bytes() for p in good.report_dir.iterdir()}
    process, out = _start_slow_run(tmp_path)
    tree = [process.pid] + [c.pid for c in psutil.Process(process.pid).children(recursive=True)]
    for pid in tree:  # power cut: the run and its kernel die at once, nothing cleans up
        os.kill(pid, signal.SIGKILL)
    process.communicate()
    assert _processes_gone(tree)
    # the last good report is untouched and nothing half-done looks like a report
    assert {p.name: p.read_bytes() for p in good.report_dir.iterdir()} == before
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "tiny-baltic-test"
    ]
    (partial,) = out.glob(".tiny-baltic-test.partial-*")
    assert not (partial / "run.json").exists() and not (partial / "index.html").exists()
    # the next run of the campaign removes the leftovers of the killed one
    again = run_campaign(TINY, out_dir=out, notebooks_dir=GOOD)
    assert again.ok and not partial.exists()
    assert not list(out.glob(".tiny-baltic-test.*"))


def test_sigterm_stops_a_run_cleanly(tmp_path):
    import psutil

    good = run_campaign(TINY, out_dir=tmp_path / "reports", notebooks_dir=GOOD)
    before = (good.report_dir / "index.html").read_bytes()
    process, out = _start_slow_run(tmp_path)
    kernels = [c.pid for c in psutil.Process(process.pid).children(recursive=True)]
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.strip().splitlines()[-1] == (
        "playbook: interrupted; the last good report was left as it was"
    )
    assert "Traceback" not in err
    assert not list(out.glob(".tiny-baltic-test.*"))  # its run folder is gone
    assert (good.report_dir / "index.html").read_bytes() == before
    assert _processes_gone(kernels)  # and its kernel was stopped


def test_stale_folders_of_killed_runs_are_removed_or_put_back(tmp_path):
    dead_pid = 4_000_000  # above Linux's pid_max: no such process
    stale = tmp_path / f".tiny-baltic-test.partial-{HOST}-{dead_pid}-abc123"
    elsewhere = tmp_path / f".tiny-baltic-test.partial-another-host-{dead_pid}-abc123"
    mine = tmp_path / f".tiny-baltic-test.partial-{HOST}-{os.getpid()}-abc123"
    moved_aside = tmp_path / f".tiny-baltic-test.previous-{HOST}-{dead_pid}"
    for folder in (stale, elsewhere, mine, moved_aside):
        folder.mkdir()
    (moved_aside / "index.html").write_text("the last good report")
    removed = clean_stale_runs(tmp_path, "tiny-baltic-test")
    assert removed == [stale]
    assert elsewhere.exists() and mine.exists()  # another machine's run; a run in progress
    # a report moved aside by a run killed mid-swap is put back where it belongs
    assert (tmp_path / "tiny-baltic-test" / "index.html").read_text() == "the last good report"
    assert not moved_aside.exists()


def test_run_refuses_a_folder_and_points_to_batch(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path)]) == 2
    assert "is a folder: use playbook batch" in capsys.readouterr().err
