"""Outreach to the creators in the plan, from the templates in ``playbook/templates`` (guide
chapter 4.1): a first message in English and, when a template exists in the creator's language
(``outreach-first-message.lv.md``), in that language too, followed by the two follow-ups and,
when the creator's quote is above our target, a counter-offer.

The drafts to creators are in the creator's language whatever the campaign's; the campaign's
language decides the headings of each outreach file. The template helpers and the words the
drafts share with the term sheets are in :mod:`.documents` (and importable from here); the term
sheets are in :mod:`.term_sheets`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from helpers.core.artifacts import write_text_atomically
from helpers.core.campaign import Campaign
from helpers.stages.negotiation.documents import (
    ENGLISH,
    PLATFORM_NAMES,
    TEMPLATES_DIR,
    deliverable_name,
    deliverables_text,
    deliverables_text_lv,
    disclosure_for,
    file_stem,
    fill,
    first_name,
    latvian_count,
    latvian_date,
    latvian_vocative,
    long_date,
    markdown_text,
    markdown_to_html,
    market_name,
    model_names,
    offered_models,
    outreach_dates,
    read_template,
    usage_text,
    usage_text_lv,
)
from helpers.stages.negotiation.labels import MAIN_DELIVERABLE
from helpers.text import labels
from helpers.text.i18n import Translator, translator

__all__ = [
    "FIRST_MESSAGES",
    "TRANSLATED_FIRST_MESSAGES",
    "PLATFORM_NAMES",
    "counter_offer",
    "deliverable_name",
    "deliverables_text",
    "disclosure_for",
    "file_stem",
    "first_message",
    "follow_ups",
    "latvian_count",
    "latvian_vocative",
    "markdown_text",
    "markdown_to_html",
    "model_names",
    "offer_text",
    "outreach_language",
    "outreach_pack",
    "read_template",
    "why_them",
    "why_them_lv",
    "write_outreach",
]


# --- First messages, follow-ups and counter-offers ------------------------------------------


def why_them(creator: pd.Series, posts: pd.DataFrame | None, campaign: Campaign) -> str:
    """A specific reason, from the creator's own best recent post and audience fit."""
    best = _best_post(creator["influencer_id"], posts)
    reasons = []
    if creator.get("past_collaborations", 0) > 0:
        reasons.append("we enjoyed working with you before")
    if best is not None:
        what = labels.deliverables(ENGLISH).get(best["format"], "post")
        reasons.append(
            f"your {what} of {long_date(best['posted_at'])} drew {int(best['likes']):,} likes "
            f"and {int(best['comments']):,} comments"
        )
    fit = creator.get("audience_fit")
    if pd.notna(fit) and not creator.get("audience_fit_assumed", False):
        reasons.append(f"your audience fits ours ({fit:.0%} match on our audience plan)")
    if not reasons:
        return "your content fits our audience. [Name a specific post of theirs here.]"
    text = reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]
    return text + "."


def why_them_lv(creator: pd.Series, posts: pd.DataFrame | None) -> str:
    """The same reason in Latvian (a clause after "jo")."""
    best = _best_post(creator["influencer_id"], posts)
    reasons = []
    if creator.get("past_collaborations", 0) > 0:
        reasons.append("mums patika mūsu iepriekšējā sadarbība")
    if best is not None:
        likes = latvian_count(int(best["likes"]), "„patīk” atzīmi", "„patīk” atzīmes")
        comments = latvian_count(int(best["comments"]), "komentāru", "komentārus")
        reasons.append(
            f"Jūsu {latvian_date(best['posted_at'])} publicētais saturs saņēma {likes} un "
            f"{comments}"
        )
    if not reasons:
        return "Jūsu saturs atbilst mūsu auditorijai. [Minēt konkrētu ierakstu.]"
    return ", un ".join(reasons) + ", un Jūsu auditorija ir tieši tā, ko vēlamies uzrunāt."


