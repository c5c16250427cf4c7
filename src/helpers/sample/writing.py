"""Building every sample table from one seed and writing them as CSV files, byte for byte the
same for the same seed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from helpers.sample.audience import _make_audience
from helpers.sample.creators import _make_creators, _roster_table
from helpers.sample.follower_samples import _make_follower_samples
from helpers.sample.growth import _make_growth, _truth_table
from helpers.sample.history import _history_tables
from helpers.sample.pipeline import _campaign_pipeline
from helpers.sample.posts import _make_posts
from helpers.sample.results import _campaign_files, _campaign_results
from helpers.sample.world import CAMPAIGNS_DIR, DEFAULT_SEED, SAMPLE_DIR


def write_sample_data(out_dir: Path | None = None, seed: int = DEFAULT_SEED) -> list[Path]:
    """Generate the synthetic influencer world and write it as CSV files.

    Parameters
    ----------
    out_dir : Path, optional
        Folder to write to (created if missing); defaults to the project's ``data/sample/``.
    seed : int, default 2027
        Random seed. The same seed always writes byte-identical files.

    Returns
    -------
    list of Path
        The files written, in alphabetical order.
    """
    out = Path(out_dir) if out_dir is not None else SAMPLE_DIR
    out.mkdir(parents=True, exist_ok=True)
    tables = build_sample_tables(seed)
    paths = []
    for name in sorted(tables):
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)  # history/<campaign>/<past campaign>/
        _write_atomically(path, _csv_bytes(tables[name]))
        paths.append(path)
    return paths


def build_sample_tables(
    seed: int = DEFAULT_SEED, campaigns_dir: Path = CAMPAIGNS_DIR
) -> dict[str, pd.DataFrame]:
    """Generate every sample table in memory, ready to write.

    Parameters
    ----------
    seed : int, default 2027
        Random seed.
    campaigns_dir : Path, optional
        Folder of campaign YAML files to simulate results for (all ``*.yaml`` in it).

    Returns
    -------
    dict of str to DataFrame
        File name (relative to the sample folder: ``history/<campaign>/<past>/results.csv`` for
        the example brands' past campaigns) to table; numbers in float columns are already
        formatted as text.
    """
    streams = np.random.default_rng(seed).spawn(7)  # the 7th, added later, leaves the others be
    creators = _make_creators(streams[0])
    growth, events = _make_growth(creators, streams[1])
    audience = _make_audience(creators, streams[2])
    tables = {
        "influencers.csv": _roster_table(creators),
        "posts.csv": _make_posts(creators, streams[3]),
        "follower_growth.csv": growth,
        "audience.csv": audience,
        "follower_samples.csv": _make_follower_samples(creators, streams[4]),
        "truth.csv": _truth_table(creators, events),
    }
    files = _campaign_files(campaigns_dir)
    campaign_rngs = streams[5].spawn(len(files))
    history_rngs = streams[6].spawn(len(files))
    for path, rng, past_rng in zip(files, campaign_rngs, history_rngs, strict=True):
        campaign = yaml.safe_load(path.read_text(encoding="utf-8"))
        full, to_date = _campaign_results(campaign, creators, audience, rng)
        tables[f"results-{campaign['id']}.csv"] = full
        tables[f"results-{campaign['id']}-to-date.csv"] = to_date
        tables[f"pipeline-{campaign['id']}.csv"] = _campaign_pipeline(
            campaign, creators, audience, full
        )
        tables |= _history_tables(campaign, creators, audience, past_rng)
    return tables


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as UTF-8 CSV bytes (no BOM, ``\\n`` line ends)."""
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _write_atomically(path: Path, payload: bytes) -> None:
    """Write a file so that readers never see it half-written (temp file, then rename)."""
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(payload)
        os.chmod(temp_name, 0o644)  # mkstemp makes files private; data files are shared
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
