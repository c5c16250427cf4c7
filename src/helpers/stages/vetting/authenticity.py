"""Follower authenticity: how likely is a follower account to be fake?

Used in the vetting stage to estimate which share of an influencer's audience is fake, from a
sample of their follower accounts and five public profile counters per account.

The model is a class-weighted, L2-regularised logistic regression on five scale-free features
(see :data:`FEATURE_FORMULAS`). It is shipped as data in ``data/reference/follower_model.json``
and scored with numpy/pandas only; scikit-learn is needed only to refit it::

    python -m helpers.stages.vetting.authenticity  # refit, rewrite the JSON, print CV metrics

Training data: 975 hand-labelled Instagram follower accounts (98 fake, 877 real),
``data/reference/srf_labelled_followers.csv``. Credit: SRF Data (2017), CC BY-SA 4.0
("Identifying a Large Number of Fake Followers on Instagram",
github.com/srfdata/2017-10-instagram-influencers).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
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
    "log_followers": "log(1 + followers)",
    "log_following_per_follower": "log((1 + following) / (1 + followers))",
    "has_profile_picture": "1 if the account has a profile picture, else 0",
    "is_private": "1 if the account is private, else 0",
}
FEATURES = tuple(FEATURE_FORMULAS)

REGULARISATION_C = 0.1  # inverse L2 strength on standardised features (scikit-learn's C)
DECISION_THRESHOLD = 0.5  # class weights already balance the 10% fakes; tuning did not help
CV_FOLDS = 10
CV_REPEATS = 10
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
    log_followers = np.log1p(accounts["followers"])
    return {
        "log_posts": np.log1p(accounts["posts"]),
        "log_followers": log_followers,
        "log_following_per_follower": log_following - log_followers,
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


def _probabilities(model: dict[str, Any], features: dict[str, np.ndarray]) -> np.ndarray:
    """Logistic-regression probabilities, computed feature by feature (vectorised)."""
    score = np.full(len(features[FEATURES[0]]), float(model["intercept"]))
    for name, mean, scale, coef in zip(
        model["features"], model["means"], model["scales"], model["coefficients"], strict=True
    ):
        score += coef * (features[name] - mean) / scale
    return np.exp(-np.logaddexp(0.0, -score))  # 1 / (1 + exp(-score)) without overflow


@lru_cache(maxsize=8)
def _cached_model(path: str, modified: float) -> dict[str, Any]:
    model = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(model.get("features", ())) != FEATURES:
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


# --------------------------------------------------------------------------- fitting (dev only)


def _read_labelled(labelled: pd.DataFrame | None) -> pd.DataFrame:
    return pd.read_csv(LABELLED_PATH) if labelled is None else labelled


def _fit_parameters(labelled: pd.DataFrame) -> dict[str, Any]:
    """Fit standardisation and coefficients with scikit-learn (a dev dependency)."""
    from sklearn.linear_model import LogisticRegression

    features = pd.DataFrame(_feature_arrays(_account_arrays(labelled)))[list(FEATURES)]
    means = features.mean().to_numpy()
    scales = features.std(ddof=0).replace(0.0, 1.0).to_numpy()
    fitted = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=1000)
    fitted.fit((features.to_numpy() - means) / scales, _labels(labelled))
    return {
        "features": list(FEATURES),
        "means": means.tolist(),
        "scales": scales.tolist(),
        "coefficients": fitted.coef_[0].tolist(),
        "intercept": float(fitted.intercept_[0]),
        "threshold": DECISION_THRESHOLD,
    }


def _held_out_scores(parameters: dict[str, Any], test: pd.DataFrame) -> np.ndarray:
    return _probabilities(parameters, _feature_arrays(_account_arrays(test)))


def cross_validate_follower_model(
    labelled: pd.DataFrame | None = None,
    folds: int = CV_FOLDS,
    repeats: int = CV_REPEATS,
    seed: int = 0,
) -> dict[str, Any]:
    """Measure the model on held-out accounts with repeated stratified k-fold cross-validation.

    The model is refitted inside every training fold and scored with the same numpy code
    used in production, at the fixed decision threshold.

    Parameters
    ----------
    labelled : pandas.DataFrame, optional
        Accounts with the five columns and ``is_fake``; defaults to the shipped SRF sample.
    folds, repeats : int
        Number of folds and of reshuffled repetitions.
    seed : int
        Seed of the fold assignment.

    Returns
    -------
    dict
        ``balanced_accuracy_mean/_sd`` and ``roc_auc_mean/_sd`` (mean and standard deviation
        over the ``folds * repeats`` held-out folds), and the pooled held-out ``sensitivity``
        (share of fakes flagged) and ``specificity`` (share of real accounts not flagged).
    """
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score
    from sklearn.model_selection import RepeatedStratifiedKFold

    labelled = _read_labelled(labelled).reset_index(drop=True)
    labels = _labels(labelled)
    splitter = RepeatedStratifiedKFold(n_splits=folds, n_repeats=repeats, random_state=seed)
    accuracy, auc, flagged = [], [], np.zeros(2)
    for train, test in splitter.split(labelled, labels):
        probability = _held_out_scores(_fit_parameters(labelled.iloc[train]), labelled.iloc[test])
        flags = probability >= DECISION_THRESHOLD
        accuracy.append(balanced_accuracy_score(labels[test], flags))
        auc.append(roc_auc_score(labels[test], probability))
        flagged += [flags[labels[test] == 1].sum(), flags[labels[test] == 0].sum()]
    fakes, reals = int(labels.sum()), int((1 - labels).sum())
    return {
        "scheme": f"stratified {folds}-fold, repeated {repeats} times",
        "folds": folds,
        "repeats": repeats,
        "seed": seed,
        "threshold": DECISION_THRESHOLD,
        "balanced_accuracy_mean": float(np.mean(accuracy)),
        "balanced_accuracy_sd": float(np.std(accuracy, ddof=1)),
        "roc_auc_mean": float(np.mean(auc)),
        "roc_auc_sd": float(np.std(auc, ddof=1)),
        "sensitivity": float(flagged[0] / (fakes * repeats)),
        "specificity": float(1.0 - flagged[1] / (reals * repeats)),
        "labelled_fakes": fakes,
        "labelled_reals": reals,
    }


def check_generalisation(labelled: pd.DataFrame | None = None) -> dict[str, dict[str, float]]:
    """Train on one kind of account and test on another, to see how the model travels.

    Splits: public to private accounts and back, and accounts with at most the median
    number of followers to those above it and back.

    Parameters
    ----------
    labelled : pandas.DataFrame, optional
        Accounts with the five columns and ``is_fake``; defaults to the shipped SRF sample.

    Returns
    -------
    dict
        For each split, ``balanced_accuracy``, ``roc_auc`` and the test set's size and fakes.
    """
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score

    labelled = _read_labelled(labelled).reset_index(drop=True)
    labels = _labels(labelled)
    public = labelled["is_private"].to_numpy() == 0
    small = labelled["followers"].to_numpy() <= labelled["followers"].median()
    splits = {
        "public_to_private": public,
        "private_to_public": ~public,
        "small_to_large_accounts": small,
        "large_to_small_accounts": ~small,
    }
    results = {}
    for name, train in splits.items():
        parameters = _fit_parameters(labelled[train])
        probability = _held_out_scores(parameters, labelled[~train])
        results[name] = {
            "balanced_accuracy": float(
                balanced_accuracy_score(labels[~train], probability >= DECISION_THRESHOLD)
            ),
            "roc_auc": float(roc_auc_score(labels[~train], probability)),
            "test_accounts": int((~train).sum()),
            "test_fakes": int(labels[~train].sum()),
        }
    return results


def fit_follower_model(labelled: pd.DataFrame | None = None, out: Path | None = None) -> dict:
    """Refit the follower model, cross-validate it and write it as JSON.

    Parameters
    ----------
    labelled : pandas.DataFrame, optional
        Accounts with the five columns and ``is_fake``; defaults to
        ``data/reference/srf_labelled_followers.csv``.
    out : pathlib.Path, optional
        Where to write; defaults to ``data/reference/follower_model.json`` (the shipped model).

    Returns
    -------
    dict
        The model as written: parameters, credit, date fitted, CV metrics and
        generalisation checks. Fitting is deterministic.
    """
    import sklearn

    labelled = _read_labelled(labelled)
    model = {
        "model": "logistic regression, L2-regularised, class-weighted (balanced)",
        "credit": CREDIT,
        "training_rows": len(labelled),
        "fitted_on": date.today().isoformat(),
        "fitted_with": f"scikit-learn {sklearn.__version__}",
        "regularisation_C": REGULARISATION_C,
        "feature_formulas": FEATURE_FORMULAS,
        "probability": "1 / (1 + exp(-(intercept + sum(coef * (feature - mean) / scale))))",
        **_fit_parameters(labelled),
        "cross_validation": cross_validate_follower_model(labelled),
        "generalisation": check_generalisation(labelled),
    }
    out = Path(out or MODEL_PATH)
    out.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
    return model


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
        ``sample_size``, ``flagged_share``; the method text is in ``.attrs["method"]``.
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
    table.attrs["method"] = _method(model, confidence)
    return table


def main() -> None:
    """Refit the shipped model and print its cross-validated metrics."""
    model = fit_follower_model()
    cv = model["cross_validation"]
    print(f"Wrote {MODEL_PATH.relative_to(REPO_ROOT)} ({cv['scheme']}, held-out folds):")
    print(
        f"  balanced accuracy {cv['balanced_accuracy_mean']:.3f} ± {cv['balanced_accuracy_sd']:.3f}"
    )
    print(f"  ROC AUC           {cv['roc_auc_mean']:.3f} ± {cv['roc_auc_sd']:.3f}")
    print(f"  sensitivity {cv['sensitivity']:.3f}, specificity {cv['specificity']:.3f}")
    for name, check in model["generalisation"].items():
        print(
            f"  {name}: balanced accuracy {check['balanced_accuracy']:.3f}, "
            f"ROC AUC {check['roc_auc']:.3f} ({check['test_fakes']}/{check['test_accounts']} fake)"
        )


if __name__ == "__main__":
    main()
