"""Term sheets for the contracted creators (guide chapters 5.2 and 5.3): one per creator, as
Markdown and as HTML (data text escaped), with the exact disclosure labels and placement of the
creator's market, in the campaign's language and, when the creator reads another language the
project has a catalogue for, a copy in theirs (``term-sheets-for-creators/<creator>.<language>
.md``): the English template with each of its lines translated through the message catalogue,
so the languages cannot drift apart. Disclosure labels come from the reference rules and are
never translated.

A creator whom vetting excluded or flagged gets a warning box at the top of every copy, in the
campaign's language (it is for the brand, not the creator): the contracted rows'
``vetting_warning``, else the status and reasons in the run folder's ``shortlist.csv``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core import artifacts
from helpers.core.artifacts import write_text_atomically
from helpers.core.campaign import Campaign
from helpers.stages.negotiation.documents import (
    creator_language,
    deliverable_name,
    disclosure_for,
    extra_labels,
    file_stem,
    fill,
    has_words,
    localise_template,
    long_date,
    markdown_text,
    markdown_to_html,
    market_name,
    model_names,
    outreach_dates,
    platform_tools,
    read_template,
    sender_role,
    usage_rights_text,
    written_language,
)
from helpers.stages.negotiation.labels import date_text
from helpers.text.i18n import Translator, translator

# --- The values -------------------------------------------------------------------------------


__all__ = [
    "has_words",
    "localise_template",
    "term_sheet",
    "term_sheet_lines",
    "term_sheet_values",
    "vetting_box",
    "vetting_warnings",
    "write_term_sheets",
]


def term_sheet_values(
    creator: dict,
    rows: pd.DataFrame,
    campaign: Campaign,
    offers: pd.DataFrame | None,
    _: Translator | None = None,
) -> dict[str, str]:
    """The term-sheet placeholders for one contracted creator, as plain text in the language
    of ``_`` (by default the campaign's; the disclosure label, placement and rule as the
    reference table has them)."""
    _ = _ or translator(campaign.language)
    market = market_name(creator["market"], _)
    return (
        _parties_and_dates(creator, rows, campaign, market, _)
        | _fee_terms(creator, rows, campaign, offers, _)
        | _rights_and_approvals(creator, campaign, market, _)
        | _disclosure_terms(creator, _)
    )


def _parties_and_dates(
    creator: dict, rows: pd.DataFrame, campaign: Campaign, market: str, _: Translator
) -> dict[str, str]:
    """Sections 1 and 2: who signs, what is delivered and when; and who prepared it."""
    contact = campaign.negotiation.contact
    draft_due = np.busday_offset(campaign.start, -8, roll="backward").astype(date)
    start, end = long_date(campaign.start, _), long_date(campaign.end, _)
    valid_until = outreach_dates(campaign)["follow_up_by"] + timedelta(days=14)
    return {
        "campaign_name": campaign.name,
        "campaign_id": campaign.id,
        "brand_entity": _(
            "{brand} [legal entity, registration number, address]", brand=campaign.brand
        ),
        "creator_entity": _(
            "{name} ({handle}) [legal name or company, VAT number, address]",
            name=creator.get("name") or creator["handle"],
            handle=creator["handle"],
        ),
        "agent": _("none on file"),
        "market": market,
        "deliverables": _numbered_deliverables(rows, _),
        "draft_due": _("{date} (creator's local time)", date=long_date(draft_due, _)),
        "go_live_window": _(
            "{start} to {end}, local time of {market}", start=start, end=end, market=market
        ),
        "minimum_live_period": _("12 months from go-live"),
        "valid_until": long_date(valid_until, _),
        "prepared_by": f"{contact.name}, {sender_role(contact, _)}",
        "prepared_on": long_date(date.today(), _),
    }


def _numbered_deliverables(rows: pd.DataFrame, _: Translator) -> str:
    """Section 2's numbered list, one line per deliverable."""
    return "\n".join(
        _(
            "{number}. {deliverable} × {quantity}, each carrying the disclosure label, the "
            "tracked link and the brand's tag",
            number=number,
            deliverable=deliverable_name(
                row["deliverable"], row["platform"], int(row["quantity"]), _
            ),
            quantity=int(row["quantity"]),
        )
        for number, (_index, row) in enumerate(rows.iterrows(), start=1)
    )


