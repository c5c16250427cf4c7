"""Benchmark: one campaign with ``playbook run`` against the same notebooks run the plain way.

The plain way is what a team would script without this project's runner: for every stage
notebook, papermill's command line (a new process, a new kernel), then ``jupyter nbconvert
--to html --no-input`` on the result (another new process). ``playbook run`` does the same work
(the same notebooks, parameters and kernel, a code-free HTML page per stage) plus its own
extras (the data check up front, the index page, the one-page report, run.json). Both run in
this one invocation, one after the other, ``--repeat`` times, and the medians are compared:
wall time, and the CPU time of every process each way started (kernels included), with the
load average before and after (other work on the two cores slows the wall time, not the CPU).
Both run a frozen copy of the project (``src/``, ``data/``, ``notebooks/``, ``playbook/``; ``src/``
first on ``PYTHONPATH``) taken at the start, so that code edited meanwhile changes neither side.
Nothing is asserted: this prints.

Usage::

    .venv/bin/python bench/bench_run.py [--campaign data/campaigns/aurora-baltics-2027.yaml]
        [--stages 00-06] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from helpers.core.config import DEMO_CAMPAIGN, PROJECT_ROOT
from helpers.run.kernels import kernel_name
from helpers.stages.registry import Stage, discover_stages, select_stages

BIN = Path(sys.executable).parent
PROJECT_PARTS = ("src", "data", "notebooks", "playbook")  # playbook: templates


def freeze(folder: Path) -> dict[str, str]:
    """Copy the project's code, data and notebooks to ``folder``; the environment that runs it.

    ``helpers.core.config`` finds the project from its own file, so the copy's ``data/`` and
    ``notebooks/`` are used too, and the kernels (which inherit the environment) import the
    copy's ``helpers``.
    """
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
    for part in PROJECT_PARTS:
        shutil.copytree(PROJECT_ROOT / part, folder / part, ignore=skip)
    path = os.pathsep.join(filter(None, [str(folder / "src"), os.environ.get("PYTHONPATH")]))
    return os.environ | {"PYTHONPATH": path}


def load() -> str:
    """The 1-, 5- and 15-minute load averages: other work on the cores slows both sides."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes and what they waited for
    (kernels included: their runner stops and reaps them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Timing:
    """Wall and CPU seconds of the commands run in a block."""

    def __enter__(self) -> Timing:
        self.wall, self.cpu = time.perf_counter(), children_cpu()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = children_cpu() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:7.1f} s wall, {self.cpu:7.1f} s CPU"


def run(command: list[str], env: dict[str, str] | None = None) -> None:
    """Run a command; stop the benchmark with its output if it fails."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def plain_way(campaign: Path, stages: list[Stage], out: Path, env: dict[str, str]) -> Timing:
    """Papermill's CLI then ``jupyter nbconvert`` for every stage notebook, timed."""
    run_dir = out / "run"
    run_dir.mkdir(parents=True)
    with Timing() as timing:
        for stage in stages:
            plain_stage(campaign, stage, run_dir, env)
    return timing


def plain_stage(campaign: Path, stage: Stage, run_dir: Path, env: dict[str, str]) -> None:
    """One stage the plain way: a papermill process, then an nbconvert process."""
    executed = run_dir / f"{stage.key}.ipynb"
    run(
        [str(BIN / "papermill"), str(stage.path), str(executed)]
        + ["-p", "campaign_file", str(campaign), "-p", "run_dir", str(run_dir)]
        + ["-p", "interactive", "False", "-k", kernel_name(), "--cwd", str(stage.path.parent)]
        + ["--no-progress-bar", "--log-level", "ERROR"],
        env,
    )
    run(
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)]
        + ["--log-level", "ERROR"],
        env,
    )


def playbook_way(campaign: Path, spec: str | None, out: Path, env: dict[str, str]) -> Timing:
    """``playbook run`` of the same stages, timed."""
    command = [str(BIN / "playbook"), "run", str(campaign), "--out", str(out)]
    if spec:
        command += ["--stages", spec]
    with Timing() as timing:
        run(command, env)
    return timing


def main() -> None:
    """Time both ways and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaign", type=Path, default=DEMO_CAMPAIGN)
    parser.add_argument("--stages", default=None, help="e.g. 00-06 (default: all)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    frozen = Path(tempfile.mkdtemp(prefix="bench-project-"))
    env = freeze(frozen)
    campaign = frozen / args.campaign.resolve().relative_to(PROJECT_ROOT)
    stages = select_stages(discover_stages(frozen / "notebooks"), args.stages)
    print(f"campaign {campaign.name}; stages {', '.join(s.key for s in stages)}")
    print(f"{os.cpu_count()} cores; kernel {kernel_name()}; load average before {load()}")
    plain, ours = [], []
    try:
        for attempt in range(args.repeat):
            scratch = Path(tempfile.mkdtemp(prefix="bench-run-"))
            try:
                plain.append(plain_way(campaign, stages, scratch / "plain", env))
                ours.append(playbook_way(campaign, args.stages, scratch / "playbook", env))
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
            print(f"run {attempt + 1}: plain {plain[-1]}; playbook run {ours[-1]}", flush=True)
    finally:
        shutil.rmtree(frozen, ignore_errors=True)
    wall = [statistics.median(t.wall for t in way) for way in (plain, ours)]
    cpu = [statistics.median(t.cpu for t in way) for way in (plain, ours)]
    print(f"{'median of ' + str(args.repeat):<52}{'wall s':>8}{'CPU s':>8}")
    print(f"{'plain way (papermill CLI + nbconvert per notebook)':<52}{wall[0]:8.1f}{cpu[0]:8.1f}")
    print(f"{'playbook run':<52}{wall[1]:8.1f}{cpu[1]:8.1f}")
    print(f"{'speed-up':<52}{wall[0] / wall[1]:7.2f}x{cpu[0] / cpu[1]:7.2f}x")
    print(f"load average after {load()}")


if __name__ == "__main__":
    main()
