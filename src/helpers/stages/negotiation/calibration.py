"""The agency's own history in the fees: a campaign with a ``history:`` section prices its offers
on the CPM its past campaigns calibrate (:func:`helpers.core.history.calibrated_rates`), per
market, platform and tier, through the same price book every other figure is read from.

The published CPM history is weighed against is this stage's own: the platform's buying CPM
moved to each market by its price level (:func:`.prices.market_benchmarks`), so the page's
history tables and the fees agree. A calibrated CPM is the market's own figure (never moved by
a price level again) and is scaled by each format's ``cpm_factor`` like the published one. Only
the CPM is calibrated: a fee priced by engagements (CPE) keeps the published CPE.
"""

from __future__ import annotations

import pandas as pd

from helpers.core import history, reference
from helpers.core.campaign import PLATFORMS, Campaign
from helpers.stages.negotiation.documents import PLATFORM_NAMES
from helpers.stages.negotiation.prices import PriceBook, _row, market_benchmarks, price_book
from helpers.stages.negotiation.rates import negotiation_rates
from helpers.text.i18n import Translator


def history_benchmarks(
    campaign: Campaign, book: PriceBook, past: history.History | None = None
) -> pd.DataFrame:
    """The published CPM in every market history may name: the campaign's markets, every market
    the playbook knows (``cultural_notes.csv``) or has a price level for, and the past deals'
    markets (:func:`.prices.market_benchmarks`), every platform; the table
    :func:`helpers.core.history.learn` weighs history against, and the fees' calibration."""
    known = reference.reference_table("cultural_notes")["market"]
    markets = [*campaign.markets, *known, *book.levels.index]
    if past is not None and len(past.deals):
        markets += sorted(set(past.deals["market"].dropna().astype(str)))
    return market_benchmarks(book, list(dict.fromkeys(markets)), list(PLATFORMS))


def calibrated_rows(calibrated: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The price-book rows of the CPM cells history moved (``n`` > 0): the market's, platform's
    and tier's own CPM (the ``estimate``), with ``deals``, ``weight``, ``published`` and a
    source that says how it was made."""
    cells = calibrated[(calibrated["metric"] == "cpm") & (calibrated["n"] > 0)]
    rows = []
    for cell in cells.to_dict("records"):
        source = (
            f"calibrated on {cell['n']} past deals ({cell['level']}), history weight "
            f"{cell['history_weight']:.2f} = {cell['n']} / ({cell['n']} + {cell['k']:g}): "
            f"published {currency} {cell['published']:.2f} x {cell['multiplier']:.3f}; "
            f"published: {cell['source']}"
        )
        row = _row(cell["platform"], "cpm", float(cell["estimate"]), source, cell["market"],
                   cell["tier"], own=True)  # fmt: skip
        rows.append(
            row
            | {
                "deals": int(cell["n"]),
                "weight": float(cell["history_weight"]),
                "published": float(cell["published"]),
            }
        )
    return pd.DataFrame(rows, columns=[*_row("", "", 0.0, ""), "deals", "weight", "published"])


def calibrated_book(
    campaign: Campaign, tables: dict[str, pd.DataFrame], book: PriceBook | None = None
) -> PriceBook:
    """The campaign's price book (``book``, default :func:`.prices.price_book`) with the CPM its
    history calibrates (:func:`calibrated_rows`); the book itself without a ``history:``.

    Raises
    ------
    InputError
        When a past campaign's files cannot be used (the run's readiness check stops on it
        first).
    """
    book = book if book is not None else price_book(campaign, negotiation_rates(campaign))
    if not campaign.history.given:
        return book
    roster = tables.get("roster")
    key = _cache_key(campaign, book, roster)
    rows = _CALIBRATED.get(key)
    if rows is None:
        past = history.read_history(campaign, roster)
        published = history_benchmarks(campaign, book, past)
        calibrated = history.calibrated_rates(campaign, published, roster, past)
        rows = calibrated_rows(calibrated, campaign.currency)
        while len(_CALIBRATED) >= CACHE_SIZE:
            _CALIBRATED.pop(next(iter(_CALIBRATED)))
        _CALIBRATED[key] = rows
    return book.with_rows(rows) if len(rows) else book


#: calibrated rows already computed in this process (the what-if re-plans change deal terms,
#: not the history or the benchmarks), the oldest dropped first
_CALIBRATED: dict[tuple, pd.DataFrame] = {}
CACHE_SIZE = 4


def _cache_key(campaign: Campaign, book: PriceBook, roster: pd.DataFrame | None) -> tuple:
    """What the calibrated rows depend on: the history settings and every file under the past
    campaigns' paths (name, size, modification time), the currency and markets, the
    benchmark rows and price levels, and the roster's creators and followers."""
    paths, _problems = history.past_campaign_paths(campaign)
    files = []
    for path in paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                stat = file.stat()
                files.append((str(file), stat.st_size, stat.st_mtime_ns))
    people = (
        int(pd.util.hash_pandas_object(roster[["influencer_id", "followers"]], index=False).sum())
        if roster is not None and {"influencer_id", "followers"} <= set(roster.columns)
        else None
    )
    return (
        campaign.history.model_dump_json(),
        tuple(files),
        campaign.currency,
        tuple(campaign.markets),
        pd.util.hash_pandas_object(book.benchmarks[["platform", "market", "tier", "metric",
                                                    "value"]], index=False).sum(),
        pd.util.hash_pandas_object(book.levels["index"]).sum(),
        book.published_level,
        people,
    )  # fmt: skip


def calibration_note(offers: pd.DataFrame, currency: str, _: Translator) -> str:
    """Which of the fees' CPMs the agency's history calibrated, and on how many past deals, one
    line per market, platform and tier priced; empty when none is."""
    if "cpm_deals" not in offers:
        return ""
    priced = offers[(offers["cpm_deals"].fillna(0) > 0) & offers["fair_fee"].notna()]
    if not len(priced):
        return ""
    cells = priced.drop_duplicates(["market", "platform", "tier"]).sort_values(
        ["market", "platform", "tier"]
    )
    lines = [
        "- "
        + _(
            "{market}, {platform}, {tier}: CPM {calibrated} instead of the published {published} "
            "({currency}, before the format's factor); past deals behind it: {deals}, history "
            "weight {weight}",
            market=row["market"],
            platform=PLATFORM_NAMES.get(row["platform"], row["platform"]),
            tier=row["tier"],
            calibrated=_.number(row["cpm_base"], 2),
            published=_.number(row["cpm_published"], 2),
            currency=currency,
            deals=_.number(row["cpm_deals"]),
            weight=_.number(row["cpm_weight"], 2),
        )
        for row in cells.to_dict("records")
    ]
    head = _(
        "**Priced on the agency's own rates.** Past campaigns calibrate the CPM of these "
        "markets, platforms and tiers (the history below shows how); every other figure is the "
        "published one:"
    )
    return head + "\n\n" + "\n".join(lines)
