"""The campaign file: good files load, every bad field gets a clear one-line message."""

from __future__ import annotations

from datetime import date

import pytest

from helpers.core.campaign import load_campaign, write_campaign_template
from helpers.core.config import SAMPLE_DIR
from helpers.core.errors import InputError, display_path
from tests.conftest import EXAMPLE_CAMPAIGNS, MINIMAL_CAMPAIGN


def problems_of(path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    return caught.value.problems


@pytest.mark.parametrize("path", EXAMPLE_CAMPAIGNS, ids=lambda p: p.stem)
def test_example_campaigns_load(path):
    campaign = load_campaign(path)
    assert campaign.id == path.stem
    assert campaign.end > campaign.start
    assert campaign.data.results is not None
    assert campaign.data.results.file.is_absolute()
    assert campaign.data.sample and campaign.data.uses_sample  # the examples ask for it


def test_three_example_campaigns_cover_the_objectives():
    objectives = {load_campaign(p).objective for p in EXAMPLE_CAMPAIGNS}
    assert objectives == {"awareness", "conversion", "engagement"}


def test_a_campaign_uses_only_the_files_it_names(write_campaign):
    campaign = load_campaign(write_campaign(MINIMAL_CAMPAIGN + "data: {roster: mine.csv}\n"))
    assert list(campaign.data.named()) == ["roster"]  # no sample posts, growth, audience ...
    assert campaign.data.posts is None and not campaign.data.uses_sample
    assert load_campaign(write_campaign()).data.named() == {}


@pytest.mark.parametrize("data", ["sample", "{sample: true}", "{sample: true, roster: mine.csv}"])
def test_the_sample_world_on_request(write_campaign, tmp_path, data):
    campaign = load_campaign(write_campaign(MINIMAL_CAMPAIGN + f"data: {data}\n"))
    assert campaign.data.uses_sample
    assert campaign.data.file("posts") == SAMPLE_DIR / "posts.csv"
    mine = "mine" in data
    assert campaign.data.file("roster") == (
        tmp_path / "mine.csv" if mine else SAMPLE_DIR / "influencers.csv"
    )


def test_defaults(write_campaign):
    campaign = load_campaign(write_campaign())
    assert campaign.vetting.platforms == ["instagram", "tiktok", "youtube"]
    assert campaign.days == 28


def test_paths_resolve_relative_to_the_file(write_campaign, tmp_path):
    path = write_campaign(MINIMAL_CAMPAIGN + "data: {roster: sub/roster.csv}\n")
    assert load_campaign(path).data.roster.file == tmp_path / "sub" / "roster.csv"


def test_a_mapped_file(write_campaign, tmp_path):
    path = write_campaign(
        MINIMAL_CAMPAIGN + "data:\n  roster:\n    file: creators.xlsx\n    sheet: Creators\n"
        "    columns: {followers: Follower count}\n    values: {platform: {Insta: instagram}}\n"
    )
    roster = load_campaign(path).data.roster
    assert roster.file == tmp_path / "creators.xlsx" and roster.sheet == "Creators"
    assert roster.columns == {"followers": "Follower count"}
    assert roster.values == {"platform": {"Insta": "instagram"}}


@pytest.mark.parametrize(
    ("data", "where", "what"),
    [
        ("{roster: {columns: {followers: Fans}}}", "data.roster.file", "required field"),
        ("{roster: {file: a.csv, colums: {}}}", "data.roster.colums", "did you mean 'columns'"),
        ("everything", "data", "write `data: sample`"),
    ],
)
def test_bad_data_settings(write_campaign, data, where, what):
    problems = problems_of(write_campaign(MINIMAL_CAMPAIGN + f"data: {data}\n"))
    assert any(f": {where}: " in line and what in line for line in problems), problems


def test_norway_stays_a_country_not_a_boolean(write_campaign):
    text = MINIMAL_CAMPAIGN.replace("[LV, EE]", "[SE, NO]") + "audience: {countries: {NO: 1}}\n"
    campaign = load_campaign(write_campaign(text))
    assert campaign.markets == ["SE", "NO"]
    assert campaign.audience.countries == {"NO": 1.0}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("schema: 1", "schema: 2"), "schema: unsupported schema 2 (this version reads schema: 1)"),
        (("id: test-campaign", "id: Test Campaign"), "id: 'Test Campaign' is not a slug"),
        (("objective: awareness", "objective: fame"), "objective: Input should be 'awareness'"),
        (("[LV, EE]", "[LV, XX]"), "markets[1]: 'XX' is not an ISO 3166-1 alpha-2 country code"),
        (("[LV, EE]", "[LV, LV]"), "markets: Value error, market LV is listed more than once"),
        (("currency: EUR", "currency: EURO"), "currency: 'EURO' is not an ISO 4217 currency code"),
        (("budget: 1000", "budget: -5"), "budget: Input should be greater than or equal to 0"),
        (
            ("end: 2027-02-28", "end: 2027-01-01"),
            "end (2027-01-01) must be after start (2027-02-01)",
        ),
        (("end: 2027-02-28", "end: 2027-02-30"), "end: Input should be a valid date"),
        (("budget: 1000", "budgt: 1000"), "budgt: unknown field (allowed: schema, id,"),
    ],
)
def test_each_bad_field_is_named(write_campaign, change, expected):
    problems = problems_of(write_campaign(MINIMAL_CAMPAIGN.replace(*change)))
    assert any(expected.replace("Value error, ", "") in line for line in problems), problems
    assert all(
        line.startswith(str(write_campaign().name)) or "campaign.yaml" in line for line in problems
    )


