"""The example campaigns' results: creators picked the way a planner would, their posts
scheduled and measured (``results-<campaign>.csv`` and ``results-<campaign>-to-date.csv``).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.sample.draws import _fixed, _lognormal
from helpers.sample.world import (
    CAMPAIGN_FORMATS,
    CTR_BY_FORMAT,
    CTR_BY_PLATFORM,
    FORMAT_FEE,
    FUNNEL,
    INTENT_BY_PLATFORM,
    PER_EUR,
    PLATFORMS,
    SAVES_PER_LIKE,
    SHARES_PER_LIKE,
    STATIC_REACH,
    TIERS,
    TO_DATE_SHARE,
    VARIANT_B_CTR_LIFT,
    VIDEO_FORMATS,
)


def _campaign_files(campaigns_dir: Path) -> list[Path]:
    """The example campaigns, in a fixed order."""
    return sorted(Path(campaigns_dir).glob("*.yaml"))


def _campaign_results(
    campaign: dict, creators: pd.DataFrame, audience: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate one campaign: pick creators, schedule their posts, measure each post.

    Parameters
    ----------
    campaign : dict
        The campaign YAML as loaded by ``yaml.safe_load``.
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    audience : pandas.DataFrame
        From :func:`_make_audience`.
    rng : numpy.random.Generator
        Random stream for this campaign.

    Returns
    -------
    full, to_date : pandas.DataFrame
        Every post of the campaign, and the posts up to 40% of the way through its window.
    """
    campaign = _repair_yaml_markets(campaign)
    start, end = (date.fromisoformat(str(campaign[k])) for k in ("start", "end"))
    picks = _pick_creators(campaign, creators, audience, rng)
    posts = _schedule_posts(picks, start, end, rng)
    results = _measure_posts(posts, campaign["objective"], campaign["currency"], rng)
    results = results.sort_values(["posted_at", "influencer_id"], kind="stable")
    results.insert(0, "post_id", [f"{campaign['id']}-{i + 1:03d}" for i in range(len(results))])
    results["posted_at"] = [d.isoformat() for d in results["posted_at"]]
    cutoff = start + timedelta(days=round(TO_DATE_SHARE * (end - start).days))
    to_date = results[results["posted_at"] <= cutoff.isoformat()]
    return results.reset_index(drop=True), to_date.reset_index(drop=True)


def _repair_yaml_markets(campaign: dict) -> dict:
    """Undo YAML 1.1 reading Norway's code ``NO`` as ``False`` in markets and audience countries."""

    def code(value: object) -> str:
        return "NO" if value is False else str(value)

    audience = dict(campaign.get("audience") or {})
    if audience.get("countries"):
        audience["countries"] = {code(k): v for k, v in audience["countries"].items()}
    return {**campaign, "markets": [code(m) for m in campaign["markets"]], "audience": audience}


def _eligible(campaign: dict, creators: pd.DataFrame) -> pd.Series:
    """The creators the campaign's vetting settings allow: its markets, platforms and tiers, and
    no more fake followers than it accepts."""
    vetting = campaign.get("vetting", {})
    return (
        creators["market"].isin(list(campaign["markets"]))
        & creators["platform"].isin(vetting.get("platforms", PLATFORMS))
        & creators["tier"].isin(vetting.get("tiers", TIERS))
        & (creators["fake_share"] <= vetting.get("max_fake_share", 1.0))
    )


