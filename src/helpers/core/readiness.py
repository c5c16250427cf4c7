"""Whether a campaign can run on the data it names, and what each stage will and will not be able
to do with it: the checks across the campaign file and its data files that no single file shows.

Problems (:func:`readiness_problems`) stop a run before it starts (exit 2): no roster named, two
files that put one creator in different markets. A roster with only a header or with no creator
in the campaign's markets, and results that all fall outside the campaign's window, are not
problems: the campaign runs, each stage's page says why it is empty and what to change, and
``playbook validate`` warns.

Warnings (:func:`readiness_warnings`) name what will leave part of the campaign empty: a market
with no creator, a market with no disclosure rule or no time zone on file. Notes
(:func:`readiness_notes`) say, stage by stage, what the data given leaves out: "02-vetting: no
posts file (data.posts): disclosure and brand safety not checked". A campaign with warnings and
notes runs, and each stage's finding says the same. ``playbook validate`` prints all three, in
one pass.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.errors import display_path

#: what each stage cannot do without a table the campaign may leave out
WITHOUT_TABLE = {
    "posts": ("02-vetting", "disclosure, brand safety and posting rhythm not checked"),
    "follower_growth": ("02-vetting", "follower growth (bought-follower jumps) not checked"),
    "audience": ("02-vetting", "audience fit (countries, ages, genders) not checked"),
    "pipeline": ("03-negotiation", "no agreed deals yet: offers are planned from the shortlist"),
    "results_to_date": ("05-monitoring", "no results to date: the page shows the plan only"),
    "results": ("06-roi", "no results: ROI waits for the campaign's post results"),
}
#: what each stage cannot do without an optional roster column
WITHOUT_COLUMN = {
    "quoted_fee": ("03-negotiation", "no quoted fees: fees come from the reference price ranges"),
    "contact_email": ("03-negotiation", "no contact e-mails: outreach drafts have no address"),
    "interests": ("02-vetting", "no interests: topic fit not checked"),
    "language": ("03-negotiation", "no languages: outreach is drafted in English"),
}
AUTHENTICITY_COLUMNS = ("audience_credibility", "fake_follower_share")


def readiness_problems(
    campaign: Campaign, tables: dict[str, pd.DataFrame], campaign_file: str | Path = "campaign"
) -> list[str]:
    """Every reason the campaign cannot run on ``tables``, one line each (none: it can).

    Parameters
    ----------
    campaign : Campaign
        The validated campaign.
    tables : dict of str to DataFrame
        Its data files that loaded (:func:`helpers.core.data.read_campaign_data`).
    campaign_file : str or Path
        The campaign file, named in the lines about its settings.

    Returns
    -------
    list of str
        Lines ``FILE: what is wrong (what to change)``.
    """
    if campaign.data.roster is None:
        return [
            f"{display_path(campaign_file)}: data.roster: no roster named: every stage starts "
            "from the creators; name your roster file under data: (README: Bring your own data), "
            "or write `data: sample` to try the fictional sample world"
        ]
    problems = []
    for table in ("results", "results_to_date"):
        problems += _market_conflicts(campaign, table, tables.get("roster"), tables.get(table))
    from helpers.core.history import history_problems  # past campaigns the file lists

    problems += history_problems(campaign, tables.get("roster"))
    return problems


def readiness_notes(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> list[str]:
    """What each stage will not be able to do with the data given, one line each.

    Parameters
    ----------
    campaign : Campaign
        The validated campaign.
    tables : dict of str to DataFrame
        Its data files that loaded.

    Returns
    -------
    list of str
        Lines ``NN-stage: what it will not do (which file or column would let it)``, in stage
        order.
    """
    roster = tables.get("roster")
    if roster is None:
        return []
    notes = [_creators_line(campaign, roster)]
    for table, (stage, what) in WITHOUT_TABLE.items():
        if campaign.data.file(table) is None:
            notes.append(f"{stage}: no {table} file (data.{table}): {what}")
    notes += _authenticity_notes(campaign, roster, tables)
    for column, (stage, what) in WITHOUT_COLUMN.items():
        if column not in roster or roster[column].isna().all():
            notes.append(f"{stage}: roster has no {column} column: {what}")
    return sorted(notes, key=lambda line: line.split(":", 1)[0])


def readiness_warnings(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> list[str]:
    """What will keep part of the campaign from working, one line each: a market of the campaign
    with no creator, a platform it asks for that no creator is on, a market with no disclosure
    rule or no time zone on file. The campaign runs; these parts of it say why they are empty.

    Returns
    -------
    list of str
        Lines ``NN-stage: what is missing: what to change``.
    """
    roster = tables.get("roster")
    lines = _empty_roster(campaign, roster)
    if roster is not None and len(roster):
        inside = roster[roster["market"].isin(campaign.markets)]
        for market in campaign.markets:
            if not inside["market"].eq(market).any() and len(inside):
                lines.append(
                    f"00-landscape: {market}: no creator on the roster in this market: nothing "
                    "is planned there; add creators in it or take it out of markets"
                )
        absent = sorted(set(campaign.vetting.platforms) - set(inside["platform"]))
        if absent and len(inside):
            lines.append(
                f"02-vetting: no creator on {', '.join(absent)} in the campaign's markets "
                "(vetting.platforms asks for them)"
            )
    return lines + _market_notes(campaign) + _outside_window(campaign, tables)


def _outside_window(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Results files whose posts all fall outside the window: the pages 05 and 06 say so."""
    from helpers.core.state import campaign_state, outside_lines
    from helpers.text.i18n import translator

    lines = outside_lines(campaign_state(campaign, tables), campaign, translator("en"))
    return [f"05-monitoring, 06-roi: {line}" for line in lines]


