"""Charts drawn off screen (Agg) under the report's theme, its settings put back afterwards."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.report import theme  # noqa: E402


@pytest.fixture
def themed():
    """The theme's settings for one test; its figures closed after it."""
    with plt.rc_context():
        theme.set_theme()
        yield
    plt.close("all")