def _pick_creators(
    campaign: dict, creators: pd.DataFrame, audience: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Choose 12 to 15 creators the way a planner would: right niche, right audience, clean,
    and affordable within each market's share of the budget (90% of it, keeping a reserve)."""
    pool = creators[_eligible(campaign, creators)]
    # Awareness buys frequency: most creators post more than once.
    odds = (0.15, 0.45, 0.4) if campaign["objective"] == "awareness" else (0.3, 0.4, 0.3)
    ranked = pool.assign(
        score=_fit_score(campaign, pool, audience) + 0.3 * rng.gumbel(size=len(pool)),
        posts=rng.choice((1, 2, 3), size=len(pool), p=odds),
    ).sort_values(["score", "influencer_id"], ascending=[False, True])
    quotas = _market_quotas(campaign, int(rng.integers(12, 16)))
    budget_usd = (
        float(campaign.get("budget", np.inf)) / PER_EUR[campaign["currency"]] * PER_EUR["USD"]
    )
    picks = []
    for market, quota in quotas.items():
        envelope = 0.9 * budget_usd * quota / sum(quotas.values())
        candidates = ranked[ranked["market"] == market]
        planned = candidates["list_price_usd"] * candidates["posts"]
        # Walk down the ranking, skipping anyone the remaining envelope cannot pay.
        spent, chosen = 0.0, []
        for index, price in planned.items():
            if len(chosen) < quota and spent + price <= envelope:
                chosen.append(index)
                spent += price
        picks.append(candidates.loc[chosen])
    return pd.concat(picks)


def _fit_score(campaign: dict, pool: pd.DataFrame, audience: pd.DataFrame) -> pd.Series:
    """How well each creator fits: niche, audience in the campaign markets, clean followers."""
    wanted = set(campaign.get("audience", {}).get("interests", []))
    niche = pool["interests"].str.split("|").map(lambda i: bool(wanted & set(i)))
    countries = audience[
        (audience["dimension"] == "country") & audience["segment"].isin(campaign["markets"])
    ]
    fit = countries.assign(share=countries["share"].astype(float)).groupby("influencer_id")["share"]
    return (
        1.5 * niche
        + pool["influencer_id"].map(fit.sum()).fillna(0)
        - 2 * pool["fake_share"]
        + _objective_bonus(pool, campaign["objective"])
    )


def _objective_bonus(pool: pd.DataFrame, objective: str) -> pd.Series:
    """Every objective values reach; engagement also values audiences livelier than their tier."""
    bonus = 0.6 * np.log10(pool["followers"] / 1e4)
    if objective == "engagement":
        rate = (pool["avg_likes"] + pool["avg_comments"]) / pool["followers"]
        typical = rate.groupby([pool["platform"], pool["tier"]]).transform("median")
        bonus += 0.5 * np.log(rate / typical)
    return bonus


def _market_quotas(campaign: dict, total: int) -> dict[str, int]:
    """Creators per market in proportion to the audience plan (largest remainders, at least 1)."""
    markets = list(campaign["markets"])
    weights = campaign.get("audience", {}).get("countries") or dict.fromkeys(markets, 1.0)
    share = np.array([float(weights.get(m, 0)) for m in markets])
    exact = total * share / share.sum()
    quotas = np.maximum(np.floor(exact).astype(int), 1)
    for i in np.argsort(-(exact - np.floor(exact)), kind="stable")[: max(total - quotas.sum(), 0)]:
        quotas[i] += 1
    return dict(zip(markets, quotas.tolist(), strict=True))


def _schedule_posts(
    picks: pd.DataFrame, start: date, end: date, rng: np.random.Generator
) -> pd.DataFrame:
    """One to three posts per picked creator on dates inside the window, A/B split evenly."""
    posts = picks.loc[picks.index.repeat(picks["posts"])].reset_index(drop=True)
    days = rng.integers(0, (end - start).days + 1, len(posts))
    posts["posted_at"] = [start + timedelta(days=int(d)) for d in days]
    formats = []
    for platform, has_video, draw in zip(
        posts["platform"], posts["has_video"], rng.random(len(posts)), strict=True
    ):
        options, weights = CAMPAIGN_FORMATS[platform]
        chosen = options[int(np.searchsorted(np.cumsum(weights), draw * sum(weights)))]
        formats.append("feed_post" if chosen == "reel" and not has_video else chosen)
    posts["format"] = formats
    posts["variant"] = _blocked_variants(posts, rng)
    posts["repeat_discount"] = np.where(posts.duplicated("influencer_id"), 0.9, 1.0)
    return posts


def _blocked_variants(posts: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """A/B variants alternating within similar posts (platform, format, size), as a planned
    test does, so neither variant gets all the big accounts or all the stories."""
    order = np.lexsort((posts["followers"], posts["format"], posts["platform"]))
    alternating = np.array(["A", "B"])[(np.arange(len(posts)) + rng.integers(2)) % 2]
    variants = np.empty(len(posts), dtype=object)
    variants[order] = alternating
    return variants


def _measure_posts(
    posts: pd.DataFrame, objective: str, currency: str, rng: np.random.Generator
) -> pd.DataFrame:
    """Delivery, engagement, funnel and cost of each campaign post."""
    size = len(posts)
    fmt, platform = posts["format"], posts["platform"]
    real_followers = posts["followers"] * (1 - posts["fake_share"])
    reach = np.where(
        fmt.isin(VIDEO_FORMATS),
        0.85 * posts["avg_views"],
        real_followers * fmt.map(STATIC_REACH).fillna(0),
    ) * _lognormal(rng, 1, 0.35, size)
    reach = np.maximum(np.round(reach), 1).astype(np.int64)
    impressions = np.round(reach * rng.uniform(1.1, 1.6, size)).astype(np.int64)
    views = np.select(
        [fmt.isin(VIDEO_FORMATS), fmt == "story", fmt == "live"],
        [impressions * rng.uniform(0.7, 0.95, size), impressions, reach],
        0,
    )
    engagement = _campaign_engagement(posts, objective, rng)
    funnel = _campaign_funnel(posts, impressions, reach, objective, currency, rng)
    return pd.DataFrame(
        {
            "influencer_id": posts["influencer_id"],
            "platform": platform,
            "market": posts["market"],
            "posted_at": posts["posted_at"],
            "format": fmt,
            "variant": posts["variant"],
            "impressions": impressions,
            "reach": reach,
            "views": np.round(views).astype(np.int64),
            **engagement,
            **funnel,
        }
    )


def _campaign_engagement(
    posts: pd.DataFrame, objective: str, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Likes, comments, shares and saves of campaign posts (stories get replies, not likes)."""
    size = len(posts)
    story = (posts["format"] == "story").to_numpy()
    lift = 0.8 * FUNNEL[objective]["eng"] * _lognormal(rng, 1, 0.3, size)
    likes = np.round(posts["avg_likes"] * lift * np.where(story, 0.05, 1.0))
    comments = np.round(posts["avg_comments"] * lift * np.where(story, 0.1, 1.0))
    social = 1.3 if objective == "engagement" else 1.0
    shares = likes * _lognormal(rng, posts["platform"].map(SHARES_PER_LIKE), 0.4, size) * social
    saves = likes * _lognormal(rng, posts["platform"].map(SAVES_PER_LIKE), 0.4, size) * social
    return {
        "likes": likes.astype(np.int64).to_numpy(),
        "comments": comments.astype(np.int64).to_numpy(),
        "shares": np.round(shares).astype(np.int64).to_numpy(),
        "saves": np.round(saves).astype(np.int64).to_numpy(),
    }


def _campaign_funnel(
    posts: pd.DataFrame,
    impressions: np.ndarray,
    reach: np.ndarray,
    objective: str,
    currency: str,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Clicks, code redemptions, conversions, revenue and cost in the campaign currency."""
    size, funnel = len(posts), FUNNEL[objective]
    intent = posts["platform"].map(INTENT_BY_PLATFORM).to_numpy()
    ctr = (
        funnel["ctr"] * posts["format"].map(CTR_BY_FORMAT) * posts["platform"].map(CTR_BY_PLATFORM)
    )
    if objective == "conversion":
        ctr = ctr * np.where(posts["variant"] == "B", VARIANT_B_CTR_LIFT, 1.0)
    ctr = np.clip(ctr.to_numpy() * _lognormal(rng, 1, 0.15, size), 0, 0.2)
    clicks = rng.binomial(impressions, ctr)
    codes = rng.binomial(
        reach, np.clip(funnel["codes"] * intent * _lognormal(rng, 1, 0.3, size), 0, 1)
    )
    conversions = rng.binomial(clicks, np.clip(funnel["cvr"] * intent, 0, 1)) + codes
    rate = PER_EUR[currency] / PER_EUR["USD"]
    revenue = conversions * funnel["order_usd"] * rate * _lognormal(rng, 1, 0.15, size)
    fee = posts["list_price_usd"] * posts["format"].map(FORMAT_FEE) * posts["repeat_discount"]
    cost = fee.to_numpy() * rng.uniform(0.9, 1.1, size) * rate
    return {
        "link_clicks": clicks,
        "code_redemptions": codes,
        "conversions": conversions,
        "revenue": _fixed(revenue, 2),
        "currency": currency,
        "cost": _fixed(cost, 2),
    }
