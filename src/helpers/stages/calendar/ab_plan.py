"""Planning an A/B test before the posts go out (guide chapter 7.3): how many posts each variant
needs to detect the smallest change worth detecting, and whether the calendar's posts reach it.

The plan belongs here, on the calendar: the posts are known (the contracted deliverables, one
row per post), each post's expected results are known (the negotiation stage's ``offers.csv``,
from the planning rates), and the briefs have not gone out, so which post carries variant A or
B can still be decided. Before this stage the posts are not known; after it, it is too late.

Per variant, counting every impression (or click, or account reached) as independent, the
guide's formula::

    n = (z_(1-alpha/2) + z_power)^2 x [p1 (1 - p1) + p2 (1 - p2)] / (p2 - p1)^2

with p1 the baseline rate and p2 = p1 x (1 + smallest effect). People see posts, and posts
differ far more than chance: the design effect (Kish, *Survey Sampling*, 1965)::

    design effect = 1 + (m - 1) x ICC,   ICC = spread^2 x p1 / (1 - p1)

with m the expected trials per post and ``spread`` the coefficient of variation of a post's
rate around its variant's (0.5: posts typically land within about +-50% of it), multiplies n.
Posts per variant = n x design effect / m, rounded up and widened for a small number of posts:
the test across posts on the ROI page uses Student t with 2 x posts - 2 degrees of freedom, so
the plan does too. The ROI page measures the spread on the campaign's own posts
(:func:`icc_from_dispersion`), so the next plan can use it (``measurement.ab_post_spread``).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize, stats

from helpers import report
from helpers.core.campaign import Campaign
from helpers.text.i18n import Translator, translator

ENGLISH = translator("en")
_ = ENGLISH  # marks the labels below for the catalogue; they are translated where shown

#: the rates a test can be planned on: (expected successes, expected trials per post in
#: ``offers.csv``, what a trial is, label), as the ROI page's ``RATE_METRICS``
PLANNED_RATES = {
    "ctr": ("expected_clicks", "expected_impressions", _("impressions"), _("Click-through rate")),
    "conversion_rate": (
        "expected_conversions",
        "expected_clicks",
        _("clicks"),
        _("Conversion rate per click"),
    ),
    "engagement_rate": (
        "expected_engagements",
        "expected_reach",
        _("accounts reached"),
        _("Engagement rate per reach"),
    ),
}
#: how much a post's rate varies around its variant's (coefficient of variation) when the
#: campaign file does not say: a labelled planning assumption, not a published figure
DEFAULT_POST_SPREAD = 0.5
SPREAD_ASSUMPTION = _(
    "Playbook planning assumption, not a published benchmark: set measurement.ab_post_spread "
    "from your own posts (the ROI page measures it after each test)"
)
#: deliverables that are not posts of their own (they go up with one of the creator's posts)
COMPANIONS = ("link_in_bio",)
EXPECTED = ["expected_impressions", "expected_clicks", "expected_conversions", "expected_reach"]
EXPECTED += ["expected_engagements"]


def z_sum(alpha: float, power: float, freedom: float | None = None) -> float:
    """z_(1-alpha/2) + z_power; Student t quantiles with ``freedom`` degrees of freedom."""
    if freedom is None:
        return float(stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power))
    return float(stats.t.ppf(1 - alpha / 2, freedom) + stats.t.ppf(power, freedom))


def required_sample_size(
    rate_a: float, rate_b: float, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Trials per variant to detect ``rate_a`` against ``rate_b`` (two-sided test), counting
    every trial as independent.

    n = (z_(1-alpha/2) + z_power)^2 x [p1 (1 - p1) + p2 (1 - p2)] / (p1 - p2)^2, the guide's
    formula; infinite when the rates are equal (no sample can detect no difference).

    Examples
    --------
    >>> round(required_sample_size(0.010, 0.013), -2)
    19800.0
    """
    if rate_a == rate_b:
        return float("inf")
    spread = rate_a * (1 - rate_a) + rate_b * (1 - rate_b)
    return float(np.ceil(z_sum(alpha, power) ** 2 * spread / (rate_a - rate_b) ** 2))


