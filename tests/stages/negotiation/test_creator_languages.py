"""Stage 03 in the creator's language (issue #16, item 5): first messages, follow-ups,
counter-offers and term sheets for every language the project ships a catalogue for, from the
one English template of each document; money and dates in each language's format; English, and
a note saying so, for a language with no template; negotiation that never opens above a
creator's own quote; and the vetting warning on a term sheet.

Numbers used by hand below (tests/fixtures/negotiation, as in test_offers_and_budget.py):
@laima's feed post has a fair fee of EUR 81.91 (the micro Instagram floor USD 100 / 1.0389, x
0.851, Latvia's price level), opening 85% = EUR 69.63, walk-away 130% = EUR 106.49; with no usage
or exclusivity asked, a quote's "with our terms" value is the quote itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.core import data, reference
from helpers.core.campaign import load_campaign
from helpers.stages import negotiation
from helpers.stages.negotiation import outreach, term_sheets
from helpers.stages.negotiation.documents import has_words, read_template
from helpers.stages.negotiation.template_lines import TEMPLATE_LINES
from helpers.text.i18n import CREATOR_LANGUAGES, LOCALE_DIR, catalogue, translator

FIXTURE = Path(__file__).parents[2] / "fixtures" / "negotiation"
NBSP = "\u00a0"
MODELS = ("flat", "cpm", "cpe", "cpc", "cpa", "gifting", "hybrid")
TERMS = (
    {"usage_months": 0, "exclusivity_days": 0},
    {"usage_months": 1, "paid_usage": True, "exclusivity_days": 30, "product_value": 80},
    {"usage_months": 3, "paid_usage": False, "exclusivity_days": 0},
)


@pytest.fixture(scope="module")
def world():
    campaign = load_campaign(FIXTURE / "campaign.yaml")
    tables = data.load_campaign_data(campaign, ["roster", "pipeline"])
    shortlist = pd.read_csv(FIXTURE / "shortlist.csv", keep_default_na=False, na_values=[""])
    creators = negotiation.candidate_creators(shortlist, tables["roster"], campaign)
    return campaign, tables, shortlist, creators


def with_terms(campaign, **terms):
    """The campaign with other negotiation terms."""
    return campaign.model_copy(
        update={"negotiation": campaign.negotiation.model_copy(update=terms)}
    )


POSTS = pd.DataFrame(
    {
        "influencer_id": ["n1", "n3"],
        "posted_at": pd.to_datetime(["2026-09-25", "2026-10-01"]),
        "format": ["feed_post", "short"],
        "likes": [2_731, 5_000],
        "comments": [84, 300],
        "is_sponsored": [0, 0],
    }
)


def contracted_row(market: str, platform: str, deliverable: str, **extra) -> pd.DataFrame:
    row = {
        "influencer_id": f"x-{market}",
        "handle": f"@creator.{market.lower()}",
        "platform": platform,
        "market": market,
        "deliverable": deliverable,
        "quantity": 2,
        "agreed_fee": 500.0,
        "currency": "EUR",
        "stage": "contracted",
        "source": "pipeline",
        "fx_rate": 1.0,
        "rate_date": "2024-12-31",
        "agreed_fee_converted": 500.0,
    }
    return pd.DataFrame([row | extra])


def creator_documents(world, language: str) -> list[str]:
    """Every document a creator can get, in ``language``, under every model and set of terms,
    for every market, platform and deliverable (what the catalogues must cover)."""
    campaign, tables, shortlist, creators = world
    _ = translator(language)
    texts = []
    for model in MODELS:
        for terms in TERMS:
            varied = with_terms(campaign, model=model, **terms)
            offers = negotiation.build_offers(varied, shortlist, tables)
            offers = offers.assign(selected=True, quantity=1)
            for creator in creators.to_dict("records"):
                person = pd.Series(creator)
                rows = offers[offers["influencer_id"] == creator["influencer_id"]]
                rows = rows[rows["fair_fee"].notna()][:2]
                rows = rows.assign(quantity=[1, 2][: len(rows)])
                texts.append(outreach.first_message(person, rows, varied, POSTS, _))
                accepted = rows.assign(quote_with_terms=rows["opening_offer"] / 2)
                unknown = person.copy()
                unknown["audience_fit"] = None
                texts.append(outreach.first_message(unknown, accepted, varied, None, _))
                texts.append(outreach.follow_ups(person, rows, varied, _))
                texts.append(outreach.counter_offer(person, rows, varied, _) or "")
                cpe = rows.assign(fee_basis="cpe", quote_position="above walk-away")
                texts.append(outreach.counter_offer(person, cpe, varied, _) or "")
                planned = rows.assign(source="plan", agreed_fee=rows["planned_fee"])
                plain, _page = term_sheets.term_sheet(creator, planned, varied, offers, language)
                texts.append(plain)
    other_currency = {"currency": "SEK", "agreed_fee": 10_000.0, "fx_rate": 1 / 11.459}
    for deliverable, platform in (
        ("feed_post", "instagram"), ("reel", "instagram"), ("story", "instagram"),
        ("short", "tiktok"), ("live", "tiktok"), ("long_video", "youtube"),
        ("link_in_bio", "instagram"),
    ):  # fmt: skip
        for market in reference.disclosure_rules()["market"]:
            rows = contracted_row(market, platform, deliverable, **other_currency)
            creator = rows.iloc[0].to_dict() | {"name": "Test Name"}
            texts.append(term_sheets.term_sheet(creator, rows, campaign, None, language)[0])
    return texts


# --- The templates and the catalogues -------------------------------------------------------


@pytest.mark.parametrize("template", sorted(TEMPLATE_LINES))
def test_every_line_of_the_outreach_templates_is_a_message(template):
    text = read_template(template).split("## C.")[0]  # version C of follow-up.md is not sent
    listed = TEMPLATE_LINES[template](lambda message: message)
    worded = [line for line in text.split("\n") if has_words(line)]
    assert [line for line in worded if line not in listed] == []


def test_every_creator_language_has_its_catalogue_and_locale():
    assert set(CREATOR_LANGUAGES) >= {"et", "lt", "pl", "de", "fr", "es", "it", "sv", "da", "nb",
                                      "fi"}  # fmt: skip
    for language in CREATOR_LANGUAGES:
        assert (LOCALE_DIR / language / "LC_MESSAGES" / "outreach.po").is_file(), language


@pytest.mark.parametrize("language", sorted(CREATOR_LANGUAGES))
def test_every_creator_document_is_fully_translated(world, language):
    texts = creator_documents(world, language)
    assert translator(language).missing == set()
    for text in texts:
        assert "{" not in text  # every placeholder filled


@pytest.mark.parametrize("language", sorted(CREATOR_LANGUAGES))
def test_translations_keep_the_placeholders(language):
    for message, text in catalogue(language).items():
        wanted = set(re.findall(r"\{[a-z_]+\}", message))
        # a translation may leave out the greeting's name (impersonal forms) but adds none
        assert set(re.findall(r"\{[a-z_]+\}", text)) <= wanted, (language, message)
        if "{" in message and message not in ("Hi {creator_name},", "one {deliverable}"):
            assert wanted - {"{creator_name}"} <= set(re.findall(r"\{[a-z_]+\}", text)), (
                language,
                message,
            )


# --- Drafts in the creator's language ---------------------------------------------------------


def planned(offers: pd.DataFrame, handle: str, deliverable: str, quantity: int = 1):
    rows = offers[(offers["handle"] == handle) & (offers["deliverable"] == deliverable)].copy()
    return rows.assign(selected=True, quantity=quantity)


def test_an_estonian_creator_gets_estonian_drafts_with_estonian_money_and_dates(world):
    campaign, tables, shortlist, creators = world
    offers = negotiation.build_offers(campaign, shortlist, tables)
    kadri = creators.set_index("handle", drop=False).loc["@kadri"]
    assert outreach.outreach_language(kadri) == "et"
    rows = planned(offers, "@kadri", "feed_post")
    text = outreach.first_message(kadri, rows, campaign, None, translator("et"))
    assert text.startswith("**Teema:** Test Brand × Kadri: tasustatud koostöö")
    assert "Tere, Kadri!" in text
    # 1 Feb to 28 Feb 2027 in Estonian long dates; sent 21 Dec 2026, reply within ten days
    assert "avaldamine ajavahemikus 1. veebruar 2027 kuni 28. veebruar 2027" in text
    assert "hiljemalt 31. detsember 2026?" in text
    assert "#reklaam" in text  # the market's label, never translated
    assert "Hi " not in text and "{" not in text
    pack = outreach.outreach_pack(kadri, rows, campaign, None)
    assert "## First message (English)" in pack and "## First message (et)" in pack
    assert "## A. Esimene meeldetuletus" in pack  # the follow-ups in her language too


def test_money_in_each_creators_format(world):
    campaign, tables, shortlist, creators = world
    offers = negotiation.build_offers(campaign, shortlist, tables)
    rows = planned(offers, "@mart", "short")
    low, high = rows["opening_offer"].iloc[0], rows["target_fee"].iloc[0]
    german = outreach.offer_text(rows, campaign, translator("de"))
    # a thousands separator as each locale writes it; the currency after the range
    assert german == (
        f"eine Vergütung im Bereich von {translator('de').number(low)}–"
        f"{translator('de').number(high)} EUR, je nach Nutzung"
    )
    assert translator("de").money(1234, "EUR") == f"1.234{NBSP}€"
    assert translator("pl").money(1234, "PLN") == f"1{NBSP}234{NBSP}zł"
    assert translator("fr").date("2027-02-01") == "1 févr. 2027"
    assert translator("fi").date("2027-02-01") == "1.2.2027"


@pytest.mark.parametrize(
    ("roster_language", "market", "expected"),
    [("pl", "PL", "pl"), ("Polish", "PL", "pl"), ("PL-pl", "PL", "pl"), ("no", "NO", "nb"),
     (None, "DE", "de"), (None, "AT", "de"), (None, "LT", "lt"), ("pt", "PT", "en"),
     (None, "US", "en")],
)  # fmt: skip
def test_the_creators_language_from_the_roster_else_the_market(roster_language, market, expected):
    creator = {"handle": "@x", "market": market, "language": roster_language}
    assert outreach.outreach_language(creator) == expected


def test_a_language_with_no_template_gets_english_and_the_page_says_so(world):
    campaign, tables, shortlist, creators = world
    offers = negotiation.build_offers(campaign, shortlist, tables)
    laima = creators.set_index("handle", drop=False).loc["@laima"].copy()
    laima["language"] = "pt"
    rows = planned(offers, "@laima", "feed_post")
    pack = outreach.outreach_pack(laima, rows, campaign, None)
    assert "No template in the creator's language (Portuguese) yet: the drafts are in English." in (
        pack
    )
    assert "## First message (Portuguese)" not in pack
    assert "## A. First follow-up" in pack
    written = pd.DataFrame(
        {"handle": ["@laima", "@kadri"], "language": ["pt", "et"], "written_in": ["en", "et"]}
    )
    note = outreach.languages_note(written, translator("en"))
    assert note == (
        "1 of 2 creators get their drafts in their own language. No template in Portuguese yet, "
        "so these get English: @laima."
    )


# --- Never open above the creator's own quote -------------------------------------------------


def offers_with_quote(world, quote: float) -> pd.DataFrame:
    """@laima (n1) quoting ``quote`` EUR for a feed post, posting only."""
    campaign, tables, shortlist, _creators = world
    roster = tables["roster"].copy()
    roster.loc[roster["influencer_id"] == "n1", "quoted_fee"] = quote
    return negotiation.build_offers(campaign, shortlist, tables | {"roster": roster})


@pytest.mark.parametrize(
    ("quote", "position"), [(60, "below our opening"), (75, "opening to target")]
)
def test_a_quote_below_the_fair_fee_is_accepted_not_outbid(world, quote, position):
    campaign, _tables, _shortlist, creators = world
    rows = planned(offers_with_quote(world, quote), "@laima", "feed_post")
    row = rows.iloc[0]
    # fair fee EUR 81.91, opening EUR 69.63 (by hand); no usage asked, so the quote stands
    assert row["fair_fee"] == pytest.approx(81.91, abs=0.01)
    assert row["quote_with_terms"] == pytest.approx(quote)
    assert row["quote_position"] == position
    laima = creators.set_index("handle", drop=False).loc["@laima"]
    text = outreach.first_message(laima, rows, campaign, None)
    assert f"**What we offer:** a fee of EUR {quote}, in line with your quote." in text
    assert "EUR 70" not in text and "EUR 82" not in text  # neither the opening nor the fair fee
    script = outreach.negotiation_script(row, "EUR", translator("en"))
    assert "We open at" not in script
    assert f"Their quote (EUR {quote} with our terms) is below that fair fee" in script
    assert "the fair fee is the ceiling, not the opening" in script
    assert "that is about EUR 82" in script
    pack = outreach.outreach_pack(laima, rows, campaign, None)
    assert (
        f"Their quote (EUR {quote} with our terms) is below the fair fee (EUR 82): the draft "
        "accepts it" in pack
    )
    assert "# Counter-offer" not in pack


def test_a_quote_above_target_keeps_the_range_and_the_script(world):
    campaign, _tables, _shortlist, creators = world
    rows = planned(offers_with_quote(world, 150), "@laima", "feed_post")
    laima = creators.set_index("handle", drop=False).loc["@laima"]
    assert "a fee in the EUR 70–82 range" in outreach.first_message(laima, rows, campaign, None)
    row = rows.iloc[0]
    assert outreach.negotiation_script(row, "EUR", translator("en")) == row["say_it"]
    assert outreach.quote_below_fair_fee(rows) is None


def test_the_latvian_script_for_a_quote_below_the_fair_fee(world):
    rows = planned(offers_with_quote(world, 60), "@laima", "feed_post")
    script = outreach.negotiation_script(rows.iloc[0], "EUR", translator("lv"))
    assert f"Viņu cena (60{NBSP}€ ar mūsu nosacījumiem) ir zem šīs godīgās cenas" in script


# --- The vetting warning on a term sheet ------------------------------------------------------


def test_term_sheets_carry_the_vetting_warning_in_the_reports_language(world, tmp_path):
    campaign, tables, shortlist, _creators = world
    offers = negotiation.build_offers(campaign, shortlist, tables)
    contracted = negotiation.contracted_from(tables["pipeline"], offers, tables["roster"], campaign)
    vetted = shortlist.copy()
    vetted.loc[vetted["influencer_id"] == "n2", ["status", "reasons"]] = [
        "excluded",
        "suspected engagement pod",
    ]
    vetted.to_csv(tmp_path / "shortlist.csv", index=False)
    table = term_sheets.write_term_sheets(
        contracted, tables["roster"], campaign, offers, tmp_path / "term-sheets"
    )
    warning = "vetting excluded this creator (suspected engagement pod)."
    assert table.set_index("handle")["vetting_warning"].to_dict() == {
        "@laima": "",
        "@kadri": warning,
    }
    for name in ("term-sheets/n2-kadri.md", "term-sheets-for-creators/n2-kadri.et.md"):
        text = (tmp_path / name).read_text("utf-8")  # the box in English on her Estonian copy
        assert text.startswith(f"> **Vetting warning (for the brand, not the creator):** {warning}")
    estonian = (tmp_path / "term-sheets-for-creators" / "n2-kadri.et.md").read_text("utf-8")
    assert "# Term sheet — Negotiation test" in estonian
    assert "## 1. Osapooled" in estonian and "#reklaam" in estonian
    assert "<blockquote>" in (tmp_path / "term-sheets" / "n2-kadri.html").read_text("utf-8")
    assert "Vetting warning" not in (tmp_path / "term-sheets" / "n1-laima.md").read_text("utf-8")


def test_a_given_vetting_warning_wins_over_the_shortlist(world, tmp_path):
    campaign, tables, shortlist, _creators = world
    offers = negotiation.build_offers(campaign, shortlist, tables)
    contracted = negotiation.contracted_from(tables["pipeline"], offers, tables["roster"], campaign)
    contracted["vetting_warning"] = contracted["influencer_id"].map({"n1": "flagged: pod"})
    warnings = term_sheets.vetting_warnings(contracted, tmp_path, translator("en"))
    assert warnings == {"n1": "flagged: pod"}
    assert (
        term_sheets.vetting_warnings(
            contracted.drop(columns="vetting_warning"), tmp_path, translator("en")
        )
        == {}
    )  # no shortlist, no warning
