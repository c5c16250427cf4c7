"""Stage 02, vetting: find the creators who fit the campaign and check that their audience is
real, their engagement plausible, their captions safe and their ads labelled (guide chapter 3).

The stage works in two steps, so that moving a threshold or a weight never re-reads the data:

1. :func:`gather_creators` turns the campaign's tables into one row per creator with every
   measurement the scores need (engagement per post, the follower-sample estimate, the biggest
   weekly jump and drop in followers, audience shares in the campaign's countries and ages,
   labelled sponsored posts, brand-safety hits). It checks the inputs and never drops a creator.
2. :func:`score_roster` turns those measurements into scores, flags, a status and the reasons
   for it, with vectorised arithmetic only (it scores a million creators in a few seconds).

:func:`build_shortlist` does both; it is what the negotiation stage calls.

Every score is 0-1 (or 0-100) and every component stays visible in the shortlist:

- ``audience_fit``: weighted mean of the share of the audience in the campaign's countries
  (0.4), in its age range (0.2), the gender match (0.1), shared interests (0.2) and content
  language (0.1); parts the campaign does not target, or the creator has no data for, are left
  out and the rest rescaled.
- ``audience_quality`` (0-100): three independent authenticity signals, weighted by the
  campaign (default 0.5 / 0.25 / 0.25): the follower sample (1 - estimated fake share), growth
  (bought-follower spikes and sudden drops in the weekly series) and the engagement pattern
  (pods, suspiciously high or low engagement).
- ``engagement_score``: the creator's engagement-rate percentile among peers on the same
  platform and tier (a suspiciously high rate earns no more than the median).
- ``disclosure_score``: share of past sponsored posts carrying a label that satisfies the rule
  of the creator's market; ``brand_safety_score``: halved for every post that mentions an
  avoided category or keyword.
- ``composite_score`` (0-100): the campaign-weighted mean of those five.

The stage's code, one module per step: :mod:`.checks` (the inputs), :mod:`.captions` (disclosure
labels and brand safety), :mod:`.measures` (one row per creator), :mod:`.scoring` (the scores),
:mod:`.decisions`, :mod:`.reason_writers` and :mod:`.reasons` (status and reasons, by a table of
rules; the sentences the rules write; the reasons collected), :mod:`.method`
(how the scores are computed, for the page), :mod:`.summary` (the finding and its tables),
:mod:`.vocabulary` (values and their words) and :mod:`.thresholds` (the method's fixed numbers);
:mod:`.benchmarks` (published benchmarks, like with like), :mod:`.authenticity` (the follower
model, applied with numpy) and :mod:`.follower_fitting` (refitting and checking it, with
scikit-learn).

Besides the two steps, the package exports what the page and a reader need:

- benchmarks compared like with like, tier by tier from one source: :func:`tier_series` (a
  platform's series of one definition), :func:`benchmark_table` (every platform and tier, or why
  none), :func:`campaign_benchmarks` (the campaign's, with what each is compared with) and
  :func:`benchmark_line` (the finding's sentence);
- the follower sample's interval and what narrows it: :func:`flagged_share_of`,
  :func:`sample_for_width`, :data:`TARGET_WIDTH` (10 points), :func:`interval_line` and
  :func:`narrowing_texts`;
- why accounts look fake: :func:`follower_features`, :func:`follower_signal_contributions` and
  :func:`fake_signal_names`;
- the model's checks: :func:`model_checks` and :func:`reliability` (the page's tables),
  :func:`split_names`, and to refit, :func:`fit_follower_model`,
  :func:`cross_validate_follower_model` and :func:`check_generalisation` (scikit-learn needed).
"""

