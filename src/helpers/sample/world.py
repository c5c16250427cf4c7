"""The sample world's settings: markets, platforms and tiers, and the published benchmarks the
draws follow (engagement by tier, rate cards, audience mixes, follower accounts, funnels).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple

PROJECT_ROOT = Path(__file__).resolve().parents[3]
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
CAMPAIGNS_DIR = PROJECT_ROOT / "data" / "campaigns"
DEFAULT_SEED = 2027

SNAPSHOT_DATE = date(2026, 10, 31)  # the day the roster was "exported"
POST_WINDOW_DAYS = 180
LAST_GROWTH_WEEK = date(2026, 10, 26)  # a Monday
GROWTH_WEEKS = 26
TO_DATE_SHARE = 0.4  # mid-campaign files stop 40% of the way through the window

PLATFORMS = ("instagram", "tiktok", "youtube")
PLATFORM_SHARES = (0.5, 0.3, 0.2)
TIERS = ("nano", "micro", "mid", "macro", "mega")
TIER_FOLLOWERS = ((1e3, 1e4), (1e4, 1e5), (1e5, 5e5), (5e5, 1e6), (1e6, 2e7))
# Small markets have fewer big accounts: there are not enough people to follow them.
TIER_SHARES_LARGE = (0.37, 0.35, 0.165, 0.07, 0.045)
TIER_SHARES_SMALL = (0.45, 0.36, 0.135, 0.04, 0.015)
INTERESTS = (
    "skincare", "beauty", "fashion", "sustainability", "tech", "apps", "finance",
    "fitness", "food", "travel", "parenting", "gaming", "lifestyle", "music",
)  # fmt: skip
# Interest weights for women and men creators (same order as INTERESTS).
INTEREST_WEIGHTS = {
    True: (8, 10, 10, 4, 2, 1, 2, 6, 7, 7, 6, 2, 10, 4),
    False: (1, 1, 4, 3, 9, 4, 7, 9, 6, 6, 3, 9, 6, 6),
}
FEMALE_CREATOR_SHARE = 0.62


class Market(NamedTuple):
    """A market of the sample world."""

    language: str
    currency: str
    creators: int
    price_discount: float  # how far below the US rate card local creators quote (0 to 1)
    small: bool


MARKETS: dict[str, Market] = {
    "US": Market("en", "USD", 400, 0.0, False),
    "GB": Market("en", "GBP", 280, 0.05, False),
    "DE": Market("de", "EUR", 260, 0.08, False),
    "FR": Market("fr", "EUR", 240, 0.1, False),
    "ES": Market("es", "EUR", 150, 0.15, False),
    "IT": Market("it", "EUR", 150, 0.15, False),
    "SE": Market("sv", "SEK", 140, 0.1, True),
    "NO": Market("no", "NOK", 120, 0.08, True),
    "DK": Market("da", "DKK", 120, 0.1, True),
    "FI": Market("fi", "EUR", 120, 0.12, True),
    "LV": Market("lv", "EUR", 125, 0.25, True),
    "EE": Market("et", "EUR", 115, 0.25, True),
    "LT": Market("lt", "EUR", 120, 0.25, True),
}
# ECB reference rates of 2024-12-31 (the same as data/reference/fx_rates.csv), units per EUR.
PER_EUR = {"EUR": 1.0, "USD": 1.0389, "GBP": 0.82918, "SEK": 11.459, "NOK": 11.795, "DKK": 7.4578}

# Engagement per follower, (likes + comments) / followers, median by tier (nano ... mega).
ER_MEDIAN = {
    "instagram": (0.025, 0.0165, 0.0155, 0.0145, 0.0075),
    "tiktok": (0.08, 0.04, 0.025, 0.018, 0.013),
    "youtube": (0.0065, 0.0055, 0.0048, 0.0042, 0.0035),
}
COMMENTS_PER_LIKE = {"instagram": 0.025, "tiktok": 0.012, "youtube": 0.04}
ENGAGEMENTS_PER_VIEW = {"instagram": 0.06, "tiktok": 0.08, "youtube": 0.045}
SHARES_PER_LIKE = {"instagram": 0.03, "tiktok": 0.06, "youtube": 0.02}
SAVES_PER_LIKE = {"instagram": 0.08, "tiktok": 0.05, "youtube": 0.01}
SPONSORED_RATE = (0.15, 0.24, 0.30, 0.33, 0.35)
FOLLOWING_MEDIAN = (850, 700, 550, 420, 250)
POSTS_90D_MEDIAN = {"instagram": 22, "tiktok": 38, "youtube": 9}
ORGANIC_WEEKLY_GROWTH = (0.012, 0.008, 0.005, 0.003, 0.002)

# Published per-post price ranges in USD; macro/mega TikTok and the mega tops are extrapolated.
FEE_RANGES_USD = {
    "instagram": ((10, 100), (100, 500), (500, 5000), (5000, 10000), (10000, 50000)),
    "tiktok": ((5, 25), (25, 125), (125, 1250), (1250, 2500), (2500, 12500)),
    "youtube": ((20, 200), (200, 1000), (1000, 10000), (10000, 20000), (20000, 80000)),
}
# A story costs less than a post, a reel a little more (extra production).
FORMAT_FEE = {"feed_post": 1.0, "reel": 1.2, "story": 0.5, "short": 1.0, "long_video": 1.0,
              "live": 0.8}  # fmt: skip

# Which audience countries sit next to each home market (relative weights; AT, CH, IE, CA ...
# are "other"). Neighbours share language, media or diaspora.
NEIGHBOURS = {
    "LV": {"LT": 3, "EE": 2, "other": 4},
    "EE": {"FI": 3, "LV": 2, "LT": 1, "other": 3},
    "LT": {"LV": 3, "EE": 1, "GB": 1, "other": 4},
    "SE": {"NO": 3, "FI": 2, "DK": 2, "other": 3},
    "NO": {"SE": 4, "DK": 2, "other": 3},
    "DK": {"SE": 3, "NO": 3, "DE": 1, "other": 3},
    "FI": {"SE": 3, "EE": 2, "other": 3},
    "DE": {"other": 6, "FR": 1, "IT": 1},
    "FR": {"other": 5, "ES": 1, "IT": 1, "DE": 1},
    "ES": {"other": 6, "FR": 1, "IT": 1},
    "IT": {"other": 4, "FR": 1, "ES": 1, "DE": 1},
    "GB": {"US": 5, "other": 5},
    "US": {"GB": 3, "other": 7},
}
# English-language creators travel further; local-language ones keep a home audience.
HOME_SHARE = {"US": 0.68, "GB": 0.55}
HOME_SHARE_DEFAULT = {True: 0.8, False: 0.72}
AGE_GROUPS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
AGE_BASE = {
    "instagram": (0.06, 0.30, 0.33, 0.17, 0.09, 0.05),
    "tiktok": (0.15, 0.38, 0.27, 0.12, 0.05, 0.03),
    "youtube": (0.08, 0.22, 0.28, 0.20, 0.13, 0.09),
}
AGE_TILT = {
    "gaming": (1.6, 1.4, 1.0, 0.7, 0.5, 0.4),
    "parenting": (0.3, 0.6, 1.5, 1.5, 0.8, 0.5),
    "finance": (0.4, 0.9, 1.4, 1.3, 1.0, 0.8),
    "skincare": (0.8, 1.2, 1.2, 0.9, 0.8, 0.7),
    "music": (1.4, 1.3, 1.0, 0.8, 0.7, 0.6),
    "food": (0.6, 0.9, 1.1, 1.2, 1.2, 1.2),
    "travel": (0.6, 1.0, 1.2, 1.1, 1.0, 1.0),
}
FEMALE_AUDIENCE = {
    "skincare": 0.85, "beauty": 0.85, "fashion": 0.75, "parenting": 0.8, "lifestyle": 0.65,
    "sustainability": 0.65, "food": 0.6, "travel": 0.6, "fitness": 0.55, "music": 0.5,
    "apps": 0.4, "tech": 0.3, "finance": 0.3, "gaming": 0.25,
}  # fmt: skip

# Public counters of follower accounts, as quantiles (share of accounts, value), from a
# hand-labelled sample of 975 Instagram followers (SRF Data, 2017).
REAL_ACCOUNTS = {
    "posts": ((0, 0), (0.1, 3), (0.25, 16), (0.5, 74), (0.75, 223), (0.9, 560), (0.99, 2554),
              (1, 7953)),
    "following": ((0, 3), (0.1, 113), (0.25, 264), (0.5, 604), (0.75, 1652), (0.9, 4227),
                  (0.99, 7363), (1, 7500)),
    "followers": ((0, 0), (0.1, 37), (0.25, 135), (0.5, 421), (0.75, 1382), (0.9, 5546),
                  (0.99, 31193), (1, 100599)),
}  # fmt: skip
FAKE_ACCOUNTS = {
    "posts": ((0, 0), (0.25, 0), (0.5, 1), (0.75, 6), (0.9, 39), (0.97, 400), (1, 4336)),
    "following": ((0, 32), (0.1, 264), (0.25, 644), (0.5, 2096), (0.75, 5429), (0.9, 6910),
                  (1, 7500)),
    "followers": ((0, 0), (0.1, 4), (0.25, 27), (0.5, 110), (0.75, 525), (0.9, 1400),
                  (0.99, 5863), (1, 7659)),
}  # fmt: skip
# Rank correlations of posts/following/followers in that sample (real, fake).
ACCOUNT_CORRELATION = {
    False: ((1.0, 0.47, 0.65), (0.47, 1.0, 0.64), (0.65, 0.64, 1.0)),
    True: ((1.0, 0.32, 0.54), (0.32, 1.0, 0.64), (0.54, 0.64, 1.0)),
}
PROFILE_PICTURE_RATE = {False: 0.994, True: 0.93}
PRIVATE_RATE = {False: 0.21, True: 0.31}

# Campaign funnels: click-through per impression, conversion per click, discount codes used per
# reached account, average order value (USD) and how hard the content pushes engagement.
FUNNEL = {
    "awareness": {"ctr": 0.0025, "cvr": 0.02, "codes": 0.00015, "order_usd": 30, "eng": 1.1},
    "engagement": {"ctr": 0.004, "cvr": 0.03, "codes": 0.0003, "order_usd": 80, "eng": 1.35},
    "conversion": {"ctr": 0.009, "cvr": 0.055, "codes": 0.0008, "order_usd": 45, "eng": 0.9},
}
CTR_BY_FORMAT = {"feed_post": 0.5, "reel": 0.8, "story": 1.6, "short": 0.7, "long_video": 1.4,
                 "live": 0.6}  # fmt: skip
CTR_BY_PLATFORM = {"instagram": 1.0, "tiktok": 0.6, "youtube": 1.0}
# Purchase intent: long YouTube reviews convert, TikTok's young scrollers much less.
INTENT_BY_PLATFORM = {"instagram": 1.0, "tiktok": 0.35, "youtube": 1.6}
VARIANT_B_CTR_LIFT = 1.2  # the conversion campaign's B creative gets 20% more clicks
STATIC_REACH = {"feed_post": 0.28, "story": 0.11, "live": 0.04}  # of real followers
CAMPAIGN_FORMATS = {
    "instagram": (("feed_post", "reel", "story"), (0.35, 0.4, 0.25)),
    "tiktok": (("short", "live"), (0.95, 0.05)),
    "youtube": (("long_video", "short"), (0.7, 0.3)),
}
VIDEO_FORMATS = ("reel", "short", "long_video")
