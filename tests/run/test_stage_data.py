"""A stage run by ``playbook run`` loads the tables it reads from the run folder's cache, which the
runner fills with the tables it parsed for the readiness check."""

from __future__ import annotations

import pandas as pd

from helpers.core.campaign import load_campaign
from helpers.core.data import clear_memory, load_campaign_data
from helpers.core.data.cache import CACHE_FOLDER, read_cache_file
from helpers.run.runner import run_campaign
from tests.conftest import TINY


def test_a_fresh_kernel_runs_the_calendar_from_the_run_folders_tables(tmp_path):
    result = run_campaign(TINY, out_dir=tmp_path, stages="04", fresh_kernels=True)
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    page = (result.report_dir / "04-calendar.html").read_text(encoding="utf-8")
    assert "Finding." in page and "Traceback" not in page
    assert (result.report_dir / "calendar.csv").is_file()
    clear_memory()
    tables = load_campaign_data(load_campaign(TINY))
    cached = {
        path.name.split("-")[0]: read_cache_file(path)
        for path in (result.report_dir / CACHE_FOLDER).glob("*.parquet")
    }
    assert set(cached) == set(tables)  # every table the campaign names, once
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(cached[name], frame, check_exact=True)
