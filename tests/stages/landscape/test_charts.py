"""The landscape page's charts on the six-creator world of tests/fixtures/tiny (Agg backend):
titles, axis labels with their units, and one bar, box or diamond per group."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from helpers.core.campaign import load_campaign  # noqa: E402
from helpers.core.data import load_campaign_data  # noqa: E402
from helpers.stages import landscape  # noqa: E402
from helpers.stages.landscape import charts  # noqa: E402
from helpers.text.i18n import translator  # noqa: E402
from tests.conftest import TINY  # noqa: E402

EN, LV = translator("en"), translator("lv")


@pytest.fixture(scope="module")
def tiny():
    campaign = load_campaign(TINY)
    roster = load_campaign_data(campaign, ["roster"])["roster"]
    profiled = landscape.profile_roster(roster, campaign)
    return campaign, profiled


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def heights(ax) -> list[list[float]]:
    """The bars of each platform (hue), in tier order, rounded to a cent."""
    return [[round(float(bar.get_height()), 2) for bar in bars] for bars in ax.containers]


def test_market_mix_one_panel_per_market(tiny):
    _campaign, profiled = tiny
    figure = charts.plot_market_mix(landscape.market_mix(profiled), EN)
    assert figure._suptitle.get_text() == "Creators on the roster by market, tier and platform"
    ee, lv = figure.axes
    assert (ee.get_title(), lv.get_title()) == ("EE", "LV")
    assert ee.get_xlabel() == "Tier (by followers)"
    assert ee.get_ylabel() == "Creators (count)"
    assert [t.get_text() for t in ee.get_xticklabels()] == ["nano", "micro", "mid", "macro", "mega"]
    # hues instagram, tiktok, youtube; EE has no youtube creator, LV no tiktok creator
    assert heights(ee) == [[0, 0, 1, 0, 0], [0, 1, 0, 0, 0], []]
    assert heights(lv) == [[1, 1, 0, 0, 0], [], [0, 1, 0, 0, 0]]


def test_market_mix_wraps_four_panels_to_a_row_and_names_the_tiers_under_each_column():
    import pandas as pd

    markets = ["EE", "LV", "LT", "PL", "DE"]
    mix = pd.DataFrame(
        {"market": markets, "platform": ["instagram", "tiktok", "youtube", "instagram", "tiktok"]}
        | {"tier": ["micro", "nano", "mid", "nano", "nano"], "creators": [2, 1, 3, 1, 1]}
    )
    figure = charts.plot_market_mix(mix, EN)
    assert [ax.get_title() for ax in figure.axes] == markets  # 4 on the first row, DE below EE
    # the lowest panel of each column names the tiers: EE has DE under it, the others nothing
    lowest = [ax.xaxis.label.get_visible() and ax.get_xlabel() != "" for ax in figure.axes]
    assert lowest == [False, True, True, True, True]
    assert [ax.get_ylabel() != "" for ax in figure.axes] == [True, False, False, False, True]
    # every platform in the legend, though the first market has one
    (legend,) = figure.legends
    assert [t.get_text() for t in legend.get_texts()] == ["instagram", "tiktok", "youtube"]
    assert heights(figure.axes[2]) == [[], [], [3.0]]  # LT: youtube mid only


def test_engagement_boxes_and_benchmark_diamonds(tiny):
    _campaign, profiled = tiny
    engagement = landscape.engagement_by_tier(profiled)
    ax = charts.plot_engagement_vs_benchmark(profiled, engagement, EN)
    assert ax.get_title() == "Engagement rate per follower vs published benchmark (◆)"
    assert ax.get_xlabel() == "Tier (by followers)"
    assert ax.get_ylabel() == "Engagement rate per follower (log scale)"
    assert ax.get_yscale() == "log"
    diamonds = [point[1] for c in ax.collections for point in c.get_offsets()]
    # one per platform and tier with a per-follower figure in the platform's tier series:
    # instagram micro and mid (HypeAuditor, 2023); none for instagram nano (not in that series),
    # tiktok (its published figure is per view) or youtube (an all-tier figure only)
    assert diamonds == [0.016, 0.0155]
    assert ax.get_legend().get_title().get_text() == "Platform"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "instagram",
        "tiktok",
        "youtube",
    ]


def test_fee_bars_in_the_campaigns_currency(tiny):
    campaign, profiled = tiny
    fees = landscape.fees_by_tier(profiled, campaign.currency)
    ax = charts.plot_fee_ranges(fees, campaign.currency, EN)
    assert ax.get_title() == "Median quoted fee per sponsored post (EUR)"
    assert ax.get_xlabel() == "Tier (by followers)"
    assert ax.get_ylabel() == "Fee per post (EUR, log scale)"
    # instagram nano and micro, tiktok micro (1,040 USD at 1.0389), youtube micro
    assert heights(ax) == [[100.0, 400.0], [1001.06], [500.0]]


def test_charts_in_latvian(tiny):
    campaign, profiled = tiny
    fees = landscape.fees_by_tier(profiled, campaign.currency)
    ax = charts.plot_fee_ranges(fees, campaign.currency, LV)
    assert ax.get_title() == "Norādītās cenas mediāna par apmaksātu ierakstu (EUR)"
    assert ax.get_ylabel() == "Cena par ierakstu (EUR, logaritmiska skala)"
    figure = charts.plot_market_mix(landscape.market_mix(profiled), LV)
    assert figure.axes[0].get_ylabel() == LV("Creators (count)")
    assert figure.axes[0].get_ylabel() != "Creators (count)"
