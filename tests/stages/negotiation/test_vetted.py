"""What vetting said about a contracted creator, in words the term sheet and pages carry."""

from __future__ import annotations

import pandas as pd

from helpers.stages.negotiation import ENGLISH, vetting_reasons, vetting_warnings, warned_creators
from helpers.text.i18n import translator

REASONS = (
    "out: no shared interest (apps; campaign: skincare); flag: labelled 1 of 2 sponsored posts "
    "as the LT rule asks (50%; minimum 80%); note: unverified: no follower sample"
)


def test_only_the_out_and_flag_reasons_are_kept_whole():
    # the "; " inside a reason does not cut it; the note is left out
    assert vetting_reasons(REASONS, ENGLISH) == (
        "no shared interest (apps; campaign: skincare); labelled 1 of 2 sponsored posts as "
        "the LT rule asks (50%; minimum 80%)"
    )
    assert vetting_reasons("in: score 91; note: unverified", ENGLISH) == ""
    assert vetting_reasons(float("nan"), ENGLISH) == ""


def test_each_contracted_row_gets_its_creators_status_and_warning():
    contracted = pd.DataFrame(
        {
            "influencer_id": ["a", "a", "b", "c"],
            "handle": ["@a", "@a", "@b", "@c"],
            "market": ["LT", "LT", "LV", "EE"],
            "agreed_fee_converted": [100.0, 50.0, 80.0, 20.0],
        }
    )
    shortlist = pd.DataFrame(
        {
            "influencer_id": ["a", "b"],
            "status": ["excluded", "shortlisted"],
            "reasons": [REASONS, "in: 91"],
        }
    )
    table = vetting_warnings(contracted, shortlist, ENGLISH)
    assert table["vetting_status"].tolist() == ["excluded", "excluded", "shortlisted", "not vetted"]
    assert table["vetting_warning"].iloc[0].startswith("Excluded at vetting (no shared interest")
    assert table["vetting_warning"].iloc[2] == ""
    warned = warned_creators(table)
    assert warned["handle"].tolist() == ["@a", "@c"]
    assert warned["fee"].tolist() == [150.0, 20.0]  # both of @a's deliverables


def test_the_warning_is_written_in_the_campaigns_language():
    lv = translator("lv")
    shortlist = pd.DataFrame({"influencer_id": ["a"], "status": ["flagged"], "reasons": [""]})
    table = vetting_warnings(pd.DataFrame({"influencer_id": ["a"]}), shortlist, lv)
    assert table["vetting_warning"].iloc[0] == (
        "Pārbaudē atzīmēts (skatiet pārbaudes lapu): pārbaudiet pirms parakstīšanas vai "
        "publicēšanas."
    )
