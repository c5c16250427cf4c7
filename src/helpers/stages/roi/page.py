"""The ROI page's tables as people read them: values in the campaign's words, machine values
(verdicts, labels) translated."""

from __future__ import annotations

import pandas as pd

from helpers import report
from helpers.stages.monitoring.page import kpi_column
from helpers.stages.roi.abtest import format_chance, format_p
from helpers.text.i18n import Translator

GOALS_SHOWN = ["label", "market", "target", "actual", "attainment", "met", "formula"]


def goals_view(goals: pd.DataFrame, currency: str, _: Translator) -> pd.DataFrame:
    """Every goal with its target and actual value in its unit, the verdict in words
    (met, missed, count by hand) and the formula translated.

    Parameters
    ----------
    goals : DataFrame
        :func:`helpers.stages.roi.goal_attainment` output.
    currency : str
        The campaign currency.
    _ : Translator
        The campaign's words.
    """

    verdicts = {True: _("met"), False: _("missed")}
    return goals.assign(
        label=goals["label"].map(_.term),
        market=goals["market"].replace({"all": _("all markets")}),
        target=kpi_column(goals, "target", currency, _),
        actual=kpi_column(goals, "actual", currency, _),
        met=goals["met"].map(verdicts).fillna(_("count by hand")),
        formula=goals["formula"].map(_.term),
    )[GOALS_SHOWN]


def ab_test_table(tests: pd.DataFrame, _: Translator):
    """The A/B tests for the page: each rate of A and B, the difference with its 95% interval
    across posts, the lift, the p-value per trial and across posts, and the chance B is better
    across posts (shown as "over 99%", never 100%).

    Parameters
    ----------
    tests : DataFrame
        :func:`helpers.stages.roi.abtest.variant_tests` output.
    _ : Translator
        The campaign's words.

    Returns
    -------
    pandas.io.formats.style.Styler
    """
    testable = tests[tests["verdict"] != "not testable"]
    intervals = zip(
        testable["difference"], testable["ci_low_across"], testable["ci_high_across"], strict=True
    )
    signed = [[_.signed_percent(value, 3) for value in row] for row in intervals]
    posts = _.as_number()
    shown = pd.DataFrame(
        {
            _("rate"): testable["label"],
            _("posts A / B"): testable["posts_a"].map(posts)
            + " / "
            + testable["posts_b"].map(posts),
            "A": testable["rate_a"],
            "B": testable["rate_b"],
            _("B - A [95% CI across posts]"): [f"{d} [{lo}, {hi}]" for d, lo, hi in signed],
            _("lift"): testable["relative_lift"],
            _("p per trial (z-test)"): testable["p_value"].map(lambda p: format_p(p, _)),
            _("p across posts"): testable["adjusted_p_value"].map(lambda p: format_p(p, _)),
            _("chance B better, across posts"): testable["chance_b_better"],
            _("verdict"): testable["verdict_text"],
        }
    )
    formats = {
        "A": _.as_percent(3),
        "B": _.as_percent(3),
        _("lift"): lambda value: _.signed_percent(value, 1),
        _("chance B better, across posts"): lambda value: format_chance(value, _),
    }
    return report.table(shown, formats=formats)
