"""The roi stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np
import pandas as pd
from IPython.display import display

from helpers import report
from helpers.stages.roi import abtest
from helpers.text.i18n import Translator


def ab_explorer(
    results: pd.DataFrame,
    alpha: float,
    power: float,
    _: Translator,
    min_lift: float = 0.2,
    assumed_spread: float = abtest.ab_plan.DEFAULT_POST_SPREAD,
) -> widgets.Widget:
    """Compare any two variants, creators, platforms or markets on a rate (stage 06, A/B).

    Parameters
    ----------
    results : DataFrame
        Checked campaign results (:func:`helpers.stages.monitoring.read_results`), with
        ``handle``.
    alpha, power : float
        Significance level and power of the test.
    _ : Translator
        The campaign's words: controls, verdicts and explanations.
    min_lift, assumed_spread : float
        The smallest change worth detecting and the posts' spread assumed where the posts
        cannot show it, for the posts the next test needs.
    """
    by, first, second, metric = _controls(_)
    output = widgets.Output()

    def levels(*_args: object) -> None:
        names = sorted(results[by.value].dropna().astype(str).unique())
        first.options, second.options = names, names
        if len(names) >= 2:
            first.value, second.value = names[0], names[1]

    def refresh(*_args: object) -> None:
        with output:
            output.clear_output(wait=True)
            groups = (by.value, first.value, second.value)
            settings = (alpha, power, min_lift, assumed_spread)
            for shown in _comparison(results, metric.value, groups, settings, _):
                display(shown)

    by.observe(levels, names="value")
    for control in (by, first, second, metric):
        control.observe(refresh, names="value")
    levels()
    refresh()
    return widgets.VBox([widgets.HBox([by, metric]), widgets.HBox([first, second]), output])


def _controls(_: Translator) -> tuple[widgets.Dropdown, ...]:
    """What to compare by, the two groups, and the rate."""
    by = widgets.Dropdown(
        options=[
            (_("variant"), "variant"),
            (_("creator (handle)"), "handle"),
            (_("platform"), "platform"),
            (_("market"), "market"),
            (_("format"), "format"),
        ],
        description=_("Compare"),
    )
    first, second = widgets.Dropdown(description="A"), widgets.Dropdown(description="B")
    metric = widgets.Dropdown(
        options=[(_.term(spec[3]), name) for name, spec in abtest.RATE_METRICS.items()],
        description=_("Rate"),
    )
    return by, first, second, metric


def _comparison(
    results: pd.DataFrame,
    metric: str,
    groups: tuple[str, str | None, str | None],
    settings: tuple[float, float, float, float],
    _: Translator,
) -> list:
    """The verdict with its explanation (the chance across posts in it) and each group's
    rate, with the posts the next test needs, ready to display."""
    by, first, second = groups
    if first is None or second is None or first == second:
        pick = _("Pick two different groups.")
        return [widgets.HTML(f"<i>{html.escape(pick)}</i>")]
    alpha, power, min_lift, assumed_spread = settings
    outcome = abtest.compare(
        results, metric, by, first, second, alpha, power, _, min_lift, assumed_spread
    )
    verdict = html.escape(str(outcome["verdict_text"]))
    shown = [widgets.HTML(f"<b>{verdict}</b>: {html.escape(outcome['explanation'])}")]
    if "rate_a" in outcome:
        rates = pd.DataFrame(
            {
                "group": [first, second],
                "posts": [outcome["posts_a"], outcome["posts_b"]],
                "rate": [outcome["rate_a"], outcome["rate_b"]],
            }
        )
        formats = {"rate": _.as_percent(3), "posts": _.as_number()}
        shown.append(report.table(rates, formats, columns={"group": _("group")}, words=_))
        if np.isfinite(outcome["posts_needed"]):
            need = _(
                "To detect {lift}, each group needs about {need} posts.",
                lift=_.signed_percent(min_lift),
                need=_.number(outcome["posts_needed"]),
            )
            shown.append(widgets.HTML(f"<i>{html.escape(need)}</i>"))
    return shown
