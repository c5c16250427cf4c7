"""The ROI page's finding: whether the campaign paid off, in three sentences of Markdown (in the
campaign's language), and the day to read the final ROI."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from helpers import report
from helpers.core.campaign import Campaign
from helpers.core.results import MAIN_RESULT
from helpers.stages.roi.abtest import TRIAL_SINGULAR, format_chance, format_p, leader_chance
from helpers.text.i18n import Translator, translator


def final_reading_date(campaign: Campaign) -> date:
    """The day the attribution window closes after the last campaign day: read ROI then."""
    return campaign.end + timedelta(days=campaign.measurement.attribution_window_days)


def roi_summary(
    campaign: Campaign,
    goals: pd.DataFrame,
    total: pd.Series,
    markets: pd.DataFrame,
    advice: pd.DataFrame,
) -> str:
    """Whether the campaign paid off, in three sentences of Markdown.

    Parameters
    ----------
    campaign : Campaign
    goals : DataFrame
        :func:`helpers.stages.roi.goal_attainment` output.
    total : Series
        The campaign row of :func:`helpers.stages.roi.breakdown`.
    markets : DataFrame
        :func:`helpers.stages.roi.breakdown` at the ``"market"`` level.
    advice : DataFrame
        :func:`helpers.stages.roi.rehire_advice` output.
    """
    _ = translator(campaign.language)
    if not total["posts"]:
        return _(
            "No results to measure: the results file has no usable rows (see the data checks)."
        )
    return " ".join(
        [
            _paid_off(campaign, total, _),
            _goals_met(goals, campaign.currency, _),
            _where_money_worked(campaign, markets, advice, _),
        ]
    )


def _paid_off(campaign: Campaign, total: pd.Series, _: Translator) -> str:
    """Revenue against fees, with ROI and ROAS."""
    cur = campaign.currency
    money = _(
        "{revenue} of attributed revenue on {cost} of creator fees",
        revenue=_.money(float(total["revenue"]), cur),
        cost=_.money(float(total["cost"]), cur),
    )
    roi_values = {
        "money": money,
        "roi": _.signed_percent(total["roi"]),
        "roas": _.number(total["roas"], 2),
    }
    if not np.isfinite(total["roi"]):
        return _("ROI is undefined: {money}, and no fee was recorded.", money=money)
    if total["roi"] >= 0:
        return _(
            "**The campaign paid off in sales**: {money}, an ROI of {roi} (ROAS {roas}).",
            **roi_values,
        )
    if campaign.objective != "conversion":
        return _(
            "**The campaign did not pay for itself in sales**: {money}, an ROI of {roi} (ROAS "
            "{roas}), which {campaign_kind} is not bought for: judge it on its goals.",
            campaign_kind=_campaign_kind(campaign.objective, _),
            **roi_values,
        )
    return _(
        "**The campaign did not pay for itself in sales**: {money}, an ROI of {roi} (ROAS {roas}).",
        **roi_values,
    )


def _goal_words(label: str, _: Translator) -> str:
    """A goal's label inside a sentence, in the language, safe for Markdown."""
    return report.text(report.lower_label(_.term(label)))


def _goals_met(goals: pd.DataFrame, cur: str, _: Translator) -> str:
    """How many goals were met, each with its actual value, and those counted by hand."""
    measured = goals[goals["met"].notna()] if len(goals) else goals
    if not len(measured):
        return _("No goal can be measured from the results file.")
    items = [
        _(
            "{goal} {actual} against {target} ({verdict})",
            goal=_goal_words(row.label, _),
            actual=report.kpi_value(row.actual, row.unit, cur, _),
            target=report.kpi_value(row.target, row.unit, cur, _),
            verdict=_("met") if row.met else _("missed"),
        )
        for row in measured.itertuples()
    ]
    second = _(
        "{met} of {goals} goals met: {items}",
        met=_.number(int(measured["met"].sum())),
        goals=_.number(len(measured)),
        items="; ".join(items),
    )
    unmeasured = goals[goals["met"].isna()]
    if len(unmeasured):
        second += _(
            "; {goals} cannot be measured from the results and must be counted by hand",
            goals=", ".join(_goal_words(label, _) for label in unmeasured["label"]),
        )
    return second + "."


