"""Outreach to the creators in the plan, from the templates in ``playbook/templates`` (guide
chapter 4.1): a first message, the two follow-ups and, when the creator's quote is above our
target, a counter-offer, each in the creator's language.

The creator's language is the roster's ``language`` column, else the main language of their
market (:func:`.documents.creator_language`). A draft in it is the English template with each
line translated through the message catalogue (``locale/<language>/LC_MESSAGES/outreach.po``,
lines in :mod:`.template_lines`), and every value is worded, and every sum and date formatted,
by that language's :class:`~helpers.text.i18n.Translator`. A creator whose language has no
catalogue gets English, and the file says so. The first message is also always written in
English, for the marketer to check; the campaign's language decides the headings and notes
around the drafts.

The template helpers and the words the drafts share with the term sheets are in
:mod:`.documents` (and importable from here); the term sheets are in :mod:`.term_sheets`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from babel import Locale

from helpers.core.artifacts import write_text_atomically
from helpers.core.campaign import Campaign
from helpers.stages.negotiation.documents import (
    ENGLISH,
    PLATFORM_NAMES,
    creator_language,
    deliverable_name,
    deliverables_text,
    disclosure_for,
    file_stem,
    fill,
    greeting_name,
    latvian_vocative,
    listed,
    localise_template,
    long_date,
    markdown_text,
    markdown_to_html,
    market_name,
    model_names,
    offered_models,
    outreach_dates,
    read_template,
    sender_role,
    usage_text,
    written_language,
)
from helpers.stages.negotiation.labels import MAIN_DELIVERABLE
from helpers.stages.negotiation.quotes import fee_evidence
from helpers.text import labels
from helpers.text.i18n import Translator, translator

__all__ = [
    "PLATFORM_NAMES",
    "counter_offer",
    "creator_language",
    "deliverable_name",
    "deliverables_text",
    "disclosure_for",
    "file_stem",
    "first_message",
    "follow_ups",
    "language_name",
    "latvian_vocative",
    "markdown_text",
    "markdown_to_html",
    "model_names",
    "negotiation_script",
    "offer_text",
    "outreach_language",
    "outreach_pack",
    "quote_below_fair_fee",
    "read_template",
    "untranslated_note",
    "why_them",
    "write_outreach",
]

#: where a usable quote sits at or below the fair fee (the target): the draft accepts it
AT_OR_BELOW_FAIR_FEE = ("below our opening", "opening to target")


# --- The creator's language -----------------------------------------------------------------


def outreach_language(creator: pd.Series | dict) -> str:
    """The language the drafts to a creator are written in: theirs when the project ships a
    catalogue for it, else English (``en``)."""
    return written_language(creator_language(creator))


def language_name(code: str, _: Translator) -> str:
    """A language's name in the language of ``_`` (``Estonian``, ``igauņu``), from Babel."""
    return Locale.parse(_.locale).languages.get(code, code)


# --- First messages, follow-ups and counter-offers ------------------------------------------


def why_them(
    creator: pd.Series, posts: pd.DataFrame | None, campaign: Campaign, _: Translator = ENGLISH
) -> str:
    """A specific reason, from the creator's own best recent post and audience fit: a clause
    that follows "because", in the language of ``_``."""
    best = _best_post(creator["influencer_id"], posts)
    reasons = []
    if creator.get("past_collaborations", 0) > 0:
        reasons.append(_("we enjoyed working with you before"))
    if best is not None:
        reasons.append(
            _(
                "your {deliverable} of {date} drew {likes} likes and {comments} comments",
                deliverable=labels.deliverables(_).get(best["format"], _("post")),
                date=long_date(best["posted_at"], _),
                likes=_.number(int(best["likes"])),
                comments=_.number(int(best["comments"])),
            )
        )
    fit = creator.get("audience_fit")
    if pd.notna(fit) and not creator.get("audience_fit_assumed", False):
        reasons.append(
            _("your audience fits ours ({fit} match on our audience plan)", fit=_.percent(fit, 0))
        )
    if not reasons:
        return _("your content fits our audience. [Name a specific post of theirs here.]")
    return listed(reasons, _) + "."


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


def _offered_range(rows: pd.DataFrame) -> tuple[float, float, bool]:
    """The fees a first message offers, summed over the deliverables: (low, high, accepted).

    Opening to target, never the walk-away point; where the creator's quote (with our terms)
    is at or below the fair fee, the quote itself: we never open above what they asked, and
    the fair fee is the ceiling, not the opening. ``accepted`` is True when every deliverable
    is offered at the creator's quote."""
    units = rows["quantity"].astype(float)
    quote = rows["quote_with_terms"] if "quote_with_terms" in rows else pd.Series(float("nan"))
    quote = quote.reindex(rows.index)
    accept = quote.notna() & (quote <= rows["target_fee"])
    low = rows["opening_offer"].where(~accept, quote)
    high = rows["target_fee"].where(~accept, quote)
    return float((low * units).sum()), float((high * units).sum()), bool(accept.all())


