"""Stage 04's explorer keeps what the analyst tuned: the moved spacing rule, as YAML for the
campaign file."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from helpers.core.campaign import load_campaign  # noqa: E402
from helpers.stages.calendar import widgets  # noqa: E402
from tests.stages.calendar.conftest import SMALL, deliverables  # noqa: E402


def test_the_explorer_saves_the_spacing_rule_as_yaml(tmp_path, capsys):
    campaign = load_campaign(SMALL)
    rows = deliverables(("a", "LV", "instagram", "reel", 2, 100))
    explorer = widgets.calendar_explorer(rows, campaign, save_to=tmp_path)
    explorer.children[-4].children[0].value = 30  # spacing hours
    button, shown = explorer.children[-1].children
    button.click()
    saved = (tmp_path / "settings-04-calendar.yaml").read_text(encoding="utf-8")
    assert "calendar:\n  spacing_hours: 30.0\n" in saved
    assert "Saved to" in shown.value
