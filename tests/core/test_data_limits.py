"""Data files that could hang, exhaust memory or be silently misread: FIFOs, folders, devices,
huge or binary files, ``50.000`` followers, blank lines before the header, NUL characters in
cells, and a pipeline row asking for hundreds of deliverables. Each is refused with one line, or
read exactly."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from helpers.core import data
from helpers.core.campaign import load_campaign
from helpers.core.data import load_campaign_data, load_table
from helpers.core.errors import InputError, display_path
from tests.conftest import MINIMAL_CAMPAIGN

ROSTER_HEADER = "influencer_id;handle;platform;market;followers;avg_likes;avg_comments"
PIPELINE_HEADER = "influencer_id,stage,deliverable,quantity,agreed_fee,currency,updated"
AMBIGUOUS = "(the file does not show which separator marks thousands)"


@pytest.fixture(autouse=True)
def default_limits(monkeypatch):
    """The limits at their defaults, whatever the environment running the tests sets."""
    monkeypatch.delenv("PLAYBOOK_MAX_FILE_MB", raising=False)
    monkeypatch.delenv("PLAYBOOK_MAX_QUANTITY", raising=False)


def problems_of(path, table="roster") -> list[str]:
    with pytest.raises(InputError) as caught:
        load_table(path, table)
    return caught.value.problems


def roster(*rows: str) -> str:
    return "\n".join([ROSTER_HEADER, *rows]) + "\n"


def without_hanging(call, fifo: Path, seconds: float = 10):
    """Run ``call`` in a thread; should it block opening ``fifo``, give the FIFO a writer so
    that it ends, and fail the test instead of hanging it."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # a reader waits: this succeeds
        thread.join(seconds)
        pytest.fail("the loader opened the FIFO (and blocked) instead of refusing it first")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- 1. size limit and binary content ------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(write_csv, monkeypatch):
    monkeypatch.setenv("PLAYBOOK_MAX_FILE_MB", "1")
    row = "i1;@a;instagram;LV;1000;10;1;"
    head = f"{ROSTER_HEADER};notes\n{row}"
    path = write_csv((head + "x" * (1536 * 1024 - len(head) - 1) + "\n").encode())
    assert path.stat().st_size == 1536 * 1024
    assert problems_of(path) == [
        f"{display_path(path)}: is 1.5 MB, over the 1 MB limit for a data file "
        "(set PLAYBOOK_MAX_FILE_MB to allow more)"
    ]
    monkeypatch.setenv("PLAYBOOK_MAX_FILE_MB", "2")  # raised: the same file loads
    assert load_table(path, "roster").loc[0, "followers"] == 1000


def test_the_size_limit_has_a_documented_default_and_a_bad_setting_is_one_line(
    write_csv, monkeypatch
):
    assert data.MAX_FILE_MB == 512
    assert data.max_file_mb() == 512
    monkeypatch.setenv("PLAYBOOK_MAX_FILE_MB", "lots")
    assert problems_of(write_csv(roster("i1;@a;instagram;LV;1000;10;1"))) == [
        "PLAYBOOK_MAX_FILE_MB: 'lots' is not a number of megabytes above 0 (the default is 512)"
    ]


def test_a_file_of_nul_bytes_is_binary(write_csv):
    path = write_csv(b"\x00" * 4096)
    assert problems_of(path) == [
        f"{display_path(path)}: binary content, not a CSV text file (NUL bytes at byte 0)"
    ]


def test_utf16_text_is_named_as_such(write_csv):
    path = write_csv(roster("i1;@a;instagram;LV;1000;10;1").encode("utf-16"))
    assert problems_of(path) == [
        f"{display_path(path)}: UTF-16 text, not UTF-8 (in the spreadsheet, save as 'CSV UTF-8')"
    ]