def _empty_roster(campaign: Campaign, roster: pd.DataFrame | None) -> list[str]:
    """A roster with only its header, or with nobody in the campaign's markets."""
    if roster is None:
        return []
    where = _file(campaign, "roster")
    if roster.empty:
        return [f"00-landscape: {where} has only its header row: add one row per creator account"]
    if roster["market"].isin(campaign.markets).any():
        return []
    found = ", ".join(sorted(roster["market"].astype(str).unique())[:12])
    return [
        f"00-landscape: no creator on {where} is in {', '.join(campaign.markets)} (the file has "
        f"creators in {found}): add creators there or change markets: in the campaign file"
    ]


def _creators_line(campaign: Campaign, roster: pd.DataFrame) -> str:
    """``00-landscape: creators in the campaign's markets: PL 4 (instagram 3, tiktok 1)``."""
    inside = roster[roster["market"].isin(campaign.markets)]
    parts = []
    for market in campaign.markets:
        platforms = inside.loc[inside["market"] == market, "platform"].value_counts()
        mix = ", ".join(f"{name} {count}" for name, count in platforms.items())
        parts.append(f"{market} {int(platforms.sum())}" + (f" ({mix})" if mix else ""))
    return f"00-landscape: creators in the campaign's markets: {'; '.join(parts)}"


def _authenticity_notes(
    campaign: Campaign, roster: pd.DataFrame, tables: dict[str, pd.DataFrame]
) -> list[str]:
    """How many creators have an authenticity figure: a follower sample or a vendor's."""
    inside = roster[roster["market"].isin(campaign.markets)]
    vendor = pd.Series(False, index=inside.index)
    for column in AUTHENTICITY_COLUMNS:
        if column in inside:
            vendor |= inside[column].notna()
    sampled = pd.Series(False, index=inside.index)
    if "follower_samples" in tables:
        sampled = inside["influencer_id"].isin(tables["follower_samples"]["influencer_id"])
    unverified = int((~vendor & ~sampled).sum())
    if not unverified:
        return []
    return [
        f"02-vetting: {unverified} of {len(inside)} creators have neither a follower sample "
        "(data.follower_samples) nor a vendor's audience_credibility or fake_follower_share: "
        + (
            "they are unverified: shown, marked for a manual check and planned "
            "(vetting.unverified: plan)"
            if campaign.vetting.unverified == "plan"
            else "they are unverified and held until checked (vetting.unverified: hold)"
        )
    ]


def _market_notes(campaign: Campaign) -> list[str]:
    """Markets with no disclosure rule on file, or with no time zone at all: neither in the tz
    database (every country is) nor in the campaign's ``calendar.timezones``."""
    rules = set(reference.reference_table("disclosure_rules")["market"])
    notes = []
    for market in campaign.markets:
        if market not in rules:
            notes.append(
                f"02-vetting: {market}: no disclosure rule on file "
                "(data/reference/disclosure_rules.csv): disclosure labels not judged there"
            )
        zoned = market in campaign.calendar.timezones
        if not zoned and reference.market_timezones(market).chosen is None:
            notes.append(
                f"04-calendar: {market}: no time zone on file (the tz database lists none for "
                f"this code): set calendar.timezones: {{{market}: Area/City}} (an IANA zone) to "
                "schedule its posts"
            )
    return notes


def _file(campaign: Campaign, table: str) -> str:
    return display_path(campaign.data.file(table) or table)


def _market_conflicts(
    campaign: Campaign, table: str, roster: pd.DataFrame | None, results: pd.DataFrame | None
) -> list[str]:
    """Creators a results file puts in another market than the roster does."""
    if roster is None or results is None or results.empty:
        return []
    home = roster.drop_duplicates("influencer_id").set_index("influencer_id")["market"]
    claimed = results.drop_duplicates(["influencer_id", "market"])
    claimed = claimed[claimed["influencer_id"].isin(home.index)]
    other = claimed[claimed["market"].to_numpy() != home[claimed["influencer_id"]].to_numpy()]
    return [
        f"{_file(campaign, table)}: creator {row.influencer_id} is in market {row.market} here "
        f"but in {home[row.influencer_id]} in {_file(campaign, 'roster')}: correct one of them"
        for row in other.itertuples()
    ]
