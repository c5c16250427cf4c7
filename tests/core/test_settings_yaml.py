"""What a widget changed, as YAML for the campaign file: only the differing settings, nested as
in the file, written beside the notebook's run folder and never into the campaign file."""

from __future__ import annotations

import yaml

from helpers.core.campaign import load_campaign
from helpers.core.campaign.changes import changed_settings, save_settings, settings_yaml
from helpers.core.config import CAMPAIGNS_DIR

DEMO = CAMPAIGNS_DIR / "aurora-baltics-2027.yaml"


def _tuned():
    campaign = load_campaign(DEMO)
    vetting = campaign.vetting.model_copy(
        update={
            "max_fake_share": 0.2,
            "weights": campaign.vetting.weights.model_copy(update={"audience_fit": 0.4}),
        }
    )
    calendar = campaign.calendar.model_copy(update={"spacing_hours": 24.0})
    return campaign, campaign.model_copy(update={"vetting": vetting, "calendar": calendar})


def test_only_the_changed_settings_nested_as_in_the_file():
    campaign, tuned = _tuned()
    assert changed_settings(campaign, tuned) == {
        "vetting": {"max_fake_share": 0.2, "weights": {"audience_fit": 0.4}},
        "calendar": {"spacing_hours": 24.0},
    }
    assert changed_settings(campaign, campaign) == {}


def test_the_yaml_loads_back_and_a_campaign_with_it_has_the_settings(tmp_path):
    campaign, tuned = _tuned()
    text = settings_yaml(campaign, tuned)
    assert text.splitlines()[:2] == ["vetting:", "  max_fake_share: 0.2"]
    merged = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    for section, values in yaml.safe_load(text).items():
        for key, value in values.items():
            target = merged.setdefault(section, {})
            if isinstance(value, dict):
                target.setdefault(key, {}).update(value)
            else:
                target[key] = value
    path = tmp_path / "tuned.yaml"
    text = yaml.safe_dump(merged, allow_unicode=True, sort_keys=False)
    # the example names its sample files relative to its folder
    path.write_text(text.replace("../sample/", f"{(CAMPAIGNS_DIR / '../sample').resolve()}/"))
    again = load_campaign(path)
    assert again.vetting.weights.audience_fit == 0.4
    assert again.calendar.spacing_hours == 24.0


def test_saved_beside_the_run_never_into_the_campaign_file(tmp_path):
    campaign, tuned = _tuned()
    before = DEMO.read_bytes()
    path = save_settings(campaign, tuned, tmp_path, "02-vetting")
    assert path == tmp_path / "settings-02-vetting.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# aurora-baltics-2027: settings changed in stage 02-vetting")
    assert "  max_fake_share: 0.2" in lines
    assert DEMO.read_bytes() == before
    assert save_settings(campaign, campaign, tmp_path, "04-calendar") is None
    assert not (tmp_path / "settings-04-calendar.yaml").exists()
