"""The calendar tests' own fixtures: the small calendar campaign (tests/fixtures/calendar) and
helpers to write deliverables and campaign variants by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from helpers.core.campaign import Phase, load_campaign
from helpers.core.config import REFERENCE_DIR
from helpers.text.i18n import translator

SMALL = REFERENCE_DIR.parents[1] / "tests" / "fixtures" / "calendar" / "small.yaml"
STAMP = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
EN = translator("en")
LV = translator("lv")


@pytest.fixture(scope="module")
def small():
    return load_campaign(SMALL)


@pytest.fixture(scope="module")
def small_lv():
    return load_campaign(SMALL).model_copy(update={"language": "lv"})


def deliverables(*rows) -> pd.DataFrame:
    """Rows of (influencer_id, market, platform, deliverable, quantity, agreed_fee)."""
    return pd.DataFrame(
        [
            {
                "influencer_id": who,
                "handle": f"@{who}",
                "platform": platform,
                "market": market,
                "deliverable": deliverable,
                "quantity": quantity,
                "agreed_fee": fee,
                "currency": "EUR",
                "stage": "contracted",
            }
            for who, market, platform, deliverable, quantity, fee in rows
        ]
    )


def variant(campaign, start=None, end=None, phases=None, **calendar):
    """The campaign with another window and calendar settings (phases as (name, start, end[,
    burst]) tuples; one phase over the whole window by default)."""
    start, end = start or campaign.start, end or campaign.end
    phases = phases or [("whole", start, end)]
    calendar["phases"] = [
        Phase(name=p[0], start=p[1], end=p[2], burst=len(p) > 3 and p[3]) for p in phases
    ]
    settings = campaign.calendar.model_copy(update=calendar)
    return campaign.model_copy(update={"start": start, "end": end, "calendar": settings})


def by_handle(plan) -> pd.DataFrame:
    return plan.posts.set_index("handle")


def event_title(event) -> str:
    """A calendar event's title without the ``[campaign name] `` every title starts with."""
    summary = str(event["SUMMARY"])
    assert summary.startswith("["), summary
    return summary.split("] ", 1)[1]
