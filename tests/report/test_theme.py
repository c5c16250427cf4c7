"""The report's chart theme and the axis helpers the stages' charts share."""

from __future__ import annotations

from datetime import date

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.report import theme  # noqa: E402
from helpers.text.i18n import translator  # noqa: E402

EN, LV = translator("en"), translator("lv")


@pytest.fixture
def ax():
    figure, axes = plt.subplots()
    yield axes
    plt.close(figure)


def tick(axis, value: float) -> str:
    return axis.get_major_formatter()(value, 0)


def test_thousands_use_the_languages_separator(ax):
    theme.thousands(ax.yaxis, EN)
    assert tick(ax.yaxis, 12500) == "12,500"
    theme.thousands(ax.yaxis, LV)
    assert tick(ax.yaxis, 12500) == "12\xa0500"


def test_share_axis_shows_fractions_as_percentages(ax):
    theme.share_axis(ax.yaxis, LV, decimals=1)
    assert tick(ax.yaxis, 0.035) == "3,5%"


def test_percent_axis_steps_at_one_two_five(ax):
    theme.percent_axis(ax.xaxis, EN)
    ax.set_xscale("log")
    theme.percent_axis(ax.xaxis, EN)
    assert tick(ax.xaxis, 0.02) == "2.0%"
    assert list(ax.xaxis.get_major_locator()._subs) == [1.0, 2.0, 5.0]


def test_no_data_titles_the_empty_chart_and_says_why(ax):
    theme.no_data(ax, "Reach by week", _=LV)
    assert ax.get_title() == "Reach by week"
    assert [t.get_text() for t in ax.texts] == [LV("No data to show yet")]
    assert list(ax.get_xticks()) == []


def test_date_axis_writes_days_as_the_language_does(ax):
    import matplotlib.dates as mdates

    theme.date_axis(ax.xaxis, LV)
    assert tick(ax.xaxis, mdates.date2num(date(2027, 2, 8))) == "08.02."
    theme.date_axis(ax.xaxis, EN)
    assert tick(ax.xaxis, mdates.date2num(date(2027, 2, 8))) == "08 Feb"


def test_times_keeps_the_decimals_a_tick_has():
    assert theme.times(0.25, EN) == "0.25x"
    assert theme.times(2, EN) == "2x"


def test_goal_labels_name_the_market_of_a_market_goal():
    frame = pd.DataFrame({"label": ["Reach", "ROI"], "market": ["LV", "all"]})
    assert theme.goal_labels(frame, EN) == ["Reach (LV)", "ROI"]


def test_a_language_code_is_accepted_where_a_translator_is_expected():
    assert theme.words("lv") is LV
    assert theme.words(EN) is EN
