"""Packaging: environment.yml and pyproject.toml list the same dependencies."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers.core.config import PROJECT_ROOT

# pip extras that conda-forge ships as separate packages
# (conda name: its version spec, or None for the pip requirement's own)
CONDA_EXTRAS = {"dask[distributed]": {"distributed": None}}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _spec(requirement: str) -> str:
    return re.sub(r"\[.*?\]", "", requirement.strip())[len(_name(requirement)) :].replace(" ", "")


def _as_conda(requirement: str) -> dict[str, str]:
    extras = next((v for k, v in CONDA_EXTRAS.items() if requirement.startswith(k)), {})
    packages = {_name(requirement): _spec(requirement)}
    packages |= {name: spec or _spec(requirement) for name, spec in extras.items()}
    return packages


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["dev"]
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    conda_specs = {_name(d): _spec(d) for d in conda if _name(d) not in ("python", "pip")}
    assert {k: v for r in wanted for k, v in _as_conda(r).items()} == conda_specs
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
