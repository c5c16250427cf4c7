"""Stage 05, monitoring: pacing of each goal while the campaign is live, who is over- or
under-delivering, and where the budget not yet committed should go (guide chapters 6.2, 6.4).

Pacing projects each goal to the end of the campaign from the posts so far. The posts still to
come are taken from the contracts or the content calendar when those exist, else from a straight
line (as many posts per day as so far). Each simulated finish re-draws the remaining posts from
the posts so far (a bootstrap), which gives the projected end value, its likely range (the
middle 80% of 4,000 simulated finishes) and the chance of meeting the target:

- **on track**: at least two simulated finishes in three meet the target;
- **at risk**: between one in five and two in three;
- **off track**: fewer than one in five.

Sentences for people (how the numbers were worked out, notes, the summary) are in the campaign's
language; the statuses stay English in ``monitoring.csv`` and are translated for display with
:func:`helpers.stages.roi.in_language`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import report
from helpers.core import metrics
from helpers.core.campaign import Campaign
from helpers.stages import roi
from helpers.stages.roi import in_language, money_text
from helpers.text.i18n import translator

SIMULATIONS = 4_000
SEED = 2027
ON_TRACK_CHANCE = 2 / 3
OFF_TRACK_CHANCE = 0.2
LIKELY_RANGE = (0.1, 0.9)
OVER_PERFORMING = 1.5  # delivers 1.5x what its cost buys at the campaign's average rate
UNDER_PERFORMING = 1 / 1.5
MAX_EXTRA_POSTS = 2  # per creator: more from one account mostly reaches the same people
RESERVE_SHARE = 0.1  # of the budget, kept back for the unexpected


def monitoring_table(campaign: Campaign) -> str | None:
    """Which results table monitoring reads: ``results_to_date``, else ``results`` cut at
    ``measurement.as_of``, else None (nothing to monitor yet)."""
    if campaign.data.results_to_date is not None:
        return "results_to_date"
    if campaign.data.results is not None and campaign.measurement.as_of is not None:
        return "results"
    return None


def as_of_date(campaign: Campaign, results: pd.DataFrame) -> date:
    """The monitoring date: ``measurement.as_of``, else the last day with a post, else the start."""
    if campaign.measurement.as_of is not None:
        return campaign.measurement.as_of
    if len(results):
        return min(max(results["posted_at"].max().date(), campaign.start), campaign.end)
    return campaign.start


def elapsed_share(campaign: Campaign, as_of: date) -> float:
    """Share of the campaign window gone by on ``as_of`` (that day included), 0 to 1."""
    done = (as_of - campaign.start).days + 1
    return float(np.clip(done / campaign.days, 0.0, 1.0))


MIN_PLAN_COVERAGE = 0.5  # a plan naming under half of the creators who posted is another plan


def remaining_posts(
    results: pd.DataFrame,
    share: float,
    contracts: pd.DataFrame | None = None,
    calendar: pd.DataFrame | None = None,
    as_of: date | None = None,
    language: str = "en",
) -> tuple[float, str]:
    """How many posts are still to come, and how that was worked out.

    From the contracts (deliverables contracted minus posts so far), else the content calendar
    (deliverables going live after ``as_of``), else a straight line: posts so far x
    (1 - share) / share. A contract list or calendar that names fewer than half of the creators
    who posted describes another plan than the one running, and is not used.
    """
    _ = translator(language)
    posts_so_far = len(results)
    notes = []
    if contracts is not None and "quantity" in contracts:
        if _covers(contracts, results):
            total = float(contracts["quantity"].sum())
            return max(total - posts_so_far, 0.0), _(
                "{total} contracted deliverables, {live} live so far",
                total=_.number(total),
                live=_.number(posts_so_far),
            )
        notes.append(_("the contracts name other creators than the results"))
    live_column = _go_live_column(calendar)
    if calendar is not None and live_column and as_of is not None:
        if _covers(calendar, results):
            go_live = pd.to_datetime(calendar[live_column].astype(str).str[:10], errors="coerce")
            later = int((go_live.dt.date > as_of).sum())
            return float(later), _(
                "{count} deliverables on the content calendar after {day}",
                count=_.number(later),
                day=_.date(as_of),
            )
        notes.append(_("the content calendar names other creators than the results"))
    aside = _(" ({notes}, so they were not used)", notes="; ".join(notes)) if notes else ""
    if share <= 0 or posts_so_far == 0:
        return 0.0, _("no posts yet") + aside
    left = posts_so_far * (1 - share) / share
    return left, _(
        "straight line: {posts} posts in {share} of the window, so about {left} more by the "
        "end{aside}",
        posts=_.number(posts_so_far),
        share=_.percent(share, 0),
        left=_.number(left),
        aside=aside,
    )


def _covers(plan: pd.DataFrame, results: pd.DataFrame) -> bool:
    """True when the plan names at least half of the creators who posted."""
    if "influencer_id" not in plan or results.empty:
        return "influencer_id" in plan
    posted = set(results["influencer_id"])
    return len(posted & set(plan["influencer_id"])) >= MIN_PLAN_COVERAGE * len(posted)


def _go_live_column(calendar: pd.DataFrame | None) -> str | None:
    if calendar is None:
        return None
    names = ("go_live_date", "go_live_local", "go_live_utc", "go_live")
    return next((c for c in names if c in calendar), None)


def read_calendar(run_dir: Path) -> pd.DataFrame | None:
    """The calendar stage's ``calendar.csv`` from the run folder, if it is there."""
    path = Path(run_dir) / "calendar.csv"
    return pd.read_csv(path) if path.is_file() else None


