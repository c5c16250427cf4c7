"""``playbook batch``: many campaigns at once, on this machine's cores or on a Dask cluster.

Each campaign runs in a worker process (``-j N``, the number of cores by default); a worker
keeps one warm kernel and reuses it from campaign to campaign, reset before every stage (see
:mod:`helpers.run.kernels`). One campaign failing, or its worker dying, never stops or spoils
another: the worker is replaced and the others go on. With ``--scheduler ADDRESS`` the same
work goes to a Dask distributed cluster instead (the ``cluster`` extra); its workers need the
project installed and must see the campaign files and the reports folder at the same paths (a
shared drive).
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import json
import multiprocessing
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty

from helpers.core.config import NOTEBOOKS_DIR, REPORTS_DIR
from helpers.core.errors import InputError, TransientError, display_path, problem

CAMPAIGN_SUFFIXES = (".yaml", ".yml")
SCHEDULER_SECONDS = 10  # how long a scheduler may take to answer before the batch gives up
GLOB_CHARACTERS = set("*?[")


@dataclass(frozen=True)
class RunOptions:
    """How every campaign of a batch is run (the ``playbook run`` options)."""

    out_dir: Path = REPORTS_DIR
    stages: str | None = None
    keep_going: bool = False
    notebooks_dir: Path = NOTEBOOKS_DIR
    fresh_kernels: bool = False
    pdf: bool = False
    stage_timeout: float | None = None


@dataclass
class CampaignOutcome:
    """What happened to one campaign of a batch.

    ``status`` is ``passed`` (every stage done), ``failed`` (a stage failed; its report is in
    ``<id>.failed/``), ``invalid`` (the campaign or a data file has mistakes; nothing ran) or
    ``crashed`` (the run itself broke, e.g. its worker died). ``state`` is the campaign's state
    as its report's ``run.json`` records it (planning, live or finished): a campaign still
    being planned or live passes like a finished one; only a real failure fails.
    """

    campaign: str
    file: str
    status: str = "waiting"
    seconds: float = 0.0
    report: str | None = None
    message: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    state: str | None = None

    @property
    def passed(self) -> bool:
        """True when every stage of the campaign finished."""
        return self.status == "passed"


def campaign_files(paths: Sequence[str | Path]) -> list[Path]:
    """The campaign files named by files, folders (their ``*.yaml``) and glob patterns.

    Raises
    ------
    InputError
        When a folder or pattern holds no campaign file, or nothing at all was found.
    """
    found: dict[Path, None] = {}
    problems = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            matches = sorted(p for p in path.iterdir() if p.suffix in CAMPAIGN_SUFFIXES)
            if not matches:
                problems.append(problem(path, "", "folder holds no campaign file (*.yaml)"))
        elif not path.exists() and GLOB_CHARACTERS & set(str(given)):
            matches = sorted(Path(p) for p in glob.glob(str(path), recursive=True))
            matches = [p for p in matches if p.is_file() and p.suffix in CAMPAIGN_SUFFIXES]
            if not matches:
                problems.append(problem(path, "", "pattern matches no campaign file"))
        else:
            matches = [path]  # a missing file is reported with the campaign, as "invalid"
        found.update(dict.fromkeys(p.resolve() for p in matches))
    if problems:
        raise InputError(problems)
    if not found:
        raise InputError(["playbook batch: no campaign files given"])
    return list(found)


def plan_batch(files: Sequence[Path]) -> list[CampaignOutcome]:
    """One outcome per file, with the campaign's id; files that cannot run are ``invalid``.

    The campaign files are read here (quickly, without their data files) so that two files
    with the same ``id``, which would write over each other's report, are caught first.
    """
    from helpers.core.campaign import load_campaign

    outcomes, first_with_id = [], {}
    for path in files:
        outcome = CampaignOutcome(campaign=path.stem, file=str(path))
        try:
            campaign = load_campaign(path)
        except InputError as error:
            outcome.status, outcome.problems = "invalid", error.problems
        else:
            outcome.campaign = campaign.id
            if campaign.id in first_with_id:
                other = first_with_id[campaign.id]
                outcome.status = "invalid"
                outcome.problems = [
                    problem(path, "id", f"{campaign.id!r} is also the id of {display_path(other)} "
                            "(ids name report folders, so each must be unique)")
                ]  # fmt: skip
            else:
                first_with_id[campaign.id] = path
        if outcome.status == "invalid":
            outcome.message = outcome.problems[0] if outcome.problems else None
        outcomes.append(outcome)
    return outcomes


# --- one campaign, in a worker -------------------------------------------------------------

_pools = threading.local()  # one kernel pool per worker thread, kept across campaigns


def _worker_pool(options: RunOptions):
    from helpers.run.kernels import KernelPool, notebook_imports
    from helpers.stages.registry import discover_stages, select_stages

    key = (str(options.notebooks_dir), options.stages, options.fresh_kernels)
    pools = _pools.__dict__.setdefault("pools", {})
    if key not in pools:
        stages = select_stages(discover_stages(options.notebooks_dir), options.stages)
        pools[key] = KernelPool(
            reuse=not options.fresh_kernels,
            warm_modules=notebook_imports(stage.path for stage in stages),
        )
        atexit.register(pools[key].close)
    return pools[key]


def run_one(
    campaign_file: str | Path,
    options: RunOptions,
    on_stage: Callable[[str, str], None] | None = None,
) -> CampaignOutcome:
    """Run one campaign and say what happened; never raises for a campaign's own trouble.

    Parameters
    ----------
    campaign_file : str or Path
        The campaign file.
    options : RunOptions
        How to run it.
    on_stage : callable, optional
        Called with ``(stage key, status)`` after each stage.

    Returns
    -------
    CampaignOutcome
    """
    from helpers.run.runner import run_campaign

    path = Path(campaign_file)
    outcome = CampaignOutcome(campaign=path.stem, file=str(path), status="running")
    started = time.perf_counter()
    try:
        pool = _worker_pool(options)
        result = run_campaign(
            path,
            out_dir=options.out_dir,
            stages=options.stages,
            keep_going=options.keep_going,
            notebooks_dir=options.notebooks_dir,
            kernels=pool,
            pdf=options.pdf,
            stage_timeout=options.stage_timeout,
            on_stage=(lambda stage, res: on_stage(stage.key, res.status)) if on_stage else None,
        )
    except InputError as error:
        outcome.status, outcome.problems = "invalid", error.problems
        outcome.message = error.problems[0] if error.problems else "invalid input"
    except (ValueError, FileExistsError) as error:
        outcome.status, outcome.message = "invalid", str(error)
        outcome.problems = [str(error)]
    except Exception as error:  # the run broke: say so, and let the other campaigns go on
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        outcome.status, outcome.message = "crashed", f"{type(error).__name__}: {first}"
    else:
        outcome.campaign = result.campaign_id
        outcome.report = str(result.report_dir / "index.html")
        outcome.notes = list(result.notes)
        outcome.state = report_state(result.report_dir)
        failed = result.failed
        outcome.status = "passed" if result.ok else "failed"
        if failed:
            outcome.message = f"stage {failed.stage} failed at {failed.error}"
        elif options.pdf and not result.pdf:  # the report is there; the PDF asked for is not
            outcome.status = "failed"
            outcome.message = next((n for n in result.notes if "PDF" in n), "no PDF printed")
    outcome.seconds = round(time.perf_counter() - started, 2)
    return outcome


def report_state(report_dir: Path) -> str | None:
    """The campaign state a report's ``run.json`` records (None without one)."""
    try:
        return json.loads((Path(report_dir) / "run.json").read_text(encoding="utf-8")).get("state")
    except (OSError, ValueError):
        return None


