"""What one unit of each deliverable delivers, the one arithmetic the goals stage's supply
(:mod:`helpers.core.supply`) and the negotiation stage's fees (stage 03) share.

Each format is read from ``data/reference/deliverables.csv`` (one row per deliverable, platform
and parameter) with the campaign's ``negotiation.formats`` applied (:func:`deliverable_table`);
:func:`unit_outcomes` turns a creator's counters into what one unit of a format brings
(``real`` = the real share, 1 - fake share):

- **feed post**: ``followers x reach_rate x frequency x real`` impressions;
- **Story set**: the same with the Story reach rate, counted as story views;
- **Reel, short, long video**: ``average views x views_share x real`` views, from the
  creator's own posts of that format when the posts table has them (a YouTube creator's
  Shorts, not their long videos), else the roster's average views;
- **live**: ``viewers x real`` live viewers (the creator's average live views on record, else
  ``followers x reach_rate``) for ``duration_minutes``, priced by viewer-minutes;
- **link in bio**: ``followers x reach_rate x days / 30 x real`` profile visits, an add-on.

Then ``expected_reach`` = impressions / frequency (a live's or a link's viewers and visitors are
people); ``expected_engagements = (avg_likes + avg_comments) x engagement_factor x real``;
``expected_clicks = impressions x click-through rate x click_factor``;
``expected_conversions = clicks x conversion rate``.
"""

from __future__ import annotations

from typing import get_args

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.core.campaign.negotiation import FormatParameter
from helpers.core.data import FORMATS
from helpers.core.errors import InputError, problem

#: the parameters of ``deliverables.csv`` a campaign may set per deliverable
#: (``negotiation.formats``)
FORMAT_PARAMETERS = get_args(FormatParameter)
#: what each format is priced by
PRICED_BY = {
    "feed_post": "impressions",
    "reel": "views",
    "story": "story views",
    "short": "views",
    "long_video": "views",
    "live": "viewer-minutes",
    "link_in_bio": "add-on",
}
VIDEOS = ("reel", "short", "long_video")
#: each platform's main deliverable: the one a creator's quote is for, an add-on is sold with
MAIN_DELIVERABLE = {"instagram": "feed_post", "tiktok": "short", "youtube": "long_video"}
#: the ``note`` of a video with no views on record (the negotiation page translates it)
NO_VIEWS = "no video views on record: cannot estimate a video"
CAMPAIGN_FILE = "campaign file"


def deliverable_table(campaign: Campaign | None = None) -> pd.DataFrame:
    """The deliverables the playbook prices, one row per deliverable and platform, from
    ``deliverables.csv`` with the campaign's ``negotiation.formats`` applied.

    Returns
    -------
    DataFrame
        Indexed by ``deliverable`` and ``platform`` (deliverables in the order of
        :data:`helpers.core.data.FORMATS`), with the parameters of :data:`FORMAT_PARAMETERS`
        (NaN where a format has none: ``reach_rate`` for follower-based formats, ``views_share``
        for videos, ``add_on_share`` only for an add-on), ``benchmarks`` (the platform whose
        CPM, CPE and price range price it: a YouTube Short is priced as short video, TikTok's)
        and ``add_on`` (True for a deliverable sold with the creator's main one, not alone).

    Raises
    ------
    InputError
        When ``negotiation.formats`` sets a parameter the deliverable does not have (the
        campaign schema checks the names and the numbers).
    """
    long = reference.reference_table("deliverables")
    rows: dict[tuple[str, str], dict] = {}
    for row in long.itertuples():
        for platform in str(row.platforms).split("|"):
            spec = rows.setdefault((row.deliverable, platform), {"benchmarks": platform})
            spec[row.parameter] = float(row.value)
            if isinstance(row.benchmarks, str) and row.benchmarks:
                spec["benchmarks"] = row.benchmarks
    overrides = _format_overrides(campaign, long)
    for (deliverable, _platform), spec in rows.items():
        spec.update(overrides.get(deliverable, {}))
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index = pd.MultiIndex.from_tuples(table.index, names=["deliverable", "platform"])
    for parameter in FORMAT_PARAMETERS:
        if parameter not in table:
            table[parameter] = np.nan
    table["add_on"] = table["add_on_share"].notna()
    order = {name: i for i, name in enumerate(FORMATS)}
    return table.sort_index(
        key=lambda level: level.map(order) if level.name == "deliverable" else level
    )


