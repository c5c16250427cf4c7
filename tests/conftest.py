"""Shared fixtures: example campaigns, and campaign files written into a temporary folder."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from helpers.core.config import CAMPAIGNS_DIR, SAMPLE_DIR

EXAMPLE_CAMPAIGNS = sorted(CAMPAIGNS_DIR.glob("*.yaml"))
FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "notebooks-good"
BROKEN = FIXTURES / "notebooks-broken"
REUSE = FIXTURES / "notebooks-reuse"
BATCH = FIXTURES / "notebooks-batch"
TINY = FIXTURES / "tiny" / "tiny.yaml"


def tiny_copy(folder: Path, file_name: str = "tiny.yaml", **fields: str) -> Path:
    """The tiny campaign written elsewhere, with some fields changed and data paths absolute."""
    text = TINY.read_text(encoding="utf-8")
    text = re.sub(
        r"^(  \w+: )(\S+\.csv)$",
        lambda m: m[1] + str((TINY.parent / m[2]).resolve()),
        text,
        flags=re.MULTILINE,
    )
    for key, value in fields.items():
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    path = Path(folder) / file_name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_CAMPAIGN = """\
schema: 1
id: test-campaign
name: Test campaign
brand: Test brand
objective: awareness
markets: [LV, EE]
currency: EUR
budget: 1000
start: 2027-02-01
end: 2027-02-28
"""


@pytest.fixture
def write_campaign(tmp_path: Path):
    """Write a campaign file from YAML text (dedented) and return its path."""

    def write(text: str = MINIMAL_CAMPAIGN, name: str = "campaign.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write a CSV file from text (or bytes) and return its path."""

    def write(content: str | bytes, name: str = "table.csv") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return path

    return write


def latvian_copy(tmp_path: Path, name: str = "aurora-baltics-2027") -> Path:
    """An example campaign with ``language: lv``, its sample-data paths made absolute."""
    text = (CAMPAIGNS_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    text = text.replace("schema: 1\n", "schema: 1\nlanguage: lv\n", 1)
    text = text.replace("../sample/", f"{SAMPLE_DIR.as_posix()}/")
    path = tmp_path / f"{name}-lv.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def stage_page(result, stage: str, finding: str = "Finding.") -> str:
    """A finished run's page for one stage (``"02-vetting"``), checked to have run cleanly:
    no traceback or warning on it, its finding shown."""
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    page = (result.report_dir / f"{stage}.html").read_text(encoding="utf-8")
    assert "Traceback" not in page and "Warning" not in page
    assert finding in page
    return page
