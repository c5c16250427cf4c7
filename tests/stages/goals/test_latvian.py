"""Stage 01 in Latvian: the SMART sentences and verdicts, the KPI catalogue and the goal sheet
come from the Latvian catalogue with numbers, money and dates formatted for Latvia, while keys,
statuses and ``playbook validate`` stay English; the notebook renders with no message missing.
"""

from __future__ import annotations

import json

from helpers.run.runner import run_campaign
from helpers.stages import goals
from helpers.text.i18n import MISSING_LOG_VARIABLE, translator
from tests.conftest import latvian_copy
from tests.stages.goals.campaigns import NO_ROSTER, make_campaign

NBSP = "\u00a0"


def latvian_row(**changes):
    campaign = make_campaign(language="lv", **changes)
    return campaign, goals.goal_sheet(campaign, roster=NO_ROSTER).iloc[0]


def test_achievable_sentence_in_latvian_with_latvian_numbers():
    # USD 1,000 / CPM 8 x 1,000 = 125,000 impressions against 300,000: needs 2.4x the budget;
    # the estimate is shown to two digits (120,000) and the target it suggests is 120,000
    campaign, row = latvian_row(goals=[{"kpi": "impressions", "target": 300_000}])
    assert row["achievable"] == "fail"
    note = row["achievable_note"]
    assert note.startswith(f"Vajag ~2,4 reizes lielāku budžetu: tas nopērk ~120{NBSP}000")
    assert f"mazāk nekā mērķis 300{NBSP}000" in note
    assert "par etalona CPM platformās Instagram" in note
    assert row["time_bound_note"] == "Nolasa 30.03.2027., kampaņas pēdējā dienā (pēc noklusējuma)."
    assert row["relevant_note"] == (
        "Parādījumi ir atpazīstamības KPI: tas mēra galveno mērķi (atpazīstamība)."
    )


def test_cost_cap_money_and_dates_in_latvian():
    # a CPM cap of USD 4 against the benchmark CPM of USD 8: 2.0x the cap
    campaign, row = latvian_row(goals=[{"kpi": "cpm", "target": 4}])
    assert row["achievable_note"] == (
        f"Etalona CPM platformās Instagram ir ~8,00{NBSP}$, 2,0 reizes vairāk nekā jūsu griesti "
        f"4,00{NBSP}$: vienojieties par cenām zem etalona vai paceliet griestus."
    )
    assert goals.goal_title(row, campaign.currency, translator("lv")) == f"CPM ≤ 4,00{NBSP}$"
    # EE gets 25% of the budget; by 10 March, day 10 of 30, a third of it is spent
    goal = {"kpi": "impressions", "target": 10_000, "market": "EE", "deadline": "2027-03-10"}
    campaign, row = latvian_row(goals=[goal])
    assert (
        "(tirgus EE daļa 25% no budžeta; 33% no tā iztērēti līdz 10.03.2027.; tērējot vienmērīgi)"
        in row["achievable_note"]
    )
    assert row["time_bound_note"] == "Nolasa 10.03.2027., 30 dienu kampaņas 10. dienā."
    assert (
        goals.goal_title(row, campaign.currency, translator("lv"))
        == f"Parādījumi ≥ 10{NBSP}000 tirgū EE"
    )


def test_goal_errors_in_latvian_but_validate_stays_english(tmp_path):
    campaign = make_campaign(
        language="lv",
        goals=[
            {"kpi": "engagment_rate", "target": 0.03},
            {"kpi": "clicks", "target": 0},
            {"kpi": "impressions", "target": 100_000, "deadline": "2027-04-01"},
        ],
    )
    sheet = goals.goal_sheet(campaign, roster=NO_ROSTER)
    rejected = goals.rejected_table(sheet, translator("lv"))
    assert list(rejected.columns) == ["kampaņas failā", "kpi", "mērķis", "kas nav kārtībā"]
    errors = rejected["kas nav kārtībā"].tolist()
    assert errors[0] == "kpi: nezināms KPI 'engagment_rate'; vai domājāt 'engagement_rate'?"
    assert errors[1].startswith("target: jābūt lielākam par 0 (norādīts 0)")
    assert errors[2].startswith("deadline: 01.04.2027. ir pēc kampaņas beigām (30.03.2027.)")
    problems = goals.goal_problems(campaign, tmp_path / "c.yaml")
    assert any("did you mean 'engagement_rate'?" in line for line in problems)
    assert any("is after the campaign ends (2027-03-30)" in line for line in problems)


