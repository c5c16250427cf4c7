"""Public counters of sampled follower accounts, real and fake (``follower_samples.csv``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtr

from helpers.sample.world import (
    ACCOUNT_CORRELATION,
    FAKE_ACCOUNTS,
    PRIVATE_RATE,
    PROFILE_PICTURE_RATE,
    REAL_ACCOUNTS,
)


def _make_follower_samples(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Public counters of 20 to 60 sampled follower accounts per creator (none for ~3%).

    Parameters
    ----------
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    pandas.DataFrame
        ``influencer_id``, ``posts``, ``following``, ``followers``, ``has_profile_picture``,
        ``is_private``. Whether an account is fake is not written.
    """
    sizes = np.where(rng.random(len(creators)) < 0.03, 0, rng.integers(20, 61, len(creators)))
    owner = np.repeat(np.arange(len(creators)), sizes)
    is_fake = rng.random(len(owner)) < creators["fake_share"].to_numpy()[owner]
    counters = np.zeros((len(owner), 3), dtype=np.int64)
    picture, private = np.zeros(len(owner), bool), np.zeros(len(owner), bool)
    for fake, quantiles in ((False, REAL_ACCOUNTS), (True, FAKE_ACCOUNTS)):
        group = is_fake == fake
        counters[group] = _account_counters(quantiles, ACCOUNT_CORRELATION[fake], group.sum(), rng)
        picture[group] = rng.random(group.sum()) < PROFILE_PICTURE_RATE[fake]
        private[group] = rng.random(group.sum()) < PRIVATE_RATE[fake]
    return pd.DataFrame(
        {
            "influencer_id": creators["influencer_id"].to_numpy()[owner],
            "posts": counters[:, 0],
            "following": counters[:, 1],
            "followers": counters[:, 2],
            "has_profile_picture": picture.astype(np.int64),
            "is_private": private.astype(np.int64),
        }
    )


def _account_counters(
    quantiles: dict[str, tuple], correlation: tuple, size: int, rng: np.random.Generator
) -> np.ndarray:
    """Posts, following and followers with the labelled sample's quantiles and correlations.

    A Gaussian copula keeps the three counters related (accounts that post more have more
    followers); each margin is read off the published quantiles, interpolated on a log scale.
    """
    normal = rng.multivariate_normal(np.zeros(3), np.array(correlation), size, method="cholesky")
    uniform = ndtr(normal)
    columns = []
    for j, name in enumerate(("posts", "following", "followers")):
        probability, value = np.array(quantiles[name], dtype=float).T
        columns.append(np.round(np.expm1(np.interp(uniform[:, j], probability, np.log1p(value)))))
    return np.column_stack(columns).astype(np.int64)
