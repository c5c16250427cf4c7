"""One house style for numbers, percentages, money and dates in each report language.

:class:`Formats` is bound to a language once (the campaign's) and used for every figure a page,
an artifact's text or a message shows; :class:`helpers.text.i18n.Translator` is a ``Formats``
that also translates messages, so ``_ = translator(campaign.language)`` gives both::

    _.money(1234, "EUR")   # 'EUR 1,234' in English, '1 234 €' in Latvian
    _.percent(0.035)       # '3.5%' / '3,5%'
    _.date("2027-02-01")   # '1 Feb 2027' / '01.02.2027.'

``language ==`` tests live here and in :mod:`helpers.text.i18n` only.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date
from babel.numbers import NumberPattern, parse_pattern

#: the report languages: language code -> Babel locale used for numbers, money and dates
SUPPORTED_LANGUAGES = {"en": "en_US", "lv": "lv_LV"}
#: the further languages a creator is written to in (outreach drafts and term sheets), with
#: their catalogues under ``locale/<code>/``; never a report's language
CREATOR_LANGUAGES = {
    "et": "et_EE",
    "lt": "lt_LT",
    "pl": "pl_PL",
    "de": "de_DE",
    "fr": "fr_FR",
    "es": "es_ES",
    "it": "it_IT",
    "sv": "sv_SE",
    "da": "da_DK",
    "nb": "nb_NO",
    "fi": "fi_FI",
}
#: every language a :class:`Formats` can be bound to
LOCALES = SUPPORTED_LANGUAGES | CREATOR_LANGUAGES
#: a short date's pattern; a language not listed writes Babel's medium date (``1. veebr 2027``)
DATE_PATTERNS = {"en": "d MMM y", "lv": "dd.MM.y."}
MISSING_VALUE = "–"


class Formats:
    """Numbers, percentages, money and dates as one language writes them.

    Parameters
    ----------
    language : str
        A key of :data:`LOCALES` (a report language or a creator's).
    """

    def __init__(self, language: str = "en"):
        self.language = language
        self.locale = LOCALES[language]
        self._babel = Locale.parse(self.locale)  # parsed once: pages format thousands of figures

    def number(self, value: float | None, decimals: int = 0) -> str:
        """``1,234`` / ``1 234``; a dash for a missing value."""
        if _missing(value):
            return MISSING_VALUE
        return _pattern(decimals).apply(value, self._babel)

    def percent(self, value: float | None, decimals: int = 1) -> str:
        """``3.5%`` / ``3,5%`` from a fraction (0.035)."""
        if _missing(value):
            return MISSING_VALUE
        return _pattern(decimals, "%").apply(value, self._babel)

    def money(self, value: float | None, currency: str, decimals: int | None = 0) -> str:
        """``EUR 1,234`` / ``1 234 €``: every money figure carries its currency, the one way the
        language writes it (in English the ISO code first, so that two dollars never look
        alike). ``decimals=None`` shows the decimals the amount has, up to four (``USD 0.25``).
        """
        if _missing(value):
            return MISSING_VALUE
        if decimals is None:
            decimals = _decimals(value)
        if self.language == "en":
            return f"{currency} {self.number(value, decimals)}"
        pattern = _pattern(decimals, "\u00a0¤")
        return pattern.apply(value, self._babel, currency=currency, currency_digits=False)

    def plain_number(self, value: float) -> str:
        """A number with only the decimals it has, up to four: ``1.3``, ``8``, ``0.1035``
        (``1,3`` in Latvian), for rates and multipliers."""
        return self.number(value, _decimals(value))

    def signed_percent(self, value: float | None, decimals: int = 0) -> str:
        """``+108%`` / ``-25%``: a change with its sign."""
        text = self.percent(value, decimals)
        return text if _missing(value) or value < 0 else "+" + text

    def date(self, value: date | datetime | str | None) -> str:
        """``27 Nov 2026`` / ``27.11.2026.``."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return MISSING_VALUE
        if isinstance(value, str):
            value = date.fromisoformat(value[:10])
        pattern = DATE_PATTERNS.get(self.language, "medium")
        return format_date(value, format=pattern, locale=self.locale)

    def short_day(self, value: date | datetime) -> str:
        """A day without the year, for a chart's axis: ``08 Feb`` / ``08.02.``."""
        if self.language == "en":
            return f"{value:%d %b}"
        return format_date(value, "dd.MM.", locale=self.locale)

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


@functools.cache
def _pattern(decimals: int, suffix: str = "") -> NumberPattern:
    """Babel's number pattern with thousands grouping, ``decimals`` decimals and a suffix (``%``,
    a currency sign), parsed once (what ``babel.numbers.format_decimal`` parses at every call)."""
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else "") + suffix)


def _missing(value: object) -> bool:
    try:
        return value is None or math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def _decimals(value: float) -> int:
    """How many decimals a number has, up to four."""
    return len(f"{value:.4f}".rstrip("0").partition(".")[2])
