"""Campaign arithmetic by hand; zero denominators are undefined, never infinite."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers.core import metrics


def test_formulas_by_hand():
    assert metrics.engagement_rate(90, 10, 5_000) == pytest.approx(0.02)
    assert metrics.cpm(250, 50_000) == pytest.approx(5.0)
    assert metrics.cpe(250, 1_000) == pytest.approx(0.25)
    assert metrics.cpc(300, 600) == pytest.approx(0.5)
    assert metrics.cpa(300, 12) == pytest.approx(25.0)
    assert metrics.roi(450, 300) == pytest.approx(0.5)
    assert metrics.roas(450, 300) == pytest.approx(1.5)


def test_zero_cost_or_base_is_undefined():
    assert math.isnan(metrics.roi(100, 0))
    assert math.isnan(metrics.engagement_rate(5, 5, 0))
    series = metrics.cpm(pd.Series([10.0, 5.0]), pd.Series([0, 1000]))
    assert math.isnan(series.iloc[0]) and series.iloc[1] == pytest.approx(5.0)
