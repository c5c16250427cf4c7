"""The brand's amplification of the best posts (guide chapter 6.3): reposts, paid boosts and
newsletter mentions, each decided once the post's first results are in."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from helpers import report
from helpers.core.campaign import Campaign
from helpers.stages.calendar.scheduling import CalendarPlan
from helpers.stages.calendar.timing import posting_clocks, to_utc
from helpers.stages.calendar.wording import WEEKDAYS, plural, weekday_name
from helpers.text.i18n import Translator, translator

BEST_POST_KPI = {
    "awareness": "reach",
    "engagement": "engagements per reach",
    "conversion": "conversions",
}
_AMPLIFICATION_COLUMNS = [
    "action",
    "post_id",
    "handle",
    "market",
    "platform",
    "starts_local",
    "ends_local",
    "timezone",
    "starts_utc",
    "condition",
    "after_campaign_end",
]
ACTION_ORDER = {"repost": 0, "newsletter": 1, "paid boost": 2}


def amplification_plan(plan: CalendarPlan, campaign: Campaign) -> pd.DataFrame:
    """The brand's reposts, newsletter mentions and paid boosts of the best posts, each
    scheduled after the post's first results are due.

    Which posts are the best is decided at each reading point, so every action comes with its
    condition: reposts for posts that beat the campaign median on the objective's KPI, paid
    boosts for the best ``boost_share`` of posts, a newsletter mention for the best post of
    the week in each market. Paid boosts are planned only when the terms include paid usage
    (:func:`paid_usage_in_terms`); otherwise :func:`boost_add_on` prices them as an add-on to
    propose to the creators.

    Returns
    -------
    DataFrame
        ``action`` (repost | paid boost | newsletter), ``post_id``, ``handle``, ``market``,
        ``platform``, ``starts_local``, ``ends_local``, ``timezone``, ``starts_utc``,
        ``condition`` and ``after_campaign_end``.
    """
    settings = plan.settings.amplification
    _ = translator(campaign.language)
    kpi = _kpi_words(campaign.objective, _)
    posts = plan.scheduled
    rows = _post_rows(posts, plan, kpi, paid_usage_in_terms(campaign), _)
    if settings.newsletter_weekday:
        rows += _newsletter_rows(posts, settings, kpi, _)
    table = pd.DataFrame(rows, columns=[*_AMPLIFICATION_COLUMNS, "ends_utc"])
    if table.empty:
        return table.drop(columns="ends_utc")
    return _timed(table, campaign)


def _post_rows(
    posts: pd.DataFrame, plan: CalendarPlan, kpi: str, paid: bool, _: Translator
) -> list[dict]:
    """A repost and, where the terms include paid usage (``paid``), a paid boost decision for
    each scheduled post, as switched on."""
    settings = plan.settings.amplification
    times = posting_clocks(plan.settings)
    boosts = math.ceil(settings.boost_share * len(posts)) if paid else 0
    boost_condition = _(
        "it is among the best {share} of posts by {kpi} (about {count}); the contract's paid "
        "usage covers it",
        share=_.percent(settings.boost_share, 0),
        kpi=kpi,
        count=_.number(boosts),
    )
    repost_condition = _("it beats the campaign median {kpi} at its reading point", kpi=kpi)
    rows = []
    for post in posts.to_dict("records"):
        zone = ZoneInfo(post["timezone"])
        due = post["go_live_utc"].to_pydatetime() + timedelta(hours=settings.results_after_hours)
        base = {key: post[key] for key in ("post_id", "handle", "market", "platform", "timezone")}
        if settings.repost:
            slot = _next_slot(due, times.get(post["platform"], [time(19)]), zone)
            repost = {"starts_utc": slot, "ends_utc": slot, "condition": repost_condition}
            rows.append(base | {"action": "repost"} | repost)
        if boosts:
            ends = due + timedelta(days=settings.boost_days)
            boost = {"starts_utc": due, "ends_utc": ends, "condition": boost_condition}
            rows.append(base | {"action": "paid boost"} | boost)
    return rows


def paid_usage_in_terms(campaign: Campaign) -> bool:
    """Whether the deal terms let the brand run the posts as paid ads: ``negotiation.paid_usage``
    with ``usage_months`` above 0 (what the term sheets write as usage rights)."""
    terms = campaign.negotiation
    return bool(terms.paid_usage and terms.usage_months > 0)


def _timed(table: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Local start and end times, whether an action starts after the campaign, in time order."""
    table["starts_local"] = _local(table["starts_utc"], table["timezone"])
    table["ends_local"] = _local(table["ends_utc"], table["timezone"])
    end_of_campaign = {
        z: datetime.combine(campaign.end + timedelta(days=1), time(0), tzinfo=ZoneInfo(z))
        for z in set(table["timezone"])
    }
    table["after_campaign_end"] = [
        t >= end_of_campaign[z] for t, z in zip(table["starts_utc"], table["timezone"], strict=True)
    ]
    table["starts_utc"] = pd.to_datetime(table["starts_utc"], utc=True)
    table = table.assign(_action=table["action"].map(ACTION_ORDER)).sort_values(
        ["starts_utc", "_action", "post_id"], kind="stable"
    )
    return table[_AMPLIFICATION_COLUMNS].reset_index(drop=True)


