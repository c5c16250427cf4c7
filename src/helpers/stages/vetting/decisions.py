"""Status and reasons: every creator is shortlisted, flagged for a closer look or excluded, with
the reasons for it, by a table of rules (:data:`RULES`) applied in order; then the shortlist is
ranked.

Hard filters (discovery) come first: fail one and the creator is out. Creators outside the
campaign's markets or platforms get that reason only: the rest would be noise. Then the flags
(a person should look before deciding) and the notes. The sentences the rules write, and the
facts they read, are in :mod:`helpers.stages.vetting.reason_writers`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages.vetting.reason_writers import (
    Facts,
    engagement_reason,
    fake_reason,
    spike_reason,
    vendor_reason,
    why_in,
)
from helpers.stages.vetting.reasons import Reasons, by_value, fill, whole_percent
from helpers.stages.vetting.thresholds import LOW_CONFIDENCE
from helpers.stages.vetting.vocabulary import (
    CONTRACT_COLUMNS,
    STATUSES,
    categorical,
    listed,
    number_text,
    signal_names,
    week_texts,
)
from helpers.text.i18n import Translator


@dataclass(frozen=True)
class Rule:
    """One rule: the creators it concerns, what it implies (``out``: excluded, ``flag``:
    flagged for a closer look, ``note``: a note only) and the reason it gives them.

    ``concerns(facts)`` is a mask over the roster; ``says(_, facts, positions)`` gives the
    reason, one text for every row or one per row of ``positions``.
    """

    kind: str
    concerns: Callable[[Facts], np.ndarray]
    says: Callable[[Translator, Facts, np.ndarray], object]


def _untiered(f: Facts) -> np.ndarray:
    return ~f.passes["pass_tier"] & (f.tier_codes < 0)


RULES = (
    Rule(
        "out",
        _untiered,
        lambda _, f, p: fill(
            _("{followers} followers: under 1,000, no tier"),
            followers=f.numbers(f.followers[p], ",.0f"),
        ),
    ),
    Rule(
        "out",
        lambda f: ~f.passes["pass_tier"] & ~_untiered(f),
        lambda _, f, p: by_value(
            f.tier_names[p],
            _("tier {tier} is not one of the campaign's ({tiers})"),
            "tier",
            tiers=listed(f.vetting.tiers, _),
        ),
    ),
    Rule(
        "out",
        lambda f: ~f.passes["pass_audience"],
        lambda _, f, p: by_value(
            whole_percent(f.in_markets[p]),
            _("{share}% of the audience in {countries} (minimum {minimum})"),
            "share",
            countries="/".join(f.targets),
            minimum=f.share(f.vetting.min_audience_in_markets),
        ),
    ),
    Rule(
        "out",
        lambda f: ~f.passes["pass_age"],
        lambda _, f, p: by_value(
            whole_percent(f.in_age[p]),
            _("{share}% of the audience aged {youngest}-{oldest} (minimum {minimum})"),
            "share",
            youngest=f.campaign.audience.age[0],
            oldest=f.campaign.audience.age[1],
            minimum=f.share(f.vetting.min_audience_in_age),
        ),
    ),
    Rule(
        "out",
        lambda f: ~f.passes["pass_interests"],
        lambda _, f, p: by_value(
            np.asarray(f.c["interests"].to_numpy()[p], dtype=object),
            _("no shared interest ({interests}; campaign: {wanted})"),
            "interests",
            lambda value: str(value).replace("|", ", "),
            wanted=listed(f.campaign.audience.interests, _),
        ),
    ),
    Rule(
        "out",
        lambda f: ~f.passes["pass_language"],
        lambda _, f, p: by_value(
            np.asarray(f.c["language"].to_numpy()[p], dtype=object),
            _("content in '{language}', not a campaign language ({languages})"),
            "language",
            languages=listed(f.campaign.audience.languages, _),
        ),
    ),
    # Authenticity: out only when the whole interval is above the limit.
    Rule(
        "out",
        lambda f: ~f.passes["pass_fake_share"],
        lambda _, f, p: fake_reason(
            f,
            p,
            _(
                "at least {low} fake followers (95% interval {low}-{high} from {size} sampled "
                "accounts), above the {limit} limit"
            ),
        ),
    ),
    Rule(
        "out",
        lambda f: ~f.passes["pass_quality"],
        lambda _, f, p: fill(
            _(
                "audience quality {quality}/100 (minimum {minimum}); weakest signal: {signal}"
            ).replace("{minimum}", number_text(f.vetting.min_audience_quality, "g", _)),
            quality=f.numbers(f.quality[p], ".0f"),
            signal=[signal_names(_)[s] for s in np.asarray(f.out["quality_driver"])[p]],
        ),
    ),  # fmt: skip
    Rule(
        "out",
        lambda f: ~f.passes["pass_composite"],
        lambda _, f, p: fill(
            _("composite score {score} (minimum {minimum})").replace(
                "{minimum}", number_text(f.vetting.min_composite_score, "g", _)
            ),
            score=f.numbers(f.composite[p], ".0f"),
        ),
    ),
    # Flags: a person should look before deciding.
    Rule(
        "flag",
        lambda f: f.issues != "",
        lambda _, f, p: fill(_("data: {issues}"), issues=f.issues[p]),
    ),
    Rule(
        "flag",
        lambda f: np.isnan(f.followers) & (f.issues == ""),
        lambda _, f, p: _("followers missing: tier and engagement cannot be checked"),
    ),
    Rule(
        "flag",
        lambda f: (f.fake > f.vetting.max_fake_share) & f.passes["pass_fake_share"],
        lambda _, f, p: fake_reason(
            f,
            p,
            _(
                "estimated {fake} fake followers (95% interval {low}-{high}, {size} sampled "
                "accounts) above the {limit} limit, but the interval includes it: ask for "
                "Insights"
            ),
            narrowing=True,
        ),
    ),
    Rule(
        "flag",
        lambda f: f.vendor > f.vetting.max_fake_share,
        lambda _, f, p: vendor_reason(
            f, p, _("{source} puts fake followers at {vendor}, above the {limit} limit: check")
        ),
    ),
    # Unverified (no follower sample, no vendor figure): held back only when the campaign says
    # so (vetting.unverified: hold); otherwise a note below, and they can be planned.
    Rule(
        "flag",
        lambda f: ~f.verified & (f.vetting.unverified == "hold"),
        lambda _, f, p: _(
            "unverified: no follower sample or vendor figure, held until checked by hand (the "
            "campaign says vetting.unverified: hold)"
        ),
    ),
    Rule(
        "flag",
        lambda f: f.m["bought"],
        lambda _, f, p: spike_reason(
            f,
            p,
            _(
                "follower spike in the week of {week}: +{change} beyond the usual week while "
                "engagement stayed flat ({lift}x usual): bought followers?"
            ),
        ),
    ),
    Rule(
        "flag",
        lambda f: f.m["unexplained"],
        lambda _, f, p: spike_reason(
            f,
            p,
            _(
                "follower spike in the week of {week}: +{change}; no engagement history to tell "
                "a giveaway from bought followers"
            ),
        ),
    ),
    Rule(
        "flag",
        lambda f: f.m["fell"],
        lambda _, f, p: fill(
            _("followers fell {drop} in the week of {week}: a platform purge of fake accounts?"),
            drop=f.numbers(f.drop[p], ".0%"),
            week=week_texts(f.drop_weeks[p], _),
        ),
    ),
    Rule(
        "flag",
        lambda f: f.m["pod"],
        lambda _, f, p: fill(
            _(
                "{ratio}x the {platform} median of comments per like, many short comments: "
                "engagement pod?"
            ),
            ratio=f.numbers(f.out["comments_per_like_vs_platform"][p].astype(float), ".1f"),
            platform=f.out["platform"][p],
        ),
    ),
    Rule(
        "flag",
        lambda f: f.m["er_high"],
        lambda _, f, p: engagement_reason(
            f,
            p,
            _(
                "engagement {er} per follower is {ratio}x the peer median ({percentile} "
                "percentile): suspiciously high (bought likes, a pod, one viral post?)"
            ),
            ratio=".1f",
        ),
    ),
    Rule(
        "flag",
        lambda f: f.m["er_low"],
        lambda _, f, p: engagement_reason(
            f,
            p,
            _(
                "engagement {er} per follower is {ratio}x the peer median ({percentile} "
                "percentile): suspiciously low (dormant or fake audience?)"
            ),
            ratio=".2f",
        ),
    ),
    Rule(
        "flag",
        lambda f: f.terms != "",
        lambda _, f, p: fill(_("brand safety: {terms}"), terms=f.terms[p]),
    ),
    Rule(
        "flag",
        lambda f: f.disclosed < f.vetting.min_disclosure_share,
        lambda _, f, p: fill(
            _(
                "labelled {labelled} of {sponsored} sponsored posts as the {market} rule asks "
                "({share}; minimum {minimum})"
            ).replace("{minimum}", f.share(f.vetting.min_disclosure_share)),
            labelled=f.labelled[p],
            sponsored=f.sponsored[p],
            market=f.out["market"][p],
            share=f.numbers(f.disclosed[p], ".0%"),
        ),
    ),
    Rule(
        "flag",
        lambda f: (f.confidence < LOW_CONFIDENCE) & f.verified,
        lambda _, f, p: fill(
            _("low confidence ({confidence}): {missing}"),
            confidence=f.numbers(f.confidence[p], ".0%"),
            missing=f.missing[p],
        ),
    ),
    Rule(
        "note",
        lambda f: f.m["giveaway"],
        lambda _, f, p: spike_reason(
            f,
            p,
            _(
                "giveaway-like spike in the week of {week}: +{change} with engagement {lift}x "
                "usual; not fraud, but the new followers may be weak reach"
            ),
        ),
    ),
    Rule(
        "note",
        lambda f: ~f.rule_on_file & (f.sponsored > 0),
        lambda _, f, p: fill(
            _(
                "disclosure unknown: no {market} rule on file; check the labels of its "
                "{sponsored} sponsored posts against the national rule"
            ),
            market=f.out["market"][p],
            sponsored=f.sponsored[p],
        ),
    ),
    Rule(
        "note",
        lambda f: (f.sponsored == 0) & (f.out["posts_checked"] > 0),
        lambda _, f, p: _("no sponsored posts to check labelling"),
    ),
    # Nobody is held back for data nobody gave: an unverified creator can be planned.
    Rule(
        "note",
        lambda f: ~f.verified & (f.vetting.unverified == "plan"),
        lambda _, f, p: _(
            "unverified: no follower sample or vendor figure, check the audience by hand (ask "
            "for a screen recording of Insights)"
        ),
    ),
    Rule(
        "note",
        lambda f: f.m["disagree"],
        lambda _, f, p: vendor_reason(
            f,
            p,
            _(
                "the follower sample ({fake}, 95% interval {low}-{high}) and {source} ({vendor}) "
                "disagree on fake followers: confidence at most medium"
            ),
        ),
    ),
    Rule(
        "note",
        lambda f: np.isnan(f.in_markets),
        lambda _, f, p: _(
            "audience fit not checked: no audience data (fit from interests and language only)"
        ),
    ),  # fmt: skip
)


def decide(
    out: dict, c: pd.DataFrame, campaign: Campaign, _: Translator, **masks: np.ndarray
) -> pd.DataFrame:
    """Status (shortlisted, flagged, excluded) and the reasons for it, by :data:`RULES`; then
    the shortlist frame with its ``rank``.

    Parameters
    ----------
    out : dict of str to array
        The scores so far, by column (:func:`helpers.stages.vetting.score_roster` builds it).
    c : DataFrame
        The creators' measurements.
    campaign : Campaign
        Its thresholds (``campaign.vetting``), markets and audience.
    _ : Translator
        The campaign's translator: the reasons are written in its language.
    **masks : array of bool
        The scoring's verdicts the rules read (``bought``, ``pod``, ``er_high`` ...).

    Returns
    -------
    DataFrame
        The shortlist in roster order: :data:`CONTRACT_COLUMNS`, ``rank``, then the float
        columns, then the rest.
    """
    f = Facts(out, c, campaign, _, masks)
    scope = f.passes["pass_market"] & f.passes["pass_platform"]
    reasons = Reasons(len(f.followers), scope, _)
    reasons.outside(~scope, out["market"], out["platform"], campaign)
    for rule in RULES:
        reasons.add(rule.kind, rule.concerns(f), lambda p, rule=rule: rule.says(_, f, p))
    status = np.select([reasons.excluded, reasons.flagged], ["excluded", "flagged"], "shortlisted")
    shortlisted = status == "shortlisted"
    reasons.prepend(shortlisted, why_in(_, f, shortlisted))
    for name, values in f.passes.items():
        out[name] = values
    status_rank = np.select([status == "shortlisted", status == "flagged"], [0, 1], 2)
    out["status"] = categorical(status_rank, list(STATUSES))
    out["reasons"] = reasons.text
    out["followers"] = pd.array(np.round(f.followers), dtype="Int64")
    out["rank"] = _ranks(status_rank, f.composite)
    rest = [k for k in out if k not in CONTRACT_COLUMNS and k != "rank"]
    floats = [k for k in rest if _is_float(out[k])]
    names = CONTRACT_COLUMNS + ["rank"] + floats + [k for k in rest if k not in floats]
    return _frame(out, names)


def _ranks(status_rank: np.ndarray, composite: np.ndarray) -> np.ndarray:
    """One stable sort: status first, then composite score from the highest (missing last);
    excluded creators keep roster order among themselves."""
    composite_key = np.where(np.isnan(composite), np.inf, -composite)
    composite_key[status_rank == 2] = 0.0
    order = np.lexsort((composite_key, status_rank))
    rank = np.empty(len(status_rank), dtype=np.int64)
    rank[order] = np.arange(1, len(status_rank) + 1)
    return rank


def _is_float(values: object) -> bool:
    return isinstance(values, np.ndarray) and values.dtype == np.float64


def _frame(columns: dict[str, object], names: list[str]) -> pd.DataFrame:
    """Build the output frame in roster order, writing each run of float columns straight
    into one 2-D block (a DataFrame built from a dict would copy them all again)."""
    pieces, run = [], []

    def flush() -> None:
        if not run:
            return
        if _is_float(columns[run[0]]):
            block = np.empty((len(run), len(columns[run[0]])))
            for row, name in enumerate(run):
                block[row] = columns.pop(name)
            pieces.append(pd.DataFrame(block.T, columns=list(run), copy=False))
        else:
            pieces.append(pd.DataFrame({name: columns.pop(name) for name in run}))
        run.clear()

    for name in names:
        if run and _is_float(columns[name]) != _is_float(columns[run[0]]):
            flush()
        run.append(name)
    flush()
    return pd.concat(pieces, axis=1)


def in_rank_order(table: pd.DataFrame) -> pd.DataFrame:
    """The shortlist sorted by ``rank``: shortlisted first, then flagged, each by composite
    score from the highest; then the excluded in roster order."""
    return table.sort_values("rank", kind="stable").reset_index(drop=True)