def offer_text(rows: pd.DataFrame, campaign: Campaign, _: Translator = ENGLISH) -> str:
    """The fee we offer and the model, in the language of the draft (``_``): the range from
    opening to target, or the creator's own quote where it is at or below the fair fee."""
    currency = campaign.currency
    model = str(rows["compensation_model"].iloc[0])
    if model == "gifting":
        value = _.number(float(campaign.negotiation.product_value))
        return _("the product (worth {currency} {value}) as a gift", currency=currency, value=value)
    low, high, accepted = _offered_range(rows)
    if accepted:
        fee = _(
            "a fee of {currency} {fee}, in line with your quote",
            currency=currency,
            fee=_.number(high),
        )
    else:
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
    """The filled first message to one creator, in the language of ``_`` (the English
    template, each line through the catalogue, every value worded by ``_``).

    With ``markdown``, every value is escaped with :func:`markdown_text` before it is filled
    in, for showing the message as Markdown on a report page: the template's own formatting
    (the bold headings) works, and a name or handle from data stays text. The message to send
    (the outreach file) keeps the values as written.
    """
    contact = campaign.negotiation.contact
    values = {
        "brand": campaign.brand,
        "creator_name": greeting_name(creator, _),
        "sender_name": contact.name,
        "sender_role": sender_role(contact, _),
        "sender_company": contact.company or campaign.brand,
        "sender_email": contact.email,
        "why_them": why_them(creator, posts, campaign, _),
        "product_summary": _("It is for {campaign}.", campaign=campaign.name),
        "deliverables": deliverables_text(rows, _),
        "dates": _(
            "live between {start} and {end}",
            start=long_date(campaign.start, _),
            end=long_date(campaign.end, _),
        ),
        "offer": offer_text(rows, campaign, _),
        "usage_summary": usage_text(campaign, _),
        "disclosure_label": disclosure_for(creator["market"])["label"],
        "reply_by": long_date(outreach_dates(campaign)["reply_by"], _),
    }
    template = localise_template(read_template("outreach-first-message.md"), _)
    return fill(template, _shown(values, markdown))


def _shown(values: dict[str, object], markdown: bool) -> dict[str, object]:
    """Template values as they are, or each escaped for Markdown (:func:`markdown_text`)."""
    return {key: markdown_text(value) for key, value in values.items()} if markdown else values


def follow_ups(
    creator: pd.Series, rows: pd.DataFrame, campaign: Campaign, _: Translator = ENGLISH
) -> str:
    """Follow-ups A (after 5-7 working days) and B (closing the loop) of ``follow-up.md``, in
    the language of ``_`` (version C, a late deliverable, is for the campaign itself)."""
    contact = campaign.negotiation.contact
    dates = outreach_dates(campaign)
    values = {
        "creator_name": greeting_name(creator, _),
        "brand": campaign.brand,
        "sender_name": contact.name,
        "sender_email": contact.email,
        "first_message_date": long_date(dates["sent"], _),
        "campaign_summary": _(
            "{deliverables} for {campaign}",
            deliverables=deliverables_text(rows, _),
            campaign=campaign.name,
        ),
        "reply_by": long_date(dates["follow_up_by"], _),
    }
    template = read_template("follow-up.md").split("## C.")[0].rstrip() + "\n"
    return fill(localise_template(template, _), values)


def counter_offer(
    creator: pd.Series, rows: pd.DataFrame, campaign: Campaign, _: Translator = ENGLISH
) -> str | None:
    """A counter-offer when the creator's quote (with our terms) is above our target, in the
    language of ``_``; None otherwise."""
    first = _first_main(rows, rows["deliverable"] == MAIN_DELIVERABLE.get(creator["platform"]))
    if rows["quote_position"].iloc[first] not in ("target to walk-away", "above walk-away"):
        return None  # read from the column: a row of the wide offers is dear to build
    row = rows.iloc[first]
    currency = campaign.currency
    contact = campaign.negotiation.contact
    values = {
        "creator_name": greeting_name(creator, _),
        "brand": campaign.brand,
        "sender_name": contact.name,
        "sender_email": contact.email,
        "deliverables": _(
            "one {deliverable}", deliverable=labels.deliverables(_)[row["deliverable"]]
        ),
        "their_quote": _their_quote(row, currency, _),
        **_counter_working(row, currency, _),
        "fee_estimate": _.money(row["opening_offer"], currency)
        + "–"
        + _.money(row["target_fee"], currency),
        "our_offer": _("{fee} excluding VAT", fee=_.money(row["target_fee"], currency)),
        "premium_note": usage_text(campaign, _),
        "trade_options": "\n".join(_trade_options(campaign, _)),
        "fixed_terms": _(
            "the disclosure label ({label}) and the go-live window ({start} to {end})",
            label=disclosure_for(creator["market"])["label"],
            start=long_date(campaign.start, _),
            end=long_date(campaign.end, _),
        ),
        "reply_by": long_date(outreach_dates(campaign)["follow_up_by"], _),
    }
    template = localise_template(read_template("negotiation-counter-offer.md"), _)
    return fill(template, values)


