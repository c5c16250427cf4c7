"""How every score is computed, in sentences for the report page (in the campaign's language)."""

from __future__ import annotations

from helpers.core.campaign import Campaign
from helpers.stages.vetting.authenticity import load_follower_model
from helpers.stages.vetting.thresholds import (
    FIT_WEIGHTS,
    FULL_HISTORY,
    FULL_POSTS,
    FULL_SAMPLE,
    HIGH_ER_SIGNAL,
    LOW_ER_SIGNAL,
    MIN_PEERS,
    MIN_POSTS_FOR_MEDIAN,
    POD_SIGNAL,
    SPIKE_MIN_Z,
)
from helpers.stages.vetting.vocabulary import (
    ER_DEFINITION,
    component_names,
    number_text,
    signal_names,
    words,
)
from helpers.text.i18n import Translator, translator


def method_notes(campaign: Campaign) -> list[str]:
    """How every score is computed, in sentences for the report page (in the campaign's
    language): one paragraph per part of the method, in :data:`PARAGRAPHS`."""
    _ = translator(campaign.language)
    return [paragraph(campaign, _) for paragraph in PARAGRAPHS]


def _g(value: float, _: Translator) -> str:
    return number_text(value, "g", _)


def _percent(value: float, _: Translator) -> str:
    return number_text(value, ".0%", _)


def _three(value: float, _: Translator) -> str:
    return number_text(value, ".3f", _)


def _engagement_rate(campaign: Campaign, _: Translator) -> str:
    """Engagement rate, percentile and the suspicious bounds."""
    vetting = campaign.vetting
    return _(
        "**Engagement rate** is per follower, {definition}, from the median of the recent "
        "posts (at least {posts}; else the roster's averages), so one viral post does not "
        "lift it. Engagement per view (video posts) is shown beside it; reach is not in the "
        "roster, so no rate per reach. The **percentile** ranks the creator among all roster "
        "creators on the same platform and tier, (rank - 0.5) / peers. Engagement is "
        "suspiciously high at {high}x the peer median or more and suspiciously low at {low}x "
        "or less (the published benchmark stands in for the peers when there are fewer than "
        "{peers}).",
        definition=_(ER_DEFINITION),
        posts=MIN_POSTS_FOR_MEDIAN,
        high=_g(vetting.er_suspicious_high, _),
        low=_g(vetting.er_suspicious_low, _),
        peers=MIN_PEERS,
    )


def _fake_followers(campaign: Campaign, _: Translator) -> str:
    """Signal 1: the follower sample and its model."""
    vetting = campaign.vetting
    cv = load_follower_model()["cross_validation"]
    return _(
        "**Fake followers** (signal 1, the follower sample): each sampled follower account is "
        "scored by a logistic regression on five profile counters fitted on SRF Data's 975 "
        "hand-labelled Instagram accounts (2017; cross-validated balanced accuracy "
        "{accuracy} ± {accuracy_sd}, ROC AUC {auc} ± {auc_sd}; weaker on accounts with many "
        "followers). The share flagged is corrected for the model's errors (Rogan-Gladen) and "
        "given a 95% Wilson interval, widened for the uncertainty of the model's error rates; "
        "it narrows as the sample grows. A creator is out when the whole interval is above "
        "the campaign's {limit} limit, flagged when only the estimate is.",
        accuracy=_three(cv["balanced_accuracy_mean"], _),
        accuracy_sd=_three(cv["balanced_accuracy_sd"], _),
        auc=_three(cv["roc_auc_mean"], _),
        auc_sd=_three(cv["roc_auc_sd"], _),
        limit=_percent(vetting.max_fake_share, _),
    )


def _growth(campaign: Campaign, _: Translator) -> str:
    """Signal 2: spikes, giveaways and drops in weekly followers."""
    vetting = campaign.vetting
    return _(
        "**Growth** (signal 3): each week's change in followers is compared with the "
        "creator's usual week (median change, robust spread). A jump of {spike} or more "
        "beyond the usual week, and at least {z} robust SDs, is a spike; when engagement in "
        "that week and the next averages {lift}x the usual week or more, it is a giveaway "
        "(noted, not flagged), otherwise bought followers (flagged). A loss of {drop} or "
        "more beyond the usual week is a drop, usually a platform purge of fake accounts. The "
        "signal is 1 without events, 1 - 2 x jump after bought followers, 1 - drop after a "
        "drop, 1 - jump / 2 after a giveaway.",
        spike=_percent(vetting.spike_threshold, _),
        z=_g(SPIKE_MIN_Z, _),
        lift=_g(vetting.giveaway_engagement_lift, _),
        drop=_percent(vetting.drop_threshold, _),
    )


