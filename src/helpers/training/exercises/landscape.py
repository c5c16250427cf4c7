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


def benchmark_exercise() -> pd.DataFrame:
    """Two nano creators on different platforms with the benchmark for each (exercise 1.2)."""
    rows = [
        ("instagram", "nano", 0.025),
        ("tiktok", "nano", 0.090),
    ]
    table = []
    for platform, tier, rate in rows:
        benchmark = reference.engagement_benchmark_for(platform, tier)
        table.append(
            {
                "platform": platform,
                "tier": tier,
                "engagement_rate": rate,
                "er_definition": "per_follower",
                "benchmark": float(benchmark["engagement_rate"]),
                "benchmark_source": f"{benchmark['source']} ({int(benchmark['year'])})",
            }
        )
    return pd.DataFrame(table)


def check_stronger_creator(answer: object) -> Verdict:
    """Exercise 1.2: which platform's creator is stronger against its own benchmark.

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
        table = benchmark_exercise().assign(ratio=lambda t: t.engagement_rate / t.benchmark)
        if said not in set(table["platform"]):
            raise _Unreadable(f"Answer 'instagram' or 'tiktok'; {answer!r} is neither.")
        ratios = table.set_index("platform")["ratio"]
        best = ratios.idxmax()
        detail = ", ".join(f"{p} {r:.2f}× its benchmark" for p, r in ratios.items())
        if said == best:
            return _right(
                exercise,
                f"{detail}. TikTok shows posts to non-followers, so its rates run far higher; "
                "compare each creator with its own platform and tier.",
            )
        return _wrong(
            exercise,
            f"9% is the bigger number, but TikTok nano accounts average far more: {detail}. "
            "Compare each creator with the benchmark for its own platform and tier.",
        )

    return _checked(exercise, check)
