"""Chapter 5's exercises, negotiation and contracts: price a deliverable, and fix a Latvian and a
German caption's disclosure label.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.core import reference
from helpers.training.exercises.answers import _check_rate, _checked, _plain, _text
from helpers.training.exercises.samples import _handle, _sample
from helpers.training.exercises.verdict import Verdict, _blank, _right, _wrong

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
    return _check_rate(
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
