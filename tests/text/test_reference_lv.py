"""The reference data's texts on a Latvian report: looked up in the catalogues where a page
shows them (tables, source lines), English in the CSV artifacts."""

from __future__ import annotations

import csv
import html
import re

import pandas as pd
import pytest

from helpers import report
from helpers.core import reference
from helpers.core.config import REFERENCE_DIR
from helpers.run.runner import run_campaign
from helpers.text.i18n import Translator, catalogue
from tests.conftest import latvian_copy

CELL = re.compile(r"<td\b[^>]*>(.*?)</td>", re.DOTALL)
SOURCES = re.compile(r'<div class="sources">(.*?)</div>', re.DOTALL)
ITEM = re.compile(r"<li>(.*?)</li>", re.DOTALL)
YEAR = re.compile(r" \((?:\d{4}|year not stated)\)$")


def translated_reference_texts() -> dict[str, str]:
    """Every text of data/reference/*.csv that has a Latvian entry, with that entry."""
    latvian = catalogue("lv")
    found = {}
    for path in sorted(REFERENCE_DIR.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for value in row.values():
                    if value in latvian and latvian[value] != value:
                        found[value] = latvian[value]
    return found


def shown_texts(page: str) -> tuple[list[str], list[str]]:
    """The table cells and the source lines of a report page, as text."""

    def plain(inner: str) -> str:
        return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()

    cells = [plain(cell) for cell in CELL.findall(page)]
    lines = [plain(item) for block in SOURCES.findall(page) for item in ITEM.findall(block)]
    return cells, lines


def test_the_catalogue_covers_the_reference_texts_pages_show():
    texts = translated_reference_texts()
    assert len(texts) > 150
    assert texts["Clearly visible with the post"] == "Skaidri redzami pie publikācijas"
    assert texts["Consumer Rights Protection Centre (PTAC)"].startswith("Patērētāju tiesību")
    assert "FTC Endorsement Guides" not in texts  # a law's name stays as published


def test_table_cells_and_sources_in_the_campaigns_language():
    lv, en = Translator("lv"), Translator("en")
    frame = pd.DataFrame(
        {"market": ["LV"], "placement": ["At the start of the post"], "share": [0.5]}
    )
    shown = report.table(frame, formats={"share": "{:.0%}"}, words=lv).to_html()
    assert "Publikācijas sākumā" in shown and "At the start" not in shown and "50%" in shown
    assert frame.at[0, "placement"] == "At the start of the post"  # the data is not changed
    assert "At the start of the post" in report.table(frame, words=en).to_html()
    assert "At the start of the post" in report.table(frame).to_html()  # no words: as it is
    note = report.sources(["Playbook planning assumption, not a published benchmark"], words=lv)
    assert "Rokasgrāmatas plānošanas pieņēmums, nevis publicēts etalons" in note.data


def test_cite_looks_the_source_up_before_adding_the_year():
    table = pd.DataFrame(
        {
            "source": ["Playbook planning assumption, not a published benchmark", "Acme, a survey"],
            "year": [2026, float("nan")],
        }
    )
    assert reference.cite(table) == [
        "Playbook planning assumption, not a published benchmark (2026)",
        "Acme, a survey (year not stated)",
    ]
    assert reference.cite(table, Translator("lv")) == [
        "Rokasgrāmatas plānošanas pieņēmums, nevis publicēts etalons (2026)",
        "Acme, a survey (gads nav norādīts)",  # a publication's name stays as published
    ]


@pytest.fixture(scope="module")
def latvian_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("latvian-reference")
    result = run_campaign(latvian_copy(folder), out_dir=folder / "reports", stages="00-04")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    return result.report_dir


@pytest.mark.parametrize("stage", ["00-landscape", "04-calendar"])
def test_no_translated_reference_text_is_left_in_english_on_a_latvian_page(latvian_run, stage):
    texts = translated_reference_texts()
    cells, lines = shown_texts((latvian_run / f"{stage}.html").read_text(encoding="utf-8"))
    assert len(cells) > 20 and lines  # the page has tables and sources to check
    english = [c for c in cells if c in texts]
    english += [line for line in lines if line in texts or YEAR.sub("", line) in texts]
    assert not english, english
    latvian = set(texts.values())
    assert any(cell in latvian for cell in cells)  # the check can fail: the lookup ran


def test_csv_artifacts_keep_the_reference_texts_in_english(latvian_run):
    texts = translated_reference_texts()
    latvian = set(texts.values())
    for path in sorted(latvian_run.glob("*.csv")):
        with path.open(encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                left = [value for value in row.values() if value in latvian]
                assert not left, (path.name, left)
    with (latvian_run / "landscape_mix.csv").open(encoding="utf-8-sig") as handle:
        assert {row["platform"] for row in csv.DictReader(handle)} >= {"instagram"}
    with (latvian_run / "landscape_engagement.csv").open(encoding="utf-8-sig") as handle:
        definitions = {row["benchmark_definition"] for row in csv.DictReader(handle)}
    assert definitions <= {  # machine values: the page shows them in Latvian
        "per follower, likes and comments, all posts",
        "no per-follower figure for this tier in the platform's tier series",
    }


def test_the_market_mix_legend_is_titled_in_the_campaigns_language():
    import matplotlib.pyplot as plt

    from helpers.stages.landscape import charts

    lv = Translator("lv")
    mix = pd.DataFrame(
        {"market": ["LV", "LV"], "platform": ["instagram", "tiktok"], "tier": ["micro", "nano"]}
        | {"creators": [2, 1]}
    )
    figure = charts.plot_market_mix(mix, lv)
    (legend,) = figure.legends
    assert legend.get_title().get_text() == lv("Platform") != "Platform"
    assert [text.get_text() for text in legend.get_texts()] == ["instagram", "tiktok"]
    plt.close(figure)
