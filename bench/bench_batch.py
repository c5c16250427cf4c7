"""Benchmark: 20 campaigns with ``playbook batch`` against a sequential loop.

The campaigns are copies of the three example campaigns under new ids (``<id>-b01`` ...), with
their data paths made absolute, written to a scratch folder. The baseline is the plain
sequential loop: for each campaign, for each stage notebook, papermill's command line then
``jupyter nbconvert --to html --no-input`` (see ``bench_run.py``). ``--also-run-loop`` also
times a sequential loop of ``playbook run``. Everything runs a frozen copy of the project
taken at the start (see ``bench_run.py``). Each way's wall time and the CPU time of the
processes it started are printed, with the load average before and after. Nothing is
asserted: this prints.

Usage::

    .venv/bin/python bench/bench_batch.py [--campaigns 20] [--jobs N] [--stages 00-06]
        [--also-run-loop] [--plain-sample 3]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
from pathlib import Path

from bench_run import BIN, Timing, freeze, load, plain_way, run

from helpers.stages.registry import discover_stages, select_stages


def campaign_copies(count: int, examples_dir: Path, folder: Path) -> list[Path]:
    """``count`` campaign files cycling through the examples, each with its own id."""
    examples = sorted(examples_dir.glob("*.yaml"))
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for number in range(1, count + 1):
        example = examples[(number - 1) % len(examples)]
        text = example.read_text(encoding="utf-8")
        text = re.sub(r"^id: (\S+)", rf"id: \1-b{number:02d}", text, count=1, flags=re.M)
        text = re.sub(  # relative paths are relative to the example's folder
            r"^([ \t]*\w+:[ \t]+)(\.{1,2}/\S+)$",
            lambda m, base=example.parent: m[1] + str((base / m[2]).resolve()),
            text,
            flags=re.M,
        )
        path = folder / f"{example.stem}-b{number:02d}.yaml"
        path.write_text(text, encoding="utf-8")
        copies.append(path)
    return copies


def example_of(campaign: Path) -> str:
    """The example a copy was made from (``aurora-baltics-2027-b04`` -> ``aurora-baltics-2027``)."""
    return re.sub(r"-b\d+$", "", campaign.stem)


def plain_loop(
    campaigns: list[Path], sample: int | None, stages, folder: Path, env: dict[str, str]
) -> Timing:
    """The plain way for every campaign in turn; with ``sample``, for the first ``sample``
    campaigns only, each example's mean time then counted once per copy of that example (the
    loop is sequential and its campaigns independent, so this is its time, extrapolated)."""
    timed: dict[str, list[Timing]] = {}
    for campaign in campaigns[: sample or len(campaigns)]:
        timing = plain_way(campaign, stages, folder / campaign.stem, env)
        timed.setdefault(example_of(campaign), []).append(timing)
    total = Timing()
    total.wall = total.cpu = 0.0
    for campaign in campaigns:
        runs = timed.get(example_of(campaign)) or [t for ts in timed.values() for t in ts]
        total.wall += sum(t.wall for t in runs) / len(runs)
        total.cpu += sum(t.cpu for t in runs) / len(runs)
    if sample and sample < len(campaigns):
        print(f"(the plain loop timed on {sample} campaigns, extrapolated to {len(campaigns)})")
    return total


def main() -> None:
    """Time the batch and the loop(s) and print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--stages", default=None, help="e.g. 00-06 (default: all)")
    parser.add_argument("--also-run-loop", action="store_true")
    parser.add_argument(
        "--plain-sample",
        type=int,
        default=None,
        help="run the plain loop on the first N campaigns only and extrapolate (default: all)",
    )
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        env = freeze(scratch / "project")
        stages = select_stages(discover_stages(scratch / "project" / "notebooks"), args.stages)
        examples = scratch / "project" / "data" / "campaigns"
        campaigns = campaign_copies(args.campaigns, examples, scratch / "campaigns")
        print(f"{len(campaigns)} campaigns x {len(stages)} stages; {os.cpu_count()} cores")
        print(f"load average before {load()}")

        command = [str(BIN / "playbook"), "batch", str(scratch / "campaigns")]
        command += ["-j", str(args.jobs), "--out", str(scratch / "batch")]
        if args.stages:
            command += ["--stages", args.stages]
        with Timing() as batch:
            run(command, env)
        print(f"playbook batch -j {args.jobs}: {batch}", flush=True)

        loops = {}
        if args.also_run_loop:
            with Timing() as loops["sequential playbook run"]:
                for campaign in campaigns:
                    command = [str(BIN / "playbook"), "run", str(campaign)]
                    command += ["--out", str(scratch / "run-loop")]
                    if args.stages:
                        command += ["--stages", args.stages]
                    run(command, env)
            print(f"sequential playbook run: {loops['sequential playbook run']}", flush=True)

        name = "plain sequential loop"
        loops[name] = plain_loop(campaigns, args.plain_sample, stages, scratch / "plain", env)
        print(f"{name}: {loops[name]}")
        for name, loop in loops.items():
            print(
                f"speed-up of playbook batch over the {name}: {loop.wall / batch.wall:.2f}x "
                f"wall, {loop.cpu / batch.cpu:.2f}x CPU"
            )
        print(f"load average after {load()}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
