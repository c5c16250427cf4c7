"""Stage 06 on tests/fixtures/roi: every metric by hand, the data checks, EMV, rehire advice,
and the 05-monitoring and 06-roi pages executed for every example campaign.

The fixture's results.csv (spreadsheet rows, the header is row 1):

====  =====  ====  =======================================================================
row   post   who   what
====  =====  ====  =======================================================================
2     r1     t1    LV feed post A: 10,000 impressions, 8,000 reach, 100 clicks, 10 conv.,
                   revenue 400, cost 100 EUR
3     r2     t2    LV reel B: 20,000 / 15,000, 300 clicks, 20 conv., revenue 900, cost 300
4     r3     t3    EE short A: 30,000 / 20,000, 150 clicks, 5 conv., revenue 207.78 USD and
                   cost 415.56 USD (= 200 and 400 EUR at 1.0389 USD per EUR)
5     r4     t3    EE short B: 10,000 / 8,000, 80 clicks, 4 conv., revenue 100, cost 0
6     r5     t2    a copy of r2: flagged, counted once
7     r6     t1    posted 5 March, after the window: flagged
8     r7     t2    5,000 clicks on 4,000 impressions: flagged
9     r8     t5    t5 has no contract in pipeline.csv: flagged
10    r9     t6    LV long video, no variant, gifted (cost 0): 4,000 / 3,000, 20 clicks,
                   2 conv., revenue 60
====  =====  ====  =======================================================================

Kept: r1, r2, r3, r4, r9. Totals: cost 100 + 300 + 400 + 0 + 0 = 800; revenue 400 + 900 +
200 + 100 + 60 = 1,660; conversions 10 + 20 + 5 + 4 + 2 = 41; clicks 100 + 300 + 150 + 80 +
20 = 650; impressions 74,000; reach 54,000; engagements 350 + 600 + 2,000 + 500 + 60 = 3,510.
"""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.data import load_campaign_data
from helpers.run.runner import run_campaign
from helpers.stages import roi
from tests.conftest import EXAMPLE_CAMPAIGNS, FIXTURES

FIXTURE = FIXTURES / "roi" / "roi.yaml"


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    campaign = load_campaign(FIXTURE)
    tables = load_campaign_data(campaign, ["results", "roster"])
    read = roi.read_results(campaign, tables, tmp_path_factory.mktemp("run"))
    table = roi.roi_table(read["results"])
    return campaign, read, table


def _row(table, level, key):
    return table[(table["level"] == level) & (table["key"] == key)].iloc[0]


def test_bad_rows_are_flagged_with_their_row_and_left_out(fixture_run):
    _, read, _ = fixture_run
    checks = read["checks"]
    assert checks["row"].tolist() == [6, 7, 8, 9]
    assert checks["post_id"].tolist() == ["r5", "r6", "r7", "r8"]
    assert checks["problem"].tolist() == [
        "the same post entered twice",
        "posted outside the campaign window",
        "more link clicks than impressions",
        "posted by a creator nobody contracted",
    ]
    assert checks["detail"].iloc[0] == "same numbers as row 3"
    assert checks["detail"].iloc[2] == "5,000 clicks > 4,000 impressions"
    assert checks["action"].iloc[0] == "left out: counted once"
    assert sorted(read["results"]["post_id"]) == ["r1", "r2", "r3", "r4", "r9"]
    assert read["raw_rows"] == 9
    assert "4 creators are under contract" in read["contract_note"]


def test_usd_row_is_converted_at_the_dated_rate(fixture_run):
    _, read, _ = fixture_run
    r3 = read["results"].set_index("post_id").loc["r3"]
    assert r3["cost"] == pytest.approx(415.56 / 1.0389)  # = 400.00 EUR
    assert r3["revenue"] == pytest.approx(207.78 / 1.0389)  # = 200.00 EUR
    assert r3["currency"] == "EUR"
    fx = read["fx"].iloc[0]
    assert fx["currency"] == "USD" and fx["rows"] == 1
    assert fx["rate"] == pytest.approx(1 / 1.0389)
    assert str(fx["rate_date"]) == "2024-12-31"


