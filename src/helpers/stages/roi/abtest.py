"""A/B tests on campaign results: content variants, creators or channels compared on a rate
(guide chapter 7.3).

The main test is the two-proportion z-test of the guide: pooled rate p = (x1 + x2) / (n1 + n2),
SE = sqrt(p (1 - p) (1/n1 + 1/n2)), z = (p2 - p1) / SE. It treats every impression (or click,
or reached account) as an independent trial, but people see posts, and posts differ far more
than chance alone explains. So every figure shown is also worked out **across posts**:

- the Pearson dispersion of the posts around their variant's rate says by how much posts vary
  (1 = pure chance; :func:`post_spread`), with posts - 2 degrees of freedom;
- the p-value across posts scales the variance by it (quasi-binomial) and reads z / sqrt(dispersion)
  on Student t with those degrees of freedom;
- the chance that B is better is the posterior of B - A with a flat prior, centred on the
  observed difference with the unpooled standard error widened by sqrt(dispersion), on the same
  Student t (:func:`chance_across_posts`): with few posts or posts that disagree it stays near
  50% unless the difference is large, and it agrees with the p-value across posts (about
  1 - p / 2 for the leader); the 95% interval of B - A is the same distribution's;
- the plan for the next test: the posts per variant needed to detect the campaign's smallest
  effect worth detecting (``measurement.ab_min_lift``) with posts as different as these
  (:mod:`helpers.stages.calendar.ab_plan`, which plans the test before the posts go out).

Counted per trial, the z-test, its interval, the Beta-Binomial chance (:func:`chance_per_trial`)
and the sample the observed difference would need (``needed_per_variant``: worked out after the
fact, not a plan) stay in :class:`TestResult` for the guide's landing-page example.

Verdicts: "B ahead" / "A ahead" when both tests agree; "B ahead per impression, not confirmed
across posts" when only the z-test does; "too few posts" when a variant's posts cannot show how
much posts differ; "not enough data" when the difference could be chance; "no difference found"
when the rates are equal. The ``verdict`` stays English (for machines); ``verdict_text`` and
``explanation`` are in the words of the Translator passed in (:mod:`helpers.text.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from helpers.stages.calendar import ab_plan
from helpers.stages.calendar.ab_plan import required_sample_size
from helpers.stages.monitoring.summary import format_chance
from helpers.text.i18n import Translator, translator

ENGLISH = translator("en")
_ = ENGLISH  # marks the labels below for the catalogue; they are translated where shown

#: rate metrics an A/B test can compare: (successes column, trials column, what a trial is,
#: label); the words are the planning view's (``ab_plan.PLANNED_RATES``), translated with the
#: Translator's ``term``
RATE_METRICS = {
    metric: (successes, trials, *ab_plan.PLANNED_RATES[metric][2:])
    for metric, (successes, trials) in {
        "ctr": ("link_clicks", "impressions"),
        "conversion_rate": ("conversions", "link_clicks"),
        "engagement_rate": ("engagements", "reach"),
    }.items()
}
#: one trial in words, for "significant per impression"
TRIAL_SINGULAR = {
    "impressions": _("impression"),
    "clicks": _("click"),
    "accounts reached": _("account"),
}


POSTERIOR_DRAWS = 200_000
SEED = 2027


@dataclass(frozen=True)
class TestResult:
    """The outcome of one A/B comparison counted per trial (rates as fractions).

    ``chance_per_trial`` is the Beta-Binomial chance that B is better and ``needed_per_variant``
    the trials the observed difference would need, both counting every trial as independent;
    :func:`compare` adds the figures across posts that the page shows.
    """

    successes_a: float
    trials_a: float
    successes_b: float
    trials_b: float
    rate_a: float
    rate_b: float
    difference: float
    ci_low: float
    ci_high: float
    relative_lift: float
    z: float
    p_value: float
    chance_per_trial: float
    needed_per_variant: float
    alpha: float
    power: float

    @property
    def significant(self) -> bool:
        """True when the z-test rejects 'no difference' at the chosen level."""
        return bool(self.p_value < self.alpha)

    @property
    def enough_data(self) -> bool:
        """True when each variant had at least the sample the observed difference needs
        (counted per trial, after the fact)."""
        return bool(min(self.trials_a, self.trials_b) >= self.needed_per_variant)


def chance_per_trial(
    successes_a: float, trials_a: float, successes_b: float, trials_b: float
) -> float:
    """Posterior probability that B's rate is higher, with Beta(1, 1) priors (seeded draws),
    counting every trial as independent (too sure when posts differ: see
    :func:`chance_across_posts`)."""
    rng = np.random.default_rng(SEED)
    draws_a = rng.beta(1 + successes_a, 1 + trials_a - successes_a, POSTERIOR_DRAWS)
    draws_b = rng.beta(1 + successes_b, 1 + trials_b - successes_b, POSTERIOR_DRAWS)
    return float(np.mean(draws_b > draws_a))


def two_proportion_test(
    successes_a: float,
    trials_a: float,
    successes_b: float,
    trials_b: float,
    alpha: float = 0.05,
    power: float = 0.8,
) -> TestResult:
    """The two-proportion z-test of B against A, with effect size and the sample it needed.

    Parameters
    ----------
    successes_a, trials_a, successes_b, trials_b : float
        Counts per variant, e.g. clicks and impressions.
    alpha : float
        Two-sided significance level.
    power : float
        Power for the sample size it would have needed.

    Returns
    -------
    TestResult

    Raises
    ------
    ValueError
        When a variant has no trials, or more successes than trials (not a proportion).
    """
    for name, x, n in (("A", successes_a, trials_a), ("B", successes_b, trials_b)):
        if n <= 0:
            raise ValueError(f"variant {name} has no trials")
        if x < 0 or x > n:
            raise ValueError(f"variant {name}: {x:g} successes out of {n:g} is not a proportion")
    rate_a, rate_b = successes_a / trials_a, successes_b / trials_b
    pooled = (successes_a + successes_b) / (trials_a + trials_b)
    se_pooled = np.sqrt(pooled * (1 - pooled) * (1 / trials_a + 1 / trials_b))
    difference = rate_b - rate_a
    z = difference / se_pooled if se_pooled > 0 else 0.0
    p_value = float(2 * stats.norm.sf(abs(z)))
    se = np.sqrt(rate_a * (1 - rate_a) / trials_a + rate_b * (1 - rate_b) / trials_b)
    margin = stats.norm.ppf(1 - alpha / 2) * se
    return TestResult(
        successes_a=successes_a,
        trials_a=trials_a,
        successes_b=successes_b,
        trials_b=trials_b,
        rate_a=rate_a,
        rate_b=rate_b,
        difference=difference,
        ci_low=difference - margin,
        ci_high=difference + margin,
        relative_lift=difference / rate_a if rate_a > 0 else float("nan"),
        z=float(z),
        p_value=p_value,
        chance_per_trial=chance_per_trial(successes_a, trials_a, successes_b, trials_b),
        needed_per_variant=required_sample_size(rate_a, rate_b, alpha, power),
        alpha=alpha,
        power=power,
    )


def post_spread(successes: pd.Series, trials: pd.Series, groups: pd.Series) -> tuple[float, int]:
    """Pearson dispersion of posts around their group's rate, and its degrees of freedom: 1 is
    pure chance, 30 means the variance between posts is 30 times what independent trials
    would give.

    sum over posts of (x - n p)^2 / (n p (1 - p)), divided by (posts - groups), counting posts
    whose group's rate is neither 0 nor 1; never below 1; NaN without a degree of freedom.
    """
    keep = trials > 0
    successes, trials, groups = successes[keep], trials[keep], groups[keep]
    rate = successes.groupby(groups).transform("sum") / trials.groupby(groups).transform("sum")
    variance = trials * rate * (1 - rate)
    usable = variance > 0
    chi_square = float(((successes - trials * rate) ** 2 / variance)[usable].sum())
    freedom = int(usable.sum()) - groups[usable].nunique()
    if freedom <= 0:
        return float("nan"), 0
    return max(chi_square / freedom, 1.0), freedom


def dispersion(successes: pd.Series, trials: pd.Series, groups: pd.Series) -> float:
    """The Pearson dispersion of :func:`post_spread` alone."""
    return post_spread(successes, trials, groups)[0]


def chance_across_posts(difference: float, se: float, spread: float, freedom: int) -> float:
    """The chance that B's rate is higher, allowing for the spread between posts.

    With a flat prior, the posterior of B - A is Student t with ``freedom`` degrees of freedom
    (posts - 2), centred on the observed ``difference``, with scale ``se`` (the unpooled
    standard error per trial) x sqrt(``spread``) (the posts' dispersion), as the p-value
    across posts; 0.5 for no difference, NaN when the spread cannot be measured.
    """
    if difference == 0:
        return 0.5
    if not np.isfinite(spread) or freedom <= 0:
        return float("nan")
    scale = se * np.sqrt(spread)
    if scale <= 0:
        return 1.0 if difference > 0 else 0.0
    return float(stats.t.cdf(difference / scale, freedom))


def compare(
    results: pd.DataFrame,
    metric: str,
    by: str = "variant",
    a: str = "A",
    b: str = "B",
    alpha: float = 0.05,
    power: float = 0.8,
    _: Translator = ENGLISH,
    min_lift: float = 0.2,
    assumed_spread: float = ab_plan.DEFAULT_POST_SPREAD,
) -> dict[str, object]:
    """Compare two groups of posts (variants, creators, platforms) on a rate metric.

    Parameters
    ----------
    results : DataFrame
        Checked results with the metric's columns and ``by``.
    metric : str
        A key of :data:`RATE_METRICS`: ``ctr``, ``conversion_rate`` or ``engagement_rate``.
    by : str
        The column that tells the groups apart.
    a, b : str
        The two groups; B is compared against A.
    alpha, power : float
        Significance level, and the power of the plan for the next test.
    _ : Translator
        The words of ``label``, ``verdict_text`` and ``explanation``.
    min_lift : float
        The smallest relative change worth detecting, for the plan of the next test.
    assumed_spread : float
        The posts' spread the plan assumes when these posts cannot measure it.

    Returns
    -------
    dict
        ``metric``, ``label``, ``a``, ``b``, ``posts_a``, ``posts_b``, the :class:`TestResult`
        fields (per trial), ``dispersion``, ``freedom``, ``adjusted_p_value``,
        ``chance_b_better``, ``ci_low_across`` and ``ci_high_across`` (across posts),
        ``verdict`` (English), ``verdict_text``, ``explanation``, and the plan of the next
        test (:func:`helpers.stages.calendar.ab_plan.plan_row` fields, ``spread_basis``
        measured or assumed); with a ``verdict`` of "not testable" and the reason when a group
        is empty.
    """
    successes, trials, trial_word, label = RATE_METRICS[metric]
    group_a = results[results[by].astype(str) == str(a)]
    group_b = results[results[by].astype(str) == str(b)]
    base = {"metric": metric, "label": _.term(label), "by": by, "a": a, "b": b}
    base |= {"posts_a": len(group_a), "posts_b": len(group_b), "trial": trial_word}
    counts = (
        float(group_a[successes].sum()),
        float(group_a[trials].sum()),
        float(group_b[successes].sum()),
        float(group_b[trials].sum()),
    )
    unusable = _untestable(*counts, _)
    if unusable:
        return base | {
            "verdict": "not testable",
            "verdict_text": _("not testable"),
            "explanation": unusable,
        }
    test = two_proportion_test(*counts, alpha, power)
    both = pd.concat([group_a, group_b])
    spread, freedom = post_spread(both[successes], both[trials], both[by].astype(str))
    across = _across_posts(test, spread, freedom)
    plan = _next_plan(test, both[trials], base, spread, (min_lift, assumed_spread))
    words = _verdict(test, across, base, _)
    return base | test.__dict__ | across | words | plan


def _across_posts(test: TestResult, spread: float, freedom: int) -> dict[str, object]:
    """The p-value, the chance B is better and the 95% interval of B - A across posts."""
    se = np.sqrt(
        test.rate_a * (1 - test.rate_a) / test.trials_a
        + test.rate_b * (1 - test.rate_b) / test.trials_b
    )
    measured = np.isfinite(spread) and freedom > 0
    adjusted = (
        float(2 * stats.t.sf(abs(test.z) / np.sqrt(spread), freedom)) if measured else float("nan")
    )
    margin = (
        float(stats.t.ppf(1 - test.alpha / 2, freedom) * se * np.sqrt(spread))
        if measured
        else np.nan
    )
    return {
        "dispersion": spread,
        "freedom": freedom,
        "adjusted_p_value": adjusted,
        "chance_b_better": chance_across_posts(test.difference, se, spread, freedom),
        "ci_low_across": test.difference - margin,
        "ci_high_across": test.difference + margin,
    }


def _next_plan(
    test: TestResult,
    trials: pd.Series,
    base: dict,
    spread: float,
    settings: tuple[float, float],
) -> dict[str, object]:
    """The posts per variant the next test needs to detect the smallest effect worth detecting,
    with posts as different as these (or as assumed, when these cannot show it)."""
    min_lift, assumed_spread = settings
    per_post = float(trials[trials > 0].mean())
    baseline = test.rate_a
    if not 0 < baseline < 1:
        baseline = (test.successes_a + test.successes_b) / (test.trials_a + test.trials_b)
    icc, basis = ab_plan.icc_from_dispersion(spread, per_post), "measured"
    if not np.isfinite(icc):
        icc, basis = ab_plan.intraclass_correlation(baseline, assumed_spread), "assumed"
    posts = min(base["posts_a"], base["posts_b"])
    row = ab_plan.plan_row(baseline, per_post, posts, icc, min_lift, test.alpha, test.power)
    return row | {"spread_basis": basis}


def _untestable(
    successes_a: float, trials_a: float, successes_b: float, trials_b: float, _: Translator
) -> str:
    """Why two groups cannot be compared (the checks of :func:`two_proportion_test`), or ''."""
    for name, x, n in (("A", successes_a, trials_a), ("B", successes_b, trials_b)):
        if n <= 0:
            return _("variant {name} has no trials", name=name)
        if x < 0 or x > n:
            return _(
                "variant {name}: {successes} successes out of {trials} is not a proportion",
                name=name,
                successes=_.number(x),
                trials=_.number(n),
            )
    return ""


def leader_chance(outcome: dict | pd.Series) -> float:
    """The chance that the variant ahead is really better (B's chance, or 1 - it for A)."""
    chance = float(outcome["chance_b_better"])
    return chance if outcome["difference"] >= 0 else 1 - chance


def _verdict(test: TestResult, across: dict, base: dict, _: Translator) -> dict[str, str]:
    """The verdict (English), the verdict in the language, and the explanation."""
    leader = base["b"] if test.difference > 0 else base["a"]
    one_english = TRIAL_SINGULAR.get(base["trial"], base["trial"])
    one = _.term(one_english)
    values = {
        "leader": leader,
        "trial": one,
        "p": format_p(test.p_value, _),
        "p_across": format_p(across["adjusted_p_value"], _),
        "chance": format_chance(leader_chance(across | {"difference": test.difference}), _),
    }
    measured = np.isfinite(across["adjusted_p_value"])
    if test.difference == 0:
        verdict, text = "no difference found", _("no difference found")
        explanation = _("Both variants have the same rate ({p}).", p=values["p"])
    elif not measured:
        verdict, text = "too few posts", _("too few posts")
        explanation = _too_few_posts(base, values, _)
    elif test.significant and across["adjusted_p_value"] < test.alpha:
        verdict, text = f"{leader} ahead", _("{leader} ahead", leader=leader)
        explanation = _(
            "{leader}'s rate is higher ({p} per {trial}), and the difference holds across "
            "posts ({p_across}): the chance {leader} is really better is {chance}.",
            **values,
        )
    elif test.significant:
        return _not_confirmed(values, one_english, across["dispersion"], _)
    else:
        verdict, text = "not enough data", _("not enough data")
        explanation = _(
            "The difference could be chance ({p_across} across posts; the chance {leader} is "
            "really better is {chance}). Even counted per {trial}, a difference this small "
            "would take about {needed} {trials} per variant, and the smaller variant had "
            "{smaller}.",
            needed=_.number(test.needed_per_variant),
            trials=_.term(base["trial"]),
            smaller=_.number(min(test.trials_a, test.trials_b)),
            **values,
        )
    return {"verdict": verdict, "verdict_text": text, "explanation": explanation}


def _too_few_posts(base: dict, values: dict, _: Translator) -> str:
    """Why a test with too few posts per variant says nothing across posts."""
    return _(
        "Variant {a} has {posts_a} post(s) and {b} has {posts_b}: too few to measure how much "
        "posts differ from one another, so the difference cannot be told apart from the "
        "difference between posts (counted per {trial}: {p}). Each variant needs at least two "
        "posts; the plan for the next test says how many.",
        a=base["a"],
        b=base["b"],
        posts_a=_.number(base["posts_a"]),
        posts_b=_.number(base["posts_b"]),
        trial=values["trial"],
        p=values["p"],
    )


def _not_confirmed(values: dict, one_english: str, spread: float, _: Translator) -> dict[str, str]:
    """Significant per trial but not across posts: the verdict and why."""
    leader, one_words = values["leader"], values["trial"]
    return {
        "verdict": f"{leader} ahead per {one_english}, not confirmed across posts",
        "verdict_text": _(
            "{leader} ahead per {trial}, not confirmed across posts",
            leader=leader,
            trial=one_words,
        ),
        "explanation": _(
            "Counted per {trial}, the difference is significant ({p}), but posts differ from "
            "one another {times} times more than chance alone explains; allowing for that "
            "leaves {p_across}, and the chance {leader} is really better is {chance}. The "
            "difference could come from which posts got which variant: test again with the "
            "same creators posting both variants.",
            times=_.number(spread),
            **values,
        ),
    }


def format_p(p_value: float, _: Translator = ENGLISH) -> str:
    """A p-value for people: ``p < 0.001`` rather than ``p = 2.6e-09`` (``p = 0,042`` in
    Latvian)."""
    if not np.isfinite(p_value):
        return _("p not defined")
    if p_value < 0.001:
        return f"p < {_.number(0.001, 3)}"
    return f"p = {_.number(p_value, 3)}"


def variant_tests(
    results: pd.DataFrame,
    alpha: float = 0.05,
    power: float = 0.8,
    by: str = "variant",
    _: Translator = ENGLISH,
    min_lift: float = 0.2,
    assumed_spread: float = ab_plan.DEFAULT_POST_SPREAD,
) -> pd.DataFrame:
    """Variant B against A on every rate metric; one row per metric (see :func:`compare`).

    An empty table when the results have no two variants to compare.
    """
    if by not in results or results[by].dropna().astype(str).nunique() < 2:
        return pd.DataFrame()
    levels = sorted(results[by].dropna().astype(str).unique())
    a, b = ("A", "B") if {"A", "B"} <= set(levels) else levels[:2]
    rows = [
        compare(results, metric, by, a, b, alpha, power, _, min_lift, assumed_spread)
        for metric in RATE_METRICS
    ]
    return pd.DataFrame(rows)


def wilson_interval(successes: float, trials: float, alpha: float = 0.05) -> tuple[float, float]:
    """Wilson score interval of a rate (well-behaved near 0, unlike the Wald interval)."""
    if trials <= 0:
        return float("nan"), float("nan")
    z = stats.norm.ppf(1 - alpha / 2)
    rate = successes / trials
    centre = (rate + z**2 / (2 * trials)) / (1 + z**2 / trials)
    half = z * np.sqrt(rate * (1 - rate) / trials + z**2 / (4 * trials**2)) / (1 + z**2 / trials)
    return float(centre - half), float(centre + half)


def group_rates(
    results: pd.DataFrame, metric: str, by: str, alpha: float = 0.05
) -> tuple[pd.DataFrame, float]:
    """The metric per group (platform, market, creator) with Wilson intervals, and the p-value
    of the chi-square test that all groups share one rate (Pearson, no continuity correction,
    so with two groups it equals the two-proportion z-test; NaN with fewer than two groups).

    Returns
    -------
    (DataFrame, float)
        ``group``, ``posts``, ``successes``, ``trials``, ``rate``, ``low``, ``high``.
    """
    successes, trials, _trial, _label = RATE_METRICS[metric]
    table = results.groupby(results[by].astype(str).rename("group")).agg(
        posts=(trials, "size"), successes=(successes, "sum"), trials=(trials, "sum")
    )
    table = table[table["trials"] > 0].reset_index()
    table["rate"] = table["successes"] / table["trials"]
    bounds = [
        wilson_interval(x, n, alpha)
        for x, n in zip(table["successes"], table["trials"], strict=True)
    ]
    table["low"] = [low for low, _high in bounds]
    table["high"] = [high for _low, high in bounds]
    p_value = float("nan")
    valid = table["successes"] <= table["trials"]
    if valid.all() and len(table) >= 2 and table["successes"].sum() > 0:
        contingency = np.column_stack([table["successes"], table["trials"] - table["successes"]])
        p_value = float(stats.chi2_contingency(contingency, correction=False)[1])
    return table.sort_values("rate", ascending=False).reset_index(drop=True), p_value
