"""Chapter 3's exercises, finding and vetting: engagement per follower and per reach, a
fake-follower spike, and how sure a fake share from a follower sample is.
"""

from __future__ import annotations

import math

import pandas as pd

from helpers.core import metrics, reference
from helpers.training.exercises.answers import _check_rate, _checked, _date
from helpers.training.exercises.samples import _creator_id, _handle, _roster, _sample
from helpers.training.exercises.verdict import Verdict, _blank, _right, _wrong

ENGAGEMENT_CREATOR = "inf-00521"
REACH_POST = "aurora-baltics-2027-002"
SPIKE_CREATORS = ("inf-00018", "inf-02066", "inf-02259")
FOLLOWER_SAMPLE = {"sampled_followers": 50, "judged_fake": 11, "max_fake_share": 0.20}


def engagement_exercise() -> pd.DataFrame:
    """One creator's roster row: followers and average likes and comments (exercise 3.1)."""
    columns = ["handle", "name", "platform", "market", "followers", "avg_likes", "avg_comments"]
    roster = _roster()
    return roster.loc[roster["influencer_id"] == ENGAGEMENT_CREATOR, columns].reset_index(drop=True)


def check_engagement_rate(answer: object) -> Verdict:
    """Exercise 3.1: the creator's engagement rate per follower.

    Parameters
    ----------
    answer : float or str
        A fraction (0.025) or a percentage as text ('2.5%').
    """
    exercise = "3.1 Engagement rate per follower"
    if answer is None:
        return _blank(exercise)
    row = engagement_exercise().iloc[0]
    expected = metrics.engagement_rate(row.avg_likes, row.avg_comments, row.followers)
    tier = str(reference.assign_tier(pd.Series([row.followers])).iloc[0])
    benchmark = reference.engagement_benchmark_for(row.platform, tier)
    return _check_rate(
        exercise,
        answer,
        expected,
        0.0002,
        f"({row.avg_likes:,.1f} + {row.avg_comments:,.1f}) / {row.followers:,} = "
        f"{expected:.2%} per follower, against {benchmark['engagement_rate']:.2%} typical "
        f"for Instagram {tier} accounts ({benchmark['source'].split(' (')[0]}, "
        f"{int(benchmark['year'])}).",
        traps=[
            (
                row.avg_likes / row.followers,
                "You counted likes only; per-follower engagement adds the comments.",
            ),
            (
                row.followers / (row.avg_likes + row.avg_comments),
                "Upside down: engagements divided by followers.",
            ),
        ],
    )


def reach_exercise() -> pd.DataFrame:
    """One Aurora campaign post with its reach, impressions and engagement counts (3.2)."""
    results = _sample("results-aurora-baltics-2027.csv")
    columns = ["post_id", "influencer_id", "platform", "format", "impressions", "reach"]
    columns += ["likes", "comments", "shares", "saves"]
    post = results.loc[results["post_id"] == REACH_POST, columns].reset_index(drop=True)
    followers = _roster().set_index("influencer_id")["followers"]
    return post.assign(followers=post["influencer_id"].map(followers))


def check_engagement_per_reach(answer: object) -> Verdict:
    """Exercise 3.2: the post's engagement rate per reach, counting all four actions.

    Parameters
    ----------
    answer : float or str
        A fraction (0.05) or a percentage as text ('5%').
    """
    exercise = "3.2 Engagement rate per reach"
    if answer is None:
        return _blank(exercise)
    post = reach_exercise().iloc[0]
    engagements = post.likes + post.comments + post.shares + post.saves
    expected = engagements / post.reach
    return _check_rate(
        exercise,
        answer,
        expected,
        0.0005,
        f"({post.likes:,} + {post.comments:,} + {post.shares:,} + {post.saves:,}) / "
        f"{post.reach:,} reach = {expected:.2%}. Per reach is the most honest "
        "definition; always say which one you used.",
        traps=[
            (
                (post.likes + post.comments) / post.reach,
                "Count all four actions (likes, comments, shares and saves), as the task asks.",
            ),
            (engagements / post.impressions, "That is per impression; divide by reach."),
            (engagements / post.followers, "That is per follower; divide by reach."),
        ],
    )


def growth_exercise() -> pd.DataFrame:
    """26 weeks of followers and engagements for three Latvian creators (exercise 3.3)."""
    growth = _sample("follower_growth.csv")
    chosen = growth[growth["influencer_id"].isin(SPIKE_CREATORS)].copy()
    chosen.insert(1, "handle", chosen["influencer_id"].map(_handle))
    chosen["week"] = pd.to_datetime(chosen["week"])
    return chosen.drop(columns="influencer_id").reset_index(drop=True)


