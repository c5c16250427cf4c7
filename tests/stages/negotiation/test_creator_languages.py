"""Stage 03 in the creator's language (issue #16, item 5): first messages, follow-ups,
counter-offers and term sheets for every language the project ships a catalogue for, from the
one English template of each document; money and dates in each language's format; English, and
a note saying so, for a language with no template; negotiation that never opens above a
creator's own quote; and the vetting warning on a term sheet.

Numbers used by hand below (tests/fixtures/negotiation, as in test_offers_and_budget.py):
@laima's feed post has a fair fee of EUR 96.26 (the micro Instagram floor USD 100 / 1.0389),
opening 85% = EUR 81.82, walk-away 130% = EUR 125.14; with no usage or exclusivity asked, a
quote's "with our terms" value is the quote itself.
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
    return campaign.model_copy(update={"negotiation": campaign.negotiation.model_copy(update=terms)})


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
