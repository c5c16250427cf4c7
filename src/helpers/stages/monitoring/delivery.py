"""Who is delivering and where the money not yet committed should go (guide chapter 6.4):
each post and creator against what was expected of them, the budget already committed, and
rule-based advice for the rest.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core import artifacts, metrics
from helpers.core.campaign import Campaign
from helpers.core.results import MAIN_RESULT, RESULT_NAMES, contracted_fees
from helpers.text.i18n import Translator, translator

OVER_PERFORMING = 1.5  # delivers 1.5x what its cost buys at the campaign's average rate
UNDER_PERFORMING = 1 / 1.5
MAX_EXTRA_POSTS = 2  # per creator: more from one account mostly reaches the same people
RESERVE_SHARE = 0.1  # of the budget, kept back for the unexpected
MIN_FORECAST_COVERAGE = 0.5  # forecasts for under half of the posts belong to another plan
ENGLISH = translator("en")
POST_COLUMNS = ["post_id", "handle", "influencer_id", "platform", "market", "format", "posted_at"]
PLAN_COLUMNS = [
    "handle",
    "influencer_id",
    "platform",
    "market",
    "extra_posts",
    "cost",
    "expected_result",
    "cost_per_result",
]


def forecast_per_post(
    run_dir: Path, result: str, results: pd.DataFrame, _: Translator = ENGLISH
) -> tuple[pd.Series | None, str]:
    """Each post's forecast ``result`` from the negotiation stage's ``offers.csv``
    (``expected_<result>`` per unit of a creator's deliverable), when it covers the posts.

    A post is matched on creator and format (its deliverable); a creator's other deliverables
    are averaged when the format was not priced. Forecasts that cover fewer than half of the
    posts belong to another plan than the one running and are not used.

    Returns
    -------
    (Series or None, str)
        The forecast per post (aligned with ``results``), and a sentence (in the words of
        ``_``) saying what "expected" means on the page.
    """
    fallback = _(
        "Expected is what each fee buys at the campaign's average cost per result so far "
        "(value for money)."
    )
    path = Path(run_dir) / "offers.csv"
    column = f"expected_{result}"
    if not path.is_file() or results.empty:
        return None, fallback
    offers = artifacts.read_table(path, keep_default_na=True)
    if column not in offers or not {"influencer_id", "deliverable"} <= set(offers.columns):
        return None, fallback
    offers = offers.dropna(subset=[column])
    by_format = offers.groupby(["influencer_id", "deliverable"])[column].mean()
    by_creator = offers.groupby("influencer_id")[column].mean()
    keys = pd.MultiIndex.from_arrays([results["influencer_id"], results["format"]])
    forecast = pd.Series(by_format.reindex(keys).to_numpy(), index=results.index)
    forecast = forecast.fillna(results["influencer_id"].map(by_creator))
    if forecast.notna().mean() < MIN_FORECAST_COVERAGE:
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
    result = MAIN_RESULT[campaign.objective][0]
    posts = _expected_per_post(results, result, forecast)
    table = posts if level == "post" else _per_creator(posts)
    table["index"] = metrics.ratio(table["result"], table["expected"])
    table["status"] = [_performance_status(index, forecast is not None) for index in table["index"]]
    return table.sort_values("index", ascending=False, na_position="last").reset_index(drop=True)


def _expected_per_post(
    results: pd.DataFrame, result: str, forecast: pd.Series | None
) -> pd.DataFrame:
    """Each post's result and what was expected of it (the forecast, else value for money)."""
    posts = results[[*POST_COLUMNS, "cost", result]].rename(columns={result: "result"})
    posts["posts"] = 1
    if forecast is not None:
        posts["expected"] = forecast
    else:
        per_money = metrics.ratio(results[result].sum(), results["cost"].sum())
        posts["expected"] = posts["cost"] * per_money
    return posts


def _per_creator(posts: pd.DataFrame) -> pd.DataFrame:
    """The posts summed per creator; expected only when every post of theirs has a forecast."""
    grouped = posts.groupby("influencer_id")
    table = grouped[["handle", "platform", "market"]].first()
    table[["posts", "cost", "result"]] = grouped[["posts", "cost", "result"]].sum()
    table["expected"] = (
        grouped["expected"].sum(min_count=1).where(grouped["expected"].count() == grouped.size())
    )
    return table.reset_index()


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
    cur = campaign.currency
    _ = translator(campaign.language)
    if contracts is not None and "agreed_fee" in contracts:
        total = float(contracted_fees(contracts, cur).sum())
        return total, _("the contracted fees")
    spent = float(results["cost"].sum())
    per_post = spent / len(results) if len(results) else 0.0
    return spent + per_post * remaining, _(
        "{spent} paid for the posts so far, plus about {remaining} more posts at their average "
        "of {per_post}",
        spent=_.money(spent, cur),
        remaining=_.number(remaining),
        per_post=_.money(per_post, cur),
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
    scale = MAIN_RESULT[campaign.objective][2]
    spendable = max(uncommitted - RESERVE_SHARE * campaign.budget, 0.0)
    rows = []
    for creator in _good_value(creators, scale).itertuples(index=False):
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
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def _good_value(creators: pd.DataFrame, scale: float) -> pd.DataFrame:
    """The creators who beat the campaign's average cost per result, cheapest first, with
    their fee, result and cost per result per post."""
    pool = creators[(creators["cost"] > 0) & (creators["result"] > 0)].copy()
    pool["fee_per_post"] = pool["cost"] / pool["posts"]
    pool["result_per_post"] = pool["result"] / pool["posts"]
    pool["cost_per_result"] = pool["fee_per_post"] * scale / pool["result_per_post"]
    average = metrics.ratio(creators["cost"].sum() * scale, creators["result"].sum())
    return pool[pool["cost_per_result"] <= average].sort_values("cost_per_result")


def reallocation_plan(
    creators: pd.DataFrame, campaign: Campaign, uncommitted: float
) -> tuple[pd.DataFrame, str]:
    """Advice for the budget not yet committed, and the method that gave it.

    The rule-based :func:`reallocation` (cheapest result first); the sentence says which rule.
    """
    _ = translator(campaign.language)
    plan = reallocation(creators, campaign, uncommitted)
    result, cost_name, _scale = MAIN_RESULT[campaign.objective]
    return plan, _(
        "Rule-based: creators whose {cost_name} beats the campaign's average so far get up to "
        "{count} more posts each, cheapest {result} first, at their average fee and result per "
        "post so far, keeping {reserve} of the budget in reserve.",
        cost_name=_.term(cost_name),
        count=_.number(MAX_EXTRA_POSTS),
        result=_.term(RESULT_NAMES[result]),
        reserve=_.percent(RESERVE_SHARE, 0),
    )