def _worker_main(tasks, events, options: RunOptions) -> None:
    """A worker process: run campaigns from ``tasks`` until told to stop; report on ``events``."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # terminate() cleans up like Ctrl-C: no half reports
    try:
        while True:
            task = tasks.get()
            if task is None:
                break
            index, path = task
            events.put(("start", index, os.getpid()))
            outcome = run_one(
                path, options, lambda key, status, i=index: events.put(("stage", i, key, status))
            )
            events.put(("done", index, outcome))
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # let the kernels stop in peace
        for pool in _pools.__dict__.get("pools", {}).values():
            with contextlib.suppress(Exception):
                pool.close()


# --- many campaigns ------------------------------------------------------------------------


def run_local(
    outcomes: list[CampaignOutcome],
    options: RunOptions,
    jobs: int | None = None,
    progress: BatchProgress | None = None,
) -> list[CampaignOutcome]:
    """Run the campaigns not yet ``invalid`` in ``jobs`` worker processes on this machine.

    A worker that dies takes only its current campaign with it (``crashed``); a new worker
    takes its place for the campaigns still waiting.
    """
    progress = progress or BatchProgress(outcomes, stream=None)
    waiting = [i for i, outcome in enumerate(outcomes) if outcome.status == "waiting"]
    if not waiting:
        return outcomes
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(waiting)))
    pool = _Workers(outcomes, waiting, options, progress)
    try:
        pool.start(jobs)
        while pool.remaining:
            try:
                event = pool.events.get(timeout=0.5)
            except Empty:
                pool.replace_dead()
                continue
            pool.handle(event)
    except BaseException:
        pool.terminate()  # Ctrl-C or a crash here: stop them (they clean up after them)
        raise
    finally:
        pool.join()  # after the last campaign they only close their kernels
        progress.close()
    return outcomes


class _Workers:
    """The worker processes of a local batch and what each is running."""

    def __init__(self, outcomes, waiting, options, progress):
        self.outcomes, self.waiting, self.options, self.progress = (
            outcomes,
            waiting,
            options,
            progress,
        )
        self.context = multiprocessing.get_context("spawn")  # no fork of a process with threads
        self.tasks, self.events = self.context.Queue(), self.context.Queue()
        self.workers: list = []
        self.running: dict[int, int] = {}  # worker pid -> campaign index
        self.remaining, self.started, self.restarts = len(waiting), 0, 0

    def start(self, jobs: int) -> None:
        """Queue the campaigns, one stop sign per worker, and start the workers."""
        for index in self.waiting:
            self.tasks.put((index, self.outcomes[index].file))
        for _worker in range(jobs):
            self.tasks.put(None)
        self.workers = [self._start_worker() for _worker in range(jobs)]

    def _start_worker(self):
        args = (self.tasks, self.events, self.options)
        worker = self.context.Process(target=_worker_main, args=args, daemon=True)
        worker.start()
        return worker

    def _finish(self, index: int, status: str, message: str) -> None:
        self.outcomes[index].status, self.outcomes[index].message = status, message
        self.progress.finished(index)

    def replace_dead(self) -> None:
        """A dead worker's campaign crashed; a new worker takes its place while any wait."""
        for worker in [w for w in self.workers if not w.is_alive()]:
            self.workers.remove(worker)
            index = self.running.pop(worker.pid, None)
            if index is not None:
                died = f"its worker process died (exit code {worker.exitcode})"
                self._finish(index, "crashed", died)
                self.remaining -= 1
            more = self.started < len(self.waiting) and self.restarts < len(self.waiting)
            if worker.exitcode and more:
                self.workers.append(self._start_worker())  # a new worker for the ones waiting
                self.restarts += 1
        if self.remaining and not self.workers:  # nobody left to run them: say so, not hang
            for index in self.waiting:
                if self.outcomes[index].status in ("waiting", "running"):
                    self._finish(index, "crashed", "not run: no worker process was left")
            self.remaining = 0

    def handle(self, event: tuple) -> None:
        """One message from a worker: a campaign started, a stage ended, a campaign is done."""
        kind, index = event[0], event[1]
        if kind == "start":
            self.running[event[2]] = index
            self.started += 1
            self.outcomes[index].status = "running"
            self.progress.started(index)
        elif kind == "stage":
            self.progress.stage(index, event[2], event[3])
        elif kind == "done":
            self.running = {pid: i for pid, i in self.running.items() if i != index}
            self.outcomes[index] = event[2]
            self.progress.finished(index)
            self.remaining -= 1

    def terminate(self) -> None:
        for worker in self.workers:
            if worker.is_alive():
                worker.terminate()

    def join(self) -> None:
        for worker in self.workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()


