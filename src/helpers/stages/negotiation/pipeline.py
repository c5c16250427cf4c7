"""The relationship pipeline: who was contracted, and the file to keep updating."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core import artifacts, reference
from helpers.core.campaign import Campaign
from helpers.core.data import PIPELINE_STAGES, TABLES, load_campaign_data
from helpers.core.errors import InputError, problem
from helpers.stages.negotiation.budget import plan_campaign
from helpers.stages.negotiation.candidates import provisional_shortlist
from helpers.stages.negotiation.labels import (
    CONTRACTED_COLUMNS,
    CONTRACTED_STAGES,
)
from helpers.stages.negotiation.vetted import vetting_warnings
from helpers.text import labels
from helpers.text.i18n import Translator, translator

# --- The relationship pipeline -------------------------------------------------------------


def pipeline_problems(
    pipeline: pd.DataFrame, roster: pd.DataFrame | None, path: str | Path, _: Translator
) -> list[str]:
    """Rows of the pipeline file that the later stages could not use, one line each (what is
    wrong in the language of ``_``; the file, row and column as written).

    Creators must be on the roster, and a contracted, live or completed row needs its
    deliverable, quantity, agreed fee and a currency with an exchange rate on file.
    """
    lines = []
    if roster is not None:
        unknown = ~pipeline["influencer_id"].isin(roster["influencer_id"])
        for index in pipeline.index[unknown]:
            lines.append(
                problem(
                    path,
                    _("row {row}, column {column}", row=index + 2, column="influencer_id"),
                    _(
                        "{value} is not on the roster",
                        value=repr(pipeline.at[index, "influencer_id"]),
                    ),
                )
            )
    contracted = pipeline["stage"].isin(CONTRACTED_STAGES)
    for column in ("deliverable", "quantity", "agreed_fee", "currency"):
        empty = contracted & pipeline[column].isna()
        for index in pipeline.index[empty]:
            lines.append(
                problem(
                    path,
                    _("row {row}, column {column}", row=index + 2, column=column),
                    _(
                        "is empty, but a {stage} row needs it",
                        stage=labels.pipeline_stages(_).get(
                            pipeline.at[index, "stage"], pipeline.at[index, "stage"]
                        ),
                    ),
                )
            )
    known = set(reference.reference_table("fx_rates")["currency"])
    unknown_currency = contracted & pipeline["currency"].notna() & ~pipeline["currency"].isin(known)
    for index in pipeline.index[unknown_currency]:
        lines.append(
            problem(
                path,
                _("row {row}, column {column}", row=index + 2, column="currency"),
                _(
                    "{value} has no exchange rate on file (known: {known}); add a dated rate to "
                    "data/reference/fx_rates.csv",
                    value=repr(pipeline.at[index, "currency"]),
                    known=", ".join(sorted(known)),
                ),
            )
        )
    return lines


def contracted_from(
    pipeline: pd.DataFrame | None,
    offers: pd.DataFrame | None,
    roster: pd.DataFrame,
    campaign: Campaign,
    path: str | Path = "pipeline",
    shortlist: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Contracted deliverables from the pipeline, or the selected offers when there is none,
    each with what vetting decided about the creator (``vetting_status`` and
    ``vetting_warning``, from ``shortlist``: see
    :func:`helpers.stages.negotiation.vetted.vetting_warnings`).

    Raises
    ------
    InputError
        When pipeline rows cannot be used (see :func:`pipeline_problems`).
    """
    if pipeline is not None:
        problems = pipeline_problems(pipeline, roster, path, translator(campaign.language))
        if problems:
            raise InputError(problems)
        rows = pipeline[pipeline["stage"].isin(CONTRACTED_STAGES)].copy()
        info = roster.set_index("influencer_id")
        for column in ("handle", "platform", "market"):
            rows[column] = rows["influencer_id"].map(info[column])
        rows["source"] = "pipeline"
    elif offers is not None and len(offers):
        rows = offers[offers["selected"].astype(bool)].copy()
        rows["agreed_fee"] = rows["planned_cost"]
        rows["currency"] = campaign.currency
        rows["stage"] = "planned"
        rows["source"] = "offers.csv"
    else:
        rows = pd.DataFrame(columns=CONTRACTED_COLUMNS)
        rows["source"] = pd.Series(dtype=str)
    rows = rows[[*CONTRACTED_COLUMNS, "source"]].reset_index(drop=True)
    rows["quantity"] = rows["quantity"].astype(int)
    rows["agreed_fee"] = rows["agreed_fee"].astype(float)
    rates = {code: reference.fx_rate(code, campaign.currency) for code in rows["currency"].unique()}
    rows["fx_rate"] = rows["currency"].map(lambda c: rates[c][0]).astype(float)
    rows["rate_date"] = rows["currency"].map(lambda c: rates[c][1])
    rows["agreed_fee_converted"] = rows["agreed_fee"] * rows["fx_rate"]
    return vetting_warnings(rows, shortlist, translator(campaign.language))


