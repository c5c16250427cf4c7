"""A button under a notebook's widgets that keeps what the analyst tuned: the changed settings
as YAML for the campaign file, shown and saved beside the notebook's run folder."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from helpers.core.campaign import Campaign
from helpers.core.campaign.changes import save_settings
from helpers.text.i18n import Translator


def settings_saver(
    original: Campaign, current: Callable[[], Campaign], folder: Path, stage: str, _: Translator
) -> widgets.Widget:
    """A "Save these settings" button: writes ``settings-<stage>.yaml`` (only what differs from
    the campaign file) into ``folder`` and shows the lines to paste into the campaign file.

    Parameters
    ----------
    original : Campaign
        The campaign as loaded from its file.
    current : callable
        Returns the campaign as the widgets have it now.
    folder : Path
        Where the YAML goes (the notebook's run folder); the campaign file is never changed.
    stage : str
        The stage's key in the file name, e.g. ``02-vetting``.
    _ : Translator
        The campaign's language.
    """
    button = widgets.Button(description=_("Save these settings"), icon="save")
    shown = widgets.HTML()

    def save(*_event: object) -> None:
        path = save_settings(original, current(), folder, stage)
        if path is None:
            shown.value = "<p>" + html.escape(_("Nothing changed from the campaign file.")) + "</p>"
            return
        lines = path.read_text(encoding="utf-8")
        note = _("Saved to {path}: paste these lines into the campaign file.", path=str(path))
        shown.value = f"<p>{html.escape(note)}</p><pre>{html.escape(lines)}</pre>"

    button.on_click(save)
    return widgets.VBox([button, shown])
