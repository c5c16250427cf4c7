"""The vetting stage's ipywidgets front-end, for the analyst in JupyterLab (in a batch run the
notebook shows the same tables statically instead)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers import report
from helpers.core.campaign import Campaign
from helpers.report.settings import settings_saver
from helpers.stages.vetting.decisions import in_rank_order
from helpers.stages.vetting.scoring import score_roster
from helpers.stages.vetting.vocabulary import STATUSES, component_names, status_in_words
from helpers.text.i18n import Translator, translator

STYLE = {"description_width": "190px"}
# the columns of the top 25, as the shortlist file names them
SHOWN_COLUMNS = [
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


def shortlist_explorer(
    creators: pd.DataFrame, campaign: Campaign, save_to: Path | None = None
) -> widgets.Widget:
    """Move the vetting thresholds and weights and watch the shortlist change (stage 02), in
    the campaign's language.

    ``creators`` comes from :func:`helpers.stages.vetting.gather_creators`; only the fast scoring
    step (:func:`helpers.stages.vetting.score_roster`) runs again on each change. With
    ``save_to`` (the run folder), a button saves the changed settings as YAML for the campaign
    file (:func:`helpers.report.settings.settings_saver`).
    """
    _ = translator(campaign.language)
    thresholds = _threshold_sliders(campaign, _)
    weights = _weight_sliders(campaign, _)
    output = widgets.Output()
    no_weight = widgets.HTML("<b>" + _("Set at least one weight above 0.") + "</b>")

    def refresh(*_event: object) -> None:
        with output:
            output.clear_output(wait=True)
            if not any(w.value > 0 for w in weights.values()):
                display(no_weight)
                return
            scored = score_roster(creators, _with_settings(campaign, thresholds, weights))
            display(_counts(scored, _))
            display(_top_25(scored, _))

    for control in [*thresholds.values(), *weights.values()]:
        control.observe(refresh, names="value")
    refresh()

    def current() -> Campaign:
        return _with_settings(campaign, thresholds, weights)

    saver = [settings_saver(campaign, current, save_to, "02-vetting", _)] if save_to else []
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
            *saver,
        ]
    )


def _slider(value: float, low: float, high: float, step: float, label: str, fmt: str):
    return widgets.FloatSlider(
        value=value,
        min=low,
        max=high,
        step=step,
        description=label,
        readout_format=fmt,
        style=STYLE,
        layout=widgets.Layout(width="420px"),
        continuous_update=False,
    )


def _threshold_sliders(campaign: Campaign, _: Translator) -> dict[str, widgets.FloatSlider]:
    """One slider per threshold the analyst may move, by its name under ``vetting:``."""
    settings = campaign.vetting
    return {
        "max_fake_share": _slider(settings.max_fake_share, 0, 1, 0.01, _("Max fake share"), ".0%"),
        "min_audience_in_markets": _slider(
            settings.min_audience_in_markets, 0, 1, 0.05, _("Min audience in markets"), ".0%"
        ),
        "min_audience_quality": _slider(
            settings.min_audience_quality, 0, 100, 1, _("Min audience quality"), ".0f"
        ),
        "min_composite_score": _slider(
            settings.min_composite_score, 0, 100, 1, _("Min composite score"), ".0f"
        ),
        "min_disclosure_share": _slider(
            settings.min_disclosure_share, 0, 1, 0.05, _("Min labelled share"), ".0%"
        ),
        "er_suspicious_high": _slider(
            settings.er_suspicious_high, 1.5, 10, 0.5, _("ER too high at (x peers)"), ".1f"
        ),
    }


def _weight_sliders(campaign: Campaign, _: Translator) -> dict[str, widgets.FloatSlider]:
    """One slider per component's weight in the composite score."""
    names = component_names(_)
    return {
        name: _slider(value, 0, 1, 0.05, _("Weight: {component}", component=names[name]), ".2f")
        for name, value in campaign.vetting.weights
    }


def _with_settings(campaign: Campaign, thresholds: dict, weights: dict) -> Campaign:
    """The campaign with the sliders' thresholds and weights."""
    settings = campaign.vetting
    changed = settings.model_copy(
        update={name: w.value for name, w in thresholds.items()}
        | {"weights": settings.weights.model_copy(update={n: w.value for n, w in weights.items()})}
    )
    return campaign.model_copy(update={"vetting": changed})


def _counts(scored: pd.DataFrame, _: Translator):
    """How many creators each status holds, as a finding."""
    counts = scored["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    return report.finding(
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


def _top_25(scored: pd.DataFrame, _: Translator):
    """The first 25 still in the running, shortlisted first."""
    running = in_rank_order(scored[scored["status"] != "excluded"]).head(25)
    return report.table(
        status_in_words(running[SHOWN_COLUMNS], _),
        formats={
            "composite_score": _.as_number(),
            "audience_fit": _.as_number(2),
            "audience_quality": _.as_number(),
            "engagement_rate": _.as_percent(2),
            "fake_share": _.as_percent(0),
        },
        columns={
            "composite_score": _("score (0-100)"),
            "audience_fit": _("fit (0-1)"),
            "audience_quality": _("quality (0-100)"),
            "engagement_rate": _("ER per follower"),
            "fake_share": _("fake share (estimate)"),
        },
        caption=_("Top 25 still in the running (shortlisted first)"),
        words=_,
    )
