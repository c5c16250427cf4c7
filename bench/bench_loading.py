"""Benchmark: what loading the campaign's data costs each stage, before and after a change.

For one campaign, the statements of every stage notebook's first code cell that load its tables
(from the first line that loads to the last; the lines before them, imports, ``open_run`` and
the translator, are run first, untimed, and so is the import of ``helpers.core.data``, which a
kernel does while it waits for its stage) are executed the way ``playbook run`` executes them:

* the runner's own load (the readiness check, and where the code has one, filling the run
  folder's cache);
* **one kernel**: every stage in one process, one after the other (the runner's reused kernel);
* **fresh kernels**: every stage in a process of its own (``--fresh-kernels``, batch workers).

Give ``--before`` a copy of the project before the change (``git archive <commit> | tar -x -C
DIR``) to time both side by side in one invocation; each side runs with its own ``src/`` first
on ``PYTHONPATH`` and its own notebooks. Also printed: what pandas alone needs to read the
campaign's files once (``pd.read_csv``, no checks), and the load average before and after.
Nothing is asserted: this prints.

Usage::

    .venv/bin/python bench/bench_loading.py [--before DIR] [--campaign FILE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
STAGES = (
    "00-landscape",
    "01-goals",
    "02-vetting",
    "03-negotiation",
    "04-calendar",
    "05-monitoring",
    "06-roi",
)
LOADS = ("load_campaign_data", "load_stage_data", "read_stage_data", "eligible_roster")

WORKER = r"""
import json, sys, time
from pathlib import Path

mode, campaign_file, run_dir = sys.argv[1:4]
if mode == "runner":
    from helpers.core.campaign import load_campaign
    from helpers.core.data import load_campaign_data

    started = time.perf_counter()
    campaign = load_campaign(campaign_file)
    load_campaign_data(campaign)
    seconds = {"readiness": time.perf_counter() - started}
    started = time.perf_counter()
    try:
        load_campaign_data(campaign, cache_in=run_dir)
    except TypeError:  # code without a run-folder cache
        pass
    else:
        seconds["cache"] = time.perf_counter() - started
    print(json.dumps(seconds))
elif mode == "read":
    import pandas as pd
    from helpers.core.campaign import load_campaign

    files = [s.file for s in load_campaign(campaign_file).data.named().values()]
    started = time.perf_counter()
    rows = sum(len(pd.read_csv(path)) for path in files)
    print(json.dumps({"read": time.perf_counter() - started, "rows": rows}))
else:
    import helpers.core.data  # noqa: F401  (a kernel imports it while it waits: not timed)

    seconds = {}
    for notebook in sys.argv[4:]:
        cell = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
        source = "".join(next(c["source"] for c in cell if c.get("id") == "c02"))
        lines = source.splitlines()
        loads = [
            i
            for i, line in enumerate(lines)
            if any(w in line for w in LOADS) and not line.startswith(("from ", "import "))
        ]
        scope = {"campaign_file": campaign_file, "run_dir": run_dir, "interactive": False}
        exec("\n".join(lines[: loads[0]]), scope)  # imports, open_run, translator: not timed
        started = time.perf_counter()
        exec("\n".join(lines[loads[0] : loads[-1] + 1]), scope)
        seconds[Path(notebook).stem] = time.perf_counter() - started
    print(json.dumps(seconds))
""".replace("LOADS", repr(LOADS))


def load() -> str:
    """The 1-, 5- and 15-minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def worker(tree: Path, mode: str, campaign: Path, run_dir: Path, *notebooks: str) -> dict:
    """Run one timing in a new process on a tree's code and notebooks."""
    env = os.environ | {"PYTHONPATH": str(tree / "src"), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", WORKER, mode, str(campaign), str(run_dir), *notebooks],
        cwd=tree / "notebooks",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"{tree}: {mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def one_side(tree: Path, campaign: Path) -> dict[str, dict[str, float]]:
    """The runner's load, every stage in one process, every stage in its own process."""
    notebooks = [str(tree / "notebooks" / f"{stage}.ipynb") for stage in STAGES]
    with tempfile.TemporaryDirectory(prefix="bench-loading-") as folder:
        runner = worker(tree, "runner", campaign, Path(folder))
        kept = worker(tree, "stages", campaign, Path(folder), *notebooks)
        fresh = {}
        for notebook in notebooks:
            fresh |= worker(tree, "stages", campaign, Path(folder), notebook)
    return {"runner": runner, "one kernel": kept, "fresh kernels": fresh}


def median_of(runs: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    return {
        part: {key: statistics.median(run[part][key] for run in runs) for key in runs[0][part]}
        for part in runs[0]
    }


def show(label: str, side: dict[str, dict[str, float]]) -> None:
    runner = ", ".join(f"{key} {value:.2f} s" for key, value in side["runner"].items())
    print(f"\n{label}\n  runner: {runner}")
    print(f"  {'stage':16s} {'one kernel':>11s} {'fresh kernels':>14s}")
    for stage in STAGES:
        kept, fresh = side["one kernel"][stage], side["fresh kernels"][stage]
        print(f"  {stage:16s} {kept:10.2f}s {fresh:13.2f}s")
    total = (sum(side["one kernel"].values()), sum(side["fresh kernels"].values()))
    print(f"  {'stages, total':16s} {total[0]:10.2f}s {total[1]:13.2f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="a copy of the project before the change")
    parser.add_argument(
        "--campaign", type=Path, default=PROJECT / "data/campaigns/aurora-baltics-2027.yaml"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    campaign = args.campaign.resolve()
    print(f"campaign {campaign.name}; load average before: {load()}")
    sides = {"after (this project)": PROJECT}
    if args.before:
        sides = {"before": args.before.resolve(), **sides}
        before_campaign = args.before.resolve() / campaign.relative_to(PROJECT)
    reference = worker(PROJECT, "read", campaign, PROJECT)
    rows, seconds = reference["rows"], reference["read"]
    print(f"pandas reads the campaign's {rows:,} rows once in {seconds:.2f} s (no checks)")
    results = {}
    for label, tree in sides.items():
        runs = [
            one_side(tree, before_campaign if tree != PROJECT else campaign)
            for _ in range(args.repeat)
        ]
        results[label] = median_of(runs)
        show(f"{label}: median of {args.repeat}", results[label])
    if args.before:
        before, after = (results[label] for label in sides)
        for mode in ("one kernel", "fresh kernels"):
            old, new = sum(before[mode].values()), sum(after[mode].values())
            print(f"{mode}: stages' loading {old:.2f} s -> {new:.2f} s ({old / new:.1f}x less)")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