# --- 2. only regular files are read --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as caught:
        without_hanging(lambda: load_table(fifo, "roster"), fifo)
    assert caught.value.problems == [
        f"{display_path(fifo)}: is not a regular file (a FIFO); give a CSV file"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_as_a_campaigns_roster_does_not_hang_it(write_campaign, tmp_path):
    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    campaign = load_campaign(write_campaign(MINIMAL_CAMPAIGN + "data: {roster: roster.csv}\n"))
    with pytest.raises(InputError) as caught:
        without_hanging(lambda: load_campaign_data(campaign, ["roster"]), fifo)
    [line] = caught.value.problems
    assert line.endswith("roster.csv: is not a regular file (a FIFO); give a CSV file")


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "roster.csv"
    folder.mkdir()
    assert problems_of(folder) == [f"{display_path(folder)}: is a folder, not a data file"]


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null")
def test_a_device_is_refused():
    assert problems_of("/dev/null") == [
        "/dev/null: is not a regular file (a device); give a CSV file"
    ]


def test_a_missing_file_keeps_its_message(tmp_path):
    assert problems_of(tmp_path / "gone.csv") == [f"{tmp_path / 'gone.csv'}: file not found"]


# --- 3. thousands or decimals: settled by evidence, or refused -----------------------------


def test_50_000_followers_with_nothing_to_settle_it_is_refused(write_csv):
    path = write_csv(roster("i1;@a;instagram;LV;1000;10;1", "i2;@b;instagram;LV;50.000;10;1"))
    assert problems_of(path) == [
        f"{display_path(path)}: row 3, column followers: '50.000' could be 50 or 50000 "
        f"{AMBIGUOUS}; write 50000 or 50,0"
    ]


def test_each_ambiguous_cell_gets_its_own_line_in_row_order(write_csv):
    # avg_likes is an average, so 12.5 and 50 are both possible readings
    text = roster(
        "i1;@a;instagram;LV;1000;10;1",
        "i2;@b;instagram;LV;1000;12,500;1",
        "i3;@c;instagram;LV;1000;50.000;1",
    )
    path = write_csv(text)
    assert problems_of(path) == [
        f"{display_path(path)}: row 3, column avg_likes: '12,500' could be 12,5 or 12500 "
        f"{AMBIGUOUS}; write 12500 or 12,5",
        f"{display_path(path)}: row 4, column avg_likes: '50.000' could be 50 or 50000 "
        f"{AMBIGUOUS}; write 50000 or 50,0",
    ]


def test_grouped_thousands_in_the_column_make_50_000_fifty_thousand(write_csv):
    text = roster("i1;@a;instagram;LV;1.234.567;10;1", "i2;@b;instagram;LV;50.000;10;1")
    loaded = load_table(write_csv(text), "roster")
    assert loaded["followers"].tolist() == [1234567, 50000]
    assert loaded["followers"].dtype == "int64"


def test_a_decimal_point_in_the_column_settles_its_cells_both_ways(write_csv):
    # 0.5 shows the point is the decimal mark: 12.500 is 12.5, and "1,250" is 1250 (today's
    # rules read every comma as a decimal comma: 1.25, a thousand times too small)
    text = (
        "influencer_id,handle,platform,market,followers,avg_likes,avg_comments\n"
        "i1,@a,instagram,LV,1000,0.5,1\n"
        'i2,@b,instagram,LV,2000,"1,250",1\n'
        "i3,@c,instagram,LV,3000,12.500,1\n"
    )
    loaded = load_table(write_csv(text), "roster")
    assert loaded["avg_likes"].tolist() == [0.5, 1250.0, 12.5]


def test_other_number_columns_settle_a_column_that_shows_nothing(write_csv):
    # avg_likes writes decimal commas, so the roster's dots are thousands
    text = roster("i1;@a;instagram;LV;50.000;10,5;1", "i2;@b;instagram;LV;1.500;12;3")
    assert load_table(write_csv(text), "roster")["followers"].tolist() == [50000, 1500]


def test_a_count_cannot_be_a_fraction_so_1_234_followers_are_thousands(write_csv):
    text = roster("i1;@a;instagram;LV;1.234;10;1", "i2;@b;instagram;LV;50.000;10;1")
    assert load_table(write_csv(text), "roster")["followers"].tolist() == [1234, 50000]


def test_disagreeing_evidence_refuses_the_ambiguous_cell(write_csv):
    text = roster("i1;@a;instagram;LV;1000;0.5;1", "i2;@b;instagram;LV;2000;12,5;1")
    text += "i3;@c;instagram;LV;3000;12,500;1\n"
    path = write_csv(text)
    assert problems_of(path) == [
        f"{display_path(path)}: row 4, column avg_likes: '12,500' could be 12,5 or 12500 "
        "(the file writes decimals both with . and with ,); write 12500 or 12,5"
    ]


def test_todays_formats_and_grouped_thousands_read(write_csv):
    text = "\ufeff" + roster(
        "i1;@a;instagram;LV;12 345;300,5;1 234,5", "i2;@b;instagram;LV;1.234.567;1.234,5;0,5"
    )
    loaded = load_table(write_csv(text), "roster")
    assert loaded["followers"].tolist() == [12345, 1234567]
    assert loaded["avg_likes"].tolist() == [300.5, 1234.5]
    assert loaded["avg_comments"].tolist() == [1234.5, 0.5]


# --- 4. blank lines before the header ------------------------------------------------------


@pytest.mark.parametrize("blank", ["\n", ",,,,,,\n", " \n,, ,\n"])
def test_blank_lines_before_the_header_are_skipped_and_rows_numbered_as_shown(write_csv, blank):
    lines = blank.count("\n")
    text = (
        f"{blank}influencer_id,handle,platform,market,followers,avg_likes,avg_comments\n"
        "i1,@a,instagram,LV,1000,10,1\n"
        "i2,@b,instagram,LV,many,10,1\n"
    )
    path = write_csv(text.encode())
    # the header is on row lines + 1, so i2 is on row lines + 3 of the spreadsheet
    assert problems_of(path) == [
        f"{display_path(path)}: row {lines + 3}, column followers: 'many' is not a number"
    ]
    text = text.replace("many", "2000")
    assert load_table(write_csv(text.encode()), "roster")["followers"].tolist() == [1000, 2000]


def test_empty_rows_inside_the_table_are_dropped_but_counted(write_csv):
    text = roster("i1;@a;instagram;LV;1000;10;1", ";;;;;;", "", "i2;@b;instagram;LV;x;10;1")
    path = write_csv(text.encode())
    assert problems_of(path) == [
        f"{display_path(path)}: row 5, column followers: 'x' is not a number"
    ]


# --- 5. control characters in text cells ---------------------------------------------------


def test_a_nul_in_a_text_cell_is_refused_with_its_row_and_column(write_csv):
    text = roster(
        "i1;@a;instagram;LV;1000;10;1",
        "i2;@b;instagram;LV;1000;10;1",
        "i3;@c\x00;instagram;LV;1000;10;1",
        "i4;@d\x1b[31m;instagram;LV;1000;10;1",
    )
    path = write_csv(text.encode())
    assert problems_of(path) == [
        f"{display_path(path)}: row 4, column handle: contains a NUL character",
        f"{display_path(path)}: row 5, column handle: contains a control character (U+001B)",
    ]


def test_tabs_and_line_breaks_in_quoted_cells_are_text(write_csv):
    text = roster('i1;"@a\tb";instagram;LV;1000;10;1', 'i2;"@line\r\nbreak";instagram;LV;1;1;1')
    assert load_table(write_csv(text.encode()), "roster")["handle"].tolist() == [
        "@a\tb",
        "@line\r\nbreak",
    ]


# --- 6. plausible sizes --------------------------------------------------------------------


def test_a_pipeline_row_asking_for_300_deliverables_is_refused(write_csv, monkeypatch):
    text = (
        f"{PIPELINE_HEADER}\n"
        "i1,contracted,reel,300,100,EUR,2027-01-10\n"
        "i2,contracted,story,50,100,EUR,2027-01-10\n"
    )
    path = write_csv(text)
    assert data.MAX_QUANTITY == 50
    assert problems_of(path, "pipeline") == [
        f"{display_path(path)}: row 2, column quantity: 300 deliverables in one row is more "
        "than the 50 a file may ask for (check the number, or set PLAYBOOK_MAX_QUANTITY to "
        "allow more)"
    ]
    monkeypatch.setenv("PLAYBOOK_MAX_QUANTITY", "300")
    assert load_table(path, "pipeline")["quantity"].tolist() == [300, 50]
