"""Running a campaign: every stage notebook through papermill, then code-free HTML and an index.

A run is written to a hidden temporary folder beside the report (``.<id>.partial-<host>-<pid>-…``)
and moved into place at the end, so a failed or killed rerun never destroys the last good report:
a failed run is kept as ``reports/<id>.failed/``; the leftovers of a killed run are removed by
the next run of that campaign on the same machine (and are never taken for a report).

Speed without cutting corners, because agencies run dozens of campaigns:

* one kernel per campaign (or per batch worker), started at once, with the modules the
  notebooks import already imported; the campaign's data is checked in it (so the tables it
  reads are read in the process that uses them, :mod:`helpers.run.check`), and it is reused
  from stage to stage. Before
  every stage the kernel is reset (:data:`KERNEL_RESET`): its namespace is emptied and its
  execution counter restarts at 1, figures are closed, and matplotlib settings, pandas options,
  warning filters (and which warnings were already shown), environment variables, ``sys.path``
  and the working directory are put back as they were. Only imported modules stay loaded, which
  is the point. ``fresh_kernels=True`` (``--fresh-kernels``) gives every stage its own kernel
  instead, the next one started while the current stage runs;
* each data file is read, parsed and checked once: the readiness check runs in the first
  stage's kernel, which keeps what it read in memory from stage to stage
  (:mod:`helpers.core.data.cache`); with fresh kernels the tables also go to the run folder's
  ``.cache/`` (Parquet) for the next kernels; each stage loads only the tables it reads
  (:func:`helpers.stages.registry.load_stage_data`);
* papermill is imported and the page exporter built in a background thread while the kernel
  starts; pages are exported in this process, in a background thread while the next stage
  executes, by exporters kept for the whole process;
* papermill writes each executed notebook once, at the end, instead of after every cell;
* ``report.xlsx`` is built in the same background thread, a stage's sheets as soon as the stage
  is done (:class:`helpers.core.workbook.ReportWorkbook`), and only closed at the end.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.core.campaign import Campaign, load_campaign
from helpers.core.config import NOTEBOOKS_DIR, REPORTS_DIR
from helpers.core.errors import InputError, display_path
from helpers.run.check import check_campaign
from helpers.run.execute import execute_stage, first_line, warm_up_in_background
from helpers.run.kernels import (
    KernelPool,
    KernelStartError,
    clean_stale_connection_files,
    notebook_imports,
)
from helpers.run.placement import (
    check_replaceable,
    clean_stale_runs,
    new_run_folder,
    prepare_out_dir,
    put_in_place,
    report_lock,
)
from helpers.run.results import RunResult, StageResult
from helpers.stages.registry import STAGES, Stage, discover_stages, select_stages

if TYPE_CHECKING:
    from helpers.core.workbook import ReportWorkbook

# --- the run -------------------------------------------------------------------------------


def run_campaign(
    campaign_file: str | Path,
    out_dir: str | Path = REPORTS_DIR,
    stages: str | None = None,
    keep_going: bool = False,
    on_stage: Callable[[Stage, StageResult], None] | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    kernels: KernelPool | None = None,
    fresh_kernels: bool = False,
    pdf: bool = False,
    stage_timeout: float | None = None,
) -> RunResult:
    """Run a campaign's stages and write its report.

    Parameters
    ----------
    campaign_file : str or Path
        The campaign's YAML file.
    out_dir : str or Path
        Where reports go; the report is ``out_dir/<campaign id>/``.
    stages : str, optional
        Which stages to run, e.g. ``"00-02"``; all by default.
    keep_going : bool
        Run later stages after a failure instead of skipping them.
    on_stage : callable, optional
        Called after each stage with the stage and its result (progress display).
    notebooks_dir : Path
        Where the stage notebooks are (tests use small fixture notebooks).
    kernels : KernelPool, optional
        Kernels to run in (a batch worker passes its own, kept across campaigns); by default
        the run starts its own and stops them at the end.
    fresh_kernels : bool
        A new kernel for every stage instead of one kernel reset between stages.
    pdf : bool
        Also print ``report.pdf`` with Chromium (a note says why when it could not).
    stage_timeout : float, optional
        Seconds one stage may run; the campaign's ``run.stage_timeout`` by default.

    Returns
    -------
    RunResult
        Each stage's status; ``report_dir`` is the report, or the ``.failed`` folder.

    Raises
    ------
    InputError
        When the campaign file or one of its data files is invalid; nothing is run then.
    """
    started_at, clock = datetime.now(), time.perf_counter()
    campaign_file = Path(campaign_file).resolve()
    chosen = select_stages(discover_stages(notebooks_dir), stages)
    if not chosen:
        raise ValueError(f"{display_path(notebooks_dir)}: no stage notebooks (NN-name.ipynb) here")
    pool = kernels or KernelPool(
        reuse=not fresh_kernels, warm_modules=notebook_imports(s.path for s in chosen)
    )
    pool.prestart(chosen[0].path.parent)  # it starts while the campaign file is read
    warm_up_in_background()  # papermill and the page exporter, while the kernel starts
    run_dir = book = None
    try:
        campaign = load_campaign(campaign_file)
        timeout = stage_timeout or campaign.run.stage_timeout
        # in the first stage's kernel: the data it reads stays loaded there for the stages
        unready = check_campaign(campaign, campaign_file, pool, chosen[0].path.parent, timeout)
        if unready:
            raise InputError(unready)
        out_dir, run_dir = _claim_run_folder(out_dir, campaign.id)
        if fresh_kernels:  # each stage's new kernel reads the tables from the run folder
            from helpers.core.data import load_campaign_data

            load_campaign_data(campaign, cache_in=run_dir)
        result = RunResult(campaign.id, run_dir, [StageResult(s.key, s.title) for s in chosen])
        parameters = {"campaign_file": str(campaign_file), "run_dir": str(run_dir)}
        parameters["interactive"] = False
        from helpers.core.workbook import ReportWorkbook  # imports pandas: not before the kernel

        book = ReportWorkbook(run_dir)
        _run_stages(chosen, result, campaign, parameters, pool, keep_going, on_stage, timeout, book)
        _write_pages(run_dir, campaign, result, pdf, book)
        result.seconds = round(time.perf_counter() - clock, 2)
        from helpers.run.pages import write_index

        write_index(run_dir, campaign, result, campaign_file, started_at)
        result.report_dir = put_in_place(run_dir, out_dir, campaign.id, result.ok)
    except BaseException:
        # interrupted or broken: leave nothing half-written behind; the last report stays
        if book is not None:
            book.discard()
        if run_dir is not None:
            shutil.rmtree(run_dir, ignore_errors=True)
        raise
    finally:
        if kernels is None:
            pool.close()
    return result


def _claim_run_folder(out_dir: str | Path, campaign_id: str) -> tuple[Path, Path]:
    """The reports folder and a new run folder in it, once the report there is known to be
    this campaign's (under the folder's lock, so two runs never take the same place)."""
    out_dir = prepare_out_dir(out_dir)
    with report_lock(out_dir):
        check_replaceable(out_dir, campaign_id)
        clean_stale_runs(out_dir, campaign_id)
        run_dir = new_run_folder(out_dir, campaign_id)
    clean_stale_connection_files()
    return out_dir, run_dir


def _write_pages(
    run_dir: Path, campaign, result: RunResult, pdf: bool, book: ReportWorkbook
) -> None:
    """The stage pages linked to each other, the one-page report, ``report.xlsx`` (every CSV
    artifact as a sheet, in stage order: the stages' sheets are in it already), and the PDF if
    asked."""
    from helpers.run.pages import link_pages, write_client_report, write_full_report

    book.add([*_sheets_up_to(None), *sorted(p.name for p in run_dir.glob("*.csv"))])
    book.close()
    if any(stage.html for stage in result.stages):
        link_pages(run_dir, result, campaign.language)
        write_full_report(run_dir, campaign, result)
        write_client_report(run_dir, campaign, result)
    if pdf:
        _print_report_pdf(run_dir, result)


def _run_stages(
    chosen: list[Stage],
    result: RunResult,
    campaign: Campaign,
    parameters: dict[str, object],
    pool: KernelPool,
    keep_going: bool,
    on_stage: Callable[[Stage, StageResult], None] | None,
    timeout: float,
    book: ReportWorkbook,
) -> None:
    """Execute the stages in order; export each page, and add each stage's sheets to the
    workbook, in the background while the next stage runs."""
    run_dir = Path(str(parameters["run_dir"]))
    exports: list[Future] = []
    blocked = False
    with ThreadPoolExecutor(1, thread_name_prefix="playbook-export") as exporter:
        for index, (stage, outcome) in enumerate(zip(chosen, result.stages, strict=True)):
            if not blocked:
                notebook = run_dir / f"{stage.key}.ipynb"
                started = time.perf_counter()
                try:
                    session = pool.acquire(stage.path.parent, more=index + 1 < len(chosen))
                except KernelStartError as error:
                    outcome.error = str(error)
                else:
                    outcome.error = execute_stage(stage, parameters, notebook, session, timeout)
                    pool.release(session)
                outcome.seconds = round(time.perf_counter() - started, 2)
                outcome.status = "failed" if outcome.error else "done"
                if notebook.exists():
                    outcome.notebook = notebook.name
                    outcome.html = f"{stage.key}.html"
                    exports.append(
                        exporter.submit(_export, index, chosen, result, campaign, run_dir)
                    )
                exports.append(exporter.submit(book.add, _sheets_up_to(stage.key)))
                blocked = outcome.status == "failed" and not keep_going
            if on_stage:
                on_stage(stage, outcome)
        for export in exports:
            export.result()


def _sheets_up_to(key: str | None) -> list[str]:
    """The CSV artifacts of the stages up to the one named (all with None), in stage order;
    none for a stage the project does not know (a test's fixture notebook)."""
    keys = [spec.key for spec in STAGES]
    if key is not None and key not in keys:
        return []
    upto = STAGES if key is None else STAGES[: keys.index(key) + 1]
    return [name for spec in upto for name in spec.writes if name.endswith(".csv")]


def _export(index: int, chosen, result: RunResult, campaign: Campaign, run_dir: Path) -> None:
    from helpers.run.pages import export_html  # imported on demand: pandas and nbconvert

    stage, outcome = chosen[index], result.stages[index]
    try:
        outcome.heading, outcome.sections = export_html(
            run_dir / outcome.notebook, run_dir / outcome.html, campaign, stage
        )
    except Exception as error:  # the stage ran; its page could not be written
        outcome.status = "failed"
        outcome.error = f"page export failed: {type(error).__name__}: {first_line(str(error))}"
        outcome.html = None


# --- progress ------------------------------------------------------------------------------


def progress_printer(total: int, stream=sys.stderr) -> Callable[[Stage, StageResult], None]:
    """A progress bar on a terminal; one plain line per stage otherwise (CI, Airflow and cron
    logs): ``playbook: 02-vetting ok in 3.1 s (3/7)``."""
    if not stream.isatty():
        done = []

        def log(stage: Stage, outcome: StageResult) -> None:
            done.append(stage.key)
            took = f" in {outcome.seconds:.1f} s" if outcome.seconds is not None else ""
            line = f"playbook: {stage.key} {outcome.status}{took} ({len(done)}/{total})"
            print(line, file=stream, flush=True)

        return log
    from tqdm import tqdm

    bar = tqdm(total=total, unit="stage", file=stream, leave=False)

    def update(stage: Stage, outcome: StageResult) -> None:
        bar.set_description(f"{stage.key}: {outcome.status}")
        bar.update(1)
        if bar.n >= total:
            bar.close()

    return update


def _print_report_pdf(run_dir: Path, result: RunResult) -> None:
    """``report.pdf`` (every stage) and ``report-client.pdf`` (the client's edition)."""
    from helpers.run.pdf import print_pdf

    for page, pdf in (("report.html", "report.pdf"), ("report-client.html", "report-client.pdf")):
        if not (run_dir / page).is_file():
            continue
        try:
            print_pdf(run_dir / page, run_dir / pdf)
            if pdf == "report.pdf":
                result.pdf = pdf
            else:
                result.client_pdf = pdf
        except FileNotFoundError as error:
            result.notes.append(f"PDF skipped: {error}")
            return
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            result.notes.append(f"PDF failed: {pdf}: {first_line(str(error))}")