def _fee_terms(
    creator: dict, rows: pd.DataFrame, campaign: Campaign, offers: pd.DataFrame | None, _
) -> dict[str, str]:
    """Section 3: the fee (converted when it is in another currency), the model and its cap."""
    currency = str(rows["currency"].iloc[0])
    total = float(rows["agreed_fee"].sum())
    fee = _.money(total, currency)
    if currency != campaign.currency:
        rate, rate_date = rows["fx_rate"].iloc[0], rows["rate_date"].iloc[0]
        fee += " " + _(
            "(= {converted} at {rate} {campaign_currency} per {currency}, rate of {date})",
            converted=_.money(total * rate, campaign.currency),
            rate=_.number(rate, 4),
            campaign_currency=campaign.currency,
            currency=currency,
            date=date_text(rate_date, _),
        )
    value = campaign.negotiation.product_value
    product = _("{value} worth of product", value=_.money(float(value), campaign.currency))
    return {
        "fee": fee,
        "vat_basis": _("excluding VAT"),
        **_model_terms(creator, rows, offers, currency, _),
        "product": product if value else _("none"),
    }


def _model_terms(
    creator: dict, rows: pd.DataFrame, offers: pd.DataFrame | None, currency: str, _
) -> dict[str, str]:
    """The compensation model of a planned creator, its cap and the data it is paid on; a
    creator from the pipeline has the flat fee agreed there."""
    terms = {
        "compensation_model": _("flat fee, as agreed in the pipeline"),
        "performance_cap": _("none"),
        "performance_data": _("none (flat fee)"),
    }
    if offers is None or rows["source"].iloc[0] == "pipeline":
        return terms
    planned = offers[(offers["influencer_id"] == creator["influencer_id"]) & offers["selected"]]
    if not len(planned):
        return terms
    first = planned.iloc[0]
    terms["compensation_model"] = _(
        "{model}: {terms} per unit",
        model=model_names(_)[first["compensation_model"]],
        terms=first["model_terms"],
    )
    if first["compensation_model"] not in ("flat", "gifting"):
        cap = float(planned["cost_high"].mul(planned["quantity"]).sum())
        terms["performance_cap"] = _.money(cap, currency)
        terms["performance_data"] = _(
            "the platform's insights (screenshots) and the brand's tracked links and codes"
        )
    return terms


def _rights_and_approvals(
    creator: dict, campaign: Campaign, market: str, _: Translator
) -> dict[str, str]:
    """Sections 4 to 8 and 10 to 11: usage, exclusivity, approvals, payment, reporting,
    claims and the law."""
    terms = campaign.negotiation
    exclusivity = _(
        "No posts for competing brands in the category for {days} days from go-live, in {market}",
        days=terms.exclusivity_days,
        market=market,
    )
    return {
        "usage_rights": usage_rights_text(campaign, creator["market"], _),
        "raw_footage": _("no"),
        "exclusivity": exclusivity if terms.exclusivity_days else _("none"),
        "approval_rounds": _(
            "{rounds} rounds; the brand answers within 48 hours", rounds=terms.approval_rounds
        ),
        "approval_scope": _("factual accuracy, legal claims and the disclosure label"),
        "payment_terms": _payment_terms(terms.payment_terms, _),
        "reporting": _(
            "screenshots of reach, impressions and link clicks at 24 hours and 7 days after "
            "each post"
        ),
        "make_good": _("a missed or late deliverable is reposted within the window, or not paid"),
        "claims": _(
            "only the claims approved in the brief; no health, financial or environmental "
            "claims beyond it"
        ),
        "ai_use": _("no AI-generated faces or bodies; AI editing disclosed as the market requires"),
        "cancellation": _("50% of the fee if the brand cancels after the first draft"),
        "governing_law": _("[to agree: the law and courts of one party's country]"),
    }


def _payment_terms(terms: str, _: Translator) -> str:
    """The campaign file's payment terms as written; its default in the sheet's language."""
    if terms == "50% on signature, 50% within 14 days of go-live":
        return _("50% on signature, 50% within 14 days of go-live")
    return terms