from __future__ import annotations

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages.vetting.authenticity import (
    TARGET_WIDTH,
    audience_fake_share,
    audience_fake_share_by,
    check_generalisation,
    cross_validate_follower_model,
    fake_follower_probability,
    fit_follower_model,
    flagged_share_of,
    follower_features,
    follower_signal_contributions,
    is_likely_fake,
    load_follower_model,
    sample_for_width,
)
from helpers.stages.vetting.benchmarks import (
    benchmark_line,
    benchmark_table,
    campaign_benchmarks,
    tier_series,
)
from helpers.stages.vetting.captions import brand_safety_hits, brand_safety_terms, label_satisfies
from helpers.stages.vetting.checks import ROSTER_NUMBERS, ROSTER_REQUIRED, check_roster
from helpers.stages.vetting.decisions import RULES, Rule, decide, in_rank_order
from helpers.stages.vetting.measures import (
    MEASURE_DEFAULTS,
    SCORE_INPUT_DEFAULTS,
    audience_measures,
    gather_creators,
    growth_measures,
    post_measures,
    sample_measures,
)
from helpers.stages.vetting.method import method_notes, model_checks, reliability, split_names
from helpers.stages.vetting.scoring import _benchmark_table, peer_stats, score_roster  # noqa: F401
from helpers.stages.vetting.summary import (
    FUNNEL_STEPS,
    disclosure_by_market,
    discovery_funnel,
    engagement_bands,
    growth_curves,
    growth_event_examples,
    interval_line,
    not_checked,
    vetting_summary,
)
from helpers.stages.vetting.thresholds import (
    AGE_BANDS,
    FIT_WEIGHTS,
    FULL_HISTORY,
    FULL_POSTS,
    FULL_SAMPLE,
    HIGH_ER_SIGNAL,
    LOW_CONFIDENCE,
    LOW_ER_SIGNAL,
    MIN_HISTORY_WEEKS,
    MIN_PEERS,
    MIN_POSTS_FOR_MEDIAN,
    MIN_WEEKLY_SD,
    POD_SIGNAL,
    SPIKE_MIN_Z,
)
from helpers.stages.vetting.vocabulary import (
    COMPONENTS,
    CONTRACT_COLUMNS,
    DISCOVERY_FILTERS,
    ER_DEFINITION,
    GAPS,
    SIGNALS,
    STATUSES,
    UNCHECKED,
    as_written,
    component_names,
    confidence_levels,
    engagement_flags,
    fake_share_origins,
    fake_signal_names,
    growth_events,
    listed_in_words,
    narrowing_texts,
    not_checked_in_words,
    shown_values,
    signal_names,
    status_in_words,
    words,
)

__all__ = [
    "AGE_BANDS",
    "COMPONENTS",
    "CONTRACT_COLUMNS",
    "DISCOVERY_FILTERS",
    "ER_DEFINITION",
    "FIT_WEIGHTS",
    "FULL_HISTORY",
    "FULL_POSTS",
    "FULL_SAMPLE",
    "FUNNEL_STEPS",
    "GAPS",
    "HIGH_ER_SIGNAL",
    "LOW_CONFIDENCE",
    "LOW_ER_SIGNAL",
    "MEASURE_DEFAULTS",
    "MIN_HISTORY_WEEKS",
    "MIN_PEERS",
    "MIN_POSTS_FOR_MEDIAN",
    "MIN_WEEKLY_SD",
    "POD_SIGNAL",
    "ROSTER_NUMBERS",
    "ROSTER_REQUIRED",
    "RULES",
    "SCORE_INPUT_DEFAULTS",
    "SIGNALS",
    "SPIKE_MIN_Z",
    "STATUSES",
    "TARGET_WIDTH",
    "UNCHECKED",
    "Rule",
    "as_written",
    "audience_fake_share",
    "audience_fake_share_by",
    "audience_measures",
    "benchmark_line",
    "benchmark_table",
    "brand_safety_hits",
    "brand_safety_terms",
    "build_shortlist",
    "campaign_benchmarks",
    "check_generalisation",
    "check_roster",
    "component_names",
    "confidence_levels",
    "cross_validate_follower_model",
    "decide",
    "disclosure_by_market",
    "discovery_funnel",
    "engagement_bands",
    "engagement_flags",
    "fake_follower_probability",
    "fake_share_origins",
    "fake_signal_names",
    "fit_follower_model",
    "flagged_share_of",
    "follower_features",
    "follower_signal_contributions",
    "gather_creators",
    "growth_curves",
    "growth_event_examples",
    "growth_events",
    "growth_measures",
    "in_rank_order",
    "interval_line",
    "is_likely_fake",
    "label_satisfies",
    "listed_in_words",
    "load_follower_model",
    "method_notes",
    "model_checks",
    "narrowing_texts",
    "not_checked",
    "not_checked_in_words",
    "peer_stats",
    "post_measures",
    "reliability",
    "sample_for_width",
    "sample_measures",
    "score_roster",
    "shown_values",
    "signal_names",
    "split_names",
    "status_in_words",
    "tier_series",
    "vetting_summary",
    "words",
]


def build_shortlist(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Vet every creator on the roster for the campaign: the shortlist.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    tables : dict of str to DataFrame
        From :func:`helpers.core.data.load_campaign_data` (``roster`` required; ``posts``,
        ``follower_growth``, ``audience``, ``follower_samples`` used when present).

    Returns
    -------
    DataFrame
        One row per roster row with :data:`CONTRACT_COLUMNS` (``influencer_id``, ``handle``,
        ``name``, ``platform``, ``market``, ``tier``, ``followers``, ``engagement_rate``,
        ``fake_share``, ``audience_quality`` 0-100, ``audience_fit`` 0-1,
        ``composite_score`` 0-100, ``status`` shortlisted | flagged | excluded, ``reasons``)
        and then every component. ``.attrs["notes"]`` lists problems with whole tables.
    """
    return in_rank_order(score_roster(gather_creators(campaign, tables), campaign))