def boost_add_on(plan: CalendarPlan, campaign: Campaign) -> pd.DataFrame:
    """The paid boosts the terms leave out, priced as an add-on to propose to the creators.

    The price is the negotiation stage's paid-usage premium (``usage_paid_per_month`` in
    ``data/reference/negotiation_rates.csv``, or ``negotiation.rates`` in the campaign file)
    for the months a boost runs (``boost_days`` / 30, rounded up), less the organic-usage
    premium the terms already pay for those months: ``add-on = fee per post x months x
    (paid per month - organic per month if the terms include organic usage)``.

    Returns
    -------
    DataFrame
        One row per scheduled post (empty when the terms include paid usage, when boosts are
        switched off or nothing is scheduled): ``post_id``, ``handle``, ``market``,
        ``fee_per_post``, ``months``, ``premium`` (share of the fee), ``add_on_price``
        (campaign currency), ``source``.
    """
    from helpers.stages.negotiation import negotiation_rates, rate_table  # an earlier stage

    columns = ["post_id", "handle", "market", "fee_per_post", "months", "premium"]
    columns += ["add_on_price", "source"]
    settings = plan.settings.amplification
    posts = plan.scheduled
    if paid_usage_in_terms(campaign) or not settings.boost_share or posts.empty:
        return pd.DataFrame(columns=columns)
    rates = negotiation_rates(campaign)
    months = math.ceil(settings.boost_days / 30)
    premium = rates["usage_paid_per_month"] * months
    if campaign.negotiation.usage_months:  # organic usage already paid for those months
        premium -= rates["usage_organic_per_month"] * min(months, campaign.negotiation.usage_months)
    sources = rate_table(campaign).set_index("rate")["source"]
    table = posts[["post_id", "handle", "market", "fee_per_post"]].copy()
    table["months"] = months
    table["premium"] = premium
    table["add_on_price"] = table["fee_per_post"] * premium
    table["source"] = str(sources.get("usage_paid_per_month", ""))
    return table[columns].reset_index(drop=True)


def add_on_sentence(add_on: pd.DataFrame, plan: CalendarPlan, campaign: Campaign) -> str:
    """The add-on proposal in one paragraph of Markdown: why no boost is planned, what boosting
    the expected share of posts would cost (the average add-on x the posts expected to be
    boosted), and where the price comes from; empty when there is no add-on to propose."""
    from helpers.stages.negotiation import negotiation_rates  # an earlier stage

    if add_on.empty:
        return ""
    _ = translator(campaign.language)
    settings = plan.settings.amplification
    expected = math.ceil(settings.boost_share * len(add_on))
    prices = add_on["add_on_price"].astype(float)
    return _(
        "**No paid boosts are planned: the terms do not include paid usage** (the term sheets "
        "give no paid amplification rights). Proposed as an add-on: the right to "
        "boost a post for {days} days costs {premium} of its fee (the negotiation stage's "
        "paid-usage premium, {per_month} per month; {source}), {low} to {high} a post; "
        "boosting the best {share} (expected: {count}) would add about {total}. To plan "
        "boosts, agree paid usage and set negotiation.paid_usage: true and usage_months in "
        "the campaign file.",
        days=_.number(settings.boost_days),
        premium=_.percent(float(add_on["premium"].iloc[0]), 0),
        per_month=_.percent(float(negotiation_rates(campaign)["usage_paid_per_month"]), 0),
        source=report.text(_.term(add_on["source"].iloc[0])),  # a reference text: looked up
        low=_.money(float(prices.min()), campaign.currency),
        high=_.money(float(prices.max()), campaign.currency),
        share=_.percent(settings.boost_share, 0),
        count=_.number(expected),
        total=_.money(float(prices.mean()) * expected, campaign.currency),
    )


def _local(moments: pd.Series, zones: pd.Series) -> list[str]:
    return [
        f"{t.astimezone(ZoneInfo(z)):%Y-%m-%d %H:%M}" for t, z in zip(moments, zones, strict=True)
    ]