def intraclass_correlation(rate: float, spread: float) -> float:
    """ICC = spread^2 x p / (1 - p): the share of a trial's variance that is between posts,
    when posts' rates vary around ``rate`` with coefficient of variation ``spread``."""
    if not 0 < rate < 1 or not np.isfinite(spread) or spread < 0:
        return float("nan")
    return float(min(spread**2 * rate / (1 - rate), 1.0))


def icc_from_dispersion(dispersion: float, trials_per_post: float) -> float:
    """The ICC the posts showed: (dispersion - 1) / (m - 1), since a post of m trials has
    1 + (m - 1) x ICC times the variance of m independent ones (the Pearson dispersion of the
    ROI page's test across posts estimates that factor)."""
    if not np.isfinite(dispersion) or not trials_per_post > 1:
        return float("nan")
    return float(min(max(dispersion - 1, 0.0) / (trials_per_post - 1), 1.0))


def spread_from_icc(rate: float, icc: float) -> float:
    """The coefficient of variation of posts' rates behind an ICC (the inverse of
    :func:`intraclass_correlation`)."""
    if not 0 < rate < 1 or not np.isfinite(icc):
        return float("nan")
    return float(math.sqrt(icc * (1 - rate) / rate))


def design_effect(trials_per_post: float, icc: float) -> float:
    """1 + (m - 1) x ICC: how many times more trials a test of posts needs than one of
    independent trials."""
    return float(1 + (max(trials_per_post, 1.0) - 1) * icc)


