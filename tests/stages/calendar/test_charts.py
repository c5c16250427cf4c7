"""The calendar page's charts on a small plan (Agg backend): titles, axis labels, and one mark
per post, step and day, in English and in Latvian."""

from __future__ import annotations

from datetime import date

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402

from helpers.stages import calendar as cc  # noqa: E402
from helpers.stages.calendar import charts  # noqa: E402
from tests.stages.calendar.conftest import EN, LV, deliverables, variant  # noqa: E402

#: two phases in March 2027; @a has two reels, @b one story (three go-lives in two markets)
PHASES = [
    ("early", date(2027, 3, 8), date(2027, 3, 14), True),
    ("late", date(2027, 3, 15), date(2027, 3, 21)),
]


@pytest.fixture(scope="module")
def plan(small):
    rows = deliverables(
        ("a", "LV", "instagram", "reel", 2, 200), ("b", "LT", "instagram", "story", 1, 100)
    )
    built = cc.build_calendar(rows, variant(small, phases=PHASES))
    assert len(built.scheduled) == 3
    return built


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_gantt_titles_and_axis_labels(plan):
    ax = charts.plot_calendar_gantt(plan.posts, plan.phases, EN)
    assert ax.get_title() == (
        "Approval chain and go-live per creator (business days worked back from go-live)"
    )
    assert ax.get_xlabel() == (
        "Date (Mondays marked; local calendar of each creator's market; * burst phase)"
    )
    assert ax.get_ylabel() == "Creator (market)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["@a (LV)", "@b (LT)"]


def test_gantt_marks_every_step_and_go_live(plan):
    ax = charts.plot_calendar_gantt(plan.posts, plan.phases, EN)
    points = {
        c.get_label(): len(c.get_offsets())
        for c in ax.collections
        if not isinstance(c, LineCollection)
    }
    assert points == {
        "brief sent": 3,
        "draft due": 3,
        "feedback due": 3,
        "final approval": 3,
        "go-live, early": 2,
        "go-live, late": 1,
    }
    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert len(lines.get_segments()) == 3  # one line from brief to go-live per post
    phase_names = [t.get_text() for t in ax.texts]
    assert phase_names == ["early*", "late"]  # * marks the burst


def test_gantt_in_latvian(plan):
    ax = charts.plot_calendar_gantt(plan.posts, plan.phases, LV)
    assert ax.get_ylabel() == LV("Creator (market)")
    assert ax.get_ylabel() != "Creator (market)"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0] == "brīfs nosūtīts"


def test_month_view_one_panel_per_month(plan, small):
    fig = charts.plot_month_view(
        plan.posts, plan.holidays, date(2027, 3, 8), date(2027, 4, 4), ["LV", "LT"], EN
    )
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title() for ax in shown] == [
        "March 2027: go-lives per market (count)",
        "April 2027: go-lives per market (count)",
    ]
    assert fig._suptitle.get_text() == "Month view: go-lives per day and market (local dates)"
    weekdays = [t.get_text() for t in shown[0].get_xticklabels()]
    assert weekdays == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    march = shown[0]
    assert len(march.patches) == 35  # five weeks of squares, 1 March 2027 is a Monday
    go_lives = [t.get_text() for t in march.texts if t.get_text()[:2] in ("LV", "LT")]
    assert sorted(go_lives) == ["LT 1", "LV 1", "LV 1"]
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == [
        "LV go-lives",
        "LT go-lives",
        "public holiday (markets named)",
        "outside the campaign window",
    ]


def test_month_view_in_latvian(plan):
    fig = charts.plot_month_view(
        plan.posts, plan.holidays, date(2027, 3, 8), date(2027, 3, 21), ["LV", "LT"], LV
    )
    (ax,) = [ax for ax in fig.axes if ax.get_visible()]
    assert ax.get_title().startswith("Marts 2027")
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Pr",
        "Ot",
        "Tr",
        "Ce",
        "Pk",
        "Se",
        "Sv",
    ]
