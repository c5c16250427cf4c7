"""A brand's own campaign end to end: Polish and Lithuanian creators from an agency workbook and
post results from its own export, nothing from the sample world. ``playbook run`` writes the
report (exit 0), each stage plans with what there is and says what it could not check."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers.run import cli
from tests.conftest import FIXTURES

OWN = FIXTURES / "own-data"


@pytest.fixture(scope="module")
def own_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("own")
    for path in OWN.iterdir():
        shutil.copy(path, folder / path.name)
    campaign = str(folder / "glow-wiosna-2027.yaml")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    shop = ["shopify-orders", str(folder / "orders_export.csv"), "--campaign", campaign]
    assert (
        cli.main(["import", *shop, "--codes", str(folder / "codes.csv"), "--out", str(folder)]) == 0
    )
    status = cli.main(["run", campaign, "--out", str(folder / "out")])
    return status, folder, before


def page(folder, stage: str) -> str:
    return (folder / "out" / "glow-wiosna-2027" / f"{stage}.html").read_text(encoding="utf-8")


def test_the_report_is_written_and_the_inputs_untouched(own_run):
    status, folder, before = own_run
    assert status == 0
    assert {p: (folder / p).read_bytes() for p in before} == before


def test_only_the_brands_creators_appear(own_run):
    _status, folder, _before = own_run
    report = folder / "out" / "glow-wiosna-2027"
    shortlist = pd.read_csv(report / "shortlist.csv")
    assert sorted(shortlist["influencer_id"]) == [f"inf-0000{i}" for i in range(1, 7)]
    assert set(shortlist["market"]) == {"PL", "LT"}
    for stage in ("00-landscape", "02-vetting", "03-negotiation", "06-roi"):
        assert 'class="banner sample"' not in page(folder, stage), stage


def test_vetting_plans_with_what_there_is(own_run):
    _status, folder, _before = own_run
    offers = pd.read_csv(folder / "out" / "glow-wiosna-2027" / "offers.csv")
    assert offers["selected"].any(), "nobody planned: vetting held back everyone"
    assert "not checked" in page(folder, "02-vetting")


def test_results_are_measured_in_the_campaigns_currency(own_run):
    _status, folder, _before = own_run
    roi = pd.read_csv(folder / "out" / "glow-wiosna-2027" / "roi.csv")
    assert len(roi) >= 5  # five posts, and the totals
    assert "PLN" in page(folder, "06-roi")


def test_conversions_come_from_the_shop_export(own_run):
    _status, folder, _before = own_run
    roi = pd.read_csv(folder / "out" / "glow-wiosna-2027" / "roi.csv")
    creators = roi[roi["level"] == "influencer"].set_index("key")
    # the shop's orders with the creators' codes, in March (one refunded, one in February)
    assert creators.loc["inf-00001", "conversions"] == 2
    assert creators.loc["inf-00001", "revenue"] == pytest.approx(160 + 320)
    assert creators.loc["inf-00003", "revenue"] == pytest.approx(170)
    assert creators.loc["inf-00002", "revenue"] == pytest.approx(810)  # from the results file
    assert "shopify-orders" in page(folder, "06-roi")
