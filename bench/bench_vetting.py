"""Benchmark: score a synthetic roster of 1,000,000 creators with the vectorised vetting code
(:func:`helpers.stages.vetting.score_roster`) and compare it with a naive row-by-row version.

What is timed is :func:`helpers.stages.vetting.score_roster`: engagement rates, peer percentiles,
the three authenticity signals, audience quality, audience fit, composite score, status, the
reasons text and the rank of every creator. Reading and aggregating the raw tables
(:func:`helpers.stages.vetting.gather_creators`) and sorting rows by rank for display
(:func:`helpers.stages.vetting.in_rank_order`) are not part of it.

The synthetic roster carries each creator's aggregates (median engagement per post, the
follower-sample estimate, the biggest weekly jump and drop, audience shares, labelled posts ...),
as :func:`helpers.stages.vetting.gather_creators` would produce them. The naive version scores one
creator at a time in plain Python; it runs on a random subsample and its time is extrapolated
linearly to the full roster (per-row work is independent; the peer tables it needs are built
once from the full roster and not counted). Both versions are checked to agree on the
subsample. No assertion on time: this prints, it does not test.

Usage::

    .venv/bin/python bench/bench_vetting.py [--creators 1000000] [--naive-sample 20000]
"""

from __future__ import annotations

import argparse
import bisect
import gc
import os
import resource
import statistics
import time
import tracemalloc

import numpy as np
import pandas as pd

from helpers.core.campaign import TIERS, load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.core.reference import tier_cut_points
from helpers.stages import vetting

MARKETS = ("LV", "EE", "LT", "SE", "NO", "DK", "FI", "DE", "FR", "ES", "IT", "GB", "US")
LANGUAGE = dict(
    zip(
        MARKETS,
        ("lv", "et", "lt", "sv", "no", "da", "fi", "de", "fr", "es", "it", "en", "en"),
        strict=True,
    )
)
PLATFORMS = ("instagram", "tiktok", "youtube")
INTERESTS = ("skincare", "beauty", "fashion", "tech", "finance", "fitness", "food", "travel")


