"""The finding and the tables of the calendar page, written for people in the plan's language:
the summary's few sentences, the conflicts, the phases and the plan as the team reads it."""

from __future__ import annotations

import pandas as pd

from helpers import report
from helpers.core.campaign import Campaign
from helpers.stages.calendar.phases import phase_days
from helpers.stages.calendar.scheduling import CalendarPlan
from helpers.stages.calendar.timing import timezone_sources
from helpers.stages.calendar.wording import (
    _day,
    _hours,
    conflict_words,
    day_formatter,
    deliverable_name,
    is_one,
    moment_text,
    plural,
)
from helpers.text import labels
from helpers.text.i18n import Translator, translator

#: conflicts that were not resolved: they are told as what cannot fit instead
UNRESOLVED = ("no slot", "time zone")


def calendar_summary(plan: CalendarPlan, campaign: Campaign) -> str:
    """The stage's finding in a few sentences of Markdown, in the campaign's language."""
    _ = translator(campaign.language)
    if plan.posts.empty:
        return _(
            "**No contracted deliverables yet**: once creators are contracted in the "
            "negotiation stage, this page schedules their posts and approvals."
        )
    lines = _scheduled_lines(plan, _) if len(plan.scheduled) else [_none_fits(plan, _)]
    resolved = _resolved_line(plan, _)
    if resolved:
        lines.append(resolved)
    lines.append(_unfit_line(plan, _))
    return " ".join(lines)


def _scheduled_lines(plan: CalendarPlan, _: Translator) -> list[str]:
    """What is scheduled, where, when and in which phases; when the first brief goes out."""
    scheduled = plan.scheduled
    first, last = scheduled["go_live_date"].min(), scheduled["go_live_date"].max()
    values = _counts(plan, _) | {
        "scheduled": _.number(len(scheduled)),
        "first": _day(first.date(), _),
        "last": _day(last.date(), _),
        "names": ", ".join(report.text(p.name) for p in plan.phases),  # as written
    }
    scheduled_line = plural(
        _,
        len(scheduled),
        _(
            "**{scheduled} of {deliverables} by {creators} is scheduled** in {markets} "
            "from {first} to {last}, in {phases} ({names}).",
            **values,
        ),
        _(
            "**{scheduled} of {deliverables} by {creators} are scheduled** in {markets} "
            "from {first} to {last}, in {phases} ({names}).",
            **values,
        ),
    )
    brief_line = _(
        "Working back {days} business days, the first brief goes out on {day}.",
        days=_.number(plan.settings.approval.brief_sent),
        day=_day(scheduled["brief_sent"].min().date(), _),
    )
    return [scheduled_line, brief_line]


def _counts(plan: CalendarPlan, _: Translator) -> dict[str, str]:
    """Deliverables, creators, markets and phases counted, each noun in the form that suits."""
    deliverables, markets = len(plan.posts), plan.scheduled["market"].nunique()
    creators, phases = plan.posts["influencer_id"].nunique(), len(plan.phases)
    n = _.number
    return {
        "deliverables": plural(
            _,
            deliverables,
            _("{count} contracted deliverable", count=n(deliverables)),
            _("{count} contracted deliverables", count=n(deliverables)),
        ),
        "creators": plural(
            _,
            creators,
            _("{count} creator", count=n(creators)),
            _("{count} creators", count=n(creators)),
        ),
        "markets": plural(
            _,
            markets,
            _("{count} market", count=n(markets)),
            _("{count} markets", count=n(markets)),
        ),
        "phases": plural(
            _, phases, _("{count} phase", count=n(phases)), _("{count} phases", count=n(phases))
        ),
    }


def _none_fits(plan: CalendarPlan, _: Translator) -> str:
    count = len(plan.posts)
    if count > 1:
        return _("**None of the {count} contracted deliverables fits.**", count=_.number(count))
    return _("**The contracted deliverable does not fit.**")


def _resolved_line(plan: CalendarPlan, _: Translator) -> str:
    """The conflicts the scheduler resolved, by kind; empty when there were none."""
    kinds = plan.conflicts["kind"].value_counts() if len(plan.conflicts) else pd.Series(dtype=int)
    resolved = kinds.drop(list(UNRESOLVED), errors="ignore")
    if not resolved.sum():
        return ""
    words = conflict_words(_)
    parts = [
        f"{_.number(count)} {_kind_words(words, kind, count, _)}"
        for kind, count in resolved.items()
    ]
    total = int(resolved.sum())
    conflicts = plural(
        _,
        total,
        _("{count} conflict", count=_.number(total)),
        _("{count} conflicts", count=_.number(total)),
    )
    return _(
        "The scheduler resolved {conflicts}: {parts}.", conflicts=conflicts, parts=", ".join(parts)
    )


def _unfit_line(plan: CalendarPlan, _: Translator) -> str:
    if plan.unscheduled.empty:
        return _("Every contracted post has a slot.")
    count = len(plan.unscheduled)
    unfit = plural(
        _,
        count,
        _("{count} post", count=_.number(count)),
        _("{count} posts", count=_.number(count)),
    )
    return _(
        "**{posts} cannot fit** as the campaign file stands: see *What cannot fit* below "
        "for why and what would make it fit.",
        posts=unfit,
    )


