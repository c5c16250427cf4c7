"""What the roster can deliver: the creators who pass the campaign's rules, and the most they
can deliver under its budget rules, whatever the budget.

The goals stage (01) sets this ceiling beside what the budget buys, so a goal the roster
cannot deliver says so before anything is spent; the negotiation stage (03) builds its
provisional shortlist from :func:`campaign_creators`.

The arithmetic, per creator and deliverable, is stage 03's, in one place
(:mod:`helpers.core.deliverables`, ``deliverables.csv``, guide chapter 5.1)::

    impressions = followers x reach_rate x frequency       (a feed post, Story set)
                = average views x views_share              (a Reel, short, long video)
                = followers x reach_rate                   (a live's viewers)
                = followers x reach_rate x days / 30       (a link in bio's visits)
    impressions x= real share (1 - fake share; the campaign's ceiling when unknown)
    reach = impressions / frequency (a live's, a link's: the people); clicks = impressions x
    CTR x click_factor; ...

A second or later unit of the same deliverable reaches only ``repeat_reach`` as many new
people. Each creator gives at most ``max_units_per_creator`` units (``negotiation.max_units``
of one deliverable), best first, and no more than ``max_creator_share`` of the budget at the
prices given; at most ``max_per_platform`` creators per platform and ``max_creators`` in all
count, the biggest first. Market and tier shares of the spend are about money, not supply:
they are left to the budget split.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.core import metrics, reference
from helpers.core.campaign import PLATFORMS, TIERS, Campaign
from helpers.core.deliverables import (
    MAIN_DELIVERABLE,
    creator_deliverables,
    deliverable_table,
    format_views,
    unit_outcomes,
)

#: the goal KPIs the roster's supply limits, and the result that delivers each
SUPPLY_KPIS = {
    "impressions": "impressions",
    "reach": "reach",
    "views": "views",
    "engagements": "engagements",
    "clicks": "clicks",
    "conversions": "conversions",
    "sign_ups": "conversions",
}
RESULTS = ("impressions", "reach", "views", "engagements", "clicks", "conversions")
#: the rules read from the roster (and the audience table), in the vetting funnel's order;
#: vetting (stage 02) checks more: follower samples, growth, engagement patterns, disclosure
ROSTER_RULES = ("interests", "language", "audience", "fake_share")
#: a group of creators this big or bigger gives a median to plan more of them by
MIN_GROUP = 3


def campaign_creators(
    campaign: Campaign,
    roster: pd.DataFrame,
    tiers: list[str] | None = None,
    platforms: list[str] | None = None,
) -> pd.DataFrame:
    """The roster's creators in the campaign's markets, platforms and tiers.

    Parameters
    ----------
    campaign : Campaign
        Its ``markets``, ``vetting.platforms`` and ``vetting.tiers``.
    roster : DataFrame
        The roster table.
    tiers, platforms : list of str, optional
        Other tiers or platforms than the campaign's (to see what widening them would add).

    Returns
    -------
    DataFrame
        The roster's columns plus ``tier`` (string) and ``engagement_rate`` per follower.
    """
    tiers = campaign.vetting.tiers if tiers is None else tiers
    platforms = campaign.vetting.platforms if platforms is None else platforms
    chosen = roster[roster["market"].isin(campaign.markets) & roster["platform"].isin(platforms)]
    chosen = chosen.copy()
    chosen["tier"] = reference.assign_tier(chosen["followers"]).astype("string")
    chosen = chosen[chosen["tier"].isin(tiers)].copy()
    chosen["engagement_rate"] = metrics.engagement_rate(
        chosen["avg_likes"], chosen["avg_comments"], chosen["followers"]
    )
    return chosen


def audience_in_markets(
    creators: pd.DataFrame, markets: list[str], audience: pd.DataFrame | None
) -> pd.Series:
    """Each creator's audience share in ``markets`` (country rows of the audience table); NaN
    for a creator the table does not cover, or without the table."""
    if audience is None or audience.empty:
        return pd.Series(np.nan, index=creators.index)
    countries = audience[(audience["dimension"] == "country") & audience["segment"].isin(markets)]
    shares = countries.groupby("influencer_id")["share"].sum()
    covered = set(audience.loc[audience["dimension"] == "country", "influencer_id"])
    share = creators["influencer_id"].map(shares).fillna(0.0)
    return share.where(creators["influencer_id"].isin(covered)).clip(0, 1)


def roster_checks(
    creators: pd.DataFrame, campaign: Campaign, audience: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The campaign's rules that the roster itself can answer, creator by creator.

    A creator passes a rule the data cannot check (no interests listed, no audience row), as
    vetting does.

    Returns
    -------
    DataFrame
        ``creators`` plus ``pass_interests`` (shares an interest with the campaign, when
        ``vetting.require_interest_match``), ``pass_language`` (content in a campaign
        language, when ``require_language_match``), ``pass_audience`` (audience share in the
        markets at least ``min_audience_in_markets``), ``pass_fake_share`` (the roster's
        vendor figure ``fake_follower_share`` within ``max_fake_share``), ``eligible`` (all
        four), ``failed`` (the first rule failed, empty when eligible) and ``real_share``.
    """
    vetting, wanted = campaign.vetting, campaign.audience
    checked = creators.copy()
    checked["pass_interests"] = True
    if vetting.require_interest_match and wanted.interests:
        checked["pass_interests"] = _shares_interest(checked["interests"], wanted.interests)
    checked["pass_language"] = True
    if vetting.require_language_match and wanted.languages and "language" in checked:
        written = checked["language"].astype("string").str.strip().str.lower()
        checked["pass_language"] = (written.isin(wanted.languages) | written.isna()).astype(bool)
    in_markets = audience_in_markets(checked, campaign.markets, audience)
    checked["pass_audience"] = ~(in_markets < vetting.min_audience_in_markets)
    fake = _vendor_fake_share(checked)
    checked["pass_fake_share"] = ~(fake > vetting.max_fake_share)
    passes = checked[[f"pass_{rule}" for rule in ROSTER_RULES]].astype(bool)
    checked["eligible"] = passes.all(axis=1)
    first = passes.to_numpy().argmin(axis=1)
    checked["failed"] = np.where(checked["eligible"], "", np.array(ROSTER_RULES)[first])
    checked["real_share"] = (1 - fake.fillna(vetting.max_fake_share)).clip(0, 1)
    return checked