def test_unknown_key_suggests_the_right_one(write_campaign):
    path = write_campaign(MINIMAL_CAMPAIGN + "audience: {agee: [18, 30]}\n")
    assert problems_of(path) == [
        f"{display_path(path)}: audience.agee: unknown field (allowed: countries, age, genders, "
        "interests, languages); did you mean 'age'?"
    ]


def test_all_problems_are_reported_at_once(write_campaign):
    text = MINIMAL_CAMPAIGN.replace("currency: EUR", "currency: EURO").replace(
        "budget: 1000", "budget: -1"
    )
    text += "goals: [{kpi: reach}]\naudience: {countries: {LV: 0.5, EE: 0.2}}\n"
    problems = problems_of(write_campaign(text))
    wanted = [
        "currency:",
        "budget:",
        "goals[0].target: required field is missing",
        "audience.countries: country shares add up to 0.7, they must add up to 1",
    ]
    for fragment in wanted:
        assert any(fragment in line for line in problems), (fragment, problems)


def test_shares_out_of_range_and_age(write_campaign):
    text = MINIMAL_CAMPAIGN + (
        "audience: {genders: {female: 1.2}, age: [40, 20]}\nvetting: {max_fake_share: 2}\n"
    )
    problems = problems_of(write_campaign(text))
    assert any(
        "audience.genders.female: Input should be less than or equal to 1" in p for p in problems
    )
    assert any("age range 40-20 is not valid" in p for p in problems)
    assert any("vetting.max_fake_share" in p for p in problems)


def test_yaml_syntax_error_names_the_line(write_campaign):
    problems = problems_of(write_campaign(MINIMAL_CAMPAIGN + "goals: [unclosed\n"))
    assert len(problems) == 1
    assert "line 12, column 1: " in problems[0]
    assert "YAML syntax error" in problems[0]


def test_yaml_is_read_safely(write_campaign):
    path = write_campaign(MINIMAL_CAMPAIGN + "brand: !!python/object/apply:os.system ['echo hi']\n")
    problems = problems_of(path)
    assert "YAML syntax error" in problems[0]


def test_missing_and_non_mapping_files(tmp_path, write_campaign):
    assert problems_of(tmp_path / "nope.yaml")[0].endswith("nope.yaml: file not found")
    assert "expected a mapping" in problems_of(write_campaign("- just\n- a list\n"))[0]


def test_template_validates_and_is_never_overwritten(tmp_path):
    path = write_campaign_template("spring-launch-2027", tmp_path)
    campaign = load_campaign(path)
    assert campaign.id == "spring-launch-2027"
    assert campaign.start == date(2027, 3, 1)
    with pytest.raises(FileExistsError):
        write_campaign_template("spring-launch-2027", tmp_path)
    with pytest.raises(ValueError, match="not a slug"):
        write_campaign_template("Spring Launch", tmp_path)


def test_report_language(write_campaign):
    assert load_campaign(write_campaign()).language == "en"
    assert load_campaign(write_campaign(MINIMAL_CAMPAIGN + "language: lv\n")).language == "lv"
    problems = problems_of(write_campaign(MINIMAL_CAMPAIGN + "language: de\n"))
    assert problems[0].endswith("language: unsupported language 'de' (supported: en, lv)")


def test_unknown_key_inside_a_list_names_the_item_fields(write_campaign):
    problems = problems_of(write_campaign(MINIMAL_CAMPAIGN + "goals: [{kpi: reach, targt: 5}]\n"))
    line = next(p for p in problems if "goals[0].targt" in p)
    assert "allowed: kpi, target" in line and "did you mean 'target'?" in line


def test_template_optional_sections_validate_when_uncommented(tmp_path):
    path = write_campaign_template("with-options-2027", tmp_path)
    head, optional = path.read_text(encoding="utf-8").split("# Optional sections")
    lines = optional.splitlines()[1:]
    path.write_text(head + "\n".join(line.removeprefix("# ") for line in lines) + "\n")
    campaign = load_campaign(path)
    assert [phase.name for phase in campaign.calendar.phases] == ["teaser", "launch", "sustain"]
    assert campaign.negotiation.rules.max_creators == 20
    assert campaign.measurement.attribution_window_days == 7
    assert (campaign.branding.agency, campaign.branding.accent) == ("Northlight Agency", "#0b6e4f")
