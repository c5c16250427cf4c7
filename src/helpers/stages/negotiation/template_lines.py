"""The fixed lines of the outreach templates in ``playbook/templates`` (the first message, the
follow-ups and the counter-offer), each passed through ``_`` so that they are messages of the
catalogues; placeholders stay in braces.

A draft in another language is the English template with each of these lines translated
(:func:`.documents.localise_template`), as the term sheets are (:func:`.term_sheets.
term_sheet_lines`): one template per document, so the languages cannot drift apart.
``tests/stages/negotiation/test_creator_languages.py`` checks that every line of each template
is listed here and that every creator language translates them.
"""

from __future__ import annotations

from collections.abc import Callable


def first_message_lines(_: Callable[[str], str]) -> list[str]:
    """``outreach-first-message.md``: why them, what we ask, what we offer."""
    return [
        _("**Subject:** {brand} × {creator_name}: paid collaboration, {dates}"),
        _("Hi {creator_name},"),
        _(
            "I'm {sender_name}, {sender_role} at {sender_company}. I'm getting in touch because "
            "{why_them}"
        ),
        _("**What we'd love to ask:** {deliverables}, {dates}. {product_summary}"),
        _("**What we offer:** {offer}. Usage: {usage_summary}."),
        _(
            "The post would be labelled as advertising ({disclosure_label} and the platform's "
            "paid-partnership tool). We'll send a short brief and you decide how to tell it to "
            "your audience."
        ),
        _(
            "If this sounds interesting, could you reply by {reply_by}? I'll then send the brief "
            "and a draft agreement. If the timing or terms don't work, just say so — no hard "
            "feelings, and we'd be glad to keep in touch for future projects."
        ),
        _("Best regards,"),
    ]


def follow_up_lines(_: Callable[[str], str]) -> list[str]:
    """``follow-up.md``, versions A and B (version C, a late deliverable, is for the campaign
    itself, not for outreach)."""
    return [
        _("## A. First follow-up (5–7 working days after the first message)"),
        _("**Subject:** Re: {brand} × {creator_name}"),
        _("Hi {creator_name},"),
        _(
            "Just bringing my message of {first_message_date} back to the top of your inbox: "
            "{campaign_summary}. I know inboxes get busy."
        ),
        _(
            "If it's of interest, a reply by {reply_by} would still work for our timeline. If "
            'it\'s not for you, a one-line "no thanks" is completely fine.'
        ),
        _("Best,"),
        _("## B. Closing the loop (about a week after A)"),
        _(
            "I'll assume the timing doesn't work for this one, so I won't write again about it. "
            "We really like your work and would be glad to hear from you if you'd like to "
            "collaborate on something in the future."
        ),
        _("All the best,"),
    ]


def counter_offer_lines(_: Callable[[str], str]) -> list[str]:
    """``negotiation-counter-offer.md``: the working, the offer and what we can trade."""
    return [
        _("**Subject:** Re: {brand} × {creator_name}: our proposal"),
        _("Hi {creator_name},"),
        _(
            "Thank you for the quote of {their_quote} for {deliverables}, and for being clear "
            "about it."
        ),
        _(
            "Let me share how we got to our number, so you can see where it comes from. Your "
            "recent posts reach about {expected_results} each. At a market {rate_name} of {rate} "
            "({rate_source}), that puts a post at around {fee_estimate}."
        ),
        _("**Our offer is {our_offer}**, which includes {premium_note}."),
        _(
            "We know a number is never the whole story. To get closer to your quote, we could "
            "change the deal instead of just the price:"
        ),
        _("What we can't change: {fixed_terms}."),
        _(
            "Does one of these work for you? A reply by {reply_by} would keep us on schedule. If "
            "we can't meet in the middle this time, no problem at all — we'd still love to work "
            "together on a future campaign."
        ),
        _("Best regards,"),
    ]


#: each outreach template and its lines
TEMPLATE_LINES: dict[str, Callable[[Callable[[str], str]], list[str]]] = {
    "outreach-first-message.md": first_message_lines,
    "follow-up.md": follow_up_lines,
    "negotiation-counter-offer.md": counter_offer_lines,
}
