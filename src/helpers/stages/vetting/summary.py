"""The stage's finding and the tables behind it: the discovery funnel, disclosure by market,
engagement bands per platform and tier, and the growth curves of flagged accounts."""

from __future__ import annotations

import numpy as np
import pandas as pd
from babel import Locale

from helpers import report
from helpers.core import reference
from helpers.core.campaign import TIERS, Campaign
from helpers.stages.vetting.benchmarks import benchmark_line, benchmark_table
from helpers.stages.vetting.vocabulary import ENGLISH, STATUSES
from helpers.text.i18n import Translator, translator

_ = ENGLISH  # marks the funnel's steps for the catalogue; they are translated where shown

FUNNEL_STEPS = [
    (_("on the roster"), None),
    (_("in the campaign's markets"), "pass_market"),
    (_("on the campaign's platforms"), "pass_platform"),
    (_("in the campaign's tiers"), "pass_tier"),
    (_("enough audience in the target countries"), "pass_audience"),
    (_("enough audience in the age range"), "pass_age"),
    (_("a shared interest"), "pass_interests"),
    (_("content in a campaign language"), "pass_language"),
    (_("fake followers not surely above the limit"), "pass_fake_share"),
    (_("audience quality above the minimum"), "pass_quality"),
    (_("composite score above the minimum"), "pass_composite"),
]


def discovery_funnel(shortlist: pd.DataFrame, _: Translator = ENGLISH) -> pd.DataFrame:
    """How many creators survive each filter in turn, from the whole roster to the shortlist.

    Returns
    -------
    DataFrame
        ``step`` (in the translator's language), ``creators`` left after it, ``removed`` by it.
    """
    alive = np.ones(len(shortlist), bool)
    rows = []
    for label, column in FUNNEL_STEPS:
        before = int(alive.sum())
        if column is not None:
            alive &= shortlist[column].to_numpy(dtype=bool)
        rows.append(
            {"step": _(label), "creators": int(alive.sum()), "removed": before - int(alive.sum())}
        )
    flagged = int((shortlist["status"] == "flagged").sum())
    rows.append(
        {"step": _("of which flagged for a closer look"), "creators": flagged, "removed": 0}
    )
    return pd.DataFrame(rows)


