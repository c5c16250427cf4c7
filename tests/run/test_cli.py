"""The `playbook` command: validate, stages, new; bad input exits 2 without a traceback."""

from __future__ import annotations

import subprocess
import sys

from helpers.run import cli
from tests.conftest import EXAMPLE_CAMPAIGNS, TINY


def test_validate_good_files(capsys):
    assert cli.main(["validate", str(TINY), *map(str, EXAMPLE_CAMPAIGNS)]) == 0
    out = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert len(out) == 1 + len(EXAMPLE_CAMPAIGNS)
    assert out[0].endswith("tiny.yaml: ok (6 data files read, 16 rows)")
    assert all(line.endswith(" rows)") and ": ok (" in line for line in out)


def test_validate_reports_every_problem_in_every_file(write_campaign, write_csv, capsys):
    write_csv(
        "influencer_id,handle,platform,market,followers,avg_likes,avg_comments\n"
        "i1,@a,instagram,LV,-3,1,1\n",
        name="roster.csv",
    )
    good_yaml = TINY.read_text(encoding="utf-8")
    bad_data = write_campaign(
        good_yaml.split("data:")[0] + "data: {roster: roster.csv}\n", name="bad-data.yaml"
    )
    bad_yaml = write_campaign("schema: 1\nid: x!\n", name="bad-yaml.yaml")
    assert cli.main(["validate", str(bad_data), str(bad_yaml)]) == 2
    err = capsys.readouterr().err
    assert "roster.csv: row 2, column followers: '-3' is not allowed (must be 0 or more)" in err
    assert "bad-yaml.yaml: id: 'x!' is not a slug" in err
    assert "Traceback" not in err


def test_stages_lists_parameters(capsys):
    assert cli.main(["stages"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("00-landscape: Market landscape (playbook 01-landscape.md)\n")
    assert "    writes: roi.csv\n" in out
    assert "campaign_file = " in out and "interactive = True" in out


def test_new_writes_a_valid_template(tmp_path, capsys):
    assert cli.main(["new", "summer-2027", "--dir", str(tmp_path)]) == 0
    assert cli.main(["validate", str(tmp_path / "summer-2027.yaml")]) == 0
    assert cli.main(["new", "summer-2027", "--dir", str(tmp_path)]) == 2
    assert "exists already" in capsys.readouterr().err


def test_unknown_stage_exits_2(capsys):
    assert cli.main(["run", str(TINY), "--stages", "42"]) == 2
    assert "names no stage" in capsys.readouterr().err


def test_console_script_exit_status_and_no_traceback(tmp_path):
    missing = tmp_path / "missing.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "helpers.run.cli", "validate", str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"{missing}: file not found"
