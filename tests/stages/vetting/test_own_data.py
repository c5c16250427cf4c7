"""Stage 02, vetting, on the data there is: any subset of the optional tables, growth without
engagements, vendor authenticity figures and creators with no authenticity data at all."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from helpers.core import data
from helpers.core.campaign import load_campaign
from helpers.run.runner import run_campaign
from helpers.stages import vetting
from helpers.stages.negotiation.candidates import candidate_creators
from tests.conftest import stage_page

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


# --------------------------------------------------------------------------- own data, Poland

POLISH_ROSTER = """\
Influencer ID,Handle,Name,Platform,Market,Language,Interests,Followers,Avg likes,Avg comments,Audience credibility,Fake follower share,Authenticity source
inf-00001,@ola.gotuje,Ola Nowak,IG,Poland,pl,skincare|food,25000,700,50,"82 %",,"HypeAuditor, 2026-11"
inf-00002,@kuba.fit,Jakub Wiśniewski,Instagram,PL,pl,skincare|fitness,40000,1000,60,,"45 %","Modash, 2026-10"
inf-00003,@zosia.makijaz,Zofia Kowalczyk,instagram,Polska,pl,skincare,18000,500,40,,,
"""  # noqa: E501

POLISH_CAMPAIGN = """\
schema: 1
id: wiosna-pl-2027
name: Wiosna PL
brand: Test brand
objective: awareness
markets: [PL]
currency: PLN
budget: 20000
start: 2027-03-01
end: 2027-03-31
audience:
  countries: {PL: 1.0}
  age: [18, 34]
  interests: [skincare]
  languages: [pl]
vetting:
  platforms: [instagram]
  tiers: [micro]
  max_fake_share: 0.3
data:
  roster: roster.csv
"""


@pytest.fixture
def polish(tmp_path):
    """A brand's own Polish roster, with vendor figures, and a campaign naming only it."""
    (tmp_path / "roster.csv").write_text(POLISH_ROSTER, encoding="utf-8")
    path = tmp_path / "wiosna.yaml"
    path.write_text(POLISH_CAMPAIGN, encoding="utf-8")
    return path


def _vetted(path, **vetting_settings):
    campaign = load_campaign(path)
    if vetting_settings:
        vetting_section = campaign.vetting.model_copy(update=vetting_settings)
        campaign = campaign.model_copy(update={"vetting": vetting_section})
    tables = data.load_campaign_data(campaign)
    return campaign, tables, vetting.build_shortlist(campaign, tables).set_index("influencer_id")


def test_polish_roster_with_vendor_figures_is_shortlisted(polish):
    _campaign, _tables, table = _vetted(polish)
    ola, kuba, zosia = (table.loc[f"inf-0000{i}"] for i in (1, 2, 3))
    # Ola: HypeAuditor judges 82% real -> 18% fake; engagement (700 + 50) / 25,000 = 3.00%
    assert ola["status"] == "shortlisted", ola["reasons"]
    assert ola["verified"]
    assert ola["fake_share"] == pytest.approx(0.18)
    assert ola["fake_share_source"] == "vendor"
    assert ola["vendor_source"] == "HypeAuditor, 2026-11"
    assert ola["engagement_rate"] == pytest.approx(0.03)
    assert ola["quality_signals"] == "vendor, engagement_pattern"
    # quality (0.5 x 0.82 + 0.25 x 1) / 0.75 = 88, but never above the share estimated real:
    # 100 x (1 - 0.18) = 82; confidence (0.5 x 1 + 0.25 x 0.5) / 1
    assert ola["signal_engagement_pattern"] == 1.0
    assert ola["audience_quality"] == pytest.approx(82.0)
    assert ola["quality_ceiling"] == pytest.approx(82.0)
    assert ola["quality_driver"] == "vendor"
    assert ola["confidence"] == pytest.approx(0.625)
    assert ola["confidence_level"] == "medium"
    assert (
        "quality 82/100 on vendor figure, engagement pattern (confidence medium)"
        in (ola["reasons"])
    )
    # Kuba: Modash's 45% fake is above the 30% limit: flagged, never excluded by a vendor alone
    assert kuba["status"] == "flagged"
    # the mean 100 x (0.5 x 0.55 + 0.25) / 0.75 = 70, held at 100 x (1 - 0.45) = 55
    assert kuba["audience_quality"] == pytest.approx(55.0)
    assert (
        "flag: Modash, 2026-10 puts fake followers at 45%, above the 30% limit" in (kuba["reasons"])
    )
    # Zosia: nothing but the roster: unverified, shortlisted, marked for a manual check
    assert zosia["status"] == "shortlisted"
    assert not zosia["verified"]
    assert np.isnan(zosia["fake_share"])
    assert zosia["confidence_level"] == "low"
    assert "note: unverified: no follower sample or vendor figure" in zosia["reasons"]
    assert set(table["not_checked"]) >= {"growth, disclosure and brand safety, audience fit"}


