"""The monitoring page's finding, in three sentences of Markdown: where the goals stand, who
delivers, and what to do with the money not yet committed (in the campaign's language)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import report
from helpers.core.campaign import Campaign
from helpers.core.results import MAIN_RESULT, RESULT_NAMES
from helpers.text.i18n import Translator, translator

TRACKED = ("on track", "at risk", "off track")
ENGLISH = translator("en")


def monitoring_summary(
    campaign: Campaign,
    table: pd.DataFrame,
    creators: pd.DataFrame,
    plan: pd.DataFrame,
    uncommitted: float,
) -> str:
    """The stage's finding in three sentences of Markdown: where the goals stand, who delivers,
    and what to do with the money not yet committed (in the campaign's language).

    Parameters
    ----------
    campaign : Campaign
    table : DataFrame
        :func:`helpers.stages.monitoring.pacing` output.
    creators : DataFrame
        :func:`helpers.stages.monitoring.performance` at the ``"influencer"`` level.
    plan : DataFrame
        :func:`helpers.stages.monitoring.reallocation` output.
    uncommitted : float
        Budget not yet committed, campaign currency.
    """
    _ = translator(campaign.language)
    if table.empty or table["posts_so_far"].fillna(0).sum() == 0:
        return _(
            "No results yet: monitoring starts once the first posts are live and their numbers "
            "are in the campaign's `data.results_to_date` file."
        )
    tracked = table[table["status"].isin(TRACKED)]
    result = MAIN_RESULT[campaign.objective][0]
    return " ".join(
        [
            _where_goals_stand(table, tracked, campaign.currency, _),
            _who_delivers(creators, _.term(RESULT_NAMES[result]), _),
            _money_left(table, tracked, plan, uncommitted, campaign, _),
        ]
    )


def _where_goals_stand(table: pd.DataFrame, tracked: pd.DataFrame, cur: str, _) -> str:
    """How many goals are on track, at risk and off track, and the closest call."""
    share, as_of = float(table["elapsed_share"].iloc[0]), table["as_of"].iloc[0]
    counts = tracked["status"].value_counts()
    parts = [
        _("{count} {status}", count=_.number(counts[s]), status=_.term(s))
        for s in TRACKED
        if counts.get(s, 0)
    ]
    first = _(
        "On {day}, {share} of the way through the window, the goals are **{parts}**",
        day=_.date(as_of),
        share=_.percent(share, 0),
        parts=", ".join(parts) or _("not measurable from the results"),
    )
    if not len(tracked):
        return first + "."
    worst = tracked.sort_values("chance_of_meeting").iloc[0]
    values = {
        "goal": report.text(report.lower_label(_.term(worst["label"]))),
        "projected": format_value(worst["projected_end"], worst["unit"], cur, _),
        "target": format_value(worst["target"], worst["unit"], cur, _),
        "chance": format_chance(worst["chance_of_meeting"], _),
    }
    if worst["status"] == "on track":
        return first + _(
            "; the closest call, {goal}, is heading for **{projected}** against a target of "
            "{target} (chance of meeting it: {chance}).",
            **values,
        )
    return first + _(
        "; the weakest, {goal}, is heading for **{projected}** against a target of "
        "{target} (chance of meeting it: {chance}).",
        **values,
    )


def _who_delivers(creators: pd.DataFrame, result_words: str, _: Translator) -> str:
    """How many creators over- and under-deliver, and the best of them."""
    best = creators[creators["status"] == "over-performing"]
    weak = creators[creators["status"] == "under-performing"]
    who = {
        "best_count": _.number(len(best)),
        "creators": _.number(len(creators)),
        "result": result_words,
        "weak_count": _.number(len(weak)),
    }
    if len(best):
        return _(
            "{best_count} of {creators} creators deliver at least 1.5x the {result} expected of "
            "them (best: {best}); {weak_count} deliver less than two thirds of it.",
            best=report.text(best.iloc[0]["handle"]),
            **who,
        )
    return _(
        "{best_count} of {creators} creators deliver at least 1.5x the {result} expected of "
        "them; {weak_count} deliver less than two thirds of it.",
        **who,
    )


def _money_left(
    table: pd.DataFrame,
    tracked: pd.DataFrame,
    plan: pd.DataFrame,
    uncommitted: float,
    campaign: Campaign,
    _: Translator,
) -> str:
    """What to do with the money not yet committed."""
    money = _.money(uncommitted, campaign.currency)
    if float(table["elapsed_share"].iloc[0]) >= 1 and uncommitted > 0:
        return _(
            "The window has closed with {money} not committed: nothing is left to move; what the "
            "campaign returned is on the ROI page.",
            money=money,
        )
    all_on_track = len(tracked) > 0 and (tracked["status"] == "on track").all()
    if uncommitted <= 0:
        return _("The whole budget is committed: steer through briefs and timing, not money.")
    if all_on_track and len(plan):
        return _(
            "With every goal on track, keep the {money} not yet committed in reserve, or buy more "
            "from {handle}, the best value so far.",
            money=money,
            handle=report.text(plan["handle"].iloc[0]),
        )
    if all_on_track:
        return _(
            "With every goal on track, keep the {money} not yet committed in reserve.", money=money
        )
    if len(plan):
        return _spend_on_plan(table, plan, money, campaign, _)
    return _(
        "{money} is not yet committed and no creator so far beats the campaign's average "
        "value: spend it on new creators like the best ones, or on paid amplification of "
        "the best posts.",
        money=money,
    )


def _spend_on_plan(
    table: pd.DataFrame, plan: pd.DataFrame, money: str, campaign: Campaign, _: Translator
) -> str:
    """The extra posts to buy, and where they lift the main goal's projection."""
    result = MAIN_RESULT[campaign.objective][0]
    main = table[table["kpi"] == result]
    lift = ""
    if len(main) and np.isfinite(main["projected_end"].iloc[0]):
        after = main["projected_end"].iloc[0] + plan["expected_result"].sum()
        target = main["target"].iloc[0]
        lift = (
            _(", lifting the projection to about {after} (target met)", after=_.number(after))
            if after >= target
            else _(
                ", lifting the projection to about {after} (target {target})",
                after=_.number(after),
                target=_.number(target),
            )
        )
    return _(
        "Of the {money} not yet committed, put {cost} into {posts} more posts from "
        "{handles}{others} for about {gain} more {result}{lift}.",
        money=money,
        cost=_.money(plan["cost"].sum(), campaign.currency),
        posts=_.number(plan["extra_posts"].sum()),
        handles=", ".join(report.text(h) for h in plan["handle"].head(3)),
        others=_(" and others") if len(plan) > 3 else "",
        gain=_.number(plan["expected_result"].sum()),
        result=_.term(RESULT_NAMES[result]),
        lift=lift,
    )


def format_chance(chance: float, _: Translator = ENGLISH) -> str:
    """A chance for people: 'under 1%' and 'over 99%' rather than 0% and 100%."""
    if not np.isfinite(chance):
        return "–"
    if chance < 0.01:
        return _("under {percent}", percent=_.percent(0.01, 0))
    if chance > 0.99:
        return _("over {percent}", percent=_.percent(0.99, 0))
    return _.percent(chance, 0)


def format_value(value: float, unit: str, currency: str = "", _: Translator = ENGLISH) -> str:
    """A KPI value as people read it: 1,234,567 / 3.5% / EUR 19.50 / 2.20x (``1 234 567``,
    ``3,5%``, ``19,50 €``, ``2,20×`` in Latvian); see :func:`helpers.report.kpi_value`."""
    return report.kpi_value(value, unit, currency, _)
