"""The reasons' writers: what the rules read about every creator (:class:`Facts`) and the
sentences they write from it (a fake-follower estimate and its interval, a vendor's figure, a
follower spike, engagement far from the peers', and why a creator is in), in the campaign's
language. The rules themselves are :data:`helpers.stages.vetting.decisions.RULES`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.campaign import TIERS, Campaign
from helpers.stages.vetting.captions import disclosure_judged
from helpers.stages.vetting.reasons import fill
from helpers.stages.vetting.vocabulary import (
    GAPS,
    confidence_levels,
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


def fake_reason(f: Facts, p: np.ndarray, template: str, narrowing: bool = False) -> list[str]:
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


def vendor_reason(f: Facts, p: np.ndarray, template: str) -> list[str]:
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


def spike_reason(f: Facts, p: np.ndarray, template: str) -> list[str]:
    """A reason about a follower spike: its week, its size and the engagement lift."""
    return fill(
        template,
        week=f.week(p),
        change=f.numbers(f.change[p], ".0%"),
        lift=f.numbers(f.lift[p], ".1f"),
    )


def engagement_reason(f: Facts, p: np.ndarray, template: str, ratio: str) -> list[str]:
    """A reason about engagement far from the peers' (the ratio written with ``ratio``)."""
    return fill(
        template,
        er=f.numbers(f.er[p], ".2%"),
        ratio=f.numbers(f.ratio[p], ratio),
        percentile=ordinals(f.percentile[p], f.say),
    )


def why_in(_: Translator, f: Facts, shortlisted: np.ndarray) -> list[str]:
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
