"""Stage 04, content calendar: every contracted deliverable gets a go-live in a phase of the
campaign, at a posting time in its audience's local time zone, spaced out from the market's
other posts, clear of (or on) public holidays, with its approval chain worked backwards in
business days, and the brand's amplification planned after its first results (guide chapters
6.1 and 6.3).

The rules, in the order they are applied:

1. **Phases.** Each creator's posts are spread over the campaign: a creator with one post sits
   in the middle, one with three has one early, one mid-way and one late. Posts in that order
   (bigger fees first on ties) fill the phases by each phase's share of all posts.
2. **Target day.** Inside a phase, each market's posts are spread evenly over the phase's days;
   in a *burst* phase they are stacked from its first day instead.
3. **Slot.** The post takes the nearest day to its target, at the first posting time of its
   platform (reference data, or the campaign's own times) in the market's time zone, where:
   the approval chain can still start (``briefs_from``); the day is not a public holiday of
   the market (``holidays: avoid``; ``target`` prefers a holiday within three days instead);
   the market has fewer than ``max_posts_per_day`` go-lives that day; the creator has no other
   go-live that day; and no other post in the market is within ``spacing_hours`` (burst phases
   excepted). Hours are real elapsed hours, so a daylight-saving change is counted right.
4. **Spill.** A post that finds no slot in its phase tries the later phases, then the earlier
   ones; a post that fits nowhere stays in the plan as *unscheduled*, with the reason and what
   would make it fit. Nothing is dropped.
5. **Approvals.** Brief sent, draft due, feedback due and final approval are counted back from
   the go-live in business days: weekends and the public holidays of the creator's market (and
   of the brand's, when ``brand_market`` is set) do not count.

A link in bio is not a post of its own: it goes up with one of the creator's posts and counts
for no spacing rule or cap. The input is ``helpers.stages.negotiation.contracted_deliverables``.

Everything written for people (notes, conflicts, advice, the summary, the calendar's event titles)
is in the campaign's language (``campaign.language``, through :mod:`helpers.text.i18n`), with dates
as the language writes them; the ``calendar.csv`` and ``calendar.ics`` date and time fields stay ISO
8601, and the machine values (``status``, conflict ``kind``, amplification ``action``) stay English.

The package, module by module: :mod:`~helpers.stages.calendar.inputs` (the posts to schedule),
:mod:`~helpers.stages.calendar.timing` (time zones, posting times, public holidays),
:mod:`~helpers.stages.calendar.approvals` (business days and the approval chain),
:mod:`~helpers.stages.calendar.phases` (rules 1 and 2), :mod:`~helpers.stages.calendar.slots`
(rule 3), :mod:`~helpers.stages.calendar.scheduling` (the build, rules 4 and 5),
:mod:`~helpers.stages.calendar.fit` and :mod:`~helpers.stages.calendar.fixes` (what cannot fit
and what would), :mod:`~helpers.stages.calendar.amplification`,
:mod:`~helpers.stages.calendar.exports` (``calendar.csv``, ``calendar.ics``),
:mod:`~helpers.stages.calendar.ab_plan` (the A/B test plan before the briefs),
:mod:`~helpers.stages.calendar.summary` (the finding and the page's tables) and
:mod:`~helpers.stages.calendar.wording` (days, counts and names in the campaign's language).
"""

from __future__ import annotations

from helpers.stages.calendar.amplification import (
    BEST_POST_KPI,
    add_on_sentence,
    amplification_plan,
    amplification_summary,
    boost_add_on,
    paid_usage_in_terms,
)
from helpers.stages.calendar.approvals import (
    APPROVAL_STEPS,
    approval_dates,
    business_days_before,
    earliest_go_live,
    is_business_day,
)
from helpers.stages.calendar.exports import (
    ICS_DOMAIN,
    LIVE_CHECK,
    calendar_ics,
    calendar_table,
    ics_text,
    save_ics,
)
from helpers.stages.calendar.fixes import MAX_DAYS_TO_EXTEND, what_would_fit
from helpers.stages.calendar.inputs import (
    COMPANION_DELIVERABLES,
    DELIVERABLE_COLUMNS,
    deliverables_source,
    expand_posts,
)
from helpers.stages.calendar.phases import (
    DEFAULT_LAUNCH_DAYS,
    assign_phases,
    campaign_phases,
    phase_quotas,
)
from helpers.stages.calendar.scheduling import PLAN_COLUMNS, CalendarPlan, build_calendar
from helpers.stages.calendar.slots import HOLIDAY_PULL_DAYS
from helpers.stages.calendar.summary import (
    calendar_summary,
    conflicts_explained,
    holidays_in_window,
    phase_table,
    plan_for_people,
    plan_timezones,
    rules_line,
)
from helpers.stages.calendar.timing import (
    holidays_version,
    market_timezone,
    posting_times,
    public_holidays,
    timezone_sources,
)
from helpers.stages.calendar.wording import (
    DAY_PATTERNS,
    WEEKDAYS,
    conflict_words,
    day_formatter,
    day_text,
    deliverable_name,
    is_one,
    moment_formatter,
    moment_text,
    plural,
)

__all__ = [
    "APPROVAL_STEPS",
    "BEST_POST_KPI",
    "COMPANION_DELIVERABLES",
    "DAY_PATTERNS",
    "DEFAULT_LAUNCH_DAYS",
    "DELIVERABLE_COLUMNS",
    "HOLIDAY_PULL_DAYS",
    "ICS_DOMAIN",
    "LIVE_CHECK",
    "MAX_DAYS_TO_EXTEND",
    "PLAN_COLUMNS",
    "WEEKDAYS",
    "CalendarPlan",
    "amplification_plan",
    "amplification_summary",
    "boost_add_on",
    "add_on_sentence",
    "paid_usage_in_terms",
    "approval_dates",
    "assign_phases",
    "build_calendar",
    "business_days_before",
    "calendar_ics",
    "calendar_summary",
    "calendar_table",
    "campaign_phases",
    "conflict_words",
    "conflicts_explained",
    "day_formatter",
    "day_text",
    "deliverable_name",
    "deliverables_source",
    "earliest_go_live",
    "expand_posts",
    "holidays_in_window",
    "holidays_version",
    "ics_text",
    "is_business_day",
    "is_one",
    "market_timezone",
    "moment_formatter",
    "moment_text",
    "phase_quotas",
    "phase_table",
    "plan_for_people",
    "plan_timezones",
    "plural",
    "posting_times",
    "public_holidays",
    "rules_line",
    "save_ics",
    "timezone_sources",
    "what_would_fit",
]
