"""helpers.core.results: the results file read and checked once for monitoring and ROI, on small
tables written here (one problem per row)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from helpers.core import results
from helpers.core.campaign import load_campaign
from helpers.core.data import TABLES
from helpers.text.i18n import translator
from tests.conftest import FIXTURES

EN = translator("en")


@pytest.fixture(scope="module")
def campaign():
    """The ROI fixture campaign: 1-28 Feb 2027, EUR."""
    return load_campaign(FIXTURES / "roi" / "roi.yaml")


def _post(post_id: str, **values: object) -> dict:
    row = {
        "post_id": post_id,
        "influencer_id": "t1",
        "platform": "instagram",
        "market": "LV",
        "posted_at": pd.Timestamp("2027-02-10"),
        "format": "reel",
        "variant": "A",
        "currency": "EUR",
        "impressions": 1000,
        "reach": 800,
        "views": 0,
        "likes": 10,
        "comments": 2,
        "shares": 1,
        "saves": 1,
        "link_clicks": 20,
        "code_redemptions": 0,
        "conversions": 2,
        "revenue": 50.0,
        "cost": 20.0,
    }
    return row | values


def _frame(*rows: dict) -> pd.DataFrame:
    return results.prepare(pd.DataFrame(list(rows)))


def _problems(checks: pd.DataFrame) -> list[str]:
    return checks["problem"].tolist()


def test_count_and_money_columns_come_from_the_results_schema():
    counts = [name for name, column in TABLES["results"].items() if column.kind == "int"]
    assert list(results.COUNT_COLUMNS) == counts


def test_money_columns_are_revenue_and_cost():
    assert results.MONEY_COLUMNS == ("revenue", "cost")


def test_prepare_adds_engagements():
    frame = _frame(_post("p1"))
    assert frame["engagements"].iloc[0] == 14


def test_prepare_adds_profit():
    frame = _frame(_post("p1"))
    assert frame["profit"].iloc[0] == 30.0


def test_prepare_numbers_spreadsheet_rows_from_two():
    frame = _frame(_post("p1"), _post("p2"))
    assert frame["row"].tolist() == [2, 3]


def test_prepare_fills_a_missing_count_with_zero():
    frame = results.prepare(pd.DataFrame([_post("p1")]).drop(columns="saves"))
    assert frame["saves"].iloc[0] == 0


def test_a_clean_row_passes_every_check(campaign):
    kept, checks = results.check_results(_frame(_post("p1")), campaign)
    assert (len(kept), len(checks)) == (1, 0)


@pytest.mark.parametrize(
    ("values", "problem"),
    [
        ({"likes": -1}, "a count or amount is below zero"),
        ({"posted_at": pd.Timestamp("2027-03-05")}, "posted outside the campaign window"),
        ({"link_clicks": 2000}, "more link clicks than impressions"),
        ({"reach": 1200}, "more reach than impressions"),
        (
            {"conversions": 30},
            "more conversions than link clicks and code redemptions together",
        ),
        ({"currency": "XYZ"}, "a currency with no exchange rate on file"),
    ],
)
def test_each_impossible_row_is_flagged_and_left_out(campaign, values, problem):
    kept, checks = results.check_results(_frame(_post("ok"), _post("bad", **values)), campaign)
    assert (kept["post_id"].tolist(), _problems(checks)) == (["ok"], [problem])


def test_a_duplicate_is_counted_once_and_points_at_the_first_row(campaign):
    kept, checks = results.check_results(_frame(_post("p1"), _post("p2")), campaign)
    assert (len(kept), checks["detail"].tolist()) == (1, ["same numbers as row 2"])


def test_an_uncontracted_creator_is_flagged_only_when_contracts_are_known(campaign):
    frame = _frame(_post("p1", influencer_id="t9"))
    _kept, unknown = results.check_results(frame, campaign)
    _kept, known = results.check_results(frame, campaign, {"t1"})
    assert (len(unknown), _problems(known)) == (0, ["posted by a creator nobody contracted"])


def test_a_row_with_no_cost_is_kept_at_zero_cost_and_flagged(campaign):
    kept, checks = results.check_results(_frame(_post("p1", cost=np.nan)), campaign)
    assert (kept["cost"].tolist(), _problems(checks)) == (
        [0.0],
        ["no cost in the file or the contract"],
    )


def test_a_detail_quotes_the_counts_in_the_language(campaign):
    latvian = campaign.model_copy(update={"language": "lv"})
    frame = _frame(_post("p1", link_clicks=12000, impressions=10000))
    _kept, checks = results.check_results(frame, latvian)
    assert "12\u00a0000" in checks["detail"].iloc[0]


def test_checks_are_sorted_by_row(campaign):
    frame = _frame(_post("p1", reach=5000), _post("p2", likes=-3))
    _kept, checks = results.check_results(frame, campaign)
    assert checks["row"].tolist() == [2, 3]


def test_every_rule_has_its_problem_in_checks():
    assert list(results.CHECKS) == [rule.kind for rule in results.RULES]


def test_empty_results_give_no_checks(campaign):
    kept, checks = results.check_results(results.prepare(results.empty_results()), campaign)
    assert (len(kept), list(checks.columns)) == (0, results.CHECK_COLUMNS)


def test_foreign_money_is_converted_at_the_rate_of_its_day():
    frame = _frame(
        _post("p1", currency="USD", revenue=103.89, posted_at=pd.Timestamp("2025-01-02"))
    )
    converted, used = results.convert_currency(frame, "EUR", EN)
    assert converted["revenue"].iloc[0] == pytest.approx(100.0)


def test_each_conversion_used_is_listed_with_its_source():
    frame = _frame(_post("p1", currency="USD", posted_at=pd.Timestamp("2025-01-02")))
    _converted, used = results.convert_currency(frame, "EUR", EN)
    assert used[["currency", "rows", "source"]].to_dict("records") == [
        {"currency": "USD", "rows": 1, "source": results.ECB_RATES}
    ]


def test_a_currency_with_no_rate_keeps_its_currency():
    converted, used = results.convert_currency(_frame(_post("p1", currency="XYZ")), "EUR", EN)
    assert (converted["currency"].iloc[0], len(used)) == ("XYZ", 0)


def test_missing_cost_is_the_creators_contracted_fee_spread_over_their_posts():
    frame = _frame(_post("p1", cost=np.nan), _post("p2", cost=np.nan, likes=11))
    contracts = pd.DataFrame({"influencer_id": ["t1"], "agreed_fee": [300.0]})
    filled = results.fill_cost_from_contracts(frame, contracts, "EUR")
    assert filled["cost"].tolist() == [150.0, 150.0]


def test_a_cost_in_the_file_is_kept():
    frame = _frame(_post("p1", cost=40.0))
    contracts = pd.DataFrame({"influencer_id": ["t1"], "agreed_fee": [300.0]})
    assert results.fill_cost_from_contracts(frame, contracts, "EUR")["cost"].tolist() == [40.0]


def test_handles_come_from_the_roster_else_the_id():
    frame = _frame(_post("p1"), _post("p2", influencer_id="t2"))
    roster = pd.DataFrame({"influencer_id": ["t1"], "handle": ["@one"]})
    assert results.attach_handles(frame, roster)["handle"].tolist() == ["@one", "t2"]


def test_checked_results_count_the_raw_rows(campaign):
    raw = pd.DataFrame(
        [_post("p1"), _post("p2"), _post("p3", posted_at=pd.Timestamp("2027-05-01"))]
    )
    read = results.checked_results(raw, campaign)
    assert (read["raw_rows"], len(read["results"]), len(read["checks"])) == (3, 1, 2)


def test_column_totals_sum_every_column_a_kpi_uses():
    totals = results.column_totals(_frame(_post("p1"), _post("p2", likes=20)))
    assert (totals["engagements"], totals["profit"]) == (38, 60.0)


def test_main_result_of_each_objective():
    assert {name: spec[0] for name, spec in results.MAIN_RESULT.items()} == {
        "awareness": "reach",
        "engagement": "engagements",
        "conversion": "conversions",
    }


def test_campaign_window_of_the_fixture(campaign):
    assert (campaign.start, campaign.end) == (date(2027, 2, 1), date(2027, 2, 28))


def test_conversions_from_a_shop_export_replace_the_results_per_creator():
    from helpers.core.results import attribute_conversions, prepare

    results = prepare(
        pd.DataFrame(
            {
                "post_id": ["a1", "a2", "b1", "b2", "c1"],
                "influencer_id": ["a", "a", "b", "b", "c"],
                "link_clicks": [30, 10, 0, 0, 5],
                "conversions": [1, 1, 1, 1, 4],
                "revenue": [10.0, 10.0, 10.0, 10.0, 80.0],
                "cost": [100.0, 100.0, 50.0, 50.0, 20.0],
            }
        )
    )
    conversions = pd.DataFrame(
        {
            "influencer_id": ["a", "b", "b"],
            "source": ["shopify-orders", "shopify-orders", "ga4-campaigns"],
            "conversions": [8, 2, 1],
            "code_redemptions": [8, 2, 0],
            "revenue": [400.0, 60.0, 30.0],
            "currency": ["PLN", "PLN", "PLN"],
        }
    )
    frame, used = attribute_conversions(results, conversions, "PLN")
    # a: 8 and 400 by clicks 30:10; b: 2 + 1 and 60 + 30 evenly (no clicks); c keeps its own
    assert frame["conversions"].tolist() == [6, 2, 1.5, 1.5, 4]
    assert frame["revenue"].tolist() == [300, 100, 45, 45, 80]
    assert frame["profit"].tolist() == [200, 0, -5, -5, 60]
    assert used.set_index(["influencer_id", "source"])["posts"].to_dict() == {
        ("a", "shopify-orders"): 2,
        ("b", "ga4-campaigns"): 2,
        ("b", "shopify-orders"): 2,
    }


def test_no_conversions_file_changes_nothing():
    from helpers.core.results import attribute_conversions, prepare

    results = prepare(pd.DataFrame({"post_id": ["a1"], "influencer_id": ["a"], "cost": [1.0]}))
    frame, used = attribute_conversions(results, None, "EUR")
    assert frame.equals(results) and used.empty
