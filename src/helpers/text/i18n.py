"""Reports in the campaign's language: message catalogues and locale formatting.

Everything a report generates (headings and sentences written by the helpers, table headers,
chart titles and axis labels, verdicts, recommendations) goes through a :class:`Translator`::

    _ = translator(campaign.language)
    _("Creators per market, platform and tier")
    _("{count} creators", count=12)

English is the source language. Other languages live in gettext catalogues,
``src/helpers/text/locale/<language>/LC_MESSAGES/*.po`` (one per part of the project, merged when
read), read with Babel; a message with no
entry falls back to English and is remembered in :attr:`Translator.missing`, and
``tests/test_i18n.py`` fails when any message in the code has no entry. Numbers, percentages,
dates and money are formatted for the language's locale with Babel: ``1 234,56 €`` and
``27.11.2026.`` in Latvian, ``€1,234.56`` and ``27 Nov 2026`` in English.

A report is written in one of :data:`SUPPORTED_LANGUAGES` (``en``, ``lv``). A creator is
written to in their own language: ``Translator("pl")`` translates with the catalogues of one of
:data:`CREATOR_LANGUAGES` (``locale/pl/LC_MESSAGES/outreach.po``, the messages of the outreach
drafts and term sheets only) and formats for its locale; the same mechanism, other catalogues.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from helpers.text.formats import CREATOR_LANGUAGES as CREATOR_LANGUAGES
from helpers.text.formats import LOCALES, SUPPORTED_LANGUAGES, Formats

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "playbook"
CATALOGUE_DATE = datetime(2026, 11, 27)
MISSING_LOG_VARIABLE = "PLAYBOOK_MISSING_MESSAGES"


def catalogue_path(language: str, domain: str = DOMAIN) -> Path:
    """A gettext catalogue (.po) of a language: ``playbook`` or one stage's, e.g. ``goals``."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def _read_catalogue(path: Path, language: str) -> dict[str, str]:
    with path.open("rb") as handle:
        po = read_po(handle, locale=LOCALES[language])
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translated messages of a language, by their English text (empty for English).

    All catalogues of the language are merged; where two translate the same message, the
    first in alphabetical order of file name wins.
    """
    if language == "en":
        return {}
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po")):
        for message, text in _read_catalogue(path, language).items():
            merged.setdefault(message, text)
    return merged


def check_language(language: str, languages: dict[str, str] = SUPPORTED_LANGUAGES) -> str:
    """Accept a report language's code (or one of ``languages``); raise ``ValueError`` listing
    the supported ones."""
    if language not in languages:
        supported = ", ".join(languages)
        raise ValueError(f"unsupported language {language!r} (supported: {supported})")
    return language


class Translator(Formats):
    """Translate messages and format values for one language.

    Parameters
    ----------
    language : str
        A key of :data:`SUPPORTED_LANGUAGES` (a report's language) or of
        :data:`CREATOR_LANGUAGES` (a creator's, for the drafts and term sheets to them).
    """

    def __init__(self, language: str = "en"):
        super().__init__(check_language(language, LOCALES))
        self.messages = catalogue(language)
        self.missing: set[str] = set()

    def __call__(self, message: str, **values: object) -> str:
        """The message in this language, with ``{placeholders}`` filled from ``values``."""
        text = message
        if self.language != "en":
            text = self.messages.get(message)
            if text is None:
                self._remember_missing(message)
                text = message
        return text.format(**values) if values else text

    def term(self, text: object) -> object:
        """A label or machine value of the catalogues (a KPI label, a status) in this language,
        without filling placeholders; text no catalogue knows (a goal's own label from the
        campaign file), and anything that is not text, as it is."""
        if self.language == "en" or not isinstance(text, str):
            return text
        return self.messages.get(text, text)

    def _remember_missing(self, message: str) -> None:
        """Note a message with no entry; with ``PLAYBOOK_MISSING_MESSAGES`` set to a file, also
        append it there, so a test can collect misses from the notebooks' kernels."""
        if message not in self.missing:
            self.missing.add(message)
            log = os.environ.get(MISSING_LOG_VARIABLE)
            if log:
                with open(log, "a", encoding="utf-8") as handle:
                    handle.write(json.dumps({"language": self.language, "message": message}))
                    handle.write("\n")


@cache
def translator(language: str = "en") -> Translator:
    """The shared translator of a language (one per process, so misses add up)."""
    return Translator(language)


def words(language: Translator | str) -> Translator:
    """The Translator itself, or the shared one of a language code (for callers that still
    pass a code)."""
    return language if isinstance(language, Translator) else translator(language)


def extract_messages(paths: list[Path]) -> dict[str, list[str]]:
    """Every literal message passed to ``_()`` in Python files and notebooks' code cells.

    Returns
    -------
    dict
        Message id to the places (``file:line``) it is used.
    """
    import io
    import json

    from babel.messages.extract import extract_python

    found: dict[str, list[str]] = {}
    for path in paths:
        if path.suffix == ".j2":
            for line, message in _template_messages(path):
                found.setdefault(message, []).append(f"{path.name}:{line}")
            continue
        if path.suffix == ".ipynb":
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
            sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        else:
            sources = [path.read_text(encoding="utf-8")]
        for source in sources:
            calls = extract_python(io.BytesIO(source.encode()), {"_": None}, [], {})
            for line, _function, message, _comments in calls:
                if isinstance(message, tuple):  # _("...", name=value): the text comes first
                    message = message[0]
                if isinstance(message, str) and message:
                    found.setdefault(message, []).append(f"{path.name}:{line}")
    return found


def _template_messages(path: Path) -> list[tuple[int, str]]:
    """``_("...")`` messages in a Jinja template (the report's index and one-page report)."""
    from jinja2.ext import babel_extract

    with path.open("rb") as handle:
        found = babel_extract(handle, ("_",), [], {})
        return [
            (line, message[0] if isinstance(message, tuple) else message)
            for line, _function, message, _comments in found
            if message
        ]


def message_sources() -> list[Path]:
    """The files whose ``_()`` messages make up the catalogue: helpers, stage notebooks and the
    report templates."""
    package = Path(__file__).parents[1]
    root = package.parents[1]
    return (
        sorted(package.rglob("*.py"))
        + sorted((root / "notebooks").glob("*.ipynb"))
        + sorted(package.rglob("*.j2"))
    )


def update_catalogue(
    language: str, domain: str = DOMAIN, sources: list[Path] | None = None
) -> list[str]:
    """Write the messages of ``sources`` (default: all) into one catalogue of a language,
    keeping its translations and borrowing those other catalogues already have; return the
    messages still untranslated.

    Run ``python -m helpers.text.i18n lv`` (or ``python -m helpers.text.i18n lv --domain goals
    src/helpers/stages/goals notebooks/01-goals.ipynb``) after adding messages, then translate the
    empty entries.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    path = catalogue_path(language, domain)
    known = dict(catalogue.__wrapped__(language))
    if path.exists():
        known |= _read_catalogue(path, language)
    po = Catalog(
        locale=LOCALES[language],
        project="influencer-playbook",
        creation_date=CATALOGUE_DATE,  # fixed, so regenerating does not churn the file
        revision_date=CATALOGUE_DATE,
        last_translator="influencer-playbook contributors",
    )
    for message, places in sorted(extract_messages(sources or message_sources()).items()):
        po.add(message, known.get(message, ""), locations=[(p, None) for p in places[:3]])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, po, width=100, omit_header=False, include_previous=False)
    catalogue.cache_clear()
    return [m.id for m in po if m.id and not m.string]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Update a language's message catalogue.")
    parser.add_argument("language", choices=[c for c in SUPPORTED_LANGUAGES if c != "en"])
    parser.add_argument("sources", nargs="*", type=Path, help="files to read (default: all)")
    parser.add_argument("--domain", default=DOMAIN, help="catalogue name (default: playbook)")
    args = parser.parse_intermixed_args()
    untranslated = update_catalogue(args.language, args.domain, args.sources or None)
    print(f"{catalogue_path(args.language, args.domain)}: {len(untranslated)} to translate")