def _where_money_worked(
    campaign: Campaign, markets: pd.DataFrame, advice: pd.DataFrame, _: Translator
) -> str:
    """The best and worst market for the money, and the rehire verdicts."""
    cur = campaign.currency
    result, cost_name, scale = MAIN_RESULT[campaign.objective]
    priced = markets[markets[result] > 0].assign(cpr=lambda m: m["cost"] * scale / m[result])
    verdicts = advice["recommendation"].value_counts() if len(advice) else pd.Series(dtype=int)
    counts = {
        "creators": _.number(len(advice)),
        "rehire": _.number(verdicts.get("rehire", 0)),
        "renegotiate": _.number(verdicts.get("renegotiate", 0)),
        "drop": _.number(verdicts.get("drop", 0)),
    }
    if len(priced) <= 1:
        return _(
            "Of {creators} creators, rehire {rehire}, renegotiate {renegotiate} and drop {drop}.",
            **counts,
        ) + _vetting_sentence(advice, _)
    best, worst = priced.nsmallest(1, "cpr").iloc[0], priced.nlargest(1, "cpr").iloc[0]
    return _(
        "Money worked best in {best} ({cost_name} {best_cost}) and worst in {worst} "
        "({worst_cost}); of {creators} creators, rehire {rehire}, renegotiate {renegotiate} "
        "and drop {drop}.",
        best=report.text(best["key"]),
        cost_name=_.term(cost_name),
        best_cost=report.cost_per_result(best["cpr"], cur, _),
        worst=report.text(worst["key"]),
        worst_cost=report.cost_per_result(worst["cpr"], cur, _),
        **counts,
    ) + _vetting_sentence(advice, _)


def _vetting_sentence(advice: pd.DataFrame, _: Translator) -> str:
    """Who vetting excluded or flagged among the creators (empty when nobody)."""
    warned = advice[advice["vetting"].isin(["excluded", "flagged"])] if "vetting" in advice else []
    if not len(warned):
        return ""
    return _(
        " Vetting excluded or flagged {count} of them ({handles}): check first, or see the "
        "reasons under **Rehire, renegotiate or drop**.",
        count=_.number(len(warned)),
        handles=", ".join(report.text(handle) for handle in warned["handle"]),
    )


def _campaign_kind(objective: str, _: Translator) -> str:
    """The kind of campaign inside a sentence ("an awareness campaign")."""
    words = {
        "awareness": _("an awareness campaign"),
        "engagement": _("an engagement campaign"),
        "conversion": _("a conversion campaign"),
    }
    return words.get(objective, objective)


def attribution_note(attributed: pd.DataFrame, _: Translator) -> str:
    """One sentence on the conversions a shop or analytics export gave (empty when none did).

    Parameters
    ----------
    attributed : DataFrame
        ``read_results(...)["attributed"]``: creator, source, conversions, revenue, posts.
    _ : Translator
        The campaign's words.
    """
    if attributed is None or attributed.empty:
        return ""
    sources = ", ".join(sorted(report.text(s) for s in attributed["source"].astype(str).unique()))
    return _(
        " Conversions and revenue of {count} creator(s) come from {sources} (the campaign's "
        "conversions file), spread over each creator's posts by link clicks: exact per creator, "
        "estimated per post.",
        count=_.number(attributed["influencer_id"].nunique()),
        sources=sources,
    )


