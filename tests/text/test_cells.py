"""The notebooks' Markdown cells in Latvian: the translations files, the fallback to English,
and the list of stale cells that fails the suite."""

from __future__ import annotations

import hashlib

import nbformat
import pytest

from helpers.core.config import NOTEBOOKS_DIR
from helpers.core.errors import InputError
from helpers.text import cells
from helpers.text.cells import (
    draft,
    page_title,
    parse_translations,
    source_hash,
    stale_cells,
    translate_markdown,
)


def _notebook(*markdown: tuple[str, str]):
    node = nbformat.v4.new_notebook()
    node.cells = [nbformat.v4.new_code_cell("x = 1", id="code")]
    node.cells += [nbformat.v4.new_markdown_cell(text, id=cell) for cell, text in markdown]
    return node


def test_the_hash_is_the_english_sources_sha256_ignoring_trailing_space():
    expected = hashlib.sha256(b"## Fees\n\nWhat it costs.").hexdigest()[:8]
    assert source_hash("## Fees\n\nWhat it costs.") == expected
    assert source_hash("\n## Fees   \n\nWhat it costs.\n\n") == expected
    assert source_hash("## Fees\n\nWhat it costs!") != expected


def test_parse_reads_each_cell_under_its_marker():
    text = (
        "<!-- cell c00 en:0123abcd -->\n# Virsraksts\n\nTeksts.\n\n"
        "<!-- cell c04 en:ffff0000 -->\n## Otrs\n"
    )
    assert parse_translations(text) == {
        "c00": ("0123abcd", "# Virsraksts\n\nTeksts."),
        "c04": ("ffff0000", "## Otrs"),
    }


def test_bad_translation_files_say_what_is_wrong_all_at_once():
    text = (
        "stray words\n<!-- cell c00 en:0123abcd -->\n# A\n"
        "<!-- cell c00 en:0123abcd -->\n# B\n<!-- cell c01 en:0123abcd -->\n"
    )
    with pytest.raises(InputError) as error:
        parse_translations(text, "lv/00.md")
    assert error.value.problems == [
        "lv/00.md: text before the first cell marker",
        "lv/00.md: cell c00: translated twice",
        "lv/00.md: cell c01: no translation after its marker",
    ]
    with pytest.raises(InputError, match="no '<!-- cell ID en:HASH -->' marker"):
        parse_translations("# just text", "lv/00.md")


def test_translate_swaps_current_cells_and_leaves_stale_ones_in_english(tmp_path, monkeypatch):
    monkeypatch.setattr(cells, "LOCALE_DIR", tmp_path)
    (tmp_path / "lv" / "notebooks").mkdir(parents=True)
    current, changed = "## Fees\n\nWhat it costs.", "## Reach\n\nNew English."
    (tmp_path / "lv" / "notebooks" / "09-test.md").write_text(
        f"<!-- cell a en:{source_hash(current)} -->\n## Maksa\n\nCik tas maksā.\n\n"
        f"<!-- cell b en:{source_hash('## Reach')} -->\n## Sasniedzamība\n",
        encoding="utf-8",
    )
    node = _notebook(("a", current), ("b", changed), ("c", "## Untranslated"))
    assert translate_markdown(node, "09-test", "lv") == ["b", "c"]
    assert [c.source for c in node.cells] == [
        "x = 1",
        "## Maksa\n\nCik tas maksā.",
        changed,
        "## Untranslated",
    ]
    english = _notebook(("a", current))
    assert translate_markdown(english, "09-test", "en") == []
    assert english.cells[1].source == current


def test_stale_cells_and_a_draft_for_the_translator(tmp_path, monkeypatch):
    monkeypatch.setattr(cells, "LOCALE_DIR", tmp_path / "locale")
    (tmp_path / "locale" / "lv" / "notebooks").mkdir(parents=True)
    notebook = tmp_path / "09-test.ipynb"
    nbformat.write(_notebook(("a", "# Title"), ("b", "## Changed"), ("c", "## New")), notebook)
    (tmp_path / "locale" / "lv" / "notebooks" / "09-test.md").write_text(
        f"<!-- cell a en:{source_hash('# Title')} -->\n# Virsraksts\n"
        f"<!-- cell b en:{source_hash('## Old')} -->\n## Vecais\n"
        f"<!-- cell gone en:{source_hash('## Gone')} -->\n## Pazudis\n",
        encoding="utf-8",
    )
    assert stale_cells(notebook, "lv") == [
        ("b", "English changed since translated"),
        ("c", "untranslated"),
        ("gone", "no such Markdown cell"),
    ]
    assert draft(notebook, "lv") == (
        f"<!-- cell a en:{source_hash('# Title')} -->\n# Virsraksts\n\n"
        f"<!-- cell b en:{source_hash('## Changed')} -->\n## Changed\n\n"
        f"<!-- cell c en:{source_hash('## New')} -->\n## New\n"
    )


def test_the_page_title_is_the_first_top_heading_of_the_markdown():
    node = _notebook(("a", "Intro\n## Section"), ("b", "# 00 · Tirgus ainava\n\nTeksts."))
    assert page_title(node, "00 Market landscape") == "00 · Tirgus ainava"
    assert page_title(_notebook(("a", "## Only a section")), "00 Landscape") == "00 Landscape"


@pytest.mark.parametrize("notebook", sorted(NOTEBOOKS_DIR.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_markdown_cell_of_the_stage_notebooks_has_a_current_latvian_translation(notebook):
    stale = stale_cells(notebook, "lv")
    assert not stale, (
        f"{notebook.name}: translate these Markdown cells in "
        f"src/helpers/text/locale/lv/notebooks/{notebook.stem}.md "
        f"(python -m helpers.text.cells lv --draft notebooks/{notebook.name}): {stale}"
    )
