"""Status and reasons: every creator is shortlisted, flagged for a closer look or excluded, with
the reasons for it, by a table of rules (:data:`RULES`) applied in order; then the shortlist is
ranked.

Hard filters (discovery) come first: fail one and the creator is out. Creators outside the
campaign's markets or platforms get that reason only: the rest would be noise. Then the flags
(a person should look before deciding) and the notes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.core.campaign import TIERS, Campaign
from helpers.stages.vetting.captions import disclosure_judged
from helpers.stages.vetting.reasons import Reasons, by_value, fill, whole_percent
from helpers.stages.vetting.thresholds import LOW_CONFIDENCE
from helpers.stages.vetting.vocabulary import (
    CONTRACT_COLUMNS,
    GAPS,
    STATUSES,
    categorical,
    confidence_levels,
    listed,
    narrowing_texts,
    number_text,
    number_texts,
    ordinals,
    signal_names,
    week_texts,
)
from helpers.text.i18n import Translator


class Facts:
    """What the rules read about every creator (arrays in roster order), with the campaign's
    settings and the number texts of its language."""

    def __init__(self, out: dict, c: pd.DataFrame, campaign: Campaign, _: Translator, masks: dict):
        self.campaign, self.vetting, self.say = campaign, campaign.vetting, _
        self.out, self.c, self.m = out, c, masks
        self.followers = out["followers"].astype(float)
        self.tier_codes = out["tier"].codes
        self.tier_names = np.array([*TIERS, ""], dtype=object)[self.tier_codes]  # -1: no tier
        self.targets = list(campaign.audience.countries) or list(campaign.markets)
        self.in_markets = out["fit_country"].astype(float)
        self.in_age = c["audience_in_age"].to_numpy(dtype=float)
        self.interests = c["interest_match"].to_numpy(dtype=float)
        self.language_match = c["language_match"].to_numpy(dtype=float)
        self.fake, self.low, self.high = (
            out[k].astype(float) for k in ("fake_share", "fake_share_low", "fake_share_high")
        )
        self.fake = np.where(masks["has_sample"], self.fake, np.nan)  # the sample's own
        self.vendor = out["vendor_fake_share"].astype(float)
        self.vendor_source = np.asarray(out["vendor_source"], dtype=object)
        self.verified = masks["verified"]
        self.size = out["follower_sample_size"]
        self.quality = out["audience_quality"].astype(float)
        self.composite = out["composite_score"].astype(float)
        self.issues = c["data_issues"].fillna("").astype(str).to_numpy()
        self.change = out["growth_event_change"].astype(float)
        self.lift = out["growth_engagement_lift"].astype(float)
        self.drop_weeks = pd.to_datetime(c["drop_week"]).to_numpy("datetime64[ns]")
        self.drop = c["drop"].to_numpy(dtype=float)
        self.er = out["engagement_rate"].astype(float)
        self.ratio = out["er_vs_peers"].astype(float)
        self.percentile = out["er_percentile"].astype(float)
        self.terms = np.asarray(out["brand_safety_terms"], dtype=object)
        self.sponsored, self.labelled = out["sponsored_posts"], out["labelled_posts"]
        self.disclosed = out["disclosure_share"].astype(float)
        self.rule_on_file = disclosure_judged(out["market"])
        self.confidence = out["confidence"].astype(float)
        # the combinations of missing data, in the campaign's language, by their code
        gaps = [_(gap) for gap in GAPS]
        self.missing = np.array(
            [", ".join(g for i, g in enumerate(gaps) if code >> i & 1) for code in range(16)],
            dtype=object,
        )[np.asarray(out["missing_data"].codes)]
        self.passes = _passes(self)

    def numbers(self, values, spec: str) -> list[str]:
        return number_texts(values, spec, self.say)

    def share(self, value: float) -> str:
        return number_text(value, ".0%", self.say)

    def week(self, p: np.ndarray) -> np.ndarray:
        return week_texts(self.out["growth_event_week"][p], self.say)


def _passes(f: Facts) -> dict[str, np.ndarray]:
    """The hard filters each creator passes, in the order of the discovery funnel."""
    vetting, campaign = f.vetting, f.campaign
    return {
        "pass_market": pd.Series(f.out["market"]).isin(campaign.markets).to_numpy(),
        "pass_platform": pd.Series(f.out["platform"]).isin(vetting.platforms).to_numpy(),
        "pass_tier": np.isin(f.tier_codes, [TIERS.index(t) for t in vetting.tiers])
        | np.isnan(f.followers),
        "pass_audience": ~(f.in_markets < vetting.min_audience_in_markets),
        "pass_age": ~(f.in_age < vetting.min_audience_in_age),
        "pass_interests": ~(
            vetting.require_interest_match & bool(campaign.audience.interests) & (f.interests == 0)
        ),
        "pass_language": ~(
            vetting.require_language_match
            & bool(campaign.audience.languages)
            & (f.language_match == 0)
        ),
        "pass_fake_share": ~(f.low > vetting.max_fake_share),
        "pass_quality": ~(f.quality < vetting.min_audience_quality),
        "pass_composite": ~(f.composite < vetting.min_composite_score),
    }


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


def _fake_reason(f: Facts, p: np.ndarray, template: str, narrowing: bool = False) -> list[str]:
    """A reason about the follower sample's estimate, its interval and the campaign's limit
    (with ``narrowing``: and the sample that would narrow the interval to 10 points)."""
    reasons = fill(
        template.replace("{limit}", f.share(f.vetting.max_fake_share)),
        fake=f.numbers(f.fake[p], ".0%"),
        low=f.numbers(f.low[p], ".0%"),
        high=f.numbers(f.high[p], ".0%"),
        size=f.size[p],
    )
    if narrowing:
        needed = f.out["sample_for_10_points"][p].astype(float)
        more = narrowing_texts(np.where(f.out["no_sample_narrows"][p], np.inf, needed), f.say)
        reasons = [reason + end for reason, end in zip(reasons, more, strict=True)]
    return reasons


def _vendor_reason(f: Facts, p: np.ndarray, template: str) -> list[str]:
    """A reason about the vendor's figure (and the sample's, when the two are compared)."""
    named = np.where(f.vendor_source[p] != "", f.vendor_source[p], f.say("the vendor"))
    return fill(
        template.replace("{limit}", f.share(f.vetting.max_fake_share)),
        source=list(named),
        vendor=f.numbers(f.vendor[p], ".0%"),
        fake=f.numbers(f.fake[p], ".0%"),
        low=f.numbers(f.low[p], ".0%"),
        high=f.numbers(f.high[p], ".0%"),
    )


def _spike_reason(f: Facts, p: np.ndarray, template: str) -> list[str]:
    """A reason about a follower spike: its week, its size and the engagement lift."""
    return fill(
        template,
        week=f.week(p),
        change=f.numbers(f.change[p], ".0%"),
        lift=f.numbers(f.lift[p], ".1f"),
    )


def _engagement_reason(f: Facts, p: np.ndarray, template: str, ratio: str) -> list[str]:
    """A reason about engagement far from the peers' (the ratio written with ``ratio``)."""
    return fill(
        template,
        er=f.numbers(f.er[p], ".2%"),
        ratio=f.numbers(f.ratio[p], ratio),
        percentile=ordinals(f.percentile[p], f.say),
    )


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
        lambda _, f, p: _fake_reason(
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
        lambda _, f, p: _fake_reason(
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
        lambda _, f, p: _vendor_reason(
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
        lambda _, f, p: _spike_reason(
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
        lambda _, f, p: _spike_reason(
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
        lambda _, f, p: _engagement_reason(
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
        lambda _, f, p: _engagement_reason(
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
        lambda _, f, p: _spike_reason(
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
        lambda _, f, p: _vendor_reason(
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
    reasons.prepend(shortlisted, _why_in(_, f, shortlisted))
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


def _why_in(_: Translator, f: Facts, shortlisted: np.ndarray) -> list[str]:
    """The scores that put each shortlisted creator there."""
    return fill(
        _(
            "fit {fit}, quality {quality}/100 on {signals} (confidence {confidence}), {er} "
            "engagement ({percentile} percentile of {platform} {tier}), composite {composite}"
        ),
        fit=f.numbers(f.out["audience_fit"][shortlisted].astype(float), ".2f"),
        quality=f.numbers(f.quality[shortlisted], ".0f"),
        signals=_in_words(f.out["quality_signals"], signal_names(_), _)[shortlisted],
        confidence=_in_words(f.out["confidence_level"], confidence_levels(_), _, lower=True)[
            shortlisted
        ],
        er=f.numbers(f.er[shortlisted], ".2%"),
        percentile=ordinals(f.percentile[shortlisted], _),
        platform=f.out["platform"][shortlisted],
        tier=f.tier_names[shortlisted],
        composite=f.numbers(f.composite[shortlisted], ".0f"),
    )


def _in_words(
    values: pd.Categorical, names: dict[str, str], _: Translator, lower: bool = False
) -> np.ndarray:
    """A categorical of (comma-separated) values in words, per row: each category written
    once."""
    written = [
        ", ".join(names.get(part, part) for part in str(category).split(", ") if part)
        or _("no signal")
        for category in values.categories
    ]
    if lower:
        written = [text.lower() for text in written]
    return np.array([*written, ""], dtype=object)[np.asarray(values.codes)]


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
