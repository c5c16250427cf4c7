"""The data files a campaign uses (relative to the campaign file), how to read each of them, and
how ``playbook run`` runs its stages.

A campaign uses exactly the files it names. ``data: sample`` (or ``sample: true`` among named
files) asks for the project's fictional sample world for every creator table it does not name;
nothing else ever falls back on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from helpers.core.campaign.fields import Section
from helpers.core.config import SAMPLE_DIR

#: the creator tables the sample world holds, and its file of each
SAMPLE_FILES = {
    "roster": "influencers.csv",
    "posts": "posts.csv",
    "follower_growth": "follower_growth.csv",
    "audience": "audience.csv",
    "follower_samples": "follower_samples.csv",
}


def _resolve_relative_to_file(value: Any, info: ValidationInfo) -> Any:
    """Paths in a campaign file are relative to that file, not to the working directory."""
    base_dir = (info.context or {}).get("base_dir")
    if value is None or base_dir is None:
        return value
    path = Path(value).expanduser()
    return path if path.is_absolute() else (Path(base_dir) / path).resolve()


class DataSource(Section):
    """One data file and how to read it.

    Written in the campaign file as a path, or as a mapping for an export whose headers and
    words are not ours::

        roster:
          file: creators.xlsx
          sheet: Creators
          columns: {followers: "Follower count", market: Country}
          values: {platform: {IG: instagram}}

    ``file`` may also be a ``.parquet`` file or a folder of Parquet files (a pyarrow dataset,
    possibly hive-partitioned as ``market=PL/platform=instagram/``): the roster is then read
    for the campaign's markets and vetting platforms only, posts, growth, audience and follower
    samples for the roster's creators only, with those filters pushed down, and only the
    table's columns (see :mod:`helpers.core.data.parquet`). ``columns`` and ``values`` apply
    as for CSV; ``sheet`` is for workbooks.
    """

    file: Path = Field(description="the CSV, .xlsx or Parquet file, or a folder of Parquet files")
    columns: dict[str, str] = Field(
        default_factory=dict, description="our column name: the file's header for it"
    )
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="our column name: {the file's word: ours}"
    )
    sheet: str | None = Field(None, description="the sheet of a workbook with several")

    _resolve = field_validator("file", mode="before")(_resolve_relative_to_file)

    @model_validator(mode="before")
    @classmethod
    def _a_path_alone(cls, value: Any) -> Any:
        return {"file": value} if isinstance(value, str | Path) else value

    @property
    def is_sample(self) -> bool:
        """Whether the file is one of the project's fictional sample files."""
        return self.file.resolve().is_relative_to(SAMPLE_DIR.resolve())


Source = DataSource | None


class DataFiles(Section):
    """The data files a campaign uses: only the ones it names (or the sample world on request)."""

    sample: bool = Field(
        False, description="take every creator table not named here from the fictional sample"
    )
    roster: Source = Field(None, description="creators to choose from")
    posts: Source = Field(None, description="creators' recent posts")
    follower_growth: Source = Field(None, description="followers week by week")
    audience: Source = Field(None, description="audience demographics and credibility")
    follower_samples: Source = Field(None, description="sampled follower profiles")
    results: Source = Field(None, description="post-level results after the campaign")
    results_to_date: Source = Field(None, description="results so far, mid-campaign")
    pipeline: Source = Field(
        None, description="relationship pipeline: each creator's stage and agreed deliverables"
    )
    conversions: Source = Field(
        None, description="conversions and revenue per creator from a shop or analytics export"
    )

    @model_validator(mode="before")
    @classmethod
    def _sample_alone(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() == "sample":
            return {"sample": True}
        if isinstance(value, str):
            raise ValueError(
                f"{value!r}: write `data: sample` for the fictional sample world, or name "
                "each file under data: (roster: creators.csv, posts: posts.csv, ...)"
            )
        return value

    @model_validator(mode="after")
    def _sample_fills_in(self) -> DataFiles:
        if self.sample:
            for table, name in SAMPLE_FILES.items():
                if getattr(self, table) is None:
                    setattr(self, table, DataSource(file=SAMPLE_DIR / name))
        return self

    def named(self) -> dict[str, DataSource]:
        """The data files that are set, by table."""
        return {name: source for name, source in self if isinstance(source, DataSource)}

    def file(self, table: str) -> Path | None:
        """The file of one table, or None when the campaign does not give it."""
        source = getattr(self, table, None)
        return source.file if source is not None else None

    @property
    def uses_sample(self) -> bool:
        """Whether any table comes from the fictional sample world (the report then says so)."""
        return any(source.is_sample for source in self.named().values())


SECONDS_PER_STAGE = 600  # the default time limit of one stage, in seconds


class RunSettings(Section):
    """How ``playbook run`` runs the campaign's stages."""

    stage_timeout: Annotated[int, Field(ge=10, le=86_400)] = Field(
        SECONDS_PER_STAGE,
        description="seconds one stage may run before it is stopped and marked failed",
    )
