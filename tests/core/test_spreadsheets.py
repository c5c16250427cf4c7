"""The report's spreadsheets: CSVs in UTF-8 with a byte-order mark, rounded, in the campaign's
dialect (``standard`` or ``european``), read back by one reader; ``report.xlsx`` with one typed
sheet per artifact, opened here with openpyxl as Excel would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from helpers.core import artifacts
from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.core.workbook import ReportWorkbook, column_kinds, save_workbook

DEMO = CAMPAIGNS_DIR / "aurora-baltics-2027.yaml"


def _offers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "handle": ["@anna.k", '=HYPERLINK("http://evil.example","x")', "Bērziņa"],
            "fee": [1234.56789, 10.5, None],
            "share": [0.123456, 0.5, 1.0],
            "posts": [1, 2, 3],
            "go_live": ["2027-03-01", "2027-03-02", None],
        }
    )


def test_csv_has_a_byte_order_mark_and_no_float_noise(tmp_path):
    path = artifacts.save_table(_offers(), tmp_path, "offers.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfhandle,fee,share,posts,go_live\r\n")
    text = raw.decode("utf-8-sig")
    assert "@anna.k,1234.56789,0.123456,1,2027-03-01\r\n" in text
    noisy = pd.DataFrame({"cost": [964.9000000000001, 0.02507106759317751]})
    again = artifacts.save_table(noisy, tmp_path, "noisy.csv").read_bytes().decode("utf-8-sig")
    assert again == "cost\r\n964.9\r\n0.02507106759\r\n"
    assert "Bērziņa,,1.0,3,\r\n" in text
    # what Excel on a European Windows reads: UTF-8 because of the mark, not the ANSI code page
    assert raw.decode("utf-8-sig").count("Bērziņa") == 1


def test_european_dialect_uses_semicolons_and_decimal_commas(tmp_path):
    (tmp_path / artifacts.DIALECT_FILE).write_text("european\n", encoding="utf-8")
    path = artifacts.save_table(_offers(), tmp_path, "offers.csv")
    text = path.read_bytes().decode("utf-8-sig")
    assert text.startswith("handle;fee;share;posts;go_live\r\n")
    assert "@anna.k;1234,56789;0,123456;1;2027-03-01\r\n" in text
    back = artifacts.read_table(path)
    assert back["fee"].tolist()[:2] == [1234.56789, 10.5]
    assert back["handle"].tolist()[1] == '=HYPERLINK("http://evil.example","x")'


def test_read_table_gives_back_what_was_saved_in_either_dialect(tmp_path):
    standard = artifacts.read_table(artifacts.save_table(_offers(), tmp_path, "a.csv"))
    (tmp_path / artifacts.DIALECT_FILE).write_text("european\n", encoding="utf-8")
    european = artifacts.read_table(artifacts.save_table(_offers(), tmp_path, "b.csv"))
    pd.testing.assert_frame_equal(standard, european)
    assert standard.columns[0] == "handle"  # no byte-order mark in the first heading
    assert standard["handle"].tolist() == list(_offers()["handle"])


def test_cells_are_guarded_only_where_a_spreadsheet_would_run_them(tmp_path):
    """The checks that skip clean columns and clean files miss no cell: text starting with each
    formula character, a number kept as text in a mixed column, and a clean file read as is."""
    frame = pd.DataFrame(
        {
            "note": ["+48 600", "-5%", "@brand launch", "\tcell", "fine", None],
            "mixed": ["a", -5, "b", None, float("nan"), "c"],  # an object column with a number
            "clean": ["a", "b-", "c=", None, "@anna.k", "it's"],
        }
    )
    path = artifacts.save_table(frame, tmp_path, "notes.csv")
    text = path.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[1:5] == [
        "'+48 600,a,a",
        "'-5%,'-5,b-",
        "'@brand launch,b,c=",
        "'\tcell,,",
    ]
    back = artifacts.read_table(path)
    assert back["note"].tolist()[:5] == ["+48 600", "-5%", "@brand launch", "\tcell", "fine"]
    assert back["mixed"].tolist()[:2] == ["a", "-5"]
    clean = artifacts.read_table(artifacts.save_table(frame[["clean"]], tmp_path, "clean.csv"))
    assert clean["clean"].tolist()[:3] == ["a", "b-", "c="]
    assert clean["clean"].tolist()[4:] == ["@anna.k", "it's"]


def test_floats_are_written_to_ten_digits_and_stay_floats():
    assert [artifacts.float_text(v) for v in (1.0, 964.9000000000001, 1e20, -0.0)] == [
        "1.0",
        "964.9",
        "1e+20",
        "-0.0",
    ]
    assert [artifacts.float_text(v) for v in (float("nan"), float("inf"))] == ["nan", "inf"]
    assert artifacts.float_text(1234.5, ",") == "1234,5"


def test_open_run_records_the_campaigns_dialect(tmp_path):
    campaign = load_campaign(DEMO)
    assert campaign.report.csv_dialect == "standard"
    text = DEMO.read_text(encoding="utf-8") + "\nreport:\n  csv_dialect: european\n"
    european = tmp_path / "eu.yaml"
    european.write_text(text, encoding="utf-8")
    _campaign, folder = artifacts.open_run(european, tmp_path / "run")
    assert artifacts.run_dialect(folder) == "european"
    _campaign, folder = artifacts.open_run(DEMO, tmp_path / "run")
    assert artifacts.run_dialect(folder) == "standard"
    assert not (folder / artifacts.DIALECT_FILE).exists()


def test_a_wrong_dialect_is_refused_with_the_choices(tmp_path):
    from helpers.core.errors import InputError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        DEMO.read_text(encoding="utf-8") + "\nreport:\n  csv_dialect: excel\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as error:
        load_campaign(bad)
    assert "report.csv_dialect" in str(error.value)
    assert "'standard' or 'european'" in str(error.value)


def test_column_kinds():
    kinds = column_kinds(artifacts.read_table(artifacts.save_table(_offers(), _tmp(), "k.csv")))
    assert kinds == {
        "handle": "text",
        "fee": "decimal",
        "share": "fine",
        "posts": "whole",
        "go_live": "date",
    }


def _tmp():
    import tempfile
    from pathlib import Path

    return Path(tempfile.mkdtemp())


def test_workbook_has_one_typed_sheet_per_artifact(tmp_path):
    artifacts.save_table(_offers(), tmp_path, "offers.csv")
    artifacts.save_table(pd.DataFrame({"level": ["campaign"], "roi": [0.25]}), tmp_path, "roi.csv")
    path = save_workbook(tmp_path)
    assert path == tmp_path / "report.xlsx"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["offers", "roi"]
    sheet = book["offers"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:E4"
    assert [c.value for c in sheet[1]] == ["handle", "fee", "share", "posts", "go_live"]
    handle, fee, share, posts, go_live = sheet[2]
    assert (handle.value, handle.data_type) == ("@anna.k", "s")  # no apostrophe
    assert (fee.value, fee.data_type, fee.number_format) == (1234.5679, "n", "#,##0.00")
    assert (share.value, share.number_format) == (0.1235, "0.0000")
    assert (posts.value, posts.number_format) == (1, "#,##0")
    assert go_live.value == dt.datetime(2027, 3, 1)
    assert go_live.number_format == "yyyy-mm-dd"
    formula = sheet["A3"]
    assert formula.value == '=HYPERLINK("http://evil.example","x")'
    assert formula.data_type == "s"  # text, never a formula: nothing to run, nothing prefixed
    assert sheet["B4"].value is None  # a missing fee stays empty
    assert not list(tmp_path.glob(".*partial"))


def test_no_csv_no_workbook(tmp_path):
    assert save_workbook(tmp_path) is None
    assert not (tmp_path / "report.xlsx").exists()


def test_an_infinite_number_is_an_empty_cell_not_a_crash(tmp_path):
    frame = pd.DataFrame({"handle": ["@a", "@b"], "sample": [850.0, float("inf")]})
    artifacts.save_table(frame, tmp_path, "shortlist.csv")
    sheet = openpyxl.load_workbook(save_workbook(tmp_path))["shortlist"]
    assert [sheet["B2"].value, sheet["B3"].value] == [850, None]


def test_workbook_built_a_sheet_at_a_time_keeps_the_order_it_was_given(tmp_path):
    artifacts.save_table(_offers(), tmp_path, "offers.csv")
    book = ReportWorkbook(tmp_path)
    book.add(["offers.csv", "missing.csv"])  # as the runner does after a stage
    artifacts.save_table(pd.DataFrame({"level": ["campaign"], "roi": [0.25]}), tmp_path, "roi.csv")
    assert not (tmp_path / "report.xlsx").exists()  # nothing in place before it is closed
    book.add(["offers.csv", "roi.csv"])  # offers is in already: it counts once
    path = book.close()
    sheets = openpyxl.load_workbook(path)
    assert sheets.sheetnames == ["offers", "roi"]
    assert sheets["roi"]["B2"].value == 0.25
    width = sheets["offers"].column_dimensions["A"].width  # the longest handle: 37 characters
    assert 39 <= width < 40  # 37 + 2, and the padding Excel itself adds to a width
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offers.csv", "report.xlsx", "roi.csv"]


def test_a_discarded_workbook_leaves_nothing_behind(tmp_path):
    artifacts.save_table(_offers(), tmp_path, "offers.csv")
    book = ReportWorkbook(tmp_path)
    book.add(["offers.csv"])
    scratch = Path(book._scratch.name)
    assert scratch.is_dir()
    book.discard()
    assert not scratch.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["offers.csv"]
    assert book.close() is None
