"""The ``playbook`` command: run, validate, list stages, start a campaign file, make sample data.

Expected mistakes (a bad campaign file, a bad data file, an unknown stage) print one line per
problem and exit with status 2, never a traceback. A failed stage exits with status 1.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from helpers.config import NOTEBOOKS_DIR, REPORTS_DIR
from helpers.errors import EXIT_INPUT_ERROR, InputError, display_path


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``playbook`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except InputError as error:
        print("\n".join(error.problems), file=sys.stderr)
        return EXIT_INPUT_ERROR
    except (ValueError, FileExistsError) as error:
        print(f"playbook: {error}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("playbook: interrupted; the last good report was left as it was", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per action."""
    parser = argparse.ArgumentParser(
        prog="playbook", description="Plan, run and measure influencer-marketing campaigns."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run a campaign's notebooks and write its report")
    run.add_argument("campaign", type=Path, help="the campaign's YAML file")
    run.add_argument("--out", type=Path, default=REPORTS_DIR, help="reports folder")
    run.add_argument("--stages", help="which stages, e.g. 00-02 or 01,03 (default: all)")
    run.add_argument("--keep-going", action="store_true", help="run later stages after a failure")
    run.add_argument(
        "--notebooks", type=Path, default=NOTEBOOKS_DIR, help="folder of NN-name.ipynb stages"
    )
    run.set_defaults(handler=cmd_run)

    validate = commands.add_parser("validate", help="check a campaign file and its data files")
    validate.add_argument("campaign", type=Path, nargs="+", help="campaign YAML file(s)")
    validate.set_defaults(handler=cmd_validate)

    stages = commands.add_parser("stages", help="list the stages and their parameters")
    stages.set_defaults(handler=cmd_stages)

    new = commands.add_parser("new", help="write a commented campaign file to start from")
    new.add_argument("name", help="campaign id (slug), e.g. spring-launch-2027")
    new.add_argument("--dir", type=Path, default=Path("."), help="folder to write it in")
    new.set_defaults(handler=cmd_new)

    sample = commands.add_parser("sample-data", help="regenerate the sample data, byte for byte")
    sample.add_argument("--out", type=Path, default=None, help="folder (default: data/sample)")
    sample.add_argument("--seed", type=int, default=2027)
    sample.set_defaults(handler=cmd_sample_data)
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    """``playbook run FILE``."""
    from helpers.runner import discover_stages, progress_printer, run_campaign, select_stages

    total = len(select_stages(discover_stages(args.notebooks), args.stages))
    result = run_campaign(
        args.campaign,
        out_dir=args.out,
        stages=args.stages,
        keep_going=args.keep_going,
        on_stage=progress_printer(total),
        notebooks_dir=args.notebooks,
    )
    report = display_path(result.report_dir / "index.html")
    if result.ok:
        print(report)
        return 0
    failed = result.failed
    good = result.report_dir.with_name(result.campaign_id) / "index.html"
    kept = f"; the last good report is still {display_path(good)}" if good.exists() else ""
    print(
        f"playbook: stage {failed.stage} failed at {failed.error}; "
        f"see {display_path(result.report_dir / failed.html)}{kept}",
        file=sys.stderr,
    )
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    """``playbook validate FILE...``: every problem in every file, nothing executed."""
    from helpers.campaign import load_campaign
    from helpers.data import load_campaign_data

    problems: list[str] = []
    for path in args.campaign:
        try:
            campaign = load_campaign(path)
            tables = load_campaign_data(campaign)
            rows = sum(len(t) for t in tables.values())
            print(f"{display_path(path)}: ok ({len(tables)} data files, {rows:,} rows)")
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    return 0


def cmd_stages(args: argparse.Namespace) -> int:
    """``playbook stages``: each stage with the parameters its notebook declares."""
    from helpers.runner import discover_stages, notebook_parameters

    for stage in discover_stages():
        print(f"{stage.key}")
        for name, spec in notebook_parameters(stage.path).items():
            note = spec.get("help") or spec["inferred_type_name"]
            print(f"    {name} = {spec['default']}    # {note}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """``playbook new NAME``: a commented campaign file that validates as written."""
    from helpers.campaign import write_campaign_template

    path = write_campaign_template(args.name, args.dir)
    print(display_path(path))
    return 0


def cmd_sample_data(args: argparse.Namespace) -> int:
    """``playbook sample-data``: regenerate data/sample from its seed."""
    from helpers.sample import write_sample_data

    for path in write_sample_data(args.out, seed=args.seed):
        print(display_path(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
