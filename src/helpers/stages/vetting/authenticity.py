"""Follower authenticity: how likely is a follower account to be fake?

Used in the vetting stage to estimate which share of an influencer's audience is fake, from a
sample of their follower accounts and five public profile counters per account.

The model is an additive logistic model (:data:`FEATURE_FORMULAS`): each of three scale-free
signals (posts, accounts followed, accounts followed per follower) enters through a
piecewise-linear shape (a broken line in log-odds, knots at the training quartiles, flat
beyond the training range), the profile picture and the private flag through one coefficient
each; the score (log-odds) is the sum of the signals' contributions, so every score can be
split into the signals that drove it (:func:`follower_signal_contributions`). Probabilities
are calibrated with Platt scaling on out-of-fold scores. The model is shipped as data in
``data/reference/follower_model.json`` and applied with numpy only; scikit-learn is needed only
to refit it (:mod:`helpers.stages.vetting.follower_fitting`)::

    python -m helpers.stages.vetting.authenticity  # refit, rewrite the JSON, print the checks

Training data: 975 hand-labelled Instagram follower accounts (98 fake, 877 real),
``data/reference/srf_labelled_followers.csv``. Credit: SRF Data (2017), CC BY-SA 4.0
("Identifying a Large Number of Fake Followers on Instagram",
github.com/srfdata/2017-10-instagram-influencers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[4]
MODEL_PATH = REPO_ROOT / "data" / "reference" / "follower_model.json"
LABELLED_PATH = REPO_ROOT / "data" / "reference" / "srf_labelled_followers.csv"

CREDIT = (
    "Fitted on SRF Data (2017), CC BY-SA 4.0: 'Identifying a Large Number of Fake Followers "
    "on Instagram', github.com/srfdata/2017-10-instagram-influencers "
    "(analysis/input/labelled_1000_inclprivate.csv)."
)

COUNT_COLUMNS = ("posts", "following", "followers")
FLAG_COLUMNS = ("has_profile_picture", "is_private")
ACCOUNT_COLUMNS = COUNT_COLUMNS + FLAG_COLUMNS
LABEL_COLUMN = "is_fake"

FEATURE_FORMULAS = {
    "log_posts": "log(1 + posts)",
    "log_following": "log(1 + following)",
    "log_following_per_follower": "log((1 + following) / (1 + followers))",
    "has_profile_picture": "1 if the account has a profile picture, else 0",
    "is_private": "1 if the account is private, else 0",
}
FEATURES = tuple(FEATURE_FORMULAS)
SHAPED = ("log_posts", "log_following", "log_following_per_follower")  # piecewise linear
MAX_ROWS_QUOTED = 5


# --------------------------------------------------------------------------- input checks


def _quote_rows(values: pd.Series, bad: np.ndarray) -> str:
    """Describe the first offending rows as ``index=value`` pairs."""
    shown = values[bad].head(MAX_ROWS_QUOTED)
    pairs = ", ".join(f"{idx!r}={val!r}" for idx, val in shown.items())
    more = int(bad.sum()) - len(shown)
    return pairs + (f" (and {more} more)" if more > 0 else "")


def _as_float(values: pd.Series) -> np.ndarray:
    """Convert a column to floats; text and missing values become NaN."""
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _account_arrays(followers: pd.DataFrame) -> dict[str, np.ndarray]:
    """Check the follower table and return its five columns as float arrays.

    Raises
    ------
    ValueError
        If columns are missing, a count is negative, missing or not a number, or a flag is
        not 0/1. The message names the column(s) and the first offending rows.
    """
    if not isinstance(followers, pd.DataFrame):
        raise ValueError(
            f"Expected a pandas DataFrame of follower accounts, got {type(followers)}."
        )
    missing = [col for col in ACCOUNT_COLUMNS if col not in followers.columns]
    if missing:
        raise ValueError(
            f"The follower table is missing column(s) {missing}. It needs one row per follower "
            f"account with columns {list(ACCOUNT_COLUMNS)}; rename or add them before scoring."
        )
    arrays, problems = {}, []
    for col in ACCOUNT_COLUMNS:
        arrays[col] = _as_float(followers[col])
        if col in COUNT_COLUMNS:
            bad = ~np.isfinite(arrays[col]) | (arrays[col] < 0)
            rule = "a non-negative number (a count; convert text such as '1.2k' to 1200)"
        else:
            bad = ~np.isin(arrays[col], (0.0, 1.0))
            rule = "0 or 1 (or False/True)"
        if bad.any():
            problems.append(
                f"- column '{col}' must hold {rule}; bad rows (index=value): "
                f"{_quote_rows(followers[col], bad)}"
            )
    if problems:
        raise ValueError(
            "Cannot score these follower accounts:\n"
            + "\n".join(problems)
            + "\nFix or drop those rows (missing counts cannot be guessed) and try again."
        )
    return arrays


def _labels(labelled: pd.DataFrame) -> np.ndarray:
    """Return the 0/1 fake labels of a labelled table, checking the column."""
    if LABEL_COLUMN not in labelled.columns:
        raise ValueError(f"The labelled table needs a '{LABEL_COLUMN}' column (1 fake, 0 real).")
    labels = _as_float(labelled[LABEL_COLUMN])
    bad = ~np.isin(labels, (0.0, 1.0))
    if bad.any():
        raise ValueError(
            f"Column '{LABEL_COLUMN}' must hold 0 or 1; bad rows (index=value): "
            f"{_quote_rows(labelled[LABEL_COLUMN], bad)}"
        )
    return labels.astype(int)


# --------------------------------------------------------------------------- features and scoring


def _feature_arrays(accounts: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Turn checked account columns into the model features."""
    log_following = np.log1p(accounts["following"])
    return {
        "log_posts": np.log1p(accounts["posts"]),
        "log_following": log_following,
        "log_following_per_follower": log_following - np.log1p(accounts["followers"]),
        "has_profile_picture": accounts["has_profile_picture"],
        "is_private": accounts["is_private"],
    }


