"""The vetting page's charts, drawn on a few hand-made creators: titles, axis labels with their
units, and one dot, bar or panel per creator, part or event."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402

from helpers.stages.vetting import charts  # noqa: E402
from helpers.text.i18n import translator  # noqa: E402

EN, LV = translator("en"), translator("lv")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def candidates() -> pd.DataFrame:
    """Five creators: three on Instagram (two shortlisted, one flagged), two on TikTok."""
    return pd.DataFrame(
        {
            "handle": ["@a", "@b", "@c", "@d", "@e"],
            "platform": ["instagram", "instagram", "instagram", "tiktok", "tiktok"],
            "followers": [12_000, 30_000, 80_000, 20_000, 150_000],
            "engagement_rate": [0.02, 0.03, 0.09, 0.05, 0.04],
            "status": ["shortlisted", "shortlisted", "flagged", "shortlisted", "excluded"],
            "audience_quality": [82.0, 74.0, 41.0, 90.0, 12.0],
            "audience_fit": [0.9, 0.8, 0.7, 0.6, 0.5],
            "fit_country": [0.9, 0.8, 0.7, 0.6, 0.5],
            "fit_age": [0.5, 0.5, 0.5, 0.5, 0.5],
            "fit_gender": [np.nan] * 5,
            "fit_interests": [1.0, 1.0, 0.0, 1.0, 1.0],
            "fit_language": [1.0, 0.0, 1.0, 1.0, 1.0],
        }
    )


@pytest.fixture
def bands() -> pd.DataFrame:
    """Two tiers on Instagram, one on TikTok (the top tier without an upper bound)."""
    return pd.DataFrame(
        {
            "platform": ["instagram", "instagram", "tiktok"],
            "tier": ["micro", "mid", "micro"],
            "min_followers": [10_000, 50_000, 10_000],
            "max_followers": [50_000, np.nan, 50_000],
            "p25": [0.015, 0.01, 0.03],
            "p75": [0.03, 0.02, 0.06],
            "benchmark": [0.016, 0.012, 0.045],
        }
    )


def _dots(ax) -> dict[str, int]:
    """Legend label -> number of dots drawn with it (the scatter's, not the grey bands)."""
    return {c.get_label(): len(c.get_offsets()) for c in ax.collections if c in _scatters(ax)}


def _scatters(ax) -> list:
    return [c for c in ax.collections if isinstance(c, PathCollection)]


def test_er_vs_followers_draws_a_panel_per_platform_and_a_dot_per_creator(candidates, bands):
    fig = charts.plot_er_vs_followers(candidates, bands, EN)
    instagram, tiktok = fig.axes
    assert [instagram.get_title(), tiktok.get_title()] == ["Instagram", "TikTok"]
    assert instagram.get_xlabel() == "Followers (log scale)"
    assert instagram.get_ylabel() == "Engagement rate per follower (log scale)"
    assert _dots(instagram) == {"shortlisted (2)": 2, "flagged (1)": 1, "excluded (0)": 0}
    assert _dots(tiktok) == {"shortlisted (1)": 1, "flagged (0)": 0, "excluded (1)": 1}
    # the middle half of peers: one grey band per tier
    assert len(instagram.collections) - len(_scatters(instagram)) == 2
    # one benchmark line per tier of the platform
    assert len(instagram.get_lines()) == 2
    assert instagram.get_xscale() == "log"
    assert fig.texts[0].get_text() == (
        "Engagement rate vs followers: grey = middle half of peers per tier, line = "
        "published benchmark"
    )


def test_er_vs_followers_in_latvian(candidates, bands):
    fig = charts.plot_er_vs_followers(candidates, bands, LV)
    instagram = fig.axes[0]
    assert instagram.get_xlabel() == LV("Followers (log scale)")
    assert _dots(instagram) == {"īsajā sarakstā (2)": 2, "jāpārbauda (1)": 1, "izslēgts (0)": 0}


def test_compact_follower_counts():
    assert [charts._compact(v, EN) for v in (800, 1_000, 2_500_000)] == ["800", "1k", "2.5M"]
    assert charts._compact(2_500_000, LV) == "2,5M"


def test_audience_fit_stacks_a_bar_per_creator_and_part(candidates):
    ax = charts.plot_audience_fit(candidates, EN, top=3)
    # gender is not targeted (no values): four parts for each of the three best-fitting creators
    assert len(ax.patches) == 4 * 3
    assert ax.get_title() == "Audience fit of the 3 best-fitting creators (0-1, parts weighted)"
    assert ax.get_xlabel() == "Audience fit (0 = no fit, 1 = perfect fit)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "in target countries",
        "in age range",
        "shared interests",
        "language",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["@a", "@b", "@c"]


def test_quality_distribution_stacks_statuses_with_the_minimum(candidates):
    ax = charts.plot_quality_distribution(candidates, 40, EN)
    assert ax.get_title() == "Audience quality score of the creators who pass discovery"
    assert ax.get_xlabel() == "Audience quality (0-100)"
    assert ax.get_ylabel() == "Creators (count)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "shortlisted",
        "flagged",
        "excluded",
    ]
    assert ax.get_lines()[0].get_xdata()[0] == 40
    assert ax.texts[0].get_text() == " minimum 40"
    # 20 bins of 5 points, one layer per status
    assert len(ax.patches) == 20 * 3


def _growth(handles: list[str]) -> pd.DataFrame:
    weeks = pd.date_range("2026-05-04", periods=6, freq="7D")
    return pd.DataFrame(
        [
            {"influencer_id": handle, "week": week, "followers": 1000 + 10 * i}
            for handle in handles
            for i, week in enumerate(weeks)
        ]
    )


def test_growth_curves_draw_a_panel_per_event_with_its_week():
    events = pd.DataFrame(
        {
            "influencer_id": ["a", "b"],
            "handle": ["@a", "@b"],
            "growth_event": ["bought_spike", "drop"],
            "growth_event_week": [pd.Timestamp("2026-06-15"), pd.Timestamp("2026-05-18")],
        }
    )
    fig = charts.plot_growth_curves(_growth(["a", "b"]), events, EN)
    first, second = fig.axes
    assert first.get_title() == "@a\nbought-follower spike?, week of 2026-06-15"
    assert second.get_title() == "@b\nsudden drop, week of 2026-05-18"
    assert first.get_ylabel() == "Followers (count)"
    # the weekly series (six points) and the dashed event week
    assert len(first.get_lines()[0].get_xdata()) == 6
    assert first.get_lines()[1].get_linestyle() == "--"
    assert fig.texts[0].get_text() == (
        "Weekly followers of accounts with a growth event (dashed: event week)"
    )


def test_growth_curves_in_latvian_hide_the_unused_panels():
    events = pd.DataFrame(
        {
            "influencer_id": ["a", "b", "c", "d"],
            "handle": ["@a", "@b", "@c", "@d"],
            "growth_event": ["giveaway"] * 4,
            "growth_event_week": [pd.Timestamp("2026-06-15")] * 4,
        }
    )
    fig = charts.plot_growth_curves(_growth(["a", "b", "c", "d"]), events, LV)
    # four events on a grid of three columns: two rows, the last two panels hidden
    assert len(fig.axes) == 6
    assert [ax.get_visible() for ax in fig.axes] == [True, True, True, True, False, False]
    assert fig.axes[0].get_title() == "@a\n" + LV(
        "{event}, week of {day}", event=LV("giveaway"), day="15.06.2026."
    )