def synthetic_creators(size: int, seed: int = 2027) -> pd.DataFrame:
    """A roster of ``size`` creators with plausible aggregates (vectorised, seeded)."""
    rng = np.random.default_rng(seed)
    followers = np.maximum(300, np.round(rng.lognormal(np.log(20_000), 1.5, size)))
    market = rng.choice(MARKETS, size)
    er = rng.lognormal(np.log(0.02), 0.6, size)
    odd = rng.random(size)
    er[odd < 0.02] *= 4  # suspiciously high
    er[(odd >= 0.02) & (odd < 0.04)] *= 0.2  # suspiciously low
    posts = rng.integers(0, 13, size)
    engagements = followers * er
    per_like = rng.lognormal(np.log(0.03), 0.4, size)
    per_like[rng.random(size) < 0.03] *= 8  # pods
    fake = rng.beta(6, 24, size)
    sample = np.where(rng.random(size) < 0.03, 0, rng.integers(20, 61, size))
    half = 1.96 * np.sqrt(fake * (1 - fake) / np.maximum(sample, 1)) + 0.05
    fake = np.where(sample > 0, fake, np.nan)
    weeks = np.where(rng.random(size) < 0.02, 0, 26)
    event = rng.random(size)
    jump = np.where(event < 0.12, rng.uniform(0.1, 0.5, size), rng.uniform(0.005, 0.02, size))
    lift = np.where(event < 0.05, rng.uniform(1.8, 3, size), rng.lognormal(0, 0.15, size))
    drop = np.where(event > 0.97, rng.uniform(0.08, 0.25, size), rng.uniform(0.0, 0.02, size))
    start = np.datetime64("2026-05-04")
    sponsored = rng.integers(0, 4, size)
    unsafe = (rng.random(size) < 0.005).astype(float)
    interest_pairs = rng.choice(INTERESTS, (size, 2))
    return pd.DataFrame(
        {
            "influencer_id": np.char.add("inf-", np.arange(size).astype(str)),
            "handle": np.char.add("@creator", np.arange(size).astype(str)),
            "name": np.char.add("Creator ", np.arange(size).astype(str)),
            "platform": rng.choice(PLATFORMS, size),
            "market": market,
            "language": pd.Series(market).map(LANGUAGE).to_numpy(),
            "interests": np.char.add(np.char.add(interest_pairs[:, 0], "|"), interest_pairs[:, 1]),
            "followers": followers,
            "avg_likes": np.round(engagements / (1 + per_like), 1),
            "avg_comments": np.round(engagements * per_like / (1 + per_like), 1),
            "avg_views": np.round(engagements / 0.08, 1),
            "posts_checked": posts,
            "median_engagements": engagements * rng.lognormal(0, 0.1, size),
            "median_er_per_view": rng.lognormal(np.log(0.08), 0.3, size),
            "comments_per_like": per_like,
            "engagement_cv": rng.uniform(0.1, 0.6, size),
            "sponsored_posts": sponsored,
            "labelled_posts": rng.binomial(sponsored, 0.8),
            "brand_safety_posts": unsafe,
            "brand_safety_terms": np.where(unsafe > 0, "alcohol: 'beer' (post-1)", ""),
            "history_weeks": weeks,
            "jump": jump,
            "jump_week": start + rng.integers(4, 23, size) * np.timedelta64(7, "D"),
            "jump_z": np.where(jump > 0.05, 20.0, 1.5),
            "jump_lift": lift,
            "drop": drop,
            "drop_week": start + rng.integers(4, 23, size) * np.timedelta64(7, "D"),
            "drop_z": np.where(drop > 0.05, 20.0, 1.5),
            "audience_in_markets": rng.uniform(0.2, 1.0, size),
            "audience_in_age": rng.uniform(0.3, 1.0, size),
            "gender_match": rng.uniform(0.5, 1.0, size),
            "interest_match": rng.choice([0.0, 0.5, 1.0], size, p=[0.6, 0.25, 0.15]),
            "language_match": np.isin(market, ["LV", "EE", "LT"]).astype(float),
            "fake_share": fake,
            "fake_share_low": np.clip(fake - half, 0, 1),
            "fake_share_high": np.clip(fake + half, 0, 1),
            "follower_sample_size": sample,
            "data_issues": np.where(
                rng.random(size) < 0.001, "followers 'abc' is not a number", ""
            ),
        }
    )


# --------------------------------------------------------------------------- the naive version


def naive_peer_tables(creators: pd.DataFrame) -> dict:
    """Sorted engagement rates per platform/tier and the comments-per-like median per platform,
    from the full roster (the naive scorer looks peers up here; built once, not timed)."""
    scored = vetting.score_roster(creators.head(0), CAMPAIGN)  # warm caches only
    del scored
    er_lists: dict[str, list[float]] = {}
    cpl_lists: dict[str, list[float]] = {}
    cuts = tier_cut_points()
    edges = cuts["min_followers"].tolist()
    for row in creators.itertuples(index=False):
        tier = naive_tier(row.followers, edges)
        er = naive_er(row)
        if tier and er == er:
            er_lists.setdefault(f"{row.platform}/{tier}", []).append(er)
        cpl = row.comments_per_like
        if cpl != cpl:
            cpl = row.avg_comments / row.avg_likes if row.avg_likes > 0 else float("nan")
        if cpl == cpl:
            cpl_lists.setdefault(row.platform, []).append(cpl)
    return {
        "er": {key: sorted(values) for key, values in er_lists.items()},
        "cpl": {key: statistics.median(values) for key, values in cpl_lists.items()},
        "median": {key: statistics.median(values) for key, values in er_lists.items()},
        "edges": edges,
    }


def naive_tier(followers: float, edges: list[float]) -> str:
    if followers != followers or followers < edges[0]:
        return ""
    return TIERS[bisect.bisect_right(edges, followers) - 1]


