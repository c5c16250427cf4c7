"""How every score is computed, in sentences for the report page (in the campaign's language)."""

from __future__ import annotations

import pandas as pd

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
        "creators on the same platform and tier, (rank - 0.5) / peers. A **published "
        "benchmark** is compared like with like only: per follower, counting likes and "
        "comments, for the creator's own tier, and for all tiers of a platform from one "
        "source with one statistic (the reference table's tier series); a tier that source "
        "has no figure for has no benchmark, and no other source's number (an all-tier "
        "median, a rate per view) stands in. Engagement is suspiciously high at {high}x the "
        "peer median or more and suspiciously low at {low}x or less (the tier's benchmark "
        "stands in for the peers when there are fewer than {peers}; with neither, engagement "
        "is not judged).",
        definition=_(ER_DEFINITION),
        posts=MIN_POSTS_FOR_MEDIAN,
        high=_g(vetting.er_suspicious_high, _),
        low=_g(vetting.er_suspicious_low, _),
        peers=MIN_PEERS,
    )


def _fake_followers(campaign: Campaign, _: Translator) -> str:
    """Signal 1: the follower sample and its model, with the model's checks."""
    model = load_follower_model()
    cv = model["cross_validation"]
    below = [name for name, check in model["generalisation"].items() if not check["meets_aim"]]
    aim = model["aim"]
    return _(
        "**Fake followers** (signal 1, the follower sample): each sampled follower account is "
        "scored by an additive logistic model on five profile signals (posts, accounts "
        "followed and accounts followed per follower as broken lines in log-odds, a profile "
        "picture, a private account), fitted on SRF Data's 975 hand-labelled Instagram "
        "accounts (2017, 98 fake); the *fake signals* column names the signals that marked a "
        "creator's flagged followers the most. On accounts it was not fitted on, with its "
        "threshold and calibration chosen inside the training part, it reaches ROC AUC {auc} "
        "({auc_low}-{auc_high}, 95% bootstrap interval), balanced accuracy {accuracy} "
        "({accuracy_low}-{accuracy_high}) and a Brier score of {brier} (a constant guess "
        "scores {base}) over {repeats} repetitions of {folds}-fold cross-validation; the "
        "table below gives the shifted splits. The aim, ROC AUC {aim_auc} and balanced "
        "accuracy {aim_accuracy}, {verdict}. The share flagged is corrected for the model's "
        "errors (Rogan-Gladen) and given a 95% Wilson interval, widened for the uncertainty "
        "of the model's error rates; it narrows as the sample grows, and the same formula, "
        "solved for the sample size, says how many followers would narrow it to 10 points. A "
        "creator is out when the whole interval is above the campaign's {limit} limit, "
        "flagged when only the estimate is.",
        auc=_three(cv["roc_auc"]["value"], _),
        auc_low=_three(cv["roc_auc"]["interval_95"][0], _),
        auc_high=_three(cv["roc_auc"]["interval_95"][1], _),
        accuracy=_three(cv["balanced_accuracy"]["value"], _),
        accuracy_low=_three(cv["balanced_accuracy"]["interval_95"][0], _),
        accuracy_high=_three(cv["balanced_accuracy"]["interval_95"][1], _),
        brier=_three(cv["brier"]["value"], _),
        base=_three(cv["brier_of_base_rate"], _),
        repeats=cv["repeats"],
        folds=cv["folds"],
        aim_auc=number_text(aim["roc_auc"], ".2f", _),
        aim_accuracy=number_text(aim["balanced_accuracy"], ".2f", _),
        verdict=_aim_verdict(cv["meets_aim"], below, _),
        limit=_percent(campaign.vetting.max_fake_share, _),
    )


def _aim_verdict(met: bool, below: list[str], _: Translator) -> str:
    """Whether the model reaches its aim, honestly: in cross-validation and on which splits."""
    splits = "; ".join(split_names(_)[name] for name in below)
    if not below:
        return (
            _("is reached in cross-validation and on every shifted split")
            if met
            else _("is not reached in cross-validation, only on the shifted splits")
        )
    if met:
        return _("is reached in cross-validation but not on: {splits}", splits=splits)
    if len(below) == len(split_names(_)) - 1:
        return _(
            "is reached neither in cross-validation nor on any shifted split: with five profile "
            "counters and 98 labelled fakes this is as far as the model gets, so treat it as one "
            "signal among several"
        )
    return _("is not reached in cross-validation, nor on: {splits}", splits=splits)


def split_names(_: Translator) -> dict[str, str]:
    """The model's checks in words: cross-validation and the shifted splits."""
    return {
        "cross_validation": _("repeated cross-validation"),
        "public_to_private": _("fitted on public accounts, tested on private ones"),
        "private_to_public": _("fitted on private accounts, tested on public ones"),
        "small_to_large_accounts": _("fitted on small accounts, tested on large ones"),
        "large_to_small_accounts": _("fitted on large accounts, tested on small ones"),
    }


def model_checks(_: Translator) -> pd.DataFrame:
    """The follower model's figures on accounts it was not fitted on, for the page's method
    section: per check (cross-validation, each shifted split) the accounts and fakes tested,
    ROC AUC, balanced accuracy and Brier score, each with its 95% bootstrap interval as text,
    and whether it meets the aim."""
    model = load_follower_model()
    checks = {"cross_validation": model["cross_validation"], **model["generalisation"]}
    rows = []
    for name, check in checks.items():
        row = {
            "check": split_names(_)[name],
            "accounts": check.get(
                "accounts", check.get("labelled_fakes", 0) + check.get("labelled_reals", 0)
            ),
            "fakes": check.get("fakes", check.get("labelled_fakes")),
        }
        for metric in ("roc_auc", "balanced_accuracy", "brier"):
            low, high = check[metric]["interval_95"]
            row[metric] = _(
                "{value} ({low}-{high})",
                value=_three(check[metric]["value"], _),
                low=_three(low, _),
                high=_three(high, _),
            )
        row["meets_aim"] = _("yes") if check["meets_aim"] else _("no")
        rows.append(row)
    return pd.DataFrame(rows)


def reliability(_: Translator) -> pd.DataFrame:
    """The follower model's calibration by decile of its out-of-fold probability: the mean
    probability predicted against the share of accounts that were fake."""
    table = pd.DataFrame(load_follower_model()["cross_validation"]["reliability"])
    return table[["decile", "predictions", "mean_predicted", "observed_fake_share"]]


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
        "({signals}), but never above 100 x (1 - the estimated fake share), the share of "
        "followers estimated real (the sample's estimate, else the vendor's): 44% fake allows "
        "at most 56, and a quality of 80 or more needs 20% fake or less; the *quality rests "
        "on* column names the signals and the *weakest signal* column the one that cost the "
        "most points. **Confidence** is the weighted coverage of the signals: a sample of "
        "{sample} accounts (or a vendor's figure), {weeks} weeks of history and {posts} posts "
        "count in full; a missing signal counts 0. It is *high* from 80%, *medium* from 50%, "
        "otherwise *low*; *low* for an unverified creator whatever else there is, and at most "
        "*medium* when the sample and the vendor disagree or when the sample's 95% interval "
        "includes the campaign's {limit} limit (the sample cannot tell which side the creator "
        "is on).",
        signals=signals,
        limit=_percent(campaign.vetting.max_fake_share, _),
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
        "limit flags the creator (no interval, so the limit alone never excludes; without a "
        "sample, the figure caps audience quality like a sample's estimate), and when it lies "
        "outside the follower sample's 95% interval the two are said to disagree. A creator with "
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