def run_on_cluster(
    outcomes: list[CampaignOutcome],
    options: RunOptions,
    address: str,
    progress: BatchProgress | None = None,
) -> list[CampaignOutcome]:
    """Run the campaigns not yet ``invalid`` on a Dask distributed cluster at ``address``.

    Raises
    ------
    ValueError
        When dask.distributed is not installed.
    TransientError
        When the scheduler cannot be reached or does not answer as a Dask scheduler.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ValueError(
            "--scheduler needs dask.distributed: pip install 'influencer-playbook[cluster]'"
        ) from None
    progress = progress or BatchProgress(outcomes, stream=None)
    waiting = [i for i, outcome in enumerate(outcomes) if outcome.status == "waiting"]
    if not waiting:
        return outcomes
    client = connect_scheduler(Client, address)
    token = secrets.token_hex(3)
    try:
        futures = {}
        for index in waiting:
            outcome = outcomes[index]
            future = client.submit(
                run_one, outcome.file, options, key=f"playbook-{outcome.campaign}-{token}",
                pure=False, retries=0,
            )  # fmt: skip
            futures[future] = index
            outcome.status = "running"
            progress.started(index)
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcomes[index] = future.result()
            except Exception as error:  # the task itself broke (a worker lost, say)
                outcomes[index].status = "crashed"
                outcomes[index].message = f"{type(error).__name__}: {error}"
            progress.finished(index)
    finally:
        client.close()
        progress.close()
    return outcomes


def connect_scheduler(client_class, address: str, seconds: float = SCHEDULER_SECONDS):
    """A Dask client connected to ``address``, or a :class:`TransientError` within ``seconds``.

    Dask's own connect timeout does not cover a server that accepts the connection and never
    answers as a scheduler (an HTTP server, say), so the connection is made in a thread that
    is abandoned when it takes too long.
    """
    box: dict[str, object] = {}

    def connect() -> None:
        try:
            box["client"] = client_class(address, timeout=f"{seconds:g}s")
        except Exception as error:  # reported below, in the caller's thread
            box["error"] = error

    worker = threading.Thread(target=connect, name="playbook-scheduler", daemon=True)
    worker.start()
    worker.join(seconds + 5)
    if "client" in box:
        return box["client"]
    reason = box.get("error") or f"no answer as a Dask scheduler in {seconds:g} s"
    raise TransientError(
        f"cannot reach the Dask scheduler at {address}: {reason} (check the address and that "
        "the scheduler is running, then try again)"
    )


def exit_status(outcomes: Sequence[CampaignOutcome]) -> int:
    """0 when every campaign passed; 1 when a stage failed or a run broke; 2 when only input
    was wrong (a campaign or data file), as for ``playbook run``."""
    if all(outcome.passed for outcome in outcomes):
        return 0
    if any(outcome.status in ("failed", "crashed") for outcome in outcomes):
        return 1
    return 2


# --- what the user sees --------------------------------------------------------------------


class BatchProgress:
    """One line per campaign: redrawn in place on a terminal, else printed when it ends."""

    def __init__(self, outcomes: list[CampaignOutcome], stream=None) -> None:
        self.outcomes = outcomes
        self.stream = stream
        self.stages: dict[int, str] = {}
        self.done = 0
        self.width = max((len(o.campaign) for o in outcomes), default=8)
        rows = shutil_rows()
        self.live = bool(stream) and stream.isatty() and len(outcomes) < rows - 1
        self.drawn = False
        for index, outcome in enumerate(outcomes):
            if outcome.status == "invalid":
                self.finished(index)

    def line(self, index: int) -> str:
        """The progress line of one campaign."""
        outcome = self.outcomes[index]
        name = outcome.campaign.ljust(self.width)
        if outcome.status == "running":
            return f"{name}  running  {self.stages.get(index, 'starting')}"
        if outcome.status == "waiting":
            return f"{name}  waiting"
        where = display_path(outcome.report) if outcome.report else (outcome.message or "")
        state = f"{outcome.state:<8}  " if outcome.state else ""
        return f"{name}  {outcome.status:<7}  {state}{outcome.seconds:6.1f} s  {where}"

    def _draw(self) -> None:
        if self.drawn:
            self.stream.write(f"\x1b[{len(self.outcomes)}F")
        for index in range(len(self.outcomes)):
            self.stream.write("\x1b[2K" + self.line(index)[:200] + "\n")
        self.stream.flush()
        self.drawn = True

    def started(self, index: int) -> None:
        """A campaign started."""
        if self.live:
            self._draw()

    def stage(self, index: int, key: str, status: str) -> None:
        """A campaign finished a stage."""
        self.stages[index] = f"{key} {status}"
        if self.live:
            self._draw()

    def finished(self, index: int) -> None:
        """A campaign finished (or could not start)."""
        self.done += 1
        if self.live:
            self._draw()
        elif self.stream:
            total = len(self.outcomes)
            print(f"[{self.done:>{len(str(total))}}/{total}] {self.line(index)}", file=self.stream)

    def close(self) -> None:
        """Nothing left to draw."""
        if self.stream:
            self.stream.flush()


def shutil_rows() -> int:
    """The terminal's height (24 when unknown)."""
    import shutil

    return shutil.get_terminal_size((100, 24)).lines


