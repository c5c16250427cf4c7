"""What can be shown before the results are in: the plan, from the run folder's artifacts
(the calendar stage's ``calendar.csv``, the negotiation stage's ``offers.csv``), else from the
campaign file's phases (issue 16: every campaign state is a page).

The monitoring page shows it while the campaign is planning; the ROI page shows it until the
final results are in, next to the pace so far when the campaign is live.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from helpers import report
from helpers.core import artifacts
from helpers.core.campaign import Campaign
from helpers.core.state import CampaignState, outside_lines
from helpers.core.state import state_line as campaign_state_line
from helpers.text.i18n import Translator

PLAN_COLUMNS = ["phase", "first_go_live", "last_go_live", "posts", "creators", "fees"]


def planned_posts(run_dir: str | Path | None, campaign: Campaign) -> tuple[pd.DataFrame, str]:
    """The plan phase by phase: posts, creators, first and last go-live, fees.

    Parameters
    ----------
    run_dir : str or Path, optional
        The run folder; its ``calendar.csv`` (stage 04) is the plan when it is there.
    campaign : Campaign
        Its ``calendar.phases`` are the plan without a calendar.

    Returns
    -------
    (DataFrame, str)
        One row per phase (``phase``, ``first_go_live``, ``last_go_live``, ``posts``,
        ``creators``, ``fees`` in the campaign currency; posts, creators and fees are missing
        when the plan comes from the phases; ``attrs["creators"]`` is the calendar's number of
        creators), and ``calendar`` or ``phases`` (or ``none``).
    """
    path = Path(run_dir) / "calendar.csv" if run_dir else None
    if path is not None and path.is_file():
        calendar = artifacts.read_table(path, keep_default_na=True)
        scheduled = calendar[calendar.get("status", pd.Series("", calendar.index)) != "unscheduled"]
        if len(scheduled):
            table = _by_phase(scheduled)
            table.attrs["creators"] = int(scheduled["influencer_id"].nunique())
            return table, "calendar"
    phases = campaign.calendar.phases
    if not phases:
        return pd.DataFrame(columns=PLAN_COLUMNS), "none"
    return (
        pd.DataFrame(
            {
                "phase": [phase.name for phase in phases],
                "first_go_live": [phase.start for phase in phases],
                "last_go_live": [phase.end for phase in phases],
                "posts": [pd.NA] * len(phases),
                "creators": [pd.NA] * len(phases),
                "fees": [float("nan")] * len(phases),
            }
        ),
        "phases",
    )


def _by_phase(scheduled: pd.DataFrame) -> pd.DataFrame:
    """The calendar's scheduled posts summed by phase, in order of their first go-live."""
    frame = scheduled.assign(
        go_live=pd.to_datetime(scheduled["go_live_local"], errors="coerce"),
        phase=scheduled.get("phase", pd.Series("", scheduled.index)).fillna(""),
        fee=pd.to_numeric(scheduled.get("fee_per_post"), errors="coerce"),
    )
    table = (
        frame.groupby("phase", sort=False)
        .agg(
            first_go_live=("go_live", "min"),
            last_go_live=("go_live", "max"),
            posts=("post_id", "count"),
            creators=("influencer_id", "nunique"),
            fees=("fee", lambda fees: fees.sum(min_count=1)),
        )
        .reset_index()
        .sort_values("first_go_live", kind="stable")
    )
    for column in ("first_go_live", "last_go_live"):
        table[column] = table[column].dt.date
    return table[PLAN_COLUMNS].reset_index(drop=True)


def planned_offers(run_dir: str | Path | None) -> pd.DataFrame | None:
    """The negotiation stage's planned offers (``offers.csv``, the selected rows) or None."""
    path = Path(run_dir) / "offers.csv" if run_dir else None
    if path is None or not path.is_file():
        return None
    offers = artifacts.read_table(path, keep_default_na=True)
    if "selected" in offers:
        offers = offers[offers["selected"].astype(str).str.lower().isin(["true", "1"])]
    return offers