def test_campaign_totals_and_ratios_by_hand(fixture_run):
    _, _, table = fixture_run
    total = roi.campaign_row(table)
    assert total["posts"] == 5
    assert total["cost"] == pytest.approx(800)
    assert total["revenue"] == pytest.approx(1660)
    assert total["conversions"] == 41 and total["link_clicks"] == 650
    assert total["impressions"] == 74_000 and total["reach"] == 54_000
    assert total["engagements"] == 3_510
    assert total["roi"] == pytest.approx((1660 - 800) / 800)  # 107.5%
    assert total["roas"] == pytest.approx(1660 / 800)  # 2.075
    assert total["cpa"] == pytest.approx(800 / 41)  # 19.51
    assert total["cpm"] == pytest.approx(800 / 74_000 * 1000)  # 10.81
    assert total["cpc"] == pytest.approx(800 / 650)  # 1.23
    assert total["cpe"] == pytest.approx(800 / 3_510)  # 0.228
    assert total["ctr"] == pytest.approx(650 / 74_000)
    assert total["engagement_rate"] == pytest.approx(3_510 / 54_000)


def test_breakdowns_by_creator_platform_and_market(fixture_run):
    _, _, table = fixture_run
    t3 = _row(table, "influencer", "t3")  # two shorts, 400 EUR, revenue 200 + 100
    assert t3["handle"] == "@kart" and t3["posts"] == 2
    assert t3["roi"] == pytest.approx((300 - 400) / 400)  # -25%
    assert t3["cpa"] == pytest.approx(400 / 9)
    lv = _row(table, "market", "LV")  # r1, r2, r9: cost 400, revenue 1,360
    assert lv["cost"] == pytest.approx(400) and lv["revenue"] == pytest.approx(1360)
    assert lv["roi"] == pytest.approx(2.4)
    assert _row(table, "platform", "tiktok")["roas"] == pytest.approx(0.75)
    assert set(table["level"]) == {"campaign", "influencer", "platform", "market"}


def test_zero_cost_creator_has_undefined_roi_not_infinite(fixture_run):
    _, _, table = fixture_run
    gifted = _row(table, "influencer", "t6")
    assert gifted["cost"] == 0
    assert np.isnan(gifted["roi"]) and np.isnan(gifted["roas"])
    assert np.isnan(_row(table, "platform", "youtube")["roi"])


def test_goal_attainment(fixture_run):
    campaign, read, _ = fixture_run
    goals = roi.goal_attainment(roi.campaign_goals(campaign), read["results"]).set_index("kpi")
    assert goals.loc["conversions", "actual"] == 41
    assert goals.loc["conversions", "attainment"] == pytest.approx(41 / 50)  # 82%, missed
    assert goals.loc["cpa", "attainment"] == pytest.approx(
        15 / (800 / 41)
    )  # a cost: target / actual
    assert goals.loc["reach", "attainment"] == pytest.approx(54_000 / 40_000)
    assert goals["met"].tolist() == [False, False, True]


def test_goals_come_from_goals_json_when_the_run_folder_has_it(tmp_path):
    campaign = load_campaign(FIXTURE)
    document = {"goals": [{"kpi": "roas", "label": "Return on ad spend", "target": 2.5}]}
    (tmp_path / "goals.json").write_text(json.dumps(document), encoding="utf-8")
    goals = roi.campaign_goals(campaign, tmp_path)
    assert goals == [
        {
            "kpi": "roas",
            "label": "Return on ad spend",
            "target": 2.5,
            "market": None,
            "lower_is_better": False,
        }
    ]


def test_rehire_advice_with_reasons(fixture_run):
    campaign, read, table = fixture_run
    creators = table[table["level"] == "influencer"]
    advice = roi.rehire_advice(creators, campaign, read["checks"]).set_index("influencer_id")
    # campaign CPA 800 / 41 = 19.51; t1 10.00 (0.51x), t2 15.00 (0.77x), t3 44.44 (2.28x)
    assert advice.loc["t1", "vs_campaign"] == pytest.approx(10 / (800 / 41))
    assert advice["recommendation"].to_dict() == {
        "t6": "rehire",
        "t1": "rehire",
        "t2": "rehire",
        "t3": "drop",
    }
    assert "at no fee (gifted)" in advice.loc["t6", "reason"]
    assert "2.3x the campaign's 19.51" in advice.loc["t3", "reason"]
    # t2 and t1 had flagged rows (r5, r7 and r6): the reason says to fix them first
    assert "fix the flagged rows" in advice.loc["t2", "reason"]


def test_renegotiate_at_the_fee_that_matches_the_campaign(fixture_run):
    campaign, _, table = fixture_run
    strict = campaign.model_copy(
        update={"measurement": campaign.measurement.model_copy(update={"rehire_at_most": 0.6})}
    )
    advice = roi.rehire_advice(table[table["level"] == "influencer"], strict).set_index(
        "influencer_id"
    )
    # t2 at 0.77x: renegotiate to 300 / 0.769 = 390.24? no: fee / multiple = 300 / 0.76875
    assert advice.loc["t2", "recommendation"] == "renegotiate"
    assert advice.loc["t2", "suggested_fee"] == pytest.approx(300 / (15 / (800 / 41)))


