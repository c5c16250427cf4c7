"""Training exercises for the playbook: small data sets and self-check functions.

Each exercise in ``playbook/exercises/NN-*.ipynb`` shows its data with one of the ``*_exercise``
functions below, leaves an answer cell set to ``None`` for the trainee, and checks the answer
with a ``check_*`` function. Every check returns a :class:`Verdict`: right or not yet, and why.
A blank answer (``None``) is "not answered yet", never an error, so the notebooks run top to
bottom before anything is filled in. The worked solutions live apart, in
``playbook/exercises/solutions/``.

The data are small and either written here or read deterministically from ``data/sample/`` and
``data/reference/``, so the expected answers are the same on every machine.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
import numpy as np
import pandas as pd

from helpers.core import metrics, reference
from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR, SAMPLE_DIR

# --------------------------------------------------------------------------------------------
# The verdict


@dataclass(frozen=True)
class Verdict:
    """The result of a self-check: right, not yet, or not answered yet, and why.

    Attributes
    ----------
    exercise : str
        The exercise's number and title, e.g. ``"3.1 Engagement rate per follower"``.
    correct : bool or None
        True when right, False when not yet, None when the answer is still blank.
    why : str
        What was right, or what to look at again.
    """

    exercise: str
    correct: bool | None
    why: str

    @property
    def answered(self) -> bool:
        """Whether an answer was given at all."""
        return self.correct is not None

    def __bool__(self) -> bool:
        return self.correct is True

    def _repr_markdown_(self) -> str:
        if self.correct is None:
            badge = "✏️ **Not answered yet.**"
        elif self.correct:
            badge = "✅ **Right.**"
        else:
            badge = "❌ **Not yet.**"
        return f"**Exercise {self.exercise}** — {badge} {self.why}"

    def __str__(self) -> str:
        state = {None: "not answered yet", True: "right", False: "not yet"}[self.correct]
        return f"Exercise {self.exercise}: {state}. {self.why}"


BLANK = "Replace `None` in the answer cell with your answer, then run this cell again."


def _blank(exercise: str) -> Verdict:
    return Verdict(exercise, None, BLANK)


def _right(exercise: str, why: str) -> Verdict:
    return Verdict(exercise, True, why)


def _wrong(exercise: str, why: str) -> Verdict:
    return Verdict(exercise, False, why)


# --------------------------------------------------------------------------------------------
# Reading answers the way people type them


class _Unreadable(ValueError):
    """An answer that is not the kind of thing asked for; the message says what was expected."""


def _number(answer: object, expected: str) -> tuple[float, bool]:
    """A number from an int, float or text such as ``"16,67"``, ``"1 234.5"`` or ``"2.5%"``.

    Returns the value (a percentage already divided by 100) and whether it was written with %.
    """
    if isinstance(answer, bool):
        raise _Unreadable(f"I expected {expected}, not True or False.")
    if isinstance(answer, int | float | np.integer | np.floating):
        value = float(answer)
        percent = False
    elif isinstance(answer, str):
        text = answer.strip().replace("\u00a0", "").replace(" ", "")
        percent = text.endswith("%")
        text = text.rstrip("%").replace(",", ".")
        if text.count(".") > 1:  # "1.234.5" or "1,234.5": thousands separators
            head, _, tail = text.rpartition(".")
            text = head.replace(".", "") + "." + tail
        try:
            value = float(text)
        except ValueError:
            raise _Unreadable(f"I expected {expected}; {answer!r} is not a number.") from None
        if percent:
            value /= 100
    else:
        raise _Unreadable(f"I expected {expected}, not a {type(answer).__name__}.")
    if not math.isfinite(value):
        raise _Unreadable(f"I expected {expected}; {answer!r} is not a finite number.")
    return value, percent


def _date(answer: object) -> date:
    """A date from a date, datetime, Timestamp or text (``2027-02-15`` or ``15.02.2027``)."""
    if isinstance(answer, pd.Timestamp | datetime):
        return answer.date()
    if isinstance(answer, date):
        return answer
    if isinstance(answer, str):
        text = answer.strip()
        for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise _Unreadable(
        f"I expected a date such as '2027-02-15' or date(2027, 2, 15); got {answer!r}."
    )


def _datetime_in(answer: object, zone: ZoneInfo) -> datetime:
    """A wall-clock time in ``zone``; aware datetimes are converted, naive ones taken as is."""
    if isinstance(answer, pd.Timestamp):
        answer = answer.to_pydatetime()
    if isinstance(answer, datetime):
        return answer.astimezone(zone) if answer.tzinfo else answer.replace(tzinfo=zone)
    if isinstance(answer, str):
        text = answer.strip().replace("T", " ")
        for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M"):
            try:
                return datetime.strptime(text, pattern).replace(tzinfo=zone)
            except ValueError:
                continue
    raise _Unreadable(
        f"I expected a date and time such as '2027-02-04 02:00' (in {zone.key}); got {answer!r}."
    )


def _text(answer: object, expected: str) -> str:
    if not isinstance(answer, str):
        raise _Unreadable(f"I expected {expected} in quotes, not a {type(answer).__name__}.")
    return unicodedata.normalize("NFC", answer).strip()


def _plain(text: str) -> str:
    """Lower case without diacritics, for forgiving comparisons (``Images retouchées``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def _day(day: date, weekday: bool = True) -> str:
    """A date as people write it: ``Thursday 4 February``."""
    text = f"{day.day} {day:%B}"
    return f"{day:%A} {text}" if weekday else text


def _close(value: float, expected: float, tolerance: float) -> bool:
    return abs(value - expected) <= tolerance


def _checked(exercise: str, check: Callable[[], Verdict]) -> Verdict:
    """Run a check, turning an unreadable answer into a friendly "not yet"."""
    try:
        return check()
    except _Unreadable as problem:
        return _wrong(exercise, str(problem))


def _rate_verdict(
    exercise: str,
    answer: object,
    expected: float,
    tolerance: float,
    right_why: str,
    traps: Iterable[tuple[float, str]] = (),
    what: str = "a fraction such as 0.025 (or the text '2.5%')",
    is_rate: bool = True,
) -> Verdict:
    """Common logic for answers that are rates or amounts: right, a known trap, or off.

    For rates, a number 100 times too big is recognised as a percentage typed without ``%``.
    """
    value, percent = _number(answer, what)
    if _close(value, expected, tolerance):
        return _right(exercise, right_why)
    if is_rate and not percent and _close(value / 100, expected, tolerance):
        return _wrong(
            exercise,
            f"You wrote {value:g}, which looks like a percentage. Write the rate as a fraction "
            f"({value / 100:.4g}) or as text with a percent sign ('{value:g}%').",
        )
    for trap_value, trap_why in traps:
        if _close(value, trap_value, tolerance):
            return _wrong(exercise, trap_why)
    return _wrong(
        exercise, f"{value:.4g} is not it. Go back to the formula in the task and try again."
    )


# --------------------------------------------------------------------------------------------
# Sample data, read once


@cache
def _sample(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / name, keep_default_na=False, na_values=[""])


def _roster() -> pd.DataFrame:
    return _sample("influencers.csv")


def _handle(influencer_id: str) -> str:
    return str(_roster().set_index("influencer_id").at[influencer_id, "handle"])


def _creator_id(answer: object, allowed: Iterable[str]) -> str:
    """An influencer_id from an id (``inf-00042``) or a handle (``@santav.style``)."""
    allowed = list(allowed)
    text = _text(answer, "a creator's handle or influencer_id")
    if text in allowed:
        return text
    handle = text if text.startswith("@") else f"@{text}"
    for influencer_id in allowed:
        if _handle(influencer_id).casefold() == handle.casefold():
            return influencer_id
    choices = ", ".join(_handle(i) for i in allowed)
    raise _Unreadable(f"{text!r} is not one of the creators in this exercise ({choices}).")


# --------------------------------------------------------------------------------------------
# Chapter 1: the landscape

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


# --------------------------------------------------------------------------------------------
# Chapter 2: goals and KPIs


def goal_exercise(campaign_id: str) -> pd.DataFrame:
    """An example campaign's budget and goals, one row per goal (exercises 2.1 and 2.2)."""
    campaign = load_campaign(CAMPAIGNS_DIR / f"{campaign_id}.yaml")
    return pd.DataFrame(
        [
            {
                "campaign": campaign.id,
                "budget": campaign.budget,
                "currency": campaign.currency,
                "kpi": goal.kpi,
                "target": goal.target,
            }
            for goal in campaign.goals
        ]
    )


def _target(campaign_id: str, kpi: str) -> tuple[float, float]:
    goals = goal_exercise(campaign_id).set_index("kpi")
    return float(goals.at[kpi, "budget"]), float(goals.at[kpi, "target"])


def check_cost_per_thousand_reach(answer: object) -> Verdict:
    """Exercise 2.1: Aurora's budget per thousand summed reach, in EUR.

    Parameters
    ----------
    answer : float
        EUR per 1,000 summed reach.
    """
    exercise = "2.1 Cost per thousand reach"
    if answer is None:
        return _blank(exercise)
    budget, reach = _target("aurora-baltics-2027", "reach")
    expected = budget / reach * 1000
    return _checked(
        exercise,
        lambda: _rate_verdict(
            exercise,
            answer,
            expected,
            0.01,
            f"{budget:,.0f} / {reach:,.0f} × 1,000 = EUR {expected:.2f}: at the top of the "
            "USD 5–15 CPM range, so achievable but tight.",
            traps=[
                (
                    budget / reach,
                    "That is the cost per person reached; multiply by 1,000 for the cost per "
                    "thousand.",
                ),
                (
                    reach / budget,
                    "You divided reach by budget: it is budget / reach × 1,000.",
                ),
            ],
            what="an amount in EUR such as 12.5",
            is_rate=False,
        ),
    )


def check_cpa_if_short(answer: object) -> Verdict:
    """Exercise 2.2: Pulse's CPA if conversions come in 10% short at full spend, in USD.

    Parameters
    ----------
    answer : float
        USD per conversion.
    """
    exercise = "2.2 Do the goals agree?"
    if answer is None:
        return _blank(exercise)
    budget, conversions = _target("pulse-app-launch-2027", "conversions")
    _, cpa_target = _target("pulse-app-launch-2027", "cpa")
    short = conversions * 0.9
    expected = budget / short
    return _checked(
        exercise,
        lambda: _rate_verdict(
            exercise,
            answer,
            expected,
            0.01,
            f"{budget:,.0f} / {short:,.0f} = USD {expected:.2f}, above the USD {cpa_target:g} "
            "goal: the two goals leave no slack, so decide now which one wins.",
            traps=[
                (
                    cpa_target * 0.9,
                    "Fewer conversions for the same spend make each one dearer, not cheaper: "
                    "divide the budget by 90% of the conversions.",
                ),
                (
                    cpa_target,
                    f"USD {cpa_target:g} is the target. The question is what CPA you get when "
                    "the same budget buys 10% fewer conversions.",
                ),
            ],
            what="an amount in USD such as 21.5",
            is_rate=False,
        ),
    )


# --------------------------------------------------------------------------------------------
# Chapter 3: finding and vetting

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
    return _checked(
        exercise,
        lambda: _rate_verdict(
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
        ),
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
    return _checked(
        exercise,
        lambda: _rate_verdict(
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
        ),
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
    return _checked(
        exercise,
        lambda: _rate_verdict(
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
        ),
    )


# --------------------------------------------------------------------------------------------
# Chapter 4: relationships

FIRST_MESSAGES = {
    "A": (
        "Hi! We love your content and think you'd be a great fit for our brand. Could you send "
        "your rates, your audience statistics and a few content ideas? Let's jump on a call "
        "this week!"
    ),
    "B": (
        "Hi Laima, your February video testing three vitamin-C serums on sensitive skin is "
        "exactly the honesty we want for Aurora's Baltic launch. We'd like one Instagram Reel "
        "and three Stories, live between 8 and 19 February, for a fee of EUR 400 plus the "
        "product; the posts are labelled #reklāma. If it sounds interesting, reply by Friday "
        "22 January and I'll send the brief and a contract draft."
    ),
    "C": (
        "Dear creator, Aurora is launching a serum in the Baltics and we would be happy to send "
        "you a free bottle in exchange for exposure on your channel. Please confirm today: we "
        "only have a few places left."
    ),
}
FIRST_CONTACT_SENT = date(2027, 1, 11)


def first_message_exercise() -> pd.DataFrame:
    """Three first messages to a Latvian skincare creator (exercise 4.1)."""
    return pd.DataFrame({"message": list(FIRST_MESSAGES), "text": list(FIRST_MESSAGES.values())})


def check_first_message(answer: object) -> Verdict:
    """Exercise 4.1: which first message answers why them, what we ask and what we offer.

    Parameters
    ----------
    answer : str
        ``"A"``, ``"B"`` or ``"C"``.
    """
    exercise = "4.1 Pick the first message"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        said = _text(answer, "'A', 'B' or 'C'").upper()
        if said not in FIRST_MESSAGES:
            raise _Unreadable(f"Answer 'A', 'B' or 'C'; {answer!r} is none of them.")
        if said == "B":
            return _right(
                exercise,
                "B names a specific video (why them), the deliverables and dates (what we ask), "
                "the fee, product and label (what we offer), and a clear next step with a date.",
            )
        if said == "A":
            return _wrong(
                exercise,
                "A is a mass message: 'we love your content' could go to anyone, and it asks for "
                "rates, statistics, ideas and a call before saying what the project is or pays.",
            )
        return _wrong(
            exercise,
            "C offers 'exposure' for a free bottle, pressures for an answer today and does not "
            "say that a gifted product still has to be labelled as advertising.",
        )

    return _checked(exercise, check)


def _working_days_between(start: date, end: date, markets: Iterable[str]) -> int:
    """Working days from ``start`` up to but not including ``end``, skipping public holidays."""
    years = range(start.year, end.year + 1)
    days_off = sorted(
        {day for market in markets for day in holidays.country_holidays(market, years=years)}
    )
    return int(np.busday_count(start, end, holidays=days_off))


def check_follow_up_date(answer: object) -> Verdict:
    """Exercise 4.2: when to send the one follow-up (five to seven working days later).

    Parameters
    ----------
    answer : str or date
        The date, e.g. ``"2027-01-19"``.
    """
    exercise = "4.2 When to follow up"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        day = _date(answer)
        if day.weekday() >= 5:
            return _wrong(exercise, f"{_day(day)} is a weekend day: pick a working day.")
        if day <= FIRST_CONTACT_SENT:
            return _wrong(exercise, "The follow-up comes after the first message, not before.")
        # working days after the day of the first message, up to and including the answer
        waited = _working_days_between(
            FIRST_CONTACT_SENT + timedelta(days=1), day + timedelta(days=1), ["LV"]
        )
        if waited < 5:
            return _wrong(
                exercise,
                f"{_day(day)} is only {waited} working day(s) after the first message: "
                "give the creator five to seven working days before one polite follow-up.",
            )
        if waited > 7:
            return _wrong(
                exercise,
                f"{_day(day)} is {waited} working days later: by then the campaign dates "
                "are close. Follow up after five to seven working days.",
            )
        return _right(
            exercise,
            f"{_day(day)} is {waited} working days after Monday 11 January. Send one "
            "follow-up, then a short note a week later that closes the loop, then stop.",
        )

    return _checked(exercise, check)


# --------------------------------------------------------------------------------------------
# Chapter 5: negotiation and contracts

FEE_EXERCISE = {
    "platform": "instagram",
    "format": "reel",
    "expected_impressions": 45_000,
    "usage_premium": 0.30,  # illustrative house number: 3 months of paid usage
    "exclusivity_premium": 0.15,  # illustrative house number: 30 days of category exclusivity
}
CAPTION_POSTS = {"LV": "post-000069", "DE": "post-000540"}
# labels that do not say "advertising" clearly in any market (chapter 5 and the sample data)
WEAK_LABELS = ("#sp", "#spon", "#partner", "#collab", "#gifted", "#sadarbība", "#sadarbiba")


def fee_exercise() -> dict[str, object]:
    """An Instagram Reel to price: expected impressions, the CPM benchmark, premiums (5.1)."""
    costs = reference.media_costs()
    cpm_row = costs[(costs["platform"] == "instagram") & (costs["metric"] == "cpm")].iloc[0]
    return FEE_EXERCISE | {
        "cpm": float(cpm_row["typical"]),
        "currency": str(cpm_row["currency"]),
        "cpm_source": f"{cpm_row['source']} ({int(cpm_row['year'])})",
    }


def check_fee(answer: object) -> Verdict:
    """Exercise 5.1: the fee for the Reel with usage rights and exclusivity, in USD.

    Parameters
    ----------
    answer : float
        The fee in USD.
    """
    exercise = "5.1 Price a deliverable"
    if answer is None:
        return _blank(exercise)
    deal = fee_exercise()
    base = deal["expected_impressions"] / 1000 * deal["cpm"]
    usage, exclusivity = deal["usage_premium"], deal["exclusivity_premium"]
    expected = base * (1 + usage + exclusivity)
    return _checked(
        exercise,
        lambda: _rate_verdict(
            exercise,
            answer,
            expected,
            1.0,
            f"Base {deal['expected_impressions']:,} / 1,000 × USD {deal['cpm']:g} = USD "
            f"{base:,.0f}; plus {usage:.0%} usage (USD {base * usage:,.0f}) and "
            f"{exclusivity:.0%} exclusivity (USD {base * exclusivity:,.0f}) = USD "
            f"{expected:,.0f}. Each premium is a share of the base fee.",
            traps=[
                (
                    base * (1 + usage) * (1 + exclusivity),
                    "You compounded the premiums. Each premium is a share of the base fee, so "
                    "add them: base × (1 + 0.30 + 0.15).",
                ),
                (base, "That is the base fee; add the usage and exclusivity premiums."),
                (
                    base * (1 + usage),
                    "You added usage rights but forgot the exclusivity premium.",
                ),
            ],
            what="an amount in USD such as 400",
            is_rate=False,
        ),
    )


def caption_exercise(market: str) -> pd.Series:
    """A sponsored caption from the sample data that does not satisfy its market's rule (5.2)."""
    posts = _sample("posts.csv")
    post = posts.set_index("post_id").loc[CAPTION_POSTS[market]]
    rule = reference.disclosure_rules([market]).iloc[0]
    return pd.Series(
        {
            "post_id": CAPTION_POSTS[market],
            "handle": _handle(post["influencer_id"]),
            "market": market,
            "caption": post["caption"],
            "labels_that_satisfy": ", ".join(rule["labels_that_satisfy"]),
            "authority": rule["authority"],
        }
    )


def _tokens(text: str) -> list[str]:
    return re.findall(r"[#@]?[\w&'’]+", text.casefold())


def _starts_with(text: str, label: str) -> bool:
    folded, wanted = text.casefold(), label.casefold()
    if not folded.startswith(wanted):
        return False
    rest = folded[len(wanted) :]
    return not rest or not (rest[0].isalnum() or rest[0] == "_")


def _check_caption(exercise: str, market: str, answer: object) -> Verdict:
    post = caption_exercise(market)
    rule = reference.disclosure_rules([market]).iloc[0]
    good = list(rule["labels_that_satisfy"])
    # a hashtag label also counts written as a plain word at the start ("Werbung | ...")
    accepted = good + [g.lstrip("#") for g in good if g.startswith("#")]
    good_folded = {g.casefold() for g in accepted}
    weak = {w.casefold() for w in (*WEAK_LABELS, *rule["labels_not_enough"]) if w.startswith("#")}
    weak -= good_folded
    text = _text(answer, "the corrected caption")
    words = _tokens(text)
    leading = next((g for g in accepted if _starts_with(text, g)), None)
    loose = next((g for g in good if _plain(text).startswith(_plain(g))), None)
    if leading is None and loose is None:
        anywhere = [g for g in good if g.casefold() in words or g.casefold() in text.casefold()]
        if anywhere:
            return _wrong(
                exercise,
                f"{anywhere[0]} is there, but not at the start: a label after the other hashtags "
                "is easy to miss. Put it first.",
            )
        wrong_first = next((w for w in sorted(weak) if _starts_with(text, w)), None)
        because = f" {wrong_first} is not enough in {market}." if wrong_first else ""
        return _wrong(
            exercise,
            f"The caption does not start with a label the {rule['authority']} accepts "
            f"({', '.join(good)}).{because}",
        )
    left = sorted(w for w in weak if w in words)
    thanks = re.search(r"\bthanks\b", text, flags=re.IGNORECASE)
    if left or thanks:
        extra = [*left, *(["'Thanks …'"] if thanks else [])]
        return _wrong(
            exercise,
            f"The label is right, but {', '.join(extra)} is still there. Weak labels say "
            "'partnership' or 'thanks', not 'advertising': remove them so the caption says one "
            "clear thing.",
        )
    original = [w for w in _tokens(post["caption"]) if w not in weak and not w.startswith("#")]
    brand = [w for w in original if w.startswith("@")]
    if any(tag not in words for tag in brand):
        return _wrong(
            exercise,
            f"Keep the brand tag ({', '.join(brand)}): readers must see whose advert it is.",
        )
    missing = [w for w in original if w not in words]
    if len(missing) > len(original) // 5:
        return _wrong(
            exercise,
            "The label is right, but the creator's own words changed. Keep their caption and "
            "change only the label.",
        )
    note = f" Spell the label exactly as the rule does: {loose}." if leading is None else ""
    return _right(
        exercise,
        f"It starts with {leading or loose}, a label the {rule['authority']} accepts, and no "
        f"weak label is left. Also switch on the platform's paid-partnership tool.{note}",
    )


def check_fixed_caption_lv(answer: object) -> Verdict:
    """Exercise 5.2: the Latvian caption, fixed to satisfy PTAC's guidance.

    Parameters
    ----------
    answer : str
        The corrected caption.
    """
    exercise = "5.2 Fix a Latvian caption"
    if answer is None:
        return _blank(exercise)
    return _checked(exercise, lambda: _check_caption(exercise, "LV", answer))


def check_fixed_caption_de(answer: object) -> Verdict:
    """Exercise 5.3: the German caption, fixed to satisfy German rules.

    Parameters
    ----------
    answer : str
        The corrected caption.
    """
    exercise = "5.3 Fix a German caption"
    if answer is None:
        return _blank(exercise)
    return _checked(exercise, lambda: _check_caption(exercise, "DE", answer))


# --------------------------------------------------------------------------------------------
# Chapter 6: running the campaign

DEADLINE_EXERCISE = {
    "go_live": date(2027, 2, 27),
    "creator_market": "LT",
    "brand_market": "LV",
    "draft_1_days_before": 11,
}
SCHEDULED_POST = {"time": datetime(2027, 2, 3, 19, 0), "zone": "America/New_York"}
CREATOR_ZONE = "Europe/Riga"
PACING_AS_OF = date(2027, 2, 18)


def deadline_exercise() -> dict[str, object]:
    """Go-live date and markets for working back the first-draft deadline (exercise 6.1)."""
    deal = dict(DEADLINE_EXERCISE)
    deal["draft_1_naive"] = deal["go_live"] - timedelta(days=deal["draft_1_days_before"])
    return deal


def _days_off(day: date, markets: Iterable[str]) -> list[str]:
    reasons = []
    if day.weekday() >= 5:
        reasons.append(f"a {day:%A}")
    for market in markets:
        name = holidays.country_holidays(market, years=day.year).get(day)
        if name:
            reasons.append(f"{name}, a public holiday in {market}")
    return reasons


def check_draft_deadline(answer: object) -> Verdict:
    """Exercise 6.1: the first-draft deadline, worked back from go-live.

    Parameters
    ----------
    answer : str or date
        The deadline, e.g. ``"2027-02-15"``.
    """
    exercise = "6.1 Work back a deadline"
    if answer is None:
        return _blank(exercise)
    deal = deadline_exercise()
    markets = [deal["creator_market"], deal["brand_market"]]
    expected = deal["draft_1_naive"]
    while _days_off(expected, markets):
        expected -= timedelta(days=1)

    def check() -> Verdict:
        day = _date(answer)
        naive = deal["draft_1_naive"]
        if day == expected:
            return _right(
                exercise,
                f"D − 11 is {_day(naive)}: {' and '.join(_days_off(naive, markets))}. "
                f"Move earlier, to {_day(expected)}, never later.",
            )
        if day > naive:
            return _wrong(
                exercise,
                f"{_day(day)} is later than D − 11 ({_day(naive, weekday=False)}): every "
                "slipped day comes out of the creator's production time. Move deadlines earlier, "
                "not later.",
            )
        off = _days_off(day, markets)
        if off:
            return _wrong(exercise, f"{_day(day)} is {' and '.join(off)}.")
        return _wrong(
            exercise,
            f"{_day(day)} is a working day, but earlier than needed: take the last working "
            f"day (in both countries) on or before D − 11, {_day(naive, weekday=False)}.",
        )

    return _checked(exercise, check)


def check_local_time(answer: object) -> Verdict:
    """Exercise 6.2: the Riga date and time of a post scheduled 19:00 in New York.

    Parameters
    ----------
    answer : str or datetime
        Riga wall-clock time, e.g. ``"2027-02-04 02:00"``.
    """
    exercise = "6.2 Time zones"
    if answer is None:
        return _blank(exercise)
    riga = ZoneInfo(CREATOR_ZONE)
    scheduled = SCHEDULED_POST["time"].replace(tzinfo=ZoneInfo(SCHEDULED_POST["zone"]))
    expected = scheduled.astimezone(riga)

    def check() -> Verdict:
        said = _datetime_in(answer, riga)
        if said == expected:
            return _right(
                exercise,
                f"19:00 in New York (UTC−5 in February) is 00:00 UTC, which is {expected:%H:%M} "
                f"on {_day(expected)} in Riga (UTC+2): the middle of the night for the "
                "creator's audience. Write every time with its zone.",
            )
        if said.time() == expected.time():
            return _wrong(
                exercise,
                f"Right clock time, wrong day: 19:00 in New York is already after midnight in "
                f"Riga, so it is {_day(expected)}.",
            )
        if said.date() == scheduled.date() and said.time() == time(12, 0):
            return _wrong(exercise, "Riga is ahead of New York, not behind: add the hours.")
        return _wrong(
            exercise,
            "Not quite. Riga is UTC+2 in February and New York UTC−5: the gap is 7 hours.",
        )

    return _checked(exercise, check)


def pacing_exercise() -> dict[str, object]:
    """Aurora's summed reach to date against its goal and calendar (exercise 6.3)."""
    campaign = load_campaign(CAMPAIGNS_DIR / "aurora-baltics-2027.yaml")
    to_date = _sample("results-aurora-baltics-2027-to-date.csv")
    target = next(g.target for g in campaign.goals if g.kpi == "reach")
    return {
        "start": campaign.start,
        "end": campaign.end,
        "as_of": PACING_AS_OF,
        "reach_target": target,
        "reach_to_date": int(to_date["reach"].sum()),
        "posts_to_date": len(to_date),
    }


def check_pacing(answer: object) -> Verdict:
    """Exercise 6.3: the pace index, share of the goal reached / share of the time gone.

    Parameters
    ----------
    answer : float
        The pace index (1.0 is exactly on pace).
    """
    exercise = "6.3 Pacing"
    if answer is None:
        return _blank(exercise)
    pace = pacing_exercise()
    days_total = (pace["end"] - pace["start"]).days + 1
    days_gone = (pace["as_of"] - pace["start"]).days + 1
    share_of_goal = pace["reach_to_date"] / pace["reach_target"]
    share_of_time = days_gone / days_total
    expected = share_of_goal / share_of_time
    return _checked(
        exercise,
        lambda: _rate_verdict(
            exercise,
            answer,
            expected,
            0.01,
            f"{share_of_goal:.1%} of the reach goal after {days_gone} of {days_total} days "
            f"({share_of_time:.1%} of the time) gives a pace of {expected:.2f}"
            + (
                ": behind the straight-line pace. Act now: brief the next wave with what worked "
                "and move paid budget to the best cost per result."
                if expected < 0.9
                else ": on pace or ahead."
            ),
            traps=[
                (
                    share_of_goal,
                    "That is the share of the goal reached; divide it by the share of the "
                    "campaign's days gone.",
                ),
                (share_of_time / share_of_goal, "Upside down: goal share / time share."),
            ],
            what="a number such as 0.8 (1.0 is on pace)",
            is_rate=False,
        ),
    )


# --------------------------------------------------------------------------------------------
# Chapter 7: measuring and ROI

LANDING_PAGES = pd.DataFrame({"page": ["A", "B"], "visits": [4000, 4000], "orders": [120, 150]})
ORDER_TIME = {"time": datetime(2027, 2, 2, 0, 30), "zone": "Europe/Riga", "report_zone": "UTC"}
EXTRA_COSTS = {"paid amplification": 15_000.0, "tools, agency time and product": 13_000.0}
NOT_CONFIRMED = "not confirmed across posts"
AB_CHOICES = {
    "a": "A",
    "b": "B",
    "not enough data": "not enough data",
    "inconclusive": "not enough data",
    "not confirmed across posts": NOT_CONFIRMED,
    "not confirmed": NOT_CONFIRMED,
}


def _ab_choice(answer: object, allowed: tuple[str, ...]) -> str:
    words = ", ".join(f"'{a}'" for a in allowed[:-1]) + f" or '{allowed[-1]}'"
    said = AB_CHOICES.get(_plain(_text(answer, words)))
    if said not in allowed:
        raise _Unreadable(f"Answer {words}; {answer!r} is none of them.")
    return said


def landing_page_exercise() -> pd.DataFrame:
    """Two landing pages behind one link, visitors split at random: visits and orders (7.1)."""
    return LANDING_PAGES.copy()


def check_landing_page_test(answer: object) -> Verdict:
    """Exercise 7.1: did page B convert better than page A at the 5% level?

    Parameters
    ----------
    answer : str
        ``"A"``, ``"B"`` or ``"not enough data"``.
    """
    from helpers.stages.roi.abtest import format_p, two_proportion_test

    exercise = "7.1 Read an A/B result"
    if answer is None:
        return _blank(exercise)
    pages = landing_page_exercise().set_index("page")
    a, b = pages.loc["A"], pages.loc["B"]
    test = two_proportion_test(a["orders"], a["visits"], b["orders"], b["visits"])
    expected = "not enough data" if abs(test.z) <= 1.96 else ("B" if test.z > 0 else "A")
    rates = f"Conversion {test.rate_a:.2%} for A against {test.rate_b:.2%} for B"

    def check() -> Verdict:
        said = _ab_choice(answer, ("A", "B", "not enough data"))
        if said == expected == "not enough data":
            return _right(
                exercise,
                f"{rates}: z = {test.z:.2f}, {format_p(test.p_value)}. |z| is under 1.96, so the "
                "difference could be chance. Report 'B is ahead, not enough data to conclude': "
                f"detecting it would take about {test.needed_per_variant:,.0f} visits per page.",
            )
        if said == expected:
            return _right(exercise, f"{rates}: z = {test.z:.2f}, {format_p(test.p_value)}.")
        if expected == "not enough data":
            return _wrong(
                exercise,
                f"{rates}. {said} looks better, but z = {test.z:.2f} and "
                f"{format_p(test.p_value)}: not significant at 5%. Calling a winner on this is "
                "reading noise.",
            )
        return _wrong(
            exercise, f"{rates}: z = {test.z:.2f}, so the answer is {expected}, not {said}."
        )

    return _checked(exercise, check)


def variant_exercise() -> pd.DataFrame:
    """Pulse's posts with their content variant, impressions and link clicks (exercise 7.2)."""
    results = _sample("results-pulse-app-launch-2027.csv")
    columns = ["post_id", "influencer_id", "platform", "variant", "impressions", "link_clicks"]
    return results[columns].sort_values(["variant", "post_id"]).reset_index(drop=True)


def check_variant_test(answer: object) -> Verdict:
    """Exercise 7.2: does variant B really have the higher click-through rate?

    The expected answer is the verdict of ``helpers.stages.roi.abtest.compare``, which the ROI
    stage shows: the z-test per impression, then whether the difference holds across posts.

    Parameters
    ----------
    answer : str
        ``"A"``, ``"B"``, ``"not enough data"`` or ``"not confirmed across posts"``.
    """
    from helpers.stages.roi.abtest import compare, format_p

    exercise = "7.2 Read the A/B test of a campaign"
    if answer is None:
        return _blank(exercise)
    test = compare(variant_exercise(), "ctr")
    verdict = str(test["verdict"])
    if "not confirmed" in verdict:
        expected = NOT_CONFIRMED
    elif verdict in ("A ahead", "B ahead"):
        expected = verdict[0]
    else:
        expected = "not enough data"
    per_impression = (
        f"Per impression, B's click-through rate ({test['rate_b']:.2%}) beats A's "
        f"({test['rate_a']:.2%}) with z = {test['z']:.2f}"
    )

    def check() -> Verdict:
        said = _ab_choice(answer, ("A", "B", "not enough data", NOT_CONFIRMED))
        if said == expected == NOT_CONFIRMED:
            return _right(
                exercise,
                f"{per_impression}, but posts differ from one another {test['dispersion']:,.0f} "
                f"times more than chance explains; allowing for that leaves "
                f"{format_p(test['adjusted_p_value'])}. Different creators got different "
                "variants, so the difference may come from the posts, not the variants. Test "
                "again with each creator posting both.",
            )
        if said == expected:
            return _right(exercise, str(test["explanation"]))
        if said == "B" and expected == NOT_CONFIRMED:
            return _wrong(
                exercise,
                f"{per_impression}, so it looks like a clear win. But every impression is not an "
                f"independent trial: posts differ {test['dispersion']:,.0f} times more than "
                "chance explains. Run the check across posts "
                "(helpers.stages.roi.abtest.compare) and read its verdict.",
            )
        return _wrong(exercise, f"Not what the data say: {test['explanation']}")

    return _checked(exercise, check)


def roi_exercise() -> pd.DataFrame:
    """Pulse's costs and attributed revenue: creator fees from the results, plus other costs."""
    results = _sample("results-pulse-app-launch-2027.csv")
    rows = [
        {"item": "creator fees", "kind": "cost", "usd": round(float(results["cost"].sum()), 2)},
        *({"item": item, "kind": "cost", "usd": usd} for item, usd in EXTRA_COSTS.items()),
        {
            "item": "attributed revenue",
            "kind": "revenue",
            "usd": round(float(results["revenue"].sum()), 2),
        },
    ]
    return pd.DataFrame(rows)


def _roi_parts() -> tuple[float, float, float]:
    table = roi_exercise()
    revenue = float(table.loc[table["kind"] == "revenue", "usd"].sum())
    fees = float(table.loc[table["item"] == "creator fees", "usd"].sum())
    total = float(table.loc[table["kind"] == "cost", "usd"].sum())
    return revenue, fees, total


def check_roi(answer: object) -> Verdict:
    """Exercise 7.3: Pulse's ROI on total cost, as a fraction.

    Parameters
    ----------
    answer : float or str
        ROI as a fraction (0.25) or text ('25%').
    """
    exercise = "7.3 ROI on total cost"
    if answer is None:
        return _blank(exercise)
    revenue, fees, total = _roi_parts()
    expected = metrics.roi(revenue, total)
    return _checked(
        exercise,
        lambda: _rate_verdict(
            exercise,
            answer,
            expected,
            0.005,
            f"({revenue:,.2f} − {total:,.2f}) / {total:,.2f} = {expected:.1%}. Total cost "
            "means all of it: fees, amplification, tools and agency time.",
            traps=[
                (
                    metrics.roi(revenue, fees),
                    "You used creator fees only. Total cost means all of it: add paid "
                    "amplification, tools, agency time and product.",
                ),
                (
                    metrics.roas(revenue, total),
                    "That is ROAS (revenue / cost). ROI subtracts the cost first: "
                    "(revenue − cost) / cost.",
                ),
                (metrics.roas(revenue, fees), "That is ROAS on fees only; ROI is (R − C) / C."),
            ],
        ),
    )


def order_time_exercise() -> dict[str, object]:
    """An Aurora order's local time and the shop's reporting time zone (exercise 7.4)."""
    return dict(ORDER_TIME)


def check_report_day(answer: object) -> Verdict:
    """Exercise 7.4: the day a UTC report files the order under.

    Parameters
    ----------
    answer : str or date
        The date, e.g. ``"2027-02-01"``.
    """
    exercise = "7.4 Which day is it in the report?"
    if answer is None:
        return _blank(exercise)
    placed = ORDER_TIME["time"].replace(tzinfo=ZoneInfo(ORDER_TIME["zone"]))
    expected = placed.astimezone(ZoneInfo(ORDER_TIME["report_zone"]))

    def check() -> Verdict:
        day = _date(answer)
        if day == expected.date():
            return _right(
                exercise,
                f"00:30 in Riga (UTC+2) is {expected:%H:%M} UTC on "
                f"{_day(expected.date(), weekday=False)}: a UTC report files it a day earlier "
                "than the customer lived it. Say which zone defines a day.",
            )
        if day == placed.date():
            return _wrong(
                exercise,
                "That is the day in Riga. The report cuts days at midnight UTC, two hours "
                "later than Riga's midnight.",
            )
        return _wrong(exercise, "Convert 00:30 Riga time (UTC+2) to UTC and read the date.")

    return _checked(exercise, check)


# --------------------------------------------------------------------------------------------
# Chapter 8: best practice

COMMON_MISTAKES = {
    1: "'Awareness' with no number, no definition and no reading date.",
    2: "Comparing engagement rates calculated in different ways.",
    3: "Choosing creators by follower count alone.",
    4: "Rejecting a creator on an opaque score, or accepting one because the score was green.",
    5: "Gifting without telling the creator that the post must be labelled.",
    6: "'#ad' in German or English labels in France.",
    7: "Deadlines that land on a holiday or a weekend.",
    8: "Missing the 24-hour window to capture Stories.",
    9: "Calling a test 'won' on too little data.",
    10: "Reporting EMV as if it were ROI.",
}
PLAN = [
    ("Goal: 1.5M summed post reach in LV, EE and LT, read on 22 March 2027.", None),
    (
        "Shortlist: @skin.by.rasa beats @ilzeb.skin because her TikTok engagement (7.8% per view) "
        "is higher than Ilze's Instagram engagement (2.5% per follower).",
        2,
    ),
    (
        "Twenty nano creators get the serum as a gift; no need to brief them on labels, as no "
        "money changes hands.",
        5,
    ),
    ("The French creator's video shows 'Publicité' on screen for its whole length.", None),
    ("First drafts are due on Saturday 23 January 2027.", 7),
    ("Story insights are collected from creators seven days after go-live.", 8),
    ("Final report: EMV of EUR 80,000 on EUR 25,000 spent, shown as a 220% return.", 10),
]


def plan_exercise() -> pd.DataFrame:
    """A campaign plan with some of the ten common mistakes in it (exercise 8.1)."""
    return pd.DataFrame({"line": range(1, len(PLAN) + 1), "plan": [text for text, _ in PLAN]})


def check_plan_mistakes(answer: object) -> Verdict:
    """Exercise 8.1: the numbers of the common mistakes the plan makes.

    Parameters
    ----------
    answer : set or list of int
        Mistake numbers from the list of ten, e.g. ``{1, 4}``.
    """
    exercise = "8.1 Find the mistakes in a plan"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        if isinstance(answer, int | str):
            items = [answer]
        elif isinstance(answer, Iterable):
            items = list(answer)
        else:
            raise _Unreadable("I expected a set of mistake numbers such as {1, 4}.")
        try:
            said = {int(item) for item in items}
        except (TypeError, ValueError):
            raise _Unreadable("I expected mistake numbers from 1 to 10, e.g. {1, 4}.") from None
        unknown = sorted(said - set(COMMON_MISTAKES))
        if unknown:
            raise _Unreadable(f"The list has mistakes 1 to 10; {unknown} are not on it.")
        expected = {number for _, number in PLAN if number}
        missed, extra = sorted(expected - said), sorted(said - expected)
        if not missed and not extra:
            return _right(
                exercise,
                f"Mistakes {sorted(expected)}. The French label on screen is right, so mistake 6 "
                "is not in the plan.",
            )
        lines = []
        if missed:
            where = {number: line for line, (_, number) in enumerate(PLAN, start=1) if number}
            lines.append(
                "Missed: "
                + "; ".join(f"{n} (plan line {where[n]}: {COMMON_MISTAKES[n]})" for n in missed)
            )
        if extra:
            lines.append(f"Not in this plan: {extra}")
            if 6 in extra:
                lines.append("line 4 puts 'Publicité' on screen, which is what France requires")
        return _wrong(exercise, "; ".join(lines) + ".")

    return _checked(exercise, check)


# --------------------------------------------------------------------------------------------
# Chapter 9: case studies

MIN_CONVERSIONS_TO_JUDGE = 50


def rehire_exercise() -> pd.DataFrame:
    """Pulse results per creator: fees, conversions and code redemptions (exercise 9.1)."""
    results = _sample("results-pulse-app-launch-2027.csv")
    per_creator = results.groupby("influencer_id", as_index=False).agg(
        posts=("post_id", "count"),
        cost=("cost", "sum"),
        conversions=("conversions", "sum"),
        code_redemptions=("code_redemptions", "sum"),
        revenue=("revenue", "sum"),
    )
    per_creator.insert(0, "handle", per_creator["influencer_id"].map(_handle))
    return per_creator.round({"cost": 2, "revenue": 2})


def check_rehire_pick(answer: object) -> Verdict:
    """Exercise 9.1: the creator to rehire first, by CPA among those with enough conversions.

    Parameters
    ----------
    answer : str
        The creator's handle or influencer_id.
    """
    exercise = "9.1 Whom to rehire"
    if answer is None:
        return _blank(exercise)
    table = rehire_exercise().assign(cpa=lambda t: metrics.cpa(t["cost"], t["conversions"]))

    def check() -> Verdict:
        chosen = _creator_id(answer, table["influencer_id"])
        row = table.set_index("influencer_id").loc[chosen]
        judged = table[table["conversions"] >= MIN_CONVERSIONS_TO_JUDGE]
        best = judged.loc[judged["cpa"].idxmin()]
        if chosen == best["influencer_id"]:
            return _right(
                exercise,
                f"{best['handle']}: USD {best['cost']:,.0f} for {best['conversions']:,} "
                f"conversions, a CPA of USD {best['cpa']:.2f}, the lowest of the creators with at "
                f"least {MIN_CONVERSIONS_TO_JUDGE}. One code per creator makes this visible.",
            )
        if row["conversions"] < MIN_CONVERSIONS_TO_JUDGE:
            return _wrong(
                exercise,
                f"{row['handle']} has only {row['conversions']} conversions: too few to judge. "
                f"Compare creators with at least {MIN_CONVERSIONS_TO_JUDGE}.",
            )
        if row["conversions"] == table["conversions"].max():
            return _wrong(
                exercise,
                f"{row['handle']} brought the most conversions, but at USD {row['cpa']:.2f} "
                "each. Rehire on cost per conversion, not on volume.",
            )
        return _wrong(
            exercise,
            f"{row['handle']}'s CPA is USD {row['cpa']:.2f}; someone converts more cheaply.",
        )

    return _checked(exercise, check)


# --------------------------------------------------------------------------------------------
# Chapter 10: the future

BASELINE_SHARE = 0.40  # share of attributed conversions a holdout says would have happened anyway
LABEL_CHOICES = ("Images virtuelles", "Images retouchées", "Publicité", "Collaboration commerciale")


def incrementality_exercise() -> dict[str, float]:
    """Pulse's attributed revenue and total cost, and what a holdout test found (10.1)."""
    revenue, _, total = _roi_parts()
    return {
        "attributed_revenue": revenue,
        "total_cost": total,
        "would_have_happened_anyway": BASELINE_SHARE,
    }


def check_incremental_roi(answer: object) -> Verdict:
    """Exercise 10.1: ROI on incremental revenue only, as a fraction.

    Parameters
    ----------
    answer : float or str
        ROI as a fraction (-0.1) or text ('-10%').
    """
    exercise = "10.1 Incremental ROI"
    if answer is None:
        return _blank(exercise)
    facts = incrementality_exercise()
    revenue, cost = facts["attributed_revenue"], facts["total_cost"]
    incremental = revenue * (1 - BASELINE_SHARE)
    expected = metrics.roi(incremental, cost)
    return _checked(
        exercise,
        lambda: _rate_verdict(
            exercise,
            answer,
            expected,
            0.005,
            f"Incremental revenue {revenue:,.0f} × {1 - BASELINE_SHARE:.0%} = {incremental:,.0f}; "
            f"({incremental:,.0f} − {cost:,.0f}) / {cost:,.0f} = {expected:.1%}. Attribution said "
            "the campaign made money; incrementality says it did not.",
            traps=[
                (
                    metrics.roi(revenue, cost),
                    "That is the attributed ROI. Take out the 40% of revenue that would have "
                    "come anyway.",
                ),
                (
                    metrics.roi(revenue * BASELINE_SHARE, cost),
                    "You kept the 40% that would have happened anyway; keep the other 60%.",
                ),
            ],
            what="a fraction such as -0.1 (or the text '-10%')",
        ),
    )


def check_ai_label(answer: object) -> Verdict:
    """Exercise 10.2: the label France requires on an AI-generated face, besides Publicité.

    Parameters
    ----------
    answer : str
        One of the labels in :data:`LABEL_CHOICES`.
    """
    exercise = "10.2 Label an AI-generated face in France"
    if answer is None:
        return _blank(exercise)

    def check() -> Verdict:
        said = _plain(_text(answer, "a label"))
        if said == _plain("Images virtuelles"):
            return _right(
                exercise,
                "Loi 2023-451 requires 'Images virtuelles' on a face or body generated by AI, on "
                "top of 'Publicité' or 'Collaboration commerciale'.",
            )
        if said == _plain("Images retouchées"):
            return _wrong(
                exercise,
                "'Images retouchées' is for a real body that was edited; a face generated by AI "
                "needs 'Images virtuelles'.",
            )
        if said in {_plain("Publicité"), _plain("Collaboration commerciale")}:
            return _wrong(
                exercise,
                "That label is needed too, because the post is an advert; the question asks for "
                "the second label, about the image.",
            )
        raise _Unreadable(f"Answer with one of: {', '.join(LABEL_CHOICES)}.")

    return _checked(exercise, check)


# --------------------------------------------------------------------------------------------
# The catalogue


@dataclass(frozen=True)
class Exercise:
    """One exercise: its number, chapter, title and self-check."""

    number: str
    chapter: int
    title: str
    check: Callable[..., Verdict]


EXERCISES = [
    Exercise("1.1", 1, "Name the tier", check_tiers),
    Exercise("1.2", 1, "Compare against the right benchmark", check_stronger_creator),
    Exercise("2.1", 2, "Cost per thousand reach", check_cost_per_thousand_reach),
    Exercise("2.2", 2, "Do the goals agree?", check_cpa_if_short),
    Exercise("3.1", 3, "Engagement rate per follower", check_engagement_rate),
    Exercise("3.2", 3, "Engagement rate per reach", check_engagement_per_reach),
    Exercise("3.3", 3, "Spot the fake-follower spike", check_fake_follower_spike),
    Exercise("3.4", 3, "How sure is a fake share?", check_fake_share_margin),
    Exercise("4.1", 4, "Pick the first message", check_first_message),
    Exercise("4.2", 4, "When to follow up", check_follow_up_date),
    Exercise("5.1", 5, "Price a deliverable", check_fee),
    Exercise("5.2", 5, "Fix a Latvian caption", check_fixed_caption_lv),
    Exercise("5.3", 5, "Fix a German caption", check_fixed_caption_de),
    Exercise("6.1", 6, "Work back a deadline", check_draft_deadline),
    Exercise("6.2", 6, "Time zones", check_local_time),
    Exercise("6.3", 6, "Pacing", check_pacing),
    Exercise("7.1", 7, "Read an A/B result", check_landing_page_test),
    Exercise("7.2", 7, "Read the A/B test of a campaign", check_variant_test),
    Exercise("7.3", 7, "ROI on total cost", check_roi),
    Exercise("7.4", 7, "Which day is it in the report?", check_report_day),
    Exercise("8.1", 8, "Find the mistakes in a plan", check_plan_mistakes),
    Exercise("9.1", 9, "Whom to rehire", check_rehire_pick),
    Exercise("10.1", 10, "Incremental ROI", check_incremental_roi),
    Exercise("10.2", 10, "Label an AI-generated face in France", check_ai_label),
]


def exercises_for(chapter: int) -> list[Exercise]:
    """The exercises of one playbook chapter, in order."""
    return [exercise for exercise in EXERCISES if exercise.chapter == chapter]
