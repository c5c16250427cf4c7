"""Each creator's audience: country, age and gender shares (``audience.csv``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers.sample.draws import _fixed
from helpers.sample.world import (
    AGE_BASE,
    AGE_GROUPS,
    AGE_TILT,
    FEMALE_AUDIENCE,
    HOME_SHARE,
    HOME_SHARE_DEFAULT,
    MARKETS,
    NEIGHBOURS,
)


def _make_audience(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Audience country, age and gender shares per creator, in long form.

    Parameters
    ----------
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    pandas.DataFrame
        ``influencer_id``, ``dimension``, ``segment``, ``share``; shares of each creator and
        dimension sum to 1.
    """
    rows: list[tuple[str, str, str, float]] = []
    for row in creators.itertuples():
        for dimension, shares in (
            ("country", _country_shares(row, rng)),
            ("age", dict(zip(AGE_GROUPS, _age_shares(row, rng), strict=True))),
            ("gender", _gender_shares(row, rng)),
        ):
            rounded = _round_shares(shares)
            rows += [(row.influencer_id, dimension, s, v) for s, v in rounded.items() if v > 0]
    audience = pd.DataFrame(rows, columns=["influencer_id", "dimension", "segment", "share"])
    audience["share"] = _fixed(audience["share"], 4)
    return audience


def _country_shares(row: Any, rng: np.random.Generator) -> dict[str, float]:
    """Home market first, then neighbours, the rest as ``other``; bigger accounts travel."""
    small = MARKETS[row.market].small
    centre = HOME_SHARE.get(row.market, HOME_SHARE_DEFAULT[small]) - 0.04 * row.tier_index
    home = float(np.clip(rng.normal(centre, 0.07), 0.3, 0.95))
    neighbours = NEIGHBOURS[row.market]
    split = rng.dirichlet(3 * np.array(list(neighbours.values()), dtype=float))
    shares = {row.market: home}
    shares.update({k: (1 - home) * v for k, v in zip(neighbours, split, strict=True)})
    return dict(sorted(shares.items(), key=lambda kv: (kv[0] == "other", kv[0])))


def _age_shares(row: Any, rng: np.random.Generator) -> np.ndarray:
    """Age mix from the platform (TikTok youngest), tilted by the creator's interests."""
    mix = np.array(AGE_BASE[row.platform])
    for interest in row.interests.split("|"):
        mix = mix * np.array(AGE_TILT.get(interest, (1.0,) * 6))
    return rng.dirichlet(80 * mix / mix.sum())


def _gender_shares(row: Any, rng: np.random.Generator) -> dict[str, float]:
    """Gender mix from interests (beauty female, gaming and finance male) and the creator."""
    interests = row.interests.split("|")
    centre = np.mean([FEMALE_AUDIENCE[i] for i in interests]) + (0.08 if row.is_female else -0.08)
    centre = float(np.clip(centre, 0.08, 0.92))
    female = rng.beta(60 * centre, 60 * (1 - centre))
    other = rng.uniform(0.005, 0.03)
    return {"female": female * (1 - other), "male": (1 - female) * (1 - other), "other": other}


def _round_shares(shares: dict[str, float]) -> dict[str, float]:
    """Round to 4 decimals and give the rounding error to the largest share, so sums are 1."""
    rounded = {k: round(float(v), 4) for k, v in shares.items()}
    largest = max(rounded, key=rounded.__getitem__)
    rounded[largest] = round(rounded[largest] + 1 - sum(rounded.values()), 4)
    return rounded
