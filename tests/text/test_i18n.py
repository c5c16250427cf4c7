"""Locale formatting and message catalogues."""

from __future__ import annotations

from datetime import date

import pytest

from helpers.text.i18n import Translator, check_language

NBSP = "\u00a0"


def test_money_numbers_and_dates_per_locale():
    en, lv = Translator("en"), Translator("lv")
    assert en.money(1234.56, "EUR", 2) == "EUR 1,234.56"  # one house style: the ISO code first
    assert en.money(1234.56, "USD", 2) == "USD 1,234.56"
    assert en.money(0.25, "USD", None) == "USD 0.25"  # the decimals the amount has
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


def test_every_message_in_the_code_has_a_latvian_entry():
    from helpers.text.i18n import catalogue, extract_messages, message_sources

    messages = extract_messages(message_sources())
    assert len(messages) > 30
    untranslated = {m: places for m, places in messages.items() if m not in catalogue("lv")}
    assert not untranslated, f"add Latvian entries (python -m helpers.text.i18n lv): {untranslated}"


def test_landscape_page_in_latvian(tmp_path):
    from helpers.run.runner import run_campaign
    from tests.conftest import TINY

    text = TINY.read_text(encoding="utf-8").replace("schema: 1\n", "schema: 1\nlanguage: lv\n")
    latvian = tmp_path / "tiny-lv.yaml"
    latvian.write_text(text, encoding="utf-8")  # its data files are copied beside it
    for name in (
        "influencers",
        "posts",
        "follower_growth",
        "audience",
        "follower_samples",
        "results",
    ):
        (tmp_path / f"{name}.csv").write_bytes((TINY.parent / f"{name}.csv").read_bytes())
    result = run_campaign(latvian, out_dir=tmp_path / "reports", stages="00")
    assert result.ok, result.stages
    page = (result.report_dir / "00-landscape.html").read_text(encoding="utf-8")
    assert "Secinājums" in page and "satura veidotājiem" in page
    assert "8,00%" in page  # t3's engagement rate, with a decimal comma
    assert "Finding." not in page and "Creators per market" not in page
    assert '<html lang="lv">' in page and "Pārskata sākumlapa" in page
    index = (result.report_dir / "index.html").read_text(encoding="utf-8")
    assert "Kampaņas pārskats" in index and "Posmi" in index and "pabeigts" in index
    assert "01.02.2027.–28.02.2027. (28 dienas)" in index and "5\u00a0000\u00a0€" in index