def test_funnel_rates(fixture_run):
    _, read, _ = fixture_run
    funnel = roi.funnel(read["results"]).set_index("step")
    assert funnel["count"].tolist() == [74_000, 54_000, 3_510, 650, 41]
    assert funnel.loc["Conversions", "rate_from_previous"] == pytest.approx(41 / 650)
    assert np.isnan(funnel.loc["Impressions", "rate_from_previous"])


def test_emv_uses_the_reference_cpm_or_the_campaign_override(fixture_run):
    campaign, read, _ = fixture_run
    cpms = roi.emv_cpms(campaign, ["instagram", "tiktok"]).set_index("platform")
    # MightyScout's CPM per platform (Instagram USD 10, TikTok USD 5), at 1.0389 USD per EUR
    assert cpms.loc["tiktok", "cpm"] == pytest.approx(5 / 1.0389)
    assert cpms.loc["instagram", "cpm"] == pytest.approx(10 / 1.0389)
    assert "MightyScout" in cpms.loc["tiktok", "source"]
    emv = roi.earned_media_value(
        read["results"], roi.emv_cpms(campaign, ["instagram", "tiktok", "youtube"])
    )
    # instagram 30,000 x 10 + tiktok 40,000 x 5 + youtube 4,000 x 20, per 1,000, in EUR
    assert emv.sum() == pytest.approx((30_000 * 10 + 40_000 * 5 + 4_000 * 20) / 1.0389 / 1000)
    custom = campaign.model_copy(
        update={
            "measurement": campaign.measurement.model_copy(
                update={"emv_cpm": {"tiktok": 4.0}, "emv_cpm_source": "our media agency, 2026"}
            )
        }
    )
    overridden = roi.emv_cpms(custom, ["tiktok"]).iloc[0]
    assert overridden["cpm"] == 4.0 and overridden["source"] == "our media agency, 2026"


def test_summary_says_whether_it_paid_off(fixture_run):
    campaign, read, table = fixture_run
    goals = roi.goal_attainment(roi.campaign_goals(campaign), read["results"])
    advice = roi.rehire_advice(table[table["level"] == "influencer"], campaign)
    text = roi.roi_summary(
        campaign, goals, roi.campaign_row(table), table[table["level"] == "market"], advice
    )
    assert text.startswith("**The campaign paid off in sales**: EUR 1,660")
    assert "ROI of +108% (ROAS 2.08)" in text
    assert "1 of 3 goals met" in text and "CPA EUR 19.51 against EUR 15.00 (missed)" in text
    assert "Money worked best in LV" in text
    assert text.count(". ") + 1 == 3  # three sentences


def test_other_row_checks(fixture_run):
    campaign, read, _ = fixture_run
    frame = roi.prepare(load_campaign_data(campaign, ["results"])["results"].head(2))
    frame.loc[0, "cost"] = np.nan
    frame.loc[1, "reach"] = 50_000  # more than its 20,000 impressions
    frame.loc[1, "currency"] = "JPY"
    kept, checks = roi.check_results(frame, campaign, contracted_ids=None)
    assert checks["problem"].tolist() == [
        "no cost in the file or the contract",
        "a currency with no exchange rate on file",
        "more reach than impressions",
    ]
    assert kept["post_id"].tolist() == ["r1"] and kept["cost"].iloc[0] == 0
    assert checks["action"].iloc[0].startswith("kept")


def test_missing_cost_filled_from_the_contract(fixture_run):
    campaign, read, _ = fixture_run
    frame = roi.prepare(load_campaign_data(campaign, ["results"])["results"].head(1))
    frame["cost"] = np.nan
    filled = roi.fill_cost_from_contracts(frame, read["contracts"], "EUR")
    assert filled["cost"].iloc[0] == pytest.approx(200)  # t1's contract: 200 EUR, one post here


def test_empty_results_give_an_empty_page_not_a_crash(tmp_path):
    campaign = load_campaign(FIXTURE)
    read = roi.read_results(campaign, {}, tmp_path)
    table = roi.roi_table(read["results"])
    assert read["results"].empty and table.empty
    assert roi.campaign_row(table)["cost"] == 0
    text = roi.roi_summary(campaign, pd.DataFrame(), roi.campaign_row(table), table, table)
    assert text.startswith("No results to measure")


def test_final_reading_date():
    # 28 February + a 14-day attribution window
    assert roi.final_reading_date(load_campaign(FIXTURE)) == date(2027, 3, 14)


# --- the pages ------------------------------------------------------------------------------


