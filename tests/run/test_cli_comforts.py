"""The command for people who live in a terminal or a scheduler: ``--version``, examples in
``--help``, shell completion, and one plain log line per stage when output is not a terminal."""

from __future__ import annotations

import io

import pytest

from helpers import __version__
from helpers.run import cli
from helpers.run.results import StageResult
from helpers.run.runner import progress_printer
from helpers.stages.registry import discover_stages


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"playbook {__version__}"


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ([], "playbook run campaigns/spring-launch-2027.yaml"),
        (["run"], "playbook run campaign.yaml --stages 00-02"),
        (["batch"], "--scheduler tcp://10.0.0.5:8786"),
        (["validate"], "playbook validate campaigns/*.yaml"),
        (["import"], "playbook import shopify-orders orders_export.csv"),
    ],
)
def test_help_shows_examples(command, example, capsys):
    with pytest.raises(SystemExit):
        cli.main([*command, "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out
    assert example in out


def test_main_help_names_the_exit_statuses(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "2 the input is wrong" in capsys.readouterr().out


@pytest.mark.parametrize("shell", ["bash", "zsh"])
def test_completion_knows_every_command_and_option(shell, capsys):
    assert cli.main(["completion", shell]) == 0
    script = capsys.readouterr().out
    for word in ("run", "batch", "validate", "import", "--keep-going", "--scheduler"):
        assert word in script


def test_one_log_line_per_stage_when_not_on_a_terminal():
    stream = io.StringIO()  # not a terminal
    stages = discover_stages()[:2]
    log = progress_printer(len(stages), stream)
    log(stages[0], StageResult(stages[0].key, "x", status="ok", seconds=3.14))
    log(stages[1], StageResult(stages[1].key, "y", status="failed", seconds=None))
    assert stream.getvalue().splitlines() == [
        f"playbook: {stages[0].key} ok in 3.1 s (1/2)",
        f"playbook: {stages[1].key} failed (2/2)",
    ]


def test_a_reader_that_stops_early_gets_no_traceback():
    import subprocess
    import sys

    from tests.conftest import EXAMPLE_CAMPAIGNS

    # `playbook validate ... | head -1`: the pipe closes after the first line
    command = [sys.executable, "-m", "helpers.run.cli", "validate", *map(str, EXAMPLE_CAMPAIGNS)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as done:
        first = done.stdout.readline()
        done.stdout.close()
        errors = done.stderr.read().decode()
        status = done.wait(timeout=120)
    assert first.endswith(b"\n")
    assert "Traceback" not in errors
    assert status == 0
