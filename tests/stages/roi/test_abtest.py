"""A/B tests (stage 06): the z-test, intervals, posterior and sample size against scipy and
statsmodels on known cases, the chance across posts on crafted posts (identical, disagreeing,
consistent, few), the verdicts, and the page's sentences for empty and one-post variants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
)

from helpers.stages.roi import abtest, charts, page, summary
from helpers.text.i18n import translator

EN = translator("en")


def test_guide_example_matches_statsmodels_and_says_not_enough_data():
    # Guide 7.3: page A 120 orders from 4,000 visits (3.0%), page B 150 from 4,000 (3.75%).
    # pooled 270 / 8,000 = 3.375%; SE = sqrt(0.03375 x 0.96625 x 2 / 4,000) = 0.004038;
    # z = 0.0075 / 0.004038 = 1.857, p = 0.063
    test = abtest.two_proportion_test(120, 4000, 150, 4000)
    z, p = proportions_ztest([150, 120], [4000, 4000])
    assert test.z == pytest.approx(z) and test.z == pytest.approx(1.857, abs=1e-3)
    assert test.p_value == pytest.approx(p) and test.p_value == pytest.approx(0.0633, abs=1e-3)
    assert test.difference == pytest.approx(0.0075)
    assert test.relative_lift == pytest.approx(0.25)
    low, high = confint_proportions_2indep(150, 4000, 120, 4000, method="wald", compare="diff")
    assert (test.ci_low, test.ci_high) == (pytest.approx(low), pytest.approx(high))
    assert not test.significant
    # "we would need roughly 9,100 visits per page": (1.95996 + 0.84162)^2 = 7.84888;
    # x (0.0291 + 0.0360938) / 0.0075^2 = 9,097
    assert test.needed_per_variant == 9097
    assert not test.enough_data


def test_required_sample_size_by_hand():
    # 1.0% against 1.3%: 7.8489 x (0.0099 + 0.012831) / 0.003^2 = 19,824 (the guide: ~19,800)
    assert abtest.required_sample_size(0.010, 0.013) == pytest.approx(19824, abs=2)
    assert abtest.required_sample_size(0.02, 0.02) == float("inf")
    # stricter test, more sample: alpha 1% and power 90%
    assert abtest.required_sample_size(0.010, 0.013, 0.01, 0.9) > 30_000


def test_posterior_chance_matches_numerical_integration():
    # P(p_B > p_A) with Beta(1 + x, 1 + n - x) posteriors = integral of f_B(t) x F_A(t) dt
    a, b = stats.beta(1 + 3, 1 + 17), stats.beta(1 + 8, 1 + 12)
    exact, _ = integrate.quad(lambda t: b.pdf(t) * a.cdf(t), 0, 1)
    assert abtest.chance_per_trial(3, 20, 8, 20) == pytest.approx(exact, abs=0.005)
    assert abtest.chance_per_trial(8, 20, 3, 20) == pytest.approx(1 - exact, abs=0.005)


def test_wilson_interval_matches_statsmodels():
    low, high = proportion_confint(30, 2000, method="wilson")
    assert abtest.wilson_interval(30, 2000) == (pytest.approx(low), pytest.approx(high))


def test_not_a_proportion_is_refused():
    with pytest.raises(ValueError, match="variant A: 50 successes out of 40 is not a proportion"):
        abtest.two_proportion_test(50, 40, 1, 10)
    with pytest.raises(ValueError, match="variant B has no trials"):
        abtest.two_proportion_test(1, 10, 0, 0)


def test_dispersion_by_hand():
    # one arm, posts 10/100 and 30/100: pooled 0.2, each residual (10)^2 / (100 x 0.2 x 0.8)
    # = 6.25, chi-square 12.5 on 2 posts - 1 group = 1 degree of freedom
    clicks, shown = pd.Series([10, 30]), pd.Series([100, 100])
    assert abtest.dispersion(clicks, shown, pd.Series(["A", "A"])) == pytest.approx(12.5)
    # posts that agree exactly are pure chance: never below 1
    same = abtest.dispersion(
        pd.Series([10, 10, 20]), pd.Series([100, 100, 200]), pd.Series(["A"] * 3)
    )
    assert same == 1.0


def _posts(clicks_a, clicks_b, impressions=100_000):
    rows = [("A", c) for c in clicks_a] + [("B", c) for c in clicks_b]
    return pd.DataFrame(
        {
            "variant": [v for v, _ in rows],
            "link_clicks": [c for _, c in rows],
            "impressions": impressions,
            "conversions": 0,
            "engagements": 0,
            "reach": impressions,
        }
    )


def test_verdict_b_ahead_when_posts_agree():
    # every A post 1.00% CTR, every B post 1.30%: significant, and posts do not vary
    outcome = abtest.compare(_posts([1000] * 4, [1300] * 4), "ctr")
    assert outcome["verdict"] == "B ahead"
    assert outcome["dispersion"] == 1.0 and outcome["freedom"] == 8 - 2
    # z = 0.003 / sqrt(0.0115 x 0.9885 x 2 / 400,000) = 12.54; across posts the same z on
    # Student t with 6 degrees of freedom: p = 2 x t.sf(12.54, 6) = 1.5e-5
    z = 0.003 / np.sqrt(0.0115 * 0.9885 * 2 / 400_000)
    assert outcome["z"] == pytest.approx(z)
    assert outcome["adjusted_p_value"] == pytest.approx(2 * stats.t.sf(z, 6))
    assert outcome["posts_a"] == outcome["posts_b"] == 4
    # consistent posts: the chance is high, and shown capped, never as 100%
    assert outcome["chance_b_better"] > 0.999
    assert abtest.format_chance(outcome["chance_b_better"]) == "over 99%"
    assert "over 99%" in outcome["explanation"]


def test_verdict_not_confirmed_across_posts_when_posts_vary():
    # same totals (4,000 vs 5,200 clicks) but posts all over the place
    outcome = abtest.compare(_posts([100, 3000, 200, 700], [300, 4500, 100, 300]), "ctr")
    assert outcome["p_value"] < 0.001
    assert outcome["verdict"] == "B ahead per impression, not confirmed across posts"
    assert outcome["adjusted_p_value"] > 0.05
    assert "test again" in outcome["explanation"]


def test_chance_with_identical_posts_is_a_coin_toss():
    # the same posts in both variants: no difference, 50%; one post 10 clicks apart: about 50%
    same = abtest.compare(_posts([100, 3000, 200, 700], [700, 200, 3000, 100]), "ctr")
    assert same["chance_b_better"] == 0.5
    assert same["verdict"] == "no difference found"
    close = abtest.compare(_posts([100, 3000, 200, 700], [110, 3000, 200, 700]), "ctr")
    assert close["chance_b_better"] == pytest.approx(0.5, abs=0.02)


def test_chance_with_posts_that_disagree_is_moderate_even_with_many_clicks():
    # 9,200 clicks on 800,000 impressions: per impression B looks certain, across posts not
    outcome = abtest.compare(_posts([100, 3000, 200, 700], [300, 4500, 100, 300]), "ctr")
    assert outcome["chance_per_trial"] > 0.999
    assert 0.5 < outcome["chance_b_better"] < 0.75
    # the two figures agree: for the leader, the chance is about 1 - p across posts / 2
    assert outcome["chance_b_better"] == pytest.approx(
        1 - outcome["adjusted_p_value"] / 2, abs=0.03
    )
    # by hand: B - A = 0.013 - 0.010 = 0.003; SE per impression sqrt(0.01 x 0.99 / 400,000
    # + 0.013 x 0.987 / 400,000) = 0.0002390; x sqrt(dispersion); Student t with 6 df
    se = np.sqrt(0.01 * 0.99 / 400_000 + 0.013 * 0.987 / 400_000)
    scale = se * np.sqrt(outcome["dispersion"])
    assert outcome["chance_b_better"] == pytest.approx(stats.t.cdf(0.003 / scale, 6))
    low, high = outcome["ci_low_across"], outcome["ci_high_across"]
    assert low < 0 < high  # the interval across posts holds zero, as the p-value says
    assert high - 0.003 == pytest.approx(stats.t.ppf(0.975, 6) * scale)


def test_chance_with_few_posts_stays_near_a_coin_toss():
    # two posts per variant, B 8% ahead: per impression 99.8%, across posts about 60%
    outcome = abtest.compare(_posts([900, 1500], [1500, 1100]), "ctr")
    assert outcome["chance_per_trial"] > 0.99
    assert 0.5 < outcome["chance_b_better"] < 0.7
    assert outcome["freedom"] == 2


def test_the_chance_and_the_p_value_agree_on_the_sample_campaigns():
    from helpers.core.config import SAMPLE_DIR
    from helpers.core.results import prepare

    for name in ("aurora-baltics-2027", "nordic-threads-2027", "pulse-app-launch-2027"):
        results = prepare(pd.read_csv(SAMPLE_DIR / f"results-{name}.csv"))
        for row in abtest.variant_tests(results).itertuples():
            leader = row.chance_b_better if row.difference > 0 else 1 - row.chance_b_better
            assert leader == pytest.approx(1 - row.adjusted_p_value / 2, abs=0.03), (name, row)
            if row.adjusted_p_value > 0.05:  # not confirmed across posts: never "sure"
                assert leader < 0.975


def test_verdict_not_enough_data_names_the_sample_needed():
    outcome = abtest.compare(_posts([10, 12], [13, 14], impressions=1000), "ctr")
    assert outcome["verdict"] == "not enough data"
    needed = abtest.required_sample_size(22 / 2000, 27 / 2000)
    assert f"about {needed:,.0f} impressions per variant" in outcome["explanation"]
    assert "Even counted per impression" in outcome["explanation"]  # after the fact, said so


def test_next_test_plan_uses_the_spread_these_posts_showed():
    outcome = abtest.compare(_posts([100, 3000, 200, 700], [300, 4500, 100, 300]), "ctr")
    assert outcome["spread_basis"] == "measured"
    # ICC = (dispersion - 1) / (100,000 - 1); its design effect is the dispersion itself
    assert outcome["icc"] == pytest.approx((outcome["dispersion"] - 1) / 99_999)
    assert outcome["design_effect"] == pytest.approx(outcome["dispersion"])
    assert outcome["baseline"] == pytest.approx(0.01) and outcome["target"] == pytest.approx(0.012)
    assert outcome["posts_needed"] > 100 and not outcome["enough"]


def test_no_variants_no_test():
    assert abtest.variant_tests(_posts([10], []).assign(variant="A")).empty
    outcome = abtest.compare(_posts([10], [], impressions=100), "ctr")
    assert outcome["verdict"] == "not testable"


def test_empty_and_one_post_variants_are_page_sentences():
    assert summary.ab_finding(pd.DataFrame(), "ctr", EN) == (
        "The results carry no A/B variants to compare."
    )
    empty_b = pd.DataFrame([abtest.compare(_posts([10, 20], [], impressions=100), "ctr")])
    assert summary.ab_finding(empty_b, "ctr", EN) == (
        "**The variants cannot be compared on click\\-through rate**: variant B has no trials."
    )
    one = abtest.variant_tests(_posts([1000], [1300]))
    ctr = one.set_index("metric").loc["ctr"]
    assert ctr["verdict"] == "too few posts" and np.isnan(ctr["chance_b_better"])
    assert "Each variant needs at least two posts" in ctr["explanation"]
    finding = summary.ab_finding(one, "ctr", EN)
    assert finding.startswith("**Too few posts to compare the variants on click\\-through rate**")
    assert "variant A has 1 post(s) and B has 1" in finding
    assert "With posts as different as the campaign assumes" in finding  # the assumed spread
    table = page.ab_test_table(one, EN).to_html()
    assert "–" in table and "100%" not in table
    charts.plot_ab_tests(one, EN)  # the Wilson interval per trial, no crash


def test_the_finding_names_the_variant_and_how_sure_across_posts():
    tests = abtest.variant_tests(_posts([100, 3000, 200, 700], [300, 4500, 100, 300]))
    finding = summary.ab_finding(tests, "ctr", EN)
    chance = abtest.format_chance(tests.set_index("metric").loc["ctr", "chance_b_better"])
    assert finding.startswith("**No winner on click\\-through rate yet**: B's rate is higher")
    assert f"the chance B is really better is {chance} (p = " in finding
    assert "across posts)" in finding and "100%" not in finding
    table = page.ab_test_table(tests, EN).to_html()
    assert "chance B better, across posts" in table and ">100%<" not in table


def test_group_rates_chi_square_equals_the_z_test_for_two_groups():
    posts = _posts([1000, 1100], [1300, 1250]).rename(columns={"variant": "platform"})
    rates, p_value = abtest.group_rates(posts, "ctr", "platform")
    z_test = abtest.two_proportion_test(2100, 200_000, 2550, 200_000)
    assert p_value == pytest.approx(z_test.p_value)
    assert rates["group"].tolist() == ["B", "A"]  # best rate first
    assert rates["rate"].tolist() == pytest.approx([0.01275, 0.0105])


def test_sample_campaign_pulse_b_leads_on_ctr_but_not_across_posts():
    from helpers.core.config import SAMPLE_DIR
    from helpers.core.results import prepare

    results = prepare(pd.read_csv(SAMPLE_DIR / "results-pulse-app-launch-2027.csv"))
    ctr = abtest.variant_tests(results).set_index("metric").loc["ctr"]
    # A 17,390 clicks / 2,530,337 impressions = 0.687%; B 12,516 / 1,698,862 = 0.737%
    assert ctr["rate_a"] == pytest.approx(17390 / 2530337)
    assert ctr["rate_b"] == pytest.approx(12516 / 1698862)
    assert ctr["verdict"] == "B ahead per impression, not confirmed across posts"
    assert np.isfinite(ctr["needed_per_variant"])
    # the case: "chance B better 100%" next to "p = 0.63 across posts"; now they agree
    assert ctr["chance_per_trial"] > 0.999
    assert ctr["adjusted_p_value"] == pytest.approx(0.63, abs=0.01)
    assert ctr["chance_b_better"] == pytest.approx(1 - 0.635 / 2, abs=0.02)
    assert ctr["posts_needed"] > ctr["posts_per_variant"] == 13