def naive_er(row) -> float:
    if not row.followers > 0:
        return float("nan")
    if (
        row.posts_checked >= vetting.MIN_POSTS_FOR_MEDIAN
        and row.median_engagements == row.median_engagements
    ):
        return row.median_engagements / row.followers
    return (row.avg_likes + row.avg_comments) / row.followers


def naive_score(row, peers: dict, benchmarks: dict) -> dict:
    """Score one creator the slow way: plain Python, one value at a time."""
    v = CAMPAIGN.vetting
    nan = float("nan")
    tier = naive_tier(row.followers, peers["edges"])
    er = naive_er(row)
    key = f"{row.platform}/{tier}"
    benchmark = benchmarks.get(key, nan)
    group = peers["er"].get(key, [])
    if er == er and group:
        below = bisect.bisect_left(group, er)
        equal = bisect.bisect_right(group, er) - below
        percentile = (below + (equal + 1) / 2 - 0.5) / len(group) * 100
        median = peers["median"][key]
    else:
        percentile, median = nan, nan
    reference_er = median if len(group) >= vetting.MIN_PEERS else benchmark
    ratio = er / reference_er if reference_er == reference_er and reference_er else nan
    high, low = ratio >= v.er_suspicious_high, ratio <= v.er_suspicious_low
    cpl = row.comments_per_like
    if cpl != cpl:
        cpl = row.avg_comments / row.avg_likes if row.avg_likes > 0 else nan
    pod = cpl / peers["cpl"][row.platform] >= v.pod_comment_ratio
    signals = {"follower_sample": 1 - row.fake_share}
    has_history = row.history_weeks >= vetting.MIN_HISTORY_WEEKS
    spike = has_history and row.jump >= v.spike_threshold and row.jump_z >= vetting.SPIKE_MIN_Z
    giveaway = spike and row.jump_lift >= v.giveaway_engagement_lift
    unexplained = spike and row.jump_lift != row.jump_lift
    bought = spike and not giveaway and not unexplained
    fell = has_history and row.drop >= v.drop_threshold and row.drop_z >= vetting.SPIKE_MIN_Z
    if not has_history:
        signals["growth"] = nan
    else:
        growth = 1.0
        if giveaway:
            growth = 1 - 0.5 * row.jump
        if unexplained:
            growth = 1 - row.jump
        if bought:
            growth = 1 - 2 * row.jump
        if fell:
            growth = growth - row.drop if spike else 1 - row.drop
        signals["growth"] = min(1.0, max(0.0, growth))
    pattern = 1.0
    if low:
        pattern = vetting.LOW_ER_SIGNAL
    if high:
        pattern = vetting.HIGH_ER_SIGNAL
    if pod:
        pattern = vetting.POD_SIGNAL
    signals["engagement_pattern"] = nan if (er != er and cpl != cpl) else pattern
    quality = 100 * naive_mean(signals, dict(v.quality_weights))
    fit_parts = {
        "country": row.audience_in_markets,
        "age": row.audience_in_age,
        "interests": row.interest_match,
        "language": row.language_match,
    }
    if CAMPAIGN.audience.genders:
        fit_parts["gender"] = row.gender_match
    fit = naive_mean(fit_parts, vetting.FIT_WEIGHTS)
    disclosure = row.labelled_posts / row.sponsored_posts if row.sponsored_posts > 0 else nan
    safety = (
        0.5**row.brand_safety_posts if row.brand_safety_posts == row.brand_safety_posts else nan
    )
    engagement = percentile / 100
    if high:
        engagement = min(engagement, 0.5)
    components = {
        "audience_fit": fit,
        "audience_quality": quality / 100,
        "engagement": engagement,
        "disclosure": disclosure,
        "brand_safety": safety,
    }
    composite = 100 * naive_mean(components, dict(v.weights))
    reasons, excluded, flagged = [], False, False
    checks = [  # one rule per line reads best
        (row.market not in CAMPAIGN.markets, "out", f"market {row.market} is not a campaign market"),  # noqa: E501
        (row.platform not in v.platforms, "out", f"platform {row.platform} is not the campaign's"),
        (bool(tier) and tier not in v.tiers, "out", f"tier {tier} ({row.followers:,.0f} followers)"),  # noqa: E501
        (not tier and row.followers == row.followers, "out", "under 1,000 followers, no tier"),
        (row.audience_in_markets < v.min_audience_in_markets, "out", f"{row.audience_in_markets:.0%} of audience"),  # noqa: E501
        (row.audience_in_age < v.min_audience_in_age, "out", f"{row.audience_in_age:.0%} in age range"),  # noqa: E501
        (v.require_interest_match and bool(CAMPAIGN.audience.interests) and row.interest_match == 0, "out", "no shared interest"),  # noqa: E501
        (v.require_language_match and bool(CAMPAIGN.audience.languages) and row.language_match == 0, "out", f"content in '{row.language}'"),  # noqa: E501
        (row.fake_share_low > v.max_fake_share, "out", f"at least {row.fake_share_low:.0%} fake followers"),  # noqa: E501
        (quality < v.min_audience_quality, "out", f"audience quality {quality:.0f}"),
        (composite < v.min_composite_score, "out", f"composite score {composite:.0f}"),
        (row.data_issues != "", "flag", f"data: {row.data_issues}"),
        (row.fake_share > v.max_fake_share and not row.fake_share_low > v.max_fake_share, "flag", f"estimated {row.fake_share:.0%} fake followers"),  # noqa: E501
        (row.follower_sample_size == 0, "flag", "no follower sample"),
        (bought, "flag", f"follower spike: +{row.jump:.0%}"),
        (unexplained, "flag", f"follower spike: +{row.jump:.0%}"),
        (fell, "flag", f"followers fell {row.drop:.0%}"),
        (pod, "flag", "engagement pod?"),
        (high, "flag", f"engagement {er:.2%} suspiciously high"),
        (low, "flag", f"engagement {er:.2%} suspiciously low"),
        (row.brand_safety_terms != "", "flag", f"brand safety: {row.brand_safety_terms}"),
        (disclosure < v.min_disclosure_share, "flag", f"labelled {row.labelled_posts} of {row.sponsored_posts}"),  # noqa: E501
        (row.audience_in_markets != row.audience_in_markets, "flag", "no audience data"),
        (naive_confidence(row, er, has_history, dict(v.quality_weights)) < vetting.LOW_CONFIDENCE, "flag", "low confidence"),  # noqa: E501
    ]  # fmt: skip
    for applies, kind, text in checks:
        if applies:
            reasons.append(f"{kind}: {text}")
            excluded |= kind == "out"
            flagged |= kind == "flag"
    status = "excluded" if excluded else "flagged" if flagged else "shortlisted"
    if status == "shortlisted":
        reasons.insert(
            0, f"in: fit {fit:.2f}, quality {quality:.0f}/100, composite {composite:.0f}"
        )
    return {
        "influencer_id": row.influencer_id,
        "audience_quality": quality,
        "audience_fit": fit,
        "composite_score": composite,
        "status": status,
        "reasons": "; ".join(reasons),
    }


