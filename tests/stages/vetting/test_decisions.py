"""Stage 02, vetting: the table of rules (exclusions first, then flags, then notes) and the words
and numbers the reasons are written with, in English and Latvian."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.stages import vetting
from helpers.stages.vetting import summary, vocabulary
from helpers.text.i18n import translator

EN, LV = translator("en"), translator("lv")


def test_rules_exclude_first_then_flag_then_note():
    kinds = [rule.kind for rule in vetting.RULES]
    assert kinds == ["out"] * 9 + ["flag"] * 14 + ["note"] * 6


def test_reasons_keep_the_order_of_the_rules(shortlist):
    # the bare creator (no data but the roster): in, then two notes in the order of the table;
    # nobody is flagged for data nobody gave (issue #15)
    assert shortlist.loc["bare", "reasons"].split("; ") == [
        "in: fit 1.00, quality 100/100 on engagement pattern (confidence low), 2.00% engagement "
        "(6th percentile of instagram micro), composite 82",
        "note: unverified: no follower sample or vendor figure, check the audience by hand (ask "
        "for a screen recording of Insights)",
        "note: audience fit not checked: no audience data (fit from interests and language only)",
    ]


def test_ordinals_per_language():
    values = np.array([1, 2, 3, 11, 12, 13, 21, 71.4, np.nan])
    assert vocabulary.ordinals(values, EN) == [
        "1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "71st", "no"
    ]  # fmt: skip
    assert vocabulary.ordinals(np.array([71.4, 2]), LV) == ["71.", "2."]


def test_weeks_and_numbers_per_language():
    weeks = np.array(["2026-06-15"], dtype="datetime64[ns]")
    assert vocabulary.week_texts(weeks, EN).tolist() == ["2026-06-15"]
    assert vocabulary.week_texts(weeks, LV).tolist() == ["15.06.2026."]
    assert vocabulary.number_texts([12345.6, 0.456], ",.1f", EN) == ["12,345.6", "0.5"]
    assert vocabulary.number_texts([12345.6], ",.1f", LV) == ["12\u00a0345,6"]
    assert vocabulary.as_written(0.35, LV) == "0,35"


def test_singular_follows_the_language_plural_rule():
    assert [summary._singular(n, EN) for n in (1, 2, 21)] == [True, False, False]
    assert [summary._singular(n, LV) for n in (1, 11, 21, 0)] == [True, False, True, False]


def test_values_shown_in_words():
    events = pd.Series(["bought_spike", "none", "unknown", None])
    shown = vetting.shown_values(events, vetting.growth_events(EN))
    assert shown.tolist() == ["bought-follower spike?", "none", "unknown", ""]
    assert vetting.words(vetting.confidence_levels(LV), "high") == LV("High")
