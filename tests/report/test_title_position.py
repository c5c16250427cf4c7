"""Chart titles under the theme: on top of the Axes without being placed anew in every layout
pass, the same picture pixel for pixel; and lifted above tick labels drawn on top (the
calendar's month view), never over them."""

from __future__ import annotations

import io
from datetime import date

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.stages.calendar import charts
from helpers.text.i18n import translator

pytestmark = pytest.mark.usefixtures("themed")  # tests/report/conftest.py


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def _bar_chart():
    fig, axes = plt.subplots(1, 2, figsize=(8, 3))
    for ax, title in zip(axes, ("Reach per market (people)", "Fee per tier (EUR)"), strict=True):
        ax.bar(["LV", "LT", "EE"], [12_500, 30_000, 8_000])
        ax.set_title(title)
        ax.set_ylabel("people")
    fig.suptitle("Two panels", y=1.04)
    fig.tight_layout()
    return fig


def test_fixed_titles_draw_the_same_picture_as_automatic_ones():
    fixed = _png(_bar_chart())
    with plt.rc_context({"axes.titley": None}):  # matplotlib's own placement
        automatic = _png(_bar_chart())
    assert fixed == automatic


def test_month_view_titles_sit_above_the_weekday_names():
    posts = pd.DataFrame(
        {
            "status": ["scheduled"],
            "go_live_date": [pd.Timestamp("2027-03-09")],
            "market": ["LV"],
        }
    )
    holidays = pd.DataFrame({"market": [], "date": pd.to_datetime([]), "holiday": []})
    fig = charts.plot_month_view(
        posts, holidays, date(2027, 3, 1), date(2027, 4, 30), ["LV"], translator("en")
    )
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    for ax in [ax for ax in fig.axes if ax.get_visible()]:
        weekdays_top = max(t.get_window_extent(renderer).ymax for t in ax.get_xticklabels())
        assert ax.title.get_window_extent(renderer).ymin >= weekdays_top, ax.get_title()