def naive_mean(parts: dict, weights: dict) -> float:
    total = weight = 0.0
    for name, value in parts.items():
        if value == value:
            total += value * weights[name]
            weight += weights[name]
    return total / weight if weight > 0 else float("nan")


def naive_confidence(row, er: float, has_history: bool, weights: dict) -> float:
    posts = row.posts_checked
    if posts >= vetting.MIN_POSTS_FOR_MEDIAN and row.median_engagements == row.median_engagements:
        pattern = min(1.0, posts / vetting.FULL_POSTS)
    else:
        pattern = 0.0 if er != er else 0.5
    coverage = {
        "follower_sample": min(1.0, row.follower_sample_size / vetting.FULL_SAMPLE),
        "growth": min(1.0, row.history_weeks / vetting.FULL_HISTORY) if has_history else 0.0,
        "engagement_pattern": pattern,
    }
    return sum(weights[s] * coverage[s] for s in vetting.SIGNALS) / sum(weights.values())


# --------------------------------------------------------------------------- running it


def measure(function, *args):
    """Wall time, then peak traced memory in a second run (tracing slows the first)."""
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = function(*args)
    seconds = time.perf_counter() - started
    measure.cpu_seconds = time.process_time() - cpu_started  # type: ignore[attr-defined]
    del result
    gc.collect()
    tracemalloc.start()
    result = function(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak


CAMPAIGN = load_campaign(CAMPAIGNS_DIR / "aurora-baltics-2027.yaml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=1_000_000)
    parser.add_argument("--naive-sample", type=int, default=10_000)
    args = parser.parse_args()

    creators = synthetic_creators(args.creators)
    print(f"Synthetic roster: {len(creators):,} creators, {creators.shape[1]} columns, "
          f"{creators.memory_usage(deep=True).sum() / 2**20:,.0f} MiB in memory")  # fmt: skip
    scored, fast_seconds, fast_peak = measure(vetting.score_roster, creators, CAMPAIGN)
    fast_cpu = measure.cpu_seconds

    sample = creators.sample(min(args.naive_sample, len(creators)), random_state=1)
    peers = naive_peer_tables(creators)
    benchmarks = vetting._benchmark_table()["er_benchmark"].to_dict()

    def naive(rows: pd.DataFrame) -> list[dict]:
        return [naive_score(row, peers, benchmarks) for row in rows.itertuples(index=False)]

    slow, slow_seconds, slow_peak = measure(naive, sample)
    slow_cpu = measure.cpu_seconds
    scale = len(creators) / len(sample)
    slow_full = slow_seconds * scale

    check = pd.DataFrame(slow).set_index("influencer_id")
    fast = scored.set_index("influencer_id").loc[check.index]
    same_status = (fast["status"] == check["status"]).mean()
    worst = np.nanmax(np.abs(fast["composite_score"] - check["composite_score"]))
    worst_quality = np.nanmax(np.abs(fast["audience_quality"] - check["audience_quality"]))

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10
    print(f"Statuses: {scored['status'].value_counts().to_dict()}")
    print()
    print(f"{'':26}{'vectorised':>14}{'naive':>26}{'ratio':>10}")
    print(
        f"{f'time, {len(creators):,} creators (s)':26}{fast_seconds:>14.2f}"
        f"{f'{slow_full:,.1f} (extrapolated)':>26}{slow_full / fast_seconds:>9.0f}x"
    )
    print(
        f"{'CPU time (s)':26}{fast_cpu:>14.2f}"
        f"{f'{slow_cpu * scale:,.1f} (extrapolated)':>26}{slow_cpu * scale / fast_cpu:>9.0f}x"
    )
    print(
        f"{'time per creator (us)':26}{fast_seconds / len(creators) * 1e6:>14.2f}"
        f"{slow_seconds / len(sample) * 1e6:>26.1f}"
        f"{(slow_seconds / len(sample)) / (fast_seconds / len(creators)):>9.0f}x"
    )
    print(
        f"{'peak traced memory (MiB)':26}{fast_peak / 2**20:>14.0f}"
        f"{f'{slow_peak / 2**20:,.0f} ({len(sample):,} rows)':>26}{'':>10}"
    )
    print()
    print(f"Naive version run on {len(sample):,} random creators and extrapolated x{scale:,.0f}.")
    print(f"Process peak RSS (data + both runs): {rss:,.0f} MiB.")
    print(f"Load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    print(
        f"Agreement on the sample: status {same_status:.2%}, largest composite difference "
        f"{worst:.2e}, largest quality difference {worst_quality:.2e}."
    )
    target = (
        "met"
        if fast_seconds < 5 and fast_peak < 2 * 2**30 and slow_full / fast_seconds >= 20
        else "NOT met"
    )
    print(f"Target (< 5 s, < 2 GB, >= 20x naive): {target}.")


if __name__ == "__main__":
    main()
