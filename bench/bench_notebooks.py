"""Benchmark: the notebooks' own code in one plain Python process, against reading the data once.

The demo campaign's stage notebooks are taken apart as papermill would run them: their code
cells in order, with the parameters papermill injects (``campaign_file``, ``run_dir``,
``interactive = False``) in a cell after the ``parameters`` cell. A new Python process runs
every stage's cells one after the other (each stage in a fresh namespace, in the notebooks'
folder, figures closed in between, one run folder for them all, as in a run), timing each stage.
The yardstick is the same process reading every data file the campaign names once with pandas
(``pd.read_csv``, ``pd.read_excel`` for a workbook) and nothing else: the ratio says how much
more than reading the data the stages' code costs. The notebooks' imports are timed on their
own first (a run's kernel imports them while the data is checked).

By default the cells run as plain Python (``exec``): no figure is drawn and no table turned into
HTML, as in a script. ``--ipython`` runs them in an IPython shell with the inline backend
instead, as the kernel does (every figure drawn to PNG with ``bbox_inches="tight"``, every
displayed object formatted), which adds the drawing. ``--profile DIR`` writes each stage's
cProfile statistics to ``DIR/<stage>.prof`` and prints its top functions. Nothing is asserted:
this prints.

Usage::

    .venv/bin/python bench/bench_notebooks.py [--campaign data/campaigns/aurora-baltics-2027.yaml]
        [--stages 00-06] [--ipython] [--profile DIR] [--cells N]

``--cells N`` also prints each stage's N slowest cells (wall seconds, the cell's number and its
first line).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAMETERS_TAG = "parameters"


# --- the parent: what to run, and the table of results --------------------------------------


def stage_cells(notebook: Path, parameters: dict[str, object]) -> list[str]:
    """A notebook's code cells in order, with papermill's injected-parameters cell."""
    from papermill.translators import translate_parameters

    injected = translate_parameters("python3", "python", parameters, "Parameters")
    cells = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]
        cells.append("".join(source) if isinstance(source, list) else source)
        if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            cells.append(injected)
    return cells


def campaign_files(campaign_file: Path) -> list[str]:
    """Every data file the campaign names (the sample world's files filled in), once each."""
    from helpers.core.campaign import load_campaign

    campaign = load_campaign(campaign_file)
    return sorted({str(source.file) for source in campaign.data.named().values()})


def job(args: argparse.Namespace, run_dir: Path) -> dict[str, object]:
    """What the child process runs: files to read, imports, and each stage's cells."""
    from helpers.core.config import NOTEBOOKS_DIR
    from helpers.run.kernels import notebook_imports
    from helpers.stages.registry import discover_stages, select_stages

    campaign_file = args.campaign.resolve()
    stages = select_stages(discover_stages(NOTEBOOKS_DIR), args.stages)
    parameters = {"campaign_file": str(campaign_file), "run_dir": str(run_dir)}
    parameters["interactive"] = False
    return {
        "files": campaign_files(campaign_file),
        "imports": notebook_imports(stage.path for stage in stages),
        "stages": [
            {"key": s.key, "cwd": str(s.path.parent), "cells": stage_cells(s.path, parameters)}
            for s in stages
        ],
        "ipython": args.ipython,
        "profile": str(args.profile.resolve()) if args.profile else None,
        "cells": args.cells,
    }


def load() -> str:
    """The 1-, 5- and 15-minute load averages: other work on the cores slows everything."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def print_table(result: dict[str, object]) -> None:
    """Wall and CPU seconds per step, each against reading the data once (wall and CPU)."""
    read = result["read"]
    stages, imports = result["stages"], result["imports"]
    drawing = result.get("ipython")
    header = f"{'':<20}{'wall s':>8}{'CPU s':>8}{'x read':>8}{'x read CPU':>11}"
    print(header + (f"{'drawing CPU s':>15}{'figures':>8}" if drawing else ""))

    def line(name: str, wall: float, cpu: float, row: dict | None = None) -> None:
        text = f"{name:<20}{wall:8.2f}{cpu:8.2f}{wall / read['wall']:7.0f}x"
        text += f"{cpu / read['cpu']:10.0f}x"
        if drawing and row is not None:
            text += f"{row['drawing']:15.2f}{row['figures']:8d}"
        print(text)

    line("read the data once", read["wall"], read["cpu"])
    line("imports", imports["wall"], imports["cpu"])
    for stage in stages:
        line(stage["key"], stage["wall"], stage["cpu"], stage)
    total = {k: sum(s[k] for s in stages) for k in ("wall", "cpu", "drawing", "figures")}
    line("all stages", total["wall"], total["cpu"], total)
    line("stages and imports", total["wall"] + imports["wall"], total["cpu"] + imports["cpu"])
    print(f"(read: {read['rows']:,} rows in {len(read['files'])} files, median of 3 reads)")
    for stage in stages if result.get("cells") else ():
        print(f"\n{stage['key']}: its {result['cells']} slowest cells (wall s, cell number)")
        for cell in stage["cells"][: result["cells"]]:
            first = cell["first"].splitlines()[0] if cell["first"] else ""
            print(f"{cell['wall']:8.2f}  cell {cell['cell']:>2}  {first}")


def main() -> None:
    """Run the notebooks' code in a new process and print the ratios."""
    from helpers.core.config import DEMO_CAMPAIGN

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaign", type=Path, default=DEMO_CAMPAIGN)
    parser.add_argument("--stages", default=None, help="e.g. 00-02 (default: all)")
    parser.add_argument("--ipython", action="store_true", help="run as the kernel does (drawing)")
    parser.add_argument("--profile", type=Path, help="folder for each stage's cProfile stats")
    parser.add_argument("--cells", type=int, default=0, help="print each stage's N slowest cells")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(json.loads(args.child.read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory(prefix="bench-notebooks-") as scratch:
        run_dir = Path(scratch) / "run"
        run_dir.mkdir()
        spec = Path(scratch) / "job.json"
        spec.write_text(json.dumps(job(args, run_dir)), encoding="utf-8")
        mode = "IPython shell, inline figures" if args.ipython else "plain Python (exec)"
        print(f"campaign {args.campaign.name}; {mode}; {os.cpu_count()} cores")
        print(f"load average before {load()}", flush=True)
        env = os.environ | {"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
        command = [sys.executable, str(Path(__file__).resolve()), "--child", str(spec)]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"the notebooks' code failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        report = done.stdout.rsplit("\n@@result ", 1)
        if report[0].strip():  # the profiles
            print(report[0].rstrip())
        print_table(json.loads(report[1]))
        print(f"the whole process, with its Python start: {elapsed:.2f} s")
        print(f"load average after {load()}")


# --- the child: one plain Python process ------------------------------------------------------


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def row(self, **more) -> dict[str, object]:
        """The timings as a row of the result."""
        return {"wall": self.wall, "cpu": self.cpu} | more


def read_once(files: list[str]) -> dict[str, object]:
    """Read every file with pandas alone (the yardstick); median of three, the first warms up."""
    import pandas as pd

    timings, rows = [], 0
    for _attempt in range(3):
        with Clock() as clock:
            rows = 0
            for file in files:
                frame = pd.read_excel(file) if file.endswith(".xlsx") else pd.read_csv(file)
                rows += len(frame)
        timings.append(clock)
    timings.sort(key=lambda c: c.wall)
    return timings[1].row(rows=rows, files=files)


def import_all(modules: list[str]) -> dict[str, object]:
    """Import the notebooks' modules (names imported from a module are skipped)."""
    import importlib
    import warnings

    with Clock() as clock, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in modules:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
    return clock.row()


def plain_runner():
    """Run a cell with ``exec`` in the stage's namespace."""

    def run(cell: str, namespace: dict, where: str) -> None:
        exec(compile(cell, where, "exec"), namespace)  # noqa: S102 (the notebooks' own code)

    return run


DRAWING = {"cpu": 0.0, "figures": 0}  # what the inline backend's drawing cost (--ipython)


def timed_drawing() -> None:
    """Count the CPU time of drawing figures to PNG and of their explicit tight layouts."""
    from IPython.core import pylabtools
    from matplotlib.figure import Figure

    def timed(function, count: bool):
        def wrapper(*args, **kwargs):
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                DRAWING["cpu"] += time.process_time() - started
                DRAWING["figures"] += count

        return wrapper

    pylabtools.print_figure = timed(pylabtools.print_figure, True)  # read when formats are set
    Figure.tight_layout = timed(Figure.tight_layout, False)


def ipython_runner():
    """Run a cell in an IPython shell with the inline backend, as a kernel does."""
    from IPython.core.interactiveshell import InteractiveShell

    class Shell(InteractiveShell):
        def enable_gui(self, gui=None) -> None:  # no event loop to hook, as in a kernel
            pass

    timed_drawing()
    shell = Shell.instance()
    shell.enable_matplotlib("inline")  # figures drawn to PNG after every cell, then closed
    import matplotlib.pyplot as plt

    plt.uninstall_repl_displayhook()  # no redraw before the PNG, as in the runner's kernel

    def run(cell: str, namespace: dict, where: str) -> None:
        if where.endswith(" cell 1>"):  # a new stage: emptied as the runner resets its kernel
            shell.reset(new_session=False)
            shell.execution_count = 1
        outcome = shell.run_cell(cell, store_history=True)  # as papermill runs cells
        outcome.raise_error()

    return run


def run_stage(stage: dict, run, profile: str | None) -> dict[str, object]:
    """Run one stage's cells in a fresh namespace; its wall and CPU time."""
    import cProfile

    import matplotlib.pyplot as plt

    os.chdir(stage["cwd"])
    namespace = {"__name__": "__main__"}
    profiler = cProfile.Profile() if profile else None
    drawn = dict(DRAWING)
    cells = []
    with Clock() as clock:
        if profiler:
            profiler.enable()
        for number, cell in enumerate(stage["cells"], 1):
            with Clock() as timed:
                run(cell, namespace, f"<{stage['key']} cell {number}>")
            cells.append({"cell": number, "wall": timed.wall, "first": cell.strip()[:60]})
        if profiler:
            profiler.disable()
    plt.close("all")
    if profiler:
        profiler.dump_stats(str(Path(profile) / f"{stage['key']}.prof"))
    drawing = {k: DRAWING[k] - drawn[k] for k in DRAWING}
    slowest = sorted(cells, key=lambda c: -c["wall"])
    return clock.row(
        key=stage["key"], drawing=drawing["cpu"], figures=drawing["figures"], cells=slowest
    )


def top_functions(profile: str, stages: list[dict], count: int = 12) -> None:
    """Print the functions each stage spends most time in (cumulative)."""
    import pstats

    for stage in stages:
        print(f"\n--- {stage['key']}: top {count} by cumulative time")
        stats = pstats.Stats(str(Path(profile) / f"{stage['key']}.prof"), stream=sys.stdout)
        stats.strip_dirs().sort_stats("cumulative").print_stats(count)


def child(spec: dict) -> None:
    """Read the data once, import, run every stage; print the timings as JSON at the end."""
    result = {"read": read_once(spec["files"])}
    with Clock() as clock:  # the shell and its inline backend come with the imports
        run = ipython_runner() if spec["ipython"] else plain_runner()
    result["imports"] = import_all(spec["imports"])
    result["imports"]["wall"] += clock.wall
    result["imports"]["cpu"] += clock.cpu
    if spec["profile"]:
        Path(spec["profile"]).mkdir(parents=True, exist_ok=True)
    quiet = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (the cells' prints)
    stdout, sys.stdout = sys.stdout, quiet
    try:
        result["stages"] = [run_stage(stage, run, spec["profile"]) for stage in spec["stages"]]
    finally:
        sys.stdout = stdout
    if spec["profile"]:
        top_functions(spec["profile"], spec["stages"])
    result["ipython"] = spec["ipython"]
    result["cells"] = spec["cells"]
    print("\n@@result " + json.dumps(result))


if __name__ == "__main__":
    main()