def _engagement_pattern(campaign: Campaign, _: Translator) -> str:
    """Signal 3: pods and suspicious engagement."""
    vetting = campaign.vetting
    return _(
        "**Engagement pattern** (signal 4): comments per like at {ratio}x the platform's "
        "median or more point to an engagement pod (signal {pod}); suspiciously high "
        "engagement gives {high}, suspiciously low {low}, otherwise 1.",
        ratio=_g(vetting.pod_comment_ratio, _),
        pod=_g(POD_SIGNAL, _),
        high=_g(HIGH_ER_SIGNAL, _),
        low=_g(LOW_ER_SIGNAL, _),
    )


def _audience_quality(campaign: Campaign, _: Translator) -> str:
    """Audience quality and confidence."""
    signals = ", ".join(
        f"{words(signal_names(_), name)} {_g(value, _)}"
        for name, value in campaign.vetting.quality_weights
    )
    return _(
        "**Audience quality** (0-100) is the weighted mean of the signals a creator has "
        "({signals}); the *quality rests on* column names them and the *weakest signal* column "
        "the one that cost the most points. **Confidence** is the weighted coverage of the "
        "signals: a sample of {sample} accounts (or a vendor's figure), {weeks} weeks of history "
        "and {posts} posts count in full; a missing signal counts 0. It is *high* from 80%, "
        "*medium* from 50%, otherwise *low*; *low* for an unverified creator whatever else "
        "there is, and at most *medium* when the sample and the vendor disagree.",
        signals=signals,
        sample=FULL_SAMPLE,
        weeks=FULL_HISTORY,
        posts=FULL_POSTS,
    )


def _vendor(campaign: Campaign, _: Translator) -> str:
    """Signal 2: the vendor's figure; unverified creators; the combination is an assumption."""
    vetting = campaign.vetting
    return _(
        "**Vendor figure** (signal 2): a roster's *audience_credibility* (share of followers a "
        "vendor such as HypeAuditor or Modash judges real) gives a fake share of 1 - "
        "credibility, else its *fake_follower_share* is taken as given, with its "
        "*authenticity_source*. The vendor's method is its own: a figure above the {limit} "
        "limit flags the creator (no interval, so it never excludes), and when it lies outside "
        "the follower sample's 95% interval the two are said to disagree. A creator with "
        "neither a sample nor a vendor figure is **unverified**: shown, marked for a manual "
        "check and {plan}. How the signals combine (the weights, a vendor figure counting as "
        "a full sample in the confidence, the disagreement rule) is this project's "
        "assumption, not a published method.",
        limit=_percent(vetting.max_fake_share, _),
        plan=_("planned like the others (vetting.unverified: plan)")
        if vetting.unverified == "plan"
        else _("held until checked (vetting.unverified: hold)"),
    )


def _audience_fit(campaign: Campaign, _: Translator) -> str:
    """Audience fit."""
    return _(
        "**Audience fit** (0-1) weighs the share of the audience in the campaign's countries "
        "({country}), in its age range ({age}), the gender match ({gender}), shared interests "
        "({interests}) and content language ({language}), over the parts the campaign "
        "targets and the creator has data for.",
        **{name: _g(weight, _) for name, weight in FIT_WEIGHTS.items()},
    )


def _disclosure_and_safety(campaign: Campaign, _: Translator) -> str:
    """Disclosure and brand safety."""
    return _(
        "**Disclosure**: the share of past sponsored posts whose caption carries a label that "
        "satisfies the rule of the creator's market (whole words, any case; a label the rule "
        "calls not enough does not count). **Brand safety** halves for every post whose "
        "caption mentions a keyword of an avoided category (in the creator's language or "
        "English) or a campaign keyword."
    )


def _composite(campaign: Campaign, _: Translator) -> str:
    """The composite score."""
    weights = ", ".join(
        f"{words(component_names(_), name)} {_g(value, _)}"
        for name, value in campaign.vetting.weights
    )
    return _(
        "**Composite score** (0-100): the weighted mean of the components ({weights}), over "
        "the components a creator has data for.",
        weights=weights,
    )


PARAGRAPHS = (
    _engagement_rate,
    _fake_followers,
    _vendor,
    _growth,
    _engagement_pattern,
    _audience_quality,
    _audience_fit,
    _disclosure_and_safety,
    _composite,
)
