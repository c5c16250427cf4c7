"""Stage 02, vetting: the explorer's sliders start at the campaign's settings and re-score the
shortlist when moved."""

from __future__ import annotations

import pytest

pytest.importorskip("ipywidgets")

from helpers.stages import vetting  # noqa: E402
from helpers.stages.vetting import widgets  # noqa: E402


def _sliders(explorer) -> list:
    thresholds, weights = explorer.children[0].children
    return [*thresholds.children[1:], *weights.children[1:]]


def test_explorer_has_a_slider_per_threshold_and_weight(world):
    campaign, tables = world
    explorer = widgets.shortlist_explorer(vetting.gather_creators(campaign, tables), campaign)
    sliders = _sliders(explorer)
    assert len(sliders) == 6 + 5
    assert sliders[0].description == "Max fake share"
    assert sliders[0].value == campaign.vetting.max_fake_share
    assert sliders[6].description == "Weight: audience fit"


def test_moving_a_slider_scores_again_and_no_weight_says_so(world, capsys):
    # outside a kernel the output area prints what it displays
    campaign, tables = world
    explorer = widgets.shortlist_explorer(vetting.gather_creators(campaign, tables), campaign)
    assert _shown(capsys) == ["Markdown", "Styler"]  # the finding and the top 25
    _sliders(explorer)[0].value = 0.5
    assert _shown(capsys) == ["Markdown", "Styler"]
    for slider in _sliders(explorer)[6:]:
        slider.value = 0
    # each weight set to 0 re-scores; the last leaves none, and the explorer says so
    assert _shown(capsys)[-1] == "HTML(value='<b>Set at least one weight above 0.</b>')"


def _shown(capsys) -> list[str]:
    """What the explorer displayed since last asked: object kinds, or a widget's text."""
    lines = [line.replace("\x1b[2K", "") for line in capsys.readouterr().out.splitlines()]
    kinds = []
    for line in filter(None, lines):
        for kind in ("Markdown", "Styler"):
            if line.startswith("<") and kind in line:
                line = kind
        kinds.append(line)
    return kinds


def test_the_explorer_saves_the_moved_sliders_as_yaml(world, tmp_path, capsys):
    campaign, tables = world
    explorer = widgets.shortlist_explorer(
        vetting.gather_creators(campaign, tables), campaign, save_to=tmp_path
    )
    button, shown = explorer.children[-1].children
    button.click()
    assert "Nothing changed" in shown.value
    _sliders(explorer)[0].value = 0.5  # max fake share
    button.click()
    saved = (tmp_path / "settings-02-vetting.yaml").read_text(encoding="utf-8")
    assert "vetting:\n  max_fake_share: 0.5\n" in saved
    assert "max_fake_share: 0.5" in shown.value
