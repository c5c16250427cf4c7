"""One vocabulary for everything a report names: table headings, deliverables, compensation
models, pipeline stages and approval steps, in the campaign's language.

Each function takes the translator (``_ = translator(campaign.language)``) and returns a
mapping from the machine value the artifacts hold (``feed_post``, ``contracted``) to the words a
marketer reads. A table's headings come from :func:`headings`, so a notebook never writes
``"market": _("market")``; it names only the headings that say more than the column's name.
"""

from __future__ import annotations

from helpers.text.i18n import Translator


def headings(_: Translator) -> dict[str, str]:
    """Column name -> heading, for the columns whose heading is their name in plain words."""
    return {
        "action": _("action"),
        "actual": _("actual"),
        "after_campaign_end": _("after the campaign's end"),
        "attainment": _("attainment"),
        "audience_quality": _("audience quality"),
        "authority": _("authority"),
        "base_fee": _("base fee"),
        "better": _("better"),
        "burst": _("burst"),
        "clicks": _("clicks"),
        "conversions": _("conversions"),
        "count": _("count"),
        "creators": _("creators"),
        "currency": _("currency"),
        "date": _("date"),
        "days": _("days"),
        "decisions": _("decisions"),
        "deliverable": _("deliverable"),
        "deliverables": _("deliverables"),
        "detail": _("detail"),
        "engagements": _("engagements"),
        "expected_cost": _("expected cost"),
        "extra_posts": _("extra posts"),
        "fair_fee": _("fair fee"),
        "format": _("format"),
        "formula": _("formula"),
        "funnel_stage": _("funnel stage"),
        "goals": _("goals"),
        "growth_event": _("growth event"),
        "handle": _("handle"),
        "holiday": _("holiday"),
        "impressions": _("impressions"),
        "label": _("label"),
        "labels_that_satisfy": _("labels that satisfy"),
        "languages": _("languages"),
        "local_time": _("local time"),
        "market": _("market"),
        "model": _("model"),
        "note": _("note"),
        "phase": _("phase"),
        "placement": _("placement"),
        "plan": _("plan"),
        "platform": _("platform"),
        "posts": _("posts"),
        "posts_placed": _("posts placed"),
        "posts_planned": _("posts planned"),
        "problem": _("problem"),
        "published_high": _("published high"),
        "published_low": _("published low"),
        "quantity": _("quantity"),
        "rank": _("rank"),
        "rate": _("rate"),
        "rate_date": _("rate date"),
        "reach": _("reach"),
        "reason": _("reason"),
        "reasons": _("reasons"),
        "recommendation": _("recommendation"),
        "roster_median": _("roster median"),
        "row": _("row"),
        "rows": _("rows"),
        "rule": _("rule"),
        "scenario": _("scenario"),
        "seasons_and_holidays": _("seasons and holidays"),
        "slot": _("slot"),
        "so_far": _("so far"),
        "source": _("source"),
        "stage": _("stage"),
        "status": _("status"),
        "step": _("step"),
        "successes": _("successes"),
        "target": _("target"),
        "tier": _("tier"),
        "trials": _("trials"),
        "unit": _("unit"),
        "views": _("views"),
        "yes": _("yes"),
    }


def heading(column: str, _: Translator) -> str:
    """The heading of one column: from :func:`headings`, else its name with spaces."""
    return headings(_).get(column, column.replace("_", " "))


def deliverables(_: Translator) -> dict[str, str]:
    """Each deliverable in a marketer's words (``feed post``, ``Story set``)."""
    return {
        "feed_post": _("feed post"),
        "reel": _("Reel"),
        "story": _("Story set"),
        "short": _("short video"),
        "long_video": _("long video"),
        "live": _("live session"),
        "link_in_bio": _("link in bio (30 days)"),
    }


def deliverable(name: str, _: Translator) -> str:
    """One deliverable in a marketer's words; an unknown one with spaces for underscores."""
    return deliverables(_).get(name, str(name).replace("_", " "))


def post_kinds(_: Translator) -> dict[str, str]:
    """Each deliverable as a note or a calendar title names one post (``reel``, ``link in
    bio``), shorter than in a table."""
    return {
        "feed_post": _("feed post"),
        "reel": _("reel"),
        "story": _("story"),
        "short": _("short video"),
        "long_video": _("long video"),
        "live": _("live stream"),
        "link_in_bio": _("link in bio"),
    }


def post_kind(name: str, _: Translator) -> str:
    """One post's kind (:func:`post_kinds`); an unknown one with spaces for underscores."""
    return post_kinds(_).get(name, str(name).replace("_", " "))


def compensation_models(_: Translator) -> dict[str, str]:
    """Each compensation model's name for report tables (``flat fee``, ``CPA / affiliate``)."""
    return {
        "flat": _("flat fee"),
        "cpm": _("CPM (per 1,000 impressions)"),
        "cpe": _("CPE (per engagement)"),
        "cpc": _("CPC (per link click)"),
        "cpa": _("CPA / affiliate (per sale)"),
        "gifting": _("gifting"),
        "hybrid": _("hybrid (base + bonus)"),
    }


def pipeline_stages(_: Translator) -> dict[str, str]:
    """The relationship pipeline's stages (the values of ``stage``)."""
    return {
        "identified": _("identified"),
        "contacted": _("contacted"),
        "negotiating": _("negotiating"),
        "contracted": _("contracted"),
        "live": _("live"),
        "completed": _("completed"),
        "declined": _("declined"),
        "planned": _("planned"),
    }


def approval_steps(_: Translator) -> dict[str, str]:
    """``calendar.csv``'s approval columns -> the step's name."""
    return {
        "brief_sent": _("Brief sent"),
        "draft_due": _("Draft due"),
        "feedback_due": _("Feedback due"),
        "final_approval": _("Final approval"),
    }


def vetting_statuses(_: Translator) -> dict[str, str]:
    """A creator's vetting status (the values of ``shortlist.csv``'s ``status``)."""
    return {
        "shortlisted": _("shortlisted"),
        "flagged": _("flagged"),
        "excluded": _("excluded"),
    }
