"""The stage notebooks' Markdown cells in the report's language.

The notebooks are written in English (the analyst's edition, opened in JupyterLab). For a
report in another language the runner swaps each Markdown cell's source for its translation
just before the page is rendered (:func:`translate_markdown`). Translations live beside the
message catalogues, one file per notebook::

    src/helpers/text/locale/lv/notebooks/00-landscape.md

Each cell's translation follows a marker naming the cell's id and a short hash of the English
source it translates::

    <!-- cell c04 en:3f9a1c2b -->
    ## Kas ir sarakstā
    ...

A cell whose English changed since it was translated (the hash differs), or that has no
translation, stays in English on the page; :func:`stale_cells` lists such cells, and
``tests/text/test_cells.py`` fails on them, so an English edit never silently ships an outdated
translation. ``python -m helpers.text.cells lv`` lists them with the English to translate.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from helpers.core.errors import InputError, display_path

LOCALE_DIR = Path(__file__).with_name("locale")
MARKER = re.compile(r"^<!-- cell (?P<id>\S+) en:(?P<hash>[0-9a-f]{8}) -->[ \t]*$", re.MULTILINE)


def source_hash(source: str) -> str:
    """The short hash of a cell's English source (8 hex digits of its SHA-256; trailing
    whitespace on lines and blank lines at either end do not count)."""
    text = "\n".join(line.rstrip() for line in source.strip().splitlines())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def translations_path(notebook: str, language: str) -> Path:
    """Where a notebook's (``00-landscape``) Markdown translations in a language are kept."""
    return LOCALE_DIR / language / "notebooks" / f"{Path(notebook).stem}.md"


def parse_translations(text: str, where: str = "translations") -> dict[str, tuple[str, str]]:
    """The translations of one file: cell id to ``(hash of the English, translated text)``.

    Raises
    ------
    InputError
        Text before the first marker, a cell given twice, or a cell with no text.
    """
    markers = list(MARKER.finditer(text))
    problems, found = [], {}
    if not markers and text.strip():
        problems.append(f"{where}: no '<!-- cell ID en:HASH -->' marker found")
    elif markers and text[: markers[0].start()].strip():
        problems.append(f"{where}: text before the first cell marker")
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        body = text[marker.end() : end].strip()
        cell = marker["id"]
        if cell in found:
            problems.append(f"{where}: cell {cell}: translated twice")
        elif not body:
            problems.append(f"{where}: cell {cell}: no translation after its marker")
        found[cell] = (marker["hash"], body)
    if problems:
        raise InputError(problems)
    return found


@cache
def _translations(path: Path, mtime_ns: int) -> dict[str, tuple[str, str]]:
    return parse_translations(path.read_text(encoding="utf-8"), display_path(path))


def translations(notebook: str, language: str) -> dict[str, tuple[str, str]]:
    """A notebook's Markdown translations in a language (empty for English or when none)."""
    path = translations_path(notebook, language)
    if language == "en" or not path.is_file():
        return {}
    return _translations(path, path.stat().st_mtime_ns)


def translate_markdown(node, notebook: str, language: str) -> list[str]:
    """Swap the Markdown cells of a notebook (an ``nbformat`` node, changed in place) for
    their translations; return the ids of the cells left in English (stale or untranslated).

    Parameters
    ----------
    node : nbformat.NotebookNode
        The notebook, read with ``nbformat.read(..., as_version=4)``.
    notebook : str
        Its stem, e.g. ``00-landscape``: which translations file to use.
    language : str
        The report's language; English leaves the notebook as it is.
    """
    if language == "en":
        return []
    known = translations(notebook, language)
    english = []
    for cell in node.cells:
        if cell.cell_type != "markdown":
            continue
        translation = known.get(cell.get("id", ""))
        if translation and translation[0] == source_hash(cell.source):
            cell.source = translation[1]
        else:
            english.append(cell.get("id", "?"))
    return english


def page_title(node, fallback: str) -> str:
    """A notebook's title as its page shows it: the first ``# heading`` of its first Markdown
    cell that has one (``00 · Tirgus ainava`` once translated), else ``fallback``."""
    for cell in node.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def stale_cells(notebook: Path, language: str) -> list[tuple[str, str]]:
    """The Markdown cells of a notebook file whose translation is missing or outdated.

    Returns
    -------
    list of (str, str)
        ``(cell id, why)``: ``"untranslated"``, or ``"English changed since translated"``;
        and ``(cell id, "no such Markdown cell")`` for a translation of a cell the notebook no
        longer has.
    """
    import nbformat

    node = nbformat.read(notebook, as_version=4)
    known = translations(Path(notebook).stem, language)
    found, markdown = [], set()
    for cell in node.cells:
        if cell.cell_type != "markdown":
            continue
        markdown.add(cell.get("id"))
        translation = known.get(cell.get("id"))
        if translation is None:
            found.append((cell.get("id", "?"), "untranslated"))
        elif translation[0] != source_hash(cell.source):
            found.append((cell.id, "English changed since translated"))
    found += [(cell, "no such Markdown cell") for cell in known if cell not in markdown]
    return found


def draft(notebook: Path, language: str) -> str:
    """The translations file for a notebook with every current marker: kept translations for
    cells whose English is unchanged, and the English (to translate) for the others."""
    import nbformat

    node = nbformat.read(notebook, as_version=4)
    known = translations(Path(notebook).stem, language)
    parts = []
    for cell in node.cells:
        if cell.cell_type == "markdown":
            digest = source_hash(cell.source)
            kept = known.get(cell.id)
            text = kept[1] if kept and kept[0] == digest else cell.source.strip()
            parts.append(f"<!-- cell {cell.id} en:{digest} -->\n{text}\n")
    return "\n".join(parts)


if __name__ == "__main__":
    import argparse

    from helpers.core.config import NOTEBOOKS_DIR

    parser = argparse.ArgumentParser(description="List the notebooks' stale Markdown cells.")
    parser.add_argument("language")
    parser.add_argument("--draft", type=Path, help="print this notebook's translations file")
    args = parser.parse_args()
    if args.draft:
        print(draft(args.draft, args.language), end="")
        raise SystemExit(0)
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        for cell, why in stale_cells(path, args.language):
            print(f"{path.name}: cell {cell}: {why}")
