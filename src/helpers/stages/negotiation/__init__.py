"""Stage 03, negotiation: fair fees, negotiation ranges, compensation models and the budget split
(guide chapters 4 and 5).

The arithmetic, in the order a marketer would do it by hand:

1. **Expected results per deliverable.** Each format by what it delivers
   (:mod:`helpers.core.deliverables`, shared with the goals stage's supply): a feed post
   reaches ``reach_rate`` of the followers (``data/reference/deliverables.csv``), each account
   about ``frequency`` times; a video is seen about as often as the creator's own videos of
   that format; a live by viewers x minutes; a link in bio by profile visits. Fake followers
   see nothing, so everything is scaled by the real share ``1 - fake_share``. Engagements,
   clicks and conversions follow from the same numbers.
2. **Fair fee**, each deliverable on its own terms (:mod:`.fees`, :mod:`.prices`): the units
   it is priced by / 1,000 x the format's CPM in the creator's market (or engagements x CPE) =
   the platform's benchmark (``media_costs.csv``, converted at the dated ECB rate) x the
   market's price level (``price_levels.csv``, Eurostat) / the level the published figures are
   taken at x the format's ``cpm_factor``; never below the format's floor (the published
   lowest price per post, moved to the market) or the market minimum; a Short below the same
   creator's long video; a link in bio a share of the main deliverable; then x (1 + usage
   premium + exclusivity premium + rush premium). A campaign with a ``history:`` section
   prices on the CPM its past campaigns calibrate (:mod:`.calibration`). Premiums come from
   ``negotiation_rates.csv``; the campaign file overrides any of them.
3. **Negotiation range**: open at ``opening_share`` x the fair fee, aim for the fair fee, walk
   away above ``walk_away_share`` x it. A creator's quote (for their main deliverable, posting
   only) is converted, given the same usage and exclusivity terms, and placed on that range.
4. **Compensation models** (flat, CPM, CPE, CPC, CPA/affiliate, gifting, hybrid) priced so
   that each pays about the fair fee at expected results, plus what a creator adds for
   carrying risk; each is costed at low, expected and high performance.
5. **Budget split**: a mixed-integer programme (``scipy.optimize.milp``) picks creators and
   deliverables that maximise the campaign's primary KPI within the budget and the rules.

The relationship pipeline (``data.pipeline``) records who was actually contracted;
:func:`contracted_deliverables` is what the later stages call.

The package is cut along those steps: :mod:`.labels` (constants and words), :mod:`.rates`
(reference numbers and overrides), :mod:`.prices` (the price book and its one lookup),
:mod:`.calibration` (history into the fees), :mod:`.candidates`, :mod:`.fees`, :mod:`.quotes`,
:mod:`.models`, :mod:`.budget`, :mod:`.pipeline`, :mod:`.vetted` (what vetting said about each
contracted creator), :mod:`.supply` (the idle budget and what would unlock it) and
:mod:`.summary` (the finding);
:mod:`.outreach` and :mod:`.term_sheets` write the documents. Every public name is importable
from the package itself.
"""