def _disclosure_terms(creator: dict, _: Translator) -> dict[str, str]:
    """Section 9: the exact label, where it goes, the platform's tool and the rule."""
    disclosure = disclosure_for(creator["market"], _)
    also = _("(also accepted: {labels})", labels=disclosure["others"])
    return {
        "disclosure_label": disclosure["label"] + (" " + also if disclosure["others"] else ""),
        "disclosure_placement": disclosure["placement"],
        "platform_tool": platform_tools(_)[creator["platform"]],
        "disclosure_rule": disclosure["rule"],
        "extra_labels": extra_labels(_).get(creator["market"], _("none")),
    }


# --- The template -----------------------------------------------------------------------------


def term_sheet_lines(_: Callable[[str], str]) -> list[str]:
    """The fixed lines of ``term-sheet.md`` (headings, table rows, notes), each passed through
    ``_`` so that they are in the message catalogue; placeholders stay in braces.

    A term sheet in another language is the English template with each of these lines
    translated (:func:`localise_template`): one template, so the two cannot drift apart.
    ``tests/stages/negotiation/test_latvian.py`` checks that every line of the template is
    listed here.
    """
    return [*_parties_and_fee_lines(_), *_rights_lines(_), *_disclosure_lines(_)]


def _parties_and_fee_lines(_: Callable[[str], str]) -> list[str]:
    """Sections 1 to 3: parties, deliverables and dates, fee and model."""
    return [
        _("# Term sheet — {campaign_name}"),
        _(
            "Campaign `{campaign_id}` · Market: {market} · Prepared by {prepared_by} on "
            "{prepared_on} · Offer valid until {valid_until}"
        ),
        _(
            "> **This term sheet is not legal advice and not a contract.** It records the "
            "commercial points agreed in principle. The signed contract prevails. Have it "
            "reviewed by a lawyer qualified in the relevant market."
        ),
        _("## 1. Parties"),
        _("| Role | Details |"),
        _("| Brand | {brand_entity} |"),
        _("| Creator | {creator_entity} |"),
        _("| Agent | {agent} |"),
        _("## 2. Deliverables and dates"),
        _("| Milestone | Date |"),
        _("| First draft due | {draft_due} |"),
        _("| Go-live window | {go_live_window} |"),
        _("| Posts stay live for | {minimum_live_period} |"),
        _("## 3. Fee and compensation model"),
        _("| Item | Terms |"),
        _("| Fee | {fee} ({vat_basis}) |"),
        _("| Model | {compensation_model} |"),
        _("| Cap on variable pay | {performance_cap} |"),
        _("| Data source for performance pay | {performance_data} |"),
        _("| Product supplied | {product} |"),
        _(
            "Gifted products are a form of payment: posts about them must be disclosed like any "
            "other paid post."
        ),
    ]


def _rights_lines(_: Callable[[str], str]) -> list[str]:
    """Sections 4 to 8: usage, exclusivity, approvals, payment and reporting."""
    return [
        _("## 4. Usage rights"),
        _("| Usage | {usage_rights} |"),
        _("| Raw footage | {raw_footage} |"),
        _("Any use beyond these terms needs a new written agreement and fee."),
        _("## 5. Exclusivity"),
        _("## 6. Approvals"),
        _("| Rounds and turnaround | {approval_rounds} |"),
        _("| What the brand may require | {approval_scope} |"),
        _(
            "Feedback comes from one brand contact, consolidated. Changes outside the approval "
            "scope are suggestions, not requirements."
        ),
        _("## 7. Payment terms"),
        _("## 8. Performance and reporting"),
        _("| Reporting | {reporting} |"),
        _("| Make-good | {make_good} |"),
        _(
            "No level of reach, engagement or sales is guaranteed unless this section says so "
            "explicitly."
        ),
    ]


