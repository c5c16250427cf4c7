"""Each creator's recent posts, with counters and captions (``posts.csv``)."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pandas as pd

from helpers.sample.draws import _lognormal
from helpers.sample.names import _captions
from helpers.sample.world import (
    POST_WINDOW_DAYS,
    SHARES_PER_LIKE,
    SNAPSHOT_DATE,
    SPONSORED_RATE,
    VIDEO_FORMATS,
)


def _post_formats(
    platform: np.ndarray, has_video: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Format of each post, consistent with its platform (no reels for photo-only creators)."""
    draw = rng.random(len(platform))
    instagram = np.where(has_video & (draw < 0.45), "reel", "feed_post")
    tiktok = np.where(draw < 0.97, "short", "live")
    youtube = np.select([draw < 0.7, draw < 0.97], ["long_video", "short"], "live")
    return np.select([platform == "instagram", platform == "tiktok"], [instagram, tiktok], youtube)


def _make_posts(creators: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Eight to twelve recent posts per creator, with counters and captions.

    Parameters
    ----------
    creators : pandas.DataFrame
        From :func:`_make_creators`.
    rng : numpy.random.Generator
        Random stream for this section.

    Returns
    -------
    pandas.DataFrame
        One row per post, sorted by creator and date.
    """
    owner = np.repeat(np.arange(len(creators)), rng.integers(8, 13, len(creators)))
    size = len(owner)
    c = creators.iloc[owner].reset_index(drop=True)
    formats = _post_formats(c["platform"].to_numpy(), c["has_video"].to_numpy(), rng)
    sponsored = rng.random(size) < np.array(SPONSORED_RATE)[c["tier_index"]]
    # Pods deliver steady engagement; sponsored posts earn a little less than organic ones.
    spread = np.where(c["is_pod"], 0.12, 0.35)
    lift = np.exp(spread * rng.standard_normal(size)) * np.where(sponsored, 0.8, 1.0)
    lift *= np.where(formats == "live", 0.4, 1.0)
    likes = np.round(c["avg_likes"] * lift)
    view_factor = np.select([formats == "live", np.isin(formats, VIDEO_FORMATS)], [0.15, 1.0], 0.0)
    shares_per_like = c["platform"].map(SHARES_PER_LIKE).to_numpy()
    posts = pd.DataFrame(
        {
            "influencer_id": c["influencer_id"],
            "posted_at": [SNAPSHOT_DATE - timedelta(days=int(d)) for d in
                          rng.integers(0, POST_WINDOW_DAYS, size)],
            "format": formats,
            "likes": likes.astype(np.int64),
            "comments": np.round(c["avg_comments"] * lift * _lognormal(rng, 1, 0.2, size)),
            "shares": np.round(likes * _lognormal(rng, shares_per_like, 0.5, size)),
            "views": np.round(c["avg_views"] * view_factor * lift * _lognormal(rng, 1, 0.25, size)),
            "is_sponsored": sponsored.astype(np.int64),
            "caption": _captions(c, sponsored, rng),
        }
    )  # fmt: skip
    posts = posts.astype({"comments": np.int64, "shares": np.int64, "views": np.int64})
    posts = posts.sort_values(["influencer_id", "posted_at"], kind="stable").reset_index(drop=True)
    posts["posted_at"] = [d.isoformat() for d in posts["posted_at"]]
    posts.insert(0, "post_id", [f"post-{i + 1:06d}" for i in range(len(posts))])
    return posts
