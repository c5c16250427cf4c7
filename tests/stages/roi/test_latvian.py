"""Stages 05-monitoring and 06-roi in the campaign's language, on tests/fixtures/roi (the numbers
are the ones tests/stages/roi/test_measuring.py and tests/stages/monitoring/test_pacing.py work
out by hand) and on the Aurora example rendered in Latvian: sentences from the catalogues,
decimal commas, money as ``1 660 €``, dates as ``12.02.2027.``; machine values (statuses,
recommendations, verdicts) stay English in the tables and artifacts.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.data import load_campaign_data
from helpers.run.runner import run_campaign
from helpers.stages import monitoring, roi
from helpers.stages.roi import abtest
from helpers.text.i18n import translator
from tests.conftest import FIXTURES
from tests.conftest import latvian_copy as latvian_campaign
from tests.stages.roi.test_abtest import _posts

LV, EN = translator("lv"), translator("en")

FIXTURE = FIXTURES / "roi" / "roi.yaml"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def campaign_lv():
    return load_campaign(FIXTURE).model_copy(update={"language": "lv"})


@pytest.fixture(scope="module")
def read_lv(campaign_lv, tmp_path_factory):
    tables = load_campaign_data(campaign_lv, ["results", "results_to_date", "roster"])
    run = tmp_path_factory.mktemp("run")
    return tables, run, roi.read_results(campaign_lv, tables, run)


def test_data_checks_in_latvian(read_lv):
    _tables, _run, read = read_lv
    checks = read["checks"]
    assert checks["row"].tolist() == [6, 7, 8, 9]  # the same rows as in English
    assert checks["problem"].iloc[0] == "tas pats ieraksts ievadīts divreiz"
    assert checks["detail"].iloc[0] == "tie paši skaitļi kā rindā 3"
    assert checks["action"].iloc[0] == "izlaists: skaitīts vienreiz"
    # 5,000 clicks on 4,000 impressions, with Latvian thousands separators
    assert checks["detail"].iloc[2] == f"5{NBSP}000 klikšķi > 4{NBSP}000 parādījumi"
    assert sorted(read["results"]["post_id"]) == ["r1", "r2", "r3", "r4", "r9"]
    assert read["contract_note"].startswith("Līgumi ir ar 4 satura veidotājiem")


def test_rehire_reasons_in_latvian_recommendations_in_english(campaign_lv, read_lv):
    _tables, _run, read = read_lv
    table = roi.roi_table(read["results"])
    advice = roi.rehire_advice(table[table["level"] == "influencer"], campaign_lv, read["checks"])
    advice = advice.set_index("influencer_id")
    assert advice["recommendation"].to_dict() == {
        "t6": "rehire",
        "t1": "rehire",
        "t2": "rehire",
        "t3": "drop",
    }
    # t3: 400 EUR for 9 conversions = 44.44 EUR each, 2.3x the campaign's 800 / 41 = 19.51
    assert advice.loc["t3", "reason"] == (
        f"cena par konversiju: 44,44{NBSP}€, 2,3× kampaņas vidējā (19,51): par dārgu tam, kas "
        "tika sniegts; ROI -25%"
    )
    assert advice.loc["t6", "reason"].startswith("2 (konversijas) bez honorāra")


def test_roi_summary_in_latvian(campaign_lv, read_lv):
    _tables, run, read = read_lv
    table = roi.roi_table(read["results"])
    creators = table[table["level"] == "influencer"]
    advice = roi.rehire_advice(creators, campaign_lv, read["checks"])
    goals = roi.goal_attainment(roi.campaign_goals(campaign_lv, run), read["results"])
    markets = table[table["level"] == "market"]
    text = roi.roi_summary(campaign_lv, goals, roi.campaign_row(table), markets, advice)
    # revenue 1,660 on cost 800: ROI +107.5%, ROAS 2.075
    assert text.startswith(
        f"**Kampaņa atpelnījās pārdošanā**: 1{NBSP}660{NBSP}€ attiecināto ieņēmumu pret "
        f"800{NBSP}€ satura veidotāju honorāros, ieguldījumu atdeve (ROI) +108% (ROAS 2,08)."
    )
    assert "Sasniegti 1 no 3 mērķiem" in text
    assert f"19,51{NBSP}€ pret 15,00{NBSP}€ (nesasniegts)" in text  # the CPA goal
    assert f"54{NBSP}000 pret 40{NBSP}000 (sasniegts)" in text  # the reach goal
    assert "Nauda vislabāk strādāja tirgū LV" in text
    assert roi.funnel(read["results"], LV)["step"].tolist()[:2] == [
        "Parādījumi",
        "Sasniedzamība",
    ]


def test_monitoring_in_latvian(campaign_lv, read_lv):
    tables, run, _read = read_lv
    read = roi.read_results(campaign_lv, tables, run, "results_to_date")
    results = read["results"]
    as_of = monitoring.as_of_date(campaign_lv, results)  # 12 Feb 2027, 12 of 28 days
    share = monitoring.elapsed_share(campaign_lv, as_of)
    remaining, how = monitoring.remaining_posts(results, share, read["contracts"], _=LV)
    assert how == "līgumā paredzētie darbi: 6, publicēti līdz šim: 3"
    committed, committed_how = monitoring.committed_budget(
        campaign_lv, results, remaining, read["contracts"]
    )
    assert committed_how == "līgumos noteiktie honorāri"
    pacing = monitoring.pacing(roi.campaign_goals(campaign_lv), results, campaign_lv, as_of, 3)
    assert set(pacing["status"]) <= {"on track", "at risk", "off track"}  # English in the CSV
    creators = monitoring.performance(results, campaign_lv, "influencer")
    plan, method = monitoring.reallocation_plan(creators, campaign_lv, 2000 - committed)
    text = monitoring.monitoring_summary(campaign_lv, pacing, creators, plan, 2000 - committed)
    assert text.startswith("12.02.2027., kad aizvadīti 43% kampaņas laika, mērķi: **")
    assert "atbilst plānam" in text and "(iespēja to sasniegt: zem 1%)" in text
    assert method.startswith("Pēc noteikuma:") and "10% budžeta paliek rezervē" in method
    assert monitoring.format_chance(0.999, LV) == "virs 99%"
    assert monitoring.format_value(19.5, "money", "EUR", LV) == f"19,50{NBSP}€"
    assert monitoring.format_value(2.2, "multiple", _=LV) == "2,20×"


def test_ab_verdict_in_latvian_stays_english_for_machines():
    outcome = abtest.compare(_posts([10, 12], [13, 14], impressions=1000), "ctr", _=LV)
    assert outcome["verdict"] == "not enough data"
    assert outcome["verdict_text"] == "nepietiek datu"
    needed = abtest.required_sample_size(22 / 2000, 27 / 2000)
    assert f"aptuveni {needed:,.0f} (parādījumi)".replace(",", NBSP) in outcome["explanation"]
    assert outcome["label"] == "Klikšķu īpatsvars (CTR)"
    assert abtest.format_p(0.0421, LV) == "p = 0,042" and abtest.format_p(0.0421) == "p = 0.042"
    english = abtest.compare(_posts([10, 12], [13, 14], impressions=1000), "ctr")
    assert english["verdict_text"] == "not enough data" and english["label"] == "Click-through rate"


def test_english_formats_in_the_house_style():
    assert load_campaign(FIXTURE).language == "en"
    assert monitoring.format_chance(0.004) == "under 1%"
    assert roi.format_kpi(800 / 41, "money", "EUR", EN) == "EUR 19.51"  # the fixture's CPA
    assert roi.format_kpi(0.0143, "money", "EUR", EN) == "EUR 0.014"  # three decimals under 1
    assert EN.money(1660, "EUR") == "EUR 1,660"
    assert EN.signed_percent((1660 - 800) / 800) == "+108%"


def test_monitoring_and_roi_pages_in_latvian(tmp_path, monkeypatch):
    missing = tmp_path / "missing.jsonl"
    monkeypatch.setenv("PLAYBOOK_MISSING_MESSAGES", str(missing))
    result = run_campaign(latvian_campaign(tmp_path), out_dir=tmp_path / "out", stages="05-06")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    lines = missing.read_text(encoding="utf-8").splitlines() if missing.exists() else []
    assert not lines, sorted({json.loads(line)["message"] for line in lines})
    monitoring_page = (result.report_dir / "05-monitoring.html").read_text(encoding="utf-8")
    roi_page = (result.report_dir / "06-roi.html").read_text(encoding="utf-8")
    for page in (monitoring_page, roi_page):
        assert "Secinājums." in page and "Finding." not in page
        assert "Traceback" not in page and "Warning" not in page
    assert "kad aizvadīti" in monitoring_page and "Vēl nepiesaistīts" in monitoring_page
    assert "Kampaņa sevi neatpelnīja pārdošanā" in roi_page  # Aurora: ROI below zero
    assert "ieguldījumu atdeve (ROI)" in roi_page and "Sasniegti" in roi_page
    assert "968 635" in roi_page.replace(NBSP, " ")  # reach, Latvian thousands separator
    assert "nepietiek datu" in roi_page  # an A/B verdict
    table = pd.read_csv(result.report_dir / "roi.csv")
    assert set(table["recommendation"].dropna()) <= {"rehire", "renegotiate", "drop"}
    pacing = pd.read_csv(result.report_dir / "monitoring.csv")
    assert set(pacing["status"]) <= {"on track", "at risk", "off track", "not measured"}