def contracted_deliverables(
    campaign: Campaign, tables: dict[str, pd.DataFrame] | None = None, run_dir: str | Path = ""
) -> pd.DataFrame:
    """What the creators are contracted to deliver: the one function later stages call.

    Reads the campaign's relationship pipeline (``data.pipeline``) and keeps the rows in stage
    contracted, live or completed. A campaign without a pipeline falls back to the selected
    rows of ``offers.csv`` in the run folder, and when that is missing too, the negotiation
    stage's plan is computed (from ``shortlist.csv`` or the vetting helpers).

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    tables : dict, optional
        Loaded data tables (``roster``, ``pipeline`` ...); missing ones are loaded.
    run_dir : str or Path, optional
        The run folder with the earlier stages' artifacts.

    Returns
    -------
    DataFrame
        One row per creator and deliverable: ``influencer_id``, ``handle``, ``platform``,
        ``market``, ``deliverable`` (feed_post, reel, story, short, long_video, live,
        link_in_bio), ``quantity`` (units), ``agreed_fee`` (for all the units, in
        ``currency``), ``currency``, ``stage`` (contracted, live, completed; ``planned`` for
        rows from offers.csv), ``source`` (pipeline or offers.csv), ``fx_rate`` and
        ``rate_date`` (the dated rate into the campaign currency) and ``agreed_fee_converted``
        (campaign currency), ``vetting_status`` and ``vetting_warning`` (what vetting said
        about the creator: the page and the term sheet name a creator vetting excluded or
        flagged).

    Raises
    ------
    InputError
        When the pipeline file has rows that cannot be used.
    """
    tables = dict(tables or {})
    wanted = ["roster"] + (["pipeline"] if campaign.data.pipeline else [])
    missing = [name for name in wanted if name not in tables]
    if missing:
        tables |= load_campaign_data(campaign, missing)
    pipeline = tables.get("pipeline")
    offers = None
    shortlist = load_shortlist(campaign, tables, run_dir)
    if pipeline is None:
        path = Path(run_dir) / "offers.csv" if run_dir else None
        if path is not None and path.is_file():
            offers = artifacts.read_table(path)
        else:
            offers, _allocation = plan_campaign(campaign, tables, shortlist)
    where = campaign.data.file("pipeline") or "pipeline"
    return contracted_from(pipeline, offers, tables["roster"], campaign, where, shortlist)


def load_shortlist(
    campaign: Campaign, tables: dict[str, pd.DataFrame], run_dir: str | Path = ""
) -> pd.DataFrame:
    """``shortlist.csv`` from the run folder, else the vetting stage's, else a provisional one."""
    path = Path(run_dir) / "shortlist.csv" if run_dir else None
    if path is not None and path.is_file():
        return artifacts.read_table(path)
    try:
        from helpers.stages import vetting
    except ImportError:
        return provisional_shortlist(campaign, tables)
    needed = ["roster", "posts", "follower_growth", "audience", "follower_samples"]
    missing = [name for name in needed if name not in tables]
    if missing:
        tables |= load_campaign_data(campaign, missing)
    return vetting.build_shortlist(campaign, tables)


def pipeline_funnel(pipeline: pd.DataFrame | None) -> pd.DataFrame:
    """Creators per pipeline stage (a creator counts once, at their furthest stage)."""
    order = {stage: i for i, stage in enumerate(PIPELINE_STAGES)}
    if pipeline is None or pipeline.empty:
        return pd.DataFrame({"stage": list(PIPELINE_STAGES), "creators": 0})
    furthest = (
        pipeline.assign(rank=pipeline["stage"].map(order))
        .sort_values("rank")
        .drop_duplicates("influencer_id", keep="last")
    )
    counts = furthest["stage"].value_counts().reindex(PIPELINE_STAGES, fill_value=0)
    return counts.rename_axis("stage").rename("creators").reset_index()


def pipeline_update(
    pipeline: pd.DataFrame | None, offers: pd.DataFrame, campaign: Campaign, today
) -> pd.DataFrame:
    """The pipeline to keep updating: the existing rows, then every planned creator not in it
    yet as ``identified``, with the planned deliverables and the target fee in the notes."""
    columns = list(TABLES["pipeline"])
    existing = pipeline[columns].copy() if pipeline is not None else pd.DataFrame(columns=columns)
    planned = offers[offers["selected"]]
    planned = planned[~planned["influencer_id"].isin(existing["influencer_id"])]
    _ = translator(campaign.language)

    new = pd.DataFrame(
        {
            "influencer_id": planned["influencer_id"],
            "stage": "identified",
            "deliverable": planned["deliverable"],
            "quantity": planned["quantity"],
            "agreed_fee": np.nan,
            "currency": campaign.currency,
            "updated": pd.Timestamp(today),
            "notes": [
                _(
                    "open at {opening}, target {target}, walk away above {walk_away} per unit "
                    "({handle})",
                    opening=_.money(o, campaign.currency),
                    target=_.money(t, campaign.currency),
                    walk_away=_.money(w, campaign.currency),
                    handle=h,
                )
                for h, o, t, w in planned[
                    ["handle", "opening_offer", "target_fee", "walk_away_fee"]
                ].itertuples(index=False)
            ],
        }
    )
    frames = [frame for frame in (existing, new) if len(frame)]
    if not frames:
        return pd.DataFrame(columns=columns)
    merged = pd.concat(frames, ignore_index=True)
    merged["updated"] = pd.to_datetime(merged["updated"]).dt.strftime("%Y-%m-%d")
    merged["quantity"] = pd.to_numeric(merged["quantity"]).round().astype("Int64")  # 2, not 2.0
    return merged


def contracts_per_creator(contracted: pd.DataFrame) -> pd.DataFrame:
    """:func:`contracted_from` summed per creator: ``handle``, ``market``, ``deliverables``
    (units), ``fee`` (campaign currency), ``stage`` and ``vetting`` (what vetting decided:
    shortlisted, flagged, excluded, not vetted; empty without a shortlist)."""
    vetting = contracted.get("vetting_status", "")
    return (
        contracted.assign(vetting=vetting)
        .groupby(["handle", "market"], as_index=False)
        .agg(
            deliverables=("quantity", "sum"),
            fee=("agreed_fee_converted", "sum"),
            stage=("stage", "first"),
            vetting=("vetting", "first"),
        )
    )
