"""The negotiation page's charts drawn on a few hand-made rows: titles, axis labels with their
units, and how many points and bars each draws (matplotlib's Agg backend, no display)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers.stages.negotiation import charts  # noqa: E402
from helpers.text.i18n import translator  # noqa: E402

EN = translator("en")
LV = translator("lv")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def offers() -> pd.DataFrame:
    """Two creators in the plan (one with two deliverables), one left out, one unpriced."""
    return pd.DataFrame(
        {
            "influencer_id": ["a", "a", "b", "c", "c", "d"],
            "platform": ["instagram", "instagram", "tiktok", "instagram", "instagram", "tiktok"],
            "deliverable": ["feed_post", "story", "short", "feed_post", "reel", "short"],
            "selected": [True, True, True, False, False, False],
            "quantity": [1, 2, 1, 0, 0, 0],
            "planned_cost": [100.0, 80.0, 300.0, 0.0, 0.0, 0.0],
            "planned_fee": [100.0, 40.0, 300.0, 250.0, 400.0, None],
            "kpi_expected": [2000.0, 500.0, 9000.0, 4000.0, 6000.0, 1000.0],
        }
    )


def points(ax) -> list[int]:
    """How many points each scatter of an Axes draws, in drawing order."""
    return [len(collection.get_offsets()) for collection in ax.collections]


def test_cost_vs_kpi_shows_planned_creators_summed_and_one_post_of_the_rest():
    ax = charts.plot_cost_vs_kpi(offers(), "EUR", "people reached", EN)
    assert ax.get_title() == "Cost vs expected people reached per creator"
    assert ax.get_xlabel() == "Planned cost (EUR, log scale)"
    assert ax.get_ylabel() == "Expected people reached (log scale)"
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    # instagram: "a" in the plan (its two rows summed), "c" left out (its feed post only);
    # tiktok: "b" in the plan; "d" has no fee and is not drawn
    assert points(ax) == [1, 1, 1]
    planned_a = ax.collections[0].get_offsets()[0]
    assert list(planned_a) == [180.0, 3000.0]
    assert list(ax.collections[1].get_offsets()[0]) == [250.0, 4000.0]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [
        "instagram: in plan",
        "instagram: not chosen (one post)",
        "tiktok: in plan",
    ]


def test_cost_vs_kpi_without_priced_offers_says_so():
    ax = charts.plot_cost_vs_kpi(offers().iloc[[5]], "EUR", "people reached", EN)
    assert ax.get_title() == "Cost vs expected people reached per creator"
    assert [text.get_text() for text in ax.texts] == ["No data to show yet"]


def test_cost_vs_kpi_in_latvian():
    ax = charts.plot_cost_vs_kpi(offers(), "EUR", "sasniegtie cilvēki", LV)
    assert ax.get_xlabel() == LV("Planned cost ({currency}, log scale)", currency="EUR")
    assert ax.get_xlabel() != "Planned cost (EUR, log scale)"


def plan() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "market": ["LV", "LV", "EE"],
            "platform": ["instagram", "tiktok", "instagram"],
            "tier": ["micro", "mid", "micro"],
            "planned_cost": [1000.0, 1500.0, 500.0],
        }
    )


def test_budget_split_by_market_and_platform_and_by_tier():
    figure = charts.plot_budget_split(plan(), "EUR", 10_000, EN)
    by_market, by_tier = figure.axes[:2]
    assert figure._suptitle.get_text() == "Budget split: EUR 3,000 planned of EUR 10,000"
    assert by_market.get_title() == "Planned spend by market and platform"
    assert (by_market.get_xlabel(), by_market.get_ylabel()) == ("Market", "Planned spend (EUR)")
    # two markets x two platforms, stacked (a zero bar where a market has no tiktok)
    assert len(by_market.patches) == 4
    assert [t.get_text() for t in by_market.get_xticklabels()] == ["EE", "LV"]
    assert by_tier.get_title() == "Planned spend by tier"
    assert (by_tier.get_xlabel(), by_tier.get_ylabel()) == ("Tier", "Planned spend (EUR)")
    assert [bar.get_height() for bar in by_tier.patches] == [1500.0, 1500.0]
    assert [t.get_text() for t in by_tier.get_xticklabels()] == ["micro", "mid"]


def test_budget_split_without_a_plan_says_so():
    figure = charts.plot_budget_split(plan().iloc[0:0], "EUR", 10_000, EN)
    assert [ax.get_title() for ax in figure.axes] == [
        "Planned spend by market and platform",
        "Planned spend by tier",
    ]
    assert [ax.texts[0].get_text() for ax in figure.axes] == ["No data to show yet"] * 2


def ranges() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "handle": ["@b", "@a", "@c"],
            "deliverable": ["short", "feed_post", "long_video"],
            "opening_offer": [170.0, 85.0, 850.0],
            "target_fee": [200.0, 100.0, 1000.0],
            "walk_away_fee": [260.0, 130.0, 1300.0],
            "quote_with_terms": [250.0, None, 900.0],
        }
    )


def test_negotiation_ranges_one_row_per_creator_cheapest_first():
    ax = charts.plot_negotiation_ranges(ranges(), "EUR", EN)
    assert ax.get_title() == "Negotiation range per creator (main deliverable)"
    assert ax.get_xlabel() == "Fee per unit (EUR, log scale)"
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "@a (feed post)",
        "@b (short video)",
        "@c (long video)",
    ]
    ranges_drawn, targets, quotes = ax.collections
    assert len(ranges_drawn.get_segments()) == 3
    assert len(targets.get_offsets()) == 3
    # only two creators quoted: @b (row 1) and @c (row 2)
    assert [list(point) for point in quotes.get_offsets()] == [[250.0, 1.0], [900.0, 2.0]]


def test_negotiation_ranges_in_latvian_name_the_deliverables_in_latvian():
    ax = charts.plot_negotiation_ranges(ranges(), "EUR", LV)
    assert [t.get_text() for t in ax.get_yticklabels()][0] == "@a (plūsmas ieraksts)"


def test_negotiation_ranges_without_rows_says_so():
    ax = charts.plot_negotiation_ranges(ranges().iloc[0:0], "EUR", EN)
    assert ax.get_title() == "Negotiation range per creator"
    assert [text.get_text() for text in ax.texts] == ["No data to show yet"]