def simulate_finish(
    results: pd.DataFrame, kpi: roi.KPI, remaining: float, rng: np.random.Generator
) -> np.ndarray:
    """End values of a KPI in :data:`SIMULATIONS` finishes, re-drawing the remaining posts from
    the posts so far."""
    count = int(round(remaining))
    numerator = results[kpi.numerator].to_numpy(float)
    denominator = results[kpi.denominator].to_numpy(float) if kpi.denominator else None
    draws = rng.integers(0, len(results), size=(SIMULATIONS, count))
    top = (numerator.sum() + numerator[draws].sum(axis=1)) * kpi.scale
    if denominator is None:
        return top
    bottom = denominator.sum() + denominator[draws].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom > 0, top / bottom, np.nan)


def project_goal(
    goal: dict,
    results: pd.DataFrame,
    remaining: float,
    rng: np.random.Generator,
    language: str = "en",
) -> dict:
    """One goal's value so far, projected end value, likely range, chance and status.

    Parameters
    ----------
    goal : dict
        ``kpi``, ``label``, ``target``, ``market`` (see :func:`helpers.stages.roi.campaign_goals`).
    results : DataFrame
        Checked results to date.
    remaining : float
        Posts still to come in the whole campaign (shared out by market for a market's goal).
    rng : numpy.random.Generator
    language : str
        The language of the ``note``.
    """
    _ = translator(language)
    kpi = roi.KPIS.get(goal["kpi"])
    chosen = results if not goal["market"] else results[results["market"] == goal["market"]]
    row = {
        "kpi": goal["kpi"],
        "label": goal["label"],
        "market": goal["market"] or "all",
        "target": goal["target"],
        "unit": kpi.unit if kpi else "count",
        "lower_is_better": bool(goal.get("lower_is_better", kpi and kpi.lower_is_better)),
        "posts_so_far": len(chosen),
    }
    if kpi is None:
        return row | {
            "status": "not measured",
            "note": _("not in the results file: track it by hand"),
        }
    if chosen.empty:
        return row | {"status": "no data yet", "note": _("no posts yet")}
    if goal["market"] and len(results):
        remaining = remaining * len(chosen) / len(results)
    totals = roi.column_totals(chosen)
    finish = simulate_finish(chosen, kpi, remaining, rng)
    finish = finish[np.isfinite(finish)]
    projected = kpi.value(totals + totals / len(chosen) * remaining)
    lower = row["lower_is_better"]
    meets = finish <= goal["target"] if lower else finish >= goal["target"]
    chance = float(meets.mean()) if len(finish) else float("nan")
    low, high = np.quantile(finish, LIKELY_RANGE) if len(finish) else (np.nan, np.nan)
    return row | {
        "actual_to_date": kpi.value(totals),
        "projected_end": projected,
        "projected_low": float(low),
        "projected_high": float(high),
        "projected_attainment": roi.attainment(projected, goal["target"], lower),
        "chance_of_meeting": chance,
        "status": status_of(chance),
        "note": in_language(kpi.formula, language),
    }


