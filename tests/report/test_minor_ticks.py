"""``theme.drop_unseen_minor_ticks``: minor ticks that draw nothing are left out, and the chart
is the same picture, pixel for pixel; minor ticks that show a mark, a grid line or a label stay."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pytest
from matplotlib.ticker import NullFormatter, NullLocator

from helpers.report import theme

pytestmark = pytest.mark.usefixtures("themed")  # tests/report/conftest.py


def _log_chart(low: float, high: float, minor_labels: bool = False):
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.scatter([low, (low * high) ** 0.5, high], [low, high, (low * high) ** 0.5])
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    if not minor_labels:
        ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_title("A chart with two log axes")
    fig.tight_layout()
    return fig, ax


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return buffer.getvalue()


def test_unseen_minor_ticks_are_dropped_and_the_png_is_the_same():
    before, _ = _log_chart(800, 2e6)
    after, ax = _log_chart(800, 2e6)
    assert len(ax.xaxis.get_minorticklocs()) > 20  # eight a decade on the x axis
    theme.drop_unseen_minor_ticks(ax)
    assert isinstance(ax.xaxis.get_minor_locator(), NullLocator)  # unlabelled over 3 decades
    assert isinstance(ax.yaxis.get_minor_locator(), NullLocator)  # NullFormatter
    assert _png(after) == _png(before)


def test_labelled_minor_ticks_stay():
    # less than a decade: matplotlib's log formatter labels the minor ticks (2, 3, 4 ... x 10^0)
    fig, ax = _log_chart(2, 8, minor_labels=True)
    assert any(ax.xaxis.get_minor_formatter().format_ticks(ax.xaxis.get_minorticklocs()))
    theme.drop_unseen_minor_ticks(ax)
    assert not isinstance(ax.xaxis.get_minor_locator(), NullLocator)
    assert not isinstance(ax.yaxis.get_minor_locator(), NullLocator)


def test_minor_tick_marks_or_grid_lines_keep_the_ticks():
    fig, ax = _log_chart(800, 2e6)
    ax.tick_params(axis="x", which="minor", bottom=True)  # marks drawn on the x axis
    ax.grid(axis="y", which="minor")  # minor grid lines on the y axis
    theme.drop_unseen_minor_ticks(ax)
    assert not isinstance(ax.xaxis.get_minor_locator(), NullLocator)
    assert not isinstance(ax.yaxis.get_minor_locator(), NullLocator)


def test_linear_axes_are_left_as_they_are():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [3, 1, 2])
    locators = (ax.xaxis.get_minor_locator(), ax.yaxis.get_minor_locator())
    assert theme.drop_unseen_minor_ticks(ax) is ax
    assert (ax.xaxis.get_minor_locator(), ax.yaxis.get_minor_locator()) == locators