def _disclosure_lines(_: Callable[[str], str]) -> list[str]:
    """Sections 9 to 11 and the signatures."""
    return [
        _("## 9. Required disclosure"),
        _("| Item | Requirement |"),
        _("| Label (exact wording) | {disclosure_label} |"),
        _("| Placement | {disclosure_placement} |"),
        _("| Platform tool | {platform_tool} |"),
        _("| Rule | {disclosure_rule} |"),
        _("| Other labels | {extra_labels} |"),
        _(
            "The creator adds the label to every sponsored post, Story and video, including "
            "those about gifted products. The brand checks each post within one hour of "
            "go-live. A missing or wrong label is corrected at once and is not a matter of taste."
        ),
        _("## 10. Claims and AI"),
        _("- **Claims:** {claims}"),
        _("- **AI and editing:** {ai_use}"),
        _("## 11. Cancellation and law"),
        _("| Cancellation | {cancellation} |"),
        _("| Governing law and jurisdiction | {governing_law} |"),
        _("## Agreed in principle"),
        _("| | Name | Signature | Date |"),
        _("| Brand | | | |"),
        _("| Creator | | | |"),
    ]


def term_sheet(
    creator: dict,
    rows: pd.DataFrame,
    campaign: Campaign,
    offers: pd.DataFrame | None,
    language: str | None = None,
) -> tuple[str, str]:
    """One creator's term sheet as (Markdown, HTML), in ``language`` (by default the
    campaign's), with the vetting warning box (``creator["vetting_warning"]``) at the top in
    the campaign's language."""
    _ = translator(language or campaign.language)
    values = term_sheet_values(creator, rows, campaign, offers, _)
    template = localise_template(read_template("term-sheet.md"), _)
    warning, brand = creator.get("vetting_warning"), translator(campaign.language)
    plain = vetting_box(warning, brand, escape=False) + fill(template, values)
    escaped = {key: markdown_text(value) for key, value in values.items()}
    escaped["deliverables"] = "\n".join(
        _numbered_item(line) for line in values["deliverables"].split("\n")
    )
    title = _("Term sheet — {handle}", handle=creator["handle"])
    page = markdown_to_html(vetting_box(warning, brand) + fill(template, escaped), title, _)
    return plain, page


def vetting_box(warning: object, _: Translator, escape: bool = True) -> str:
    """The box at the top of a term sheet for a creator vetting excluded or flagged (Markdown;
    with ``escape``, the warning made inert for the HTML page), in the language of ``_``;
    empty without a warning."""
    if not isinstance(warning, str) or not warning.strip():
        return ""
    return (
        _(
            "> **Vetting warning (for the brand, not the creator):** {warning} Read the vetting "
            "page before signing; remove this box before sending.",
            warning=markdown_text(warning) if escape else warning.strip(),
        )
        + "\n\n"
    )


def vetting_warnings(contracted: pd.DataFrame, run_folder: Path, _: Translator) -> dict[str, str]:
    """The vetting warning of each contracted creator vetting excluded or flagged, by id: the
    contracted rows' ``vetting_warning`` where it is there, else the status and reasons in the
    run folder's ``shortlist.csv`` (none when there is no shortlist): a filled field wins."""
    warnings = _shortlist_warnings(contracted, run_folder, _)
    if "vetting_warning" in contracted:
        given = contracted.dropna(subset=["vetting_warning"])
        given = given[given["vetting_warning"].astype(str).str.strip() != ""]
        warnings |= dict(
            zip(given["influencer_id"], given["vetting_warning"].astype(str), strict=True)
        )
    return warnings


def _shortlist_warnings(
    contracted: pd.DataFrame, run_folder: Path, _: Translator
) -> dict[str, str]:
    """The warnings from the run folder's ``shortlist.csv``: status and reasons."""
    path = run_folder / "shortlist.csv"
    if not path.is_file():
        return {}
    shortlist = artifacts.read_table(path, dtype=str, na_values=None)
    if not {"influencer_id", "status"} <= set(shortlist.columns):
        return {}
    reasons = shortlist["reasons"] if "reasons" in shortlist else pd.Series("", shortlist.index)
    said = {
        "excluded": lambda why: _("vetting excluded this creator ({reasons}).", reasons=why),
        "flagged": lambda why: _("vetting flagged this creator ({reasons}).", reasons=why),
    }
    contracted_ids = set(contracted["influencer_id"].astype(str))
    return {
        creator: said[status](why or _("no reason recorded"))
        for creator, status, why in zip(
            shortlist["influencer_id"], shortlist["status"], reasons, strict=True
        )
        if status in said and creator in contracted_ids
    }


