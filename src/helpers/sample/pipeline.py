"""Each example campaign's relationship pipeline, consistent with its results
(``pipeline-<campaign>.csv``).
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from helpers.sample.draws import _fixed
from helpers.sample.results import _eligible, _fit_score, _repair_yaml_markets

PIPELINE_EXTRAS = ("declined", "contacted", "identified", "declined", "contacted")
PIPELINE_NOTES = {
    "declined": "declined: fully booked in the campaign window",
    "contacted": "first message sent, no reply yet",
    "identified": "back-up if a creator drops out",
}
PIPELINE_DAYS_BEFORE = {"declined": 21, "contacted": 28, "identified": 35}
MAIN_FORMAT = {"instagram": "feed_post", "tiktok": "short", "youtube": "long_video"}


def _campaign_pipeline(
    campaign: dict, creators: pd.DataFrame, audience: pd.DataFrame, results: pd.DataFrame
) -> pd.DataFrame:
    """The relationship pipeline of one campaign, consistent with its results.

    Every creator in the results is ``completed``: one row per format they posted, with the
    number of posts and the fees paid (the sum of their ``cost``). A few more creators from
    the same pool, the best fits not hired, were approached: declined, contacted or only
    identified (no deliverable agreed). No random draws: the file follows from the results.
    """
    campaign = _repair_yaml_markets(campaign)
    end = date.fromisoformat(str(campaign["end"]))
    start = date.fromisoformat(str(campaign["start"]))
    posts = results.assign(cost=results["cost"].astype(float))
    done = (
        posts.groupby(["influencer_id", "format"], sort=True)
        .agg(quantity=("post_id", "size"), agreed_fee=("cost", "sum"))
        .reset_index()
        .rename(columns={"format": "deliverable"})
    )
    done = done.assign(
        stage="completed",
        agreed_fee=_fixed(done["agreed_fee"], 2),
        currency=campaign["currency"],
        updated=end.isoformat(),
        notes=[f"{q} {'post' if q == 1 else 'posts'} delivered" for q in done["quantity"]],
    )
    hired = creators["influencer_id"].isin(posts["influencer_id"])
    pool = creators[_eligible(campaign, creators) & ~hired]
    ranked = pool.assign(score=_fit_score(campaign, pool, audience)).sort_values(
        ["score", "influencer_id"], ascending=[False, True]
    )
    extras = ranked.head(len(PIPELINE_EXTRAS)).assign(stage=list(PIPELINE_EXTRAS)[: len(ranked)])
    approached = extras["stage"] != "identified"
    others = pd.DataFrame(
        {
            "influencer_id": extras["influencer_id"],
            "stage": extras["stage"],
            "deliverable": np.where(approached, extras["platform"].map(MAIN_FORMAT), ""),
            "quantity": np.where(approached, "1", ""),
            "agreed_fee": "",
            "currency": "",
            "updated": [
                (start - timedelta(days=PIPELINE_DAYS_BEFORE[s])).isoformat()
                for s in extras["stage"]
            ],
            "notes": extras["stage"].map(PIPELINE_NOTES),
        }
    )
    columns = ["influencer_id", "stage", "deliverable", "quantity", "agreed_fee", "currency",
               "updated", "notes"]  # fmt: skip
    return pd.concat([done[columns], others[columns]], ignore_index=True)
