"""Whether a campaign can run on the data it names: the checks across the campaign file and its
data files that no single file shows.

Each data file may be valid on its own and the campaign still unable to work: a roster with only
a header, no creator in the campaign's markets, results that all fall outside the campaign's
window. ``playbook validate`` and ``playbook run`` both ask :func:`readiness_problems` after the
files have loaded, so such a campaign is refused with one line per problem (exit 2) instead of
reaching a stage that cannot use it.
"""

from __future__ import annotations

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.core.errors import display_path


def readiness_problems(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every reason the campaign cannot run on ``tables``, one line each (none: it can).

    Parameters
    ----------
    campaign : Campaign
        The validated campaign.
    tables : dict of str to DataFrame
        Its loaded data files (:func:`helpers.core.data.load_campaign_data`).

    Returns
    -------
    list of str
        Lines ``FILE: what is wrong (what to change)``.
    """
    problems = _roster_problems(campaign, tables.get("roster"))
    for table in ("results", "results_to_date"):
        problems += _results_problems(campaign, table, tables.get(table))
    return problems


def _file(campaign: Campaign, table: str) -> str:
    return display_path(campaign.data.file(table) or table)


def _roster_problems(campaign: Campaign, roster: pd.DataFrame | None) -> list[str]:
    if roster is None:
        return []
    where = _file(campaign, "roster")
    if roster.empty:
        return [f"{where}: no creators (only a header row): add one row per creator account"]
    markets = ", ".join(campaign.markets)
    present = roster["market"].astype(str)
    if not present.isin(campaign.markets).any():
        found = ", ".join(sorted(present.unique())[:12])
        return [
            f"{where}: no creator in the campaign's markets ({markets}); the file has creators "
            f"in {found}: add creators in {markets} or change the campaign's markets"
        ]
    return []


def _results_problems(campaign: Campaign, table: str, results: pd.DataFrame | None) -> list[str]:
    if results is None or results.empty or "posted_at" not in results:
        return []
    posted = pd.to_datetime(results["posted_at"], errors="coerce").dt.date
    inside = (posted >= campaign.start) & (posted <= campaign.end)
    if inside.any() or posted.isna().all():
        return []
    return [
        f"{_file(campaign, table)}: none of its {len(results):,} posts falls in the campaign's "
        f"window {campaign.start} to {campaign.end} (posted_at runs from {posted.min()} to "
        f"{posted.max()}): check that this is the campaign's file, or its start and end"
    ]
