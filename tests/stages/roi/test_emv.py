"""Earned media value with a CPM per platform, each with its source: two platforms by hand, the
conversion to the campaign currency, the campaign's override, and the lines under the table."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.core.campaign import Campaign
from helpers.stages import roi
from helpers.stages.roi.emv import emv_sources
from helpers.text.i18n import translator

EUR_USD = 1.0389  # ECB reference rate of 2024-12-31, USD per EUR


def _campaign(currency: str = "USD", **measurement) -> Campaign:
    return Campaign.model_validate(
        {
            "schema": 1,
            "id": "emv-test",
            "name": "EMV test",
            "brand": "Test",
            "objective": "awareness",
            "markets": ["LV"],
            "currency": currency,
            "budget": 1000,
            "start": "2027-03-01",
            "end": "2027-03-30",
            "measurement": measurement,
        }
    )


def _results() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "platform": ["instagram", "instagram", "tiktok"],
            "impressions": [10_000, 5_000, 20_000],
        }
    )


def test_each_platform_valued_at_its_own_cpm():
    cpms = roi.emv_cpms(_campaign(), ["instagram", "tiktok"])
    results = _results()
    results["emv"] = roi.earned_media_value(results, cpms)
    # MightyScout: Instagram USD 10, TikTok USD 5 per 1,000 impressions
    assert results["emv"].tolist() == pytest.approx([100.0, 50.0, 100.0])
    table = roi.emv_table(results, cpms).set_index("platform")
    assert table.loc["instagram", "emv"] == pytest.approx(150.0)
    assert table.loc["tiktok", "emv"] == pytest.approx(100.0)
    assert table.loc["instagram", "impressions"] == 15_000
    # one USD 6.50 for both, as before, would have said 35 x 6.50 = 227.50
    assert table["emv"].sum() == pytest.approx(250.0)


def test_each_cpm_names_its_source_and_year():
    cpms = roi.emv_cpms(_campaign(), ["instagram", "tiktok", "youtube"]).set_index("platform")
    assert cpms["cpm_original"].to_dict() == {"instagram": 10.0, "tiktok": 5.0, "youtube": 20.0}
    for platform in cpms.index:
        assert "MightyScout" in cpms.loc[platform, "source"]
        assert "earned-media-value-rebuilt" in cpms.loc[platform, "source"]
        assert cpms.loc[platform, "source"].endswith("(2026)")


def test_converted_to_the_campaign_currency_and_written_under_the_table():
    cpms = roi.emv_cpms(_campaign("EUR"), ["instagram", "tiktok"])
    assert cpms.set_index("platform")["cpm"].to_dict() == pytest.approx(
        {"instagram": 10 / EUR_USD, "tiktok": 5 / EUR_USD}
    )
    lines = emv_sources(cpms, translator("en"))
    assert lines[0].startswith(
        "Instagram: USD 10.00 per 1,000 impressions (EUR 9.63 at the ECB rate of 31 Dec 2024): "
        "MightyScout"
    )
    assert lines[1].startswith("TikTok: USD 5.00 per 1,000 impressions (EUR 4.81 at the ECB")
    latvian = emv_sources(cpms, translator("lv"))
    assert latvian[0].startswith(
        "Instagram: 10,00\u00a0$ par 1000 parādījumiem (9,63\u00a0€ pēc ECB"
    )


def test_the_campaign_file_overrides_one_platform():
    campaign = _campaign(emv_cpm={"tiktok": 4.0}, emv_cpm_source="our media agency, 2026")
    cpms = roi.emv_cpms(campaign, ["instagram", "tiktok"]).set_index("platform")
    assert cpms.loc["tiktok", "cpm"] == 4.0
    assert cpms.loc["tiktok", "source"] == "our media agency, 2026"
    assert cpms.loc["instagram", "cpm"] == 10.0  # USD campaign: no conversion
    lines = emv_sources(cpms.reset_index(), translator("en"))
    assert lines[1] == "TikTok: USD 4.00 per 1,000 impressions: our media agency, 2026"
