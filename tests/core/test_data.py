"""Loading CSV inputs: European spreadsheet exports are read, bad cells are named by row."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.core.campaign import load_campaign
from helpers.core.data import load_campaign_data, load_table, parse_dates, parse_numbers
from helpers.core.errors import InputError

ROSTER_HEADER = (
    "influencer_id;handle;name;platform;market;followers;avg_likes;avg_comments;quoted_fee"
)


def problems_of(path, table="roster") -> list[str]:
    with pytest.raises(InputError) as caught:
        load_table(path, table)
    return caught.value.problems


def test_semicolons_decimal_commas_bom_and_diacritics(write_csv):
    text = (
        f"{ROSTER_HEADER}\n"
        "i1;@līga.skin;Līga Bērziņa;instagram;LV;12 345;300,5;20;1.234,50\n"
        "i2;@kärt;Kärt Tamm;tiktok;EE;9800;410;12;\n"
    )
    roster = load_table(write_csv(b"\xef\xbb\xbf" + text.encode("utf-8")), "roster")
    assert list(roster["influencer_id"]) == ["i1", "i2"]
    assert roster.loc[0, "name"] == "Līga Bērziņa"
    assert roster.loc[0, "followers"] == 12345
    assert roster["followers"].dtype == "int64"
    assert roster.loc[0, "avg_likes"] == pytest.approx(300.5)
    assert roster.loc[0, "quoted_fee"] == pytest.approx(1234.5)
    assert pd.isna(roster.loc[1, "quoted_fee"])
    assert (roster["past_collaborations"] == 0).all()  # optional column added with its default


def test_comma_separated_with_decimal_points(write_csv):
    text = (
        "influencer_id,handle,platform,market,followers,avg_likes,avg_comments\n"
        "i1,@a,youtube,US,1000,10.5,2\n"
    )
    assert load_table(write_csv(text), "roster").loc[0, "avg_likes"] == pytest.approx(10.5)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1234.5", 1234.5),
        ("1234,5", 1234.5),
        ("1 234,5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("12", 12.0),
    ],
)
def test_numbers_either_way(cell, value):
    assert parse_numbers(pd.Series([cell])).iloc[0] == pytest.approx(value)


def test_dates_iso_or_european():
    parsed = parse_dates(pd.Series(["2027-02-01", "01.02.2027", "01.02.2027.", "soon"]))
    assert parsed.iloc[:3].dt.strftime("%Y-%m-%d").tolist() == ["2027-02-01"] * 3
    assert pd.isna(parsed.iloc[3])


def test_every_bad_cell_is_named_with_its_row(write_csv):
    text = (
        f"{ROSTER_HEADER}\n"
        "i1;@a;A;instagram;LV;1000;10;1;\n"
        "i2;@b;B;tiktokk;Latvya;-5;abc;1;\n"
        "i1;@a;A;instagram;LV;1000;10;1;\n"
    )
    problems = problems_of(write_csv(text))
    expected = [
        "row 3, column avg_likes: 'abc' is not a number",
        "row 3, column platform: 'tiktokk' is not allowed "
        "(must be one of: instagram, tiktok, youtube)",
        "row 3, column market: 'Latvya' is not allowed "
        "(is not a country (write an ISO code like PL or a name like Poland))",
        "row 3, column followers: '-5' is not allowed (must be 0 or more)",
        "row 4, column influencer_id: 'i1' is a duplicate (must be unique)",
        "row 4, column platform + handle: 'instagram @a' is a duplicate (must be unique)",
    ]
    for fragment in expected:
        assert any(line.endswith(fragment) for line in problems), (fragment, problems)
    assert all(line.startswith("table.csv: ") or "/table.csv: " in line for line in problems)
    # an unreadable number is reported once, not again as an empty cell
    assert sum("row 3, column avg_likes" in line for line in problems) == 1


def test_missing_required_column(write_csv):
    problems = problems_of(write_csv("influencer_id;handle;platform;market\ni1;@a;tiktok;LV\n"))
    assert any(
        "column followers: missing (required columns: influencer_id, handle" in p for p in problems
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "file is empty (expected a header row)"),
        (
            "influencer_id;handle\n".encode("cp1257") + "i1;@līga\n".encode("cp1257"),
            "not UTF-8 text (in the spreadsheet, save as 'CSV UTF-8')",
        ),
    ],
)
def test_empty_and_wrongly_encoded_files(write_csv, content, expected):
    assert problems_of(write_csv(content))[0].endswith(expected)


def test_missing_file(tmp_path):
    assert problems_of(tmp_path / "gone.csv") == [f"{tmp_path / 'gone.csv'}: file not found"]


def test_many_bad_rows_are_summarised(write_csv):
    rows = "".join(f"i{n};@h{n};x;instagram;LV;oops;1;1;\n" for n in range(20))
    problems = problems_of(write_csv(f"{ROSTER_HEADER}\n{rows}"))
    assert len(problems) == 6
    assert problems[-1].endswith("column followers: ... and 15 more rows like these")


def test_input_file_is_never_modified(write_csv):
    text = f"{ROSTER_HEADER}\ni1;@a;A;instagram;LV;1 000;10,5;1;\n"
    path = write_csv(text)
    before = path.read_bytes()
    load_table(path, "roster")
    assert path.read_bytes() == before


def test_campaign_data_problems_from_all_files_at_once(write_campaign, write_csv):
    write_csv("influencer_id;handle\n", name="roster.csv")
    path = write_campaign(
        "schema: 1\nid: t\nname: T\nbrand: B\nobjective: awareness\nmarkets: [LV]\n"
        "currency: EUR\nbudget: 1\nstart: 2027-01-01\nend: 2027-01-02\n"
        "data: {roster: roster.csv, posts: nowhere.csv}\n".replace("id: t\n", "id: tt\n")
    )
    with pytest.raises(InputError) as caught:
        load_campaign_data(load_campaign(path), ["roster", "posts"])
    text = "\n".join(caught.value.problems)
    assert "roster.csv: column platform: missing" in text
    assert "nowhere.csv: file not found" in text