def status_of(chance: float) -> str:
    """on track / at risk / off track from the chance of meeting the target."""
    if not np.isfinite(chance):
        return "no data yet"
    if chance >= ON_TRACK_CHANCE:
        return "on track"
    return "at risk" if chance >= OFF_TRACK_CHANCE else "off track"


def pacing(
    goals: list[dict], results: pd.DataFrame, campaign: Campaign, as_of: date, remaining: float
) -> pd.DataFrame:
    """Every goal's pacing: the ``monitoring.csv`` artifact.

    Returns
    -------
    DataFrame
        ``kpi``, ``label``, ``market``, ``target``, ``unit``, ``lower_is_better``,
        ``posts_so_far``, ``actual_to_date``, ``projected_end``, ``projected_low``,
        ``projected_high`` (the middle 80% of simulated finishes), ``projected_attainment``,
        ``chance_of_meeting``, ``status`` (English: on track, at risk, off track, not measured,
        no data yet), ``note`` (in the campaign's language), ``as_of``, ``elapsed_share`` and
        ``remaining_posts``.
    """
    rng = np.random.default_rng(SEED)
    rows = [project_goal(goal, results, remaining, rng, campaign.language) for goal in goals]
    columns = [
        "kpi",
        "label",
        "market",
        "target",
        "unit",
        "lower_is_better",
        "posts_so_far",
        "actual_to_date",
        "projected_end",
        "projected_low",
        "projected_high",
        "projected_attainment",
        "chance_of_meeting",
        "status",
        "note",
    ]
    table = pd.DataFrame(rows).reindex(columns=columns)
    table["as_of"] = as_of
    table["elapsed_share"] = elapsed_share(campaign, as_of)
    table["remaining_posts"] = remaining
    return table


def cumulative_path(
    results: pd.DataFrame, kpi: str, campaign: Campaign, as_of: date, target: float | None
) -> pd.DataFrame:
    """A summed KPI day by day so far, next to the straight-line path to its target.

    Returns
    -------
    DataFrame
        ``day``, ``actual`` (cumulative, up to ``as_of``) and ``straight_line`` (target x share
        of the window gone by), for every day of the window.
    """
    column = roi.KPIS[kpi].numerator
    days = pd.date_range(campaign.start, campaign.end, freq="D")
    daily = results.groupby(results["posted_at"].dt.normalize())[column].sum()
    actual = daily.reindex(days, fill_value=0).cumsum()
    actual[days > pd.Timestamp(as_of)] = np.nan
    share = np.arange(1, len(days) + 1) / len(days)
    line = share * target if target is not None else np.full(len(days), np.nan)
    return pd.DataFrame({"day": days, "actual": actual.to_numpy(), "straight_line": line})


def forecast_per_post(
    run_dir: Path, result: str, results: pd.DataFrame, language: str = "en"
) -> tuple[pd.Series | None, str]:
    """Each post's forecast ``result`` from the negotiation stage's ``offers.csv``
    (``expected_<result>`` per unit of a creator's deliverable), when it covers the posts.

    A post is matched on creator and format (its deliverable); a creator's other deliverables
    are averaged when the format was not priced. Forecasts that cover fewer than half of the
    posts belong to another plan than the one running and are not used.

    Returns
    -------
    (Series or None, str)
        The forecast per post (aligned with ``results``), and a sentence saying what
        "expected" means on the page.
    """
    _ = translator(language)
    fallback = _(
        "Expected is what each fee buys at the campaign's average cost per result so far "
        "(value for money)."
    )
    path = Path(run_dir) / "offers.csv"
    column = f"expected_{result}"
    if not path.is_file() or results.empty:
        return None, fallback
    offers = pd.read_csv(path)
    if column not in offers or not {"influencer_id", "deliverable"} <= set(offers.columns):
        return None, fallback
    offers = offers.dropna(subset=[column])
    by_format = offers.groupby(["influencer_id", "deliverable"])[column].mean()
    by_creator = offers.groupby("influencer_id")[column].mean()
    keys = pd.MultiIndex.from_arrays([results["influencer_id"], results["format"]])
    forecast = pd.Series(by_format.reindex(keys).to_numpy(), index=results.index)
    forecast = forecast.fillna(results["influencer_id"].map(by_creator))
    if forecast.notna().mean() < MIN_PLAN_COVERAGE:
        return None, fallback + _(
            " The negotiation stage's forecasts cover too few of these posts."
        )
    return forecast, _("Expected is the negotiation stage's forecast for each deliverable.")


