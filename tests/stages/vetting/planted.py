"""The planted world of the vetting tests: nine creators, each planted with one problem (the
first is clean), and the builders of crafted creators, posts, weekly followers and samples."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.campaign import Campaign

WEEKS = [d.date().isoformat() for d in pd.date_range("2026-05-04", periods=12, freq="7D")]
REAL = {"posts": 200, "following": 300, "followers": 400, "has_profile_picture": 1, "is_private": 0}
FAKE = {"posts": 0, "following": 5000, "followers": 5, "has_profile_picture": 0, "is_private": 0}


def make_campaign(**vetting_settings) -> Campaign:
    return Campaign.model_validate(
        {
            "schema": 1,
            "id": "vetting-test",
            "name": "Vetting test",
            "brand": "Test",
            "objective": "awareness",
            "markets": ["LV", "EE"],
            "currency": "EUR",
            "budget": 1000,
            "start": "2027-02-01",
            "end": "2027-02-28",
            "audience": {
                "countries": {"LV": 0.6, "EE": 0.4},
                "age": [18, 34],
                "interests": ["skincare"],
                "languages": ["lv", "et"],
            },
            "vetting": {"platforms": ["instagram"], "tiers": ["micro"], **vetting_settings},
        }
    )


def creator(influencer_id: str, **values) -> dict:
    """A clean Instagram micro creator in LV (roster columns); override what a test needs."""
    row = {
        "influencer_id": influencer_id,
        "handle": f"@{influencer_id}",
        "name": influencer_id.upper(),
        "platform": "instagram",
        "market": "LV",
        "language": "lv",
        "interests": "skincare|beauty",
        "followers": 20_000,
        "avg_likes": 380,
        "avg_comments": 20,
        "avg_views": 0,
    }
    return row | values


def weekly(influencer_id: str, followers: list[float], engagements: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "influencer_id": influencer_id,
            "week": WEEKS[: len(followers)],
            "followers": np.round(followers).astype(int),
            "engagements": np.round(engagements).astype(int),
        }
    )


def steady(influencer_id: str, start: float = 18_000) -> pd.DataFrame:
    """Followers growing 1% a week with a little wobble, engagement flat."""
    wobble = np.array([0, 0.002, -0.001, 0.001, 0.0, -0.002, 0.001, 0.002, -0.001, 0, 0.001, 0])
    followers = start * np.exp(np.cumsum(0.01 + wobble))
    return weekly(influencer_id, followers, [1000 + 10 * (i % 3) for i in range(12)])


def with_event(influencer_id: str, week: int, change: float, lift: float) -> pd.DataFrame:
    """A steady series with one week's jump (or drop) and engagement times ``lift`` around it."""
    series = steady(influencer_id)
    factor = np.where(np.arange(12) >= week, 1 + change, 1.0)
    series["followers"] = np.round(series["followers"] * factor).astype(int)
    series.loc[[week, week + 1], "engagements"] = np.round(1000 * lift).astype(int)
    return series


def posts_of(influencer_id: str, likes: int, comments: int, sponsored_captions=(), count=10):
    rows = []
    for i in range(count):
        caption = sponsored_captions[i] if i < len(sponsored_captions) else "Labrīt, draugi!"
        rows.append(
            {
                "post_id": f"{influencer_id}-p{i}",
                "influencer_id": influencer_id,
                "posted_at": "2026-10-01",
                "format": "feed_post",
                "likes": likes + (i % 3) * 5,
                "comments": comments,
                "views": 0,
                "is_sponsored": int(i < len(sponsored_captions)),
                "caption": caption,
            }
        )
    return pd.DataFrame(rows)


def samples_of(influencer_id: str, real: int, fake: int) -> pd.DataFrame:
    rows = [REAL] * real + [FAKE] * fake
    return pd.DataFrame(rows).assign(influencer_id=influencer_id)


def audience_of(influencer_id: str, lv: float = 0.8) -> pd.DataFrame:
    rows = [
        ("country", "LV", lv),
        ("country", "other", 1 - lv),
        ("age", "18-24", 0.5),
        ("age", "25-34", 0.3),
        ("age", "35-44", 0.2),
        ("gender", "female", 0.8),
        ("gender", "male", 0.2),
    ]
    return pd.DataFrame(rows, columns=["dimension", "segment", "share"]).assign(
        influencer_id=influencer_id
    )


LABELLED = ["#reklāma Mans jaunais favorīts no Lumi Derm. @lumiderm"] * 3


def planted_world() -> tuple[Campaign, dict[str, pd.DataFrame]]:
    """Nine creators, each planted with one problem (c0 is clean)."""
    ids = ["clean", "bought", "giveaway", "purged", "pod", "padded", "bare", "unsafe", "abroad"]
    roster = pd.DataFrame(
        [
            creator(i, avg_likes=200, avg_comments=200) if i == "pod" else creator(i)
            for i in ids[:-1]
        ]
        + [creator("abroad", market="SE", language="sv")]
    )
    growth = pd.concat(
        [
            steady("clean"),
            with_event("bought", 6, 0.40, 1.0),
            with_event("giveaway", 6, 0.30, 2.5),
            with_event("purged", 6, -0.20, 1.0),
            steady("pod"),
            steady("padded"),
            steady("unsafe"),
            steady("abroad"),
        ]
    )
    posts = pd.concat(
        [posts_of(i, 380, 20, LABELLED) for i in ids if i not in ("pod", "bare", "unsafe")]
        + [
            posts_of("pod", 200, 200, LABELLED),
            posts_of(
                "unsafe",
                380,
                20,
                ["Vakarā alus ar draugiem #reklāma", "#sadarbība Jauns serums", "Jauns serums"],
            ),
        ],
        ignore_index=True,
    )
    samples = pd.concat(
        [samples_of(i, 40, 0) for i in ids if i not in ("padded", "bare")]
        + [samples_of("padded", 8, 32)]
    )
    audience = pd.concat([audience_of(i) for i in ids if i != "bare"])
    tables = {
        "roster": roster,
        "posts": posts,
        "follower_growth": growth,
        "follower_samples": samples,
        "audience": audience,
    }
    return make_campaign(max_fake_share=0.3), tables
