"""The ``playbook`` command: run one campaign or a batch, validate, print PDFs, list stages,
start a campaign file, make sample data.

Exit statuses: 0 the report was written; 1 a stage failed (or the PDF asked for could not be
printed); 2 the input is wrong (a bad campaign file, a bad data file, an unknown stage, a
reports folder that cannot be used): one line per problem, never a traceback, and retrying
will not help; 75 a transient fault outside the user's files (a Dask scheduler not reachable):
try again later; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from helpers.core.config import NOTEBOOKS_DIR, REPORTS_DIR
from helpers.core.errors import (
    EXIT_INPUT_ERROR,
    EXIT_STAGE_FAILED,
    EXIT_TRANSIENT,
    InputError,
    TransientError,
    display_path,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``playbook`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _stop_cleanly_on_sigterm()
    try:
        return args.handler(args)
    except InputError as error:
        print("\n".join(error.problems), file=sys.stderr)
        return EXIT_INPUT_ERROR
    except (ValueError, FileExistsError) as error:
        print(f"playbook: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except TransientError as error:
        print(f"playbook: {error}; exit {EXIT_TRANSIENT}: try again later", file=sys.stderr)
        return EXIT_TRANSIENT
    except KeyboardInterrupt:
        print("playbook: interrupted; the last good report was left as it was", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`playbook validate ... | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _stop_cleanly_on_sigterm() -> None:
    """``kill`` (SIGTERM) stops a run as Ctrl-C does: run folder removed, kernels stopped."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading_is_main():
        signal.signal(signal.SIGTERM, interrupt)


def threading_is_main() -> bool:
    """Signal handlers can only be set from the main thread (not when called from a test's
    worker thread, say)."""
    import threading

    return threading.current_thread() is threading.main_thread()


