"""What the calendar schedules: the contracted deliverables, one row per post."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.errors import InputError
from helpers.stages.negotiation import CONTRACTED_COLUMNS
from helpers.text.i18n import Translator

#: the columns of the negotiation stage's contracted deliverables, which the calendar reads
DELIVERABLE_COLUMNS = tuple(CONTRACTED_COLUMNS)
#: deliverables that are not posts of their own: they go up with one of the creator's posts
COMPANION_DELIVERABLES = ("link_in_bio",)
_EXPANDED_COLUMNS = [
    "post_id",
    *[c for c in DELIVERABLE_COLUMNS if c != "quantity"],
    "unit",
    "units",
    "fee_per_post",
]


def expand_posts(deliverables: pd.DataFrame) -> pd.DataFrame:
    """One row per post to schedule: a deliverable with quantity 3 becomes three posts.

    Parameters
    ----------
    deliverables : DataFrame
        Contracted deliverables with the columns of :data:`DELIVERABLE_COLUMNS` (as
        ``helpers.stages.negotiation.contracted_deliverables`` returns them). ``agreed_fee`` is the
        fee for the whole row (all its units).

    Returns
    -------
    DataFrame
        ``post_id`` (``<influencer_id>-<deliverable>-<n>``), the deliverable's columns,
        ``unit`` and ``units`` (post n of N), ``fee_per_post``, and ``creator_order`` /
        ``creator_posts`` (this post's place among the creator's posts).

    Raises
    ------
    InputError
        When a column is missing or a row has no platform, market or a quantity that is not a
        whole number of 1 or more; every bad row is listed.
    """
    missing = [c for c in DELIVERABLE_COLUMNS if c not in deliverables.columns]
    if deliverables.empty:  # nothing contracted yet, whatever the columns
        return pd.DataFrame(columns=[*_EXPANDED_COLUMNS, "creator_order", "creator_posts"])
    if missing:
        raise InputError(
            [
                f"deliverables: column {c}: missing (needed: {', '.join(DELIVERABLE_COLUMNS)})"
                for c in missing
            ]
        )
    rows = deliverables.reset_index(drop=True)
    quantity = pd.to_numeric(rows["quantity"], errors="coerce")
    problems = _row_problems(rows, quantity)
    if problems:
        raise InputError(problems)
    posts = [
        post
        for row, count in zip(rows.to_dict("records"), quantity.astype(int), strict=True)
        for post in _posts_of(row, count)
    ]
    table = pd.DataFrame(posts, columns=_EXPANDED_COLUMNS)
    table["post_id"] = _unique_ids(table["post_id"])
    table["creator_order"] = table.groupby("influencer_id").cumcount()
    table["creator_posts"] = table.groupby("influencer_id")["post_id"].transform("size")
    return table


def _row_problems(rows: pd.DataFrame, quantity: pd.Series) -> list[str]:
    """Rows whose quantity is not a whole number of 1 or more, or with an empty key column."""
    problems = [
        f"deliverables: row {i + 1} ({rows.at[i, 'handle']} {rows.at[i, 'deliverable']}): "
        f"quantity {_shown(rows.at[i, 'quantity'])} is not a whole number of 1 or more"
        for i in rows.index[~((quantity >= 1) & (quantity % 1 == 0))]
    ]
    for column in ("influencer_id", "platform", "market", "deliverable"):
        problems += [
            f"deliverables: row {i + 1}: {column} is empty" for i in rows.index[rows[column].isna()]
        ]
    return problems


def _posts_of(row: dict, count: int) -> list[dict]:
    """A deliverable's ``count`` posts, each with its share of the fee."""
    fee = pd.to_numeric(pd.Series([row["agreed_fee"]]), errors="coerce").iloc[0]
    return [
        {
            "post_id": f"{row['influencer_id']}-{row['deliverable']}-{unit}",
            **{c: row[c] for c in DELIVERABLE_COLUMNS if c != "quantity"},
            "unit": unit,
            "units": count,
            "fee_per_post": fee / count if pd.notna(fee) else np.nan,
        }
        for unit in range(1, count + 1)
    ]


def _shown(value: object) -> str:
    """A cell as the user typed it: 2.0 shown as 2."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, str) else str(value)


def _unique_ids(ids: pd.Series) -> pd.Series:
    """Two rows for the same creator and deliverable must not share an id (``-b`` suffix)."""
    seen = ids.groupby(ids).cumcount()
    return ids.where(seen == 0, ids + "-" + seen.map(lambda n: chr(ord("a") + n)))


def attached_to_posts(posts: pd.DataFrame) -> pd.Series:
    """Deliverables that are not posts of their own (a link in bio) go up with one of the
    creator's posts, when the creator has one; they count for no spacing rule or cap."""
    companion = posts["deliverable"].isin(COMPANION_DELIVERABLES)
    has_posts = posts["influencer_id"].isin(posts.loc[~companion, "influencer_id"])
    return companion & has_posts


def deliverables_source(deliverables: pd.DataFrame, _: Translator) -> str:
    """Where the contracted deliverables came from, in a sentence for the page.

    ``helpers.stages.negotiation.contracted_deliverables`` marks each row's ``source``: the
    relationship pipeline (rows contracted, live or completed) or the negotiation stage's
    selected offers (``offers.csv``, planned but not yet marked contracted).
    """
    if deliverables.empty:
        return _("no contracted deliverables yet")
    sources = set(deliverables["source"].dropna()) if "source" in deliverables else set()
    if sources == {"pipeline"}:
        return _("the relationship pipeline's rows in stage contracted, live or completed")
    if sources == {"offers.csv"}:
        return _(
            "the negotiation stage's selected offers (offers.csv): planned, not yet marked "
            "contracted in a pipeline file"
        )
    return _("the contracted deliverables from the negotiation stage")
