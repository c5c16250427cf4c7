"""Disclosure by market: a market with a rule on file is judged by it (Polish creators by
UOKiK's labels); a market with no rule on file is "unknown: check against the national rule",
never a failure: no flag, no score penalty, and the page says so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.core import reference
from helpers.stages import vetting
from tests.stages.vetting.planted import (
    audience_of,
    creator,
    make_campaign,
    posts_of,
    samples_of,
    steady,
)

POLISH_LABELLED = [
    "#reklama Nowe serum od Lumi Derm @lumiderm",
    "Współpraca reklamowa z marką Lumi Derm: mój poranny rytuał",
    "Płatna współpraca z marką Lumi Derm. Testuję od miesiąca",
]
POLISH_UNLABELLED = ["Nowe serum od Lumi Derm @lumiderm"] * 3
LABEL_REASON = "sponsored posts as the"


def polish_world(markets=("PL", "PT")):
    """Four Instagram micro creators: two in Poland (labelled, unlabelled), two in Portugal, a
    market with no disclosure rule on file (the same captions)."""
    base = make_campaign(max_fake_share=0.3)
    campaign = base.model_copy(
        update={
            "markets": list(markets),
            "audience": base.audience.model_copy(
                update={"countries": {"PL": 0.5, "PT": 0.5}, "languages": ["pl", "pt"]}
            ),
        }
    )
    people = {
        "pl-labels": ("PL", "pl", POLISH_LABELLED),
        "pl-bare": ("PL", "pl", POLISH_UNLABELLED),
        "pt-labels": ("PT", "pt", POLISH_LABELLED),
        "pt-bare": ("PT", "pt", POLISH_UNLABELLED),
    }
    roster = pd.DataFrame(
        [creator(i, market=m, language=lang) for i, (m, lang, _c) in people.items()]
    )
    audience = pd.concat(
        [audience_of(i).replace({"segment": {"LV": m}}) for i, (m, _lang, _c) in people.items()]
    )
    tables = {
        "roster": roster,
        "posts": pd.concat(
            [posts_of(i, 380, 20, captions) for i, (_m, _l, captions) in people.items()],
            ignore_index=True,
        ),
        "follower_growth": pd.concat([steady(i) for i in people]),
        "follower_samples": pd.concat([samples_of(i, 40, 0) for i in people]),
        "audience": audience,
    }
    return campaign, tables


@pytest.fixture(scope="module")
def vetted():
    campaign, tables = polish_world()
    return campaign, vetting.build_shortlist(campaign, tables).set_index("influencer_id")


def test_polish_labels_satisfy_the_uokik_rule():
    captions = pd.Series([*POLISH_LABELLED, "[REKLAMA] test", "to nie jest reklama", "#reklamacja"])
    assert vetting.label_satisfies(captions, "PL").tolist() == [True] * 4 + [False, False]


def test_polish_creators_are_judged_by_the_polish_rule(vetted):
    _campaign, table = vetted
    assert table.loc["pl-labels", "disclosure_share"] == 1.0  # 3 of 3 sponsored posts
    assert not any(LABEL_REASON in r for r in table.loc["pl-labels", "reasons"].split("; "))
    assert table.loc["pl-bare", "disclosure_share"] == 0.0
    assert table.loc["pl-bare", "status"] == "flagged"
    assert "labelled 0 of 3 sponsored posts as the PL rule asks" in table.loc["pl-bare", "reasons"]


def test_no_rule_on_file_is_unknown_not_a_failure(vetted):
    _campaign, table = vetted
    for who in ("pt-labels", "pt-bare"):
        row = table.loc[who]
        assert np.isnan(row["disclosure_share"]) and np.isnan(row["disclosure_score"])
        assert LABEL_REASON not in row["reasons"]
        assert (
            "disclosure unknown: no PT rule on file; check the labels of its 3 sponsored posts "
            "against the national rule"
        ) in row["reasons"]
    assert table.loc["pt-bare", "status"] == "shortlisted"


def test_no_rule_on_file_costs_no_score(vetted):
    campaign, table = vetted
    row = table.loc["pt-bare"]
    # the composite is the weighted mean of the four components that are known
    weights = dict(campaign.vetting.weights)
    parts = {
        "audience_fit": row["audience_fit"],
        "audience_quality": row["audience_quality"] / 100,
        "engagement": row["engagement_score"],
        "brand_safety": row["brand_safety_score"],
    }
    expected = 100 * sum(weights[k] * v for k, v in parts.items()) / sum(weights[k] for k in parts)
    assert row["composite_score"] == pytest.approx(expected)
    # labelled or not, a creator in a market with no rule scores the same
    assert table.loc["pt-labels", "composite_score"] == pytest.approx(row["composite_score"])
    # and a Polish creator who labels every post scores at least as well (disclosure 1.0)
    assert table.loc["pl-labels", "composite_score"] >= row["composite_score"]


def test_the_market_table_says_unknown_for_a_market_without_a_rule(vetted):
    campaign, table = vetted
    by_market = vetting.disclosure_by_market(table.reset_index(), campaign).set_index("market")
    poland, portugal = by_market.loc["PL"], by_market.loc["PT"]
    assert poland["authority"].startswith("Office of Competition and Consumer Protection")
    assert poland["median_share"] == 0.5  # median of 1.0 and 0.0
    assert poland["below_minimum"] == 1
    assert "UOKiK" in poland["source"] and "(2022)" in poland["source"]
    assert portugal["authority"] == "no rule on file"
    assert portugal["labels_that_satisfy"] == "unknown: check against the national rule"
    assert np.isnan(portugal["median_share"]) and portugal["below_minimum"] == 0
    assert portugal["source"].startswith("no rule on file: disclosure not judged")


def test_the_finding_says_where_disclosure_is_not_judged(vetted):
    campaign, table = vetted
    text = vetting.vetting_summary(campaign, table.reset_index())
    assert (
        "Disclosure not judged in PT: no rule on file, so no creator there is flagged or scored "
        "down for labelling; check their labels against the national rule."
    ) in text
    assert "1 creator who labels ads poorly" in text  # pl-bare only
    latvian = vetting.vetting_summary(
        campaign.model_copy(update={"language": "lv"}), table.reset_index()
    )
    assert "Disclosure not judged" not in latvian and "PT" in latvian


EU_EEA = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
MARKETS = [*EU_EEA.split(), "GB", "CH", "US", "CA", "AU"]


def test_every_market_has_a_rule_or_says_it_has_none():
    rules = reference.disclosure_rules(MARKETS).set_index("market")
    for market, rule in rules.iterrows():
        if rule["on_file"]:
            assert rule["labels_that_satisfy"], market
            assert rule["source"] and rule["verified"] in ("yes", "no"), market
        else:
            assert rule["authority"] == "no rule on file" and rule["labels_that_satisfy"] == []
    assert rules.loc["PL", "on_file"] and rules.loc["IE", "on_file"] and rules.loc["NL", "on_file"]
    assert "#IWorkWith" in rules.loc["IE", "labels_not_enough"]


@pytest.mark.parametrize("market", MARKETS)
def test_every_market_has_cultural_notes_and_holidays(market):
    from helpers.stages.calendar.timing import public_holidays

    notes = reference.cultural_notes([market])
    assert len(notes) == 1 and notes.iloc[0]["languages"] and notes.iloc[0]["sources"]
    days = public_holidays(
        [market], pd.Timestamp("2027-01-01").date(), pd.Timestamp("2027-12-31").date()
    )
    assert days["date"].notna().sum() >= 4, market  # CH: 4 national days, cantons add more
