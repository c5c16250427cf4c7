"""Published engagement benchmarks, compared like with like.

A creator's engagement rate here is per follower, (likes + comments) / followers, over all
recent posts. A published figure is compared with it only when it is the same thing: per
follower, counting likes and comments, over all posts, for the creator's own tier, and from the
one source the reference table names as the platform's tier-by-tier series
(``tier_series = yes`` in ``data/reference/engagement_benchmarks.csv``). Where that source has no
figure for a tier, the tier has no benchmark, and the table says why and which figures were left
out (another source, an all-tier figure, a rate per view); no number is borrowed from another
source.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import PLATFORMS, TIERS, Campaign
from helpers.stages.vetting.vocabulary import ENGLISH
from helpers.text.i18n import Translator

DEFINITION = "per_follower"  # what this stage's engagement rate is
ENGAGEMENTS = "likes + comments"  # what it counts
POSTS = "all"  # over which posts

_ = ENGLISH  # marks the words below for the catalogue; they are translated where shown
STATISTICS = {
    "typical": _("the typical rate"),
    "average": _("the average rate"),
    "median": _("the median rate"),
}
DEFINITIONS = {
    "per_follower": _("per follower"),
    "per_view": _("per view"),
    "per_impression": _("per impression"),
}


def tier_series(table: pd.DataFrame, platform: str, definition: str = DEFINITION) -> pd.DataFrame:
    """The rows of a platform's tier-by-tier series for one definition (``tier_series = yes``).

    Raises
    ------
    ValueError
        When the series mixes sources, statistics, post types or what is counted: the
        reference table must keep one source per platform and definition.
    """
    rows = table[
        (table["platform"] == platform)
        & (table["er_definition"] == definition)
        & (table["tier_series"] == "yes")
    ]
    kinds = rows[["source", "year", "statistic", "posts", "engagements"]].drop_duplicates()
    if len(kinds) > 1:
        raise ValueError(
            f"engagement_benchmarks.csv: the {platform} {definition} tier series mixes "
            f"{len(kinds)} sources or statistics ({'; '.join(kinds['source'])}); mark one "
            "source's rows tier_series = yes"
        )
    return rows


def _cited(row: pd.Series) -> str:
    return f"{row['source']} ({int(row['year'])})"


def _why_not(row: pd.Series, in_series: bool, _: Translator) -> str:
    """Why a published figure is not compared with a creator's rate, in words."""
    reasons = []
    if row["er_definition"] != DEFINITION:
        reasons.append(_(DEFINITIONS.get(row["er_definition"], row["er_definition"])))
    if row["engagements"] not in (ENGAGEMENTS, "not stated"):
        reasons.append(_("counts {engagements}", engagements=row["engagements"]))
    if row["tier"] == "all":
        reasons.append(_("all tiers"))
    if row["posts"] != POSTS:
        reasons.append(_("sponsored posts only"))
    if not reasons and not in_series:
        reasons.append(_("another source"))
    return _(
        "{source}: {rate} ({reasons})",
        source=_cited(row),
        rate=_.percent(float(row["engagement_rate"]), 2),
        reasons=", ".join(reasons),
    )


def _comparable(row: pd.Series) -> bool:
    return row["engagements"] == ENGAGEMENTS and row["posts"] == POSTS


def _tier_row(
    table: pd.DataFrame, series: pd.DataFrame, platform: str, tier: str, _: Translator
) -> dict:
    """One platform and tier: the series' figure, or why there is none."""
    found = series[series["tier"] == tier]
    used = found.iloc[0] if len(found) and _comparable(found.iloc[0]) else None
    row = {"key": f"{platform}/{tier}", "platform": platform, "tier": tier}
    if used is not None:
        return row | {
            "er_benchmark": float(used["engagement_rate"]),
            "er_benchmark_source": _cited(used),
            "er_benchmark_statistic": used["statistic"],
            "er_benchmark_note": "",
        }
    if len(series):
        missing = _(
            "no {tier} figure in the source used for {platform} ({source})",
            tier=tier,
            platform=platform,
            source=_cited(series.iloc[0]),
        )
    else:
        missing = _(
            "no tier-by-tier benchmark per follower on file for {platform}", platform=platform
        )
    others = table[(table["platform"] == platform) & table["tier"].isin([tier, "all"])]
    series_source = series["source"].iloc[0] if len(series) else None
    left_out = [
        _why_not(other, other["source"] == series_source, _) for _i, other in others.iterrows()
    ]
    note = (
        missing
        if not left_out
        else _("{missing}; not compared: {figures}", missing=missing, figures="; ".join(left_out))
    )
    return row | {
        "er_benchmark": np.nan,
        "er_benchmark_source": None,
        "er_benchmark_statistic": None,
        "er_benchmark_note": note,
    }


