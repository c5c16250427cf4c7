"""Stage 03's words: first messages (English and Latvian), follow-ups, counter-offers and term
sheets with each market's exact disclosure labels, HTML escaped."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest

from helpers.core import data, reference
from helpers.core.campaign import load_campaign
from helpers.stages import negotiation
from helpers.stages.negotiation import outreach, term_sheets
from helpers.text.i18n import translator

FIXTURE = Path(__file__).parents[2] / "fixtures" / "negotiation"


@pytest.fixture(scope="module")
def world():
    campaign = load_campaign(FIXTURE / "campaign.yaml")
    tables = data.load_campaign_data(campaign, ["roster", "pipeline"])
    shortlist = pd.read_csv(FIXTURE / "shortlist.csv", keep_default_na=False, na_values=[""])
    offers = negotiation.build_offers(campaign, shortlist, tables)
    creators = negotiation.candidate_creators(shortlist, tables["roster"], campaign)
    return campaign, tables, offers, creators


def planned(offers: pd.DataFrame, handle: str, deliverable: str, quantity: int = 1):
    rows = offers[(offers["handle"] == handle) & (offers["deliverable"] == deliverable)].copy()
    return rows.assign(selected=True, quantity=quantity)


def creator(creators: pd.DataFrame, handle: str) -> pd.Series:
    return creators.set_index("handle", drop=False).loc[handle]


POSTS = pd.DataFrame(
    {
        "influencer_id": ["n1", "n1", "n1"],
        "posted_at": pd.to_datetime(["2026-09-25", "2026-10-01", "2026-10-12"]),
        "format": ["feed_post", "reel", "reel"],
        "likes": [2_731, 5_000, 900],
        "comments": [84, 300, 21],
        "is_sponsored": [0, 1, 0],
    }
)


@pytest.mark.parametrize(
    ("name", "vocative"),
    [("Jānis", "Jāni"), ("Kārlis", "Kārli"), ("Mārtiņš", "Mārtiņ"), ("Roberts", "Robert"),
     ("Līga", "Līga"), ("Dace", "Dace"), ("Laima", "Laima")],
)  # fmt: skip
def test_latvian_greetings_use_the_vocative(name, vocative):
    assert outreach.latvian_vocative(name) == vocative


def test_first_message_says_why_them_what_we_ask_and_what_we_offer(world):
    campaign, _unused, offers, creators = world
    rows = planned(offers, "@laima", "feed_post")
    text = outreach.first_message(creator(creators, "@laima"), rows, campaign, POSTS)
    # why them: the best post that was not an ad, and the rehire
    assert "we enjoyed working with you before" in text
    assert "your feed post of 25 September 2026 drew 2,731 likes and 84 comments" in text
    # what we ask and when
    assert "1 Instagram feed post, live between 1 February 2027 and 28 February 2027" in text
    # what we offer: opening EUR 69.63 to target EUR 81.91, never the walk-away point (EUR 106.49)
    assert "a fee in the EUR 70–82 range" in text
    assert "106" not in text
    assert "#reklāma" in text
    assert "{" not in text  # every placeholder filled
    # sent six weeks before the start (21 December 2026), a reply asked within ten days
    assert "could you reply by 31 December 2026?" in text


def test_latvian_message_for_a_latvian_creator(world):
    campaign, _unused, offers, creators = world
    janis = creator(creators, "@janis")
    assert outreach.outreach_language(janis) == "lv"
    assert outreach.outreach_language(creator(creators, "@kadri")) == "et"
    rows = planned(offers, "@janis", "short", 2)
    text = outreach.first_message(janis, rows, campaign, POSTS, translator("lv"))
    assert "Labdien, Jāni!" in text
    assert "2 × TikTok īsais video" in text
    assert "publicēšana no 01.02.2027. līdz 28.02.2027." in text
    assert "apmērā" in text
    assert "#reklāma" in text
    # no posts of his: the reason is his audience fit (90% on the shortlist)
    assert "jo Jūsu auditorija atbilst mūsējai (90% atbilstība mūsu auditorijas plānam)." in text
    unknown = janis.copy()
    unknown["audience_fit"] = None  # nothing to go on: the marketer must name a post
    text = outreach.first_message(unknown, rows, campaign, POSTS, translator("lv"))
    assert "[Minēt konkrētu ierakstu.]" in text


def test_outreach_pack_has_follow_ups_and_a_counter_offer_only_above_target(world, tmp_path):
    campaign, _unused, offers, creators = world
    chosen = pd.concat([planned(offers, "@laima", "feed_post"), planned(offers, "@janis", "short")])
    table = outreach.write_outreach(chosen, creators, campaign, POSTS, tmp_path / "outreach")
    assert table["handle"].tolist() == ["@laima", "@janis"]  # rehires first
    assert table.set_index("handle")["counter_offer"].to_dict() == {
        "@laima": True,  # quoted EUR 150, walk-away EUR 106
        "@janis": False,  # no quote
    }
    laima = (tmp_path / table.set_index("handle").loc["@laima", "file"]).read_text("utf-8")
    assert "## First message (lv)" in laima
    # the follow-ups and the counter-offer in her language (Latvian), from the same templates
    assert "## A. Pirmais atgādinājums" in laima
    assert "## C." not in laima  # the late-deliverable reminder is not for outreach
    assert "Paldies par cenu 150\u00a0€ par 1 × plūsmas ieraksts" in laima
    assert "Pie tirgus CPM 6,55\u00a0€" in laima  # USD 8 x 0.851 (Latvia's price level)
    assert "**Mūsu piedāvājums ir 82\u00a0€ bez PVN**" in laima


def test_counter_offer_in_english_shows_the_working(world):
    campaign, _unused, offers, creators = world
    laima = creator(creators, "@laima")
    text = outreach.counter_offer(laima, planned(offers, "@laima", "feed_post"), campaign)
    assert "Thank you for the quote of EUR 150 for one feed post" in text
    assert "At a market CPM of EUR 6.55" in text
    assert "**Our offer is EUR 82 excluding VAT**" in text
    assert "that puts a post at around EUR 70–EUR 82" in text


def contracted_row(market: str, platform: str = "instagram", **extra) -> pd.DataFrame:
    row = {
        "influencer_id": f"x-{market}",
        "handle": f"@creator.{market.lower()}",
        "platform": platform,
        "market": market,
        "deliverable": "reel",
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


RULES = reference.disclosure_rules()


@pytest.mark.parametrize("market", RULES["market"].tolist())
def test_term_sheet_carries_the_markets_exact_disclosure(world, market):
    campaign, _unused, _unused, _unused = world
    rows = contracted_row(market)
    plain, page = term_sheets.term_sheet(
        rows.iloc[0].to_dict() | {"name": None}, rows, campaign, None
    )
    rule = RULES.set_index("market").loc[market]
    labels = rule["labels_that_satisfy"]
    assert f"| Label (exact wording) | {labels[0]}" in plain
    for label in labels:
        assert label in plain
        assert html.escape(label, quote=False) in page
    assert rule["placement"] in plain
    assert "not legal advice" in plain
    assert "not legal advice" in page
    assert ("Not yet verified" in plain) == (rule["verified"] == "no")
    assert ("Images retouchées" in plain) == (market == "FR")
    assert "{" not in plain


def test_term_sheet_fee_in_another_currency_shows_the_dated_rate(world):
    campaign, _unused, _unused, _unused = world
    rows = contracted_row("SE", currency="SEK", agreed_fee=10_000.0, fx_rate=1 / 11.459)
    plain, _page = term_sheets.term_sheet(
        rows.iloc[0].to_dict() | {"name": "Åsa"}, rows, campaign, None
    )
    assert "SEK 10,000 (= EUR 873 at 0.0873 EUR per SEK, rate of 2024-12-31)" in plain
    assert "1. Instagram Reels × 2, each carrying the disclosure label" in plain


def test_term_sheet_html_escapes_data_text(world):
    campaign, _unused, _unused, _unused = world
    rows = contracted_row("LV", handle="@[click](javascript:alert(1))", influencer_id="<b>x</b>")
    creator_row = rows.iloc[0].to_dict() | {"name": "<script>alert('x')</script> & Co"}
    plain, page = term_sheets.term_sheet(creator_row, rows, campaign, None)
    assert "<script>" not in page
    assert 'href="javascript' not in page
    assert "&lt;script&gt;" in page
    assert "&amp; Co" in page
    assert "<script>alert('x')</script>" in plain  # the Markdown keeps the text as given
    assert outreach.file_stem("<b>x</b>", "@[click](javascript:alert(1))") == (
        "-b-x-b--click-javascript-alert-1"
    )


def test_write_term_sheets_one_per_contracted_creator(world, tmp_path):
    campaign, tables, offers, _unused = world
    contracted = negotiation.contracted_from(tables["pipeline"], offers, tables["roster"], campaign)
    table = term_sheets.write_term_sheets(
        contracted, tables["roster"], campaign, offers, tmp_path / "term-sheets"
    )
    assert table["handle"].tolist() == ["@laima", "@kadri"]
    files = sorted(p.name for p in (tmp_path / "term-sheets").iterdir())
    assert files == ["n1-laima.html", "n1-laima.md", "n2-kadri.html", "n2-kadri.md"]
    # the campaign's language (English) for the brand, and a copy in each creator's language
    theirs = sorted(p.name for p in (tmp_path / "term-sheets-for-creators").iterdir())
    assert theirs == ["n1-laima.lv.html", "n1-laima.lv.md", "n2-kadri.et.html", "n2-kadri.et.md"]
    assert table["creator_markdown"].tolist() == [
        "term-sheets-for-creators/n1-laima.lv.md",
        "term-sheets-for-creators/n2-kadri.et.md",
    ]
    assert table["language"].tolist() == ["lv", "et"]
    kadri = (tmp_path / "term-sheets" / "n2-kadri.md").read_text("utf-8")
    assert "#reklaam" in kadri
    assert "EE — Estonia" in kadri
    assert "SEK 1,000 (= EUR 87" in kadri
    assert "Kadri Tamm (@kadri)" in kadri


def test_the_quote_checks_read_the_main_deliverable_else_the_first_row():
    rows = pd.DataFrame(
        {
            "platform": ["instagram", "instagram"],
            "deliverable": ["link_in_bio", "feed_post"],  # the add-on first, the main second
            "quote_position": ["above walk-away", "opening to target"],
            "fair_fee": [40.0, 400.0],
        },
        index=[7, 3],
    )
    assert outreach.quote_below_fair_fee(rows)["fair_fee"] == 400.0  # the feed post's row
    add_on_only = rows.iloc[:1]  # no main deliverable: the first row decides
    assert outreach.quote_below_fair_fee(add_on_only) is None
    assert outreach.quote_below_fair_fee(rows.iloc[::-1].assign(deliverable="story")) is not None