def _format_overrides(campaign: Campaign | None, long: pd.DataFrame) -> dict[str, dict]:
    """``negotiation.formats`` of the campaign file, each parameter one its deliverable has:
    ``{deliverable: {parameter: value}}``, all problems at once."""
    given = campaign.negotiation.formats if campaign is not None else {}
    if not given:
        return {}
    known = long.groupby("deliverable")["parameter"].agg(set).to_dict()
    problems, checked = [], {}
    for deliverable, values in given.items():
        where = f"negotiation.formats.{deliverable}"
        if deliverable not in known:
            names = ", ".join(name for name in FORMATS if name in known)
            problems.append(problem(CAMPAIGN_FILE, where, f"unknown deliverable (known: {names})"))
            continue
        for parameter, value in values.items():
            if parameter not in known[deliverable]:
                allowed = ", ".join(sorted(known[deliverable]))
                what = f"not a parameter of {deliverable} (known: {allowed})"
                problems.append(problem(CAMPAIGN_FILE, f"{where}.{parameter}", what))
            else:
                checked.setdefault(deliverable, {})[parameter] = float(value)
    if problems:
        raise InputError(problems)
    return checked


def format_views(posts: pd.DataFrame | None) -> dict[tuple[str, str], tuple[float, int]]:
    """Each creator's average views per format on record (posts with views only):
    ``{(influencer_id, format): (average views, posts)}``; empty without a posts table."""
    if posts is None or not len(posts) or "views" not in posts:
        return {}
    seen = posts[posts["views"].astype(float) > 0]
    grouped = seen.groupby(["influencer_id", "format"])["views"].agg(["mean", "size"])
    figures = zip(grouped["mean"].astype(float).tolist(), grouped["size"].tolist(), strict=True)
    return dict(zip(grouped.index, figures, strict=True))


def creator_deliverables(
    creators: pd.DataFrame, formats: pd.DataFrame, wanted: list[str] | None = None
) -> pd.DataFrame:
    """One row per creator and deliverable their platform offers (``wanted``, in that order;
    default: every format of :data:`helpers.core.data.FORMATS` on file), creator by creator."""
    offered = formats.index.get_level_values("deliverable")
    wanted = list(wanted or [name for name in FORMATS if name in offered])
    platforms = creators["platform"].astype(str).to_numpy()
    keep = [
        (row, deliverable)
        for row, platform in enumerate(platforms)
        for deliverable in wanted
        if (deliverable, platform) in formats.index
    ]
    rows = [row for row, _deliverable in keep]
    pairs = creators.iloc[rows].reset_index(drop=True)
    return pairs.assign(deliverable=[deliverable for _row, deliverable in keep])