def _their_quote(row: pd.Series, currency: str, _: Translator) -> str:
    """The quote as given, and converted at the dated rate when it is in another currency."""
    quote = _.money(row["quoted_fee"], row["quote_currency"])
    if row["quote_currency"] == currency:
        return quote
    return (
        quote
        + " "
        + _(
            "({converted} at {rate} on {date})",
            converted=_.money(row["quote_converted"], currency),
            rate=_.number(row["fx_rate"], 4),
            date=_.date(row["rate_date"]),
        )
    )


def _counter_working(row: pd.Series, currency: str, _: Translator) -> dict[str, str]:
    """The expected results, the benchmark and its source behind our number."""
    if row["fee_basis"] == "cpm":
        results = _("{count} real impressions", count=_.number(row["expected_impressions"]))
        rate_name, rate, source = "CPM", row["cpm"], row["cpm_source"]
    else:
        results = _("{count} engagements", count=_.number(row["expected_engagements"]))
        rate_name, rate, source = "CPE", row["cpe"], row["cpe_source"]
    return {
        "expected_results": results,
        "rate_name": rate_name,
        "rate": _.money(rate, currency, 2),
        "rate_source": source,
    }


def _trade_options(campaign: Campaign, _: Translator) -> list[str]:
    """What we can change instead of the price, as list lines."""
    terms = campaign.negotiation
    trades = []
    if terms.exclusivity_days:
        trades.append(
            _(
                "- a shorter exclusivity (we asked for {days} days)",
                days=terms.exclusivity_days,
            )
        )
    if terms.usage_months:
        trades.append(
            _("- fewer months of usage (we asked for {months})", months=terms.usage_months)
        )
    trades.append(_("- a second post at a package price"))
    trades.append(_("- a longer timeline, or one feedback round fewer"))
    return trades


# --- What to say, and what the page notes ---------------------------------------------------


def quote_below_fair_fee(rows: pd.DataFrame) -> pd.Series | None:
    """The main deliverable's row when the creator's quote (with our terms) is at or below
    the fair fee, else None."""
    if "quote_position" not in rows:
        return None
    first = _first_main(rows, rows["deliverable"] == rows["platform"].map(MAIN_DELIVERABLE))
    at_or_below = rows["quote_position"].iloc[first] in AT_OR_BELOW_FAIR_FEE
    return rows.iloc[first] if at_or_below else None  # the row only when it is needed


def _first_main(rows: pd.DataFrame, main: pd.Series) -> int:
    """The position of the creator's first main-deliverable row (``main`` marks them), or of
    their first row when none is; found on the column, the wide rows are not copied."""
    marked = main.to_numpy(dtype=bool, na_value=False)
    return int(marked.argmax()) if marked.any() else 0


def negotiation_script(row: pd.Series | dict, currency: str, _: Translator) -> str:
    """What a junior marketer can say out loud about one offer, never opening above the
    creator's own quote: where the quote (with our terms) is at or below the fair fee, accept
    it and say that it is below the fair fee (the fair fee is then the ceiling, not the
    opening); otherwise the range's own script (``say_it`` of
    :func:`.quotes.negotiation_ranges`)."""
    if row.get("quote_position") not in AT_OR_BELOW_FAIR_FEE or not pd.notna(row["fair_fee"]):
        return str(row.get("say_it") or "")
    evidence = fee_evidence(row, currency, _)
    return _(
        "{evidence}, with the terms we ask, that is about {target}. Their quote ({quote} with "
        "our terms) is below that fair fee: accept it as it is and do not open higher; the fair "
        "fee is the ceiling, not the opening. Check the quote covers the usage and exclusivity "
        "we ask.",
        evidence=evidence,
        target=_.money(row["target_fee"], currency),
        quote=_.money(row["quote_with_terms"], currency),
    )


def untranslated_note(language: str, _: Translator) -> str:
    """The note that a creator's language has no template, so their drafts are in English."""
    return _(
        "No template in the creator's language ({language}) yet: the drafts are in English. "
        "Add a catalogue under src/helpers/text/locale/{code}/ to write to them in it.",
        language=language_name(language, _),
        code=language,
    )


