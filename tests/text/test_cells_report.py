"""A Latvian report, run end to end: no English heading left on any page, the index's stage and
section list in Latvian, Latvian dates with one stop, and the executed notebooks in English."""

from __future__ import annotations

import html
import json
import re

import pytest

from helpers.core.config import NOTEBOOKS_DIR
from helpers.run.runner import run_campaign
from helpers.text.cells import translations
from tests.conftest import latvian_copy

# English words that are not Latvian ones ("to", "no", "par" are Latvian too: left out)
ENGLISH_WORDS = {
    *("the", "and", "of", "with", "for", "from", "this", "that", "these", "are", "is", "not"),
    *("by", "each", "what", "who", "how", "which", "than", "when", "your", "you", "their"),
    *("its", "be", "has", "have", "was", "were", "will", "can", "into", "only", "all", "per"),
}
HEADING = re.compile(r"<h(?P<level>[1-3])\b[^>]*>(?P<inner>.*?)</h(?P=level)>", re.DOTALL)


def _text(inner: str) -> str:
    inner = re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def headings(page: str) -> list[str]:
    """The text of every h1, h2 and h3 of an HTML page."""
    return [_text(match["inner"]) for match in HEADING.finditer(page)]


def english_headings() -> set[str]:
    """Every heading the stage notebooks' Markdown cells have, in English."""
    found = set()
    for notebook in NOTEBOOKS_DIR.glob("*.ipynb"):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                lines = "".join(cell["source"]).splitlines()
                found |= {line.lstrip("#").strip() for line in lines if line.startswith("#")}
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("latvian-report")
    result = run_campaign(latvian_copy(folder), out_dir=folder / "reports")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    return result


def test_no_heading_on_any_page_of_a_latvian_report_is_english(report):
    english, seen = english_headings(), 0
    assert "Who is on the roster" in english and "06 · ROI" in english  # the check can fail
    name = "Aurora Skincare — Baltic launch"  # the campaign's own name, as its file writes it
    left = []
    for page in sorted(report.report_dir.glob("*.html")):
        for heading in headings(page.read_text(encoding="utf-8")):
            seen += 1
            words = {w.lower() for w in re.findall(r"[^\W\d_]+", heading.replace(name, ""))}
            if (heading in english and heading != "06 · ROI") or words & ENGLISH_WORDS:
                left.append(f"{page.name}: {heading}")
    assert seen > 100  # 7 stage pages, the index and the one-page report
    assert not left, left


def test_each_stage_page_and_the_index_show_the_latvian_markdown(report):
    index = (report.report_dir / "index.html").read_text(encoding="utf-8")
    for stage in report.stages:
        first = translations(stage.stage, "lv")["c00"][1].splitlines()[0].lstrip("# ")
        page = (report.report_dir / stage.html).read_text(encoding="utf-8")
        assert headings(page)[0] == first == stage.heading
        assert f">{html.escape(first)}</a>" in index
        for _anchor, section in stage.sections:  # the index lists each page's sections
            assert f">{html.escape(section)}</a>" in index
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        assert title.startswith(html.escape(first) + " — ")  # the browser tab and bookmarks
        if stage.stage != "06-roi":  # the link to the next page names it in Latvian too
            after = report.stages[report.stages.index(stage) + 1]
            assert f"{html.escape(after.heading)} &rarr;</a>" in page
            assert f"{html.escape(after.title)} &rarr;" not in page
    assert "Kas ir sarakstā" in index and "Who is on the roster" not in index
    assert "Nopelnīto mediju vērtība: tas nav ROI" in index


def test_latvian_dates_end_a_sentence_with_one_stop(report):
    double = re.compile(r"\d{2}\.\d{2}\.\d{4}\.\.")
    found = []
    for path in report.report_dir.rglob("*"):
        if path.suffix in {".html", ".md", ".csv", ".ics", ".json"}:
            found += [f"{path.name}: {m[0]}" for m in double.finditer(path.read_text("utf-8"))]
    assert not found, found[:5]
    drafts = [p.read_text("utf-8") for p in (report.report_dir / "outreach").glob("*.md")]
    ask = re.compile(r"\(publicēšana no 01\.02\.2027\. līdz 15\.03\.2027\.\)\.")
    assert any(ask.search(draft) for draft in drafts)  # a Latvian creator's first message


def test_the_executed_notebooks_stay_in_english_for_the_analyst(report):
    executed = json.loads((report.report_dir / "00-landscape.ipynb").read_text(encoding="utf-8"))
    first = next(c for c in executed["cells"] if c["cell_type"] == "markdown")
    assert "".join(first["source"]).startswith("# 00 · Market landscape")
