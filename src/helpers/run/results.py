"""What a run produced: each stage's status, duration, page and error, and the report folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class StageResult:
    """What happened to one stage in a run."""

    stage: str
    title: str
    status: str = "skipped"
    seconds: float | None = None
    notebook: str | None = None
    html: str | None = None
    error: str | None = None
    heading: str | None = None  # the page's own title, e.g. "00 · Market landscape"
    sections: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RunResult:
    """The outcome of :func:`run_campaign`."""

    campaign_id: str
    report_dir: Path
    stages: list[StageResult] = field(default_factory=list)
    seconds: float | None = None
    pdf: str | None = None
    client_pdf: str | None = None  # the client's edition (report-client.pdf)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every selected stage finished."""
        return all(stage.status == "done" for stage in self.stages)

    @property
    def failed(self) -> StageResult | None:
        """The first failed stage, if any."""
        return next((s for s in self.stages if s.status == "failed"), None)
