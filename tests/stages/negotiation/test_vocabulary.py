"""The pieces the reshape (#14) gave names to: the registry of pricing functions, one per
compensation model, and the words that are picked by the language's code or are messages of
the catalogue (dates, deliverables as a creator reads them, the offer in a first message)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from helpers.stages import negotiation
from helpers.stages.negotiation import documents, outreach
from helpers.text.i18n import translator

EN = translator("en")
LV = translator("lv")


def test_every_compensation_model_has_one_pricing_function():
    assert set(negotiation.PRICING) == set(negotiation.MODELS)


def test_an_unknown_model_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown compensation model 'barter'") as caught:
        negotiation.model_costs(pd.DataFrame(), "barter", None, {}, "reach")
    assert "flat, cpm, cpe, cpc, cpa, gifting, hybrid" in str(caught.value)


def test_dates_in_a_sentence():
    assert negotiation.date_text(date(2024, 12, 31), EN) == "2024-12-31"
    assert negotiation.date_text("2024-12-31", LV) == "31.12.2024."
    assert negotiation.date_text(None, LV) == "None"


def test_long_dates():
    assert documents.long_date(date(2027, 2, 1)) == "1 February 2027"
    assert documents.long_date(date(2027, 2, 1), LV) == "01.02.2027."


def test_country_names_by_language():
    assert documents.market_name("LV") == "LV — Latvia"
    assert documents.market_name("LV", LV) == "LV — Latvija"


@pytest.mark.parametrize(
    ("deliverable", "platform", "quantity", "english", "latvian"),
    [
        ("feed_post", "tiktok", 1, "TikTok feed post", "TikTok ieraksts"),
        ("reel", "instagram", 2, "Instagram Reels", "Instagram Reels video"),
        (
            "story",
            "instagram",
            1,
            "Instagram Story set (about 3 frames)",
            "Instagram Stories sērija",
        ),
        ("short", "youtube", 3, "YouTube short videos", "YouTube īsais video"),
        ("long_video", "youtube", 2, "YouTube videos", "YouTube video"),
        ("live", "instagram", 1, "Instagram live session", "Instagram tiešraide"),
        (
            "link_in_bio",
            "instagram",
            2,
            "links in bio for 30 days each",
            "saite profilā (30 dienas)",
        ),
    ],
)
def test_deliverables_as_a_creator_reads_them(deliverable, platform, quantity, english, latvian):
    assert documents.deliverable_name(deliverable, platform, quantity) == english
    # Latvian needs no plural: a count follows the name (× 2)
    assert documents.deliverable_name(deliverable, platform, quantity, LV) == latvian


def rows(model: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "quantity": [2, 1],
            "opening_offer": [850.0, 400.0],
            "target_fee": [1000.0, 500.0],
            "compensation_model": [model, model],
        }
    )


class _Campaign:
    """Just what :func:`outreach.offer_text` reads."""

    currency = "EUR"

    class negotiation:  # noqa: N801 (the campaign's field)
        product_value = 1250.0


@pytest.mark.parametrize(
    ("model", "english", "latvian"),
    [
        (
            "flat",
            "a fee in the EUR 2,100–2,500 range, depending on usage",
            "honorārs 2\u00a0100–2\u00a0500 EUR apmērā",
        ),
        (
            "cpm",
            "a fee in the EUR 2,100–2,500 range, depending on usage (paid per 1,000 impressions "
            "(CPM))",
            "honorārs 2\u00a0100–2\u00a0500 EUR apmērā (samaksa par 1000 skatījumiem (CPM))",
        ),
        (
            "gifting",
            "the product (worth EUR 1,250) as a gift",
            "produkts dāvanā (vērtība 1\u00a0250 EUR)",
        ),
    ],
)
def test_the_offer_in_a_first_message(model, english, latvian):
    assert outreach.offer_text(rows(model), _Campaign()) == english
    assert outreach.offer_text(rows(model), _Campaign(), LV) == latvian