@cache
def benchmark_table(_: Translator = ENGLISH) -> pd.DataFrame:
    """The published benchmark per follower of every platform and tier, like with like.

    Returns
    -------
    DataFrame
        Indexed ``platform/tier``: ``platform``, ``tier``, ``er_benchmark`` (NaN: none
        comparable), ``er_benchmark_source`` (source and year, None without a benchmark),
        ``er_benchmark_statistic`` (``typical``, ``average``, ``median``) and
        ``er_benchmark_note`` (why there is none, and which published figures were left out, in
        the translator's language; empty with a benchmark).
    """
    table = reference.engagement_benchmarks(default_only=False)
    rows = []
    for platform in PLATFORMS:
        series = tier_series(table, platform)
        rows += [_tier_row(table, series, platform, tier, _) for tier in TIERS]
    return pd.DataFrame(rows).set_index("key")


def _platform_clause(
    platform: str, tiers: list[str], medians: pd.Series, benchmarks: pd.DataFrame, _: Translator
) -> str:
    """One platform's tiers against its series: ``instagram micro 1.3x, mid 0.9x the typical
    rate per follower in HypeAuditor ... (2023)``."""
    first = benchmarks.loc[f"{platform}/{tiers[0]}"]
    ratios = []
    for tier in tiers:
        ratio = medians[(platform, tier)] / benchmarks.at[f"{platform}/{tier}", "er_benchmark"]
        ratios.append(f"{tier} {_.number(ratio, 1)}x")
    return _(
        "{platform} {ratios} {statistic} per follower in {source}",
        platform=platform,
        ratios=", ".join(ratios),
        statistic=_(STATISTICS[first["er_benchmark_statistic"]]),
        source=first["er_benchmark_source"],
    )


def benchmark_line(campaign: Campaign, shortlist: pd.DataFrame, _: Translator) -> str:
    """The finding's sentence on engagement against published benchmarks.

    Per platform, the median creator of each of the campaign's tiers (among the candidates in
    its markets and on its platforms) against the tier's figure, all from the one source of
    the platform's series: the same definition, statistic and source across the tiers named.
    Tiers with no comparable figure are named as such, never set against another source's
    number, and platforms are not ranked against each other (their sources differ).
    """
    if shortlist.empty or "engagement_rate" not in shortlist:
        return ""
    benchmarks = benchmark_table(_)
    shown = shortlist[shortlist["pass_market"] & shortlist["pass_platform"]]
    shown = shown[shown["tier"].isin(campaign.vetting.tiers) & shown["engagement_rate"].notna()]
    medians = shown.groupby(["platform", "tier"], observed=True)["engagement_rate"].median()
    compared, uncompared = [], []
    for platform in campaign.vetting.platforms:
        tiers = [t for t in campaign.vetting.tiers if (platform, t) in medians.index]
        with_figure = [
            t for t in tiers if pd.notna(benchmarks.at[f"{platform}/{t}", "er_benchmark"])
        ]
        uncompared += [f"{platform} {t}" for t in tiers if t not in with_figure]
        if with_figure:
            compared.append(_platform_clause(platform, with_figure, medians, benchmarks, _))
    lines = []
    if compared:
        lines.append(
            _(
                "Median engagement against published benchmarks, each platform against one "
                "source: {compared}.",
                compared="; ".join(compared),
            )
        )
    if uncompared:
        lines.append(
            _(
                "No comparable published benchmark for {tiers} (the benchmarks table says why).",
                tiers=", ".join(uncompared),
            )
        )
    return " ".join(lines)


def campaign_benchmarks(campaign: Campaign, _: Translator) -> pd.DataFrame:
    """The benchmarks the page compares with, for the campaign's platforms and tiers.

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``benchmark`` (NaN: none comparable) and ``compared_with``:
        the statistic and source (``the typical rate per follower, HypeAuditor ... (2023)``),
        or why there is none and which published figures were left out, in the translator's
        language.
    """
    table = benchmark_table(_)
    rows = []
    for platform in campaign.vetting.platforms:
        for tier in campaign.vetting.tiers:
            row = table.loc[f"{platform}/{tier}"]
            if pd.notna(row["er_benchmark"]):
                what = _(
                    "{statistic} per follower, {source}",
                    statistic=_(STATISTICS[row["er_benchmark_statistic"]]),
                    source=row["er_benchmark_source"],
                )
            else:
                what = row["er_benchmark_note"]
            rows.append(
                {
                    "platform": platform,
                    "tier": tier,
                    "benchmark": row["er_benchmark"],
                    "compared_with": what,
                }
            )
    return pd.DataFrame(rows, columns=["platform", "tier", "benchmark", "compared_with"])
