"""The creators: who they are, how big, how authentic, how engaging and what they charge, and
the public roster a creator database would export (``influencers.csv``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

from helpers.sample.draws import _fixed, _lognormal
from helpers.sample.names import _handles, _person_name
from helpers.sample.world import (
    COMMENTS_PER_LIKE,
    ENGAGEMENTS_PER_VIEW,
    ER_MEDIAN,
    FEE_RANGES_USD,
    FEMALE_CREATOR_SHARE,
    FOLLOWING_MEDIAN,
    INTEREST_WEIGHTS,
    INTERESTS,
    MARKETS,
    PER_EUR,
    PLATFORM_SHARES,
    PLATFORMS,
    POSTS_90D_MEDIAN,
    TIER_FOLLOWERS,
    TIER_SHARES_LARGE,
    TIER_SHARES_SMALL,
    TIERS,
)


def _make_creators(rng: np.random.Generator) -> pd.DataFrame:
    """All creator accounts, with public counters and the generator's hidden traits.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    pandas.DataFrame
        One row per creator, sorted by ``influencer_id``.
    """
    creators = _draw_identities(rng)
    creators = _draw_size(creators, rng)
    creators = _draw_authenticity(creators, rng)
    creators = _draw_engagement(creators, rng)
    creators = _draw_rate_cards(creators, rng)
    # Shuffle before numbering so that ids say nothing about market or platform.
    creators = creators.iloc[rng.permutation(len(creators))].reset_index(drop=True)
    creators.insert(0, "influencer_id", [f"inf-{i + 1:05d}" for i in range(len(creators))])
    creators["handle"] = _handles(creators, rng)
    creators["contact_email"] = creators["handle"].str[1:] + "@example.com"
    return creators


def _draw_identities(rng: np.random.Generator) -> pd.DataFrame:
    """Market, language, platform, gender, display name and interests of every creator."""
    markets = np.repeat(list(MARKETS), [m.creators for m in MARKETS.values()])
    size = len(markets)
    is_female = rng.random(size) < FEMALE_CREATOR_SHARE
    people = [
        (*_person_name(m, bool(f), rng), _interests(bool(f), rng))
        for m, f in zip(markets, is_female, strict=True)
    ]
    first, last, interests = zip(*people, strict=True)
    return pd.DataFrame(
        {
            "market": markets,
            "language": [MARKETS[m].language for m in markets],
            "platform": rng.choice(PLATFORMS, size=size, p=PLATFORM_SHARES),
            "is_female": is_female,
            "first_name": first,
            "last_name": last,
            "name": [f"{a} {b}" for a, b in zip(first, last, strict=True)],
            "interests": ["|".join(i) for i in interests],
        }
    )


def _interests(female: bool, rng: np.random.Generator) -> tuple[str, ...]:
    """One to three interests, drawn with weights that differ for women and men creators."""
    weights = np.array(INTEREST_WEIGHTS[female], dtype=float)
    count = rng.choice((1, 2, 3), p=(0.3, 0.45, 0.25))
    picked = rng.choice(len(INTERESTS), size=count, replace=False, p=weights / weights.sum())
    return tuple(INTERESTS[i] for i in sorted(picked))


def _draw_size(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Tier, followers, following and posting frequency."""
    size = len(creators)
    small = creators["market"].map(lambda m: MARKETS[m].small).to_numpy()
    tier = np.where(
        small,
        rng.choice(len(TIERS), size=size, p=TIER_SHARES_SMALL),
        rng.choice(len(TIERS), size=size, p=TIER_SHARES_LARGE),
    )
    low = np.array([TIER_FOLLOWERS[t][0] for t in tier])
    high = np.array([TIER_FOLLOWERS[t][1] for t in tier])
    # Log-uniform inside a tier: many more accounts near the bottom of each band.
    followers = np.exp(np.log(low) + rng.random(size) * np.log(high / low))
    mega = tier == 4
    followers[mega] = np.minimum(1e6 * (1 + rng.pareto(1.4, mega.sum())), 4e7)
    platform = creators["platform"].to_numpy()
    following = _lognormal(rng, np.array(FOLLOWING_MEDIAN)[tier], 0.8, size)
    following[platform == "youtube"] = _lognormal(rng, 60, 1.0, (platform == "youtube").sum())
    posts_median = np.array([POSTS_90D_MEDIAN[p] for p in platform])
    return creators.assign(
        tier=np.array(TIERS)[tier],
        tier_index=tier,
        followers=np.round(followers).astype(np.int64),
        following=np.clip(np.round(following), 0, 7500).astype(np.int64),
        posts_last_90d=np.maximum(np.round(_lognormal(rng, posts_median, 0.5, size)), 6).astype(
            np.int64
        ),
    )


