"""How the goals page writes its numbers: targets in their unit, numbers as the campaign file
writes them, the day a goal is read; every figure through the Translator's formats."""

from __future__ import annotations

import math
from datetime import date

from babel.numbers import get_decimal_symbol

from helpers.text.i18n import Translator

#: ``60th`` in English; ``60.`` in the other languages
_ORDINAL_STYLES = {
    "en": lambda number: (
        f"{number}"
        + ("th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th"))
    )
}


def _approx(value: float) -> float:
    """Two significant digits: an estimate from benchmarks is not precise to the unit."""
    if not math.isfinite(value) or value == 0:
        return value
    scale = 10 ** (math.floor(math.log10(abs(value))) - 1)
    return round(value / scale) * scale


def _g(value: float, _: Translator) -> str:
    """A number as written (``0.35``, ``1.3``, ``35``), with the language's decimal sign."""
    return f"{value:g}".replace(".", get_decimal_symbol(_.locale))


def _day(value: date, _: Translator) -> str:
    """A date in the report's one style for the language (``15 Mar 2027``, ``15.03.2027.``)."""
    return _.date(value)


def _as_in_file(value: date, _: Translator) -> str:
    """A date quoted from the campaign file in an error about it: as the file writes it (ISO) in
    English, the locale's date in the other languages."""
    return value.isoformat() if _.language == "en" else _.date(value)


def _ordinal(number: int, _: Translator) -> str:
    """``60th`` in English, ``60.`` in Latvian."""
    return _ORDINAL_STYLES.get(_.language, lambda n: f"{n}.")(number)


def _money(value: float, currency: str, _: Translator, decimals: int = 2) -> str:
    """Money in the house style (``EUR 1,234.56``, ``1 234,56 €``); without a currency, the
    number alone."""
    return _.money(value, currency, decimals) if currency else _.number(value, decimals)


def _fmt(value: float, unit: str, currency: str, _: Translator) -> str:
    """A number as a marketer reads it: 1,500,000; 3.5%; EUR 12.50; 2.10 (in the translator's
    language: ``1 500 000``; ``3,5%``; ``12,50 €``; ``2,10``)."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "fraction":
        return _.percent(value, 1 if value >= 0.01 else 2)
    if unit == "money":
        return _money(value, currency, _, 2 if abs(value) < 100 else 0)
    if unit == "ratio":
        return _.number(value, 2)
    return _.number(value)


def format_target(
    value: float, unit: str, currency: str, _: Translator, approximate: bool = False
) -> str:
    """A target or expected value formatted for the goal sheet; ``approximate`` rounds counts
    to two significant digits (estimates from benchmarks are not precise to the unit)."""
    if approximate and unit == "count":
        value = _approx(value)
    return _fmt(value, unit, currency, _)
