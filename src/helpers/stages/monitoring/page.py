"""The monitoring page's tables as people read them: values in the campaign's words, machine
values (statuses, formats) translated."""

from __future__ import annotations

import pandas as pd

from helpers import report
from helpers.stages.monitoring.summary import format_chance
from helpers.text import labels
from helpers.text.i18n import Translator

PACING_SHOWN = [
    "label",
    "market",
    "target",
    "so_far",
    "projected",
    "likely_range",
    "chance",
    "status",
]


def kpi_column(frame: pd.DataFrame, column: str, currency: str, _: Translator) -> list[str]:
    """A column of KPI values as people read them, each in its row's ``unit``."""
    pairs = zip(frame[column], frame["unit"], strict=True)
    return [report.kpi_value(value, unit, currency, _) for value, unit in pairs]


def pacing_view(pacing: pd.DataFrame, currency: str, _: Translator) -> pd.DataFrame:
    """Every goal's pacing with each value in its unit (``EUR 19.50``, ``3.5%``), the likely
    range, the chance in words and the status translated.

    Parameters
    ----------
    pacing : DataFrame
        :func:`helpers.stages.monitoring.pacing` output.
    currency : str
        The campaign currency.
    _ : Translator
        The campaign's words.

    Returns
    -------
    DataFrame
        ``label``, ``market``, ``target``, ``so_far``, ``projected``, ``likely_range``,
        ``chance`` and ``status``, all text.
    """

    def shown(column: str) -> list[str]:
        return kpi_column(pacing, column, currency, _)

    ranges = zip(shown("projected_low"), shown("projected_high"), strict=True)
    view = pacing.assign(
        label=pacing["label"].map(_.term),
        market=pacing["market"].replace({"all": _("all markets")}),
        target=shown("target"),
        so_far=shown("actual_to_date"),
        projected=shown("projected_end"),
        likely_range=[_("{low} to {high}", low=low, high=high) for low, high in ranges],
        chance=pacing["chance_of_meeting"].map(lambda chance: format_chance(chance, _)),
        status=pacing["status"].map(_.term),
    )
    return view[PACING_SHOWN]


def outlier_posts(posts: pd.DataFrame, _: Translator) -> pd.DataFrame:
    """The posts well above or below what was expected of them, with status and format in
    words.

    Parameters
    ----------
    posts : DataFrame
        :func:`helpers.stages.monitoring.performance` at the ``"post"`` level.
    _ : Translator
        The campaign's words.
    """
    outliers = posts[posts["status"].isin(["over-performing", "under-performing"])]
    return outliers.assign(
        status=outliers["status"].map(_.term),
        format=outliers["format"].map(lambda name: labels.post_kind(name, _)),
    )[["post_id", "handle", "format", "posted_at", "cost", "result", "expected", "index", "status"]]