def follower_features(followers: pd.DataFrame) -> pd.DataFrame:
    """Return the model's features, one row per follower account.

    Parameters
    ----------
    followers : pandas.DataFrame
        Columns ``posts``, ``following``, ``followers``, ``has_profile_picture``, ``is_private``.

    Returns
    -------
    pandas.DataFrame
        Columns named as in :data:`FEATURE_FORMULAS`, aligned with ``followers.index``.
    """
    return pd.DataFrame(_feature_arrays(_account_arrays(followers)), index=followers.index)


def _term_values(term: dict[str, Any], model: dict[str, Any], x: np.ndarray) -> np.ndarray:
    """One term of the additive model: the feature (clipped to the training range for a shaped
    one), or its hinge ``max(0, x - knot)`` beyond a knot."""
    shape = model["shapes"].get(term["feature"])
    if shape is not None:
        x = np.clip(x, shape["low"], shape["high"])
    return x if term["knot"] is None else np.maximum(0.0, x - term["knot"])


def _contributions(model: dict[str, Any], features: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each feature's contribution to the score (log-odds), vectorised: the sum of its terms,
    ``coefficient x (value - mean) / scale``; the score is the intercept plus their sum."""
    size = len(features[FEATURES[0]])
    parts = {name: np.zeros(size) for name in model["features"]}
    for term in model["terms"]:
        values = _term_values(term, model, features[term["feature"]])
        parts[term["feature"]] += term["coefficient"] * (values - term["mean"]) / term["scale"]
    return parts


def _scores(model: dict[str, Any], features: dict[str, np.ndarray]) -> np.ndarray:
    """The model's score (log-odds before calibration)."""
    return float(model["intercept"]) + sum(_contributions(model, features).values())


def _calibrated(model: dict[str, Any], scores: np.ndarray) -> np.ndarray:
    """Platt-calibrated probabilities, ``1 / (1 + exp(-(slope x score + intercept)))``."""
    platt = model["calibration"]
    logit = platt["slope"] * scores + platt["intercept"]
    return np.exp(-np.logaddexp(0.0, -logit))  # without overflow


def _probabilities(model: dict[str, Any], features: dict[str, np.ndarray]) -> np.ndarray:
    """Calibrated probabilities that accounts are fake."""
    return _calibrated(model, _scores(model, features))


@lru_cache(maxsize=8)
def _cached_model(path: str, modified: float) -> dict[str, Any]:
    model = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(model.get("features", ())) != FEATURES or "terms" not in model:
        raise ValueError(
            f"{path} lists features {model.get('features')}, but this code computes "
            f"{list(FEATURES)}. Refit with `python -m helpers.stages.vetting.authenticity`."
        )
    return model


def load_follower_model(path: Path | None = None) -> dict[str, Any]:
    """Load the fitted follower model (cached; reloaded if the file changes).

    Parameters
    ----------
    path : pathlib.Path, optional
        JSON model file; defaults to ``data/reference/follower_model.json``.

    Returns
    -------
    dict
        Features, standardisation, coefficients, threshold and cross-validated metrics.
    """
    path = Path(path or MODEL_PATH)
    if not path.exists():
        raise FileNotFoundError(
            f"No follower model at {path}; run `python -m helpers.stages.vetting.authenticity`."
        )
    return _cached_model(str(path), path.stat().st_mtime)


def fake_follower_probability(followers: pd.DataFrame) -> pd.Series:
    """Estimate, for each follower account, the probability that it is fake.

    Parameters
    ----------
    followers : pandas.DataFrame
        One row per follower account with columns ``posts``, ``following``, ``followers``
        (non-negative counts) and ``has_profile_picture``, ``is_private`` (0/1). Other
        columns are ignored.

    Returns
    -------
    pandas.Series
        Probabilities in [0, 1] named ``fake_probability``, aligned with ``followers.index``.

    Raises
    ------
    ValueError
        If a column is missing, a count is negative, missing or text, or a flag is not 0/1.
    """
    features = _feature_arrays(_account_arrays(followers))
    probability = _probabilities(load_follower_model(), features)
    return pd.Series(probability, index=followers.index, name="fake_probability")


def is_likely_fake(followers: pd.DataFrame) -> pd.Series:
    """Flag follower accounts whose fake probability reaches the model's decision threshold.

    Parameters
    ----------
    followers : pandas.DataFrame
        As for :func:`fake_follower_probability`.

    Returns
    -------
    pandas.Series
        Booleans named ``likely_fake``, aligned with ``followers.index``.
    """
    threshold = load_follower_model()["threshold"]
    return (fake_follower_probability(followers) >= threshold).rename("likely_fake")


SIGNAL_NAMES = {
    "log_posts": "posts",
    "log_following": "accounts followed",
    "log_following_per_follower": "accounts followed per follower",
    "has_profile_picture": "profile picture",
    "is_private": "private account",
}


def follower_signal_contributions(followers: pd.DataFrame) -> pd.DataFrame:
    """Which signals drove each account's score.

    Parameters
    ----------
    followers : pandas.DataFrame
        As for :func:`fake_follower_probability`.

    Returns
    -------
    pandas.DataFrame
        One row per account (``followers.index``): each feature's contribution to the score in
        log-odds (positive: more fake-like than the average labelled account; the shapes are in
        ``data/reference/follower_model.json``), the ``score`` (intercept plus contributions),
        the calibrated ``fake_probability`` and ``likely_fake``.
    """
    model = load_follower_model()
    parts = _contributions(model, _feature_arrays(_account_arrays(followers)))
    table = pd.DataFrame(parts, index=followers.index)
    table["score"] = float(model["intercept"]) + table[list(parts)].sum(axis=1)
    table["fake_probability"] = _calibrated(model, table["score"].to_numpy())
    table["likely_fake"] = table["fake_probability"] >= model["threshold"]
    return table


def _main_signals(
    followers: pd.DataFrame, flags: np.ndarray, keys: list[str], most: int = 2
) -> pd.Series:
    """Per influencer, the signals that pushed their flagged accounts towards fake the most
    (summed contributions, the largest first, at most ``most``, named as in
    :data:`SIGNAL_NAMES`; "" when no account is flagged)."""
    model = load_follower_model()
    parts = _contributions(model, _feature_arrays(_account_arrays(followers)))
    flagged = pd.DataFrame({name: np.where(flags, values, 0.0) for name, values in parts.items()})
    sums = flagged.groupby([followers[key].to_numpy() for key in keys], sort=True).sum()
    values = sums.to_numpy()
    order = np.argsort(-values, axis=1)[:, :most]
    names = np.array([SIGNAL_NAMES[name] for name in sums.columns], dtype=object)
    chosen = [", ".join(names[j] for j in row if values[i, j] > 0) for i, row in enumerate(order)]
    return pd.Series(chosen, index=sums.index, name="fake_signals")


# --------------------------------------------------------------------------- fitting (dev only)


def fit_follower_model(labelled: pd.DataFrame | None = None, out: Path | None = None) -> dict:
    """Refit the follower model and write it as JSON: see
    :func:`helpers.stages.vetting.follower_fitting.fit_follower_model` (needs scikit-learn)."""
    from helpers.stages.vetting import follower_fitting

    return follower_fitting.fit_follower_model(labelled, out)


def cross_validate_follower_model(labelled: pd.DataFrame | None = None, **options) -> dict:
    """Repeated stratified cross-validation of the model: see
    :func:`helpers.stages.vetting.follower_fitting.cross_validate_follower_model`."""
    from helpers.stages.vetting import follower_fitting

    return follower_fitting.cross_validate_follower_model(labelled, **options)


def check_generalisation(labelled: pd.DataFrame | None = None) -> dict[str, dict[str, Any]]:
    """The model on shifted splits (public and private accounts, small and large ones): see
    :func:`helpers.stages.vetting.follower_fitting.check_generalisation`."""
    from helpers.stages.vetting import follower_fitting

    return follower_fitting.check_generalisation(labelled)


# --------------------------------------------------------------------------- audience fake share


@dataclass(frozen=True)
class AudienceFakeShare:
    """Estimated share of fake accounts in an influencer's audience."""

    fake_share: float
    low: float
    high: float
    sample_size: int
    flagged_share: float
    confidence: float
    method: str


def _method(model: dict[str, Any], confidence: float) -> str:
    cv = model["cross_validation"]
    return (
        f"Rogan-Gladen corrected share of accounts flagged at p >= {model['threshold']} "
        f"(CV sensitivity {cv['sensitivity']:.3f}, specificity {cv['specificity']:.3f}); "
        f"{confidence:.0%} Wilson score interval on the flagged share, corrected the same way "
        "and widened for the uncertainty of sensitivity and specificity; clipped to [0, 1]"
    )


def _corrected_shares(
    flagged: np.ndarray, sizes: np.ndarray, confidence: float, model: dict[str, Any]
) -> dict[str, np.ndarray]:
    """Vectorised Rogan-Gladen estimate and interval for many samples at once."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}.")
    cv = model["cross_validation"]
    sens, spec = cv["sensitivity"], cv["specificity"]
    youden = sens + spec - 1.0
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        n = sizes.astype(float)
        share = flagged / n
        centre = (share + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(share * (1 - share) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    estimate = (share + spec - 1.0) / youden
    low = (centre - half + spec - 1.0) / youden
    high = (centre + half + spec - 1.0) / youden
    clipped = np.clip(estimate, 0.0, 1.0)
    classifier_sd = (
        np.sqrt(
            clipped**2 * sens * (1 - sens) / cv["labelled_fakes"]
            + (1 - clipped) ** 2 * spec * (1 - spec) / cv["labelled_reals"]
        )
        / youden
    )
    widen = (z * classifier_sd) ** 2
    return {
        "fake_share": clipped,
        "low": np.clip(estimate - np.sqrt((estimate - low) ** 2 + widen), 0.0, 1.0),
        "high": np.clip(estimate + np.sqrt((high - estimate) ** 2 + widen), 0.0, 1.0),
        "sample_size": sizes.astype(int),
        "flagged_share": share,
    }


def audience_fake_share(followers: pd.DataFrame, confidence: float = 0.95) -> AudienceFakeShare:
    """Estimate an influencer's share of fake followers from a sample of follower accounts.

    Method: each sampled account is flagged when its fake probability reaches the model's
    threshold. The flagged share is corrected for the classifier's errors with the
    Rogan-Gladen estimator, ``(flagged + specificity - 1) / (sensitivity + specificity - 1)``,
    using the cross-validated sensitivity and specificity stored in the model JSON (so an
    all-real audience, of which about 1 - specificity would be flagged, comes out near 0).
    The interval is the Wilson score interval of the flagged share, mapped through the same
    correction, then widened (in quadrature, delta method) for the uncertainty of sensitivity
    and specificity, which were measured on only 98 fake and 877 real labelled accounts. It
    narrows with the sample size down to that floor. Everything is clipped to [0, 1].

    Parameters
    ----------
    followers : pandas.DataFrame
        A random sample of the influencer's follower accounts, columns as for
        :func:`fake_follower_probability`.
    confidence : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    AudienceFakeShare
        ``fake_share``, ``low``, ``high``, ``sample_size``, ``flagged_share``, ``confidence``,
        ``method``. An empty sample gives NaN shares and ``sample_size`` 0.
    """
    model = load_follower_model()
    flagged = int(is_likely_fake(followers).sum())
    result = _corrected_shares(np.array([flagged]), np.array([len(followers)]), confidence, model)
    values = {key: value[0].item() for key, value in result.items()}
    if len(followers) == 0:
        values.update(fake_share=np.nan, low=np.nan, high=np.nan)
    return AudienceFakeShare(**values, confidence=confidence, method=_method(model, confidence))


def audience_fake_share_by(
    followers: pd.DataFrame, by: str | list[str] = "influencer_id", confidence: float = 0.95
) -> pd.DataFrame:
    """Estimate the fake-follower share of many influencers at once (vectorised).

    Same method as :func:`audience_fake_share`, applied per group with one scoring pass and
    one ``groupby``.

    Parameters
    ----------
    followers : pandas.DataFrame
        Follower accounts of many influencers, with the five account columns and ``by``.
    by : str or list of str, default "influencer_id"
        Column(s) naming the influencer each follower account was sampled from.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per influencer (index ``by``) with ``fake_share``, ``low``, ``high``,
        ``sample_size``, ``flagged_share`` and ``fake_signals`` (the signals that marked the
        flagged accounts the most, :func:`follower_signal_contributions`); the method text is
        in ``.attrs["method"]``.
    """
    keys = [by] if isinstance(by, str) else list(by)
    missing = [key for key in keys if key not in followers.columns]
    if missing:
        raise ValueError(f"The follower table has no column(s) {missing} to group influencers by.")
    unlabelled = followers[keys].isna().any(axis=1).to_numpy()
    if unlabelled.any():
        rows = list(followers.index[unlabelled][:MAX_ROWS_QUOTED])
        raise ValueError(f"Column(s) {keys} are empty in rows {rows}; fill or drop those rows.")
    model = load_follower_model()
    flags = is_likely_fake(followers).to_numpy()
    counts = (
        pd.DataFrame({"flagged": flags})
        # each key as a Series over the same positions, in its own dtype (no object copy)
        .groupby([pd.Series(followers[key].array) for key in keys], sort=True)["flagged"]
        .agg(["sum", "size"])
    )
    counts.index.names = keys
    result = _corrected_shares(
        counts["sum"].to_numpy(), counts["size"].to_numpy(), confidence, model
    )
    table = pd.DataFrame(result, index=counts.index)
    table["fake_signals"] = _main_signals(followers, flags, keys).to_numpy()
    table.attrs["method"] = _method(model, confidence)
    return table


TARGET_WIDTH = 0.10  # the interval width (10 points) a suggested sample would reach
MAX_SUGGESTED_SAMPLE = 10_000_000  # beyond this, no sample narrows it: the model's floor


def flagged_share_of(fake_share: np.ndarray, model: dict[str, Any] | None = None) -> np.ndarray:
    """The share of sampled accounts the model flags that gives this corrected fake share (the
    Rogan-Gladen correction inverted: ``fake x (sensitivity + specificity - 1) + 1 -
    specificity``); for a frame that carries the fake share but not the flagged share."""
    cv = (model or load_follower_model())["cross_validation"]
    youden = cv["sensitivity"] + cv["specificity"] - 1.0
    return np.asarray(fake_share, dtype=float) * youden + 1.0 - cv["specificity"]


def sample_for_width(
    flagged_share: np.ndarray,
    width: float = TARGET_WIDTH,
    confidence: float = 0.95,
    model: dict[str, Any] | None = None,
) -> np.ndarray:
    """How many sampled followers would narrow each creator's interval to ``width``.

    From the interval's own formula (:func:`audience_fake_share`): the Wilson score interval of
    the flagged share, held at the share the sample shows, mapped through the Rogan-Gladen
    correction, widened for the uncertainty of the model's sensitivity and specificity and
    clipped to [0, 1], with the sample size searched (bisection) for the smallest that gives an
    interval no wider than ``width``. The widening does not shrink with the sample: where it
    alone is wider than ``width``, no sample will do (``inf``).

    Parameters
    ----------
    flagged_share : array of float
        The share of each creator's sampled accounts the model flags (NaN: no sample).
    width : float, default 0.10
        The interval width wanted (high - low), 0.10 for 10 percentage points.
    confidence : float, default 0.95
        Confidence level of the interval.
    model : dict, optional
        The follower model (its cross-validated error rates); the shipped one by default.

    Returns
    -------
    numpy.ndarray
        Sample sizes (float: ``inf`` where unreachable, NaN without a flagged share).
    """
    model = model or load_follower_model()
    share = np.asarray(flagged_share, dtype=float)
    known = ~np.isnan(share)

    def too_wide(sizes: np.ndarray) -> np.ndarray:
        result = _corrected_shares(share[known] * sizes, sizes, confidence, model)
        return result["high"] - result["low"] > width + 1e-12

    low = np.zeros(int(known.sum()))  # too few
    high = np.full(len(low), float(MAX_SUGGESTED_SAMPLE))  # enough, unless unreachable
    unreachable = too_wide(high)
    while (high - low > 1).any():
        middle = np.floor((low + high) / 2)
        wide = too_wide(np.maximum(middle, 1))
        low, high = np.where(wide, middle, low), np.where(wide, high, middle)
    needed = np.full(len(share), np.nan)
    needed[known] = np.where(unreachable, np.inf, high)
    return needed


def main() -> None:
    """Refit the shipped model and print its checks."""
    from helpers.stages.vetting.follower_fitting import describe

    model = fit_follower_model()
    print(f"Wrote {MODEL_PATH.relative_to(REPO_ROOT)}:")
    print(describe(model))


if __name__ == "__main__":
    main()
