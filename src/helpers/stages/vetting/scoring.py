"""Scoring: the measurements of :func:`helpers.stages.vetting.measures.gather_creators` turned
into engagement against peers, three authenticity signals, audience quality and fit,
disclosure, brand safety and the composite score, with vectorised arithmetic only (a million
creators in a few seconds)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import TIERS, Campaign
from helpers.stages.vetting.authenticity import TARGET_WIDTH, flagged_share_of, sample_for_width
from helpers.stages.vetting.benchmarks import benchmark_table
from helpers.stages.vetting.captions import disclosure_judged
from helpers.stages.vetting.decisions import decide
from helpers.stages.vetting.measures import SCORE_INPUT_DEFAULTS
from helpers.stages.vetting.method import method_notes
from helpers.stages.vetting.thresholds import (
    FIT_WEIGHTS,
    FULL_HISTORY,
    FULL_POSTS,
    FULL_SAMPLE,
    HIGH_ER_SIGNAL,
    LOW_CONFIDENCE,
    LOW_ER_SIGNAL,
    MIN_HISTORY_WEEKS,
    MIN_PEERS,
    MIN_POSTS_FOR_MEDIAN,
    POD_SIGNAL,
    SPIKE_MIN_Z,
)
from helpers.stages.vetting.vocabulary import SIGNALS, UNCHECKED, categorical
from helpers.text.i18n import Translator, translator

_benchmark_table = benchmark_table  # the old name, imported by helpers.stages.vetting


def _weighted_mean(parts: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """Weighted mean over the parts present (not NaN) in each row; NaN when none is."""
    total = np.zeros(len(next(iter(parts.values()))))
    weight = np.zeros_like(total)
    for name, values in parts.items():
        present = ~np.isnan(values)
        total += np.where(present, values, 0.0) * weights[name]
        weight += present * weights[name]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight > 0, total / np.where(weight > 0, weight, 1), np.nan)


def peer_stats(values: np.ndarray, groups: np.ndarray) -> dict[str, np.ndarray]:
    """Each value's standing among its peers (same group), with one sort of the whole array.

    Parameters
    ----------
    values : array of float
        E.g. engagement rates; NaN values get NaN and do not count.
    groups : array of int
        Group code per value, 0 or more; a negative code means no group (NaN results).

    Returns
    -------
    dict of arrays
        ``percentile``: mid-rank percentile (0-100), ``(rank - 0.5) / n`` with ties sharing
        their average rank; ``count``: peers with a value (0 without a group); ``median``:
        the group's median.
    """
    values = np.asarray(values, dtype=float)
    groups = np.asarray(groups, dtype=np.int64)
    size = len(values)
    percentile, median = np.full(size, np.nan), np.full(size, np.nan)
    count = np.zeros(size, dtype=np.int64)
    rows = np.flatnonzero((groups >= 0) & ~np.isnan(values))
    if not len(rows):
        return {"percentile": percentile, "count": count, "median": median}
    order = rows[np.lexsort((values[rows], groups[rows]))]
    group, value = groups[order], values[order]
    sizes = np.bincount(group)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # Runs of equal values within a group share the average of their positions (ties).
    new_run = np.concatenate([[True], (np.diff(group) != 0) | (np.diff(value) != 0)])
    run_id = np.cumsum(new_run) - 1
    run_first = np.flatnonzero(new_run)
    run_last = np.concatenate([run_first[1:], [len(order)]]) - 1
    position = (run_first[run_id] + run_last[run_id]) / 2  # 0-based, averaged over ties
    rank = position - starts[group] + 1
    percentile[order] = (rank - 0.5) / sizes[group] * 100
    present = sizes > 0
    low = starts + (sizes - 1) // 2
    high = starts + sizes // 2
    middle = np.full(len(sizes), np.nan)
    middle[present] = (value[low[present]] + value[high[present]]) / 2
    with_group = groups >= 0
    count[with_group] = np.concatenate([sizes, [0]])[np.minimum(groups[with_group], len(sizes))]
    median[with_group] = np.concatenate([middle, [np.nan]])[
        np.minimum(groups[with_group], len(sizes))
    ]
    return {"percentile": percentile, "count": count, "median": median}


def score_roster(creators: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Score, flag and sort creators: vectorised, with every component visible.

    Parameters
    ----------
    creators : DataFrame
        From :func:`gather_creators` (or any frame with its columns: the benchmark builds a
        synthetic one).
    campaign : Campaign
        Supplies markets, platforms, tiers, thresholds and weights (``campaign.vetting``),
        and the language the reasons and the method are written in (``campaign.language``).

    Returns
    -------
    DataFrame
        The shortlist: the contract columns (:data:`CONTRACT_COLUMNS`) first, then every
        component and measurement, one row per creator in the order given; ``rank`` orders
        them (shortlisted first, then flagged, each by composite score; see
        :func:`in_rank_order`). ``.attrs`` carries ``notes`` and ``method``. Values such as
        ``status`` (shortlisted, flagged, excluded) stay English in every language; show them
        with :func:`shown_values`.
    """
    _ = translator(campaign.language)
    c = creators.reset_index(drop=True)
    for column, default in SCORE_INPUT_DEFAULTS.items():
        if column not in c:
            c[column] = default
    # The output is built as a dict of arrays (``out``) and sorted column by column at the end;
    # ``m`` keeps the masks and codes the later steps and the decision need.
    out: dict[str, object] = {}
    m: dict[str, np.ndarray] = {}
    for step in SCORING_STEPS:
        step(c, out, m, campaign, _)
    out = decide(out, c, campaign, _, **{k: m[k] for k in DECISION_MASKS})
    out.attrs["notes"] = list(creators.attrs.get("notes", []))
    out.attrs["unchecked"] = dict(creators.attrs.get("unchecked", {}))
    out.attrs["method"] = method_notes(campaign)
    return out


