"""Locale formatting and message catalogues."""

from __future__ import annotations

from datetime import date

import pytest

from helpers.i18n import Translator, check_language

NBSP = "\u00a0"


def test_money_numbers_and_dates_per_locale():
    en, lv = Translator("en"), Translator("lv")
    assert en.money(1234.56, "EUR", 2) == "€1,234.56"
    assert en.money(1234.56, "USD", 2) == "$1,234.56"
    assert lv.money(1234.56, "EUR", 2) == f"1{NBSP}234,56{NBSP}€"
    assert en.date(date(2026, 11, 27)) == "27 Nov 2026"
    assert lv.date(date(2026, 11, 27)) == "27.11.2026."
    assert en.percent(0.035) == "3.5%" and lv.percent(0.035) == "3,5%"
    assert lv.number(1234567) == f"1{NBSP}234{NBSP}567"
    assert en.money(None, "EUR") == "–" and en.percent(float("nan")) == "–"


def test_missing_messages_fall_back_and_are_remembered():
    lv = Translator("lv")
    assert lv("A message nobody translated {n}", n=3) == "A message nobody translated 3"
    assert "A message nobody translated {n}" in lv.missing
    assert Translator("en")("{n} creators", n=2) == "2 creators"


def test_unsupported_language_lists_the_supported_ones():
    with pytest.raises(ValueError, match=r"unsupported language 'de' \(supported: en, lv\)"):
        check_language("de")
