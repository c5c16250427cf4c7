"""A brand's own exports: their headers, words, counts and workbooks read as the project's tables,
and every mistake in a mapping named with its file and field."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from helpers.core.campaign import DataSource, load_campaign
from helpers.core.data import (
    header_key,
    load_campaign_data,
    load_table,
    market_code,
    platform_code,
)
from helpers.core.data.mapping import currency_code
from helpers.core.errors import InputError
from tests.conftest import MINIMAL_CAMPAIGN

# an export in its own words: headers, platform and country spellings, counts as K/M and %
EXPORT = """\
Creator ID;Handle;Platform;Country;Follower count;Avg. likes;AVG_COMMENTS;Fee currency;Credibility
inf-00001;@ola;Instagram;Poland;48,2K;1 250;84;zł;87 %
inf-00002;@kasia;IG;Polska;12.3K;610;41;PLN;
inf-00003;@tomek;Tik Tok;POL;1,2M;38K;1,1K;€;72%
inf-00004;@ruta;youtube;Lithuania;23900;980;57;eur;0.91
"""
MAPPED = {
    "influencer_id": "Creator ID",
    "followers": "Follower count",
    "market": "Country",
    "audience_credibility": "Credibility",
}


def problems_of(call) -> list[str]:
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.problems


def test_an_export_reads_in_its_own_words(write_csv):
    roster = load_table(DataSource(file=write_csv(EXPORT), columns=MAPPED), "roster")
    assert roster["platform"].tolist() == ["instagram", "instagram", "tiktok", "youtube"]
    assert roster["market"].tolist() == ["PL", "PL", "PL", "LT"]
    assert roster["followers"].tolist() == [48_200, 12_300, 1_200_000, 23_900]
    assert roster["avg_likes"].tolist() == [1250, 610, 38_000, 980]
    assert roster["avg_comments"].tolist() == [84, 41, 1_100, 57]
    assert roster["fee_currency"].tolist() == ["PLN", "PLN", "EUR", "EUR"]
    credibility = roster["audience_credibility"].tolist()
    assert credibility[0] == pytest.approx(0.87) and pd.isna(credibility[1])
    assert credibility[2:] == pytest.approx([0.72, 0.91])


@pytest.mark.parametrize(
    ("text", "key"),
    [("Avg. Likes", "avglikes"), ("influencer_ID", "influencerid"), ("Pōsted at", "postedat")],
)
def test_headers_match_but_for_case_spaces_and_punctuation(text, key):
    assert header_key(text) == key


@pytest.mark.parametrize(
    ("word", "platform"),
    [("IG", "instagram"), ("Insta", "instagram"), ("TIKTOK", "tiktok"), ("YT", "youtube")],
)
def test_platform_spellings(word, platform):
    assert platform_code(word) == platform


@pytest.mark.parametrize(
    ("word", "code"),
    [("pl", "PL"), ("POL", "PL"), ("Poland", "PL"), ("Polska", "PL"), ("Latvija", "LV"),
     ("Eesti", "EE"), ("Lietuva", "LT"), ("Deutschland", "DE"), ("United States", "US")],
)  # fmt: skip
def test_markets_as_codes_or_names_in_english_and_local_languages(word, code):
    assert market_code(word) == code


def test_a_word_that_is_no_country_is_not_guessed():
    assert market_code("Atlantis") is None and market_code("Nordics") is None


def test_currency_signs():
    assert [currency_code(w) for w in ("€", "zł", "usd", "Kč")] == ["EUR", "PLN", "USD", None]


def test_a_value_map_turns_their_words_into_ours(write_csv):
    text = EXPORT.replace("Tik Tok", "Douyin short").replace("youtube", "Reels")
    source = DataSource(
        file=write_csv(text),
        columns=MAPPED,
        values={"platform": {"Douyin short": "tiktok", "Reels": "instagram"}},
    )
    assert load_table(source, "roster")["platform"].tolist()[2:] == ["tiktok", "instagram"]


def test_a_value_map_that_leaves_values_unmapped_lists_them(write_csv):
    text = EXPORT.replace("Tik Tok", "Snapchat").replace("youtube", "Facebook")
    source = DataSource(
        file=write_csv(text), columns=MAPPED, values={"platform": {"Insta": "instagram"}}
    )
    problems = problems_of(lambda: load_table(source, "roster"))
    assert any(
        "data.roster.values.platform: leaves 2 values unmapped: 'Snapchat', 'Facebook'" in line
        and "allowed: instagram, tiktok, youtube" in line
        for line in problems
    ), problems


def test_a_mapped_header_missing_from_the_file(write_csv):
    source = DataSource(file=write_csv(EXPORT), columns={**MAPPED, "followers": "Fans"})
    (line,) = problems_of(lambda: load_table(source, "roster"))
    assert "data.roster.columns.followers: the header 'Fans' is not in the file" in line
    assert "'Follower count'" in line  # the headers it does have


def test_a_mapping_to_a_column_we_do_not_have(write_csv):
    source = DataSource(file=write_csv(EXPORT), columns={**MAPPED, "fans": "Follower count"})
    (line,) = problems_of(lambda: load_table(source, "roster"))
    assert "data.roster.columns.fans: not a column of this table" in line


def test_an_unmapped_export_names_the_missing_columns(write_csv):
    problems = problems_of(lambda: load_table(write_csv(EXPORT), "roster"))
    assert any("column influencer_id: missing" in line for line in problems), problems


def test_a_percent_is_a_share_only_where_shares_are_expected(write_csv):
    text = EXPORT.replace("1 250", "12 %")
    problems = problems_of(
        lambda: load_table(DataSource(file=write_csv(text), columns=MAPPED), "roster")
    )
    assert any("row 2, column avg_likes: '12 %' is not a number" in line for line in problems)


# --- workbooks ----------------------------------------------------------------------------


def write_workbook(path, sheets: dict[str, list[list[object]]]):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


IN_BOOK = {key: MAPPED[key] for key in ("influencer_id", "followers", "market")}
ROWS = [
    ["Creator ID", "Handle", "Platform", "Country", "Follower count", "Avg likes", "Avg comments"],
    ["pl-1", "@ola", "Instagram", "Poland", 48200, 1250.5, 84],
    [None, None, None, None, None, None, None],
    ["pl-2", "@kasia", "TikTok", "PL", "12.3K", 610, 41],
]


def test_a_workbook_reads_like_a_csv_file(tmp_path):
    path = write_workbook(tmp_path / "creators.xlsx", {"Creators": ROWS})
    roster = load_table(DataSource(file=path, columns=IN_BOOK), "roster")
    assert roster["followers"].tolist() == [48_200, 12_300]
    assert roster["avg_likes"].tolist() == [1250.5, 610]
    assert roster["platform"].tolist() == ["instagram", "tiktok"]


def test_a_workbook_with_several_sheets_needs_sheet(tmp_path):
    path = write_workbook(tmp_path / "creators.xlsx", {"Notes": [["x"]], "Creators": ROWS})
    (line,) = problems_of(lambda: load_table(DataSource(file=path, columns=IN_BOOK), "roster"))
    assert "creators.xlsx: sheet: the workbook has 2 sheets ('Notes', 'Creators')" in line
    roster = load_table(DataSource(file=path, columns=IN_BOOK, sheet="Creators"), "roster")
    assert len(roster) == 2


def test_a_sheet_the_workbook_does_not_have(tmp_path):
    path = write_workbook(tmp_path / "creators.xlsx", {"Creators": ROWS})
    source = DataSource(file=path, columns=IN_BOOK, sheet="Creatorz")
    (line,) = problems_of(lambda: load_table(source, "roster"))
    assert "sheet: no sheet 'Creatorz' (its sheets: 'Creators')" in line


def test_row_numbers_are_the_workbooks(tmp_path):
    rows = [*ROWS[:3], ["pl-2", "@kasia", "TikTok", "Atlantis", "lots", 610, 41]]
    path = write_workbook(tmp_path / "creators.xlsx", {"Creators": rows})
    problems = problems_of(lambda: load_table(DataSource(file=path, columns=IN_BOOK), "roster"))
    assert any("row 4, column followers: 'lots' is not a number" in line for line in problems)
    assert any("row 4, column market: 'Atlantis'" in line for line in problems)


def test_not_a_workbook(tmp_path):
    path = tmp_path / "creators.xlsx"
    path.write_text("this is not a workbook", encoding="utf-8")
    (line,) = problems_of(lambda: load_table(path, "roster"))
    assert "not a readable .xlsx workbook" in line


# --- the campaign: only the files it names -------------------------------------------------


def test_a_campaign_of_own_files_reads_only_them(write_campaign, write_csv):
    write_csv(EXPORT, "creators.csv")
    path = write_campaign(
        MINIMAL_CAMPAIGN.replace("[LV, EE]", "[PL, LT]")
        + "data:\n  roster:\n    file: creators.csv\n"
        + "    columns: {influencer_id: Creator ID, followers: Follower count, market: Country}\n"
    )
    tables = load_campaign_data(load_campaign(path))
    assert list(tables) == ["roster"]  # no sample posts, growth, audiences or samples
    assert tables["roster"]["influencer_id"].str.startswith("inf-").all()


def test_an_old_style_mapping_gets_a_clear_line(write_campaign):
    path = write_campaign(MINIMAL_CAMPAIGN + "data:\n  roster: {path: creators.csv}\n")
    problems = problems_of(lambda: load_campaign(path))
    assert any("data.roster.file: required field is missing" in line for line in problems)
    assert any(
        "data.roster.path: unknown field (allowed: file, columns, values, sheet)" in line
        for line in problems
    ), problems