def _identity(c, out, m, campaign, _) -> None:
    """Who the creator is, and their platform and tier as integer codes: low-cardinality text
    as codes (categoricals), as a million creators would otherwise mean millions of strings."""
    platform_codes, platform_names = pd.factorize(c["platform"].astype(str))
    m["platform_codes"] = platform_codes
    m["platform_names"] = np.asarray(platform_names, dtype=object)
    tiers = reference.assign_tier(c["followers"].fillna(-1))
    m["tier_codes"] = tiers.cat.codes.to_numpy()
    m["posts_checked"] = c["posts_checked"].fillna(0).to_numpy(dtype=float)
    for column in ("influencer_id", "handle", "name", "platform", "market"):
        out[column] = c[column].array
    out["tier"] = tiers.array
    out["followers"] = c["followers"].to_numpy(dtype=float)


def _engagement_rate(c, out, m, campaign, _) -> None:
    """Engagement per follower: the median post when there are enough posts (one viral post
    must not lift it), the roster's averages otherwise; and engagement per view."""
    followers = out["followers"]
    with np.errstate(invalid="ignore", divide="ignore"):
        safe_followers = np.where(followers > 0, followers, np.nan)
        from_posts = c["median_engagements"].to_numpy(dtype=float) / safe_followers
        from_roster = (
            c["avg_likes"].to_numpy(dtype=float) + c["avg_comments"].to_numpy(dtype=float)
        ) / safe_followers
    use_posts = (m["posts_checked"] >= MIN_POSTS_FOR_MEDIAN) & ~np.isnan(from_posts)
    m["use_posts"] = use_posts
    m["er"] = er = np.where(use_posts, from_posts, from_roster)
    out["engagement_rate"] = er
    out["er_basis"] = categorical(
        np.where(use_posts, 0, np.where(np.isnan(er), 2, 1)),
        ["median post", "roster average", "none"],
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        roster_per_view = (
            c["avg_likes"].to_numpy(dtype=float) + c["avg_comments"].to_numpy(dtype=float)
        ) / np.where(c["avg_views"].to_numpy(dtype=float) > 0, c["avg_views"], np.nan)
    per_view = c["median_er_per_view"].to_numpy(dtype=float)
    out["er_per_view"] = np.where(np.isnan(per_view), roster_per_view, per_view)


def _benchmarks(m: dict[str, np.ndarray], _: Translator) -> dict[str, object]:
    """The published benchmark of each creator's platform and tier (NaN where none is
    comparable, like with like: :func:`helpers.stages.vetting.benchmarks.benchmark_table`), its
    source, and why there is none."""
    table = benchmark_table(_)
    sources = sorted(set(table["er_benchmark_source"].dropna()))
    notes = sorted(set(table["er_benchmark_note"]) - {""})
    shape = (len(m["platform_names"]) + 1, len(TIERS) + 1)  # the last row and column: padding
    bench_er, bench_source, bench_note = (
        np.full(shape, np.nan),
        np.full(shape, -1),
        np.full(shape, -1),
    )
    for p_code, name in enumerate(m["platform_names"]):
        for t_code, tier_name in enumerate(TIERS):
            key = f"{name}/{tier_name}"
            if key not in table.index:
                continue
            row = table.loc[key]
            bench_er[p_code, t_code] = row["er_benchmark"]
            if pd.notna(row["er_benchmark_source"]):
                bench_source[p_code, t_code] = sources.index(row["er_benchmark_source"])
            if row["er_benchmark_note"]:
                bench_note[p_code, t_code] = notes.index(row["er_benchmark_note"])
    at = (m["platform_codes"], m["tier_codes"])  # code -1 picks the padding
    return {
        "er_benchmark": bench_er[at],
        "er_benchmark_source": categorical(bench_source[at], sources),
        "er_benchmark_note": categorical(bench_note[at], notes),
    }


def _against_peers(c, out, m, campaign, _) -> None:
    """Engagement against peers (same platform and tier; creators without a tier have none) and
    the published benchmark; suspiciously high or low engagement."""
    vetting, er, tier_codes = campaign.vetting, m["er"], m["tier_codes"]
    key = np.where(tier_codes >= 0, m["platform_codes"] * len(TIERS) + tier_codes, -1)
    published = _benchmarks(m, _)
    out.update(published)
    er_benchmark = published["er_benchmark"]
    with np.errstate(invalid="ignore", divide="ignore"):
        out["er_vs_benchmark"] = er / er_benchmark
    peers = peer_stats(er, key)
    percentile, peer_count, peer_median = peers["percentile"], peers["count"], peers["median"]
    m["percentile"] = out["er_percentile"] = percentile
    out["er_peers"] = peer_count
    out["er_peer_median"] = peer_median
    reference_er = np.where(peer_count >= MIN_PEERS, peer_median, er_benchmark)
    with np.errstate(invalid="ignore", divide="ignore"):
        er_ratio = er / reference_er
    out["er_vs_peers"] = er_ratio
    m["er_high"] = er_high = er_ratio >= vetting.er_suspicious_high
    m["er_low"] = er_low = er_ratio <= vetting.er_suspicious_low
    out["er_flag"] = categorical(
        np.select([er_high, er_low], [1, 2], 0), ["", "suspiciously high", "suspiciously low"]
    )


def _pods(c, out, m, campaign, _) -> None:
    """Pods: many short comments per like compared with the platform's usual ratio."""
    with np.errstate(invalid="ignore", divide="ignore"):
        roster_cpl = c["avg_comments"].to_numpy(dtype=float) / np.where(
            c["avg_likes"].to_numpy(dtype=float) > 0, c["avg_likes"], np.nan
        )
    cpl = c["comments_per_like"].to_numpy(dtype=float)
    m["cpl"] = cpl = np.where(np.isnan(cpl), roster_cpl, cpl)
    platform_cpl = pd.Series(cpl).groupby(m["platform_codes"]).transform("median").to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["comments_per_like_vs_platform"] = cpl_ratio = cpl / platform_cpl
    m["pod"] = out["pod_suspected"] = cpl_ratio >= campaign.vetting.pod_comment_ratio
    out["engagement_cv"] = c["engagement_cv"].to_numpy(dtype=float)
    out["posts_checked"] = m["posts_checked"].astype(int)


def _follower_sample(c, out, m, campaign, _) -> None:
    """Signals 1 and 2: the follower sample and the vendor's figure. ``fake_share`` is the
    sample's estimate, or the vendor's where there is no sample (``fake_share_source``); a
    creator with neither is unverified."""
    sample_fake = c["fake_share"].to_numpy(dtype=float)
    m["sample_size"] = sample_size = c["follower_sample_size"].fillna(0).to_numpy(dtype=float)
    m["has_sample"] = has_sample = (sample_size > 0) & ~np.isnan(sample_fake)
    vendor = c["vendor_fake_share"].to_numpy(dtype=float)
    m["has_vendor"] = has_vendor = ~np.isnan(vendor)
    out["fake_share"] = np.where(has_sample, sample_fake, vendor)
    out["fake_share_source"] = categorical(
        np.select([has_sample, has_vendor], [0, 1], -1), ["follower_sample", "vendor"]
    )
    out["fake_share_low"] = low = c["fake_share_low"].to_numpy(dtype=float)
    out["fake_share_high"] = high = c["fake_share_high"].to_numpy(dtype=float)
    out["follower_sample_size"] = sample_size.astype(int)
    needed = _sample_for_10_points(c, has_sample, low, high)
    # a number where a sample narrows it, a yes where none does (a table cell holds no inf)
    out["sample_for_10_points"] = np.where(np.isinf(needed), np.nan, needed)
    out["no_sample_narrows"] = np.isinf(needed)
    # the account signals that marked the sample's flagged followers the most
    signals = c["fake_signals"].fillna("").to_numpy(dtype=object) if "fake_signals" in c else ""
    out["fake_signals"] = pd.Categorical(np.where(has_sample, signals, ""))
    out["vendor_fake_share"] = vendor
    out["vendor_source"] = c["vendor_source"].fillna("").astype(str).array
    m["verified"] = out["verified"] = has_sample | has_vendor
    # they disagree when the vendor's figure lies outside the sample's 95% interval
    m["disagree"] = out["sources_disagree"] = (
        has_sample & has_vendor & ((vendor < low) | (vendor > high))
    )
    m["signal_sample"] = 1.0 - sample_fake
    m["signal_vendor"] = 1.0 - vendor


def _sample_for_10_points(
    c: pd.DataFrame, has_sample: np.ndarray, low: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """For a creator whose follower-sample interval is wider than 10 points, the sample that
    would narrow it to 10 (:func:`helpers.stages.vetting.authenticity.sample_for_width`; inf
    where the model's own uncertainty is wider); NaN otherwise."""
    wide = has_sample & (high - low > TARGET_WIDTH + 1e-9)
    needed = np.full(len(c), np.nan)
    if wide.any():
        if "flagged_share" in c:
            flagged = c["flagged_share"].to_numpy(dtype=float)[wide]
        else:
            flagged = flagged_share_of(c["fake_share"].to_numpy(dtype=float)[wide])
        needed[wide] = sample_for_width(flagged)
    return needed


def _growth_events(c, out, m, campaign, _) -> None:
    """Signal 2: growth. A jump with engagement rising with it is a giveaway, not a purchase."""
    vetting = campaign.vetting
    m["weeks"] = weeks = c["history_weeks"].fillna(0).to_numpy(dtype=float)
    jump, lift = c["jump"].to_numpy(dtype=float), c["jump_lift"].to_numpy(dtype=float)
    drop = c["drop"].to_numpy(dtype=float)
    m["has_history"] = has_history = weeks >= MIN_HISTORY_WEEKS
    m["spike"] = spike = (
        has_history & (jump >= vetting.spike_threshold) & (c["jump_z"].to_numpy() >= SPIKE_MIN_Z)
    )
    m["giveaway"] = giveaway = spike & (lift >= vetting.giveaway_engagement_lift)
    m["unexplained"] = unexplained = spike & np.isnan(lift)
    m["bought"] = bought = spike & ~giveaway & ~unexplained
    m["fell"] = fell = (
        has_history & (drop >= vetting.drop_threshold) & (c["drop_z"].to_numpy() >= SPIKE_MIN_Z)
    )
    out["growth_event"] = categorical(
        np.select([bought, unexplained, giveaway, fell], [1, 2, 3, 4], 0),
        ["none", "bought_spike", "unexplained_spike", "giveaway", "drop"],
    )
    nat = np.datetime64("NaT", "ns")
    jump_week = pd.to_datetime(c["jump_week"]).to_numpy("datetime64[ns]")
    drop_week = pd.to_datetime(c["drop_week"]).to_numpy("datetime64[ns]")
    out["growth_event_week"] = np.where(spike, jump_week, np.where(fell, drop_week, nat))
    out["growth_event_change"] = np.where(spike, jump, np.where(fell, -drop, np.nan))
    out["growth_engagement_lift"] = np.where(spike, lift, np.nan)
    out["history_weeks"] = weeks.astype(int)
    m["signal_growth"] = _growth_signal(m, jump, drop)


def _growth_signal(m: dict[str, np.ndarray], jump: np.ndarray, drop: np.ndarray) -> np.ndarray:
    """1 without events, 1 - 2 x jump after bought followers, 1 - drop after a drop, 1 - jump
    / 2 after a giveaway (NaN without enough history)."""
    spike, fell = m["spike"], m["fell"]
    signal = np.ones(len(jump))
    signal = np.where(m["giveaway"], 1 - 0.5 * np.nan_to_num(jump), signal)
    signal = np.where(m["unexplained"], 1 - np.nan_to_num(jump), signal)
    signal = np.where(m["bought"], 1 - 2 * np.nan_to_num(jump), signal)
    signal = np.where(fell & ~spike, 1 - np.nan_to_num(drop), signal)
    signal = np.where(fell & spike, signal - np.nan_to_num(drop), signal)
    return np.where(m["has_history"], np.clip(signal, 0, 1), np.nan)


def _audience_quality(c, out, m, campaign, _) -> None:
    """Signal 3 (the engagement pattern), then audience quality: the weighted mean of the
    signals, never above the share of followers estimated real (100 x (1 - fake share), the
    sample's estimate or else the vendor's), and the signal that cost the most points."""
    pattern = np.ones(len(m["er"]))
    pattern = np.where(m["er_low"], LOW_ER_SIGNAL, pattern)
    pattern = np.where(m["er_high"], HIGH_ER_SIGNAL, pattern)
    pattern = np.where(m["pod"], POD_SIGNAL, pattern)
    pattern = np.where(np.isnan(m["er"]) & np.isnan(m["cpl"]), np.nan, pattern)
    weights = dict(campaign.vetting.quality_weights)
    signals = {
        "follower_sample": m["signal_sample"],
        "vendor": m["signal_vendor"],
        "growth": m["signal_growth"],
        "engagement_pattern": pattern,
    }
    for name, values in signals.items():
        out[f"signal_{name}"] = values
    present = sum((~np.isnan(values)) * (1 << i) for i, values in enumerate(signals.values()))
    out["quality_signals"] = categorical(
        present,
        [", ".join(s for i, s in enumerate(SIGNALS) if code >> i & 1) for code in range(16)],
    )
    mean = 100 * _weighted_mean(signals, weights)
    ceiling = 100 * (1 - out["fake_share"])  # NaN without a fake share: no ceiling
    m["quality"] = quality = np.fmin(mean, ceiling)
    out["audience_quality"] = quality
    out["quality_ceiling"] = ceiling
    present_weight = sum(weights[s] * ~np.isnan(v) for s, v in signals.items())
    lost = np.vstack(
        [
            np.nan_to_num(weights[s] * (1 - v)) / np.where(present_weight > 0, present_weight, 1)
            for s, v in signals.items()
        ]
    )
    driver = np.where(lost.max(axis=0) * 100 >= 5, lost.argmax(axis=0), len(SIGNALS))
    # held down by the ceiling: the fake share's own signal cost the points
    capped = ceiling < mean
    driver = np.where(capped & m["has_sample"], SIGNALS.index("follower_sample"), driver)
    driver = np.where(capped & ~m["has_sample"], SIGNALS.index("vendor"), driver)
    out["quality_driver"] = categorical(driver, [*SIGNALS, "none"])


def _confidence(c, out, m, campaign, _) -> None:
    """Confidence: the weighted coverage of the signals, a vendor figure counting as a full
    sample; its level, low for an unverified creator and at most medium when the sample and
    the vendor disagree or the sample's interval includes the campaign's fake-share limit; and
    what is missing or not checked (a code per creator)."""
    weights = dict(campaign.vetting.quality_weights)
    posts_checked, has_history = m["posts_checked"], m["has_history"]
    coverage = {
        "follower_sample": np.maximum(
            np.minimum(1, m["sample_size"] / FULL_SAMPLE), m["has_vendor"] * 1.0
        ),
        "growth": np.where(has_history, np.minimum(1, m["weeks"] / FULL_HISTORY), 0.0),
        "engagement_pattern": np.where(
            m["use_posts"],
            np.minimum(1, posts_checked / FULL_POSTS),
            np.where(np.isnan(m["er"]), 0, 0.5),
        ),
    }
    confidence = sum(weights[s] * coverage[s] for s in coverage) / sum(weights[s] for s in coverage)
    out["confidence"] = confidence
    level = np.select([confidence >= 0.8, confidence >= LOW_CONFIDENCE], [0, 1], 2)
    level = np.where(m["disagree"], np.maximum(level, 1), level)
    # the interval includes the campaign's limit: the sample cannot tell which side it is on
    limit = campaign.vetting.max_fake_share
    straddles = (
        m["has_sample"] & (out["fake_share_low"] <= limit) & (out["fake_share_high"] > limit)
    )
    level = np.where(straddles, np.maximum(level, 1), level)
    out["confidence_level"] = categorical(
        np.where(m["verified"], level, 2), ["high", "medium", "low"]
    )
    gaps = ("no follower sample", "no follower history", "no posts", "no audience data")
    absent = (
        (m["sample_size"] == 0) * 1
        + (~has_history) * 2
        + (posts_checked == 0) * 4
        + np.isnan(c["audience_in_markets"].to_numpy(dtype=float)) * 8
    )
    combinations = [", ".join(g for i, g in enumerate(gaps) if code >> i & 1) for code in range(16)]
    out["missing_data"] = categorical(absent, combinations)
    unchecked = (absent & ~1) | (~m["verified"]) * 1
    out["not_checked"] = categorical(
        unchecked,
        [", ".join(g for i, g in enumerate(UNCHECKED) if code >> i & 1) for code in range(16)],
    )


def _audience_fit(c, out, m, campaign, _) -> None:
    """Audience fit: the weighted mean of the parts the campaign targets."""
    parts = {
        "country": c["audience_in_markets"].to_numpy(dtype=float),
        "age": c["audience_in_age"].to_numpy(dtype=float),
        "gender": c["gender_match"].to_numpy(dtype=float),
        "interests": c["interest_match"].to_numpy(dtype=float),
        "language": c["language_match"].to_numpy(dtype=float),
    }
    targeted = {
        "country": True,
        "age": True,
        "gender": bool(campaign.audience.genders),
        "interests": bool(campaign.audience.interests),
        "language": bool(campaign.audience.languages),
    }
    for name, values in parts.items():
        out[f"fit_{name}"] = values if targeted[name] else np.full(len(c), np.nan)
    m["fit"] = _weighted_mean({k: v for k, v in parts.items() if targeted[k]}, FIT_WEIGHTS)
    out["audience_fit"] = m["fit"]


def _share_of_sponsored(counts: np.ndarray, sponsored: np.ndarray) -> np.ndarray:
    """Counts as a share of the sponsored posts (NaN for creators with none)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sponsored > 0, counts / np.where(sponsored > 0, sponsored, 1), np.nan)


def _disclosure_and_safety(c, out, m, campaign, _) -> None:
    """Disclosure (by the creator's market rule and by each campaign market's; unknown, NaN,
    where the market has no rule on file: no score penalty, no flag) and brand safety (halved
    for every post that mentions what the campaign avoids)."""
    sponsored = c["sponsored_posts"].fillna(0).to_numpy(dtype=float)
    labelled = c["labelled_posts"].fillna(0).to_numpy(dtype=float)
    judged = disclosure_judged(out["market"])
    disclosure = np.where(judged, _share_of_sponsored(labelled, sponsored), np.nan)
    m["disclosure"] = disclosure
    out["sponsored_posts"] = sponsored.astype(int)
    out["labelled_posts"] = labelled.astype(int)
    out["disclosure_share"] = disclosure
    for market in campaign.markets:
        column = f"labelled_{market}"
        if column in c:
            counts = c[column].fillna(0).to_numpy(dtype=float)
            share = _share_of_sponsored(counts, sponsored)
            out[f"disclosure_{market}"] = (
                share if disclosure_judged([market])[0] else share * np.nan
            )
    unsafe_posts = c["brand_safety_posts"].to_numpy(dtype=float)
    out["brand_safety_posts"] = unsafe_posts
    out["brand_safety_terms"] = c["brand_safety_terms"].fillna("").array
    m["brand_safety"] = np.where(np.isnan(unsafe_posts), np.nan, 0.5 ** np.nan_to_num(unsafe_posts))


def _composite(c, out, m, campaign, _) -> None:
    """The composite score: the campaign-weighted mean of the five components (a suspiciously
    high engagement rate earns no more than the median)."""
    percentile = m["percentile"]
    engagement = np.where(m["er_high"], np.minimum(percentile / 100, 0.5), percentile / 100)
    components = {
        "audience_fit": m["fit"],
        "audience_quality": m["quality"] / 100,
        "engagement": engagement,
        "disclosure": m["disclosure"],
        "brand_safety": m["brand_safety"],
    }
    for name in ("engagement", "disclosure", "brand_safety"):
        out[f"{name}_score"] = components[name]
    out["composite_score"] = 100 * _weighted_mean(components, dict(campaign.vetting.weights))


# The steps of the score, in the order the shortlist's columns come.
SCORING_STEPS = (
    _identity,
    _engagement_rate,
    _against_peers,
    _pods,
    _follower_sample,
    _growth_events,
    _audience_quality,
    _confidence,
    _audience_fit,
    _disclosure_and_safety,
    _composite,
)
# The masks the decision reads.
DECISION_MASKS = (
    "spike",
    "fell",
    "giveaway",
    "bought",
    "unexplained",
    "er_high",
    "er_low",
    "pod",
    "has_sample",
    "has_vendor",
    "verified",
    "disagree",
)