def test_unverified_creators_are_planned_unless_the_campaign_holds_them(polish):
    campaign, tables, table = _vetted(polish)
    planned = candidate_creators(table.reset_index(), tables["roster"], campaign)
    assert set(planned["influencer_id"]) == {"inf-00001", "inf-00003"}
    # the one line negotiation reads: fake share unknown -> the cautious ceiling, flagged
    zosia = planned.set_index("influencer_id").loc["inf-00003"]
    assert zosia["fake_share_assumed"] and zosia["real_share"] == pytest.approx(0.7)
    campaign, tables, table = _vetted(polish, unverified="hold")
    assert table.loc["inf-00003", "status"] == "flagged"
    assert (
        "flag: unverified: no follower sample or vendor figure, held until checked"
        in (table.loc["inf-00003", "reasons"])
    )
    planned = candidate_creators(table.reset_index(), tables["roster"], campaign)
    assert set(planned["influencer_id"]) == {"inf-00001"}


def test_finding_says_what_was_not_checked_and_which_file_would(polish):
    campaign, _tables, table = _vetted(polish)
    text = vetting.vetting_summary(campaign, table.reset_index())
    for sentence in (
        "Disclosure and brand safety not checked: the campaign names no posts file (data.posts).",
        "Growth anomalies (bought-follower spikes, sudden drops) not checked: the campaign "
        "names no follower-growth file (data.follower_growth).",
        "Audience fit by country, age and gender not checked: the campaign names no audience "
        "file (data.audience)",
        "the campaign names no follower-sample file (data.follower_samples)",
        "Audience authenticity of the 3 candidates: 0 by follower sample, 2 by a vendor's "
        "figure, 1 unverified (planned, marked for a manual check).",
    ):
        assert sentence in text
    assert "failed" not in text and "missing" not in text
    assert table.attrs["notes"] == []  # no table given is no data problem


def test_sample_and_vendor_together_and_their_disagreement(world):
    campaign, tables = world
    roster = tables["roster"].copy()
    roster["audience_credibility"] = np.where(roster["influencer_id"] == "clean", 0.6, np.nan)
    roster["authenticity_source"] = "HypeAuditor, 2026-11"
    table = vetting.build_shortlist(campaign, dict(tables, roster=roster))
    clean = table.set_index("influencer_id").loc["clean"]
    # the sample (40 real of 40) says 0% fake; the vendor 40%, outside the sample's interval
    assert clean["fake_share"] == 0.0 and clean["fake_share_source"] == "follower_sample"
    assert clean["fake_share_high"] < 0.4
    assert clean["sources_disagree"]
    for signal in ("follower_sample", "growth", "engagement_pattern"):
        assert clean[f"signal_{signal}"] == pytest.approx(1.0)
    # (0.5 x 1 + 0.5 x 0.6 + 0.25 x 1 + 0.25 x 1) / 1.5 = 86.7
    assert clean["audience_quality"] == pytest.approx(100 * 1.3 / 1.5)
    assert clean["quality_signals"] == "follower_sample, vendor, growth, engagement_pattern"
    assert clean["confidence"] == pytest.approx(1.0)
    assert clean["confidence_level"] == "medium"  # high, capped: the two disagree
    assert "note: the follower sample (0%, 95% interval 0%-" in clean["reasons"]
    assert "and HypeAuditor, 2026-11 (40%) disagree on fake followers" in clean["reasons"]
    assert clean["status"] == "flagged"  # 40% is above the 30% limit


def test_sample_campaign_numbers_unchanged_without_vendor_figures(world, shortlist):
    # the follower-sample world has no vendor columns: quality is the three-signal mean, never
    # above the share of followers estimated real
    padded = shortlist.loc["padded"]
    assert np.isnan(padded["signal_vendor"])
    assert padded["quality_signals"] == "follower_sample, growth, engagement_pattern"
    expected = (
        0.5 * padded["signal_follower_sample"]
        + 0.25 * padded["signal_growth"]
        + 0.25 * padded["signal_engagement_pattern"]
    )
    ceiling = 100 * (1 - padded["fake_share"])
    assert padded["audience_quality"] == pytest.approx(min(100 * expected, ceiling))
    assert padded["audience_quality"] == pytest.approx(ceiling)  # 88% fake: the ceiling holds it


def test_notebook_on_a_roster_only_campaign(polish, tmp_path):
    result = run_campaign(polish, out_dir=tmp_path / "out", stages="02")
    page = stage_page(result, "02-vetting")
    assert page.count("not checked") >= 4  # the finding, and the sections that need the files
    assert "the campaign names no posts file (data.posts)" in page
    assert "data.follower_samples" in page and "data.follower_growth" in page
    assert "Data problems found" not in page
    shortlist = pd.read_csv(result.report_dir / "shortlist.csv").set_index("influencer_id")
    assert shortlist.loc["inf-00001", "status"] == "shortlisted"
    assert shortlist.loc["inf-00003", "status"] == "shortlisted"
    assert not shortlist.loc["inf-00003", "verified"]


def test_the_page_names_the_vendor_behind_a_fake_share():
    import pandas as pd

    from helpers.stages import vetting
    from helpers.text.i18n import translator

    frame = pd.DataFrame(
        {
            "fake_share_source": ["vendor", "follower_sample", "vendor"],
            "vendor_source": ["HypeAuditor, 2026-11", "", None],
        }
    )
    shown = vetting.fake_share_origins(frame, translator("en")).tolist()
    assert shown == ["vendor figure (HypeAuditor, 2026-11)", "follower sample", "vendor figure"]
