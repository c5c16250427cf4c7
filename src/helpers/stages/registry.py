"""The stages of a campaign: each stage's notebook, title, playbook chapters, the tables it reads
and the artifacts it writes, as data the runner, ``playbook stages``, the README and the
playbook's "Do it" links all read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from helpers.core.config import NOTEBOOKS_DIR

if TYPE_CHECKING:
    import pandas as pd

    from helpers.core.campaign import Campaign

STAGE_FILE = re.compile(r"^(?P<number>\d{2})-(?P<name>[a-z0-9-]+)\.ipynb$")


@dataclass(frozen=True)
class StageSpec:
    """What the project knows about one of its stages.

    ``name`` is the stage's one name everywhere: its notebook ``NN-name``, its package
    ``helpers.stages.<name>``, its message catalogue and its test module.
    """

    number: int
    name: str
    title: str
    chapters: tuple[str, ...]
    reads: tuple[str, ...]
    writes: tuple[str, ...]

    @property
    def key(self) -> str:
        """``02-vetting``: the notebook's file name without ``.ipynb``."""
        return f"{self.number:02d}-{self.name}"

    @property
    def notebook(self) -> Path:
        """The stage's notebook in the project."""
        return NOTEBOOKS_DIR / f"{self.key}.ipynb"


#: The campaign's stages in order. ``reads``: the campaign's data tables the stage's notebook
#: loads (:func:`load_stage_data`); an earlier stage's artifact missing from the run folder is
#: computed with that stage's tables, which the stage's helpers then load themselves (as
#: ``negotiation.contracted_deliverables`` loads the pipeline, reporting a bad one on the
#: page); ``writes``: the artifacts it leaves in the run folder (:mod:`helpers.core.artifacts`).
STAGES: tuple[StageSpec, ...] = (
    StageSpec(
        0, "landscape", "Market landscape", ("01-landscape.md",),
        reads=("roster",),
        writes=("landscape_mix.csv", "landscape_engagement.csv", "landscape_fees.csv"),
    ),
    StageSpec(
        1, "goals", "Goals and KPIs", ("02-goals-and-kpis.md",),
        reads=("roster",), writes=("goals.json",),
    ),
    StageSpec(
        2, "vetting", "Vetting", ("03-finding-and-vetting.md",),
        reads=("roster", "posts", "follower_growth", "audience", "follower_samples"),
        writes=("shortlist.csv",),
    ),
    StageSpec(
        3, "negotiation", "Negotiation", ("04-relationships.md", "05-negotiation-and-contracts.md"),
        reads=("roster", "posts", "audience", "pipeline"),
        writes=("offers.csv", "pipeline.csv", "outreach/", "term-sheets/"),
    ),
    StageSpec(
        4, "calendar", "Content calendar", ("06-running-the-campaign.md",),
        reads=("roster", "pipeline"),
        writes=(
            "calendar.csv",
            "calendar.ics",
            "calendar-go-lives.ics",
            "calendar-approvals.ics",
            "amplification.csv",
            "calendar_conflicts.csv",
        ),
    ),
    StageSpec(
        5, "monitoring", "Monitoring", ("06-running-the-campaign.md",),
        reads=("results", "results_to_date", "roster", "conversions"), writes=("monitoring.csv",),
    ),
    StageSpec(
        6, "roi", "ROI", ("07-measuring-and-roi.md",),
        reads=("results", "results_to_date", "roster", "conversions"), writes=("roi.csv",),
    ),
)  # fmt: skip
SPECS = {spec.key: spec for spec in STAGES}


@dataclass(frozen=True)
class Stage:
    """One stage notebook to run, e.g. ``00-landscape`` (a project stage or a custom one)."""

    number: int
    name: str
    path: Path

    @property
    def key(self) -> str:
        """``00-landscape``: the notebook's file name without ``.ipynb``."""
        return self.path.stem

    @property
    def spec(self) -> StageSpec | None:
        """The registry's entry when this is one of the project's own stage notebooks."""
        spec = SPECS.get(self.key)
        return spec if spec and spec.notebook.resolve() == self.path.resolve() else None

    @property
    def title(self) -> str:
        """``06 ROI``: how the stage is shown to people (from the registry, else its name)."""
        name = self.spec.title if self.spec else self.name.replace("-", " ").capitalize()
        return f"{self.number:02d} {name}"


def project_stages() -> list[Stage]:
    """The project's stages, in order, from :data:`STAGES`."""
    return [Stage(spec.number, spec.name, spec.notebook) for spec in STAGES]


def discover_stages(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Stage]:
    """The stages to run from a folder: the registry's for the project's notebooks folder,
    else the folder's ``NN-name.ipynb`` notebooks in order (a custom set of stages).
    """
    if Path(notebooks_dir).resolve() == NOTEBOOKS_DIR.resolve():
        return project_stages()
    stages = []
    for path in sorted(Path(notebooks_dir).resolve().glob("*.ipynb")):
        match = STAGE_FILE.match(path.name)
        if match:
            stages.append(Stage(int(match["number"]), match["name"], path))
    return stages


def load_stage_data(
    campaign: Campaign, stage: str, run_folder: str | Path | None = None
) -> dict[str, pd.DataFrame]:
    """The campaign's data tables a stage reads (its ``reads``), each parsed once per run.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    stage : str
        The stage, ``"04-calendar"``.
    run_folder : str or Path, optional
        The run folder: its ``.cache/`` keeps the parsed tables for the next stage's kernel
        (``playbook run`` fills it before the first stage). Without one the tables are still
        kept in this process.

    Returns
    -------
    dict of str to DataFrame
        The tables the campaign names among those the stage reads (a table not given is
        absent), as :func:`helpers.core.data.load_campaign_data` returns them.

    Raises
    ------
    InputError
        With every problem of those files.
    """
    from helpers.core.data import load_campaign_data

    return load_campaign_data(campaign, list(SPECS[stage].reads), run_folder)


def read_stage_data(
    campaign: Campaign, stage: str, run_folder: str | Path | None = None
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """:func:`load_stage_data`, but the tables that load and the problems of the others."""
    from helpers.core.data import read_campaign_data

    return read_campaign_data(campaign, list(SPECS[stage].reads), run_folder)


def select_stages(stages: list[Stage], spec: str | None) -> list[Stage]:
    """Pick stages by a spec such as ``"00-02"``, ``"01,03"`` or ``"02"``.

    Raises
    ------
    ValueError
        When the spec is malformed or names no known stage.
    """
    if not spec:
        return stages
    wanted: set[int] = set()
    for part in spec.split(","):
        bounds = part.strip().split("-")
        if not all(b.isdigit() for b in bounds) or len(bounds) > 2:
            raise ValueError(f"--stages {spec!r}: use numbers like 00-02 or 01,03")
        low, high = int(bounds[0]), int(bounds[-1])
        wanted |= set(range(low, high + 1))
    chosen = [stage for stage in stages if stage.number in wanted]
    if not chosen:
        known = ", ".join(stage.key for stage in stages)
        raise ValueError(f"--stages {spec!r} names no stage (known: {known})")
    return chosen