def posts_needed(
    baseline: float,
    lift: float,
    trials_per_post: float,
    icc: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> dict[str, float]:
    """The sample per variant to detect ``baseline`` x (1 + ``lift``) against ``baseline``.

    Returns
    -------
    dict
        ``target`` (p2), ``trials_simple`` (the guide's n, every trial independent),
        ``design_effect``, ``trials_needed`` (n x design effect) and ``posts_needed`` (trials
        needed / trials per post, rounded up, at least 2, widened with Student t quantiles for
        2 x posts - 2 degrees of freedom); NaN where the inputs allow no plan.
    """
    target = baseline * (1 + lift)
    usable = 0 < baseline < 1 and 0 < target < 1 and lift != 0 and np.isfinite(icc)
    if not usable or not trials_per_post >= 1:
        kinds = ("trials_simple", "design_effect", "trials_needed", "posts_needed")
        return {"target": target} | dict.fromkeys(kinds, float("nan"))
    simple = required_sample_size(baseline, target, alpha, power)
    effect = design_effect(trials_per_post, icc)
    trials = float(np.ceil(simple * effect))
    posts = max(math.ceil(trials / trials_per_post), 2)
    while True:  # fewer posts, wider t quantiles: more posts, until the count holds
        widen = (z_sum(alpha, power, 2 * posts - 2) / z_sum(alpha, power)) ** 2
        more = max(math.ceil(trials * widen / trials_per_post), 2)
        if more <= posts:
            break
        posts = more
    return {
        "target": target,
        "trials_simple": simple,
        "design_effect": effect,
        "trials_needed": trials,
        "posts_needed": float(posts),
    }


def detectable_lift(
    baseline: float,
    posts: float,
    trials_per_post: float,
    icc: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """The smallest relative rise of ``baseline`` that ``posts`` per variant can detect (the
    inverse of :func:`posts_needed`, without rounding); infinite when none can, NaN with fewer
    than two posts per variant."""
    usable = 0 < baseline < 1 and np.isfinite(icc) and trials_per_post >= 1
    if not usable or not posts >= 2:
        return float("nan")
    widen = (z_sum(alpha, power, 2 * posts - 2) / z_sum(alpha, power)) ** 2
    affordable = posts * trials_per_post / (design_effect(trials_per_post, icc) * widen)

    def shortfall(lift: float) -> float:
        target = baseline * (1 + lift)
        spread = baseline * (1 - baseline) + target * (1 - target)
        return z_sum(alpha, power) ** 2 * spread / (target - baseline) ** 2 - affordable

    highest = (1 - 1e-9) / baseline - 1
    if shortfall(highest) > 0:
        return float("inf")
    return float(optimize.brentq(shortfall, 1e-6, highest, xtol=1e-6))


def plan_row(
    baseline: float,
    trials_per_post: float,
    posts_per_variant: float,
    icc: float,
    lift: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> dict[str, float | bool]:
    """One rate's plan: :func:`posts_needed` with the posts there are, whether they are
    enough and the smallest rise they can detect (:func:`detectable_lift`)."""
    need = posts_needed(baseline, lift, trials_per_post, icc, alpha, power)
    return {
        "baseline": baseline,
        "lift": lift,
        "trials_per_post": trials_per_post,
        "icc": icc,
        **need,
        "posts_per_variant": posts_per_variant,
        "enough": bool(posts_per_variant >= need["posts_needed"]),
        "detectable_lift": detectable_lift(
            baseline, posts_per_variant, trials_per_post, icc, alpha, power
        ),
    }


def expected_per_post(posts: pd.DataFrame, offers: pd.DataFrame | None) -> pd.DataFrame:
    """The calendar's posts (companions such as a link in bio left out) with their expected
    results per post from ``offers.csv`` (one unit of the creator's deliverable).

    A post whose creator and deliverable are not in the offers (a pipeline row nobody planned)
    gets the median of the same deliverable's posts, else of all posts; ``estimated`` marks it.
    """
    main = posts[~posts["deliverable"].isin(COMPANIONS)].copy()
    usable = offers is not None and {"influencer_id", "deliverable"} <= set(offers.columns)
    if not usable or not len(main):
        return main.assign(**{c: np.nan for c in EXPECTED}, estimated=True)
    columns = [c for c in EXPECTED if c in offers.columns]
    units = offers[["influencer_id", "deliverable", *columns]].drop_duplicates(
        ["influencer_id", "deliverable"]
    )
    keys = main[["influencer_id", "deliverable"]].astype(str)
    units = units.assign(**units[["influencer_id", "deliverable"]].astype(str))
    joined = keys.merge(units, how="left", on=["influencer_id", "deliverable"])
    joined.index = main.index
    estimated = joined[columns].isna().any(axis=1)
    for column in columns:
        by_kind = joined.groupby("deliverable")[column].transform("median")
        joined[column] = joined[column].fillna(by_kind).fillna(joined[column].median())
    return main.assign(**{c: joined.get(c, np.nan) for c in EXPECTED}, estimated=estimated)


def read_offers(run_dir: str | Path | None) -> pd.DataFrame | None:
    """The negotiation stage's ``offers.csv`` in the run folder, or None."""
    path = Path(run_dir) / "offers.csv" if run_dir else None
    if path is None or not path.is_file():
        return None
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def post_spread(campaign: Campaign) -> tuple[float, str]:
    """The spread of posts' rates the plan assumes and where it comes from."""
    spread = campaign.measurement.ab_post_spread
    if spread is not None:
        return float(spread), "campaign file"
    return DEFAULT_POST_SPREAD, "assumption"


def plan_ab_test(
    posts: pd.DataFrame, offers: pd.DataFrame | None, campaign: Campaign
) -> pd.DataFrame:
    """The A/B test the calendar's posts allow, one row per rate (:data:`PLANNED_RATES`).

    Parameters
    ----------
    posts : DataFrame
        The calendar's posts (``CalendarPlan.posts``): ``influencer_id``, ``deliverable``.
    offers : DataFrame or None
        The negotiation stage's ``offers.csv`` (expected results of one unit per creator and
        deliverable); None when the stage has not run.
    campaign : Campaign
        Its ``measurement``: ``ab_min_lift``, ``ab_alpha``, ``ab_power``, ``ab_post_spread``.

    Returns
    -------
    DataFrame
        ``metric``, ``label``, ``trial`` and the :func:`plan_row` fields; ``attrs`` holds
        ``posts`` (posts planned), ``estimated`` (posts whose results are estimated from
        similar ones), ``spread`` and ``spread_source``.
    """
    rules = campaign.measurement
    expected = expected_per_post(posts, offers)
    spread, source = post_spread(campaign)
    rows = []
    for metric, (successes, trials, trial_word, label) in PLANNED_RATES.items():
        known = expected[expected[trials] > 0] if len(expected) else expected
        total = float(known[trials].sum()) if len(known) else 0.0
        baseline = float(known[successes].sum()) / total if total > 0 else float("nan")
        per_post = float(known[trials].mean()) if len(known) else float("nan")
        icc = intraclass_correlation(baseline, spread)
        row = plan_row(
            baseline, per_post, len(expected) // 2, icc, rules.ab_min_lift, rules.ab_alpha,
            rules.ab_power,
        )  # fmt: skip
        rows.append({"metric": metric, "label": label, "trial": trial_word} | row)
    table = pd.DataFrame(rows)
    table.attrs |= {"posts": len(expected), "estimated": int(expected["estimated"].sum())}
    table.attrs |= {"spread": spread, "spread_source": source}
    return table


def plan_finding(plan: pd.DataFrame, metric: str, _: Translator) -> str:
    """The plan's verdict on ``metric`` in one or two sentences of Markdown."""
    posts = int(plan.attrs.get("posts", 0))
    if posts == 0:
        return _("**No A/B test to plan**: no post is contracted yet.")
    row = plan.set_index("metric").loc[metric]
    rate = report.text(report.lower_label(_.term(row["label"])))
    have = _.number(row["posts_per_variant"])
    if row["posts_per_variant"] < 2:
        return _(
            "**Too few posts for an A/B test**: the plan has {posts} post(s), and a test needs "
            "at least two posts per variant to tell the variants apart from the posts.",
            posts=_.number(posts),
        )
    if not np.isfinite(row["posts_needed"]):
        return _(
            "**The A/B test cannot be planned on {rate}**: the planned posts have no expected "
            "{rate} (the negotiation stage's offers.csv gives each post's expected results).",
            rate=rate,
        )
    values = {
        "rate": rate,
        "have": have,
        "need": _.number(row["posts_needed"]),
        "lift": _.signed_percent(row["lift"]),
        "baseline": _.percent(row["baseline"], 2),
        "target": _.percent(row["target"], 2),
    }
    if row["enough"]:
        return _(
            "**The plan can test a {lift} change in {rate}**: it has {have} posts per variant, "
            "and detecting {lift} ({baseline} to {target}) takes about {need}. Alternate A and "
            "B within each creator's posts, and fix the test's end before it starts.",
            **values,
        )
    bigger = row["detectable_lift"]
    advice = (
        _(
            "either test a bigger change (with {have} posts per variant, about {bigger} is "
            "detectable) or drop the test.",
            have=have,
            bigger=_.signed_percent(bigger),
        )
        if np.isfinite(bigger)
        else _("no change in this rate is detectable with these posts: drop the test.")
    )
    return (
        _(
            "**The plan is too small to detect {lift} in {rate}**: it has {have} posts per "
            "variant; to detect {lift} ({baseline} to {target}) you need about {need}: ",
            **values,
        )
        + advice
    )


def plan_table(plan: pd.DataFrame, _: Translator, caption: str | None = None):
    """The plan of every rate for the page: baseline, the rate to detect, expected trials per
    post, ICC, design effect, trials and posts needed per variant, the posts there are, and
    the smallest rise they can detect.

    Parameters
    ----------
    plan : DataFrame
        :func:`plan_ab_test` output, or the ROI page's tests (the same plan fields).
    _ : Translator
        The campaign's words.
    caption : str, optional
        Above the table.

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    planned = plan[np.isfinite(plan["baseline"].astype(float))] if len(plan) else plan
    trials = [_.term(word) for word in planned["trial"]]
    verdicts = {True: _("enough posts"), False: _("too few posts")}
    shown = pd.DataFrame(
        {
            _("rate"): [_.term(label) for label in planned["label"]],
            _("baseline"): planned["baseline"],
            _("to detect"): planned["target"],
            _("per post"): [
                f"{_.number(n)} {word}"
                for n, word in zip(planned["trials_per_post"], trials, strict=True)
            ],
            "ICC": planned["icc"],
            _("design effect"): planned["design_effect"],
            _("needed per variant"): [
                f"{_.number(n)} {word}"
                for n, word in zip(planned["trials_needed"], trials, strict=True)
            ],
            _("posts needed per variant"): planned["posts_needed"],
            _("posts per variant"): planned["posts_per_variant"],
            _("detectable with these posts"): planned["detectable_lift"],
            _("verdict"): planned["enough"].map(verdicts),
        }
    )
    formats = {
        _("baseline"): _.as_percent(3),
        _("to detect"): _.as_percent(3),
        "ICC": _.as_number(5),
        _("design effect"): _.as_number(1),
        _("posts needed per variant"): _.as_number(),
        _("posts per variant"): _.as_number(),
        _("detectable with these posts"): lambda value: _lift_text(value, _),
    }
    return report.table(shown, formats=formats, caption=caption)


def _lift_text(value: float, _: Translator) -> str:
    """A detectable rise: ``+55%``, ``none`` when no rise is, ``–`` when not defined."""
    if value == float("inf"):
        return _("none")
    return _.signed_percent(value)


def plan_method(campaign: Campaign, _: Translator, spread: str | None = None) -> str:
    """The formula under the planning table and its assumptions, each with where it comes
    from (the campaign file or the playbook's labelled default), in Markdown.

    Parameters
    ----------
    campaign : Campaign
        Its ``measurement`` settings.
    _ : Translator
        The campaign's words.
    spread : str, optional
        Where the posts' spread comes from: None for the plan before the test (the campaign
        file, else :data:`DEFAULT_POST_SPREAD`); ``"measured"`` for the ROI page, which
        measures it on the test's posts and takes variant A's rate as the baseline.
    """
    rules = campaign.measurement
    chosen = rules.model_fields_set
    origin = {True: _("campaign file"), False: _("default")}
    formula = _(
        "*How the sample is worked out.* Per variant, counting every trial as independent: "
        "n = (z₁₋α/₂ + z_power)² × [p₁(1 − p₁) + p₂(1 − p₂)] / (p₂ − p₁)², with p₁ the "
        "baseline and p₂ = p₁ × (1 + smallest effect) (guide 7.3). Posts differ more than "
        "chance, so n is multiplied by the design effect 1 + (m − 1) × ICC (Kish, 1965), with "
        "m the trials per post and ICC = spread² × p₁ / (1 − p₁); posts needed = n × design "
        "effect / m, rounded up and widened with Student t for few posts."
    )
    settings = _(
        "smallest effect worth detecting {lift} (measurement.ab_min_lift, {lift_origin}); "
        "significance {alpha} two-sided (ab_alpha, {alpha_origin}) and power {power} "
        "(ab_power, {power_origin})",
        lift=_.signed_percent(rules.ab_min_lift),
        lift_origin=origin["ab_min_lift" in chosen],
        alpha=_.percent(rules.ab_alpha, 0),
        alpha_origin=origin["ab_alpha" in chosen],
        power=_.percent(rules.ab_power, 0),
        power_origin=origin["ab_power" in chosen],
    )
    if spread == "measured":
        basis = _(
            "the baseline is variant A's rate, and the trials per post and the ICC are what "
            "this test's posts showed (ICC = (dispersion - 1) / (m - 1))"
        )
    else:
        value, source = post_spread(campaign)
        basis = _(
            "posts' rates vary by about ±{spread} around their variant's (ab_post_spread: "
            "{origin}); baseline rates and trials per post from the negotiation stage's "
            "expected results per post (the planning rates, or the campaign's assumptions)",
            spread=_.percent(value, 0),
            origin=_("campaign file") if source == "campaign file" else _.term(SPREAD_ASSUMPTION),
        )
    return (
        formula
        + "\n\n"
        + _(
            "*Assumptions:* {settings}; {basis}; posts split evenly between A and B and "
            "independent of one another (a creator posting both variants needs fewer).",
            settings=settings,
            basis=basis,
        )
    )
