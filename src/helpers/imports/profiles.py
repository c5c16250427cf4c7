"""Import profiles: what one tool's export holds and how it becomes our tables, as data.

A profile is a YAML file in ``data/import-profiles/`` (``instagram-graph-api.yaml``, ...): a
new tool is a new file, no code. :class:`Profile` checks it; a bad profile file is an
:class:`~helpers.core.errors.InputError` naming the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from helpers.core.config import DATA_DIR
from helpers.core.data import TABLES
from helpers.core.errors import InputError, problem

PROFILES_DIR = DATA_DIR / "import-profiles"
#: the tables an import may write: ours, and ``conversions`` (orders and key events per creator)
WRITABLE = ("roster", "posts", "follower_growth", "audience", "results", "conversions")
#: the derivations the code provides, by name (see :mod:`helpers.imports.apply`)
RULES = ("day", "handle", "market", "seconds_at_most")
#: the command-line values a profile may derive a column from (``--creator``, ``--source``)
OPTIONS = ("creator", "source")
#: roster columns whose figures come from a vendor's judgement: they need ``--source``
AUTHENTICITY = ("audience_credibility", "fake_follower_share")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Documentation(Strict):
    """A public page the profile follows, and which version or year of it."""

    url: str = Field(pattern=r"^https?://")
    followed: str = Field(min_length=4, description="the version/year read, and what it says")


class JsonTable(Strict):
    """A JSON report written as a header list and rows of values (YouTube Analytics API)."""

    headers: str = Field(description="path to the list of column headers, e.g. columnHeaders")
    header_name: str = Field("name", description="the field of a header object that names it")
    rows: str = Field(description="path to the list of rows, e.g. rows")


class Join(Strict):
    """A second JSON file that completes the first, joined on a key (the YouTube Data API's
    ``videos.list`` response gives each video of an Analytics API report its publish date).

    Which file is which is told by its JSON shape: the main export has the profile's
    ``table.headers`` (or ``records``) path, this one has ``records``.
    """

    title: str = Field(description="what the file is, for messages: 'videos.list response'")
    records: str = Field(description="the path to its list of records, e.g. items")
    key: str = Field(description="its field that names a record, e.g. id")
    main_key: str = Field(description="the main export's field with the same key, e.g. video")
    gives: str = Field(description="what it gives each record, for messages: publish date")


class Derive(Strict):
    """How one of our columns is made when the export has no column for it.

    Exactly one of ``constant`` (a fixed value, e.g. ``platform: instagram``), ``option`` (a
    value given on the command line: ``creator``, ``source``) or ``rule`` (a named derivation
    of the code, applied to the export's field ``source``).
    """

    constant: str | None = None
    option: Literal[OPTIONS] | None = None
    rule: Literal[RULES] | None = None
    source: str | None = None
    at_most: float | None = Field(None, description="seconds_at_most: the limit in seconds")
    then: str | None = Field(None, description="seconds_at_most: the value at or under the limit")
    otherwise: str | None = Field(None, description="seconds_at_most: the value over it")
    why: str | None = Field(None, description="where the rule comes from (printed as derived)")

    @model_validator(mode="after")
    def _one_way(self) -> Derive:
        ways = [w for w in ("constant", "option", "rule") if getattr(self, w) is not None]
        if len(ways) != 1:
            raise ValueError("give exactly one of constant, option or rule")
        if self.rule is not None and self.source is None:
            raise ValueError(f"rule {self.rule} needs source: the export's field it reads")
        if self.rule == "seconds_at_most" and None in (self.at_most, self.then, self.otherwise):
            raise ValueError("rule seconds_at_most needs at_most, then and otherwise")
        return self


class AudienceColumn(Strict):
    """One audience share held in a column of a wide export: a segment and its share."""

    dimension: Literal["country", "age", "gender"]
    segment: str | None = Field(None, description="the segment, when the column is for one")
    segment_column: str | None = Field(None, description="the column naming the segment")
    share: str = Field(description="the column holding the share")

    @model_validator(mode="after")
    def _one_segment(self) -> AudienceColumn:
        if (self.segment is None) == (self.segment_column is None):
            raise ValueError("give exactly one of segment or segment_column")
        return self


class Attribution(Strict):
    """Orders or key events credited to creators by discount code or by UTM source."""

    by: Literal["code", "utm"]
    date: str = Field(description="the export's column with the order's or row's date")
    revenue: str
    code: str | None = Field(None, description="by code: the discount code column")
    order: str | None = Field(None, description="by code: the order key (one order, many rows)")
    currency: str | None = Field(None, description="the currency column (else the campaign's)")
    source: str | None = Field(None, description="by utm: the session source column")
    campaign: str | None = Field(None, description="by utm: the session campaign column")
    conversions: str | None = Field(None, description="by utm: the key events column")

    @model_validator(mode="after")
    def _fields_for_kind(self) -> Attribution:
        needed = ("code", "order") if self.by == "code" else ("source", "conversions")
        missing = [name for name in needed if getattr(self, name) is None]
        if missing:
            raise ValueError(f"attribution by {self.by} needs {', '.join(missing)}")
        return self


class Profile(Strict):
    """One import profile file (see ``data/import-profiles/README.md``)."""

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]
    title: str
    documentation: Annotated[list[Documentation], Field(min_length=1)]
    reads: Annotated[list[Literal["csv", "xlsx", "json"]], Field(min_length=1)]
    records: str | None = Field(None, description="JSON: the path to the list of records")
    table: JsonTable | None = None
    skip_lines_starting: str | None = Field(None, description="CSV: comment lines above it")
    writes: Annotated[list[Literal[WRITABLE]], Field(min_length=1)]
    columns: dict[str, str] = Field(default_factory=dict)
    optional: list[str] = Field(default_factory=list, description="columns that may be absent")
    values: dict[str, dict[str, str]] = Field(default_factory=dict)
    derive: dict[str, Derive] = Field(default_factory=dict)
    leave_out: dict[str, list[str]] = Field(
        default_factory=dict, description="rows left out (and counted): column -> its values"
    )
    audience: list[AudienceColumn] = Field(default_factory=list)
    attribution: Attribution | None = None
    join: Join | None = None
    unit: str = Field("row", description="what one row of the export is: order, post, video")
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _columns_are_ours(self) -> Profile:
        ours = {name for table in self.writes if table in TABLES for name in TABLES[table]}
        unknown = sorted((set(self.columns) | set(self.derive)) - ours - {"market"})
        if unknown and "conversions" not in self.writes:
            raise ValueError(
                f"{', '.join(unknown)}: not a column of {', '.join(self.writes)} "
                f"(their columns: {', '.join(sorted(ours))})"
            )
        if "json" in self.reads and (self.records is None) == (self.table is None):
            raise ValueError("a JSON profile needs exactly one of records or table")
        if "conversions" in self.writes and self.attribution is None:
            raise ValueError("writes conversions: needs attribution")
        if self.join is not None and "json" not in self.reads:
            raise ValueError("join reads a second JSON file: reads needs json")
        judged = [name for name in AUTHENTICITY if name in self.columns]
        source = self.derive.get("authenticity_source")
        if judged and (source is None or source.option != "source"):
            raise ValueError(
                f"writes {', '.join(judged)}: derive authenticity_source with option: source "
                "(the tool and month, given as --source)"
            )
        return self


def profile_names(folder: Path = PROFILES_DIR) -> list[str]:
    """The names of the profiles in a folder (the files' names without ``.yaml``)."""
    return sorted(path.stem for path in Path(folder).glob("*.yaml"))


def load_profile(name: str | Path, folder: Path = PROFILES_DIR) -> Profile:
    """Read and check a profile: by name (``shopify-orders``) or as a path to a YAML file.

    Raises
    ------
    InputError
        An unknown profile (the message lists the profiles), or a bad profile file (one line
        per field).
    """
    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = Path(folder) / f"{name}.yaml"
    if not path.is_file():
        listed = ", ".join(profile_names(folder)) or "none"
        raise InputError([problem(str(name), "", f"no such import profile (profiles: {listed})")])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError([problem(path, "", f"not a readable YAML file ({error})")]) from None
    if not isinstance(raw, dict):
        raise InputError([problem(path, "", "must be a mapping of profile fields")])
    try:
        return Profile.model_validate(raw)
    except ValidationError as error:
        raise InputError(
            [
                problem(path, ".".join(str(p) for p in e["loc"]) or "profile", e["msg"])
                for e in error.errors()
            ]
        ) from None
