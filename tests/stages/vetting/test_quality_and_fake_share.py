"""Stage 02, vetting: audience quality agrees with the estimated fake share, and the sample that
would narrow a wide interval to 10 points."""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest

from helpers.stages import vetting
from helpers.stages.vetting import authenticity as auth
from tests.stages.vetting.planted import creator, make_campaign


def scored(rows: list[dict], **settings) -> pd.DataFrame:
    frame = pd.DataFrame([vetting.MEASURE_DEFAULTS | {"data_issues": ""} | r for r in rows])
    return vetting.score_roster(frame, make_campaign(**settings)).set_index("influencer_id")


def sampled(influencer_id: str, fake: float, low: float, high: float, size: int, **values):
    """A creator with a follower sample, 12 steady weeks and 10 posts at the peers' rate."""
    return creator(
        influencer_id,
        posts_checked=10,
        median_engagements=320,
        fake_share=fake,
        fake_share_low=low,
        fake_share_high=high,
        follower_sample_size=size,
        flagged_share=auth.flagged_share_of(np.array([fake]))[0],
        history_weeks=12,
        jump=0.01,
        jump_z=1.0,
        drop=0.01,
        drop_z=1.0,
        **values,
    )


def test_quality_is_never_above_the_share_estimated_real():
    table = scored(
        [
            # the creator: 44% fake (24-65%); growth and engagement clean
            sampled("forty_four", 0.44, 0.24, 0.65, 39),
            sampled("clean", 0.05, 0.0, 0.2, 50),
        ],
        max_fake_share=0.25,
    )
    high = table.loc["forty_four"]
    # the weighted mean would be (0.5 x 0.56 + 0.25 + 0.25) / 1 = 78; held at 100 x 0.56 = 56
    assert high["audience_quality"] == pytest.approx(56)
    assert high["quality_ceiling"] == pytest.approx(56)
    assert high["quality_driver"] == "follower_sample"
    # above the 25% limit, the interval includes it: at least a flag, never shortlisted
    assert high["status"] == "flagged"
    assert (
        "estimated 44% fake followers (95% interval 24%-65%, 39 sampled accounts)"
        in (high["reasons"])
    )
    assert "followers to narrow it to 10 points" in high["reasons"]
    # the interval includes the limit: the sample cannot tell, confidence at most medium
    assert high["confidence_level"] == "medium"
    # 5% fake: the mean (0.5 x 0.95 + 0.25 + 0.25) / 1 = 97.5 is held at the ceiling, 95
    clean = table.loc["clean"]
    assert clean["audience_quality"] == pytest.approx(95)
    assert clean["status"] == "shortlisted"
    assert clean["confidence_level"] == "high"


def test_quality_80_or_more_needs_a_fake_share_of_20_percent_or_less():
    rows = [sampled(f"c{share}", share / 100, 0, 1, 40) for share in (10, 20, 21, 30, 50)]
    table = scored(rows, max_fake_share=0.9)
    quality = table["audience_quality"]
    assert (quality[table["fake_share"] > 0.2] < 80).all()
    assert quality["c20"] == pytest.approx(80)


def test_a_vendor_figure_above_the_limit_flags_and_holds_quality_down():
    row = creator("vendor_only", vendor_fake_share=0.45, vendor_source="Modash, 2026-10")
    table = scored([row], max_fake_share=0.3)
    only = table.loc["vendor_only"]
    assert only["status"] == "flagged"
    assert "Modash, 2026-10 puts fake followers at 45%, above the 30% limit" in only["reasons"]
    assert only["audience_quality"] <= 55 + 1e-9


def _width(flagged: float, size: float, model: dict) -> float:
    result = auth._corrected_shares(np.array([flagged * size]), np.array([size]), 0.95, model)
    return float(result["high"][0] - result["low"][0])


@pytest.mark.parametrize("fake", [0.1, 0.3, 0.44])
def test_sample_for_10_points_solves_the_intervals_own_formula(fake):
    model = auth.load_follower_model()
    flagged = auth.flagged_share_of(np.array([fake]))[0]
    needed = auth.sample_for_width(np.array([flagged]))[0]
    # the smallest sample whose interval (Wilson, corrected, widened) is 10 points or less
    assert _width(flagged, needed, model) <= 0.10 + 1e-12
    assert _width(flagged, needed - 1, model) > 0.10
    # by hand, with the normal approximation of the Wilson interval: the half-width z x
    # sqrt(p (1 - p) / n) / J in quadrature with the model's own z x sd must reach 5 points
    cv = model["cross_validation"]
    sens, spec = cv["sensitivity"], cv["specificity"]
    youden = sens + spec - 1
    z = NormalDist().inv_cdf(0.975)
    floor = (
        np.sqrt(
            fake**2 * sens * (1 - sens) / cv["labelled_fakes"]
            + (1 - fake) ** 2 * spec * (1 - spec) / cv["labelled_reals"]
        )
        / youden
    )
    by_hand = z**2 * flagged * (1 - flagged) / (youden**2 * (0.05**2 - (z * floor) ** 2))
    assert needed == pytest.approx(by_hand, rel=0.05)


def test_no_sample_narrows_it_when_the_models_own_error_is_wider():
    model = dict(auth.load_follower_model())
    # a model checked on 10 fakes only: its sensitivity alone is too uncertain
    model["cross_validation"] = model["cross_validation"] | {"labelled_fakes": 10}
    flagged = auth.flagged_share_of(np.array([0.6]), model)
    assert np.isinf(auth.sample_for_width(flagged, model=model)[0])
    assert np.isnan(auth.sample_for_width(np.array([np.nan]))[0])


def test_the_shortlist_names_the_sample_for_wide_intervals_only():
    table = scored(
        # widths 46 and 6 points: 26 on average
        [sampled("wide", 0.3, 0.1, 0.56, 40), sampled("narrow", 0.3, 0.26, 0.32, 5000)],
        max_fake_share=0.5,
    )
    assert table.loc["wide", "sample_for_10_points"] == pytest.approx(
        auth.sample_for_width(auth.flagged_share_of(np.array([0.3])))[0]
    )
    assert np.isnan(table.loc["narrow", "sample_for_10_points"])
    line = vetting.summary.interval_line(table.reset_index())
    assert line.startswith(
        "The 95% intervals of the 2 sampled creators still in the running average 26 points wide "
        "(1 already 10 points or narrower) on samples of 2,520 accounts (median)."
    )


def test_a_sample_that_cannot_narrow_it_is_a_yes_not_an_infinite_count():
    # a fake share of 0.7: the model's own error on 98 labelled fakes keeps the interval wider
    # than 10 points at any sample size (sample_for_width gives inf); the table holds no inf,
    # which no spreadsheet cell can
    table = scored(
        [sampled("never", 0.7, 0.5, 0.9, 40), sampled("wide", 0.3, 0.1, 0.56, 40)],
        max_fake_share=0.95,
        min_audience_quality=20,  # both stay in the running
    )
    assert np.isinf(auth.sample_for_width(auth.flagged_share_of(np.array([0.7])))[0])
    assert table.loc["never", "no_sample_narrows"] and np.isnan(
        table.loc["never", "sample_for_10_points"]
    )
    assert not table.loc["wide", "no_sample_narrows"]
    assert np.isfinite(table.select_dtypes("number").to_numpy(dtype=float, na_value=0)).all()
    line = vetting.summary.interval_line(table.reset_index())
    assert line.endswith(
        "For 1 of them no sample will do: the model's own error rates, measured on 98 labelled "
        "fakes, keep the interval wider."
    )
