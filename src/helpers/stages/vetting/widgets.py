"""The vetting stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers import report
from helpers.core.campaign import Campaign


def shortlist_explorer(creators: pd.DataFrame, campaign: Campaign) -> widgets.Widget:
    """Move the vetting thresholds and weights and watch the shortlist change (stage 02), in
    the campaign's language.

    ``creators`` comes from :func:`helpers.stages.vetting.gather_creators`; only the fast scoring
    step (:func:`helpers.stages.vetting.score_roster`) runs again on each change.
    """
    from helpers.stages import vetting
    from helpers.text.i18n import translator

    language = campaign.language
    _ = translator(language)
    settings = campaign.vetting
    style = {"description_width": "190px"}
    layout = widgets.Layout(width="420px")

    def slider(value: float, low: float, high: float, step: float, label: str, fmt: str):
        return widgets.FloatSlider(
            value=value,
            min=low,
            max=high,
            step=step,
            description=label,
            readout_format=fmt,
            style=style,
            layout=layout,
            continuous_update=False,
        )

    thresholds = {
        "max_fake_share": slider(settings.max_fake_share, 0, 1, 0.01, _("Max fake share"), ".0%"),
        "min_audience_in_markets": slider(
            settings.min_audience_in_markets, 0, 1, 0.05, _("Min audience in markets"), ".0%"
        ),
        "min_audience_quality": slider(
            settings.min_audience_quality, 0, 100, 1, _("Min audience quality"), ".0f"
        ),
        "min_composite_score": slider(
            settings.min_composite_score, 0, 100, 1, _("Min composite score"), ".0f"
        ),
        "min_disclosure_share": slider(
            settings.min_disclosure_share, 0, 1, 0.05, _("Min labelled share"), ".0%"
        ),
        "er_suspicious_high": slider(
            settings.er_suspicious_high, 1.5, 10, 0.5, _("ER too high at (x peers)"), ".1f"
        ),
    }
    weights = {
        name: slider(
            value,
            0,
            1,
            0.05,
            _("Weight: {component}", component=vetting.words(vetting.COMPONENT_NAMES, name,
                                                              language)),
            ".2f",
        )
        for name, value in settings.weights
    }  # fmt: skip
    output = widgets.Output()
    no_weight = widgets.HTML("<b>" + _("Set at least one weight above 0.") + "</b>")

    def refresh(*_event: object) -> None:
        with output:
            output.clear_output(wait=True)
            if not any(w.value > 0 for w in weights.values()):
                display(no_weight)
                return
            changed = settings.model_copy(
                update={name: w.value for name, w in thresholds.items()}
                | {
                    "weights": settings.weights.model_copy(
                        update={n: w.value for n, w in weights.items()}
                    )
                }
            )
            scored = vetting.score_roster(
                creators, campaign.model_copy(update={"vetting": changed})
            )
            counts = scored["status"].value_counts().reindex(list(vetting.STATUSES), fill_value=0)
            display(
                report.finding(
                    _(
                        "**{shortlisted} shortlisted**, **{flagged} flagged**, **{excluded} "
                        "excluded** of {total} creators on the roster.",
                        shortlisted=_.number(counts["shortlisted"]),
                        flagged=_.number(counts["flagged"]),
                        excluded=_.number(counts["excluded"]),
                        total=_.number(len(scored)),
                    ),
                    _("Finding"),
                )
            )
            running = vetting.in_rank_order(scored[scored["status"] != "excluded"]).head(25)
            shown = running[
                [
                    "handle",
                    "market",
                    "tier",
                    "composite_score",
                    "audience_fit",
                    "audience_quality",
                    "engagement_rate",
                    "fake_share",
                    "status",
                    "reasons",
                ]
            ].assign(status=vetting.shown_values(running["status"], vetting.STATUS_NAMES, language))
            display(
                report.table(
                    shown,
                    formats={
                        "composite_score": _.as_number(),
                        "audience_fit": _.as_number(2),
                        "audience_quality": _.as_number(),
                        "engagement_rate": _.as_percent(2),
                        "fake_share": _.as_percent(0),
                    },
                    columns={
                        "handle": _("handle"),
                        "market": _("market"),
                        "tier": _("tier"),
                        "composite_score": _("score (0-100)"),
                        "audience_fit": _("fit (0-1)"),
                        "audience_quality": _("quality (0-100)"),
                        "engagement_rate": _("ER per follower"),
                        "fake_share": _("fake share (estimate)"),
                        "status": _("status"),
                        "reasons": _("reasons"),
                    },
                    caption=_("Top 25 still in the running (shortlisted first)"),
                )
            )

    for control in [*thresholds.values(), *weights.values()]:
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox(
        [
            widgets.HBox(
                [
                    widgets.VBox(
                        [widgets.HTML("<b>" + _("Thresholds") + "</b>"), *thresholds.values()]
                    ),
                    widgets.VBox([widgets.HTML("<b>" + _("Weights") + "</b>"), *weights.values()]),
                ]
            ),
            output,
        ]
    )