def _shares_interest(interests: pd.Series, wanted: list[str]) -> pd.Series:
    """True where a creator lists an interest of ``wanted`` (or lists none)."""
    wanted_set = {w.strip().lower() for w in wanted}
    text = interests.astype("string").str.lower()

    def shares(value: object) -> bool:
        if pd.isna(value):
            return True
        own = {part.strip() for part in str(value).split("|") if part.strip()}
        return not own or bool(own & wanted_set)

    return text.map({v: shares(v) for v in text.dropna().unique()}).fillna(True).astype(bool)


def _vendor_fake_share(creators: pd.DataFrame) -> pd.Series:
    """The roster's fake-follower share (a vendor's figure), NaN where none is given."""
    if "fake_follower_share" not in creators:
        return pd.Series(np.nan, index=creators.index)
    return pd.to_numeric(creators["fake_follower_share"], errors="coerce")


def unit_results(
    creators: pd.DataFrame, campaign: Campaign, rates: dict, posts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """What each unit of each deliverable would bring, for every creator: the first unit is
    :func:`helpers.core.deliverables.unit_outcomes`, the negotiation stage's own arithmetic
    (``deliverables.csv`` with the campaign's ``negotiation.formats``).

    Parameters
    ----------
    creators : DataFrame
        ``influencer_id``, ``platform``, ``market``, ``tier``, ``followers``, ``avg_likes``,
        ``avg_comments``, ``avg_views`` and ``real_share``.
    campaign : Campaign
        Its deliverables (``negotiation.deliverables``, all by default) and ``max_units``.
    rates : dict
        ``frequency``, ``click_through_rate`` (per platform), ``conversion_rate``,
        ``repeat_reach``, ``repeat_discount`` and, to price the units, ``cpm`` (per platform,
        campaign currency; a unit's ``cost`` is NaN without it).
    posts : DataFrame, optional
        The posts table: a video's views from the creator's own posts of that format.

    Returns
    -------
    DataFrame
        One row per creator, deliverable and unit (1 to ``negotiation.max_units``): the
        creator's ``influencer_id``, ``platform``, ``market``, ``tier``, then ``deliverable``,
        ``unit``, each of :data:`RESULTS` and ``cost``. A video of a creator with no views on
        record is left out (nothing to estimate it from).
    """
    columns = ["influencer_id", "platform", "market", "tier", "deliverable", "unit", *RESULTS]
    formats = deliverable_table(campaign)
    pairs = creator_deliverables(creators, formats, campaign.negotiation.deliverables)
    if not len(pairs):
        return pd.DataFrame(columns=[*columns, "cost"])
    found = unit_outcomes(pairs, formats, rates, format_views(posts))
    one = found.assign(
        impressions=found["expected_impressions"],
        reach=found["expected_reach"],
        views=found["expected_views"],
        engagements=found["expected_engagements"],
        clicks=found["expected_clicks"],
        conversions=found["expected_conversions"],
        cost=_unit_cost(found, formats, rates),
    )
    one = one[one["impressions"] > 0]
    units = []
    for unit in range(1, campaign.negotiation.max_units + 1):
        repeat = one.assign(unit=unit)
        if unit > 1:
            repeat["reach"] = repeat["reach"] * rates["repeat_reach"]
            repeat["cost"] = repeat["cost"] * (1 - rates["repeat_discount"])
        units.append(repeat)
    return pd.concat(units, ignore_index=True)[[*columns, "cost"]]


def _unit_cost(found: pd.DataFrame, formats: pd.DataFrame, rates: dict) -> pd.Series:
    """What a unit costs at the platform's CPM, for the ``max_creator_share`` rule: ``priced
    units / 1,000 x CPM x the format's cpm_factor`` (the negotiation stage's fee by CPM before
    the market's price level and the floors); an add-on (a link in bio) ``add_on_share x days /
    30`` x the creator's main deliverable (a feed post, a short, a long video)."""
    spec = formats.reindex(list(zip(found["deliverable"], found["platform"], strict=True)))
    factor = spec["cpm_factor"].to_numpy()
    cpm = found["platform"].map(rates.get("cpm") or {}).astype(float)
    cost = found["priced_units"] / 1000 * cpm * factor
    main = found["platform"].map(MAIN_DELIVERABLE)
    is_main = found["deliverable"] == main
    main_cost = pd.Series(cost[is_main].to_numpy(), index=found.loc[is_main, "influencer_id"])
    main_cost = main_cost[~main_cost.index.duplicated()]
    share = found["add_on_share"] * found["link_days"] / 30
    return cost.where(~found["add_on"], found["influencer_id"].map(main_cost) * share)


def creator_ceilings(
    units: pd.DataFrame, result: str, max_units: int, creator_limit: float | None = None
) -> pd.DataFrame:
    """The most each creator can deliver of ``result``: their best units, at most
    ``max_units`` of them and, when ``creator_limit`` is given, no more than it costs.

    Returns
    -------
    DataFrame
        One row per creator: ``influencer_id``, ``platform``, ``market``, ``tier``,
        ``amount`` (of ``result``), ``units`` and ``cost``.
    """
    columns = ["influencer_id", "platform", "market", "tier", "amount", "units", "cost"]
    if units.empty:
        return pd.DataFrame(columns=columns)
    ranked = units.sort_values(["influencer_id", result, "unit"], ascending=[True, False, True])
    ranked = ranked[ranked[result] > 0]
    ranked = ranked[ranked.groupby("influencer_id").cumcount() < max_units]
    if creator_limit is not None and np.isfinite(creator_limit):
        spent = ranked["cost"].fillna(0.0).groupby(ranked["influencer_id"]).cumsum()
        ranked = ranked[spent <= creator_limit + 1e-9]
    return (
        ranked.groupby("influencer_id", as_index=False)
        .agg(
            platform=("platform", "first"),
            market=("market", "first"),
            tier=("tier", "first"),
            amount=(result, "sum"),
            units=("unit", "size"),
            cost=("cost", "sum"),
        )
        .sort_values("amount", ascending=False)
        .reset_index(drop=True)[columns]
    )


def counted_creators(ceilings: pd.DataFrame, rules) -> pd.DataFrame:
    """The creators that count towards the ceiling: the biggest first, at most
    ``max_per_platform`` per platform and ``max_creators`` in all."""
    chosen = ceilings.sort_values("amount", ascending=False)
    for platform, limit in rules.max_per_platform.items():
        on = chosen["platform"] == platform
        chosen = chosen[~on | (on.cumsum() <= limit)]
    if rules.max_creators is not None:
        chosen = chosen.head(rules.max_creators)
    return chosen.reset_index(drop=True)


@dataclass
class Supply:
    """What the roster can deliver under the campaign's rules.

    ``creators`` are the roster's creators in the campaign's markets, platforms and tiers with
    the rules each passes (:func:`roster_checks`, or vetting's decision when ``source`` is
    ``shortlist``); ``units`` what each unit of an eligible creator's deliverables brings
    (:func:`unit_results`); ``outside`` the same for creators who pass the rules in a tier or
    platform the campaign leaves out; ``creator_limit`` the most one creator may get (campaign
    currency, None: not priced); ``tiers`` and ``platforms`` the campaign's.
    """

    creators: pd.DataFrame
    units: pd.DataFrame
    rules: object
    creator_limit: float | None = None
    source: str = "roster"
    outside: pd.DataFrame = field(default_factory=pd.DataFrame)
    tiers: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)
    #: the creators counted per (units, KPI, market), made once (see :meth:`_counted`)
    _made: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def eligible(self) -> pd.DataFrame:
        """The creators who pass every rule."""
        if self.creators.empty:
            return self.creators
        return self.creators[self.creators["eligible"].astype(bool)]

    def counted(self, kpi: str, market: str | None = None) -> pd.DataFrame:
        """The creators that count towards the ceiling of ``kpi`` (:func:`counted_creators`),
        in ``market`` only when given."""
        return self._counted(self.units, kpi, market)

    def ceiling(self, kpi: str, market: str | None = None) -> float:
        """The most the eligible creators can deliver of ``kpi`` (0 with nobody eligible)."""
        return float(self.counted(kpi, market)["amount"].sum())

    def _counted(self, units: pd.DataFrame, kpi: str, market: str | None) -> pd.DataFrame:
        """:func:`counted_creators` of ``units``, worked out once per KPI and market (a copy)."""
        key = (id(units), kpi, market)
        made = self._made.get(key)
        if made is None or made[0] is not units:  # units replaced since: work it out again
            counted = units
            if market is not None and len(units):
                counted = units[units["market"] == market]
            max_units = self.rules.max_units_per_creator
            ceilings = creator_ceilings(counted, SUPPLY_KPIS[kpi], max_units, self.creator_limit)
            made = self._made[key] = (units, counted_creators(ceilings, self.rules))
        return made[1].copy()

    def groups(
        self, kpi: str, market: str | None = None, by: tuple[str, ...] = ("platform", "tier")
    ) -> pd.DataFrame:
        """Per group of creators (platform and tier, by default): how many count
        (``creators``) and what one delivers (``each``, the median), the groups of
        :data:`MIN_GROUP` creators or more first, then by ``each``."""
        counted = self.counted(kpi, market)
        columns = [*by, "creators", "each"]
        if counted.empty:
            return pd.DataFrame(columns=columns)
        grouped = counted.groupby(list(by), as_index=False).agg(
            creators=("influencer_id", "size"), each=("amount", "median")
        )
        grouped["_big"] = grouped["creators"] >= MIN_GROUP
        ranked = grouped.sort_values(["_big", "each"], ascending=False)
        return ranked.reset_index(drop=True)[columns]

    def outside_ceiling(self, kpi: str, market: str | None = None) -> pd.DataFrame:
        """Per tier (or platform) the campaign leaves out: the creators there who pass the
        rules (``creators``) and what they would add (``amount``), the biggest first."""
        columns = ["tier", "platform", "creators", "amount"]
        if self.outside.empty:
            return pd.DataFrame(columns=columns)
        counted = self._counted(self.outside, kpi, market)
        return (
            counted.groupby(["tier", "platform"], as_index=False)
            .agg(creators=("influencer_id", "size"), amount=("amount", "sum"))
            .sort_values("amount", ascending=False)
            .reset_index(drop=True)[columns]
        )

    def failed_counts(self) -> dict[str, int]:
        """How many creators in the campaign's scope fail each rule (the first they fail)."""
        if self.creators.empty:
            return {}
        failed = self.creators.loc[~self.creators["eligible"].astype(bool), "failed"]
        return {str(k): int(v) for k, v in failed.value_counts().items() if k}