def _biggest_jumps() -> pd.DataFrame:
    """Per creator: the week with the biggest follower jump, and engagement that week and next."""
    rows = []
    for handle, series in growth_exercise().groupby("handle", sort=False):
        series = series.set_index("week")
        change = series["followers"].pct_change()
        week = change.idxmax()
        usual = series["engagements"].drop(week).median()
        after = series["engagements"].shift(-1)[week]
        rows.append(
            {
                "handle": handle,
                "week": week.date(),
                "follower_jump": float(change[week]),
                "engagement_vs_usual": float(series.at[week, "engagements"] / usual),
                "next_week_vs_usual": float(after / usual),
            }
        )
    return pd.DataFrame(rows)


def check_fake_follower_spike(creator: object = None, week: object = None) -> Verdict:
    """Exercise 3.3: whose jump looks bought, and in which week.

    Parameters
    ----------
    creator : str
        The handle (or influencer_id) of the creator whose jump looks bought.
    week : str or date
        The Monday of that week, e.g. ``"2026-07-27"``.
    """
    exercise = "3.3 Spot the fake-follower spike"
    if creator is None or week is None:
        return _blank(exercise)

    def check() -> Verdict:
        chosen = _handle(_creator_id(creator, SPIKE_CREATORS))
        jumps = _biggest_jumps().set_index("handle")
        # bought followers: a big jump while engagement stays at its usual level
        bought = jumps[(jumps["follower_jump"] > 0.10) & (jumps["engagement_vs_usual"] < 1.3)]
        answer_handle = bought.index[0]
        row = jumps.loc[chosen]
        if chosen != answer_handle:
            if row["follower_jump"] > 0.10:
                return _wrong(
                    exercise,
                    f"{chosen} did jump {row['follower_jump']:.0%} in the week of {row['week']}, "
                    f"but engagement rose with it ({row['engagement_vs_usual']:.1f}× the usual, "
                    f"{row['next_week_vs_usual']:.1f}× the week after): real people arriving, "
                    "the pattern of a giveaway or a viral post. Check what was posted that week.",
                )
            return _wrong(
                exercise,
                f"{chosen} grows steadily (largest week +{row['follower_jump']:.1%}); look for a "
                "jump in followers that engagement does not follow.",
            )
        said_week = _date(week)
        right = jumps.loc[answer_handle]
        if said_week != right["week"]:
            return _wrong(
                exercise,
                f"Right creator, wrong week: the jump is in the week of {right['week']} "
                "(the Monday in the table).",
            )
        return _right(
            exercise,
            f"{answer_handle} gained {right['follower_jump']:.0%} in the week of {right['week']} "
            f"while engagement stayed at {right['engagement_vs_usual']:.1f}× its usual level: "
            "followers who never engage. Ask the creator what happened before you decide.",
        )

    return _checked(exercise, check)


def follower_sample_exercise() -> dict[str, float]:
    """A follower sample: how many were sampled, how many judged fake, the limit (3.4)."""
    return dict(FOLLOWER_SAMPLE)


def check_fake_share_margin(answer: object) -> Verdict:
    """Exercise 3.4: the 95% margin of error of the fake share, as a fraction.

    Parameters
    ----------
    answer : float or str
        The margin as a fraction (0.1) or text ('10%').
    """
    exercise = "3.4 How sure is a fake share?"
    if answer is None:
        return _blank(exercise)
    n = FOLLOWER_SAMPLE["sampled_followers"]
    share = FOLLOWER_SAMPLE["judged_fake"] / n
    standard_error = math.sqrt(share * (1 - share) / n)
    expected = 1.96 * standard_error
    limit = FOLLOWER_SAMPLE["max_fake_share"]
    return _check_rate(
        exercise,
        answer,
        expected,
        0.003,
        f"1.96 × √({share:.2f} × {1 - share:.2f} / {n}) = {expected:.3f}, so the fake share "
        f"is {share:.0%} ± {expected * 100:.1f} points ({share - expected:.0%} to "
        f"{share + expected:.0%}). That interval includes {limit:.0%}: 50 followers do not "
        "prove a breach. Sample more before you reject anyone.",
        traps=[
            (
                standard_error,
                "That is the standard error; multiply it by 1.96 for a 95% margin.",
            ),
            (share, "That is the fake share itself; the question asks how uncertain it is."),
        ],
    )
