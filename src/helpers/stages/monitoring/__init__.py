"""Stage 05, monitoring: pacing of each goal while the campaign is live, who is over- or
under-delivering, and where the budget not yet committed should go (guide chapters 6.2, 6.4).

Pacing projects each goal to the end of the campaign from the posts so far (:mod:`.projections`).
The posts still to come are taken from the contracts or the content calendar when those exist,
else from a straight line (as many posts per day as so far). Each simulated finish re-draws the
remaining posts from the posts so far (a bootstrap), which gives the projected end value, its
likely range (the middle 80% of 4,000 simulated finishes) and the chance of meeting the target:

- **on track**: at least two simulated finishes in three meet the target;
- **at risk**: between one in five and two in three;
- **off track**: fewer than one in five.

The results are read and checked once (:mod:`.reading`, on :mod:`helpers.core.results`), for
this stage and the ROI stage; who delivers and where the money should go is in
:mod:`.delivery`, the finding in :mod:`.summary`.

Sentences for people (how the numbers were worked out, notes, the summary) are in the campaign's
language; the statuses stay English in ``monitoring.csv`` and are translated for display with
the Translator's ``term``.

Before the first results are in (the campaign is planning, :mod:`helpers.core.state`), the page
says when they will come and shows the plan instead (:mod:`.plan`).
"""

from __future__ import annotations

from helpers.stages.monitoring.delivery import (
    MAX_EXTRA_POSTS,
    OVER_PERFORMING,
    RESERVE_SHARE,
    UNDER_PERFORMING,
    committed_budget,
    forecast_per_post,
    performance,
    reallocation,
    reallocation_plan,
)
from helpers.stages.monitoring.page import outlier_posts, pacing_view
from helpers.stages.monitoring.plan import (
    plan_lines,
    plan_view,
    planned_offers,
    planned_posts,
    state_finding,
)
from helpers.stages.monitoring.projections import (
    LIKELY_RANGE,
    MIN_PLAN_COVERAGE,
    OFF_TRACK_CHANCE,
    ON_TRACK_CHANCE,
    SEED,
    SIMULATIONS,
    as_of_date,
    attainment,
    cumulative_path,
    elapsed_share,
    measurable,
    pacing,
    project_goal,
    read_calendar,
    remaining_posts,
    simulate_finish,
    status_of,
)
from helpers.stages.monitoring.reading import (
    SIGNED_STAGES,
    campaign_goals,
    contracted_creators,
    monitoring_table,
    read_results,
)
from helpers.stages.monitoring.summary import format_chance, format_value, monitoring_summary
from helpers.text.i18n import translator

_ = translator("en")  # marks the values below for the catalogue

#: machine values of this stage, for the Translator's ``term`` at display
DISPLAY_VALUES = (
    _("on track"),
    _("at risk"),
    _("off track"),
    _("not measured"),
    _("no data yet"),
    _("over-performing"),
    _("as expected"),
    _("under-performing"),
    _("no cost"),
    _("no forecast"),
)

__all__ = [
    "DISPLAY_VALUES",
    "LIKELY_RANGE",
    "MAX_EXTRA_POSTS",
    "MIN_PLAN_COVERAGE",
    "OFF_TRACK_CHANCE",
    "ON_TRACK_CHANCE",
    "OVER_PERFORMING",
    "RESERVE_SHARE",
    "SEED",
    "SIGNED_STAGES",
    "SIMULATIONS",
    "UNDER_PERFORMING",
    "as_of_date",
    "attainment",
    "campaign_goals",
    "committed_budget",
    "contracted_creators",
    "cumulative_path",
    "elapsed_share",
    "forecast_per_post",
    "format_chance",
    "format_value",
    "measurable",
    "monitoring_summary",
    "monitoring_table",
    "outlier_posts",
    "pacing",
    "pacing_view",
    "plan_lines",
    "plan_view",
    "planned_offers",
    "planned_posts",
    "performance",
    "project_goal",
    "read_calendar",
    "read_results",
    "reallocation",
    "reallocation_plan",
    "remaining_posts",
    "simulate_finish",
    "state_finding",
    "status_of",
]