def _numbered_item(line: str) -> str:
    """One line of a numbered list escaped for Markdown, its ``1.`` kept as the list marker."""
    number, dot, rest = line.partition(". ")
    if dot and number.isdigit():
        return f"{number}. {markdown_text(rest)}"
    return markdown_text(line)


def write_term_sheets(
    contracted: pd.DataFrame,
    roster: pd.DataFrame,
    campaign: Campaign,
    offers: pd.DataFrame | None,
    folder: Path,
) -> pd.DataFrame:
    """Write ``term-sheets/<creator>.md`` and ``.html`` for every contracted creator, in the
    campaign's language, and ``term-sheets-for-creators/<creator>.<language>.md`` and ``.html``
    in the creator's when it is another one with a catalogue; a creator vetting excluded or
    flagged gets the warning box on each (:func:`vetting_warnings`).

    Returns
    -------
    DataFrame
        One row per creator: ``influencer_id``, ``handle``, ``market``, ``disclosure_label``,
        ``fee``, ``markdown`` and ``html`` (paths relative to the run folder), ``language``
        (the creator's), ``creator_markdown`` and ``creator_html`` (the copy in it, or empty)
        and ``vetting_warning`` (or empty).
    """
    folder.mkdir(parents=True, exist_ok=True)
    _ = translator(campaign.language)
    roster = roster.set_index("influencer_id")
    warnings = vetting_warnings(contracted, folder.parent, _)
    written = []
    for influencer_id, rows in contracted.groupby("influencer_id", sort=True):
        known = roster.loc[influencer_id] if influencer_id in roster.index else pd.Series()
        creator = rows.iloc[0].to_dict() | {
            "name": known.get("name"),
            "language": known.get("language"),
            "vetting_warning": warnings.get(str(influencer_id), ""),
        }
        stem = file_stem(influencer_id, creator["handle"])
        files = _write_copies(creator, rows, campaign, offers, folder, stem)
        written.append(
            {
                "influencer_id": influencer_id,
                "handle": creator["handle"],
                "market": creator["market"],
                "disclosure_label": disclosure_for(creator["market"])["label"],
                "fee": _.money(float(rows["agreed_fee"].sum()), str(rows["currency"].iloc[0])),
                **files,
                "vetting_warning": creator["vetting_warning"],
            }
        )
    return pd.DataFrame(written, columns=TERM_SHEET_COLUMNS)


TERM_SHEET_COLUMNS = [
    "influencer_id", "handle", "market", "disclosure_label", "fee", "markdown", "html",
    "language", "creator_markdown", "creator_html", "vetting_warning",
]  # fmt: skip


def _write_copies(
    creator: dict,
    rows: pd.DataFrame,
    campaign: Campaign,
    offers: pd.DataFrame | None,
    folder: Path,
    stem: str,
) -> dict[str, str]:
    """Write the campaign-language copy into ``folder`` and, when the creator reads another
    language with a catalogue, the copy in theirs into ``<folder>-for-creators/`` as
    ``<stem>.<language>.md``; return their paths relative to the run folder."""
    language = written_language(creator_language(creator))
    files = {"language": creator_language(creator), "creator_markdown": "", "creator_html": ""}
    theirs = folder.with_name(f"{folder.name}-for-creators")
    copies = [(folder, "", None, "")]
    if language != campaign.language:
        copies.append((theirs, f".{language}", language, "creator_"))
    for where, suffix, words, key in copies:
        where.mkdir(parents=True, exist_ok=True)
        plain, page = term_sheet(creator, rows, campaign, offers, words)
        write_text_atomically(where / f"{stem}{suffix}.md", plain)
        write_text_atomically(where / f"{stem}{suffix}.html", page)
        files[f"{key}markdown"] = f"{where.name}/{stem}{suffix}.md"
        files[f"{key}html"] = f"{where.name}/{stem}{suffix}.html"
    return files
