"""The one KPI catalogue: what each KPI means and how it is computed from summed results."""

from __future__ import annotations

import math

import pytest

from helpers.core.kpis import (
    FUNNEL_STAGES,
    KPI_ALIASES,
    KPIS,
    SHOWN_AS,
    UNITS,
    catalogue_table,
    kpi_label,
    kpi_text,
    suggest_kpi,
)
from helpers.text.i18n import translator

TOTALS = {
    "cost": 5_000.0,
    "impressions": 400_000.0,
    "reach": 250_000.0,
    "views": 90_000.0,
    "engagements": 12_000.0,
    "link_clicks": 4_000.0,
    "code_redemptions": 150.0,
    "conversions": 250.0,
    "revenue": 15_000.0,
    "profit": 10_000.0,
}


def test_every_kpi_is_documented_and_keyed_by_its_name():
    for name, kpi in KPIS.items():
        assert kpi.name == name
        assert kpi.unit in UNITS, name
        assert kpi.shown_as in SHOWN_AS, name
        assert kpi.funnel_stage in FUNNEL_STAGES, name
        assert kpi.label and kpi.definition and kpi.formula, name
        # measured from the results columns, or by hand and said how: one of the two
        assert bool(kpi.data_source) != bool(kpi.how_to_measure), name


def test_the_results_columns_compute_every_kpi_they_can():
    expected = {
        "reach": 250_000.0,
        "impressions": 400_000.0,
        "views": 90_000.0,
        "frequency": 1.6,
        "engagements": 12_000.0,
        "engagement_rate": 0.048,
        "clicks": 4_000.0,
        "link_clicks": 4_000.0,
        "ctr": 0.01,
        "cpm": 12.5,
        "cpe": 5_000 / 12_000,
        "cpc": 1.25,
        "sign_ups": 250.0,
        "code_redemptions": 150.0,
        "conversions": 250.0,
        "conversion_rate": 0.0625,
        "cpa": 20.0,
        "cost": 5_000.0,
        "revenue": 15_000.0,
        "aov": 60.0,
        "roas": 3.0,
        "roi": 2.0,
    }
    measured = {name: kpi.value(TOTALS) for name, kpi in KPIS.items() if kpi.numerator}
    assert measured == pytest.approx(expected)


def test_kpis_counted_by_hand_have_no_value_from_results():
    by_hand = {name for name, kpi in KPIS.items() if kpi.numerator is None}
    assert by_hand == {
        "video_completion_rate",
        "share_of_voice",
        "brand_lift",
        "new_followers",
        "ugc_pieces",
        "repeat_purchase_rate",
        "retention_rate",
    }
    assert all(KPIS[name].how_to_measure for name in by_hand)
    assert math.isnan(KPIS["share_of_voice"].value(TOTALS))


def test_a_zero_denominator_gives_no_value():
    assert math.isnan(KPIS["cpa"].value(TOTALS | {"conversions": 0.0}))


def test_costs_are_caps():
    caps = {name for name, kpi in KPIS.items() if kpi.lower_is_better}
    assert caps == {"cpm", "cpe", "cpc", "cpa", "cost"}
    assert all(not KPIS[name].higher_is_better for name in caps)


def test_how_results_show_a_value():
    shown = {name: kpi.shown_as for name, kpi in KPIS.items()}
    assert shown["roi"] == "rate"  # ROI 150% is a rate, though its unit is a ratio
    assert shown["roas"] == "multiple"
    assert shown["frequency"] == "multiple"
    assert shown["engagement_rate"] == "rate"
    assert shown["cpa"] == "money"
    assert shown["reach"] == "count"


def test_texts_in_latvian_keep_the_keys():
    lv = translator("lv")
    assert kpi_label("reach", lv) == "Sasniedzamība"
    assert kpi_label("not_a_kpi", lv) == "not_a_kpi"
    cpa = kpi_text("cpa", lv)
    assert (cpa.name, cpa.unit, cpa.funnel_stage) == ("cpa", "money", "conversion")
    assert cpa.formula != KPIS["cpa"].formula
    assert kpi_text("cpa", translator("en")) == KPIS["cpa"]


def test_catalogue_table_lists_each_kpi_once_in_funnel_order():
    table = catalogue_table(translator("en"))
    assert list(table["funnel_stage"].drop_duplicates()) == list(FUNNEL_STAGES)
    assert set(table["kpi"]) == set(KPIS) - set(KPI_ALIASES)
    assert table.set_index("kpi").loc["engagement_rate", "data_source"] == (
        "likes, comments, shares, saves, reach"
    )


def test_suggestions_for_names_people_write():
    assert suggest_kpi("sov") == "share_of_voice"
    assert suggest_kpi("engagment_rate") == "engagement_rate"
    assert suggest_kpi("zzz") is None