def outreach_pack(
    creator: pd.Series, rows: pd.DataFrame, campaign: Campaign, posts: pd.DataFrame | None
) -> str:
    """Everything to send one creator, as one Markdown file: the first message (in English and
    in the creator's language), the follow-ups and a counter-offer when their quote is above
    target, in the creator's language. The headings and the notes around the drafts are in
    the campaign's language: a vetting warning first (``vetting_warning``, when vetting
    excluded or flagged the creator), whether their quote is below the fair fee, and whether
    their language has no template."""
    _ = translator(campaign.language)
    wanted = creator_language(creator)
    language = written_language(wanted)
    words = translator(language)
    parts = [
        _(
            "# Outreach: {handle} ({market})",
            handle=creator["handle"],
            market=market_name(creator["market"], _),
        ),
        "",
        *_notes(creator, rows, campaign, wanted, _),
        _("## First message (English)"),
        "",
        first_message(creator, rows, campaign, posts),
    ]
    if language != "en":
        parts += [
            _("## First message ({language})", language=language),
            "",
            first_message(creator, rows, campaign, posts, words),
        ]
    parts += [_("# Follow-ups"), "", follow_ups(creator, rows, campaign, words)]
    counter = counter_offer(creator, rows, campaign, words)
    if counter:
        parts += [_("# Counter-offer (their quote is above our target)"), "", counter]
    return "\n".join(parts)


def _notes(
    creator: pd.Series, rows: pd.DataFrame, campaign: Campaign, wanted: str, _: Translator
) -> list[str]:
    """The paragraphs above the drafts, for the marketer (campaign's language)."""
    dates = outreach_dates(campaign)
    notes = []
    warning = creator.get("vetting_warning")
    if isinstance(warning, str) and warning.strip():
        notes.append(
            _(
                "> **Do not send before reading this. Vetting:** {warning}",
                warning=markdown_text(warning),
            )
        )
    notes.append(
        _(
            "Send the first message on {date}, follow up after five to seven working days, then "
            "close the loop a week later. Generated draft: check the name, the tone and every "
            "fact before sending.",
            date=long_date(dates["sent"], _),
        )
    )
    below = quote_below_fair_fee(rows)
    if below is not None:
        notes.append(
            _(
                "Their quote ({quote} with our terms) is below the fair fee ({fair}): the draft "
                "accepts it; the fair fee is the ceiling, not the opening.",
                quote=_.money(below["quote_with_terms"], campaign.currency),
                fair=_.money(below["fair_fee"], campaign.currency),
            )
        )
    if written_language(wanted) != wanted:
        notes.append(untranslated_note(wanted, _))
    return [line for note in notes for line in (note, "")]


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
        One row per creator: ``influencer_id``, ``handle``, ``market``, ``language`` (the
        creator's), ``written_in`` (the drafts' language: theirs, or English when it has no
        template), ``languages`` (of the first messages, e.g. ``en, et``), ``counter_offer``
        (bool), ``quote_below_fair_fee`` (bool: the draft accepts the quote), ``rehire`` (past
        collaborations), ``file``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    planned = offers[offers["selected"]]
    info = creators.set_index("influencer_id")
    if posts is not None:  # each draft looks for its creator's best post: the planned ones'
        posts = posts[posts["influencer_id"].isin(planned["influencer_id"])]
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
                "language": creator_language(creator),
                "written_in": language,
                "languages": "en" + (f", {language}" if language != "en" else ""),
                "counter_offer": counter_offer(creator, rows, campaign) is not None,
                "quote_below_fair_fee": quote_below_fair_fee(rows) is not None,
                "rehire": int(creator.get("past_collaborations", 0) or 0),
                "file": f"{folder.name}/{path.name}",
            }
        )
    table = pd.DataFrame(written, columns=OUTREACH_COLUMNS)
    return table.sort_values(["rehire", "handle"], ascending=[False, True], ignore_index=True)


OUTREACH_COLUMNS = [
    "influencer_id", "handle", "market", "language", "written_in", "languages", "counter_offer",
    "quote_below_fair_fee", "rehire", "file",
]  # fmt: skip


def languages_note(written: pd.DataFrame, _: Translator) -> str:
    """For the page: which creators get drafts in their own language, and which get English
    because their language has no template yet (empty when there is no draft)."""
    if written.empty:
        return ""
    own = written[written["written_in"] == written["language"]]
    text = _(
        "{count} of {total} creators get their drafts in their own language.",
        count=_.number(len(own)),
        total=_.number(len(written)),
    )
    english = written[written["written_in"] != written["language"]]
    for language, group in english.groupby("language"):
        text += " " + _(
            "No template in {language} yet, so these get English: {handles}.",
            language=language_name(language, _),
            handles=", ".join(group["handle"]),
        )
    return text
