"""Campaign arithmetic with the standard definitions, shared by every stage.

- engagement rate per follower = (likes + comments) / followers (usual for Instagram);
  per view = engagements / views (TikTok, YouTube, Reels); per reach = engagements / reach.
- CPM = cost / impressions x 1000; CPE = cost / engagements; CPC = cost / clicks;
  CPA = cost / conversions.
- ROI = (revenue - cost) / cost; ROAS = revenue / cost.

A ratio with a zero denominator is undefined (NaN), never infinite: a creator paid nothing has
no ROI, and an account with no followers has no engagement rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

Number = float | int | np.ndarray | pd.Series


def ratio(numerator: Number, denominator: Number) -> Number:
    """``numerator / denominator``, NaN where the denominator is zero or missing."""
    if isinstance(denominator, pd.Series | np.ndarray):
        denominator = (
            pd.Series(denominator).where(lambda d: d != 0)
            if isinstance(denominator, pd.Series)
            else np.where(denominator == 0, np.nan, denominator)
        )
        return numerator / denominator
    return numerator / denominator if denominator else float("nan")


def engagement_rate(likes: Number, comments: Number, base: Number) -> Number:
    """Engagement rate: (likes + comments) / base, where base is followers, views or reach."""
    return ratio(likes + comments, base)


def cpm(cost: Number, impressions: Number) -> Number:
    """Cost per thousand impressions."""
    return ratio(cost * 1000, impressions)


def cpe(cost: Number, engagements: Number) -> Number:
    """Cost per engagement."""
    return ratio(cost, engagements)


def cpc(cost: Number, clicks: Number) -> Number:
    """Cost per click."""
    return ratio(cost, clicks)


def cpa(cost: Number, conversions: Number) -> Number:
    """Cost per acquisition (conversion)."""
    return ratio(cost, conversions)


def roi(revenue: Number, cost: Number) -> Number:
    """Return on investment: (revenue - cost) / cost; undefined when cost is zero."""
    return ratio(revenue - cost, cost)


def roas(revenue: Number, cost: Number) -> Number:
    """Return on ad spend: revenue / cost; undefined when cost is zero."""
    return ratio(revenue, cost)