def _best_post(influencer_id: str, posts: pd.DataFrame | None) -> pd.Series | None:
    """The creator's most engaging recent post that was not an ad."""
    if posts is None or posts.empty:
        return None
    own = posts[(posts["influencer_id"] == influencer_id) & (posts["is_sponsored"] != 1)]
    if own.empty:
        return None
    best = own.loc[(own["likes"] + own["comments"]).idxmax()].copy()
    best["posted_at"] = pd.Timestamp(best["posted_at"]).date()
    return best


def offer_text(rows: pd.DataFrame, campaign: Campaign, _: Translator = ENGLISH) -> str:
    """The fee range we offer (opening to target, never the walk-away point) and the model, in
    the language of the draft (``_``)."""
    currency = campaign.currency
    units = rows["quantity"].astype(float)
    low = float((rows["opening_offer"] * units).sum())
    high = float((rows["target_fee"] * units).sum())
    model = str(rows["compensation_model"].iloc[0])
    if model == "gifting":
        value = _.number(float(campaign.negotiation.product_value))
        return _("the product (worth {currency} {value}) as a gift", currency=currency, value=value)
    fee = _(
        "a fee in the {currency} {low}–{high} range, depending on usage",
        currency=currency,
        low=_.number(low),
        high=_.number(high),
    )
    return offered_models(_)[model].format(fee=fee) if model in offered_models(_) else fee


def first_message(
    creator: pd.Series,
    rows: pd.DataFrame,
    campaign: Campaign,
    posts: pd.DataFrame | None,
    _: Translator = ENGLISH,
    markdown: bool = False,
) -> str:
    """The filled first message to one creator, in the language of ``_`` (English, or a
    language of :data:`FIRST_MESSAGES`: its template and its values are picked by the
    language's code).

    With ``markdown``, every value is escaped with :func:`markdown_text` before it is filled
    in, for showing the message as Markdown on a report page: the template's own formatting
    (the bold headings) works, and a name or handle from data stays text. The message to send
    (the outreach file) keeps the values as written.
    """
    contact = campaign.negotiation.contact
    common = {
        "brand": campaign.brand,
        "sender_name": contact.name,
        "sender_company": contact.company or campaign.brand,
        "sender_email": contact.email,
        "disclosure_label": disclosure_for(creator["market"])["label"],
    }
    template, values = FIRST_MESSAGES[_.language]
    filled = common | values(creator, rows, campaign, posts)
    return fill(read_template(template), _shown(filled, markdown))


def _english_values(creator, rows, campaign: Campaign, posts) -> dict[str, object]:
    """The English first message's own values."""
    return {
        "creator_name": first_name(creator.get("name"), creator["handle"]),
        "sender_role": campaign.negotiation.contact.role,
        "why_them": why_them(creator, posts, campaign),
        "product_summary": f"It is for {campaign.name}.",
        "deliverables": deliverables_text(rows),
        "dates": f"live between {long_date(campaign.start)} and {long_date(campaign.end)}",
        "offer": offer_text(rows, campaign),
        "usage_summary": usage_text(campaign),
        "reply_by": long_date(outreach_dates(campaign)["reply_by"]),
    }


def _latvian_values(creator, rows, campaign: Campaign, posts) -> dict[str, object]:
    """The Latvian first message's own values (the greeting in the vocative)."""
    start, end = latvian_date(campaign.start), latvian_date(campaign.end)
    return {
        "creator_name": latvian_vocative(first_name(creator.get("name"), creator["handle"])),
        "sender_role": campaign.negotiation.contact.role_lv,
        "why_them": why_them_lv(creator, posts),
        "product_summary": f"Kampaņa: {campaign.name}.",
        "deliverables": deliverables_text_lv(rows),
        "dates": f"publicēšana no {start} līdz {end}",
        "offer": offer_text(rows, campaign, translator("lv")),
        "usage_summary": usage_text_lv(campaign),
        "reply_by": latvian_date(outreach_dates(campaign)["reply_by"]),
    }


