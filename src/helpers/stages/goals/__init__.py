"""Stage 01, goals and KPIs: turn the campaign's objective and goals into a goal sheet, check
each goal is SMART, and write ``goals.json``, the goals later stages score against (guide
chapter 2).

The feasibility check ("Achievable") prices each target at benchmark rates:

- the budget is converted to USD with the dated ECB rate and **split equally across the
  campaign's platforms**; each share buys impressions at that platform's default CPM
  (``media_costs.csv``), so the blended CPM is the harmonic mean of the platform CPMs;
- summed post reach = impressions / frequency (the playbook's assumption: 1.3 impressions per
  account reached, ``planning_rates.csv``);
- engagements = each platform's budget / its default CPE. A rate card's CPM and CPE for the same
  content imply the engagements an impression earns (CPM / 1,000 / CPE), so the engagement rate
  per reach they imply is engagements / reach;
- views, clicks and conversions use the playbook's labelled planning assumptions (views per
  impression, click-through rate per platform, conversions per click).

Every rate can be overridden in the campaign file's ``assumptions`` section. CPMs and CPEs on
file are per platform only: tiers and markets do not change the price (none are published
that we could source); tiers enter through the per-follower engagement benchmarks.

Achievable also checks each volume goal against the roster's supply (:mod:`.supply`, with
:mod:`helpers.core.supply`): what the creators who pass the campaign's rules (vetting's
shortlist, once stage 02 has written one to the run folder) can deliver under its budget rules
(deliverables per creator, creators per platform and in all, one creator's share of the
budget), whatever the budget. When that is less than the budget buys and less than the target,
the roster, not the budget, is the limit: the sentence says so and what would lift it.
"""

from __future__ import annotations

from helpers.core.kpis import (
    ENGAGEMENT_COLUMNS,
    FUNNEL_STAGES,
    KPI,
    KPI_ALIASES,
    KPIS,
    UNITS,
    catalogue_table,
    kpi_label,
    kpi_text,
    suggest_kpi,
)
from helpers.stages.goals.achievable import MIN_PEERS, TIGHT, WITHIN_REACH, per_follower
from helpers.stages.goals.budget import (
    RATES_AND_COSTS,
    VOLUMES,
    PlanningError,
    budget_plan,
    expected_values,
    planning_problems,
    planning_rates,
    what_the_budget_buys,
)
from helpers.stages.goals.conflicts import CAPS, TRIPLES, goal_conflicts
from helpers.stages.goals.context import Context, build_context, eligible_roster
from helpers.stages.goals.document import goals_document
from helpers.stages.goals.figures import format_target
from helpers.stages.goals.measuring import measure
from helpers.stages.goals.reading import (
    ROI_PERCENT_HINT,
    GoalCheck,
    baseline_value,
    read_goal,
    read_goals,
)
from helpers.stages.goals.sheet import SHEET_COLUMNS, assess_goals, goal_sheet
from helpers.stages.goals.suggestions import SUGGESTED_KPIS, round_target, suggested_goals
from helpers.stages.goals.summary import goals_summary
from helpers.stages.goals.supply import (
    creators_table,
    goal_supply,
    lift_sentence,
    rule_names,
    supply_and_coverage,
    supply_note,
    supply_rates,
    supply_table,
)
from helpers.stages.goals.tables import (
    conflicts_table,
    engagement_context,
    goal_title,
    iter_letters,
    kpi_catalogue,
    letter_marks,
    letters_table,
    plan_table,
    rates_table,
    rejected_table,
    sheet_caption,
    sheet_table,
    verdict_words,
)
from helpers.stages.goals.validation import goal_notes, goal_problems
from helpers.stages.goals.vocabulary import (
    ENGLISH,
    LETTER_INITIALS,
    LETTERS,
    OBJECTIVE_STAGE,
    PLATFORM_NAMES,
    STATUS_MARK,
    STATUS_RANK,
    basis_names,
    brief_notes,
    letter_names,
    objective_phrases,
    platform_list,
    rate_definitions,
    rate_names,
    severity_names,
    sheet_captions,
    stage_at,
    stage_kpis,
    stage_names,
    status_words,
    unit_names,
    verdicts,
    word,
)

KPI_CATALOGUE = KPIS  # the one catalogue (helpers.core.kpis), by the name this stage used

__all__ = [
    "CAPS",
    "ENGAGEMENT_COLUMNS",
    "ENGLISH",
    "FUNNEL_STAGES",
    "KPI",
    "KPIS",
    "KPI_ALIASES",
    "KPI_CATALOGUE",
    "LETTERS",
    "LETTER_INITIALS",
    "MIN_PEERS",
    "OBJECTIVE_STAGE",
    "PLATFORM_NAMES",
    "RATES_AND_COSTS",
    "ROI_PERCENT_HINT",
    "SHEET_COLUMNS",
    "STATUS_MARK",
    "STATUS_RANK",
    "SUGGESTED_KPIS",
    "TIGHT",
    "TRIPLES",
    "UNITS",
    "VOLUMES",
    "WITHIN_REACH",
    "Context",
    "GoalCheck",
    "PlanningError",
    "assess_goals",
    "baseline_value",
    "basis_names",
    "brief_notes",
    "budget_plan",
    "build_context",
    "catalogue_table",
    "conflicts_table",
    "creators_table",
    "eligible_roster",
    "engagement_context",
    "expected_values",
    "format_target",
    "goal_conflicts",
    "goal_notes",
    "goal_problems",
    "goal_sheet",
    "goal_supply",
    "goal_title",
    "goals_document",
    "goals_summary",
    "iter_letters",
    "kpi_catalogue",
    "kpi_label",
    "kpi_text",
    "letter_marks",
    "letter_names",
    "letters_table",
    "lift_sentence",
    "measure",
    "objective_phrases",
    "per_follower",
    "plan_table",
    "planning_problems",
    "planning_rates",
    "platform_list",
    "rate_definitions",
    "rate_names",
    "rates_table",
    "read_goal",
    "read_goals",
    "rejected_table",
    "round_target",
    "rule_names",
    "severity_names",
    "sheet_caption",
    "sheet_captions",
    "sheet_table",
    "stage_at",
    "stage_kpis",
    "stage_names",
    "status_words",
    "suggest_kpi",
    "suggested_goals",
    "supply_and_coverage",
    "supply_note",
    "supply_rates",
    "supply_table",
    "unit_names",
    "verdict_words",
    "verdicts",
    "what_the_budget_buys",
    "word",
]