def _kind_words(words: dict, kind: str, count: int, _: Translator) -> str:
    """How one or several resolved conflicts of a kind read in the summary."""
    _label, singular, several = words.get(kind, (kind, kind, kind))
    return singular if is_one(count, _) else several


def conflicts_explained(plan: CalendarPlan) -> pd.DataFrame:
    """The conflicts table for people: what happened, to whom, and why (the rule's name in
    the plan's language)."""
    names = {kind: words[0] for kind, words in conflict_words(plan.words).items()}
    table = plan.conflicts.copy()
    table["kind"] = table["kind"].map(names).fillna(table["kind"])
    return table.drop(columns="post_id")


def phase_table(plan: CalendarPlan) -> pd.DataFrame:
    """Each phase: dates, whether it is a burst, its share, posts planned and placed."""
    _ = plan.words
    planned = plan.posts["planned_phase"].value_counts()
    placed = plan.scheduled["phase"].value_counts()
    return pd.DataFrame(
        [
            {
                "phase": p.name,
                "from": pd.Timestamp(p.start),
                "to": pd.Timestamp(p.end),
                "days": phase_days(p),
                "burst": _("yes") if p.burst else _("no"),
                "share": p.share,
                "posts_planned": int(planned.get(p.name, 0)),
                "posts_placed": int(placed.get(p.name, 0)),
            }
            for p in plan.phases
        ]
    )


def plan_for_people(plan: CalendarPlan) -> pd.DataFrame:
    """The calendar as the team reads it: local go-live with its zone, then the approval dates,
    weekday first; unscheduled posts last. Headings and dates are in the plan's language."""
    _ = plan.words
    posts = plan.posts
    scheduled = posts["status"] == "scheduled"
    local = pd.to_datetime(posts["go_live_local"], format="%Y-%m-%d %H:%M")
    unit = [
        f" {u}/{n}" if n > 1 else "" for u, n in zip(posts["unit"], posts["units"], strict=True)
    ]
    offset = posts["utc_offset"].fillna("").str[3:].str.replace(":00", "").str.replace("+0", "+")
    zone = posts["timezone"] + " UTC" + offset.str.replace("-0", "\u2212")
    deliverables = posts["deliverable"].map(lambda d: deliverable_name(d, _))
    table = pd.DataFrame(
        {
            _("go-live (local)"): [
                moment_text(m, _) if ok else _("not scheduled")
                for m, ok in zip(local, scheduled, strict=True)
            ],
            _("time zone"): posts["timezone"].where(~scheduled, zone),
            _("creator (market)"): posts["handle"] + " (" + posts["market"] + ")",
            _("post"): posts["platform"] + " " + deliverables + unit,
            _("phase"): posts["phase"].where(scheduled, "–"),
        }
    )
    for column, label in labels.approval_steps(_).items():
        table[label.lower()] = posts[column].map(day_formatter(_))
    return table


def holidays_in_window(plan: CalendarPlan, campaign: Campaign) -> pd.DataFrame:
    """Public holidays from the first brief to the campaign's end (the production weeks too)."""
    first = plan.posts["brief_sent"].min()
    first = (
        pd.Timestamp(campaign.start) if pd.isna(first) else min(first, pd.Timestamp(campaign.start))
    )
    days = plan.holidays
    inside = days[(days["date"] >= first) & (days["date"] <= pd.Timestamp(campaign.end))]
    return inside.sort_values(["date", "market"], kind="stable").reset_index(drop=True)


def rules_line(plan: CalendarPlan) -> str:
    """The campaign's scheduling rules in one sentence, for the conflicts section: spacing,
    daily cap, holidays, briefs from and the brand's holidays (Markdown, ends with a full
    stop)."""
    _ = plan.words
    settings = plan.settings
    line = _(
        "Rules for this campaign: spacing {hours} hours, at most {cap} go-lives a day per market, "
        "holidays: {holidays}, briefs from {briefs_from}",
        hours=_hours(settings.spacing_hours, _),
        cap=_.number(settings.max_posts_per_day),
        holidays=settings.holidays,
        briefs_from=_.date(settings.briefs_from) if settings.briefs_from else _("any date"),
    )
    if settings.brand_market:
        line += _(", brand's holidays: {market}", market=settings.brand_market)
    return line + "."


def plan_timezones(plan: CalendarPlan, campaign: Campaign) -> pd.DataFrame:
    """:func:`~helpers.stages.calendar.timing.timezone_sources` for the campaign's markets and
    any other market a post is in, with the offsets from the first brief (the campaign's
    start when nothing is scheduled) to the last day."""
    markets = list(dict.fromkeys([*campaign.markets, *plan.posts["market"]]))
    first_brief = plan.posts["brief_sent"].min()
    first = first_brief.date() if len(plan.scheduled) else campaign.start
    return timezone_sources(markets, plan.settings, first, campaign.end, plan.words)