def plan_lines(
    plan: pd.DataFrame,
    source: str,
    offers: pd.DataFrame | None,
    state: CampaignState,
    campaign: Campaign,
    _: Translator,
) -> str:
    """The plan in a few Markdown bullets: posts and creators, the first go-live, the fees.

    Parameters
    ----------
    plan, source
        :func:`planned_posts` output.
    offers : DataFrame or None
        :func:`planned_offers` output.
    state : CampaignState
        The campaign's state (its first planned go-live and days to it).
    campaign : Campaign
    _ : Translator
    """
    cur = campaign.currency
    lines = []
    if source == "calendar":
        lines.append(
            _(
                "- **{posts} posts** by {creators} creators are scheduled from {first} to {last} "
                "(the content calendar, calendar.csv), for {fees} in fees.",
                posts=_.number(plan["posts"].sum()),
                creators=_.number(plan.attrs.get("creators", 0)),
                first=_.date(plan["first_go_live"].min()),
                last=_.date(plan["last_go_live"].max()),
                fees=_.money(plan["fees"].sum(), cur),
            )
        )
    elif source == "phases":
        lines.append(
            _(
                "- No content calendar in this run yet (stage 04 writes calendar.csv): the "
                "phases of the campaign file run from {first} to {last}.",
                first=_.date(plan["first_go_live"].min()),
                last=_.date(plan["last_go_live"].max()),
            )
        )
    if offers is not None and len(offers) and "planned_cost" in offers:
        lines.append(
            _(
                "- The negotiation plan (offers.csv) books {creators} creators for {cost} of "
                "the {budget} budget.",
                creators=_.number(offers["influencer_id"].nunique()),
                cost=_.money(pd.to_numeric(offers["planned_cost"], errors="coerce").sum(), cur),
                budget=_.money(campaign.budget, cur),
            )
        )
    return "\n".join(lines)


def state_finding(finding: str, state: CampaignState, campaign: Campaign, _: Translator) -> str:
    """A page's finding with the campaign's state first and, when a results file has no post in
    the window, which file and what to check.

    Parameters
    ----------
    finding : str
        The page's own finding (Markdown).
    state : CampaignState
        :func:`helpers.core.state.campaign_state` output.
    campaign : Campaign
    _ : Translator
    """
    named = _(
        "Campaign state: **{state}**.",
        state=report.text(campaign_state_line(state, campaign, _)),
    )
    outside = " ".join(report.text(line) for line in outside_lines(state, campaign, _))
    return " ".join(part for part in (named, outside, finding) if part)


def plan_view(run_dir: str | Path | None, state: CampaignState, campaign: Campaign, _: Translator):
    """What the plan already shows, for a page whose results are not in: the bullets of
    :func:`plan_lines` and the table of :func:`planned_posts`.

    Returns
    -------
    list
        Displayable objects (Markdown and a table), none when there is no plan at all.
    """
    plan, source = planned_posts(run_dir, campaign)
    if source == "none":
        return []
    lines = plan_lines(plan, source, planned_offers(run_dir), state, campaign, _)
    shown = plan.dropna(axis=1, how="all").assign(phase=plan["phase"].map(report.text))
    caption = (
        _("The plan by phase (calendar.csv)")
        if source == "calendar"
        else _("The campaign file's phases")
    )
    table = report.table(
        shown,
        formats={
            "first_go_live": _.date,
            "last_go_live": _.date,
            "posts": _.as_number(),
            "creators": _.as_number(),
            "fees": _.as_number(),
        },
        columns={
            "phase": _("phase"),
            "first_go_live": _("first go-live"),
            "last_go_live": _("last go-live"),
            "posts": _("posts"),
            "creators": _("creators"),
            "fees": _("fees ({currency})", currency=campaign.currency),
        },
        caption=caption,
    )
    return [Markdown(lines), table]
