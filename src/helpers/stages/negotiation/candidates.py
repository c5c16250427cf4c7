"""The creators to price: the shortlist with the roster's counters, quotes and history."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.campaign import Campaign
from helpers.core.supply import audience_in_markets, campaign_creators

# --- Candidates ---------------------------------------------------------------------------


def provisional_shortlist(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """A stand-in shortlist when the vetting stage is not available: every roster creator in the
    campaign's markets, platforms and tiers, with the fake-follower share unknown.

    Returns
    -------
    DataFrame
        The shortlist contract columns; ``fake_share``, ``audience_quality`` and
        ``composite_score`` are empty, ``audience_fit`` is the audience share in the campaign's
        countries when the audience table is there, and ``reasons`` says it is provisional.
    """
    chosen = campaign_creators(campaign, tables["roster"])
    fit = audience_in_markets(chosen, campaign.markets, tables.get("audience"))
    chosen["fake_share"] = np.nan
    chosen["audience_quality"] = np.nan
    chosen["audience_fit"] = fit.fillna(0.0).clip(0, 1)
    chosen["composite_score"] = np.nan
    chosen["status"] = "shortlisted"
    chosen["reasons"] = "provisional: vetting not run, fake-follower share unknown"
    columns = [
        "influencer_id", "handle", "name", "platform", "market", "tier", "followers",
        "engagement_rate", "fake_share", "audience_quality", "audience_fit", "composite_score",
        "status", "reasons",
    ]  # fmt: skip
    return chosen[columns].reset_index(drop=True)


def candidate_creators(
    shortlist: pd.DataFrame, roster: pd.DataFrame, campaign: Campaign
) -> pd.DataFrame:
    """The shortlisted creators with the roster's counters, quotes and history.

    A missing fake-follower share is taken as the campaign's ceiling (``max_fake_share``), the
    cautious reading; a missing audience fit as the shortlist's median. Both are flagged.

    Returns
    -------
    DataFrame
        One row per shortlisted creator: the shortlist columns plus ``avg_likes``,
        ``avg_comments``, ``avg_views``, ``quoted_fee``, ``fee_currency``,
        ``past_collaborations``, ``language``, ``interests``, ``contact_email``, ``real_share``,
        ``fake_share_assumed`` and ``audience_fit_assumed``.
    """
    chosen = shortlist[shortlist["status"] == "shortlisted"].copy()
    extra = [c for c in roster.columns if c not in chosen.columns or c == "influencer_id"]
    merged = chosen.merge(roster[extra], on="influencer_id", how="left")
    merged["tier"] = merged["tier"].astype("string")
    merged["fake_share_assumed"] = merged["fake_share"].isna()
    fake = merged["fake_share"].astype(float).fillna(campaign.vetting.max_fake_share)
    merged["real_share"] = (1 - fake).clip(0, 1)
    merged["audience_fit_assumed"] = merged["audience_fit"].isna()
    fit = merged["audience_fit"].astype(float)
    merged["audience_fit"] = fit.fillna(fit.median() if fit.notna().any() else 1.0)
    merged["past_collaborations"] = merged["past_collaborations"].fillna(0).astype(int)
    for column in ("avg_likes", "avg_comments", "avg_views"):
        merged[column] = merged[column].astype(float).fillna(0.0)
    return merged.reset_index(drop=True)