def test_conflict_and_finding_in_latvian():
    # reach 100,000 x 1.3 = 130,000 impressions, but USD 1,000 at a CPM cap of 10 buys 100,000:
    # both hold only at a CPM of 1,000 / 130,000 x 1,000 = USD 7.69
    campaign = make_campaign(
        language="lv",
        goals=[{"kpi": "reach", "target": 100_000}, {"kpi": "cpm", "target": 10}],
    )
    sheet = goals.goal_sheet(campaign, roster=NO_ROSTER)
    conflicts = goals.goal_conflicts(campaign, sheet)
    message = conflicts.set_index("goals").loc["goals[0], goals[1]", "message"]
    assert f"parādījumi: 100{NBSP}000" in message and f"ja CPM ir 7,69{NBSP}$ vai mazāk" in message
    finding = goals.goals_summary(campaign, sheet, conflicts)
    assert finding.startswith("**1 no 2 mērķiem atbilst visiem SMART burtiem** ar budžetu")
    assert "Mērķi, kas savstarpēji nesaskan:" in finding


def test_no_usable_budget_said_in_latvian():
    campaign = make_campaign(language="lv", currency="CZK")
    row = goals.goal_sheet(campaign, roster=NO_ROSTER)
    finding = goals.goals_summary(campaign, row, goals.goal_conflicts(campaign, row))
    assert "rokasgrāmata nevar tos ieteikt: nav valūtas kursa valūtai CZK" in finding
    try:
        goals.budget_plan(campaign)
    except goals.PlanningError as error:
        assert str(error).startswith("no exchange rate for CZK on file")  # English by default
        assert error.in_language(translator("lv")).startswith("nav valūtas kursa valūtai CZK")


def test_keys_stay_english_and_english_is_unchanged():
    # USD 1,000 buys 125,000 / 1.3 = 96,154 reach: 90,000 passes
    latvian = make_campaign(language="lv", goals=[{"kpi": "reach", "target": 90_000}])
    document = goals.goals_document(latvian, goals.goal_sheet(latvian, roster=NO_ROSTER))
    goal = document["goals"][0]
    assert (goal["kpi"], goal["label"], goal["unit"], goal["funnel_stage"]) == (
        "reach",
        "Reach",
        "count",
        "awareness",
    )
    assert goal["smart"]["achievable"]["status"] == "pass"
    assert goal["smart"]["time_bound"]["note"].startswith("Nolasa 30.03.2027.")
    english = make_campaign(goals=[{"kpi": "reach", "target": 90_000}])
    row = goals.goal_sheet(english, roster=NO_ROSTER).iloc[0]
    assert row["time_bound_note"] == "Read on 30 Mar 2027, the campaign's last day (the default)."
    catalogue = goals.catalogue_table(translator("lv")).set_index("kpi")
    assert catalogue.loc["reach", "label"] == "Sasniedzamība"
    assert catalogue.loc["reach", "funnel_stage"] == "awareness"
    assert goals.catalogue_table(translator("en")).set_index("kpi").loc["reach", "label"] == "Reach"


def test_goals_page_in_latvian(tmp_path, monkeypatch):
    missing = tmp_path / "missing.jsonl"
    monkeypatch.setenv(MISSING_LOG_VARIABLE, str(missing))
    result = run_campaign(latvian_copy(tmp_path), out_dir=tmp_path / "reports", stages="01")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    assert (missing.read_text(encoding="utf-8") if missing.exists() else "") == ""
    page = (result.report_dir / "01-goals.html").read_text(encoding="utf-8")
    assert "Traceback" not in page and "Warning" not in page
    assert "Secinājums." in page and "mērķiem atbilst visiem SMART burtiem" in page
    assert "Kampaņas aurora-baltics-2027 mērķi (atpazīstamība, EUR)" in page
    assert "3,5%" in page and "15.03.2027." in page and f"25{NBSP}000{NBSP}€" in page
    assert "Sasniedzamība ≥ 1" in page and "Aizsargrādītājs:" in page
    # the explanatory Markdown stays English; what the code writes does not
    for english in ("Finding.", "Read on ", ">budget buys<", "Goals of aurora", "A guardrail"):
        assert english not in page, english
    document = json.loads((result.report_dir / "goals.json").read_text(encoding="utf-8"))
    assert [g["label"] for g in document["goals"]] == ["Reach", "Engagement rate (per reach)"]