def _page(result, stage):
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    page = (result.report_dir / f"{stage}.html").read_text(encoding="utf-8")
    main = page.split("<main>", 1)[-1]
    assert "Traceback" not in page and "Warning" not in page and "Error" not in main[:200]
    assert "Finding." in page
    return page


@pytest.mark.parametrize("campaign_file", EXAMPLE_CAMPAIGNS, ids=lambda p: p.stem)
def test_monitoring_and_roi_pages_for_every_example_campaign(campaign_file, tmp_path):
    result = run_campaign(campaign_file, out_dir=tmp_path, stages="05-06")
    monitoring_page = _page(result, "05-monitoring")
    roi_page = _page(result, "06-roi")
    for name in ("monitoring.csv", "roi.csv"):
        assert (result.report_dir / name).is_file(), name
    pacing = pd.read_csv(result.report_dir / "monitoring.csv")
    table = pd.read_csv(result.report_dir / "roi.csv")
    total = table[table["level"] == "campaign"].iloc[0]
    assert {"recommendation", "reason", "emv"} <= set(table.columns)
    assert "Upfluence" in roi_page and "not ROI" in roi_page
    assert "data:image/png;base64" in roi_page and "data:image/png;base64" in monitoring_page
    if "aurora" in campaign_file.stem:
        reach = pacing.set_index("kpi").loc["reach"]
        assert reach["status"] == "off track" and reach["projected_end"] < 1_500_000
        assert "reach 968,635 against 1,500,000 (missed)" in roi_page
    if "pulse" in campaign_file.stem:
        assert total["cpa"] == pytest.approx(19.49, abs=0.01)
        assert total["roas"] == pytest.approx(2.22, abs=0.01)
        assert "The campaign paid off in sales" in roi_page
        assert "B ahead per impression, not confirmed across posts" in roi_page
    if "nordic" in campaign_file.stem:
        assert pacing.set_index("kpi").loc["ugc_pieces", "status"] == "not measured"
        assert "UGC pieces cannot be measured from the results" in roi_page


def test_pages_on_the_fixture_show_the_data_checks(tmp_path):
    result = run_campaign(FIXTURE, out_dir=tmp_path, stages="05-06")
    page = _page(result, "06-roi")
    assert "the same post entered twice" in page and "same numbers as row 3" in page
    assert "posted by a creator nobody contracted" in page
    assert "4 problem(s) in the results file" in page
    assert "The window closes on 14 Mar 2027" in page
    table = pd.read_csv(result.report_dir / "roi.csv")
    gifted = table[table["key"] == "t6"].iloc[0]
    assert np.isnan(gifted["roi"])
    monitoring_page = _page(result, "05-monitoring")
    assert "6 contracted deliverables, 3 live so far" in monitoring_page


def test_no_plain_rehire_for_a_creator_vetting_excluded_or_flagged(fixture_run, tmp_path):
    campaign, read, table = fixture_run
    pd.DataFrame(
        {
            "influencer_id": ["t1", "t2", "t3", "t6"],
            "status": ["excluded", "flagged", "flagged", "shortlisted"],
            "reasons": [
                "out: no shared interest (apps; campaign: skincare); flag: engagement pod?; "
                "note: giveaway-like spike",
                "flag: labelled 0 of 2 sponsored posts as the LV rule asks (0%; minimum 80%)",
                "flag: estimated 27% fake followers",
                "in: fit 0.88",
            ],
        }
    ).to_csv(tmp_path / "shortlist.csv", index=False)
    vetting = roi.vetting_verdicts(tmp_path)
    creators = table[table["level"] == "influencer"]
    advice = roi.rehire_advice(creators, campaign, read["checks"], vetting)
    advice = advice.set_index("influencer_id")
    # t1 and t2 would be "rehire" on cost per result (0.51x, 0.77x): vetting makes it a check
    assert advice["recommendation"].to_dict() == {
        "t6": "rehire",
        "t1": "check first",
        "t2": "check first",
        "t3": "drop",
    }
    assert advice.loc["t1", "reason"].endswith(
        "; vetting excluded them (out: no shared interest (apps; campaign: skincare); flag: "
        "engagement pod?): rehire only once that is checked"
    )  # the "note:" part is not a warning and is left out
    assert (
        "vetting flagged them (flag: labelled 0 of 2 sponsored posts" in advice.loc["t2", "reason"]
    )
    # a drop stays a drop, with what vetting found
    assert advice.loc["t3", "reason"].endswith(
        "; vetting flagged them (flag: estimated 27% fake followers)"
    )
    assert advice.loc["t6", "vetting"] == "" and "vetting" not in advice.loc["t6", "reason"]
    assert roi.vetting_verdicts(tmp_path / "nowhere") is None