def disclosure_by_market(shortlist: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Each campaign market's disclosure rule, and how well the creators still in the running
    (shortlisted or flagged) label their sponsored posts by that rule.

    Returns
    -------
    DataFrame
        ``market``, ``authority``, ``labels_that_satisfy``, ``labels_not_enough`` (text),
        ``creators`` (in the running, based in the market), ``median_share`` of their
        sponsored posts labelled by the rule, ``below_minimum`` (creators under the
        campaign's minimum), ``verified`` and ``source``. A market with no rule on file says so
        in the campaign's language: disclosure there is unknown (no share, nobody below the
        minimum), to check against the national rule.
    """
    _ = translator(campaign.language)
    rules = reference.disclosure_rules(campaign.markets)
    running = shortlist[shortlist["status"] != "excluded"]
    rows = []
    for rule in rules.itertuples(index=False):
        home = running[running["market"] == rule.market]
        column = f"disclosure_{rule.market}"
        shares = home[column] if column in home else home["disclosure_share"]
        shares = shares if rule.on_file else shares * np.nan
        year = f" ({int(rule.year)})" if pd.notna(rule.year) else ""
        rows.append(
            {
                "market": rule.market,
                "authority": rule.authority if rule.on_file else _("no rule on file"),
                "labels_that_satisfy": ", ".join(rule.labels_that_satisfy)
                if rule.on_file
                else _("unknown: check against the national rule"),
                "labels_not_enough": ", ".join(rule.labels_not_enough),
                "creators": len(home),
                "median_share": shares.median() if shares.notna().any() else np.nan,
                "below_minimum": int((shares < campaign.vetting.min_disclosure_share).sum()),
                "verified": rule.verified,
                "source": f"{rule.source}{year}"
                if rule.source
                else _("no rule on file: disclosure not judged, check against the national rule"),
            }
        )
    return pd.DataFrame(rows)


def _unknown_disclosure_line(campaign: Campaign, _: Translator) -> str:
    """The campaign's markets with no disclosure rule on file: disclosure is unknown there."""
    missing = [m for m in campaign.markets if not reference.has_disclosure_rule(m)]
    if not missing:
        return ""
    return _(
        "Disclosure not judged in {markets}: no rule on file, so no creator there is flagged or "
        "scored down for labelling; check their labels against the national rule.",
        markets=", ".join(missing),
    )


def growth_curves(growth: pd.DataFrame | None, influencer_ids: list[str]) -> pd.DataFrame:
    """The weekly follower series of some creators, for the growth chart.

    Returns
    -------
    DataFrame
        ``influencer_id``, ``week`` (timestamp), ``followers``, ``engagements`` (NaN when
        absent); empty when there is no growth table.
    """
    columns = ["influencer_id", "week", "followers", "engagements"]
    if growth is None or growth.empty or not {"influencer_id", "week", "followers"} <= set(growth):
        return pd.DataFrame(columns=columns)
    chosen = growth[growth["influencer_id"].astype(str).isin(influencer_ids)].copy()
    chosen["week"] = pd.to_datetime(chosen["week"], errors="coerce")
    chosen["followers"] = pd.to_numeric(chosen["followers"], errors="coerce")
    if "engagements" not in chosen:
        chosen["engagements"] = np.nan
    return (
        chosen[columns].dropna(subset=["week", "followers"]).sort_values(["influencer_id", "week"])
    )


def growth_event_examples(
    shortlist: pd.DataFrame, per_event: int = 2, most: int = 6
) -> pd.DataFrame:
    """A few of the campaign's candidates (in its markets and on its platforms) with a growth
    event, for the growth chart.

    Parameters
    ----------
    shortlist : DataFrame
        The shortlist (:func:`helpers.stages.vetting.build_shortlist`).
    per_event : int
        At most this many of each kind of event (bought-follower spike, giveaway, drop ...).
    most : int
        At most this many in all.

    Returns
    -------
    DataFrame
        Shortlist rows, those still in the running first, each kind by composite score.
    """
    events = shortlist[shortlist["growth_event"] != "none"]
    events = events[events["pass_market"] & events["pass_platform"]]
    shown = events.sort_values(["status", "composite_score"], ascending=[False, False])
    return shown.groupby("growth_event").head(per_event).head(most)


def not_checked(shortlist: pd.DataFrame, _: Translator = ENGLISH) -> dict[str, str]:
    """What could not be checked for anyone, and which file would check it: one sentence per
    optional table the campaign does not give (or gives without the columns needed), from the
    shortlist's ``.attrs["unchecked"]``.

    Returns
    -------
    dict of str to str
        Table name (``posts``, ``follower_growth``, ``audience``, ``follower_samples``) to its
        sentence, in the translator's language; empty when every table was there.
    """
    absent = {
        "posts": _(
            "Disclosure and brand safety not checked: the campaign names no posts file "
            "(data.posts)."
        ),
        "follower_growth": _(
            "Growth anomalies (bought-follower spikes, sudden drops) not checked: the campaign "
            "names no follower-growth file (data.follower_growth)."
        ),
        "audience": _(
            "Audience fit by country, age and gender not checked: the campaign names no "
            "audience file (data.audience); fit comes from interests and language only."
        ),
        "follower_samples": _(
            "Fake followers not checked by the follower model: the campaign names no "
            "follower-sample file (data.follower_samples); a vendor's figure on the roster "
            "counts where there is one."
        ),
    }
    unusable = {
        "posts": _(
            "Disclosure and brand safety not checked: the posts file (data.posts) lacks the "
            "columns it needs (see the data problems)."
        ),
        "follower_growth": _(
            "Growth anomalies not checked: the follower-growth file (data.follower_growth) "
            "lacks the columns it needs (see the data problems)."
        ),
        "audience": _(
            "Audience fit by country, age and gender not checked: the audience file "
            "(data.audience) lacks the columns it needs (see the data problems)."
        ),
        "follower_samples": _(
            "Fake followers not checked by the follower model: the follower-sample file "
            "(data.follower_samples) lacks the columns it needs (see the data problems)."
        ),
    }
    sentences = {}
    for table, state in shortlist.attrs.get("unchecked", {}).items():
        if table in absent:
            sentences[table] = absent[table] if state == "absent" else unusable[table]
    return sentences


def vetting_summary(campaign: Campaign, shortlist: pd.DataFrame) -> str:
    """The stage's finding in a few sentences of Markdown, for the top of the report (in the
    campaign's language): the counts, the top of the list, the flags, the funnel, engagement
    against published benchmarks (like with like), how the audiences were verified and what
    could not be checked."""
    _ = translator(campaign.language)
    lines = [_counts_line(campaign, shortlist, _), _nobody_line(campaign, shortlist, _)]
    lines += [_top_line(shortlist, _), _flags_line(campaign, shortlist, _)]
    lines += [_funnel_line(shortlist, _), benchmark_line(campaign, shortlist, _)]
    lines += [_verified_line(campaign, shortlist, _), *not_checked(shortlist, _).values()]
    if "posts" not in shortlist.attrs.get("unchecked", {}):
        lines.append(_unknown_disclosure_line(campaign, _))
    return " ".join(line for line in lines if line)


def _verified_line(campaign: Campaign, shortlist: pd.DataFrame, _: Translator) -> str:
    """How the candidates' audiences were verified, when not every one by a follower sample."""
    if "fake_share_source" not in shortlist:
        return ""
    candidates = shortlist[shortlist["pass_market"] & shortlist["pass_platform"]]
    source = candidates["fake_share_source"].astype(object)
    by_vendor = int((source == "vendor").sum())
    unverified = int((~candidates["verified"].astype(bool)).sum())
    if not (by_vendor or unverified):
        return ""
    held = campaign.vetting.unverified == "hold"
    return _(
        "Audience authenticity of the {candidates} candidates: {sample} by follower sample, "
        "{vendor} by a vendor's figure, {unverified} unverified ({what}).",
        candidates=_.number(len(candidates)),
        sample=_.number(int((source == "follower_sample").sum())),
        vendor=_.number(by_vendor),
        unverified=_.number(unverified),
        what=_("held until checked by hand: vetting.unverified is hold")
        if held
        else _("planned, marked for a manual check"),
    )


def _counts_line(campaign: Campaign, shortlist: pd.DataFrame, _: Translator) -> str:
    counts = shortlist["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    in_markets = shortlist[shortlist["pass_market"]]
    return _(
        "**{shortlisted} creators shortlisted and {flagged} flagged** for a closer look, out "
        "of {in_markets} in {markets} ({roster} on the roster; {excluded} excluded, each with "
        "its reason).",
        shortlisted=_.number(counts["shortlisted"]),
        flagged=_.number(counts["flagged"]),
        in_markets=_.number(len(in_markets)),
        markets=", ".join(campaign.markets),
        roster=_.number(len(shortlist)),
        excluded=_.number(counts["excluded"]),
    )


#: the campaign-file setting that loosens each discovery filter
FILTER_SETTINGS = {
    "pass_platform": "vetting.platforms",
    "pass_tier": "vetting.tiers",
    "pass_audience": "vetting.min_audience_in_markets",
    "pass_age": "vetting.min_audience_in_age",
    "pass_interests": "audience.interests (or vetting.require_interest_match: false)",
    "pass_language": "vetting.require_language_match: false",
    "pass_fake_share": "vetting.max_fake_share",
    "pass_quality": "vetting.min_audience_quality",
    "pass_composite": "vetting.min_composite_score",
}


def _nobody_line(campaign: Campaign, shortlist: pd.DataFrame, _: Translator) -> str:
    """When nobody is left in the running: why, and what to change in the campaign file."""
    if (shortlist["status"] != "excluded").any():
        return ""
    markets = ", ".join(campaign.markets)
    if shortlist.empty:
        return _(
            "Nobody to vet: the roster has no creators. Add one row per creator account to the "
            "roster file (data.roster)."
        )
    if not shortlist["pass_market"].any():
        return _(
            "Nobody to vet: no creator on the roster is in {markets}. Add creators there to the "
            "roster file (data.roster), or change markets: in the campaign file.",
            markets=markets,
        )
    alive = np.ones(len(shortlist), bool)
    for label, column in FUNNEL_STEPS[1:]:
        alive &= shortlist[column].to_numpy(dtype=bool)
        if not alive.any():
            return _(
                "Nobody is left after the filter *{step}*, so there is nothing to plan: loosen "
                "{setting} in the campaign file, or add creators who pass it.",
                step=_(label),
                setting=FILTER_SETTINGS.get(column, "vetting"),
            )
    return _(
        "Nobody is left in the running; each creator's reason is in the shortlist file "
        "(shortlist.csv): loosen the vetting settings they name in the campaign file."
    )


def _top_line(shortlist: pd.DataFrame, _: Translator) -> str:
    top = shortlist[shortlist["status"] == "shortlisted"].sort_values("rank").head(3)
    if not len(top):
        return ""
    names = ", ".join(
        _(
            "{handle} ({platform}, {market}, score {score})",
            handle=report.text(row.handle),
            platform=report.text(row.platform),
            market=report.text(row.market),
            score=_.number(row.composite_score),
        )
        for row in top.itertuples()
    )
    return _("Top of the list: {names}.", names=names)


def _flags_line(campaign: Campaign, shortlist: pd.DataFrame, _: Translator) -> str:
    running = shortlist[shortlist["status"] != "excluded"]
    vetting = campaign.vetting
    # (one, many), already translated: in Latvian a count ending in 1 (not 11) is singular
    flags = {
        (
            _("{count} creator with fake followers above the limit"),
            _("{count} creators with fake followers above the limit"),
        ): (running["fake_share"] > vetting.max_fake_share).sum(),
        (_("{count} bought-follower spike"), _("{count} bought-follower spikes")): (
            running["growth_event"] == "bought_spike"
        ).sum(),
        (_("{count} suspected engagement pod"), _("{count} suspected engagement pods")): running[
            "pod_suspected"
        ].sum(),
        (_("{count} creator who labels ads poorly"), _("{count} creators who label ads poorly")): (
            running["disclosure_share"] < vetting.min_disclosure_share
        ).sum(),
        (_("{count} brand-safety hit"), _("{count} brand-safety hits")): (
            running["brand_safety_terms"] != ""
        ).sum(),
    }
    named = [
        (one if _singular(int(v), _) else many).format(count=_.number(int(v)))
        for (one, many), v in flags.items()
        if v
    ]
    if not named:
        return ""
    return _("Flags among those still in the running: {flags}.", flags=", ".join(named))


def _funnel_line(shortlist: pd.DataFrame, _: Translator) -> str:
    funnel = discovery_funnel(shortlist, _).iloc[2:-1]
    if not (len(funnel) and funnel["removed"].max() > 0):
        return ""
    biggest = funnel.loc[funnel["removed"].idxmax()]
    return _(
        "Within the markets, the step that removes the most creators is *{step}* ({removed} out).",
        step=biggest["step"],
        removed=_.number(int(biggest["removed"])),
    )


def _singular(count: int, _: Translator) -> bool:
    """Whether a count takes the singular form (the language's plural rule: 1 in English; 1,
    21, 31 ... but not 11 in Latvian)."""
    return Locale.parse(_.locale).plural_form(count) == "one"


def engagement_bands(shortlist: pd.DataFrame, _: Translator = ENGLISH) -> pd.DataFrame:
    """Per platform and tier: the tier's follower range, the peers' engagement quartiles and
    the published benchmark, for the engagement chart.

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``min_followers``, ``max_followers`` (NaN: no upper bound),
        ``peers``, ``p25``, ``median``, ``p75``, ``benchmark`` (NaN where no published figure
        is comparable), ``source`` (None then) and ``note`` (why not, in the translator's
        language; see :func:`helpers.stages.vetting.benchmarks.benchmark_table`).
    """
    cuts = reference.tier_cut_points().set_index("tier")
    rated = shortlist.dropna(subset=["engagement_rate", "tier"])
    grouped = rated.groupby(["platform", "tier"], sort=False)["engagement_rate"]
    table = grouped.agg(
        peers="count",
        p25=lambda s: s.quantile(0.25),
        median="median",
        p75=lambda s: s.quantile(0.75),
    ).reset_index()
    benchmarks = benchmark_table(_)
    key = table["platform"] + "/" + table["tier"].astype(str)
    table["benchmark"] = key.map(benchmarks["er_benchmark"]).astype(float)
    table["source"] = key.map(benchmarks["er_benchmark_source"])
    table["note"] = key.map(benchmarks["er_benchmark_note"])
    table["min_followers"] = table["tier"].map(cuts["min_followers"])
    table["max_followers"] = table["tier"].map(cuts["max_followers"])
    table["tier"] = pd.Categorical(table["tier"], categories=list(TIERS), ordered=True)
    return table.sort_values(["platform", "tier"]).reset_index(drop=True)


def interval_line(shortlist: pd.DataFrame, _: Translator = ENGLISH) -> str:
    """How wide the follower samples' 95% intervals are among the creators still in the
    running, and how large a sample would narrow them to 10 points (the shortlist's
    ``sample_for_10_points``, ``no_sample_narrows``); empty without sampled creators."""
    running = shortlist[
        (shortlist["status"] != "excluded") & (shortlist["follower_sample_size"] > 0)
    ]
    width = (running["fake_share_high"] - running["fake_share_low"]).dropna()
    if width.empty:
        return ""
    finite = running["sample_for_10_points"].dropna()
    never = int(running["no_sample_narrows"].sum()) if "no_sample_narrows" in running else 0
    line = _(
        "The 95% intervals of the {count} sampled creators still in the running average "
        "{width} points wide ({narrow} already 10 points or narrower) on samples of {sample} "
        "accounts (median).",
        count=_.number(len(width)),
        width=_.number(100 * width.mean(), 0),
        narrow=_.number(int((width <= 0.1 + 1e-9).sum())),
        sample=_.number(running["follower_sample_size"].median()),
    )
    if len(finite):
        line += " " + _(
            "Narrowing one to 10 points takes a sample of about {median} followers (median; "
            "{least} to {most}).",
            median=_.number(finite.median()),
            least=_.number(finite.min()),
            most=_.number(finite.max()),
        )
    if never:
        line += " " + _(
            "For {count} of them no sample will do: the model's own error rates, measured on 98 "
            "labelled fakes, keep the interval wider.",
            count=_.number(never),
        )
    return line
