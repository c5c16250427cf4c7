"""The data files a campaign uses (relative to the campaign file) and how ``playbook run`` runs
its stages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
)

from helpers.core.campaign.fields import Section
from helpers.core.config import SAMPLE_DIR


def _resolve_relative_to_file(value: Any, info: ValidationInfo) -> Any:
    """Paths in a campaign file are relative to that file, not to the working directory."""
    base_dir = (info.context or {}).get("base_dir")
    if value is None or base_dir is None:
        return value
    path = Path(value).expanduser()
    return path if path.is_absolute() else (Path(base_dir) / path).resolve()


class DataFiles(Section):
    """The data files a campaign uses; each defaults to the project's sample data."""

    roster: Path = Field(SAMPLE_DIR / "influencers.csv", description="creators to choose from")
    posts: Path = Field(SAMPLE_DIR / "posts.csv", description="creators' recent posts")
    follower_growth: Path = Field(SAMPLE_DIR / "follower_growth.csv")
    audience: Path = Field(SAMPLE_DIR / "audience.csv", description="audience demographics")
    follower_samples: Path = Field(SAMPLE_DIR / "follower_samples.csv")
    results: Path | None = Field(None, description="post-level results after the campaign")
    results_to_date: Path | None = Field(None, description="results so far, mid-campaign")
    pipeline: Path | None = Field(
        None, description="relationship pipeline: each creator's stage and agreed deliverables"
    )

    _resolve = field_validator("*", mode="before")(_resolve_relative_to_file)

    def named(self) -> dict[str, Path]:
        """The data files that are set, by their field name."""
        return {name: path for name, path in self if path is not None}


SECONDS_PER_STAGE = 600  # the default time limit of one stage, in seconds


class RunSettings(Section):
    """How ``playbook run`` runs the campaign's stages."""

    stage_timeout: Annotated[int, Field(ge=10, le=86_400)] = Field(
        SECONDS_PER_STAGE,
        description="seconds one stage may run before it is stopped and marked failed",
    )
