"""Earned media value: what the exposure would have cost as advertising (guide chapter 7.4).

It is not revenue and never part of ROI: nobody was going to buy that advertising, and no
money came in. The formula and the CPMs are shown next to the number.
"""

from __future__ import annotations

import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign
from helpers.text.i18n import translator


def emv_cpms(campaign: Campaign, platforms: list[str]) -> pd.DataFrame:
    """The CPM used to value each platform's impressions, with its source.

    The campaign file's ``measurement.emv_cpm`` (campaign currency) wins; otherwise the
    reference table's default EMV row (``purpose = emv``, Upfluence's USD 6.50 for every
    platform), converted at the dated ECB rate.

    Returns
    -------
    DataFrame
        ``platform``, ``cpm`` (campaign currency), ``cpm_original``, ``original_currency``,
        ``source``, ``rate_date``.
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
        "cpm_original": float(row["typical"]),
        "original_currency": row["currency"],
        "source": f"{row['source']} ({int(row['year'])})",
        "rate_date": rate_date,
    }


def earned_media_value(results: pd.DataFrame, cpms: pd.DataFrame) -> pd.Series:
    """EMV of each post: impressions x the platform's CPM / 1,000 (Upfluence's method).

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
