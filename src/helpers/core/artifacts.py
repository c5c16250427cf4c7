"""The run folder: where each stage writes its artifacts and later stages read them.

``playbook run`` hands every notebook the same run folder. An analyst running a notebook by
itself in JupyterLab gets ``reports/lab/<campaign id>/`` instead, so the real report is never
touched from a notebook. A stage whose inputs are missing from the run folder (a notebook opened
on its own) computes them with the earlier stage's helpers instead of failing.

The artifacts, by stage (the contract between stages):

========================  =================================================================
``landscape_*.csv``       00: market mix, engagement and fees against benchmarks
``goals.json``            01: ``{"campaign_id", "objective", "currency", "start", "end",
                          "goals": [{"kpi", "label", "target", "unit", "baseline", "deadline",
                          "market", "funnel_stage", "formula", "suggested", "smart"}]}``;
                          ``helpers.stages.goals.measure(kpi, results)`` computes a KPI's
                          actual value
``shortlist.csv``         02: one row per creator considered, with ``influencer_id``,
                          ``handle``, ``name``, ``platform``, ``market``, ``tier``,
                          ``followers``, ``engagement_rate``, ``fake_share``,
                          ``audience_quality`` (0-100), ``audience_fit`` (0-1),
                          ``composite_score`` (0-100), ``status`` (shortlisted | flagged |
                          excluded) and ``reasons``; built by
                          ``helpers.stages.vetting.build_shortlist``
``offers.csv``            03: one row per creator and deliverable priced, with ``fair_fee``,
                          ``opening_offer``, ``target_fee``, ``walk_away_fee``,
                          ``compensation_model``, ``expected_*`` outcomes and ``selected``
``calendar.csv/.ics``     04: every contracted deliverable's go-live and approval dates
``monitoring.csv``        05: pacing of each goal mid-campaign
``roi.csv``               06: cost, results, ROI and ROAS per creator, platform and market
========================  =================================================================
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

import helpers.core.pandas_options  # noqa: F401  (text columns as the helpers expect)
from helpers.core.campaign import Campaign, load_campaign
from helpers.core.config import REPORTS_DIR, project_path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def open_run(campaign_file: str | Path, run_dir: str | Path = "") -> tuple[Campaign, Path]:
    """Load the campaign and make sure its run folder exists.

    Parameters
    ----------
    campaign_file : str or Path
        The campaign file; relative paths are taken from the project root.
    run_dir : str or Path
        The run folder; empty means ``reports/lab/<campaign id>/`` (interactive use).

    Returns
    -------
    (Campaign, Path)
    """
    campaign = load_campaign(project_path(campaign_file))
    folder = Path(run_dir) if run_dir else REPORTS_DIR / "lab" / campaign.id
    folder.mkdir(parents=True, exist_ok=True)
    return campaign, folder


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise text cells a spreadsheet would run as a formula (``=HYPERLINK(...)``)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            text = safe[column]
            risky = text.astype("string").str.startswith(FORMULA_START).fillna(False)
            safe[column] = text.mask(risky, "'" + text.astype("string"))
    return safe


def save_table(frame: pd.DataFrame, run_dir: Path, name: str) -> Path:
    """Write an artifact CSV atomically (UTF-8, spreadsheet-safe, RFC 4180); return its path."""
    path = Path(run_dir) / name
    with _partial(path) as partial:
        # CRLF as RFC 4180 has it: the csv module then also quotes cells holding a bare \r
        spreadsheet_safe(frame).to_csv(partial, index=False, lineterminator="\r\n")
        os.replace(partial, path)
    return path


def save_json(data: object, run_dir: Path, name: str) -> Path:
    """Write an artifact JSON atomically; return its path."""
    path = Path(run_dir) / name
    write_text_atomically(path, json.dumps(data, indent=2, default=str))
    return path


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file so that readers see either the old or the whole new content."""
    with _partial(Path(path)) as partial:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)


@contextlib.contextmanager
def _partial(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path``, unique to this writer (two writers at once never share
    one), removed if the write fails before it is moved into place."""
    partial = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        yield partial
    finally:
        partial.unlink(missing_ok=True)
