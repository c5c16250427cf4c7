"""Weekly follower growth with planted spikes, giveaways and purges (``follower_growth.csv``),
and what the generator planted (``truth.csv``).
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from helpers.sample.draws import _fixed, _lognormal
from helpers.sample.world import GROWTH_WEEKS, LAST_GROWTH_WEEK, ORGANIC_WEEKLY_GROWTH


def _growth_weeks() -> list[str]:
    """The 26 Mondays of the growth series, oldest first."""
    return [
        (LAST_GROWTH_WEEK - timedelta(weeks=GROWTH_WEEKS - 1 - i)).isoformat()
        for i in range(GROWTH_WEEKS)
    ]


def _pick_events(creators: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Which creators bought followers, ran a giveaway or lost followers to a purge."""
    heavy = creators["fake_share"].to_numpy() > 0.5
    bought = np.where(heavy, 0.35, 0.045)  # about 7% overall, mostly the padded accounts
    dropped = np.where(heavy, 0.08, 0.026)  # purges hit padded accounts harder
    draw = rng.random(len(creators))
    return np.select(
        [draw < bought, draw < bought + 0.05, draw < bought + 0.05 + dropped],
        ["bought_spike", "giveaway", "drop"],
        "none",
    )


def _make_growth(
    creators: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Weekly followers and engagements, with planted spikes, giveaways and purges.

    Parameters
    ----------
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    growth : pandas.DataFrame
        ``influencer_id``, ``week``, ``followers``, ``engagements``.
    events : pandas.DataFrame
        ``growth_event`` and ``growth_event_week`` per creator (the hidden truth).
    """
    size, weeks = len(creators), GROWTH_WEEKS
    drift = np.array(ORGANIC_WEEKLY_GROWTH)[creators["tier_index"]] * _lognormal(rng, 1, 0.5, size)
    drift[rng.random(size) < 0.1] *= -0.4  # fading creators slowly lose followers
    organic = rng.normal(drift[:, None], 0.004, (size, weeks))
    organic[:, 0] = 0.0
    jumps, real_jumps, boost = (
        np.zeros((size, weeks)),
        np.zeros((size, weeks)),
        np.ones((size, weeks)),
    )
    events = _pick_events(creators, rng)
    event_week = rng.integers(4, weeks - 3, size)
    for i in np.flatnonzero(events != "none"):
        _plant_event(events[i], event_week[i], jumps[i], real_jumps[i], boost[i], rng)
    final = creators["followers"].to_numpy()
    level = np.cumsum(organic + jumps, axis=1)
    followers = np.round(np.exp(level - level[:, -1:]) * final[:, None]).astype(np.int64)
    followers[:, -1] = final
    # Engagement follows the followers who are real; bought ones never like anything.
    real = np.cumsum(organic + real_jumps, axis=1)
    per_week = (creators["avg_likes"] + creators["avg_comments"]) * creators["posts_last_90d"] / 13
    engagements = per_week.to_numpy()[:, None] * np.exp(real - real[:, -1:]) * boost
    engagements *= np.exp(0.15 * rng.standard_normal((size, weeks)))
    growth = pd.DataFrame(
        {
            "influencer_id": np.repeat(creators["influencer_id"].to_numpy(), weeks),
            "week": _growth_weeks() * size,
            "followers": followers.ravel(),
            "engagements": np.round(engagements).astype(np.int64).ravel(),
        }
    )
    weeks_text = np.array(_growth_weeks())[event_week]
    event_frame = pd.DataFrame(
        {"growth_event": events, "growth_event_week": np.where(events == "none", "", weeks_text)}
    )
    return growth, event_frame


def _plant_event(
    event: str,
    week: int,
    jumps: np.ndarray,
    real_jumps: np.ndarray,
    boost: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Write one creator's event into their weekly log-changes (arrays are changed in place)."""
    if event == "bought_spike":
        jumps[week] += np.log1p(rng.uniform(0.15, 0.6))
        if rng.random() < 0.7:  # platforms and bots shed bought followers over time
            jumps[week + 1 :] -= rng.uniform(0.004, 0.012)
    elif event == "giveaway":
        size = np.log1p(rng.uniform(0.1, 0.35))
        jumps[week] += size
        real_jumps[week] += 0.3 * size  # some entrants stay and engage
        boost[week] *= rng.uniform(1.8, 3.0)
        boost[week + 1] *= rng.uniform(1.2, 1.6)
        jumps[week + 1 : week + 6] -= rng.uniform(0.003, 0.008)  # prize hunters unfollow
    elif event == "drop":
        jumps[week] += np.log1p(-rng.uniform(0.08, 0.25))


def _truth_table(creators: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """What the generator planted, for checking the detection stages."""
    return pd.DataFrame(
        {
            "influencer_id": creators["influencer_id"],
            "fake_share": _fixed(creators["fake_share"], 4),
            "growth_event": events["growth_event"],
            "growth_event_week": events["growth_event_week"],
            "is_pod": creators["is_pod"].astype(np.int64),
        }
    )
