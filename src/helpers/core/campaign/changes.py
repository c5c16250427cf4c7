"""What an analyst changed in a notebook's widgets, as YAML for the campaign file.

A widget works on a changed copy of the campaign (``campaign.model_copy(update=...)``). The
settings that differ from the campaign file are written as the few lines to paste into it, in
the file's own names, so a tuned threshold or phase is not lost when the notebook closes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from helpers.core.campaign.model import Campaign


def changed_settings(original: Campaign, changed: Campaign) -> dict[str, Any]:
    """The settings of ``changed`` that differ from ``original``, nested as in the campaign file.

    Parameters
    ----------
    original, changed : Campaign
        The campaign as loaded, and the copy a widget made.

    Returns
    -------
    dict
        Only the differing values (``{"vetting": {"weights": {"fit": 0.4}}}``); lists (phases,
        goals) are given whole when anything in them changed.
    """
    before = original.model_dump(mode="json", by_alias=True)
    after = changed.model_dump(mode="json", by_alias=True)
    return _difference(before, after)


def _difference(before: Any, after: Any) -> Any:
    if isinstance(before, dict) and isinstance(after, dict):
        found = {}
        for key, value in after.items():
            if key not in before:
                found[key] = value
            elif before[key] != value:
                found[key] = _difference(before[key], value)
        return found
    return after


def settings_yaml(original: Campaign, changed: Campaign) -> str:
    """:func:`changed_settings` as YAML lines to paste into the campaign file ("" if none)."""
    changes = changed_settings(original, changed)
    if not changes:
        return ""
    return yaml.safe_dump(changes, sort_keys=False, allow_unicode=True, default_flow_style=False)


def save_settings(original: Campaign, changed: Campaign, folder: Path, stage: str) -> Path | None:
    """Write :func:`settings_yaml` to ``folder/settings-<stage>.yaml`` (never the campaign file
    itself: inputs are not modified); None when nothing changed."""
    from helpers.core.artifacts import write_text_atomically

    text = settings_yaml(original, changed)
    if not text:
        return None
    path = Path(folder) / f"settings-{stage}.yaml"
    header = f"# {original.id}: settings changed in stage {stage}; paste into the campaign file\n"
    write_text_atomically(path, header + text)
    return path
