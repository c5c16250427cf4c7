"""The stage registry is the one list of stages: the notebooks folder, the runner, the README's
stage table and the chapters' "Do it" links all agree with it."""

from __future__ import annotations

import re

import pytest

from helpers.core.config import NOTEBOOKS_DIR, PROJECT_ROOT
from helpers.stages.registry import STAGES, discover_stages

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def _readme_stage_rows() -> list[list[str]]:
    table = README.split("## The stages", 1)[1].split("\n\n", 2)[1]
    rows = [line.strip("|").split("|") for line in table.splitlines()[2:]]
    return [[cell.strip() for cell in row] for row in rows]


def test_the_notebooks_folder_holds_exactly_the_registered_stages():
    assert sorted(p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")) == [s.key for s in STAGES]


def test_the_runner_runs_the_registered_stages_in_order_with_their_titles():
    stages = discover_stages()
    assert [s.key for s in stages] == [s.key for s in STAGES]
    assert [s.title for s in stages][-1] == "06 ROI"


def test_the_readme_stage_table_is_the_registry():
    rows = _readme_stage_rows()
    assert [row[1].strip("`") for row in rows] == [s.key for s in STAGES]
    for row, spec in zip(rows, STAGES, strict=True):
        chapters = {int(part.split(".")[0]) for part in row[2].split(",")}
        assert chapters == {int(c[:2]) for c in spec.chapters}, spec.key
        assert re.findall(r"`([^`]+)`", row[3]) == list(spec.writes), spec.key


@pytest.mark.parametrize("spec", STAGES, ids=lambda s: s.key)
def test_each_chapter_of_a_stage_links_its_notebook_under_do_it(spec):
    for chapter in spec.chapters:
        text = (PROJECT_ROOT / "playbook" / chapter).read_text(encoding="utf-8")
        do_it = text.split("## Do it", 1)[1].split("\n## ", 1)[0]
        assert f"../notebooks/{spec.key}.ipynb" in do_it, f"{chapter} does not link {spec.key}"