def summary_table(outcomes: Sequence[CampaignOutcome]) -> str:
    """The final table: campaign, status, state (planning, live, finished), duration and
    report, one row per campaign."""
    rows = [("campaign", "status", "state", "duration", "report")]
    for outcome in outcomes:
        report = display_path(outcome.report) if outcome.report else "-"
        seconds = f"{outcome.seconds:.1f} s"
        rows.append((outcome.campaign, outcome.status, outcome.state or "-", seconds, report))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(
            cell.rjust(widths[i]) if i == 3 else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]
    return "\n".join(lines)


def run_batch(
    paths: Sequence[str | Path],
    options: RunOptions,
    jobs: int | None = None,
    scheduler: str | None = None,
    stream="stderr",
) -> list[CampaignOutcome]:
    """Run every campaign named by ``paths`` (files, folders, globs) and return the outcomes.

    Parameters
    ----------
    paths : list of str or Path
        Campaign files, folders of them, or glob patterns.
    options : RunOptions
        How each campaign is run.
    jobs : int, optional
        Worker processes on this machine; the number of cores by default.
    scheduler : str, optional
        A Dask scheduler address (``tcp://host:8786``): run there instead.
    stream : file, optional
        Where progress lines go: standard error by default, None for nowhere.

    Raises
    ------
    InputError
        When the paths name no campaign file at all.
    """
    options = RunOptions(
        out_dir=Path(options.out_dir).resolve(),
        stages=options.stages,
        keep_going=options.keep_going,
        notebooks_dir=Path(options.notebooks_dir).resolve(),
        fresh_kernels=options.fresh_kernels,
        pdf=options.pdf,
    )
    from helpers.stages.registry import discover_stages, select_stages

    select_stages(discover_stages(options.notebooks_dir), options.stages)  # a bad --stages: stop
    outcomes = plan_batch(campaign_files(paths))
    progress = BatchProgress(outcomes, stream=sys.stderr if stream == "stderr" else stream)
    if scheduler:
        return run_on_cluster(outcomes, options, scheduler, progress)
    return run_local(outcomes, options, jobs, progress)
