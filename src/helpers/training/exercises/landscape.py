"""Chapter 1's exercises, the landscape: name a creator's tier, and compare creators against
the right benchmark.
"""

from __future__ import annotations

import pandas as pd

from helpers.core import reference
from helpers.training.exercises.answers import _checked, _plain, _text, _Unreadable
from helpers.training.exercises.verdict import Verdict, _blank, _right, _wrong

TIER_ACCOUNTS = {
    "@anna.rudzite": 4_200,
    "@kalnins.fit": 10_000,
    "@meza.stasti": 60_000,
    "@riga.eats": 100_000,
    "@baltic.style": 730_000,
    "@nordic.gamer": 1_000_000,
}


def tier_exercise() -> pd.DataFrame:
    """Six accounts and their followers, to be named by tier (exercise 1.1)."""
    return pd.DataFrame({"handle": list(TIER_ACCOUNTS), "followers": list(TIER_ACCOUNTS.values())})


def check_tiers(answer: object) -> Verdict:
    """Exercise 1.1: the tier of each account, on the default cut points.

    Parameters
    ----------
    answer : list of str or dict
        Tier names in the table's order (``["nano", "micro", ...]``), or handle to tier.
    """
    exercise = "1.1 Name the tier"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        handles = list(TIER_ACCOUNTS)
        if isinstance(answer, pd.Series):
            given = answer.to_dict() if set(answer.index) == set(handles) else list(answer)
        else:
            given = answer
        if isinstance(given, dict):
            given = [given.get(h) for h in handles]
        if not isinstance(given, list | tuple) or len(given) != len(handles):
            raise _Unreadable(
                f"I expected a list of {len(handles)} tier names, one per account in the "
                "table's order, e.g. ['nano', 'micro', ...]."
            )
        expected = list(reference.assign_tier(pd.Series(list(TIER_ACCOUNTS.values()))))
        hype = list(
            reference.assign_tier(pd.Series(list(TIER_ACCOUNTS.values())), scheme="hypeauditor")
        )
        problems = []
        for handle, followers, tier, alt, want in zip(
            handles, TIER_ACCOUNTS.values(), given, hype, expected, strict=True
        ):
            said = str(tier).strip().lower() if tier is not None else ""
            if said == want:
                continue
            reason = f"{handle} ({followers:,} followers) is {want}, not {said or 'blank'}"
            if followers in (10_000, 100_000, 500_000, 1_000_000):
                reason += ": a cut point belongs to the higher tier"
            elif said == alt:
                reason += ": that is HypeAuditor's scheme, which ends micro at 50k"
            problems.append(reason)
        if problems:
            return _wrong(exercise, "; ".join(problems) + ".")
        return _right(
            exercise,
            "Nano 1k–10k, micro 10k–100k, mid 100k–500k, macro 500k–1M, mega 1M+ "
            "(Later × Fohr, 2021); a round number like 10,000 starts the next tier.",
        )

    return _checked(exercise, check)


# (platform, tier, followers, average views, likes, comments, shares per post): invented
BENCHMARK_CREATORS = [
    ("instagram", "micro", 30_000, None, 560, 40, None),
    ("tiktok", "nano", 8_000, 4_000, 640, 80, 80),
]
DEFINITIONS = {
    "per_follower": "per follower: (likes + comments) / followers",
    "per_view": "per view: (likes + comments + shares) / views",
}


def _published(platform: str, tier: str) -> pd.Series:
    """The platform's tier-by-tier benchmark row for a tier (``tier_series = yes``)."""
    table = reference.engagement_benchmarks(default_only=False)
    rows = table[
        (table["platform"] == platform) & (table["tier"] == tier) & (table["tier_series"] == "yes")
    ]
    return rows.iloc[0]


def benchmark_exercise() -> pd.DataFrame:
    """Two creators, their average post and the published benchmark of their own platform and
    tier, with what that benchmark divides by (exercise 1.2)."""
    table = []
    for platform, tier, followers, views, likes, comments, shares in BENCHMARK_CREATORS:
        benchmark = _published(platform, tier)
        table.append(
            {
                "platform": platform,
                "tier": tier,
                "followers": followers,
                "avg_views": views,
                "avg_likes": likes,
                "avg_comments": comments,
                "avg_shares": shares,
                "per_follower": (likes + comments) / followers,
                "benchmark": float(benchmark["engagement_rate"]),
                "benchmark_is": DEFINITIONS[benchmark["er_definition"]],
                "benchmark_source": f"{benchmark['source']} ({int(benchmark['year'])})",
            }
        )
    return pd.DataFrame(table).astype({"avg_views": "Int64", "avg_shares": "Int64"})


def like_for_like(creators: pd.DataFrame) -> pd.Series:
    """Each creator's rate in the definition of its benchmark, per platform."""
    per_view = (creators["avg_likes"] + creators["avg_comments"] + creators["avg_shares"]) / (
        creators["avg_views"]
    )
    is_per_view = creators["benchmark_is"].str.startswith("per view")
    rates = per_view.where(is_per_view, creators["per_follower"]).astype(float)
    return pd.Series(rates.to_numpy(), index=creators["platform"], name="rate")


def check_stronger_creator(answer: object) -> Verdict:
    """Exercise 1.2: which platform's creator is stronger against its own benchmark, each
    rate measured the way its benchmark is.

    Parameters
    ----------
    answer : str
        ``"instagram"`` or ``"tiktok"``.
    """
    exercise = "1.2 Compare against the right benchmark"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        said = _plain(_text(answer, "'instagram' or 'tiktok'"))
        creators = benchmark_exercise()
        if said not in set(creators["platform"]):
            raise _Unreadable(f"Answer 'instagram' or 'tiktok'; {answer!r} is neither.")
        rates = like_for_like(creators)
        by_platform = creators.set_index("platform")
        ratios = rates / by_platform["benchmark"]
        detail = ", ".join(
            f"{p} {rates[p]:.1%} / {b:.1%} = {ratios[p]:.2f}× its benchmark"
            for p, b in by_platform["benchmark"].items()
        )
        naive = (
            f"{by_platform.at['tiktok', 'per_follower']:.1%} per follower against "
            f"{by_platform.at['tiktok', 'benchmark']:.1%} per view"
        )
        if said == ratios.idxmax():
            return _right(
                exercise,
                f"{detail}. TikTok's benchmark is per view, so its creator's rate must be per "
                f"view too (likes + comments + shares over views); {naive} would have set two "
                "different measures side by side.",
            )
        return _wrong(
            exercise,
            f"{naive} sets two different measures side by side. Measured the way each "
            f"benchmark is: {detail}. Compare each creator with its own platform's and tier's "
            "figure, in that figure's definition.",
        )

    return _checked(exercise, check)
