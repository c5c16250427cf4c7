"""One story across stages 02-04 on the three example campaigns (issue #16, item 3): no
creator vetting excluded or flagged is contracted without a warning that names vetting's
reason, and no paid boost is planned without paid usage in the terms."""

from __future__ import annotations

import pytest

from helpers.core import data
from helpers.core.campaign import load_campaign
from helpers.stages import calendar as content_calendar
from helpers.stages import negotiation, vetting
from tests.conftest import EXAMPLE_CAMPAIGNS


@pytest.fixture(scope="module", params=EXAMPLE_CAMPAIGNS, ids=lambda p: p.stem)
def story(request):
    campaign = load_campaign(request.param)
    tables = data.load_campaign_data(campaign)
    shortlist = vetting.build_shortlist(campaign, tables)
    contracted = negotiation.contracted_deliverables(campaign, tables)
    plan = content_calendar.build_calendar(contracted, campaign)
    amplification = content_calendar.amplification_plan(plan, campaign)
    add_on = content_calendar.boost_add_on(plan, campaign)
    return campaign, shortlist, contracted, plan, amplification, add_on


def test_contracted_creators_carry_what_vetting_decided(story):
    _campaign, shortlist, contracted, _plan, _amplification, _add_on = story
    status = shortlist.set_index("influencer_id")["status"]
    assert (contracted["vetting_status"] == contracted["influencer_id"].map(status)).all()
    warned = contracted[contracted["vetting_status"].isin(["excluded", "flagged"])]
    assert (warned["vetting_warning"] != "").all(), "a warned creator without a warning"
    clear = contracted[contracted["vetting_status"] == "shortlisted"]
    assert (clear["vetting_warning"] == "").all()
    for row in warned.itertuples():
        # the warning quotes vetting's own out: / flag: reasons, not the notes
        reasons = shortlist.set_index("influencer_id").loc[row.influencer_id, "reasons"]
        first = negotiation.vetting_reasons(reasons, negotiation.ENGLISH).split("; ")[0]
        assert first and first in row.vetting_warning
        assert "note:" not in row.vetting_warning


def test_the_calendar_names_the_same_creators(story):
    """04 reads the contracted rows through ``contracted_deliverables``: the creators it names
    are the ones 03 names, with the same warning."""
    _campaign, _shortlist, contracted, plan, _amplification, _add_on = story
    warned = negotiation.warned_creators(contracted)
    scheduled = set(plan.posts["handle"])
    assert set(warned["handle"]) <= scheduled | set(contracted["handle"])
    if len(warned):
        sentence = negotiation.warnings_sentence(contracted, "EUR", negotiation.ENGLISH)
        assert f"{warned['handle'].nunique()} of {contracted['influencer_id'].nunique()}" in (
            sentence
        )


def test_no_paid_boost_without_paid_usage(story):
    campaign, _shortlist, _contracted, plan, amplification, add_on = story
    boosts = amplification[amplification["action"] == "paid boost"]
    if content_calendar.paid_usage_in_terms(campaign):
        assert add_on.empty
    else:
        assert boosts.empty, "paid boosts planned while the terms have no paid usage"
        assert len(add_on) == len(plan.scheduled)
        # the add-on is the paid-usage premium for the boost's months on each post's fee
        rates = negotiation.negotiation_rates(campaign)
        months = -(-campaign.calendar.amplification.boost_days // 30)
        share = rates["usage_paid_per_month"] * months
        assert add_on["add_on_price"].tolist() == pytest.approx(
            (add_on["fee_per_post"] * share).tolist()
        )


def test_the_demo_story_of_the_issue():
    """aurora-baltics-2027, as the issue tells it: 13 contracted, 5 flagged and 1 excluded, the
    excluded one the largest fee (EUR 2,640: no shared interest, suspected engagement pod)."""
    campaign = load_campaign(next(p for p in EXAMPLE_CAMPAIGNS if p.stem == "aurora-baltics-2027"))
    contracted = negotiation.contracted_deliverables(campaign)
    per_creator = contracted.drop_duplicates("influencer_id")
    assert len(per_creator) == 13
    assert per_creator["vetting_status"].value_counts().to_dict() == {
        "shortlisted": 7,
        "flagged": 5,
        "excluded": 1,
    }
    warned = negotiation.warned_creators(contracted)
    top = warned.iloc[0]
    assert top["vetting_status"] == "excluded"
    assert top["fee"] == pytest.approx(2640, abs=1)  # EUR 2,640 in the issue
    assert top["fee"] == pytest.approx(
        contracted["agreed_fee_converted"].groupby(contracted["influencer_id"]).sum().max()
    )
    assert "no shared interest" in top["vetting_warning"]
    assert "engagement pod" in top["vetting_warning"]
