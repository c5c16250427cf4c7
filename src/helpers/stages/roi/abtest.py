"""A/B tests on campaign results: content variants, creators or channels compared on a rate
(guide chapter 7.3).

The main test is the two-proportion z-test of the guide: pooled rate p = (x1 + x2) / (n1 + n2),
SE = sqrt(p (1 - p) (1/n1 + 1/n2)), z = (p2 - p1) / SE. Next to it:

- the difference B - A with its 95% confidence interval (Wald, unpooled), and the relative lift;
- the Beta-Binomial posterior chance that B's rate is higher (uniform Beta(1, 1) priors);
- the sample size per variant the test would have needed to detect the observed difference
  with the chosen significance and power:
  n = (z_(1-alpha/2) + z_power)^2 x [p1 (1 - p1) + p2 (1 - p2)] / (p1 - p2)^2;
- a check across posts: the z-test treats every impression (or click, or reached account) as an
  independent trial, but people see posts, and posts differ far more than chance alone explains.
  The Pearson dispersion of the posts around their variant's rate measures by how much; the
  p-value with the variance scaled by it (quasi-binomial) says whether the difference survives.

Verdicts: "B ahead" / "A ahead" when both tests agree; "B ahead per impression, not confirmed
across posts" when only the z-test does; "not enough data" when the difference could be chance
(with the sample that detecting it would take); "no difference found" when the rates are equal.
The ``verdict`` stays English (for machines); ``verdict_text`` and ``explanation`` are in the
words of the Translator passed in (:mod:`helpers.text.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from helpers.text.i18n import Translator, translator

ENGLISH = translator("en")
_ = ENGLISH  # marks the labels below for the catalogue; they are translated where shown

#: rate metrics an A/B test can compare: (successes column, trials column, what a trial is,
#: label); the words are translated with the Translator's ``term``
RATE_METRICS = {
    "ctr": ("link_clicks", "impressions", _("impressions"), _("Click-through rate")),
    "conversion_rate": (
        "conversions",
        "link_clicks",
        _("clicks"),
        _("Conversion rate per click"),
    ),
    "engagement_rate": (
        "engagements",
        "reach",
        _("accounts reached"),
        _("Engagement rate per reach"),
    ),
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
    """The outcome of one A/B comparison (rates as fractions)."""

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
    chance_b_better: float
    needed_per_variant: float
    alpha: float
    power: float

    @property
    def significant(self) -> bool:
        """True when the z-test rejects 'no difference' at the chosen level."""
        return bool(self.p_value < self.alpha)

    @property
    def enough_data(self) -> bool:
        """True when each variant had at least the sample the observed difference needs."""
        return bool(min(self.trials_a, self.trials_b) >= self.needed_per_variant)


def required_sample_size(
    rate_a: float, rate_b: float, alpha: float = 0.05, power: float = 0.8
) -> float:
    """Trials per variant to detect ``rate_a`` against ``rate_b`` (two-sided test).

    n = (z_(1-alpha/2) + z_power)^2 x [p1 (1 - p1) + p2 (1 - p2)] / (p1 - p2)^2, the guide's
    formula; infinite when the rates are equal (no sample can detect no difference).

    Examples
    --------
    >>> round(required_sample_size(0.010, 0.013), -2)
    19800.0
    """
    if rate_a == rate_b:
        return float("inf")
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    spread = rate_a * (1 - rate_a) + rate_b * (1 - rate_b)
    return float(np.ceil(z**2 * spread / (rate_a - rate_b) ** 2))


def chance_b_better(
    successes_a: float, trials_a: float, successes_b: float, trials_b: float
) -> float:
    """Posterior probability that B's rate is higher, with Beta(1, 1) priors (seeded draws)."""
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
        chance_b_better=chance_b_better(successes_a, trials_a, successes_b, trials_b),
        needed_per_variant=required_sample_size(rate_a, rate_b, alpha, power),
        alpha=alpha,
        power=power,
    )


def dispersion(successes: pd.Series, trials: pd.Series, groups: pd.Series) -> float:
    """Pearson dispersion of posts around their group's rate: 1 is pure chance, 30 means the
    variance between posts is 30 times what independent trials would give.

    sum over posts of (x - n p)^2 / (n p (1 - p)), divided by (posts - groups); never below 1.
    """
    keep = trials > 0
    successes, trials, groups = successes[keep], trials[keep], groups[keep]
    rate = successes.groupby(groups).transform("sum") / trials.groupby(groups).transform("sum")
    variance = trials * rate * (1 - rate)
    usable = variance > 0
    chi_square = float(((successes - trials * rate) ** 2 / variance)[usable].sum())
    freedom = int(usable.sum()) - groups[usable].nunique()
    return max(chi_square / freedom, 1.0) if freedom > 0 else float("nan")