def performance(
    results: pd.DataFrame,
    campaign: Campaign,
    level: str = "post",
    forecast: pd.Series | None = None,
) -> pd.DataFrame:
    """Posts or creators against what was expected of them on the objective's main result.

    Expected is the forecast per post from the negotiation stage when given
    (:func:`forecast_per_post`); otherwise what the post's cost buys at the campaign's average
    cost per result so far (so an index of 2 means twice the result for the money).

    Parameters
    ----------
    results : DataFrame
        Checked results to date.
    campaign : Campaign
    level : str
        ``"post"`` or ``"influencer"``.
    forecast : Series, optional
        Expected result per post, aligned with ``results``.

    Returns
    -------
    DataFrame
        Identity columns, ``posts``, ``cost``, ``result``, ``expected``, ``index``
        (result / expected) and ``status`` (over-performing, as expected, under-performing,
        no cost, no forecast).
    """
    result, _, _ = roi.MAIN_RESULT[campaign.objective]
    posts = results[
        [
            "post_id",
            "handle",
            "influencer_id",
            "platform",
            "market",
            "format",
            "posted_at",
            "cost",
            result,
        ]
    ].rename(columns={result: "result"})
    posts["posts"] = 1
    if forecast is not None:
        posts["expected"] = forecast
    else:
        per_money = metrics.ratio(results[result].sum(), results["cost"].sum())
        posts["expected"] = posts["cost"] * per_money
    if level == "post":
        table = posts
    else:
        grouped = posts.groupby("influencer_id")
        table = grouped[["handle", "platform", "market"]].first()
        table[["posts", "cost", "result"]] = grouped[["posts", "cost", "result"]].sum()
        table["expected"] = (
            grouped["expected"]
            .sum(min_count=1)
            .where(grouped["expected"].count() == grouped.size())
        )
        table = table.reset_index()
    table["index"] = metrics.ratio(table["result"], table["expected"])
    table["status"] = [_performance_status(index, forecast is not None) for index in table["index"]]
    return table.sort_values("index", ascending=False, na_position="last").reset_index(drop=True)


def _performance_status(index: float, has_forecast: bool) -> str:
    if not np.isfinite(index):
        return "no forecast" if has_forecast else "no cost"
    if index >= OVER_PERFORMING:
        return "over-performing"
    return "under-performing" if index <= UNDER_PERFORMING else "as expected"


def committed_budget(
    campaign: Campaign,
    results: pd.DataFrame,
    remaining: float,
    contracts: pd.DataFrame | None = None,
) -> tuple[float, str]:
    """Money already committed, and how it was worked out.

    The contracted fees when the negotiation stage lists them; otherwise what the posts so far
    cost plus the posts still to come at the average cost per post so far.
    """
    language, cur = campaign.language, campaign.currency
    _ = translator(language)
    if contracts is not None and "agreed_fee" in contracts:
        total = float(roi.contracted_fees(contracts, cur).sum())
        return total, _("the contracted fees")
    spent = float(results["cost"].sum())
    per_post = spent / len(results) if len(results) else 0.0
    return spent + per_post * remaining, _(
        "{spent} paid for the posts so far, plus about {remaining} more posts at their average "
        "of {per_post}",
        spent=money_text(spent, cur, language),
        remaining=_.number(remaining),
        per_post=money_text(per_post, cur, language),
    )


