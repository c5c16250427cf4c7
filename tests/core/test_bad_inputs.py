"""The broken-input corpus (``tests/fixtures/broken/``): every broken campaign or data file gets
a clear one-line message and exit status 2, runs nothing and writes no report; CSV exports
neutralise the cells a spreadsheet would run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.core.artifacts import save_table
from helpers.core.errors import display_path
from helpers.run import cli
from tests.conftest import GOOD

BROKEN = Path(__file__).parents[1] / "fixtures" / "broken"


def shown(name: str) -> str:
    """A corpus file as the messages name it."""
    return display_path(BROKEN / name)


CORPUS = {
    "yaml-syntax.yaml": [
        f"{shown('yaml-syntax.yaml')}: line 6, column 9: YAML syntax error: "
        "expected ',' or ']', but got ':'"
    ],
    "wrong-types.yaml": [
        f"{shown('wrong-types.yaml')}: budget: Input should be a valid number, unable to parse "
        "string as a number (got 'lots')",
        f"{shown('wrong-types.yaml')}: end: Input should be a valid date or datetime, input is "
        "too short (got 'soon')",
    ],
    "missing-data-file.yaml": [f"{shown('no-such-roster.csv')}: file not found"],
    "wrong-encoding.yaml": [
        f"{shown('wrong-encoding.yaml')}: not UTF-8 text (save the file as UTF-8)"
    ],
    "empty.yaml": [f"{shown('empty.yaml')}: expected a mapping of fields (key: value) at the top"],
    "huge-budget.yaml": [f"{shown('huge-budget.yaml')}: budget: Input should be a finite number"],
    "roster-latin1.yaml": [
        f"{shown('roster-latin1.csv')}: byte 89: not UTF-8 text "
        "(in the spreadsheet, save as 'CSV UTF-8')"
    ],
    "roster-empty.yaml": [f"{shown('roster-empty.csv')}: file is empty (expected a header row)"],
    "roster-wrong-types.yaml": [
        f"{shown('roster-wrong-types.csv')}: row 2, column followers: 'many' is not a number"
    ],
    "roster-formula.yaml": [
        f"{shown('roster-formula.csv')}: row 2, column handle: "
        '\'=HYPERLINK("http://evil.example","click")\' looks like a spreadsheet formula '
        "(export values, not formulas)"
    ],
    "roster-huge-followers.yaml": [
        f"{shown('roster-huge-followers.csv')}: row 2, column followers: "
        "'99999999999999999999999999' is not a plausible number (at most 1,000,000,000,000,000)"
    ],
    "roster-infinite-likes.yaml": [
        f"{shown('roster-infinite-likes.csv')}: row 2, column avg_likes: '1e400' is not a "
        "plausible number (at most 1,000,000,000,000,000)"
    ],
}


def problems_printed(err: str) -> list[str]:
    """The problem lines (notes about goals, which inform without failing, left out)."""
    return [line for line in err.splitlines() if line.strip() and ": note:" not in line]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_each_broken_file_gets_its_message_and_exit_2(name, capsys):
    assert cli.main(["validate", str(BROKEN / name)]) == 2
    err = capsys.readouterr().err
    assert problems_printed(err) == CORPUS[name]
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["yaml-syntax.yaml", "roster-wrong-types.yaml"])
def test_run_refuses_broken_input_before_running_anything(name, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "helpers.run.cli", "run", str(BROKEN / name)]
        + ["--out", str(tmp_path), "--notebooks", str(GOOD)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert problems_printed(done.stderr) == CORPUS[name]
    assert "Traceback" not in done.stderr
    assert not any(tmp_path.iterdir())  # no report, no run folder


def test_batch_of_broken_files_reports_each_and_exits_2(tmp_path):
    files = [str(BROKEN / name) for name in ("empty.yaml", "huge-budget.yaml", "roster-empty.yaml")]
    done = subprocess.run(
        [sys.executable, "-m", "helpers.run.cli", "batch", *files, "-j", "2"]
        + ["--out", str(tmp_path), "--notebooks", str(GOOD)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 2
    rows = done.stdout.splitlines()[1:4]
    assert [row.split()[1] for row in rows] == ["invalid"] * 3
    for name in ("empty.yaml", "huge-budget.yaml", "roster-empty.yaml"):
        message = CORPUS[name][0].split(": ", 1)[1]
        assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not [p for p in tmp_path.iterdir() if p.is_dir()]


def test_csv_exports_neutralise_cells_a_spreadsheet_would_run(tmp_path):
    frame = pd.DataFrame(
        {
            "handle": [
                '=HYPERLINK("http://evil.example","click")',
                "+SUM(A1:A9)",
                "-2+3",
                "@liga",
                "@SUM(A1)",
                "\tindented",
                "plain",
                None,
            ],
            "followers": [1, -2, 3, 4, 5, 6, 7, 8],  # numbers, negative ones too, stay numbers
        }
    )
    path = save_table(frame, tmp_path, "creators.csv")
    back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back["handle"].tolist() == [
        '\'=HYPERLINK("http://evil.example","click")',
        "'+SUM(A1:A9)",
        "'-2+3",
        "@liga",  # a plain handle runs nothing: written as it is, so joins keep working
        "'@SUM(A1)",
        "'\tindented",
        "plain",
        "",
    ]
    assert back["followers"].tolist() == ["1", "-2", "3", "4", "5", "6", "7", "8"]
    assert not list(tmp_path.glob(".*partial"))  # written atomically


def test_a_carriage_return_in_a_cell_keeps_its_row_together(tmp_path):
    frame = pd.DataFrame({"handle": ["\rreturn", "next"], "followers": [1, 2]})
    back = pd.read_csv(save_table(frame, tmp_path, "cr.csv"), dtype=str, keep_default_na=False)
    assert back["handle"].tolist() == ["'\rreturn", "next"]
