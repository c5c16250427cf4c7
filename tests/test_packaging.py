"""Packaging: environment.yml and pyproject.toml list the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers.config import PROJECT_ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(requirement: str) -> str:
    return requirement.strip()[len(_name(requirement)) :].replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["dev"]
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    conda_specs = {_name(d): _spec(d) for d in conda if _name(d) not in ("python", "pip")}
    assert {_name(r): _spec(r) for r in wanted} == conda_specs
    pip_part = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_part == ["-e ."]


def test_layout_of_the_design_card():
    for name in (
        "notebooks",
        "playbook",
        "data",
        "src/helpers",
        "tests",
        "environment.yml",
        "README.md",
        "Makefile",
        ".ci/run",
    ):
        assert (PROJECT_ROOT / name).exists(), name