def compare(
    results: pd.DataFrame,
    metric: str,
    by: str = "variant",
    a: str = "A",
    b: str = "B",
    alpha: float = 0.05,
    power: float = 0.8,
    _: Translator = ENGLISH,
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
        Significance level and power.
    _ : Translator
        The words of ``label``, ``verdict_text`` and ``explanation``.

    Returns
    -------
    dict
        ``metric``, ``label``, ``a``, ``b``, ``posts_a``, ``posts_b``, the :class:`TestResult`
        fields, ``dispersion``, ``adjusted_p_value``, ``verdict`` (English), ``verdict_text``
        and ``explanation``; with a ``verdict`` of "not testable" and the reason when a group
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
    spread = dispersion(both[successes], both[trials], both[by].astype(str))
    return base | test.__dict__ | _across_posts(test, spread, a, b, trial_word, _)


def _across_posts(
    test: TestResult, spread: float, a: str, b: str, trial_word: str, _: Translator
) -> dict[str, object]:
    """The p-value with the variance scaled by the posts' dispersion, and the verdict."""
    adjusted = (
        float(2 * stats.norm.sf(abs(test.z) / np.sqrt(spread)))
        if np.isfinite(spread)
        else float("nan")
    )
    verdict, verdict_text, explanation = _verdict(test, adjusted, spread, a, b, trial_word, _)
    return {
        "dispersion": spread,
        "adjusted_p_value": adjusted,
        "verdict": verdict,
        "verdict_text": verdict_text,
        "explanation": explanation,
    }


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


def _verdict(
    test: TestResult,
    adjusted: float,
    spread: float,
    a: str,
    b: str,
    trial_word: str,
    _: Translator,
) -> tuple[str, str, str]:
    """The verdict (English), the verdict in the language, and the explanation."""
    leader = b if test.difference > 0 else a
    p_value, across = format_p(test.p_value, _), format_p(adjusted, _)
    if test.significant and (not np.isfinite(adjusted) or adjusted < test.alpha):
        return (
            f"{leader} ahead",
            _("{leader} ahead", leader=leader),
            _(
                "{leader}'s rate is higher ({p}), and the difference holds across posts "
                "({p_across}).",
                leader=leader,
                p=p_value,
                p_across=across,
            ),
        )
    if test.significant:
        return _not_confirmed(leader, trial_word, p_value, across, spread, _)
    if test.difference != 0:
        return (
            "not enough data",
            _("not enough data"),
            _(
                "The difference could be chance ({p}); detecting it would take about {needed} "
                "{trials} per variant, and the smaller variant had {smaller}.",
                p=p_value,
                needed=_.number(test.needed_per_variant),
                trials=_.term(trial_word),
                smaller=_.number(min(test.trials_a, test.trials_b)),
            ),
        )
    return (
        "no difference found",
        _("no difference found"),
        _("Both variants have the same rate ({p}).", p=p_value),
    )


def _not_confirmed(
    leader: str, trial_word: str, p_value: str, across: str, spread: float, _: Translator
) -> tuple[str, str, str]:
    """Significant per trial but not across posts: the verdict and why."""
    one = TRIAL_SINGULAR.get(trial_word, trial_word)
    one_words = _.term(one)
    return (
        f"{leader} ahead per {one}, not confirmed across posts",
        _(
            "{leader} ahead per {trial}, not confirmed across posts",
            leader=leader,
            trial=one_words,
        ),
        _(
            "Counted per {trial}, the difference is significant ({p}), but posts differ from "
            "one another {times} times more than chance alone explains; allowing for that "
            "leaves {p_across}. The difference could come from which posts got which "
            "variant: test again with the same creators posting both variants.",
            trial=one_words,
            p=p_value,
            times=_.number(spread),
            p_across=across,
        ),
    )


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
) -> pd.DataFrame:
    """Variant B against A on every rate metric; one row per metric (see :func:`compare`).

    An empty table when the results have no two variants to compare.
    """
    if by not in results or results[by].dropna().astype(str).nunique() < 2:
        return pd.DataFrame()
    levels = sorted(results[by].dropna().astype(str).unique())
    a, b = ("A", "B") if {"A", "B"} <= set(levels) else levels[:2]
    rows = [compare(results, metric, by, a, b, alpha, power, _) for metric in RATE_METRICS]
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
