"""Every country's time zones from the tz database: one zone is used as it is, several are chosen
by the zone most of the population lives in (or the tz database's first, a named assumption), and
the campaign's own ``calendar.timezones`` wins. Offsets worked out by hand in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.core import reference
from helpers.stages import calendar as cc
from tests.stages.calendar.conftest import EN, LV, deliverables

EU_EEA = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE IS LI NO"
MARKETS = [*EU_EEA.split(), "GB", "CH", "US", "CA", "AU"]


def test_the_tz_database_is_the_installed_one_with_its_version():
    path, version = reference.tz_database()
    assert path.name == "zone.tab" and path.exists()
    assert version.startswith("tzdata 20")
    assert version in reference.market_timezones("PL").source


@pytest.mark.parametrize("market", MARKETS)
def test_every_eu_eea_and_named_market_has_a_zone(market):
    zones = reference.market_timezones(market)
    assert zones.chosen in zones.zones
    assert zones.basis in ("only zone", "population", "tz order")
    assert "IANA time zone database" in zones.source


def test_one_zone_countries_use_it():
    assert reference.market_timezones("PL").zones == ("Europe/Warsaw",)
    poland = reference.market_timezones("PL")
    assert (poland.chosen, poland.basis) == ("Europe/Warsaw", "only zone")
    # zone.tab names a country's own zone: Oslo for Norway (zone1970.tab would say Berlin)
    assert reference.market_timezones("NO").chosen == "Europe/Oslo"


def test_several_zones_the_most_populous_with_its_share_and_source():
    us = reference.market_timezones("US")
    assert len(us.zones) > 4 and {"America/Chicago", "America/Los_Angeles"} <= set(us.zones)
    assert (us.chosen, us.basis, us.share) == ("America/New_York", "population", 0.476)
    assert "(2015)" in us.source and "Census" in us.source
    # Australia: NSW 7,480,228 of 23,401,892 residents (2016 census) = 31.96%, rounded 32.0%
    au = reference.market_timezones("AU")
    assert au.chosen == "Australia/Sydney" and round(7_480_228 / 23_401_892, 3) == au.share
    assert reference.market_timezones("CA").chosen == "America/Toronto"


def test_several_zones_without_a_figure_are_a_named_assumption():
    spain = reference.market_timezones("ES")
    assert spain.zones == ("Europe/Madrid", "Africa/Ceuta", "Atlantic/Canary")
    assert (spain.chosen, spain.basis) == ("Europe/Madrid", "tz order")
    assert "assumption" in spain.source


def test_a_code_the_tz_database_does_not_know_has_none():
    kosovo = reference.market_timezones("XK")  # not an ISO 3166 code: no row in zone.tab
    assert (kosovo.zones, kosovo.chosen, kosovo.basis) == ((), None, "none")


def test_a_polish_and_lithuanian_campaign_schedules_in_warsaw_and_vilnius(small):
    campaign = small.model_copy(update={"markets": ["PL", "LT"]})
    rows = deliverables(
        ("pl", "PL", "instagram", "reel", 1, 100), ("lt", "LT", "instagram", "reel", 1, 100)
    )
    plan = cc.build_calendar(rows, campaign)
    posts = plan.posts.set_index("influencer_id")
    assert plan.unscheduled.empty
    assert posts.loc["pl", "timezone"] == "Europe/Warsaw"
    assert posts.loc["lt", "timezone"] == "Europe/Vilnius"
    # 19:00 local on Mon 22 Mar 2027, before the EU change of 28 March: Warsaw is UTC+1 and
    # Vilnius UTC+2, so 18:00 and 17:00 UTC
    assert posts.loc["pl", "go_live_local"] == "2027-03-22 19:00"
    assert posts.loc["pl", "go_live_utc"] == pd.Timestamp("2027-03-22 18:00", tz="UTC")
    assert posts.loc["lt", "go_live_utc"] == pd.Timestamp("2027-03-22 17:00", tz="UTC")


def test_the_us_audience_is_scheduled_on_eastern_time_and_the_page_says_why(small):
    table = cc.timezone_sources(["US"], small.calendar, small.start, small.end, EN).iloc[0]
    assert table["timezone"] == "America/New_York"
    # 8 Mar - 4 Apr 2027: EST (UTC-5) until the US change on Sun 14 Mar, then EDT (UTC-4)
    assert table["utc_offset"] == "UTC\u22125, UTC\u22124 from Sun 14 Mar 2027"
    assert table["note"].startswith(
        "47.6% of the population of US lives on this zone's clock, more than on any other "
        "(29 zones in the tz database); the audience data has no region"
    )
    assert "Census" in table["source"] and "tzdata" in table["source"]


def test_the_page_names_the_only_zone_the_assumption_and_the_campaign_choice(small):
    settings = small.calendar.model_copy(update={"timezones": {"US": "America/Chicago"}})
    table = cc.timezone_sources(["PL", "ES", "US", "XK"], settings, small.start, small.end, EN)
    notes = table.set_index("market")["note"]
    assert notes["PL"] == "the only time zone the tz database lists for PL"
    assert notes["ES"].startswith("the first of the 3 zones the tz database lists for ES")
    assert "a playbook assumption" in notes["ES"] and "Atlantic/Canary" in notes["ES"]
    assert notes["US"] == "set in the campaign file"
    assert table.set_index("market").loc["US", "timezone"] == "America/Chicago"
    assert notes["XK"].startswith("the tz database lists no time zone for XK")


def test_a_market_the_tz_database_does_not_know_stays_unscheduled_with_its_reason(small):
    rows = deliverables(("xk", "XK", "instagram", "reel", 1, 100))
    plan = cc.build_calendar(rows, small)
    assert (
        "no time zone on file for market XK: set calendar.timezones.XK"
        in (plan.unscheduled.iloc[0]["note"])
    )


def test_the_reasons_are_in_latvian_too(small):
    table = cc.timezone_sources(["PL", "US"], small.calendar, small.start, small.end, LV)
    for note in table["note"]:
        assert "the tz database" not in note and "population" not in note, note
