"""Training exercises for the playbook: small data sets and self-check functions.

Each exercise in ``playbook/exercises/NN-*.ipynb`` shows its data with one of the ``*_exercise``
functions below, leaves an answer cell set to ``None`` for the trainee, and checks the answer
with a ``check_*`` function. Every check returns a :class:`Verdict`: right or not yet, and why.
A blank answer (``None``) is "not answered yet", never an error, so the notebooks run top to
bottom before anything is filled in. The worked solutions live apart, in
``playbook/exercises/solutions/``.

The data are small and either written here or read deterministically from ``data/sample/`` and
``data/reference/``, so the expected answers are the same on every machine.

One module per chapter (:mod:`~helpers.training.exercises.landscape` for chapter 1 ...
:mod:`~helpers.training.exercises.the_future` for chapter 10), named like its notebook; the
:class:`Verdict`, the reading of answers and the sample data they share; and the catalogue,
:data:`EXERCISES`.
"""

from __future__ import annotations

from helpers.training.exercises.best_practice import (
    COMMON_MISTAKES,
    PLAN,
    check_plan_mistakes,
    plan_exercise,
)
from helpers.training.exercises.case_studies import (
    MIN_CONVERSIONS_TO_JUDGE,
    check_rehire_pick,
    rehire_exercise,
)
from helpers.training.exercises.catalogue import (
    EXERCISES,
    Exercise,
    exercises_for,
)
from helpers.training.exercises.finding_and_vetting import (
    ENGAGEMENT_CREATOR,
    FOLLOWER_SAMPLE,
    REACH_POST,
    SPIKE_CREATORS,
    check_engagement_per_reach,
    check_engagement_rate,
    check_fake_follower_spike,
    check_fake_share_margin,
    engagement_exercise,
    follower_sample_exercise,
    growth_exercise,
    reach_exercise,
)
from helpers.training.exercises.goals_and_kpis import (
    check_cost_per_thousand_reach,
    check_cpa_if_short,
    goal_exercise,
)
from helpers.training.exercises.landscape import (
    TIER_ACCOUNTS,
    benchmark_exercise,
    check_stronger_creator,
    check_tiers,
    tier_exercise,
)
from helpers.training.exercises.measuring_and_roi import (
    AB_CHOICES,
    EXTRA_COSTS,
    LANDING_PAGES,
    NOT_CONFIRMED,
    ORDER_TIME,
    check_landing_page_test,
    check_report_day,
    check_roi,
    check_variant_test,
    landing_page_exercise,
    order_time_exercise,
    roi_exercise,
    variant_exercise,
)
from helpers.training.exercises.negotiation_and_contracts import (
    CAPTION_POSTS,
    FEE_EXERCISE,
    WEAK_LABELS,
    caption_exercise,
    check_fee,
    check_fixed_caption_de,
    check_fixed_caption_lv,
    fee_exercise,
)
from helpers.training.exercises.relationships import (
    FIRST_CONTACT_SENT,
    FIRST_MESSAGES,
    check_first_message,
    check_follow_up_date,
    first_message_exercise,
)
from helpers.training.exercises.running_the_campaign import (
    CREATOR_ZONE,
    DEADLINE_EXERCISE,
    PACING_AS_OF,
    SCHEDULED_POST,
    check_draft_deadline,
    check_local_time,
    check_pacing,
    deadline_exercise,
    pacing_exercise,
)
from helpers.training.exercises.the_future import (
    BASELINE_SHARE,
    LABEL_CHOICES,
    check_ai_label,
    check_incremental_roi,
    incrementality_exercise,
)
from helpers.training.exercises.verdict import (
    BLANK,
    Verdict,
)

__all__ = [
    "AB_CHOICES",
    "BASELINE_SHARE",
    "BLANK",
    "CAPTION_POSTS",
    "COMMON_MISTAKES",
    "CREATOR_ZONE",
    "DEADLINE_EXERCISE",
    "ENGAGEMENT_CREATOR",
    "EXERCISES",
    "EXTRA_COSTS",
    "Exercise",
    "FEE_EXERCISE",
    "FIRST_CONTACT_SENT",
    "FIRST_MESSAGES",
    "FOLLOWER_SAMPLE",
    "LABEL_CHOICES",
    "LANDING_PAGES",
    "MIN_CONVERSIONS_TO_JUDGE",
    "NOT_CONFIRMED",
    "ORDER_TIME",
    "PACING_AS_OF",
    "PLAN",
    "REACH_POST",
    "SCHEDULED_POST",
    "SPIKE_CREATORS",
    "TIER_ACCOUNTS",
    "Verdict",
    "WEAK_LABELS",
    "benchmark_exercise",
    "caption_exercise",
    "check_ai_label",
    "check_cost_per_thousand_reach",
    "check_cpa_if_short",
    "check_draft_deadline",
    "check_engagement_per_reach",
    "check_engagement_rate",
    "check_fake_follower_spike",
    "check_fake_share_margin",
    "check_fee",
    "check_first_message",
    "check_fixed_caption_de",
    "check_fixed_caption_lv",
    "check_follow_up_date",
    "check_incremental_roi",
    "check_landing_page_test",
    "check_local_time",
    "check_pacing",
    "check_plan_mistakes",
    "check_rehire_pick",
    "check_report_day",
    "check_roi",
    "check_stronger_creator",
    "check_tiers",
    "check_variant_test",
    "deadline_exercise",
    "engagement_exercise",
    "exercises_for",
    "fee_exercise",
    "first_message_exercise",
    "follower_sample_exercise",
    "goal_exercise",
    "growth_exercise",
    "incrementality_exercise",
    "landing_page_exercise",
    "order_time_exercise",
    "pacing_exercise",
    "plan_exercise",
    "reach_exercise",
    "rehire_exercise",
    "roi_exercise",
    "tier_exercise",
    "variant_exercise",
]
