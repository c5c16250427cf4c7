"""Reports in the campaign's language: message catalogues and locale formatting.

Everything a report generates (headings and sentences written by the helpers, table headers,
chart titles and axis labels, verdicts, recommendations) goes through a :class:`Translator`::

    _ = translator(campaign.language)
    _("Creators per market, platform and tier")
    _("{count} creators", count=12)

English is the source language. Other languages live in gettext catalogues,
``src/helpers/locale/<language>/LC_MESSAGES/playbook.po``, read with Babel; a message with no
entry falls back to English and is remembered in :attr:`Translator.missing`, and
``tests/test_i18n.py`` fails when any message in the code has no entry. Numbers, percentages,
dates and money are formatted for the language's locale with Babel: ``1 234,56 €`` and
``27.11.2026.`` in Latvian, ``€1,234.56`` and ``27 Nov 2026`` in English.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "playbook"
#: language code -> Babel locale used for numbers, money and dates
SUPPORTED_LANGUAGES = {"en": "en_US", "lv": "lv_LV"}
DATE_PATTERNS = {"en": "d MMM y", "lv": "dd.MM.y."}
MISSING_VALUE = "–"
CATALOGUE_DATE = datetime(2026, 11, 27)


def catalogue_path(language: str) -> Path:
    """The gettext catalogue (.po) of a language."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translated messages of a language, by their English text (empty for English)."""
    path = catalogue_path(language)
    if language == "en" or not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=SUPPORTED_LANGUAGES[language])
    return {m.id: m.string for m in po if m.id and m.string and not m.fuzzy}


def check_language(language: str) -> str:
    """Accept a supported language code; raise ``ValueError`` listing the supported ones."""
    if language not in SUPPORTED_LANGUAGES:
        supported = ", ".join(SUPPORTED_LANGUAGES)
        raise ValueError(f"unsupported language {language!r} (supported: {supported})")
    return language


class Translator:
    """Translate messages and format values for one language.

    Parameters
    ----------
    language : str
        A key of :data:`SUPPORTED_LANGUAGES`.
    """

    def __init__(self, language: str = "en"):
        self.language = check_language(language)
        self.locale = SUPPORTED_LANGUAGES[language]
        self.messages = catalogue(language)
        self.missing: set[str] = set()

    def __call__(self, message: str, **values: object) -> str:
        """The message in this language, with ``{placeholders}`` filled from ``values``."""
        text = message
        if self.language != "en":
            text = self.messages.get(message)
            if text is None:
                self.missing.add(message)
                text = message
        return text.format(**values) if values else text

    def number(self, value: float | None, decimals: int = 0) -> str:
        """``1,234`` / ``1 234``; a dash for a missing value."""
        if _missing(value):
            return MISSING_VALUE
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, value: float | None, decimals: int = 1) -> str:
        """``3.5%`` / ``3,5%`` from a fraction (0.035)."""
        if _missing(value):
            return MISSING_VALUE
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
        return format_percent(value, format=pattern, locale=self.locale)

    def money(self, value: float | None, currency: str, decimals: int = 0) -> str:
        """``€1,234`` / ``1 234 €``: every money figure carries its currency."""
        if _missing(value):
            return MISSING_VALUE
        pattern = "¤#,##0" + ("." + "0" * decimals if decimals else "")
        if self.language == "lv":
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "\u00a0¤"
        return format_currency(
            value, currency, format=pattern, locale=self.locale, currency_digits=False
        )

    def date(self, value: date | datetime | str | None) -> str:
        """``27 Nov 2026`` / ``27.11.2026.``."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return MISSING_VALUE
        if isinstance(value, str):
            value = date.fromisoformat(value[:10])
        return format_date(value, format=DATE_PATTERNS[self.language], locale=self.locale)

    # Formatters for pandas Styler.format and matplotlib, which take one value.
    def as_number(self, decimals: int = 0) -> Callable[[float], str]:
        """A one-argument number formatter."""
        return lambda value: self.number(value, decimals)

    def as_percent(self, decimals: int = 1) -> Callable[[float], str]:
        """A one-argument percentage formatter."""
        return lambda value: self.percent(value, decimals)

    def as_money(self, currency: str, decimals: int = 0) -> Callable[[float], str]:
        """A one-argument money formatter in one currency."""
        return lambda value: self.money(value, currency, decimals)


def _missing(value: object) -> bool:
    try:
        return value is None or math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


@cache
def translator(language: str = "en") -> Translator:
    """The shared translator of a language (one per process, so misses add up)."""
    return Translator(language)


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


def message_sources() -> list[Path]:
    """The files whose ``_()`` messages make up the catalogue: helpers and stage notebooks."""
    root = Path(__file__).resolve().parents[2]
    return sorted(Path(__file__).parent.glob("*.py")) + sorted((root / "notebooks").glob("*.ipynb"))


def update_catalogue(language: str) -> list[str]:
    """Add every message in the code to a language's catalogue (empty translation), keeping
    existing translations; return the messages still untranslated.

    Run ``python -m helpers.i18n lv`` after adding messages, then translate the empty entries.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    path = catalogue_path(language)
    known = dict(catalogue.__wrapped__(language)) if path.exists() else {}
    po = Catalog(
        locale=SUPPORTED_LANGUAGES[language],
        project="influencer-playbook",
        creation_date=CATALOGUE_DATE,  # fixed, so regenerating does not churn the file
        revision_date=CATALOGUE_DATE,
        last_translator="influencer-playbook contributors",
    )
    for message, places in sorted(extract_messages(message_sources()).items()):
        po.add(message, known.get(message, ""), locations=[(p, None) for p in places[:3]])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, po, width=100, omit_header=False, include_previous=False)
    catalogue.cache_clear()
    return [m.id for m in po if m.id and not m.string]


if __name__ == "__main__":
    import sys

    for code in sys.argv[1:] or [c for c in SUPPORTED_LANGUAGES if c != "en"]:
        untranslated = update_catalogue(code)
        print(f"{catalogue_path(code)}: {len(untranslated)} messages to translate")