def _draw_authenticity(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Fake-follower share and engagement-pod membership (hidden truth)."""
    size = len(creators)
    fake_share = rng.beta(6, 24, size)  # mean 0.2, mostly 0.1 to 0.4
    padded = rng.random(size) < 0.08
    fake_share[padded] = rng.uniform(0.5, 0.8, padded.sum())
    # Pods are mostly small Instagram accounts trading comments to game the feed.
    small_instagram = (creators["platform"] == "instagram") & (creators["tier_index"] <= 1)
    is_pod = rng.random(size) < np.where(small_instagram, 0.06, 0.012)
    # Follow-for-follow: accounts padded with bought followers also follow many back.
    following = np.where(padded, np.minimum(creators["following"] * 3, 7500), creators["following"])
    return creators.assign(fake_share=fake_share, is_pod=is_pod, following=following)


def _stratified_normal(groups: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """Standard normal draws that cover each group's quantiles evenly (one per stratum)."""
    uniform = np.empty(len(groups))
    for positions in groups.groupby(groups, sort=True).indices.values():
        strata = rng.permutation(len(positions)) + rng.random(len(positions))
        uniform[positions] = strata / len(positions)
    return ndtri(uniform)


def _draw_engagement(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Average likes, comments and views per post, consistent with tier and authenticity."""
    size = len(creators)
    platform = creators["platform"].to_numpy()
    tier = creators["tier_index"].to_numpy()
    median = np.array([ER_MEDIAN[p][t] for p, t in zip(platform, tier, strict=True)])
    # Stratified noise keeps each platform x tier median on its benchmark even in small groups;
    # fake followers never engage, so their share eats into engagement per follower.
    noise = _stratified_normal(creators["platform"] + "/" + creators["tier"], rng)
    rate = median * np.exp(0.45 * noise) * (1 - creators["fake_share"]) / 0.8
    odd = rng.random(size)
    rate[odd < 0.02] *= rng.uniform(3, 6, (odd < 0.02).sum())  # bought likes
    low = (odd >= 0.02) & (odd < 0.04)
    rate[low] *= rng.uniform(0.1, 0.3, low.sum())  # dormant audience
    pod = creators["is_pod"].to_numpy()
    rate[pod] *= rng.uniform(1.4, 2.2, pod.sum())
    per_like = _lognormal(rng, [COMMENTS_PER_LIKE[p] for p in platform], 0.4, size)
    per_like[pod] *= rng.uniform(5, 12, pod.sum())  # pods leave many short comments
    engagements = creators["followers"].to_numpy() * rate
    has_video = (platform != "instagram") | (rng.random(size) < 0.75)
    per_view = _lognormal(rng, [ENGAGEMENTS_PER_VIEW[p] for p in platform], 0.35, size)
    return creators.assign(
        avg_likes=np.round(engagements / (1 + per_like), 1),
        avg_comments=np.round(engagements * per_like / (1 + per_like), 1),
        avg_views=np.where(has_video, np.round(engagements / per_view, 1), 0.0),
        has_video=has_video,
    )


def _draw_rate_cards(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """List price per main deliverable, the quote 60% of creators gave, past collaborations."""
    size = len(creators)
    tier = creators["tier_index"].to_numpy()
    ranges = np.array(
        [FEE_RANGES_USD[p][t] for p, t in zip(creators["platform"], tier, strict=True)]
    )
    bounds = np.array(TIER_FOLLOWERS)[tier]
    place = np.log(creators["followers"] / bounds[:, 0]) / np.log(bounds[:, 1] / bounds[:, 0])
    # Bigger accounts sit higher in their tier's range; cheaper ad markets sit lower.
    discount = creators["market"].map(lambda m: MARKETS[m].price_discount)
    place = np.clip(0.6 * np.clip(place, 0, 1) + 0.4 * rng.random(size) - discount, 0, 1)
    price_usd = np.exp(np.log(ranges[:, 0]) + place * np.log(ranges[:, 1] / ranges[:, 0]))
    currency = creators["market"].map(lambda m: MARKETS[m].currency)
    local = price_usd / PER_EUR["USD"] * currency.map(PER_EUR)
    quoted = rng.random(size) < 0.6
    none_yet = rng.random(size) < np.array([0.8, 0.65, 0.5, 0.4, 0.3])[tier]
    repeat = 1 + rng.poisson(np.array([0.5, 1.0, 2.0, 3.0, 4.0])[tier])
    return creators.assign(
        list_price_usd=price_usd,
        quoted_fee=np.where(quoted, _round_price(local.to_numpy()), np.nan),
        fee_currency=np.where(quoted, currency, ""),
        past_collaborations=np.where(none_yet, 0, repeat),
    )


def _round_price(amount: np.ndarray) -> np.ndarray:
    """Round prices the way people quote them (15, 240, 1,850, 12,300)."""
    step = np.select(
        [amount < 50, amount < 200, amount < 1000, amount < 10000], [1, 5, 10, 50], 100
    )
    return np.maximum(step, np.round(amount / step) * step).astype(float)


def _roster_table(creators: pd.DataFrame) -> pd.DataFrame:
    """The public roster: what a creator database export would show."""
    roster = creators[
        ["influencer_id", "handle", "name", "platform", "market", "language", "interests",
         "followers", "following", "posts_last_90d"]
    ].copy()  # fmt: skip
    for column in ("avg_likes", "avg_comments", "avg_views"):
        roster[column] = _fixed(creators[column], 1)
    roster["quoted_fee"] = _fixed(creators["quoted_fee"], 2)
    roster["fee_currency"] = creators["fee_currency"]
    roster["past_collaborations"] = creators["past_collaborations"]
    roster["contact_email"] = creators["contact_email"]
    return roster
