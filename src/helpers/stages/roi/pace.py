"""The ROI page before the final results are in: the pace so far from the results to date, when
the campaign is live (issue 16: every campaign state is a page).

The goals are measured on the posts so far, the same way as on the final results
(:func:`helpers.stages.roi.goal_attainment`), but no verdict is given: a reach goal at 40% on
day 18 of 43 is not "missed". The share of the window gone by is shown next to it.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers import report
from helpers.core.campaign import Campaign
from helpers.core.state import CampaignState
from helpers.stages.monitoring.page import kpi_column
from helpers.stages.monitoring.projections import elapsed_share
from helpers.stages.roi.goals_met import goal_attainment
from helpers.text.i18n import Translator

PACE_SHOWN = ["label", "market", "target", "so_far", "share_of_target"]


def pace_so_far(goals: list[dict], results: pd.DataFrame, currency: str, _: Translator):
    """Every goal's value on the results to date against its target, without a verdict.

    Parameters
    ----------
    goals : list of dict
        :func:`helpers.stages.roi.campaign_goals` output.
    results : DataFrame
        The checked results to date (``read_results(..., "results_to_date")["results"]``).
    currency : str
        The campaign currency.
    _ : Translator

    Returns
    -------
    DataFrame
        ``label``, ``market``, ``target``, ``so_far`` (text, in each goal's unit) and
        ``share_of_target`` (so far / target; target / so far for costs; NaN when it cannot be
        measured from the results).
    """
    measured = goal_attainment(goals, results)
    view = measured.assign(
        label=measured["label"].map(_.term),
        market=measured["market"].replace({"all": _("all markets")}),
        target=kpi_column(measured, "target", currency, _),
        so_far=kpi_column(measured, "actual", currency, _),
        share_of_target=measured["attainment"],
    )
    return view[PACE_SHOWN]


def pace_view(
    goals: list[dict],
    results: pd.DataFrame,
    state: CampaignState,
    campaign: Campaign,
    _: Translator,
) -> list:
    """The pace so far for the page: a line with the posts and fees so far, and the goals table.

    Returns
    -------
    list
        Displayable objects: Markdown and a table (none without results to date).
    """
    if not len(results):
        return []
    share = elapsed_share(campaign, state.on)
    planned = (
        _(" of {planned} planned", planned=_.number(state.planned_posts))
        if state.planned_posts
        else ""
    )
    line = _(
        "*The pace so far (results to date, provisional):* {posts}{planned} posts live to "
        "{day}, {cost} in fees so far; {share} of the campaign window is gone.",
        posts=_.number(len(results)),
        planned=planned,
        day=_.date(results["posted_at"].max().date()),
        cost=_.money(results["cost"].sum(), campaign.currency),
        share=_.percent(share, 0),
    )
    table = report.table(
        pace_so_far(goals, results, campaign.currency, _),
        formats={"share_of_target": _.as_percent(0)},
        columns={
            "label": _("goal"),
            "so_far": _("so far"),
            "share_of_target": _("share of target"),
        },
        caption=_("Goals so far (results to date): no verdict before the final results"),
        words=_,
    )
    return [Markdown(line), table]