def reallocation(
    creators: pd.DataFrame,
    campaign: Campaign,
    uncommitted: float,
    max_extra_posts: int = MAX_EXTRA_POSTS,
) -> pd.DataFrame:
    """Rule-based advice for the budget not yet committed: extra posts from the creators who
    deliver the objective's result for less than the campaign's average cost per result,
    cheapest result first, at most ``max_extra_posts`` each, keeping :data:`RESERVE_SHARE` of
    the budget back.

    Parameters
    ----------
    creators : DataFrame
        :func:`performance` at the ``"influencer"`` level.
    campaign : Campaign
    uncommitted : float
        Budget not yet committed, campaign currency.

    Returns
    -------
    DataFrame
        ``handle``, ``platform``, ``market``, ``extra_posts``, ``cost`` (at their average fee
        per post so far), ``expected_result`` (at their average result per post so far) and
        ``cost_per_result``.
    """
    result, _, scale = roi.MAIN_RESULT[campaign.objective]
    spendable = max(uncommitted - RESERVE_SHARE * campaign.budget, 0.0)
    pool = creators[(creators["cost"] > 0) & (creators["result"] > 0)].copy()
    pool["fee_per_post"] = pool["cost"] / pool["posts"]
    pool["result_per_post"] = pool["result"] / pool["posts"]
    pool["cost_per_result"] = pool["fee_per_post"] * scale / pool["result_per_post"]
    # only creators who beat the campaign's average cost per result get more of the money
    average = metrics.ratio(creators["cost"].sum() * scale, creators["result"].sum())
    pool = pool[pool["cost_per_result"] <= average]
    rows = []
    for creator in pool.sort_values("cost_per_result").itertuples(index=False):
        extra = int(min(max_extra_posts, spendable // creator.fee_per_post))
        if extra <= 0:
            continue
        spendable -= extra * creator.fee_per_post
        rows.append(
            {
                "handle": creator.handle,
                "influencer_id": creator.influencer_id,
                "platform": creator.platform,
                "market": creator.market,
                "extra_posts": extra,
                "cost": extra * creator.fee_per_post,
                "expected_result": extra * creator.result_per_post,
                "cost_per_result": creator.cost_per_result,
            }
        )
    columns = [
        "handle",
        "influencer_id",
        "platform",
        "market",
        "extra_posts",
        "cost",
        "expected_result",
        "cost_per_result",
    ]
    return pd.DataFrame(rows, columns=columns)


def monitoring_summary(
    campaign: Campaign,
    table: pd.DataFrame,
    creators: pd.DataFrame,
    plan: pd.DataFrame,
    uncommitted: float,
) -> str:
    """The stage's finding in three sentences of Markdown: where the goals stand, who delivers,
    and what to do with the money not yet committed (in the campaign's language)."""
    language, cur = campaign.language, campaign.currency
    _ = translator(language)
    if table.empty or table["posts_so_far"].fillna(0).sum() == 0:
        return _(
            "No results yet: monitoring starts once the first posts are live and their numbers "
            "are in the campaign's `data.results_to_date` file."
        )
    share, as_of = float(table["elapsed_share"].iloc[0]), table["as_of"].iloc[0]
    tracked = table[table["status"].isin(["on track", "at risk", "off track"])]
    counts = tracked["status"].value_counts()
    parts = [
        _("{count} {status}", count=_.number(counts[s]), status=in_language(s, language))
        for s in ("on track", "at risk", "off track")
        if counts.get(s, 0)
    ]
    first = _(
        "On {day}, {share} of the way through the window, the goals are **{parts}**",
        day=_.date(as_of),
        share=_.percent(share, 0),
        parts=", ".join(parts) or _("not measurable from the results"),
    )
    worst = tracked.sort_values("chance_of_meeting").iloc[0] if len(tracked) else None
    if worst is not None:
        values = {
            "goal": report.text(roi.lower_label(in_language(worst["label"], language))),
            "projected": format_value(worst["projected_end"], worst["unit"], cur, language),
            "target": format_value(worst["target"], worst["unit"], cur, language),
            "chance": format_chance(worst["chance_of_meeting"], language),
        }
        if worst["status"] == "on track":
            first += _(
                "; the closest call, {goal}, is heading for **{projected}** against a target of "
                "{target} (chance of meeting it: {chance}).",
                **values,
            )
        else:
            first += _(
                "; the weakest, {goal}, is heading for **{projected}** against a target of "
                "{target} (chance of meeting it: {chance}).",
                **values,
            )
    else:
        first += "."
    result, _cost_name, _scale = roi.MAIN_RESULT[campaign.objective]
    result_words = in_language(roi.RESULT_NAMES[result], language)
    best = creators[creators["status"] == "over-performing"]
    weak = creators[creators["status"] == "under-performing"]
    who = {
        "best_count": _.number(len(best)),
        "creators": _.number(len(creators)),
        "result": result_words,
        "weak_count": _.number(len(weak)),
    }
    if len(best):
        second = _(
            "{best_count} of {creators} creators deliver at least 1.5x the {result} expected of "
            "them (best: {best}); {weak_count} deliver less than two thirds of it.",
            best=report.text(best.iloc[0]["handle"]),
            **who,
        )
    else:
        second = _(
            "{best_count} of {creators} creators deliver at least 1.5x the {result} expected of "
            "them; {weak_count} deliver less than two thirds of it.",
            **who,
        )
    money = money_text(uncommitted, cur, language)
    all_on_track = len(tracked) > 0 and (tracked["status"] == "on track").all()
    if uncommitted <= 0:
        third = _("The whole budget is committed: steer through briefs and timing, not money.")
    elif all_on_track and len(plan):
        third = _(
            "With every goal on track, keep the {money} not yet committed in reserve, or buy more "
            "from {handle}, the best value so far.",
            money=money,
            handle=report.text(plan["handle"].iloc[0]),
        )
    elif all_on_track:
        third = _(
            "With every goal on track, keep the {money} not yet committed in reserve.", money=money
        )
    elif len(plan):
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
        third = _(
            "Of the {money} not yet committed, put {cost} into {posts} more posts from "
            "{handles}{others} for about {gain} more {result}{lift}.",
            money=money,
            cost=money_text(plan["cost"].sum(), cur, language),
            posts=_.number(plan["extra_posts"].sum()),
            handles=", ".join(report.text(h) for h in plan["handle"].head(3)),
            others=_(" and others") if len(plan) > 3 else "",
            gain=_.number(plan["expected_result"].sum()),
            result=result_words,
            lift=lift,
        )
    else:
        third = _(
            "{money} is not yet committed and no creator so far beats the campaign's average "
            "value: spend it on new creators like the best ones, or on paid amplification of "
            "the best posts.",
            money=money,
        )
    return " ".join([first, second, third])


def format_chance(chance: float, language: str = "en") -> str:
    """A chance for people: 'under 1%' and 'over 99%' rather than 0% and 100%."""
    if not np.isfinite(chance):
        return "–"
    _ = translator(language)
    if chance < 0.01:
        return _("under {percent}", percent=_.percent(0.01, 0))
    if chance > 0.99:
        return _("over {percent}", percent=_.percent(0.99, 0))
    return _.percent(chance, 0)


def format_value(value: float, unit: str, currency: str = "", language: str = "en") -> str:
    """A KPI value as people read it: 1,234,567 / 3.5% / 19.50 EUR / 2.20x (``1 234 567``,
    ``3,5%``, ``19,50 €``, ``2,20×`` in Latvian)."""
    if value is None or not np.isfinite(value):
        return "–"
    _ = translator(language)
    if unit == "rate":
        return _.percent(value, 1)
    if unit == "money":
        if currency:
            return money_text(value, currency, language, 2)
        return _.number(value, 2)
    if unit == "multiple":
        return roi.times_text(value, language)
    return _.number(value)


def reallocation_plan(
    creators: pd.DataFrame, campaign: Campaign, uncommitted: float
) -> tuple[pd.DataFrame, str]:
    """Advice for the budget not yet committed, and the method that gave it.

    The rule-based :func:`reallocation` (cheapest result first); the sentence says which rule.
    """
    language = campaign.language
    _ = translator(language)
    plan = reallocation(creators, campaign, uncommitted)
    result, cost_name, _scale = roi.MAIN_RESULT[campaign.objective]
    return plan, _(
        "Rule-based: creators whose {cost_name} beats the campaign's average so far get up to "
        "{count} more posts each, cheapest {result} first, at their average fee and result per "
        "post so far, keeping {reserve} of the budget in reserve.",
        cost_name=in_language(cost_name, language),
        count=_.number(MAX_EXTRA_POSTS),
        result=in_language(roi.RESULT_NAMES[result], language),
        reserve=_.percent(RESERVE_SHARE, 0),
    )