#: the first messages besides the English one: template and values, by language code
TRANSLATED_FIRST_MESSAGES: dict[str, tuple[str, Callable[..., dict[str, object]]]] = {
    "lv": ("outreach-first-message.lv.md", _latvian_values),
}
#: every first message (the English one is always written), by the language code of the draft
FIRST_MESSAGES = {"en": ("outreach-first-message.md", _english_values)} | TRANSLATED_FIRST_MESSAGES


def _shown(values: dict[str, object], markdown: bool) -> dict[str, object]:
    """Template values as they are, or each escaped for Markdown (:func:`markdown_text`)."""
    return {key: markdown_text(value) for key, value in values.items()} if markdown else values


def follow_ups(creator: pd.Series, rows: pd.DataFrame, campaign: Campaign) -> str:
    """Follow-ups A (after 5-7 working days) and B (closing the loop) of ``follow-up.md``."""
    contact = campaign.negotiation.contact
    dates = outreach_dates(campaign)
    values = {
        "creator_name": first_name(creator.get("name"), creator["handle"]),
        "brand": campaign.brand,
        "sender_name": contact.name,
        "sender_email": contact.email,
        "first_message_date": long_date(dates["sent"]),
        "campaign_summary": f"{deliverables_text(rows)} for {campaign.name}",
        "reply_by": long_date(dates["follow_up_by"]),
        # version C (a late deliverable) is for the campaign itself, not for outreach
        "deliverable": "[the late item]",
        "due_date": "[the agreed date]",
        "new_date": "[the latest date that keeps go-live on time]",
        "go_live_date": "[the agreed go-live date]",
    }
    text = fill(read_template("follow-up.md"), values)
    return text.split("## C.")[0].rstrip() + "\n"


def counter_offer(creator: pd.Series, rows: pd.DataFrame, campaign: Campaign) -> str | None:
    """A counter-offer when the creator's quote (with our terms) is above our target."""
    main = rows[rows["deliverable"] == MAIN_DELIVERABLE.get(creator["platform"])]
    row = (main if len(main) else rows).iloc[0]
    if row["quote_position"] not in ("target to walk-away", "above walk-away"):
        return None
    currency = campaign.currency
    contact = campaign.negotiation.contact
    label = disclosure_for(creator["market"])["label"]
    quote = f"{row['quote_currency']} {row['quoted_fee']:,.0f}"
    if row["quote_currency"] != currency:
        quote += (
            f" ({ENGLISH.money(row['quote_converted'], currency)} at {row['fx_rate']:.4f} on "
            f"{row['rate_date']})"
        )
    if row["fee_basis"] == "cpm":
        results = f"{row['expected_impressions']:,.0f} real impressions"
        rate_name, rate, source = "CPM", row["cpm"], row["cpm_source"]
    else:
        results = f"{row['expected_engagements']:,.0f} engagements"
        rate_name, rate, source = "CPE", row["cpe"], row["cpe_source"]
    terms = campaign.negotiation
    trades = ["- a second post at a package price"]
    if terms.usage_months:
        trades.insert(0, f"- fewer months of usage (we asked for {terms.usage_months})")
    if terms.exclusivity_days:
        trades.insert(0, f"- a shorter exclusivity (we asked for {terms.exclusivity_days} days)")
    trades.append("- a longer timeline, or one feedback round fewer")
    values = {
        "creator_name": first_name(creator.get("name"), creator["handle"]),
        "brand": campaign.brand,
        "sender_name": contact.name,
        "sender_email": contact.email,
        "deliverables": f"one {labels.deliverables(ENGLISH)[row['deliverable']]}",
        "their_quote": quote,
        "expected_results": results,
        "rate_name": rate_name,
        "rate": f"{currency} {rate:,.2f}",
        "rate_source": source,
        "fee_estimate": f"{currency} {row['opening_offer']:,.0f}–{row['target_fee']:,.0f}",
        "our_offer": f"{ENGLISH.money(row['target_fee'], currency)} excluding VAT",
        "premium_note": usage_text(campaign),
        "trade_options": "\n".join(trades),
        "fixed_terms": (
            f"the disclosure label ({label}) and the go-live window "
            f"({long_date(campaign.start)} to {long_date(campaign.end)})"
        ),
        "reply_by": long_date(outreach_dates(campaign)["follow_up_by"]),
    }
    return fill(read_template("negotiation-counter-offer.md"), values)


