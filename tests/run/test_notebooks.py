"""The real notebooks: committed clean, and executed with papermill for every example campaign."""

from __future__ import annotations

import json
import re

import pytest

from helpers.core.config import NOTEBOOKS_DIR
from helpers.run.execute import notebook_parameters
from helpers.run.runner import run_campaign
from helpers.stages.registry import discover_stages
from tests.conftest import EXAMPLE_CAMPAIGNS, TINY

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
RUNNER_PARAMETERS = {"campaign_file", "run_dir", "interactive"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_a_parameters_cell(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert not any(c.get("outputs") or c.get("execution_count") for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    # literals only: every line of the parameters cell is `name = literal` or a comment
    for line in "".join(tagged[0]["source"]).splitlines():
        assert re.match(r"^\s*(#.*)?$|^\w+ = (\".*\"|'.*'|True|False|None|-?[\d.]+)\s*$", line), (
            line
        )


def test_every_stage_takes_the_runner_parameters():
    for stage in discover_stages():
        assert set(notebook_parameters(stage.path)) >= RUNNER_PARAMETERS, stage.key


def _check_report(result):
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    for stage in result.stages:
        page = (result.report_dir / stage.html).read_text(encoding="utf-8")
        assert "Traceback" not in page and "Error" not in page.split("<main>", 1)[-1][:200]
        assert "Warning" not in page
        assert "Finding." in page, f"{stage.stage} shows no finding first"
        # every stage has charts; a kernel reused across stages once lost them silently
        assert "data:image/png;base64" in page, f"{stage.stage} shows no chart"


@pytest.mark.parametrize("campaign_file", EXAMPLE_CAMPAIGNS, ids=lambda p: p.stem)
def test_stages_run_for_every_example_campaign(campaign_file, tmp_path):
    result = run_campaign(campaign_file, out_dir=tmp_path)
    _check_report(result)
    assert (result.report_dir / "landscape_engagement.csv").is_file()


def test_landscape_report_on_tiny_data(tmp_path):
    result = run_campaign(TINY, out_dir=tmp_path, stages="00")
    _check_report(result)
    page = (result.report_dir / "00-landscape.html").read_text(encoding="utf-8")
    assert "3 of the 5 creators" in page
    assert "Sources" in page and "HypeAuditor" in page
    assert "data:image/png;base64" in page  # charts inline
    # the campaign's name heads the page but is not one of its sections
    name = "Tiny Baltic test"  # tests/fixtures/tiny/tiny.yaml
    assert f'<h2 class="campaign-name">{name}</h2>' in page
    assert name not in [text for _anchor, text in result.stages[0].sections]
