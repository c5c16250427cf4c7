"""The run folder: where each stage writes its artifacts and later stages read them.

``playbook run`` hands every notebook the same run folder. An analyst running a notebook by
itself in JupyterLab gets ``reports/lab/<campaign id>/`` instead, so the real report is never
touched from a notebook.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from helpers.campaign import Campaign, load_campaign
from helpers.config import REPORTS_DIR, project_path

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
    """Write an artifact CSV atomically (UTF-8, spreadsheet-safe); return its path."""
    path = Path(run_dir) / name
    partial = path.with_name(f".{path.name}.partial")
    spreadsheet_safe(frame).to_csv(partial, index=False, lineterminator="\n")
    os.replace(partial, path)
    return path


def save_json(data: object, run_dir: Path, name: str) -> Path:
    """Write an artifact JSON atomically; return its path."""
    path = Path(run_dir) / name
    write_text_atomically(path, json.dumps(data, indent=2, default=str))
    return path


def write_text_atomically(path: Path, text: str) -> None:
    """Write a file so that readers see either the old or the whole new content."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
