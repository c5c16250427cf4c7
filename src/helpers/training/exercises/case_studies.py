"""Chapter 9's exercises, case studies: whom to rehire."""

from __future__ import annotations

import pandas as pd

from helpers.core import metrics
from helpers.training.exercises.answers import _checked
from helpers.training.exercises.samples import _creator_id, _handle, _sample
from helpers.training.exercises.verdict import Verdict, _blank, _right, _wrong

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
