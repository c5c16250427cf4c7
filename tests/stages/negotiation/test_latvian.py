"""Stage 03 in the campaign's language: the helpers' Latvian words and numbers on the
four-creator world of tests/fixtures/negotiation (worked by hand), term sheets in Latvian from
the one English template, machine values that stay English, and the real notebook rendered in
Latvian with every message in the catalogue.

Numbers used by hand below (as in tests/stages/negotiation/test_offers_and_budget.py):
1 USD = 1 / 1.0389 EUR (ECB, 2024-12-31); Latvia's price level 85.1 (EU27_2020 = 100);
@laima's feed post: 10,000 followers x 22.9% x 1.3 = 2,977 impressions, 80% real = 2,382; CPM
USD 8 = EUR 7.70, x 0.851 in Latvia = EUR 6.55; the micro Instagram floor USD 100 = EUR 96.26,
x 0.851 = EUR 81.91, is her fair fee; open at 85% (EUR 70), walk away above 130% (EUR 106); her
quote is EUR 150.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from helpers.core import data, reference
from helpers.core.campaign import load_campaign
from helpers.core.data import FORMATS, PIPELINE_STAGES
from helpers.stages import negotiation
from helpers.stages.negotiation import outreach, term_sheets
from helpers.text import labels as vocabulary
from helpers.text.i18n import (
    MISSING_LOG_VARIABLE,
    catalogue,
    extract_messages,
    message_sources,
    translator,
)
from tests.conftest import latvian_copy as latvian_campaign

FIXTURE = Path(__file__).parents[2] / "fixtures" / "negotiation"
NBSP = "\u00a0"
OURS = ("negotiation.py", "outreach.py", "03-negotiation.ipynb")


def fixture_campaign(write_campaign, language: str = "lv", extra: str = "", budget: int = 2000):
    """The four-creator campaign in ``language``, written into tmp_path."""
    text = (FIXTURE / "campaign.yaml").read_text(encoding="utf-8")
    text = text.replace("schema: 1\n", f"schema: 1\nlanguage: {language}\n")
    text = text.replace("budget: 2000", f"budget: {budget}")
    text = text.replace("roster: roster.csv", f"roster: {FIXTURE / 'roster.csv'}")
    text = text.replace("pipeline: pipeline.csv", f"pipeline: {FIXTURE / 'pipeline.csv'}")
    return load_campaign(write_campaign(text + textwrap.dedent(extra)))


def read_shortlist() -> pd.DataFrame:
    return pd.read_csv(FIXTURE / "shortlist.csv", keep_default_na=False, na_values=[""])


def offers_for(campaign) -> tuple[pd.DataFrame, dict]:
    tables = data.load_campaign_data(campaign, ["roster", "pipeline"])
    return negotiation.build_offers(campaign, read_shortlist(), tables), tables


# --- The helpers' words and numbers -------------------------------------------------------------


def test_say_it_out_loud_and_the_fee_sum_in_latvian(write_campaign):
    offers, _unused = offers_for(fixture_campaign(write_campaign))
    laima = offers.set_index(["handle", "deliverable"]).loc[("@laima", "feed_post")]
    assert laima["say_it"] == (
        f"Jūsu darba (plūsmas ieraksts) sagaidāmie īstie parādījumi — ap 2{NBSP}382; pie tirgus "
        f"CPM 6,55{NBSP}€ un ar mūsu prasītajiem nosacījumiem tas ir ap 82{NBSP}€. Sākam ar "
        f"70{NBSP}€ un augstāk par 106{NBSP}€ neejam. Viņu cena (150{NBSP}€ ar mūsu "
        "nosacījumiem) ir augstāka: parādiet aprēķinu un piedāvājiet mainīt izmantošanas "
        "tiesības vai ekskluzivitāti — vai atkāpieties."
    )
    # 2,381.6 / 1,000 x EUR 6.55 = EUR 15.61, raised to the floor of EUR 81.91
    assert laima["fee_working"] == (
        f"2{NBSP}977 parādījumi x 80% īsti = 2{NBSP}382; / 1000 x 6,55{NBSP}€ CPM "
        f"(7,70{NBSP}€ x 0,851 cenu līmenis tirgū LV) = 15,61{NBSP}€; paaugstināts līdz cenrāža "
        f"minimumam (plūsmas ieraksts, līmenis micro, tirgus LV): 81,91{NBSP}€ "
        f"(96,26{NBSP}€ x 0,851 cenu līmenis tirgū LV)"
    )
    # machine values in offers.csv stay English whatever the language
    assert laima["quote_position"] == "above walk-away"
    assert laima["compensation_model"] == "flat"
    assert laima["risk_with"] == "brand"
    assert laima["model_terms"] == f"106{NBSP}€ fiksēti"  # planned at the walk-away point


def test_english_stays_as_it_was(write_campaign):
    offers, _unused = offers_for(fixture_campaign(write_campaign, "en"))
    laima = offers.set_index(["handle", "deliverable"]).loc[("@laima", "feed_post")]
    assert laima["say_it"] == (
        "Your feed post should reach about 2,382 real impressions; at a market CPM of EUR 6.55, "
        "with the terms we ask, that is about EUR 82. We open at EUR 70 and go no higher than "
        "EUR 106. Their quote (EUR 150 with our terms) is above that: show the working and "
        "trade usage or exclusivity, or walk away."
    )
    assert laima["fee_working"] == (
        "2,977 impressions x 80% real = 2,382; / 1,000 x EUR 6.55 CPM (EUR 7.70 x 0.851 price "
        "level in LV) = EUR 15.61; raised to the floor for a micro feed post in LV, EUR 81.91 "
        "(EUR 96.26 x 0.851 price level in LV)"
    )


def test_model_terms_in_latvian(write_campaign):
    campaign = fixture_campaign(write_campaign)
    offers, _unused = offers_for(campaign)
    laima = offers[(offers["handle"] == "@laima") & (offers["deliverable"] == "feed_post")]
    rates = negotiation.negotiation_rates(campaign)
    terms = {
        model: negotiation.model_costs(laima, model, campaign, rates, "reach")["model_terms"].iloc[
            0
        ]
        for model in ("cpm", "hybrid", "gifting")
    }
    # CPM: EUR 106.49 x 1.1 / 2.3816 thousand impressions = EUR 49.18, capped at 1.5 x 106.49
    assert terms["cpm"] == f"49,18{NBSP}€ par 1000 parādījumiem, ne vairāk kā 160{NBSP}€"
    # hybrid: base 0.5 x 106.49 = 53.24; bonus (117.14 - 53.24) / 1,832 reached = EUR 34.88
    # per 1,000; capped at 2 x 106.49
    assert terms["hybrid"] == (
        f"53{NBSP}€ pamata cena + 34,88{NBSP}€ par 1000 sasniegtiem cilvēkiem, ne vairāk kā "
        f"213{NBSP}€"
    )
    assert terms["gifting"] == (
        "produkts (iestatiet negotiation.product_value); tā tomēr ir samaksa: ieraksts jāmarķē"
    )


def test_an_unusable_quote_is_explained_in_latvian(write_campaign):
    offers, _unused = offers_for(fixture_campaign(write_campaign))
    mart = offers.set_index(["handle", "deliverable"]).loc[("@mart", "short")]
    assert mart["quote_position"] == "quote not usable"
    assert mart["quote_note"].startswith(
        "cena 100,00 ISK nav izmantota: valūtai ISK nav zināma kursa (zināmi: AUD, "
    )
    assert mart["quote_note"].endswith(
        "pievienojiet datētu kursu failā data/reference/fx_rates.csv"
    )


def test_a_budget_too_small_is_explained_in_latvian(write_campaign):
    campaign = fixture_campaign(write_campaign, budget=20)
    offers, _unused = offers_for(campaign)
    allocation = negotiation.allocate_budget(offers, campaign)
    assert allocation.status == "over_budget"
    # one creator per market, none above 30% of the budget: the smallest budget is the dearer
    # of the two markets' cheapest units a creator can be hired for (a link in bio comes only
    # with its main deliverable) / 0.3
    cheapest = offers[~offers["add_on"].astype(bool)].groupby("market")["committed_cost"].min()
    assert allocation.needed_budget == pytest.approx(cheapest.max() / 0.3)
    assert allocation.message.startswith(
        f"Neviens noteikumiem atbilstošs plāns neiekļaujas 20{NBSP}€ budžetā"
    )
    assert f"maksā {cheapest.sum():.0f}{NBSP}€ (" in allocation.message
    assert f"vajag vismaz {cheapest.max() / 0.3:.0f}{NBSP}€ budžetu" in allocation.message
    assert "Palieliniet budžetu" in allocation.message
    summary = negotiation.negotiation_summary(campaign, offers, allocation)
    assert summary.startswith("**Budžetu nevar sadalīt.** Neviens")


def test_rules_that_cannot_hold_are_explained_in_latvian(write_campaign):
    campaign = fixture_campaign(
        write_campaign,
        extra="negotiation: {rules: {max_creators: 1, market_share: {SE: [0, 0.5]}}}\n",
    )
    offers, _unused = offers_for(campaign)
    allocation = negotiation.allocate_budget(offers, campaign)
    assert allocation.status == "contradictory_rules"
    # the campaign file's field names stay as written, so the user can find them
    assert (
        "kampaņas fails: negotiation.rules.market_share: SE nav starp kampaņas tirgiem (LV, EE)"
        in allocation.message
    )
    assert "max_creators (1) ir mazāks par min_creators_per_market (1) x 2 tirgi = 2" in (
        allocation.message
    )


def test_pipeline_problems_in_latvian(tmp_path, write_campaign):
    campaign = fixture_campaign(write_campaign)
    pipeline = pd.DataFrame(
        {
            "influencer_id": ["n1", "nobody"],
            "stage": ["contracted", "identified"],
            "deliverable": ["reel", None],
            "quantity": [1, None],
            "agreed_fee": [None, None],
            "currency": ["EUR", None],
        }
    )
    tables = data.load_campaign_data(campaign, ["roster"])
    lines = negotiation.pipeline_problems(
        pipeline, tables["roster"], tmp_path / "p.csv", translator("lv")
    )
    assert lines == [
        f"{tmp_path / 'p.csv'}: 3. rinda, kolonna influencer_id: 'nobody' nav satura veidotāju "
        "sarakstā",
        f"{tmp_path / 'p.csv'}: 2. rinda, kolonna agreed_fee: ir tukšs, bet rindai ar posmu "
        "„līgums noslēgts” tas ir vajadzīgs",
    ]


def test_every_code_has_a_display_label_in_both_languages():
    lv = catalogue("lv")
    labels = {
        "deliverables": (vocabulary.deliverables, set(FORMATS)),
        "models": (vocabulary.compensation_models, set(negotiation.MODELS)),
        "risks": (negotiation.risk_labels, set(negotiation.RISK_WITH.values())),
        "stages": (vocabulary.pipeline_stages, {*PIPELINE_STAGES, "planned"}),
        "kpis": (negotiation.kpi_labels, set(negotiation.OPTIMISABLE_KPIS)),
        "units": (negotiation.kpi_units, set(negotiation.OPTIMISABLE_KPIS)),
        "scenarios": (negotiation.what_if_labels, set(negotiation.WHAT_IF)),
        "positions": (
            negotiation.quote_position_labels,
            {
                "quote not usable",
                "no quote",
                "below our opening",
                "opening to target",
                "target to walk-away",
                "above walk-away",
            },
        ),  # fmt: skip
    }
    for name, (labelled, codes) in labels.items():
        english, latvian = labelled(translator("en")), labelled(translator("lv"))
        assert set(english) >= codes, name
        assert all(english[code] in lv for code in codes), name
        assert set(latvian) == set(english), name
    assert vocabulary.deliverables(translator("lv"))["feed_post"] == "plūsmas ieraksts"
    assert (
        vocabulary.compensation_models(translator("lv"))["cpa"]
        == "CPA / partneru programma (par pirkumu)"
    )


# --- Term sheets and outreach packs ------------------------------------------------------------


def test_every_line_of_the_term_sheet_template_has_a_latvian_entry():
    template = outreach.read_template("term-sheet.md").split("\n")
    listed = term_sheets.term_sheet_lines(lambda message: message)
    worded = [line for line in template if term_sheets.has_words(line)]
    assert worded, set(worded) - set(listed)
    assert set(worded) <= set(listed), set(worded) - set(listed)
    assert all(line in catalogue("lv") for line in listed)
    # the Latvian lines keep every placeholder of the English ones
    for line in listed:
        assert set(re.findall(r"\{\w+\}", line)) == set(
            re.findall(r"\{\w+\}", catalogue("lv")[line])
        ), line


def contracted_row(market: str, **overrides) -> pd.DataFrame:
    row = {
        "influencer_id": "n9", "handle": "@creator", "platform": "instagram", "market": market,
        "deliverable": "reel", "quantity": 2, "agreed_fee": 500.0, "currency": "EUR",
        "stage": "contracted", "source": "pipeline", "fx_rate": 1.0, "rate_date": "2024-12-31",
    }  # fmt: skip
    return pd.DataFrame([row | overrides])


@pytest.mark.parametrize("market", ["LV", "EE", "DE"])
def test_a_latvian_term_sheet_keeps_the_markets_exact_labels(write_campaign, market):
    campaign = fixture_campaign(write_campaign)
    rows = contracted_row(market, currency="SEK", agreed_fee=10_000.0, fx_rate=1 / 11.459)
    plain, page = term_sheets.term_sheet(
        rows.iloc[0].to_dict() | {"name": None}, rows, campaign, None
    )
    labels = reference.disclosure_rules([market]).iloc[0]["labels_that_satisfy"]
    assert plain.startswith("# Nosacījumu lapa — Negotiation test")
    assert f"| Marķējums (precīzs teksts) | {labels[0]}" in plain  # never translated
    assert "## 1. Puses" in plain
    assert "## 1. Parties" not in plain
    assert "| Publicēšanas logs | no 01.02.2027. līdz 28.02.2027., vietējais laiks tirgū" in plain
    # SEK 10,000 at 1 / 11.459 = EUR 872.68
    assert f"10{NBSP}000{NBSP}SEK (= 873{NBSP}€ pēc kursa 0,0873 EUR par 1 SEK, kurss " in plain
    assert "1. Instagram Reels video × 2, katrā — reklāmas marķējums" in plain
    assert '<html lang="lv">' in page
    assert "Nosacījumu lapa — @creator" in page
    assert "{" not in plain


def test_a_latvian_term_sheet_names_the_market_in_latvian(write_campaign):
    campaign = fixture_campaign(write_campaign)
    rows = contracted_row("EE")
    plain, _page = term_sheets.term_sheet(
        rows.iloc[0].to_dict() | {"name": None}, rows, campaign, None
    )
    assert "Tirgus: EE — Igaunija" in plain


def test_outreach_pack_headings_follow_the_campaign_drafts_follow_the_creator(write_campaign):
    campaign = fixture_campaign(write_campaign)
    offers, tables = offers_for(campaign)
    creators = negotiation.candidate_creators(read_shortlist(), tables["roster"], campaign)
    laima = creators.set_index("handle", drop=False).loc["@laima"]
    rows = offers[(offers["handle"] == "@laima") & (offers["deliverable"] == "feed_post")]
    pack = outreach.outreach_pack(laima, rows.assign(selected=True, quantity=1), campaign, None)
    assert pack.startswith("# Uzrunāšana: @laima (LV — Latvija)")
    assert "Sūtiet pirmo ziņu 21.12.2026." in pack
    # the drafts themselves: English for everyone, Latvian for a creator who writes Latvian
    assert "## Pirmā ziņa (angļu valodā)\n\n**Subject:**" in pack
    assert "Hi Laima," in pack
    assert "## Pirmā ziņa (lv)" in pack
    assert "Labdien, Laima!" in pack
    assert "# Pretpiedāvājums (viņu cena ir virs mūsu mērķa cenas)" in pack


def test_outreach_files_say_which_creators_get_a_counter_offer_in_any_language(
    write_campaign, tmp_path
):
    campaign = fixture_campaign(write_campaign)
    offers, tables = offers_for(campaign)
    creators = negotiation.candidate_creators(read_shortlist(), tables["roster"], campaign)
    main = offers["deliverable"] == offers["platform"].map(negotiation.MAIN_DELIVERABLE)
    planned = offers.assign(selected=main & offers["fair_fee"].notna(), quantity=1)
    table = outreach.write_outreach(planned, creators, campaign, None, tmp_path / "outreach")
    # @laima quoted EUR 150 against a EUR 96 target: a counter-offer; @janis quoted nothing
    flags = table.set_index("handle")["counter_offer"]
    assert flags["@laima"]
    assert not flags["@janis"]


# --- The report page -------------------------------------------------------------------------


def test_negotiation_page_in_latvian(tmp_path, monkeypatch):
    from helpers.run.runner import run_campaign

    missing = tmp_path / "missing.jsonl"
    missing.touch()
    monkeypatch.setenv(MISSING_LOG_VARIABLE, str(missing))
    result = run_campaign(latvian_campaign(tmp_path), out_dir=tmp_path / "reports", stages="03")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    # no message of this stage without a Latvian entry; the earlier stages' helpers it calls
    # (vetting, for a shortlist) answer for theirs in their own tests
    logged = [json.loads(line)["message"] for line in missing.read_text("utf-8").splitlines()]
    others = extract_messages([p for p in message_sources() if p.name not in OURS])
    assert [m for m in logged if m not in others] == []
    page = (result.report_dir / "03-negotiation.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    assert "Warning" not in page
    assert "Secinājums." in page
    assert "Plāns: satura veidotāji" in page
    assert "Sakiet skaļi." in page
    assert "Godīgā cena satura veidotāja galvenajam darbam (EUR)" in page
    assert re.search(r"CPM \d+,\d\d", page)  # a decimal comma
    assert re.search(r"\d{1,3}\xa0\d{3}", page)  # a thousands space (no-break)
    assert "Finding." not in page
    assert "Fair fee per creator" not in page
    assert "Say it out loud" not in page
    # machine values in the artifacts stay English
    offers = pd.read_csv(result.report_dir / "offers.csv")
    assert set(offers["compensation_model"]) == {"flat"}
    # (with the fees on the CPM Aurora's history calibrates, one quote sits between target and
    # walk-away)
    assert set(offers["quote_position"]) == {
        "above walk-away",
        "below our opening",
        "target to walk-away",
        "no quote",
    }
    # term sheets in Latvian, each with its market's first label from the reference table
    rules = reference.disclosure_rules().set_index("market")["labels_that_satisfy"]
    sheets = sorted((result.report_dir / "term-sheets").glob("*.md"))
    assert len(sheets) == 13
    for sheet in sheets:
        text = sheet.read_text("utf-8")
        # the title, after the vetting box for the brand when vetting flagged or excluded them
        assert text.startswith(("# Nosacījumu lapa — ", "> **Pārbaudes brīdinājums"))
        assert "\n# Nosacījumu lapa — " in "\n" + text
        market = re.search(r"Tirgus: ([A-Z]{2}) —", text).group(1)
        assert f"| Marķējums (precīzs teksts) | {rules[market][0]}" in text, sheet.name
