"""``playbook batch --scheduler`` on a real Dask cluster: ``dask scheduler`` and one ``dask worker``
started on 127.0.0.1 as their own processes, the way an agency starts them on its machines,
and stopped by their process ids (with the kernels the worker started)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import BATCH, tiny_copy

distributed = pytest.importorskip("distributed")
psutil = pytest.importorskip("psutil")

DASK = Path(sys.executable).with_name("dask")
START_SECONDS = 30


def _start(command: list[str], log: Path) -> subprocess.Popen:
    """A cluster process in its own session, its output in ``log``."""
    with log.open("wb") as handle:
        return subprocess.Popen(
            command, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )


def _scheduler_address(scheduler_file: Path, process: subprocess.Popen, log: Path) -> str:
    """The address the scheduler wrote to its file (it picks a free port itself)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"dask scheduler exited {process.returncode}:\n{log.read_text()[-2000:]}")
        try:
            return json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        except (OSError, ValueError, KeyError):
            time.sleep(0.2)  # the file is written once the scheduler listens
    pytest.fail(f"dask scheduler wrote no address in {START_SECONDS} s:\n{log.read_text()[-2000:]}")


def _stop(processes: list[subprocess.Popen]) -> tuple[list, list]:
    """Terminate each process by its id, kill it after a timeout. Returns the processes they
    had started (the worker's kernels) and those of them still alive afterwards (killed)."""
    started = []
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            started += psutil.Process(process.pid).children(recursive=True)
    for process in reversed(processes):  # the worker first, then the scheduler
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=15)
    _gone, alive = psutil.wait_procs(started, timeout=10)
    for child in alive:
        child.kill()
    return started, alive


def test_two_campaigns_run_on_a_real_dask_cluster(tmp_path):
    campaigns = tmp_path / "campaigns"
    tiny_copy(campaigns, "a.yaml", id="dask-a", name="Dask A")
    tiny_copy(campaigns, "b.yaml", id="dask-b", name="Dask B")
    scheduler_file = tmp_path / "scheduler.json"
    processes: list[subprocess.Popen] = []
    started: list = []
    left_running: list = []
    try:
        processes.append(
            _start(
                [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
                + ["--scheduler-file", str(scheduler_file)],
                tmp_path / "scheduler.log",
            )
        )
        address = _scheduler_address(scheduler_file, processes[0], tmp_path / "scheduler.log")
        processes.append(
            _start(
                [str(DASK), "worker", "--scheduler-file", str(scheduler_file)]
                + ["--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard"]
                + ["--local-directory", str(tmp_path / "worker")],
                tmp_path / "worker.log",
            )
        )
        with distributed.Client(address, timeout="10s") as client:
            client.wait_for_workers(1, timeout=START_SECONDS)

        out = tmp_path / "reports"
        done = subprocess.run(
            [sys.executable, "-m", "helpers.run.cli", "batch", str(campaigns)]
            + ["--scheduler", address, "--out", str(out), "--notebooks", str(BATCH)]
            + ["--stages", "00"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        started, left_running = _stop(processes)

    assert done.returncode == 0, done.stderr
    assert f"running campaigns on the Dask cluster at {address}" in done.stderr
    for campaign in ("dask-a", "dask-b"):
        report = out / campaign
        assert (report / "index.html").is_file(), campaign
        assert (report / "stage.txt").read_text(encoding="utf-8") == campaign
        summary = json.loads((report / "run.json").read_text(encoding="utf-8"))
        assert summary["ok"] is True and summary["campaign"] == campaign
        assert _passed_in(done.stdout, campaign), done.stdout
    assert (out / "index.html").is_file()  # the portfolio, across both
    assert all(p.poll() is not None for p in processes)
    assert started, "the worker kept no kernel between campaigns"
    assert left_running == [], "the worker left kernels running"


def _passed_in(table: str, campaign: str) -> bool:
    """Whether the summary table says the campaign passed."""
    return any(
        line.split()[:2] == [campaign, "passed"] for line in table.splitlines() if line.strip()
    )
