"""The note a report built on the fictional sample data carries, and only such a report."""

from __future__ import annotations

from helpers.core.campaign import DataFiles, DataSource
from helpers.core.config import SAMPLE_DIR
from helpers.report import sample_data_banner, sample_data_note
from helpers.text.i18n import translator
from tests.conftest import TINY

OWN_ROSTER = (TINY.parent / "influencers.csv").resolve()
OWN_POSTS = (TINY.parent / "posts.csv").resolve()
EN, LV = translator("en"), translator("lv")


def test_files_all_of_the_campaigns_own_have_no_note_and_no_banner():
    own = DataFiles(roster=OWN_ROSTER, posts=OWN_POSTS)
    assert sample_data_note(own, EN) is None
    assert sample_data_banner(own, EN) == ""
    assert sample_data_banner(DataFiles(), EN) == ""  # no file at all is not the sample either


def test_the_sample_world_is_said_in_one_sentence_that_points_to_the_readme():
    note = sample_data_note(DataFiles(sample=True), EN)
    assert note.startswith("Built on the project's fictional sample data: the creators, posts")
    assert "Name your own files under data: in the campaign file" in note
    assert "(README: Bring your own data)" in note


def test_a_sample_file_named_by_its_path_counts_as_the_sample():
    results = DataSource(file=SAMPLE_DIR / "results-aurora-baltics-2027.csv")
    data = DataFiles(results=results)  # no `sample: true`, yet the file is the sample's
    assert sample_data_note(data, EN).startswith("Built on the project's fictional sample data")


def test_a_campaign_with_files_of_its_own_is_told_which_tables_are_the_samples():
    mixed = DataFiles(sample=True, roster=OWN_ROSTER, posts=OWN_POSTS)
    note = sample_data_note(mixed, EN)
    assert note.startswith("Partly built on the project's fictional sample data")
    # the tables the sample filled in, as written under data:, and not the two of its own
    assert "for the demo: follower_growth, audience, follower_samples come from the sample." in note
    assert "roster" not in note


def test_the_banner_is_a_calm_note_in_the_campaigns_language():
    banner = sample_data_banner(DataFiles(sample=True), LV)
    assert banner.startswith('<p class="banner sample" role="note"><strong>Parauga dati.</strong>')
    assert "Veidots no projekta izdomātajiem parauga datiem" in banner
    assert "kampaņas faila sadaļā data:" in banner
    assert "Built on" not in banner and "failed" not in banner  # a fact, not an error
    assert "&#x27;" in sample_data_banner(DataFiles(sample=True), EN)  # the text is escaped