EXAMPLES = {
    "playbook": """examples:
  playbook new spring-launch-2027 --dir campaigns/     # a commented campaign file to fill in
  playbook validate campaigns/spring-launch-2027.yaml  # check it and its data files
  playbook run campaigns/spring-launch-2027.yaml       # the report in reports/spring-launch-2027/
  playbook batch campaigns/ -j 2                        # every campaign in the folder
  playbook completion bash > ~/.local/share/bash-completion/completions/playbook

exit statuses: 0 the report was written, 1 a stage failed, 2 the input is wrong (retrying
will not help), 75 a transient fault (try again later), 130 interrupted.""",
    "run": """examples:
  playbook run data/campaigns/aurora-baltics-2027.yaml
  playbook run campaign.yaml --stages 00-02 --out /tmp/reports   # the first three stages
  playbook run campaign.yaml --pdf --keep-going                   # and report.pdf""",
    "batch": """examples:
  playbook batch campaigns/ -j 2                  # two campaigns at once on this machine
  playbook batch 'clients/*/campaign.yaml' --keep-going
  playbook batch campaigns/ --scheduler tcp://10.0.0.5:8786   # on a Dask cluster""",
    "validate": """examples:
  playbook validate campaign.yaml           # "ok", warnings, and what will not be checked
  playbook validate campaigns/*.yaml""",
    "import": """examples:
  playbook import instagram-graph-api insights.json --creator c-017 --out data/mine/
  playbook import shopify-orders orders_export.csv --codes codes.csv \\
      --campaign campaign.yaml --out data/mine/""",
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per action."""
    from helpers import __version__

    parser = argparse.ArgumentParser(
        prog="playbook",
        description="Plan, run and measure influencer-marketing campaigns.",
        epilog=EXAMPLES["playbook"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"playbook {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, **options) -> argparse.ArgumentParser:
        if name in EXAMPLES:
            options |= {"epilog": EXAMPLES[name]}
        return commands.add_parser(
            name, formatter_class=argparse.RawDescriptionHelpFormatter, **options
        )

    run = command("run", help="run a campaign's notebooks and write its report")
    run.add_argument("campaign", type=Path, help="the campaign's YAML file")
    run.add_argument("--out", type=Path, default=REPORTS_DIR, help="reports folder")
    run.add_argument("--stages", help="which stages, e.g. 00-02 or 01,03 (default: all)")
    run.add_argument("--keep-going", action="store_true", help="run later stages after a failure")
    _run_options(run)
    run.set_defaults(handler=cmd_run)

    batch = command("batch", help="run many campaigns in parallel (files, folders, globs)")
    batch.add_argument("paths", nargs="+", help="campaign files, folders of them, or globs")
    batch.add_argument("--out", type=Path, default=REPORTS_DIR, help="reports folder")
    batch.add_argument("--stages", help="which stages, e.g. 00-02 or 01,03 (default: all)")
    batch.add_argument("--keep-going", action="store_true", help="run later stages after a failure")
    batch.add_argument(
        "-j", "--jobs", type=int, default=None, help="campaigns at once (default: the cores)"
    )
    batch.add_argument(
        "--scheduler", metavar="ADDRESS", help="a Dask scheduler, e.g. tcp://10.0.0.5:8786"
    )
    _run_options(batch)
    batch.set_defaults(handler=cmd_batch)

    pdf = command("pdf", help="print reports to PDF with Chromium")
    pdf.add_argument("reports", type=Path, nargs="+", help="report folders (reports/<id>)")
    pdf.set_defaults(handler=cmd_pdf)

    portfolio = command(
        "portfolio", help="rebuild reports/index.html, the page across all campaigns"
    )
    portfolio.add_argument("--out", type=Path, default=REPORTS_DIR, help="reports folder")
    portfolio.set_defaults(handler=cmd_portfolio)

    validate = command("validate", help="check a campaign file and its data files")
    validate.add_argument("campaign", type=Path, nargs="+", help="campaign YAML file(s)")
    validate.set_defaults(handler=cmd_validate)

    stages = command("stages", help="list the stages and their parameters")
    stages.set_defaults(handler=cmd_stages)

    new = command("new", help="write a commented campaign file to start from")
    new.add_argument("name", help="campaign id (slug), e.g. spring-launch-2027")
    new.add_argument("--dir", type=Path, default=Path("."), help="folder to write it in")
    new.set_defaults(handler=cmd_new)

    sample = command("sample-data", help="regenerate the sample data, byte for byte")
    sample.add_argument("--out", type=Path, default=None, help="folder (default: data/sample)")
    sample.add_argument("--seed", type=int, default=2027)
    sample.set_defaults(handler=cmd_sample_data)

    imports = command(
        "import", help="turn a tool's export into the project's tables (see data/import-profiles)"
    )
    imports.add_argument("profile", help="the export's profile, e.g. instagram-graph-api")
    imports.add_argument("files", type=Path, nargs="+", help="the export file(s)")
    imports.add_argument("--out", type=Path, required=True, help="folder for <table>.csv")
    imports.add_argument("--campaign", type=Path, help="campaign file: window for attribution")
    imports.add_argument("--codes", type=Path, help="CSV: influencer_id, code and/or utm_source")
    imports.add_argument("--creator", help="influencer_id of a one-account export")
    imports.add_argument(
        "--source",
        help="where a creator database's credibility figures come from: 'Tool, YYYY-MM'",
    )
    imports.add_argument("--force", action="store_true", help="replace existing output files")
    imports.set_defaults(handler=cmd_import)

    completion = command("completion", help="print a shell completion script (bash, zsh, tcsh)")
    completion.add_argument("shell", choices=["bash", "zsh", "tcsh"])
    completion.set_defaults(handler=cmd_completion)
    return parser


def _run_options(parser: argparse.ArgumentParser) -> None:
    """Options that ``run`` and ``batch`` share."""
    parser.add_argument(
        "--notebooks", type=Path, default=NOTEBOOKS_DIR, help="folder of NN-name.ipynb stages"
    )
    parser.add_argument("--pdf", action="store_true", help="also print report.pdf (Chromium)")
    parser.add_argument(
        "--stage-timeout",
        type=_seconds,
        metavar="SECONDS",
        help="stop a stage that runs longer (default: the campaign's run.stage_timeout, 600)",
    )
    parser.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="a new kernel for every stage instead of one kernel reset between stages",
    )


def _seconds(text: str) -> float:
    """A positive number of seconds for ``--stage-timeout``."""
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 86_400:
        raise argparse.ArgumentTypeError(f"{text!r}: give seconds from 1 to 86400")
    return value


def cmd_run(args: argparse.Namespace) -> int:
    """``playbook run FILE``."""
    if args.campaign.is_dir():
        raise ValueError(f"{display_path(args.campaign)} is a folder: use playbook batch")
    _in_background(_warm_up_portfolio)  # the portfolio page is rebuilt after the run
    from helpers.run.runner import progress_printer, run_campaign
    from helpers.stages.registry import discover_stages, select_stages

    total = len(select_stages(discover_stages(args.notebooks), args.stages))
    result = run_campaign(
        args.campaign,
        out_dir=args.out,
        stages=args.stages,
        keep_going=args.keep_going,
        on_stage=progress_printer(total),
        notebooks_dir=args.notebooks,
        fresh_kernels=args.fresh_kernels,
        pdf=args.pdf,
        stage_timeout=args.stage_timeout,
    )
    for note in result.notes:
        print(f"playbook: {note}", file=sys.stderr)
    _refresh_portfolio(args.out)
    report = display_path(result.report_dir / "index.html")
    if result.ok:
        print(report)
        return EXIT_STAGE_FAILED if args.pdf and not result.pdf else 0
    failed = result.failed
    good = result.report_dir.with_name(result.campaign_id) / "index.html"
    kept = f"; the last good report is still {display_path(good)}" if good.exists() else ""
    page = result.report_dir / (failed.html or "index.html")
    print(
        f"playbook: stage {failed.stage} failed at {failed.error}; see {display_path(page)}{kept}",
        file=sys.stderr,
    )
    return EXIT_STAGE_FAILED


def cmd_batch(args: argparse.Namespace) -> int:
    """``playbook batch PATH... [-j N] [--scheduler ADDRESS]``."""
    from helpers.run.batch import RunOptions, exit_status, run_batch, summary_table

    if args.jobs is not None and args.jobs < 1:
        raise ValueError(f"-j {args.jobs}: give 1 or more campaigns at once")
    options = RunOptions(
        out_dir=args.out,
        stages=args.stages,
        keep_going=args.keep_going,
        notebooks_dir=args.notebooks,
        fresh_kernels=args.fresh_kernels,
        pdf=args.pdf,
        stage_timeout=args.stage_timeout,
    )
    where = f"the Dask cluster at {args.scheduler}" if args.scheduler else None
    jobs = args.jobs or os.cpu_count() or 1
    print(f"playbook: running campaigns on {where or f'{jobs} worker processes'}", file=sys.stderr)
    outcomes = run_batch(
        args.paths, options, jobs=jobs, scheduler=args.scheduler, stream=sys.stderr
    )
    print(summary_table(outcomes))
    for outcome in outcomes:
        if outcome.status == "invalid":
            for line in outcome.problems or [outcome.message or "invalid"]:
                print(line, file=sys.stderr)
        elif outcome.status in ("failed", "crashed"):
            print(f"{outcome.campaign}: {outcome.message}", file=sys.stderr)
        for note in outcome.notes:
            print(f"{outcome.campaign}: {note}", file=sys.stderr)
    portfolio = _refresh_portfolio(args.out)
    if portfolio:
        print(f"portfolio: {display_path(portfolio)}")
    return exit_status(outcomes)


def cmd_pdf(args: argparse.Namespace) -> int:
    """``playbook pdf REPORT...``: print each report's ``report.html`` to ``report.pdf``."""
    from helpers.run.pdf import find_chromium, print_pdf

    if find_chromium() is None:
        from helpers.run.pdf import CHROMIUM_MISSING

        print(f"playbook: no PDF: {CHROMIUM_MISSING}", file=sys.stderr)
        return 1
    missing = [
        f"{display_path(folder)}: no report.html here (give a report folder, reports/<id>)"
        for folder in args.reports
        if not (folder / "report.html").is_file()
    ]
    if missing:
        raise InputError(missing)
    status = 0
    for folder in args.reports:
        try:
            print(display_path(print_pdf(folder / "report.html", folder / "report.pdf")))
            if (folder / "report-client.html").is_file():  # the client's edition beside it
                client = print_pdf(folder / "report-client.html", folder / "report-client.pdf")
                print(display_path(client))
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            print(f"playbook: {display_path(folder)}: no PDF: {error}", file=sys.stderr)
            status = EXIT_STAGE_FAILED
    return status


def cmd_portfolio(args: argparse.Namespace) -> int:
    """``playbook portfolio``: rebuild the page across all campaigns."""
    path = _refresh_portfolio(args.out)
    if path is None:
        raise ValueError(f"{display_path(args.out)}: no campaign reports here yet")
    print(display_path(path))
    return 0


def _in_background(function) -> None:
    """Call ``function`` in a daemon thread (work that the end of the command needs)."""
    import threading

    threading.Thread(target=function, name=f"playbook-{function.__name__}", daemon=True).start()


def _warm_up_portfolio() -> None:
    from helpers.run.portfolio import warm_up

    warm_up()


def _refresh_portfolio(out_dir: Path) -> Path | None:
    """Rebuild ``reports/index.html``; a problem with it never fails a run."""
    from helpers.run.portfolio import write_portfolio

    try:
        return write_portfolio(out_dir)
    except Exception as error:  # the reports are written; say why the overview is not
        print(f"playbook: portfolio page not updated: {error}", file=sys.stderr)
        return None


def cmd_validate(args: argparse.Namespace) -> int:
    """``playbook validate FILE...``: every problem in every file, and what each stage will not
    be able to do with the data given, all in one pass; nothing executed."""
    problems: list[str] = []
    for path in args.campaign:
        problems += _validate_one(Path(path))
    if problems:
        raise InputError(problems)
    return 0


def _validate_one(path: Path) -> list[str]:
    """One campaign's problems (printed by the caller) and notes (printed here)."""
    from helpers.core.campaign import load_campaign
    from helpers.core.data import read_campaign_data
    from helpers.core.readiness import readiness_notes, readiness_problems, readiness_warnings
    from helpers.stages import goals

    try:
        campaign = load_campaign(path)
    except InputError as error:
        return error.problems
    # goal errors (unknown KPI, target <= 0 ...) fail; notes (35 read as 35%) only inform
    problems = goals.goal_problems(campaign, path)
    for note in goals.goal_notes(campaign, path):
        print(note, file=sys.stderr)
    tables, unreadable = read_campaign_data(campaign)
    problems += unreadable + readiness_problems(campaign, tables, path)
    rows = sum(len(t) for t in tables.values())
    warnings = readiness_warnings(campaign, tables)
    verdict = "not ready" if problems else "ok"
    if warnings:
        verdict += f", {len(warnings)} warning{'s' * (len(warnings) != 1)}"
    print(f"{display_path(path)}: {verdict} ({len(tables)} data files read, {rows:,} rows)")
    if campaign.data.uses_sample:
        print("    uses the fictional sample world (data: sample): every page says so")
    for line in warnings:
        print(f"    warning: {line}")
    for note in readiness_notes(campaign, tables):
        print(f"    {note}")
    return problems


def cmd_stages(args: argparse.Namespace) -> int:
    """``playbook stages``: each stage, its chapters, what it reads and writes, and the parameters
    its notebook declares."""
    from helpers.run.execute import notebook_parameters
    from helpers.stages.registry import STAGES

    for spec in STAGES:
        print(f"{spec.key}: {spec.title} (playbook {', '.join(spec.chapters)})")
        print(f"    reads:  {', '.join(spec.reads)}")
        print(f"    writes: {', '.join(spec.writes)}")
        for name, parameter in notebook_parameters(spec.notebook).items():
            note = parameter.get("help") or parameter["inferred_type_name"]
            print(f"    {name} = {parameter['default']}    # {note}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """``playbook new NAME``: a commented campaign file that validates as written."""
    from helpers.core.campaign import write_campaign_template

    path = write_campaign_template(args.name, args.dir)
    print(display_path(path))
    return 0


def cmd_sample_data(args: argparse.Namespace) -> int:
    """``playbook sample-data``: regenerate data/sample from its seed."""
    from helpers.sample import write_sample_data

    for path in write_sample_data(args.out, seed=args.seed):
        print(display_path(path))
    return 0


def cmd_completion(args: argparse.Namespace) -> int:
    """Print the completion script for the shell (shtab writes it from the parser, so it knows
    every command and option)."""
    import shtab

    print(shtab.complete(build_parser(), shell=args.shell))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """``playbook import PROFILE FILE... --out DIR``: what was mapped, derived and not used."""
    from helpers.imports import import_files

    report = import_files(
        args.profile,
        args.files,
        args.out,
        campaign=args.campaign,
        force=args.force,
        codes=args.codes,
        creator=args.creator,
        source=args.source,
    )
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
