"""The page helpers every stage shows its results with: the finding box, tables and sources."""

from __future__ import annotations

import re

import pandas as pd

from helpers import report
from helpers.text.i18n import translator


def headings(styler) -> list[str]:
    """The column headings of a rendered table."""
    return re.findall(r'<th [^>]*class="col_heading[^"]*"[^>]*>(.*?)</th>', styler.to_html())


def cells(styler) -> list[str]:
    """The body cells of a rendered table, row by row."""
    return re.findall(r"<td [^>]*>(.*?)</td>", styler.to_html())


def test_finding_is_a_quoted_block_with_its_label_first():
    shown = report.finding("**3 creators** fit", "Secinājums").data
    assert shown == "> **Secinājums.** **3 creators** fit"


def test_finding_shows_a_raw_tag_as_text():
    assert report.finding("a <b>x</b>").data == "> **Finding.** a \\<b>x\\</b>"


def test_table_heads_columns_from_the_vocabulary_in_the_campaigns_language():
    frame = pd.DataFrame({"market": ["LV"], "fair_fee": [1200.0], "own_column": [1]})
    assert headings(report.table(frame, words=translator("en"))) == [
        "market",
        "fair fee",
        "own_column",
    ]


def test_table_names_only_the_headings_that_say_more_than_the_column():
    frame = pd.DataFrame({"market": ["LV"], "fair_fee": [1200.0]})
    shown = report.table(frame, columns={"fair_fee": "fee to offer"}, words=translator("lv"))
    assert headings(shown) == [translator("lv")("market"), "fee to offer"]


def test_table_formats_by_the_original_column_name_and_dashes_missing_values():
    frame = pd.DataFrame({"rate": [0.0351, None]})
    shown = report.table(frame, formats={"rate": "{:.1%}"}, columns={"rate": "engagement"})
    assert cells(shown) == ["3.5%", "–"]


def test_table_escapes_cells_headings_and_caption():
    frame = pd.DataFrame({"<i>h</i>": ["<script>x</script>"]})
    html = report.table(frame, caption="<b>c</b>").to_html()
    assert "<script>" not in html
    assert "<i>h</i>" not in html
    assert "<b>c</b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_table_has_no_index_column():
    shown = report.table(pd.DataFrame({"a": [1, 2]}))
    assert (headings(shown), cells(shown)) == (["a"], ["1", "2"])


def test_sources_lists_each_line_once_escaped():
    html = report.sources(["A <2024>", "B", "A <2024>"], "Avoti").data
    assert html == (
        '<div class="sources"><strong>Avoti</strong>'
        "<ul><li>A &lt;2024&gt;</li><li>B</li></ul></div>"
    )


def test_number_columns_are_marked_for_right_alignment():
    frame = pd.DataFrame(
        {
            "handle": ["@a", "@b"],
            "fee": [1.5, 2.0],
            "booked": [True, False],
            "written": ["EUR 10,369", "–"],
            "share": ["12.5%", "3%"],
            "go_live": ["2027-03-01", "2027-03-02"],
        }
    )
    html = report.table(frame, formats={"fee": "{:.2f}"}, columns={"fee": "Fee (EUR)"}).to_html()
    marked = {int(col) for col in re.findall(r'<td [^>]*class="data row0 col(\d+) number"', html)}
    assert marked == {1, 3, 4}  # fee, written, share; not the handle, the yes/no or the date
