"""One house style for money, numbers, percentages and dates, per report language."""

from __future__ import annotations

import pytest

from helpers.text.formats import Formats
from helpers.text.i18n import translator

NBSP = "\u00a0"
EN, LV = Formats("en"), Formats("lv")


@pytest.mark.parametrize(
    ("value", "currency", "decimals", "english", "latvian"),
    [
        (1234, "EUR", 0, "EUR 1,234", f"1{NBSP}234{NBSP}€"),
        (1234.5, "EUR", 2, "EUR 1,234.50", f"1{NBSP}234,50{NBSP}€"),
        (0.25, "USD", None, "USD 0.25", f"0,25{NBSP}$"),
        (8, "USD", None, "USD 8", f"8{NBSP}$"),
        (-50, "SEK", 0, "SEK -50", f"-50{NBSP}SEK"),
    ],
)
def test_money_has_one_style_per_language(value, currency, decimals, english, latvian):
    assert EN.money(value, currency, decimals) == english
    assert LV.money(value, currency, decimals) == latvian


def test_missing_values_are_a_dash():
    for missing in (None, float("nan")):
        assert EN.money(missing, "EUR") == "–"
        assert EN.number(missing) == "–"
        assert LV.percent(missing) == "–"
        assert EN.signed_percent(missing) == "–"


def test_numbers_percentages_and_dates():
    assert EN.number(1234567.891, 2) == "1,234,567.89"
    assert LV.number(1234567.891, 2) == f"1{NBSP}234{NBSP}567,89"
    assert EN.percent(0.035) == "3.5%" and LV.percent(0.035) == "3,5%"
    assert EN.signed_percent(1.075) == "+108%" and EN.signed_percent(-0.25) == "-25%"
    assert EN.plain_number(1.3) == "1.3" and EN.plain_number(0.10354) == "0.1035"
    assert EN.date("2027-02-01") == "1 Feb 2027" and LV.date("2027-02-01") == "01.02.2027."


def test_the_translator_formats_in_the_same_style():
    assert translator("en").money(10369, "EUR") == EN.money(10369, "EUR") == "EUR 10,369"
    assert translator("lv").as_money("EUR")(25000) == f"25{NBSP}000{NBSP}€"
