"""Earned media value: what the exposure would have cost as advertising (guide chapter 7.4).

It is not revenue and never part of ROI: nobody was going to buy that advertising, and no
money came in. The formula and the CPM of each platform, with its source, are shown next to
the number::

    EMV = impressions x the platform's CPM / 1,000

The CPMs are MightyScout's per platform (``media_costs.csv``, ``purpose = emv``: Instagram
USD 10, TikTok USD 5, YouTube USD 20); Upfluence's single USD 6.50 is kept for a platform
with no row of its own. MightyScout applies its CPMs to video views and to views it estimates
for photos and Stories; the playbook applies them to the impressions the results file reports,
Upfluence's way. The campaign file's ``measurement.emv_cpm`` overrides any platform.
"""

from __future__ import annotations

import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.text.i18n import Translator, translator


def emv_cpms(campaign: Campaign, platforms: list[str]) -> pd.DataFrame:
    """The CPM used to value each platform's impressions, with its source.

    The campaign file's ``measurement.emv_cpm`` (campaign currency) wins; otherwise the
    reference table's EMV row for the platform (``purpose = emv``: MightyScout's Instagram
    USD 10, TikTok USD 5, YouTube USD 20), else its row for every platform (Upfluence's USD
    6.50), converted at the dated ECB rate.

    Returns
    -------
    DataFrame
        ``platform``, ``cpm`` (campaign currency), ``currency`` (the campaign's),
        ``cpm_original``, ``original_currency``, ``source``, ``rate_date``.
    """
    table = reference.media_costs("emv")
    return pd.DataFrame([_platform_cpm(campaign, platform, table) for platform in platforms])


def _platform_cpm(campaign: Campaign, platform: str, table: pd.DataFrame) -> dict:
    """One platform's EMV CPM: the campaign file's, else the reference table's."""
    override = campaign.measurement.emv_cpm.get(platform)
    if override is not None:
        source = campaign.measurement.emv_cpm_source or translator(campaign.language)(
            "set in the campaign file"
        )
        return {
            "platform": platform,
            "cpm": override,
            "currency": campaign.currency,
            "cpm_original": override,
            "original_currency": campaign.currency,
            "source": source,
            "rate_date": None,
        }
    chosen = table[table["platform"] == platform]
    if chosen.empty:
        chosen = table[table["platform"] == "all"]
    row = chosen.iloc[0]
    rate, rate_date = reference.fx_rate(row["currency"], campaign.currency)
    return {
        "platform": platform,
        "cpm": float(row["typical"]) * rate,
        "currency": campaign.currency,
        "cpm_original": float(row["typical"]),
        "original_currency": row["currency"],
        "source": f"{row['source']} ({int(row['year'])})",
        "rate_date": rate_date,
    }


def emv_sources(cpms: pd.DataFrame, _: Translator) -> list[str]:
    """One line per platform for the page: its CPM as published, with its source, and the
    rate it was converted at: ``Instagram: USD 10.00 per 1,000 impressions (EUR 9.63 at the
    ECB rate of 31.12.2024) — MightyScout, earned media value method ... (2026)``."""
    names = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}
    lines = []
    for row in cpms.to_dict("records"):
        published = _.money(row["cpm_original"], row["original_currency"], 2)
        converted = ""
        if row["rate_date"] is not None and row["original_currency"] != row["currency"]:
            converted = " " + _(
                "({cpm} at the ECB rate of {date})",
                cpm=_.money(row["cpm"], row["currency"], 2),
                date=_.date(row["rate_date"]),
            )
        lines.append(
            _(
                "{platform}: {cpm} per 1,000 impressions{converted}: {source}",
                platform=names.get(row["platform"], row["platform"]),
                cpm=published,
                converted=converted,
                source=row["source"],
            )
        )
    return lines


def earned_media_value(results: pd.DataFrame, cpms: pd.DataFrame) -> pd.Series:
    """EMV of each post: impressions x the platform's CPM / 1,000 (Upfluence's formula, at
    each platform's CPM).

    This is what the exposure would have cost as advertising. It is not revenue and never part
    of ROI.
    """
    cpm = results["platform"].map(cpms.set_index("platform")["cpm"]).fillna(0.0)
    return results["impressions"] * cpm / 1000


def emv_table(results: pd.DataFrame, cpms: pd.DataFrame) -> pd.DataFrame:
    """EMV per platform next to the CPM it was valued at.

    Parameters
    ----------
    results : DataFrame
        Checked results with ``emv`` (:func:`earned_media_value`).
    cpms : DataFrame
        :func:`emv_cpms` output.

    Returns
    -------
    DataFrame
        :func:`emv_cpms`'s columns with the platform's ``impressions`` and ``emv``.
    """
    emv = results.groupby("platform").agg(impressions=("impressions", "sum"), emv=("emv", "sum"))
    return cpms.merge(emv.reset_index(), on="platform")
