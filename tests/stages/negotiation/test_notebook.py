"""The real 03-negotiation notebook, executed with papermill for every example campaign, and once
with a budget too small for any plan."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.core import reference
from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.run.runner import run_campaign
from tests.conftest import EXAMPLE_CAMPAIGNS, stage_page

CONTRACT = {"fair_fee", "opening_offer", "target_fee", "walk_away_fee", "compensation_model",
            "expected_impressions", "expected_reach", "selected"}  # fmt: skip


def page_of(result) -> str:
    return stage_page(result, "03-negotiation")


@pytest.mark.parametrize("campaign_file", EXAMPLE_CAMPAIGNS, ids=lambda p: p.stem)
def test_negotiation_report_for_every_example_campaign(campaign_file, tmp_path):
    result = run_campaign(campaign_file, out_dir=tmp_path, stages="03")
    page = page_of(result)
    assert "Plan: " in page
    assert "data:image/png;base64" in page
    assert "Sources" in page
    assert "Agency rate card" in page
    report = result.report_dir
    offers = pd.read_csv(report / "offers.csv")
    assert set(offers.columns) >= CONTRACT
    assert offers["selected"].any()
    # one term sheet (Markdown and HTML) per creator completed in the sample pipeline
    campaign = load_campaign(campaign_file)
    pipeline = pd.read_csv(campaign.data.file("pipeline"))
    done = pipeline.loc[pipeline["stage"] == "completed", "influencer_id"].nunique()
    sheets = sorted((report / "term-sheets").iterdir())
    assert len(sheets) == 2 * done
    # one outreach pack per planned creator
    assert (
        len(list((report / "outreach").glob("*.md")))
        == offers.loc[offers["selected"], "influencer_id"].nunique()
    )
    assert (report / "pipeline.csv").is_file()
    # each term sheet carries the first label its market's rule accepts
    rules = reference.disclosure_rules().set_index("market")["labels_that_satisfy"]
    for sheet in (p for p in sheets if p.suffix == ".md"):
        text = sheet.read_text("utf-8")
        market = re.search(r"Market: ([A-Z]{2}) —", text).group(1)
        assert f"| Label (exact wording) | {rules[market][0]}" in text, sheet.name


def test_a_budget_too_small_and_a_broken_pipeline_are_explained_on_the_page(tmp_path):
    pipeline = tmp_path / "pipeline.csv"
    pipeline.write_text(
        "influencer_id,stage,deliverable,quantity,agreed_fee,currency,updated,notes\n"
        "inf-00501,contracted,reel,1,,EUR,2027-01-10,fee not agreed yet\n",
        encoding="utf-8",
    )
    text = (CAMPAIGNS_DIR / "aurora-baltics-2027.yaml").read_text(encoding="utf-8")
    # the cheapest units are links in bio at 30% of a post (EUR 22.75 to 29.12 in LT, LV and
    # EE); one creator per market and none above 30% of the budget need about EUR 94
    text = text.replace("budget: 25000", "budget: 50")
    text = text.replace("../sample/pipeline-aurora-baltics-2027.csv", str(pipeline))
    text = text.replace("../sample/", f"{CAMPAIGNS_DIR.parent / 'sample'}/")
    path = tmp_path / "aurora-baltics-2027.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_campaign(path, out_dir=tmp_path / "reports", stages="03")
    page = page_of(result)
    assert "No budget split." in page
    assert "Nothing that meets the rules fits the budget of EUR 50" in page
    assert "The cheapest plan that meets them costs EUR" in page
    assert "The pipeline file has rows the later stages cannot use" in page
    assert "row 2, column agreed_fee: is empty, but a contracted row needs it" in page
