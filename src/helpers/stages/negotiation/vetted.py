"""What the vetting stage said about each contracted creator: one story across the stages.

A creator can be contracted in the relationship pipeline (``data.pipeline``) whatever vetting
decided. Such a deal stands, but the negotiation page, the term sheet and the calendar name the
creator with vetting's reason, so nobody signs or schedules an excluded or flagged creator
without knowing it.
"""

from __future__ import annotations

import re

import pandas as pd

from helpers import report
from helpers.text.i18n import Translator

#: the columns :func:`vetting_warnings` adds to the contracted deliverables
VETTING_COLUMNS = ["vetting_status", "vetting_warning"]
#: the vetting statuses that carry a warning (``not vetted``: not on the shortlist at all)
WARNED = ("excluded", "flagged", "not vetted")


def vetting_reasons(reasons: object, _: Translator) -> str:
    """The ``out:`` and ``flag:`` parts of a creator's vetting reasons, without their prefix
    (the ``in:`` and ``note:`` parts left out): ``no shared interest (beauty; campaign:
    skincare); engagement 8.00% per follower is 6.1x the peer median``."""
    from helpers.stages.vetting.reasons import PREFIX  # an earlier stage's words

    if not isinstance(reasons, str) or not reasons:
        return ""
    prefixes = {kind: _(text) for kind, text in PREFIX.items()}
    starts = "|".join(re.escape(p) for p in prefixes.values())
    parts = re.split(rf"; (?={starts})", reasons)
    kept = []
    for part in parts:
        for kind in ("out", "flag"):
            if part.startswith(prefixes[kind]):
                kept.append(part[len(prefixes[kind]) :])
    return "; ".join(kept)


def vetting_warnings(
    contracted: pd.DataFrame, shortlist: pd.DataFrame | None, _: Translator
) -> pd.DataFrame:
    """``contracted`` with what vetting decided about each creator.

    Parameters
    ----------
    contracted : DataFrame
        Contracted deliverables (:func:`helpers.stages.negotiation.contracted_from`).
    shortlist : DataFrame or None
        The vetting stage's shortlist (``status``, ``reasons``); None when there is none.
    _ : Translator
        The campaign's words.

    Returns
    -------
    DataFrame
        ``contracted`` plus ``vetting_status`` (shortlisted, flagged, excluded, ``not vetted``
        for a creator the shortlist lacks; empty with no shortlist) and ``vetting_warning``
        (the sentence for the page and the term sheet, empty for a shortlisted creator):
        ``Excluded at vetting (no shared interest ...): check before signing or going live.``
    """
    table = contracted.copy()
    if shortlist is None or "status" not in shortlist:
        table["vetting_status"] = ""
        table["vetting_warning"] = ""
        return table
    vetted = shortlist.drop_duplicates("influencer_id").set_index("influencer_id")
    status = table["influencer_id"].map(vetted["status"]).fillna("not vetted")
    reasons = vetted["reasons"] if "reasons" in vetted else pd.Series("", index=vetted.index)
    table["vetting_status"] = status.astype(str)
    table["vetting_warning"] = [
        _warning(s, vetting_reasons(r, _), _)
        for s, r in zip(status, table["influencer_id"].map(reasons), strict=True)
    ]
    return table


def _warning(status: str, reasons: str, _: Translator) -> str:
    if status == "excluded":
        return _(
            "Excluded at vetting ({reasons}): check before signing or going live.",
            reasons=reasons or _("see the vetting page"),
        )
    if status == "flagged":
        return _(
            "Flagged at vetting ({reasons}): check before signing or going live.",
            reasons=reasons or _("see the vetting page"),
        )
    if status == "not vetted":
        return _("Not on the vetting stage's shortlist: not vetted; vet before signing.")
    return ""


def warned_creators(contracted: pd.DataFrame) -> pd.DataFrame:
    """One row per contracted creator whom vetting excluded or flagged (or did not vet):
    ``handle``, ``market``, ``vetting_status``, ``vetting_warning``, ``fee`` (campaign
    currency), excluded first, then by fee."""
    columns = ["handle", "market", "vetting_status", "vetting_warning", "fee"]
    if "vetting_status" not in contracted:
        return pd.DataFrame(columns=columns)
    warned = contracted[contracted["vetting_status"].isin(WARNED)]
    if warned.empty:
        return pd.DataFrame(columns=columns)
    fee = "agreed_fee_converted" if "agreed_fee_converted" in warned else "agreed_fee"
    per_creator = warned.groupby(["influencer_id"], as_index=False).agg(
        handle=("handle", "first"),
        market=("market", "first"),
        vetting_status=("vetting_status", "first"),
        vetting_warning=("vetting_warning", "first"),
        fee=(fee, "sum"),
    )
    order = per_creator["vetting_status"].map({s: i for i, s in enumerate(WARNED)})
    per_creator = per_creator.assign(_order=order).sort_values(
        ["_order", "fee"], ascending=[True, False]
    )
    return per_creator[columns].reset_index(drop=True)


def warnings_sentence(contracted: pd.DataFrame, currency: str, _: Translator) -> str:
    """The page's warning in one paragraph of Markdown: how many contracted creators vetting
    excluded or flagged, with the share of the contracted fees they take; empty when none."""
    warned = warned_creators(contracted)
    if warned.empty:
        return ""
    fee = "agreed_fee_converted" if "agreed_fee_converted" in contracted else "agreed_fee"
    total = float(contracted[fee].sum())
    counts = warned["vetting_status"].value_counts()
    return _(
        "**Contracted against vetting's advice: {count} of {creators} creators** ({excluded} "
        "excluded, {flagged} flagged, {unvetted} not vetted) take {fee}, {share} of the "
        "contracted fees. Each is named below with vetting's reason; the term sheet carries "
        "the same warning.",
        count=_.number(len(warned)),
        creators=_.number(contracted["influencer_id"].nunique()),
        excluded=_.number(int(counts.get("excluded", 0))),
        flagged=_.number(int(counts.get("flagged", 0))),
        unvetted=_.number(int(counts.get("not vetted", 0))),
        fee=_.money(float(warned["fee"].sum()), currency),
        share=_.percent(float(warned["fee"].sum()) / total if total else 0.0, 0),
    )


def warned_lines(contracted: pd.DataFrame, currency: str, _: Translator) -> list[str]:
    """One Markdown bullet per warned creator: ``- **@handle** (LV, EUR 2,640): Excluded at
    vetting (...)``; the handle and reasons come from data, escaped."""
    return [
        f"- **{report.text(row.handle)}** ({report.text(row.market)}, "
        f"{_.money(row.fee, currency)}): {report.text(row.vetting_warning)}"
        for row in warned_creators(contracted).itertuples()
    ]