def outreach_language(creator: pd.Series) -> str | None:
    """The creator's language when a first-message template exists in it (besides English)."""
    language = creator.get("language")
    if not isinstance(language, str) or language not in TRANSLATED_FIRST_MESSAGES:
        return None
    return language if (TEMPLATES_DIR / FIRST_MESSAGES[language][0]).is_file() else None


def outreach_pack(
    creator: pd.Series, rows: pd.DataFrame, campaign: Campaign, posts: pd.DataFrame | None
) -> str:
    """Everything to send one creator, as one Markdown file: first message(s), follow-ups and
    a counter-offer when their quote is above target. The drafts are in the creator's
    languages; the headings and the note around them in the campaign's."""
    _ = translator(campaign.language)
    dates = outreach_dates(campaign)
    parts = [
        _(
            "# Outreach: {handle} ({market})",
            handle=creator["handle"],
            market=market_name(creator["market"], _),
        ),
        "",
        _(
            "Send the first message on {date}, follow up after five to seven working days, then "
            "close the loop a week later. Generated draft: check the name, the tone and every "
            "fact before sending.",
            date=long_date(dates["sent"], _),
        ),
        "",
        _("## First message (English)"),
        "",
        first_message(creator, rows, campaign, posts),
    ]
    language = outreach_language(creator)
    if language:
        parts += [
            _("## First message ({language})", language=language),
            "",
            first_message(creator, rows, campaign, posts, translator(language)),
        ]
    parts += [_("# Follow-ups"), "", follow_ups(creator, rows, campaign)]
    counter = counter_offer(creator, rows, campaign)
    if counter:
        parts += [_("# Counter-offer (their quote is above our target)"), "", counter]
    return "\n".join(parts)


def write_outreach(
    offers: pd.DataFrame,
    creators: pd.DataFrame,
    campaign: Campaign,
    posts: pd.DataFrame | None,
    folder: Path,
) -> pd.DataFrame:
    """Write ``outreach/<creator>.md`` for every creator in the plan, rehires first.

    Returns
    -------
    DataFrame
        One row per creator: ``influencer_id``, ``handle``, ``market``, ``languages``,
        ``counter_offer`` (bool), ``rehire`` (past collaborations), ``file``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    planned = offers[offers["selected"]]
    info = creators.set_index("influencer_id")
    written = []
    for influencer_id, rows in planned.groupby("influencer_id", sort=False):
        creator = info.loc[influencer_id].copy()
        creator["influencer_id"] = influencer_id
        text = outreach_pack(creator, rows, campaign, posts)
        path = folder / f"{file_stem(influencer_id, creator['handle'])}.md"
        write_text_atomically(path, text)
        language = outreach_language(creator)
        written.append(
            {
                "influencer_id": influencer_id,
                "handle": creator["handle"],
                "market": creator["market"],
                "languages": "en" + (f", {language}" if language else ""),
                "counter_offer": counter_offer(creator, rows, campaign) is not None,
                "rehire": int(creator.get("past_collaborations", 0) or 0),
                "file": f"{folder.name}/{path.name}",
            }
        )
    table = pd.DataFrame(
        written,
        columns=["influencer_id", "handle", "market", "languages", "counter_offer", "rehire",
                 "file"],
    )  # fmt: skip
    return table.sort_values(["rehire", "handle"], ascending=[False, True], ignore_index=True)
