"""The roi stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers import report


def ab_explorer(
    results: pd.DataFrame, alpha: float = 0.05, power: float = 0.8, language: str = "en"
) -> widgets.Widget:
    """Compare any two variants, creators, platforms or markets on a rate (stage 06, A/B).

    Parameters
    ----------
    results : DataFrame
        Checked campaign results (:func:`helpers.stages.roi.read_results`), with ``handle``.
    alpha, power : float
        Significance level and power of the test.
    language : str
        The language of the controls, verdicts and explanations.
    """
    import html

    from helpers.stages.roi import abtest
    from helpers.text.i18n import translator

    _ = translator(language)
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
        options=[
            (abtest.in_language(spec[3], language), name)
            for name, spec in abtest.RATE_METRICS.items()
        ],
        description=_("Rate"),
    )
    output = widgets.Output()

    def levels(*_args: object) -> None:
        names = sorted(results[by.value].dropna().astype(str).unique())
        first.options, second.options = names, names
        if len(names) >= 2:
            first.value, second.value = names[0], names[1]

    def refresh(*_args: object) -> None:
        with output:
            output.clear_output(wait=True)
            if first.value is None or second.value is None or first.value == second.value:
                pick = _("Pick two different groups.")
                display(widgets.HTML(f"<i>{html.escape(pick)}</i>"))
                return
            outcome = abtest.compare(
                results, metric.value, by.value, first.value, second.value, alpha, power, language
            )
            verdict = html.escape(str(outcome["verdict_text"]))
            display(widgets.HTML(f"<b>{verdict}</b>: {html.escape(outcome['explanation'])}"))
            if "rate_a" in outcome:
                shown = pd.DataFrame(
                    {
                        "group": [first.value, second.value],
                        "posts": [outcome["posts_a"], outcome["posts_b"]],
                        "rate": [outcome["rate_a"], outcome["rate_b"]],
                    }
                )
                display(
                    report.table(
                        shown,
                        formats={"rate": _.as_percent(3), "posts": _.as_number()},
                        columns={"group": _("group"), "posts": _("posts"), "rate": _("rate")},
                    )
                )

    by.observe(levels, names="value")
    for control in (by, first, second, metric):
        control.observe(refresh, names="value")
    levels()
    refresh()
    return widgets.VBox([widgets.HBox([by, metric]), widgets.HBox([first, second]), output])
