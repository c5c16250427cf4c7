"""Stage 02, vetting, on the data there is: any subset of the optional tables, growth without
engagements, vendor authenticity figures and creators with no authenticity data at all."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from helpers.stages import vetting

OPTIONAL = ("posts", "follower_growth", "audience", "follower_samples")
SUBSETS = [combo for k in range(5) for combo in itertools.combinations(OPTIONAL, k)]


@pytest.mark.parametrize("given", SUBSETS, ids=lambda combo: "+".join(combo) or "roster-only")
def test_every_subset_of_tables_is_vetted(world, given):
    campaign, tables = world
    chosen = {"roster": tables["roster"], **{name: tables[name] for name in given}}
    table = vetting.build_shortlist(campaign, chosen)
    assert len(table) == len(tables["roster"])
    assert set(table["status"]) <= set(vetting.STATUSES)
    assert list(table.columns[:14]) == vetting.CONTRACT_COLUMNS


@pytest.mark.parametrize("emptied", ["absent", "empty", "unreadable"])
def test_growth_without_engagements(world, emptied):
    campaign, tables = world
    growth = tables["follower_growth"].copy()
    if emptied == "absent":
        growth = growth.drop(columns="engagements")
    elif emptied == "empty":
        growth["engagements"] = np.nan
    else:
        growth["engagements"] = growth["engagements"].astype(object)
        growth.loc[growth["influencer_id"] == "bought", "engagements"] = "n/a"
    table = vetting.build_shortlist(campaign, dict(tables, follower_growth=growth))
    table = table.set_index("influencer_id")
    assert table.loc["clean", "history_weeks"] == 12  # no week is dropped for its engagements
    if emptied == "unreadable":
        # the giveaway keeps its engagements; the bought spike's are unreadable
        assert table.loc["giveaway", "growth_event"] == "giveaway"
        assert table.loc["bought", "growth_event"] == "unexplained_spike"
    else:
        assert table.loc["giveaway", "growth_event"] == "unexplained_spike"


def test_tables_that_match_nobody(world):
    campaign, tables = world
    elsewhere = {name: tables[name].assign(influencer_id="someone-else") for name in OPTIONAL}
    table = vetting.build_shortlist(campaign, {"roster": tables["roster"], **elsewhere})
    assert table["history_weeks"].eq(0).all()
    assert table["growth_event"].eq("none").all()
    assert table["follower_sample_size"].eq(0).all()