def unit_outcomes(
    pairs: pd.DataFrame,
    formats: pd.DataFrame,
    plan: dict,
    on_record: dict[tuple[str, str], tuple[float, int]] | None = None,
) -> pd.DataFrame:
    """What one unit of each row's deliverable brings (see the module's formulas).

    Parameters
    ----------
    pairs : DataFrame
        One row per creator and deliverable (:func:`creator_deliverables`): ``influencer_id``,
        ``platform``, ``deliverable``, ``followers``, ``avg_likes``, ``avg_comments``,
        ``avg_views`` and ``real_share``.
    formats : DataFrame
        :func:`deliverable_table`.
    plan : dict
        ``frequency``, ``click_through_rate`` (per platform) and ``conversion_rate``.
    on_record : dict, optional
        :func:`format_views` of the posts table.

    Returns
    -------
    DataFrame
        ``pairs`` plus ``priced_by``, ``impressions_basis``, ``posts_on_record``,
        ``gross_impressions``, ``live_minutes``, ``link_days``, ``expected_impressions``,
        ``expected_reach``, ``expected_views``, ``priced_units`` (viewer-minutes for a live),
        ``expected_engagements``, ``expected_clicks``, ``expected_conversions``, ``add_on``,
        ``add_on_share`` and ``note`` (:data:`NO_VIEWS` for a video with no views on record:
        its results are NaN, so nothing disappears silently).
    """
    frequency = float(plan["frequency"])
    spec = formats.reindex(list(zip(pairs["deliverable"], pairs["platform"], strict=True)))
    spec = spec.reset_index(drop=True)
    pairs = pairs.reset_index(drop=True)
    delivered = _delivered(pairs, spec, frequency, on_record or {})
    deliverable = pairs["deliverable"]
    is_video = deliverable.isin(VIDEOS)
    no_views = is_video & ~(delivered["gross_impressions"] > 0)
    delivered.loc[no_views, "gross_impressions"] = np.nan
    real = pairs["real_share"].astype(float)
    impressions = delivered["gross_impressions"] * real
    people = deliverable.isin(("live", "link_in_bio"))
    liked = pairs["avg_likes"].astype(float) + pairs["avg_comments"].astype(float)
    ctr = pairs["platform"].map(plan["click_through_rate"]).astype(float) * spec["click_factor"]
    clicks = impressions * ctr
    viewed = is_video | deliverable.isin(("story", "live"))
    return pairs.assign(
        priced_by=deliverable.map(PRICED_BY),
        **{column: delivered[column] for column in delivered},
        expected_impressions=impressions,
        expected_reach=impressions.where(people, impressions / frequency),
        expected_views=impressions.where(viewed, 0.0).where(~no_views),
        priced_units=(impressions * delivered["live_minutes"]).where(
            deliverable == "live", impressions
        ),
        expected_engagements=(liked * spec["engagement_factor"] * real).where(~no_views),
        expected_clicks=clicks,
        expected_conversions=clicks * float(plan["conversion_rate"]),
        add_on=spec["add_on"].fillna(False).astype(bool),
        add_on_share=spec["add_on_share"].astype(float),
        note=np.where(no_views, NO_VIEWS, ""),
    )


def _delivered(
    pairs: pd.DataFrame, spec: pd.DataFrame, frequency: float, on_record: dict
) -> pd.DataFrame:
    """What one unit delivers before the real share: ``gross_impressions`` (views, viewers,
    visits), where the figure comes from (``impressions_basis``, ``posts_on_record``), and a
    live's minutes or a link's days."""
    deliverable = pairs["deliverable"]
    keys = list(zip(pairs["influencer_id"], deliverable, strict=True))
    record = pd.Series([on_record.get(key, (np.nan, 0))[0] for key in keys], dtype=float)
    posts = pd.Series([float(on_record.get(key, (np.nan, 0))[1]) for key in keys])
    has_record = record.notna()
    followers = pairs["followers"].astype(float)
    live, link = deliverable == "live", deliverable == "link_in_bio"
    video = spec["views_share"].notna() & ~live
    by_followers = followers * spec["reach_rate"]
    gross = by_followers * frequency  # feed post, Story set
    gross = gross.where(~video, pairs["avg_views"].astype(float) * spec["views_share"])
    gross = gross.where(~live, by_followers)
    gross = gross.where(~((video | live) & has_record), record * spec["views_share"])
    gross = gross.where(~link, by_followers * spec["days"] / 30)
    basis = np.select(
        [(video | live) & has_record & live, video & has_record, video],
        ["live views", "format views", "average views"],
        "followers",
    )
    return pd.DataFrame(
        {
            "impressions_basis": basis,
            "posts_on_record": posts.where((video | live) & has_record, 0.0),
            "live_minutes": spec["duration_minutes"].where(live),
            "link_days": spec["days"].where(link),
            "gross_impressions": gross,
        }
    )
