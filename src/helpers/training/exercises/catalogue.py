"""The catalogue: every exercise's number, chapter, title and self-check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from helpers.training.exercises.best_practice import check_plan_mistakes
from helpers.training.exercises.case_studies import check_rehire_pick
from helpers.training.exercises.finding_and_vetting import (
    check_engagement_per_reach,
    check_engagement_rate,
    check_fake_follower_spike,
    check_fake_share_margin,
)
from helpers.training.exercises.goals_and_kpis import (
    check_cost_per_thousand_reach,
    check_cpa_if_short,
)
from helpers.training.exercises.landscape import check_stronger_creator, check_tiers
from helpers.training.exercises.measuring_and_roi import (
    check_landing_page_test,
    check_report_day,
    check_roi,
    check_variant_test,
)
from helpers.training.exercises.negotiation_and_contracts import (
    check_fee,
    check_fixed_caption_de,
    check_fixed_caption_lv,
)
from helpers.training.exercises.relationships import check_first_message, check_follow_up_date
from helpers.training.exercises.running_the_campaign import (
    check_draft_deadline,
    check_local_time,
    check_pacing,
)
from helpers.training.exercises.the_future import check_ai_label, check_incremental_roi
from helpers.training.exercises.verdict import Verdict


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