def ab_finding(tests: pd.DataFrame, metric: str, _: Translator) -> str:
    """The A/B test's finding on the campaign's rate (``measurement.ab_metric``) in Markdown,
    as a marketer reads it: which variant, how sure (the chance across posts, never shown as
    100%), whether it holds across posts, and what the next test needs.

    Parameters
    ----------
    tests : DataFrame
        :func:`helpers.stages.roi.abtest.variant_tests` output (in the same language).
    metric : str
        The rate the test is judged on; the first row when the tests do not have it.
    _ : Translator
        The campaign's words.
    """
    if not len(tests):
        return _("The results carry no A/B variants to compare.")
    rows = tests.set_index("metric")
    row = rows.loc[metric] if metric in rows.index else rows.iloc[0]
    rate = report.text(report.lower_label(str(row["label"])))
    if row["verdict"] == "not testable":
        return _(
            "**The variants cannot be compared on {rate}**: {why}.",
            rate=rate,
            why=report.text(row["explanation"]),
        )
    if row["verdict"] == "no difference found":
        return _(
            "**No difference in {rate}**: both variants at {value}.",
            rate=rate,
            value=_.percent(row["rate_a"], 3),
        )
    return _ab_verdict_sentence(row, rate, _) + _ab_plan_sentence(row, _)


def _ab_verdict_sentence(row: pd.Series, rate: str, _: Translator) -> str:
    """Which variant is ahead, by how much, and how sure across posts."""
    b_ahead = row["difference"] > 0
    leader, other = (row["b"], row["a"]) if b_ahead else (row["a"], row["b"])
    ahead, behind = (row["rate_b"], row["rate_a"]) if b_ahead else (row["rate_a"], row["rate_b"])
    values = {
        "rate": rate,
        "leader": report.text(leader),
        "other": report.text(other),
        "ahead": _.percent(ahead, 3),
        "behind": _.percent(behind, 3),
        "lift": _lift_words(ahead, behind, _),
        "chance": format_chance(leader_chance(row), _),
        "p_across": format_p(row["adjusted_p_value"], _),
        "p": format_p(row["p_value"], _),
        "trial": _.term(TRIAL_SINGULAR.get(row["trial"], row["trial"])),
    }
    if row["verdict"] == "too few posts":
        return _(
            "**Too few posts to compare the variants on {rate}**: variant {a} has {posts_a} "
            "post(s) and {b} has {posts_b}, too few to tell the variants apart from the posts.",
            rate=rate,
            a=report.text(row["a"]),
            b=report.text(row["b"]),
            posts_a=_.number(row["posts_a"]),
            posts_b=_.number(row["posts_b"]),
        )
    if str(row["verdict"]).endswith(" ahead"):
        return _(
            "**Variant {leader} is better on {rate}**: {ahead} against {behind} for {other} "
            "({lift}), and the difference holds across posts: the chance {leader} is really "
            "better is {chance} ({p_across} across posts).",
            **values,
        )
    if "not confirmed" in str(row["verdict"]):
        return _(
            "**No winner on {rate} yet**: {leader}'s rate is higher ({ahead} against {behind}, "
            "{lift}) and significant counted per {trial} ({p}), but posts differ "
            "so much that it could be which posts got {leader}: the chance {leader} is really "
            "better is {chance} ({p_across} across posts).",
            **values,
        )
    return _(
        "**No winner on {rate}**: {leader} is ahead ({ahead} against {behind}, {lift}), but "
        "that could be chance: the chance {leader} is really better is {chance} ({p_across} "
        "across posts).",
        **values,
    )


def _lift_words(ahead: float, behind: float, _: Translator) -> str:
    """How much higher the leader's rate is: ``+30%``, ``+0.4%`` for a small lift."""
    if not behind > 0:
        return "–"
    lift = ahead / behind - 1
    return _.signed_percent(lift, 0 if abs(lift) >= 0.095 else 1)


def _ab_plan_sentence(row: pd.Series, _: Translator) -> str:
    """What the next test needs to detect the smallest effect worth detecting."""
    if not np.isfinite(row.get("posts_needed", np.nan)):
        return ""
    values = {
        "lift": _.signed_percent(row["lift"]),
        "need": _.number(row["posts_needed"]),
        "posts_a": _.number(row["posts_a"]),
        "posts_b": _.number(row["posts_b"]),
    }
    if row["spread_basis"] != "measured":
        return " " + _(
            "With posts as different as the campaign assumes, detecting {lift} takes about "
            "{need} posts per variant; this test had {posts_a} and {posts_b}.",
            **values,
        )
    return " " + _(
        "With posts as different as these, detecting {lift} takes about {need} posts per "
        "variant; this test had {posts_a} and {posts_b}.",
        **values,
    )