def roster_supply(
    campaign: Campaign,
    roster: pd.DataFrame,
    rates: dict,
    audience: pd.DataFrame | None = None,
    shortlist: pd.DataFrame | None = None,
) -> Supply:
    """What the roster's creators can deliver under the campaign's rules.

    Parameters
    ----------
    campaign : Campaign
        Markets, platforms, tiers, the vetting rules and the budget rules.
    roster : DataFrame
        The roster table.
    rates : dict
        See :func:`unit_results`; with ``cpm``, no creator goes past ``max_creator_share`` of
        the budget.
    audience : DataFrame, optional
        The audience table, for the audience-in-markets rule.
    shortlist : DataFrame, optional
        Vetting's shortlist (``shortlist.csv``): when given, its decision replaces the rules
        read from the roster (``shortlisted`` is eligible) and its fake-follower estimates
        the unknown share.
    """
    creators = roster_checks(campaign_creators(campaign, roster), campaign, audience)
    source = "roster"
    if shortlist is not None and {"influencer_id", "status"} <= set(shortlist.columns):
        creators = _vetted(creators, shortlist, campaign)
        source = "shortlist"
    rules = campaign.negotiation.rules
    limit = rules.max_creator_share * campaign.budget if rates.get("cpm") else None
    units = unit_results(creators[creators["eligible"]], campaign, rates)
    others = _outside(campaign, roster, audience)
    outside = unit_results(others[others["eligible"]], campaign, rates)
    scope = {"tiers": list(campaign.vetting.tiers), "platforms": list(campaign.vetting.platforms)}
    return Supply(creators, units, rules, limit, source, outside, **scope)


def _vetted(creators: pd.DataFrame, shortlist: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """The roster's creators with vetting's decision: shortlisted ones are eligible."""
    decided = shortlist.drop_duplicates("influencer_id").set_index("influencer_id")
    status = creators["influencer_id"].map(decided["status"]).fillna("not vetted")
    vetted = creators.assign(eligible=status.eq("shortlisted").to_numpy())
    vetted["failed"] = np.where(vetted["eligible"], "", "vetting: " + status.astype(str))
    if "fake_share" in decided:
        fake = creators["influencer_id"].map(decided["fake_share"]).astype(float)
        known = fake.notna()
        vetted.loc[known, "real_share"] = (1 - fake[known]).clip(0, 1)
    return vetted


def _outside(campaign: Campaign, roster: pd.DataFrame, audience) -> pd.DataFrame:
    """Creators in the campaign's markets who pass the rules but sit in a tier or on a
    platform the campaign leaves out."""
    wider = campaign_creators(campaign, roster, tiers=list(TIERS), platforms=list(PLATFORMS))
    inside = wider["tier"].isin(campaign.vetting.tiers) & wider["platform"].isin(
        campaign.vetting.platforms
    )
    return roster_checks(wider[~inside], campaign, audience)
