"""Stage 00, market landscape: who is on the roster in the campaign's markets, what engagement
and prices look like against published benchmarks, which disclosure rules apply, and what to
know about each market's culture (guide chapter 1).
"""

from __future__ import annotations

import pandas as pd

from helpers import report
from helpers.core import metrics, reference
from helpers.core.campaign import TIERS, Campaign
from helpers.text.i18n import Translator, translator

GROUP = ["platform", "tier"]
DEFINITION = "per_follower"  # the roster's rate: (likes + comments) / followers
ENGAGEMENTS = "likes + comments"  # what it counts


def profile_roster(roster: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """The roster's creators in the campaign's markets, with tier, engagement rate and
    eligibility.

    Parameters
    ----------
    roster : DataFrame
        The roster as loaded by :func:`helpers.core.data.load_table`.
    campaign : Campaign
        Supplies the markets, and the platforms and tiers eligible for vetting.

    Returns
    -------
    DataFrame
        One row per creator in those markets, adding ``tier`` (from follower cut points),
        ``engagement_rate`` ((likes + comments) / followers) and ``eligible`` (platform and tier
        allowed by the campaign). Creators under 1,000 followers have no tier.
    """
    in_markets = roster[roster["market"].isin(campaign.markets)].copy()
    in_markets["tier"] = reference.assign_tier(in_markets["followers"])
    in_markets["engagement_rate"] = metrics.engagement_rate(
        in_markets["avg_likes"], in_markets["avg_comments"], in_markets["followers"]
    )
    in_markets["eligible"] = in_markets["platform"].isin(campaign.vetting.platforms) & in_markets[
        "tier"
    ].isin(campaign.vetting.tiers)
    return in_markets.reset_index(drop=True)


def market_mix(profiled: pd.DataFrame) -> pd.DataFrame:
    """Creators per market, platform and tier (every combination listed, zeros included)."""
    counts = (
        profiled.dropna(subset=["tier"])
        .groupby(["market", "platform", "tier"], observed=False)
        .size()
        .rename("creators")
        .reset_index()
    )
    counts["tier"] = pd.Categorical(counts["tier"], categories=TIERS, ordered=True)
    return counts.sort_values(["market", "platform", "tier"]).reset_index(drop=True)


def market_mix_wide(mix: pd.DataFrame) -> pd.DataFrame:
    """:func:`market_mix` as the page shows it: a row per market and platform, a column per
    tier."""
    if mix.empty:
        return pd.DataFrame(columns=["market", "platform", *TIERS])
    return mix.pivot_table(
        index=["market", "platform"],
        columns="tier",
        values="creators",
        observed=False,
        aggfunc="sum",
    ).reset_index()


def engagement_by_tier(profiled: pd.DataFrame) -> pd.DataFrame:
    """The roster's engagement per platform and tier next to the published benchmark of the
    same definition.

    The roster's rate is per follower, (likes + comments) / followers over all recent posts. A
    published figure is set against it only when it is the same thing and comes from the
    platform's tier-by-tier series (``tier_series = yes`` in
    ``data/reference/engagement_benchmarks.csv``): per follower, likes and comments, all posts,
    the tier's own figure. A rate per view (TikTok's published figure) or an all-tier figure is
    never borrowed; such a tier has no benchmark.

    Parameters
    ----------
    profiled : DataFrame
        :func:`profile_roster` output.

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``creators``, ``median_engagement_rate``, ``p25``, ``p75``,
        ``benchmark_engagement_rate`` (NaN: none comparable), ``benchmark_definition``,
        ``benchmark_source`` (missing without a benchmark) and ``vs_benchmark`` (roster median /
        benchmark, 1.0 = on par; NaN without a benchmark).
    """
    grouped = profiled.dropna(subset=["tier", "engagement_rate"]).groupby(GROUP, observed=True)
    table = grouped["engagement_rate"].agg(
        creators="size",
        median_engagement_rate="median",
        p25=lambda s: s.quantile(0.25),
        p75=lambda s: s.quantile(0.75),
    )
    table = table.reset_index()
    benchmarks = [
        _benchmark(p, str(t)) for p, t in zip(table["platform"], table["tier"], strict=True)
    ]
    table["benchmark_engagement_rate"] = [b["engagement_rate"] for b in benchmarks]
    table["benchmark_definition"] = [b["definition"] for b in benchmarks]
    table["benchmark_source"] = [b["source"] for b in benchmarks]
    table["vs_benchmark"] = metrics.ratio(
        table["median_engagement_rate"], table["benchmark_engagement_rate"]
    )
    return table


def _benchmark(platform: str, tier: str) -> dict:
    """The platform's tier-by-tier figure of the roster's definition for one tier, or none; the
    definition in English, like every machine value (a page shows it in its language through
    ``report.table(..., words=_)``)."""
    row = reference.comparable_benchmark(platform, tier, DEFINITION, ENGAGEMENTS)
    if row is None:
        return {
            "engagement_rate": float("nan"),
            "definition": "no per-follower figure for this tier in the platform's tier series",
            "source": None,
        }
    return {
        "engagement_rate": float(row["engagement_rate"]),
        "definition": "per follower, likes and comments, all posts",
        "source": f"{row['source']} ({int(row['year'])})",
    }


def fees_by_tier(profiled: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Quoted fees on the roster per platform and tier, in the campaign's currency, next to the
    published price range per sponsored post (converted with the dated reference rate).

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``quotes`` (creators with a quoted fee), ``median_quoted_fee``,
        ``published_low``, ``published_high``, ``rate_date`` and ``source``.
    """
    quoted = profiled.dropna(subset=["quoted_fee", "fee_currency", "tier"]).copy()
    rates = {code: reference.fx_rate(code, currency) for code in quoted["fee_currency"].unique()}
    to_campaign = quoted["fee_currency"].map(lambda c: rates[c][0]).astype(float)
    quoted["fee"] = quoted["quoted_fee"] * to_campaign  # float even with no quote at all
    table = (
        quoted.groupby(GROUP, observed=True)["fee"]
        .agg(quotes="size", median_quoted_fee="median")
        .reset_index()
    )
    prices = reference.post_price_ranges()
    prices = prices[prices["unit"] == "per_post"]
    usd_rate, rate_date = reference.fx_rate("USD", currency)
    table = table.merge(prices[["platform", "tier", "low", "high", "source", "year"]], how="left")
    table["published_low"] = table.pop("low") * usd_rate
    table["published_high"] = table.pop("high") * usd_rate
    table["rate_date"] = rate_date
    years = table.pop("year").map(lambda y: f" ({int(y)})" if pd.notna(y) else "")
    # an empty table maps to numbers: say text, so the sum stays text either way
    table["source"] = table["source"].fillna("no published range") + years.astype("str")
    return table


def disclosure_brief(markets: list[str], _: Translator) -> pd.DataFrame:
    """Each market's disclosure rule in words a marketer can act on, headed in the campaign's
    language (``_``).

    The labels themselves come from the reference rules and are never translated: they are
    what the regulator expects to read; a description among them ("unlabelled gifts"), the
    authority and the placement are in the campaign's language where the catalogues have them.
    """
    rules = reference.disclosure_rules(markets)

    def listed(labels: list[str]) -> str:
        return ", ".join(_.term(label) for label in labels)

    return pd.DataFrame(
        {
            _("market"): rules["market"],
            _("authority"): rules["authority"],
            _("use one of"): rules["labels_that_satisfy"].map(listed),
            _("not enough"): rules["labels_not_enough"].map(listed),
            _("placement"): rules["placement"],
            _("checked"): rules["verified"].map({"yes": _("yes"), "no": _("to verify")}),
            _("source"): [
                f"{s} ({int(y)})" if pd.notna(y) else s
                for s, y in zip(rules["source"], rules["year"], strict=True)
            ],
        }
    )


def landscape_summary(
    campaign: Campaign,
    profiled: pd.DataFrame,
    engagement: pd.DataFrame,
    roster: pd.DataFrame | None = None,
) -> str:
    """The stage's finding in three sentences of Markdown, for the top of the report.

    Markets, platforms and tiers come from the campaign file and the roster (checked against
    their lists when read) and are escaped with :func:`helpers.report.text` all the same; the
    disclosure labels are the playbook's own reference table (``#reklāma`` as written).

    With no creator in the campaign's markets (``profiled`` empty) the finding says why: a
    roster with only a header, or one whose creators are all elsewhere (named from ``roster``,
    the whole file), and what to change in the campaign file.
    """
    _ = translator(campaign.language)
    if profiled.empty:
        return _empty_roster_finding(campaign, roster, _)
    eligible = profiled[profiled["eligible"]]
    per_market = eligible.groupby("market").size().reindex(campaign.markets, fill_value=0)
    thinnest = per_market.idxmin()
    shown = engagement[engagement["platform"].isin(campaign.vetting.platforms)]
    shown = shown[shown["tier"].isin(campaign.vetting.tiers)]
    lines = [
        _(
            "**{eligible} of the {total} creators** on the roster in {markets} fit the "
            "campaign's platforms ({platforms}) and tiers ({tiers}); {thinnest} has the "
            "fewest ({fewest}).",
            eligible=_.number(len(eligible)),
            total=_.number(len(profiled)),
            markets=", ".join(map(report.text, campaign.markets)),
            platforms=", ".join(map(report.text, campaign.vetting.platforms)),
            tiers=", ".join(map(report.text, campaign.vetting.tiers)),
            thinnest=report.text(thinnest),
            fewest=_.number(per_market[thinnest]),
        )
    ]
    if eligible.empty:
        lines.append(_fit_nobody(campaign, profiled, _))
    lines += _benchmark_lines(shown, _)
    return " ".join([*lines, _labels_line(campaign, _)])


def _benchmark_lines(shown: pd.DataFrame, _: Translator) -> list[str]:
    """The strongest tier against a benchmark of its own definition, and the tiers that have
    none (never set against a figure of another definition)."""
    lines = []
    compared = shown[shown["vs_benchmark"].notna()]
    if len(compared):
        best = compared.sort_values("vs_benchmark", ascending=False, kind="stable").iloc[0]
        lines.append(
            _(
                "The strongest engagement against its benchmark is {tier} {platform}: a median "
                "of {median} per follower, {times}x the published {benchmark}.",
                tier=report.text(best["tier"]),
                platform=report.text(best["platform"]),
                median=_.percent(best["median_engagement_rate"], 2),
                times=_.number(best["vs_benchmark"], 1),
                benchmark=_.percent(best["benchmark_engagement_rate"], 2),
            )
        )
    uncompared = shown[shown["vs_benchmark"].isna()]
    if len(uncompared):
        tiers = ", ".join(
            f"{report.text(str(t))} {report.text(p)}"
            for p, t in zip(uncompared["platform"], uncompared["tier"], strict=True)
        )
        lines.append(_("No comparable published benchmark for {tiers}.", tiers=tiers))
    return lines


def _labels_line(campaign: Campaign, _: Translator) -> str:
    rules = reference.disclosure_rules(campaign.markets)
    labels = "; ".join(
        f"{market}: {found[0] if found else _('no rule on file')}"
        for market, found in zip(rules["market"], rules["labels_that_satisfy"], strict=True)
    )
    return _("Every sponsored post must carry the market's label ({labels}).", labels=labels)


def _empty_roster_finding(campaign: Campaign, roster: pd.DataFrame | None, _: Translator) -> str:
    """Why no creator is in the campaign's markets, and what to change."""
    markets = ", ".join(map(report.text, campaign.markets))
    if roster is None or roster.empty:
        why = _(
            "**No creators on the roster**: the roster file has only its header row, so there "
            "is nothing to compare, vet or plan yet."
        )
        change = _(
            "Add one row per creator account to the roster file (data.roster in the campaign "
            "file), in {markets}.",
            markets=markets,
        )
    else:
        found = roster["market"].astype(str).value_counts().sort_index()
        why = _(
            "**No creator on the roster is in the campaign's markets ({markets})**: its "
            "{total} creators are in {found}, so there is nothing to compare, vet or plan.",
            markets=markets,
            total=_.number(len(roster)),
            found=", ".join(f"{report.text(m)} ({_.number(n)})" for m, n in found.items()),
        )
        change = _(
            "Add creators in {markets} to the roster file (data.roster), or change markets: "
            "in the campaign file to where the roster's creators are.",
            markets=markets,
        )
    return " ".join([why, change, _labels_line(campaign, _)])


def _fit_nobody(campaign: Campaign, profiled: pd.DataFrame, _: Translator) -> str:
    """What to change when no creator in the markets fits the platforms and tiers."""
    tiers = [t for t in TIERS if t in set(profiled["tier"].dropna().astype(str))]
    return _(
        "None fits, so vetting will have no one to check: the roster's creators here are on "
        "{platforms} and in the tiers {tiers}; widen vetting.platforms or vetting.tiers in the "
        "campaign file, or add creators that fit.",
        platforms=", ".join(sorted(map(report.text, profiled["platform"].unique()))),
        tiers=", ".join(tiers) or "–",
    )