from helpers.stages.negotiation.budget import (
    Allocation,
    allocate_budget,
    mark_selected,
    plan_campaign,
    rule_problems,
)
from helpers.stages.negotiation.calibration import (
    calibrated_book,
    calibrated_rows,
    calibration_note,
    history_benchmarks,
)
from helpers.stages.negotiation.candidates import (
    candidate_creators,
    provisional_shortlist,
)
from helpers.stages.negotiation.fees import (
    expected_outcomes,
    fair_fees,
    fees_before_terms,
    fees_on_terms,
    rate_card_floors,
    terms_premiums,
)
from helpers.stages.negotiation.labels import (
    CONTRACTED_COLUMNS,
    CONTRACTED_STAGES,
    CREATOR_COLUMNS,
    ENGLISH,
    MAIN_DELIVERABLE,
    MODELS,
    OBJECTIVE_BASIS,
    OBJECTIVE_KPI,
    OBJECTIVE_MODEL,
    OPTIMISABLE_KPIS,
    PER_THOUSAND,
    RISK_WITH,
    SOLVER_SECONDS,
    date_text,
    kpi_labels,
    kpi_units,
    quote_position_labels,
    risk_labels,
    status_labels,
)
from helpers.stages.negotiation.models import (
    PRICING,
    Deal,
    Pricing,
    ShortlistPrices,
    apply_model,
    build_offers,
    compare_models,
    model_costs,
    model_totals,
    offers_on_terms,
    price_shortlist,
)
from helpers.stages.negotiation.pipeline import (
    contracted_deliverables,
    contracted_from,
    contracts_per_creator,
    load_shortlist,
    pipeline_funnel,
    pipeline_problems,
    pipeline_update,
)
from helpers.stages.negotiation.prices import (
    PriceBook,
    market_benchmarks,
    price_book,
    price_level_table,
)
from helpers.stages.negotiation.quotes import (
    convert_quotes,
    negotiation_ranges,
)
from helpers.stages.negotiation.rates import (
    benchmark_for,
    benchmark_table,
    compensation_model,
    deliverable_sources,
    deliverable_table,
    fee_basis,
    fee_sources,
    negotiation_rates,
    planning_rates,
    primary_kpi,
    rate_table,
)
from helpers.stages.negotiation.solver import (
    RULE_GROUPS,
    solve_plan,
    unit_options,
)
from helpers.stages.negotiation.summary import (
    ON_TERMS,
    WHAT_IF,
    negotiation_summary,
    what_if,
    what_if_labels,
    what_if_table,
)
from helpers.stages.negotiation.vetted import (
    VETTING_COLUMNS,
    vetting_reasons,
    vetting_warnings,
    warned_creators,
    warned_lines,
    warnings_sentence,
)

__all__ = [
    "MAIN_DELIVERABLE",
    "CONTRACTED_STAGES",
    "OBJECTIVE_KPI",
    "OBJECTIVE_BASIS",
    "OBJECTIVE_MODEL",
    "MODELS",
    "OPTIMISABLE_KPIS",
    "PER_THOUSAND",
    "kpi_labels",
    "kpi_units",
    "risk_labels",
    "quote_position_labels",
    "status_labels",
    "RISK_WITH",
    "CONTRACTED_COLUMNS",
    "ENGLISH",
    "SOLVER_SECONDS",
    "CREATOR_COLUMNS",
    "date_text",
    "deliverable_table",
    "deliverable_sources",
    "fee_sources",
    "negotiation_rates",
    "rate_table",
    "benchmark_table",
    "benchmark_for",
    "PriceBook",
    "price_book",
    "price_level_table",
    "market_benchmarks",
    "calibrated_book",
    "calibrated_rows",
    "calibration_note",
    "history_benchmarks",
    "planning_rates",
    "primary_kpi",
    "fee_basis",
    "compensation_model",
    "provisional_shortlist",
    "candidate_creators",
    "expected_outcomes",
    "terms_premiums",
    "rate_card_floors",
    "fair_fees",
    "fees_before_terms",
    "fees_on_terms",
    "convert_quotes",
    "negotiation_ranges",
    "model_costs",
    "Deal",
    "Pricing",
    "PRICING",
    "compare_models",
    "apply_model",
    "ShortlistPrices",
    "price_shortlist",
    "offers_on_terms",
    "build_offers",
    "model_totals",
    "RULE_GROUPS",
    "unit_options",
    "solve_plan",
    "Allocation",
    "rule_problems",
    "allocate_budget",
    "mark_selected",
    "plan_campaign",
    "pipeline_problems",
    "contracted_from",
    "contracted_deliverables",
    "load_shortlist",
    "pipeline_funnel",
    "pipeline_update",
    "contracts_per_creator",
    "negotiation_summary",
    "WHAT_IF",
    "ON_TERMS",
    "what_if_labels",
    "what_if",
    "what_if_table",
    "VETTING_COLUMNS",
    "vetting_reasons",
    "vetting_warnings",
    "warned_creators",
    "warned_lines",
    "warnings_sentence",
]
