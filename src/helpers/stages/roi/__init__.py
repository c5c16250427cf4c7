"""Stage 06, ROI: what the campaign delivered and what it earned, per creator, platform and market
(guide chapter 7).

The results file has one row per campaign post (see ``data/sample/README.md``, "Results
input"). It is read and checked once for every stage (:mod:`helpers.core.results`, through
:func:`helpers.stages.monitoring.read_results`): duplicates, days outside the campaign, posts by
creators nobody contracted, impossible counts are listed with their spreadsheet row number and
left out of every number, so each post is counted once; money in another currency is converted
at the dated reference rate. This stage then

- measures every goal's KPI against its target (:mod:`.goals_met`: :func:`goal_attainment`);
- breaks cost, results, CPM, CPE, CPC, CPA, ROI and ROAS down by creator, platform and market,
  with the funnel (:mod:`.breakdowns`: :func:`breakdown`, :func:`funnel`);
- values the exposure as earned media value with its formula and CPMs, kept apart from ROI
  because no money came in (:mod:`.emv`: :func:`emv_cpms`, :func:`earned_media_value`);
- recommends rehiring, renegotiating or dropping each creator (:mod:`.rehire`:
  :func:`rehire_advice`), never a plain rehire for a creator vetting excluded or flagged;
- says whether the campaign paid off (:mod:`.summary`: :func:`roi_summary`);
- tests content variants A and B (:mod:`.abtest`).

Before the final results are in (the campaign is planning or live, :mod:`helpers.core.state`),
the page says when ROI will be measured and shows the pace so far (:mod:`.pace`) and the plan
(:mod:`helpers.stages.monitoring.plan`).

Sentences written for people (data checks, reasons, the summary) are in the campaign's language
(:mod:`helpers.text.i18n`); machine values (``recommendation``, ``met``, column names) stay English,
and the notebook translates them for display with the Translator's ``term``.
"""

from __future__ import annotations

from helpers.core.results import (
    CHECKS,
    COUNT_COLUMNS,
    ECB_RATES,
    ENGAGEMENT_COLUMNS,
    MAIN_RESULT,
    MONEY_COLUMNS,
    RESULT_NAMES,
    TOTALS,
    attach_handles,
    check_results,
    column_totals,
    contracted_fees,
    convert_currency,
    fill_cost_from_contracts,
    prepare,
)
from helpers.report import kpi_value as format_kpi
from helpers.report import lower_label
from helpers.stages.monitoring.projections import attainment
from helpers.stages.monitoring.reading import (
    SIGNED_STAGES,
    campaign_goals,
    contracted_creators,
    read_results,
)
from helpers.stages.roi.breakdowns import (
    LEVELS,
    add_ratios,
    breakdown,
    campaign_row,
    funnel,
    roi_table,
)
from helpers.stages.roi.emv import earned_media_value, emv_cpms, emv_table
from helpers.stages.roi.goals_met import goal_attainment, measure_kpi
from helpers.stages.roi.pace import pace_so_far, pace_view
from helpers.stages.roi.page import ab_test_table, goals_view
from helpers.stages.roi.rehire import (
    rehire_advice,
    vetting_verdicts,
    with_decisions,
    with_revenue,
)
from helpers.stages.roi.summary import attribution_note, final_reading_date, roi_summary
from helpers.text.i18n import translator

_ = translator("en")  # marks the values below for the catalogue

#: machine values of this stage, for the Translator's ``term`` at display
DISPLAY_VALUES = (
    _("rehire"),
    _("check first"),
    _("renegotiate"),
    _("drop"),
    _("met"),
    _("missed"),
    _("count by hand"),
    _("not in the results file"),
)

__all__ = [
    "attribution_note",
    "CHECKS",
    "COUNT_COLUMNS",
    "DISPLAY_VALUES",
    "ECB_RATES",
    "ENGAGEMENT_COLUMNS",
    "LEVELS",
    "MAIN_RESULT",
    "MONEY_COLUMNS",
    "RESULT_NAMES",
    "SIGNED_STAGES",
    "TOTALS",
    "ab_test_table",
    "add_ratios",
    "attach_handles",
    "attainment",
    "breakdown",
    "campaign_goals",
    "campaign_row",
    "check_results",
    "column_totals",
    "contracted_creators",
    "contracted_fees",
    "convert_currency",
    "earned_media_value",
    "emv_cpms",
    "emv_table",
    "fill_cost_from_contracts",
    "final_reading_date",
    "format_kpi",
    "funnel",
    "goal_attainment",
    "goals_view",
    "lower_label",
    "measure_kpi",
    "pace_so_far",
    "pace_view",
    "prepare",
    "read_results",
    "rehire_advice",
    "roi_summary",
    "roi_table",
    "vetting_verdicts",
    "with_decisions",
    "with_revenue",
]
