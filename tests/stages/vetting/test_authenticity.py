"""Tests of the follower-authenticity model (helpers.stages.vetting.authenticity)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.stages.vetting import authenticity as auth

ACCOUNTS = list(auth.ACCOUNT_COLUMNS)


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    return pd.read_csv(auth.LABELLED_PATH)


@pytest.fixture(scope="module")
def shipped() -> dict:
    return auth.load_follower_model()


@pytest.fixture(scope="module")
def refit(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A fresh fit (with its own cross-validation) written to a temporary file."""
    return auth.fit_follower_model(out=tmp_path_factory.mktemp("model") / "model.json")


def _sample(labelled: pd.DataFrame, size: int, fake_share: float, seed: int) -> pd.DataFrame:
    """Draw a synthetic audience with a known share of fake accounts."""
    rng = np.random.default_rng(seed)
    fakes = int(round(size * fake_share))
    picked = pd.concat(
        [
            labelled[labelled.is_fake == 1].sample(fakes, replace=True, random_state=rng),
            labelled[labelled.is_fake == 0].sample(size - fakes, replace=True, random_state=rng),
        ]
    )
    return picked[ACCOUNTS].reset_index(drop=True)


def test_probabilities_are_in_unit_interval_and_follow_a_shuffled_index(labelled):
    accounts = labelled[ACCOUNTS].sample(frac=1.0, random_state=3)
    accounts.index = [f"acct-{i}" for i in np.random.default_rng(0).permutation(len(accounts))]
    probability = auth.fake_follower_probability(accounts)
    assert probability.name == "fake_probability"
    assert len(probability) == len(accounts)
    assert probability.index.equals(accounts.index)
    assert probability.between(0.0, 1.0).all()
    one_by_one = auth.fake_follower_probability(accounts.iloc[[7]])
    assert one_by_one.iloc[0] == pytest.approx(probability.iloc[7])


def test_empty_input_gives_empty_series(labelled):
    probability = auth.fake_follower_probability(labelled[ACCOUNTS].iloc[:0])
    assert probability.empty
    assert probability.name == "fake_probability"
    assert auth.is_likely_fake(labelled[ACCOUNTS].iloc[:0]).empty


def test_bot_like_account_scores_far_above_an_ordinary_one():
    accounts = pd.DataFrame(
        {
            "posts": [0, 300],
            "following": [7000, 400],
            "followers": [5, 800],
            "has_profile_picture": [0, 1],
            "is_private": [0, 0],
        },
        index=["bot", "ordinary"],
    )
    probability = auth.fake_follower_probability(accounts)
    assert probability["bot"] > 0.9
    assert probability["ordinary"] < 0.1
    assert auth.is_likely_fake(accounts).tolist() == [True, False]


def test_numpy_scoring_matches_a_scikit_learn_fit(labelled, shipped):
    from sklearn.linear_model import LogisticRegression

    features = auth.follower_features(labelled)[shipped["features"]]
    standardised = (features - shipped["means"]) / shipped["scales"]
    reference = LogisticRegression(C=shipped["regularisation_C"], class_weight="balanced")
    reference.fit(standardised, labelled["is_fake"])
    expected = reference.predict_proba(standardised)[:, 1]
    actual = auth.fake_follower_probability(labelled).to_numpy()
    np.testing.assert_allclose(actual, expected, atol=1e-4)


def test_cross_validated_metrics_reach_the_floor(refit):
    cv = refit["cross_validation"]
    assert cv["balanced_accuracy_mean"] >= 0.85
    assert cv["roc_auc_mean"] >= 0.90


def test_shipped_metrics_match_a_fresh_cross_validation(refit, shipped):
    for key in ["balanced_accuracy_mean", "roc_auc_mean", "sensitivity", "specificity"]:
        assert shipped["cross_validation"][key] == pytest.approx(
            refit["cross_validation"][key], abs=0.01
        ), key


def test_refit_reproduces_the_shipped_model(refit, shipped):
    assert refit["features"] == shipped["features"]
    assert refit["threshold"] == shipped["threshold"]
    for key in ["means", "scales", "coefficients", "intercept"]:
        np.testing.assert_allclose(refit[key], shipped[key], rtol=1e-4, atol=1e-5, err_msg=key)
    assert "CC BY-SA 4.0" in shipped["credit"]


def test_fake_share_interval_covers_the_known_share(labelled):
    truth = 0.3
    results = [auth.audience_fake_share(_sample(labelled, 400, truth, seed)) for seed in range(40)]
    covered = np.mean([r.low <= truth <= r.high for r in results])
    assert covered >= 0.9
    assert np.mean([r.fake_share for r in results]) == pytest.approx(truth, abs=0.03)
    assert [r.sample_size for r in results] == [400] * 40
    assert all(0 <= r.low <= r.fake_share <= r.high <= 1 for r in results)


def test_an_all_real_audience_is_corrected_towards_zero(labelled):
    result = auth.audience_fake_share(_sample(labelled, 400, 0.0, seed=1))
    assert result.flagged_share > 0.05  # the classifier wrongly flags some real accounts
    assert result.low == 0.0
    assert result.fake_share < 0.05


def test_interval_narrows_with_sample_size(labelled):
    small = auth.audience_fake_share(_sample(labelled, 40, 0.3, seed=2))
    large = auth.audience_fake_share(_sample(labelled, 400, 0.3, seed=2))
    assert large.high - large.low < small.high - small.low


def test_empty_sample_reports_no_estimate(labelled):
    result = auth.audience_fake_share(labelled[ACCOUNTS].iloc[:0])
    assert result.sample_size == 0
    assert np.isnan([result.fake_share, result.low, result.high]).tolist() == [True] * 3


def test_fake_share_by_influencer_matches_one_at_a_time(labelled):
    audiences = pd.concat(
        [
            _sample(labelled, 120, 0.1, seed=5).assign(influencer_id="anna"),
            _sample(labelled, 60, 0.5, seed=6).assign(influencer_id="ben"),
        ],
        ignore_index=True,
    ).sample(frac=1.0, random_state=0)
    table = auth.audience_fake_share_by(audiences, by="influencer_id")
    assert table.index.tolist() == ["anna", "ben"]
    for name in ["anna", "ben"]:
        single = auth.audience_fake_share(audiences[audiences.influencer_id == name])
        row = table.loc[name]
        assert row["sample_size"] == single.sample_size
        for key in ["fake_share", "low", "high", "flagged_share"]:
            assert row[key] == pytest.approx(getattr(single, key))
    with pytest.raises(ValueError, match="brand_id"):
        auth.audience_fake_share_by(audiences, by="brand_id")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("followers", None, "followers"),  # column dropped
        ("posts", -3, "posts"),
        ("following", "1.2k", "following"),
        ("is_private", 2, "is_private"),
    ],
)
def test_bad_input_names_the_column(labelled, column, value, expected):
    accounts = labelled[ACCOUNTS].head(10).copy()
    if value is None:
        accounts = accounts.drop(columns=column)
    else:
        accounts[column] = accounts[column].astype(object)
        accounts.loc[4, column] = value
    with pytest.raises(ValueError, match=expected) as error:
        auth.fake_follower_probability(accounts)
    if value is not None:
        assert "4=" in str(error.value)  # names the offending row
    with pytest.raises(ValueError, match=expected):
        auth.audience_fake_share(accounts)