def _next_slot(after: datetime, clocks: list[time], zone: ZoneInfo) -> datetime:
    """The first posting time at or after a moment, in the market's local time."""
    local_day = after.astimezone(zone).date()
    for offset in range(0, 8):
        day = local_day + timedelta(days=offset)
        for clock in sorted(clocks):
            utc = to_utc(day, clock, zone)
            if utc >= after:
                return utc
    return after


def _kpi_words(objective: str, _: Translator) -> str:
    """The KPI that picks the best posts (:data:`BEST_POST_KPI`), in a sentence."""
    words = {
        "awareness": _("reach"),
        "engagement": _("engagements per reach"),
        "conversion": _("conversions"),
    }
    return words.get(objective, BEST_POST_KPI.get(objective, objective))


def _newsletter_rows(posts: pd.DataFrame, settings, kpi: str, _: Translator) -> list[dict]:
    """One newsletter mention per market and issue: the first issue after results are due."""
    weekday = WEEKDAYS.index(settings.newsletter_weekday)
    issues: dict[tuple[str, date], list[dict]] = {}
    for post in posts.to_dict("records"):
        zone = ZoneInfo(post["timezone"])
        due = (
            post["go_live_utc"].to_pydatetime() + timedelta(hours=settings.results_after_hours)
        ).astimezone(zone)
        day = due.date() + timedelta(days=(weekday - due.weekday()) % 7)
        if day == due.date() and due.time() > time(10):
            day += timedelta(days=7)  # the issue goes out at 10:00; this one is too early
        issues.setdefault((post["market"], day), []).append(post)
    rows = []
    for (market, day), candidates in sorted(issues.items()):
        zone = ZoneInfo(candidates[0]["timezone"])
        start = to_utc(day, time(10), zone)
        rows.append(
            {
                "action": "newsletter",
                "post_id": ", ".join(p["post_id"] for p in candidates),
                "handle": ", ".join(dict.fromkeys(p["handle"] for p in candidates)),
                "market": market,
                "platform": ", ".join(sorted({p["platform"] for p in candidates})),
                "timezone": candidates[0]["timezone"],
                "starts_utc": start,
                "ends_utc": start,
                "condition": _(
                    "the best of these {count} by {kpi} at the reading point",
                    count=_.number(len(candidates)),
                    kpi=kpi,
                )
                if len(candidates) > 1
                else _("it reaches at least the campaign median {kpi}", kpi=kpi),
            }
        )
    return rows


def amplification_summary(amplification: pd.DataFrame, plan: CalendarPlan) -> pd.DataFrame:
    """One row per amplification action: when it is decided, how many decisions, over which
    dates, and how many to expect (the words in the plan's language; the column names stay
    English keys, headed by the vocabulary or the notebook)."""
    _ = plan.words
    when, expect = _when_and_how_many(plan, _)
    actions = {"repost": _("repost"), "paid boost": _("paid boost"), "newsletter": _("newsletter")}
    rows = []
    for action, group in amplification.groupby("action", sort=False):
        dates = pd.to_datetime(group["starts_local"], format="%Y-%m-%d %H:%M")
        rows.append(
            {
                "action": actions.get(action, action),
                "when": when[action],
                "decisions": len(group),
                "first": dates.min(),
                "last": dates.max(),
                "after_campaign_end": int(group["after_campaign_end"].sum()),
                "expect": expect[action],
                "if": group["condition"].iloc[0]
                if action != "newsletter"
                else _("the best of the posts read since the last issue"),
            }
        )
    return pd.DataFrame(rows)


def _when_and_how_many(plan: CalendarPlan, _: Translator) -> tuple[dict, dict]:
    """Each action's moment of decision, and how many of it to expect."""
    settings = plan.settings.amplification
    posts = len(plan.scheduled)
    boosts = math.ceil(settings.boost_share * posts)
    hours = _.number(settings.results_after_hours)
    when = {
        "repost": _("at the first posting time after the {hours} h reading", hours=hours),
        "paid boost": _(
            "at the {hours} h reading; runs {days} days",
            hours=hours,
            days=_.number(settings.boost_days),
        ),
        "newsletter": _(
            "the first {weekday} issue (10:00) after the reading",
            weekday=weekday_name(settings.newsletter_weekday, _),
        ),
    }
    share = _.percent(settings.boost_share, 0)
    expect = {
        "repost": _("about half of the {count} posts", count=_.number(posts)),
        "paid boost": plural(
            _,
            boosts,
            _("{count} post (the best {share})", count=_.number(boosts), share=share),
            _("{count} posts (the best {share})", count=_.number(boosts), share=share),
        ),
        "newsletter": _("one mention per market and issue"),
    }
    return when, expect
