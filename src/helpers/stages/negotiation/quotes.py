"""Quotes and the negotiation range: opening offer, target and walk-away."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.stages.negotiation.labels import MAIN_DELIVERABLE
from helpers.text import labels
from helpers.text.i18n import Translator

# --- Quotes and the negotiation range -----------------------------------------------------


QUOTE_COLUMNS = [
    "influencer_id",
    "quoted_fee",
    "quote_currency",
    "quote_converted",
    "fx_rate",
    "rate_date",
    "quote_note",
]


def convert_quotes(creators: pd.DataFrame, currency: str, _: Translator) -> pd.DataFrame:
    """Each creator's quoted fee converted into the campaign currency, keeping the original.
    ``quote_note`` is written in the language of ``_``.

    Returns
    -------
    DataFrame
        ``influencer_id``, ``quoted_fee``, ``quote_currency``, ``quote_converted``,
        ``fx_rate`` (campaign currency per unit of the quote's), ``rate_date`` and
        ``quote_note`` (why a quote could not be used, e.g. an unknown currency).
    """
    rows = []
    for creator in creators.to_dict("records"):
        amount, code = creator.get("quoted_fee"), creator.get("fee_currency")
        row = {
            "influencer_id": creator["influencer_id"],
            "quoted_fee": amount,
            "quote_currency": code if isinstance(code, str) else None,
            "quote_converted": np.nan,
            "fx_rate": np.nan,
            "rate_date": None,
            "quote_note": "",
        }
        if pd.isna(amount):
            row["quote_note"] = _("no quote")
        elif not isinstance(code, str):
            row["quote_note"] = _(
                "quote {amount} has no currency: add fee_currency", amount=_.number(amount, 2)
            )
        else:
            try:
                rate, rate_date = reference.fx_rate(code, currency)
            except KeyError:
                known = sorted(set(reference.reference_table("fx_rates")["currency"]))
                row["quote_note"] = _(
                    "quote {amount} {currency} not used: no exchange rate for {missing} on file "
                    "(known: {known}); add a dated rate to data/reference/fx_rates.csv",
                    amount=_.number(amount, 2),
                    currency=code,
                    missing=code if code not in known else currency,
                    known=", ".join(known),
                )
            else:
                row.update(quote_converted=amount * rate, fx_rate=rate, rate_date=rate_date)
        rows.append(row)
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def negotiation_ranges(
    priced: pd.DataFrame,
    quotes: pd.DataFrame,
    rates: dict[str, float],
    currency: str,
    _: Translator,
    words: bool = True,
) -> pd.DataFrame:
    """Opening offer, target and walk-away for every deliverable, with the quote placed on it.

    ``target_fee = fair_fee``, ``opening_offer = opening_share x fair_fee``,
    ``walk_away_fee = walk_away_share x fair_fee``. A quote is for the creator's main
    deliverable (feed post, short, long video) and for posting only: it is converted, given
    the campaign's usage and exclusivity premiums (``x terms_multiplier``) and placed on that
    deliverable's range. Every other deliverable is priced on its own terms (its fair fee), never
    scaled from the quote: a quote for a post says nothing about what a live or a Story set is
    worth.

    The fee planned for the budget, ``planned_fee``, is the quote when it is at or below the
    target (say yes), halfway between target and quote up to the walk-away point (meet in the
    middle), and the walk-away fee above it (counter at the walk-away point, or drop them). A
    Short's range is scaled down where it would plan above ``short_cap_share`` x the same
    creator's planned long video; an add-on's range moves with its main deliverable's planned
    fee (it is a share of it).

    Returns
    -------
    DataFrame
        ``priced`` plus the quote columns of :func:`convert_quotes`, ``quote_with_terms``,
        ``quote_position`` (words), ``quote_place`` (0 = opening, 1 = walk-away),
        ``opening_offer``, ``target_fee``, ``walk_away_fee``, ``planned_fee`` and ``say_it``
        (what to tell the creator, in the language of ``_``; empty when ``words`` is False, for
        a what-if that only needs the figures).
    """
    ranged = priced.merge(quotes, on="influencer_id", how="left")
    ranged["target_fee"] = ranged["fair_fee"]
    ranged["opening_offer"] = rates["opening_share"] * ranged["fair_fee"]
    ranged["walk_away_fee"] = rates["walk_away_share"] * ranged["fair_fee"]
    main = ranged["deliverable"] == ranged["platform"].map(MAIN_DELIVERABLE)
    quoted = ranged["quote_converted"] * ranged["terms_multiplier"]
    ranged["quote_with_terms"] = quoted.where(main)
    quote = ranged["quote_with_terms"]
    ranged["quote_position"] = np.where(main, _quote_positions(ranged, quote), "no quote")
    span = ranged["walk_away_fee"] - ranged["opening_offer"]
    ranged["quote_place"] = (quote - ranged["opening_offer"]) / span.where(span > 0)
    ranged["planned_fee"] = np.select(
        [quote.isna(), quote <= ranged["target_fee"], quote <= ranged["walk_away_fee"]],
        [ranged["target_fee"], quote, (ranged["target_fee"] + quote) / 2],
        ranged["walk_away_fee"],
    )
    _shorts_below_long_videos(ranged, rates["short_cap_share"])
    _add_ons_follow_their_main(ranged)
    ranged["say_it"] = (
        [_say_it(row, currency, _) for row in ranged.to_dict("records")] if words else ""
    )
    return ranged


def _add_ons_follow_their_main(ranged: pd.DataFrame) -> None:
    """An add-on (a link in bio) is a share of the main deliverable's fee: where the main is
    planned at another fee than its target (the creator's own quote), the add-on's range moves
    with it."""
    if "add_on" not in ranged or not ranged["add_on"].astype(bool).any():
        return
    main = ranged["deliverable"] == ranged["platform"].map(MAIN_DELIVERABLE)
    ratio = ranged.loc[main, "planned_fee"] / ranged.loc[main, "target_fee"]
    ratio = pd.Series(ratio.values, index=ranged.loc[main, "influencer_id"])
    ratio = ratio[~ratio.index.duplicated()]
    scale = ranged["influencer_id"].map(ratio).where(ranged["add_on"].astype(bool))
    moved = scale.notna() & (scale != 1)
    for column in ("opening_offer", "target_fee", "walk_away_fee", "planned_fee"):
        ranged.loc[moved, column] = ranged.loc[moved, column] * scale[moved]


def _shorts_below_long_videos(ranged: pd.DataFrame, share: float) -> None:
    """A Short's range is scaled down where it would plan above ``share`` x the fee planned for
    the same creator's long video (a creator who quoted their long video low): a Short always
    costs less."""
    long_video = ranged["deliverable"] == "long_video"
    planned = pd.Series(
        ranged.loc[long_video, "planned_fee"].values, index=ranged.loc[long_video, "influencer_id"]
    )
    planned = planned[~planned.index.duplicated()]
    cap = share * ranged["influencer_id"].map(planned)
    over = (ranged["deliverable"] == "short") & (ranged["planned_fee"] > cap)
    if over.any():
        scale = cap[over] / ranged.loc[over, "planned_fee"]
        for column in ("opening_offer", "target_fee", "walk_away_fee", "planned_fee"):
            ranged.loc[over, column] = ranged.loc[over, column] * scale


def _quote_positions(ranged: pd.DataFrame, quote: pd.Series) -> np.ndarray:
    """Where each quote sits on its range: the first place whose test holds, else above the
    walk-away point."""
    places = (
        ("quote not usable", ranged["quoted_fee"].notna() & ranged["quote_converted"].isna()),
        ("no quote", quote.isna()),
        ("below our opening", quote <= ranged["opening_offer"]),
        ("opening to target", quote <= ranged["target_fee"]),
        ("target to walk-away", quote <= ranged["walk_away_fee"]),
    )
    tests = [test for _place, test in places]
    return np.select(tests, [place for place, _test in places], "above walk-away")


def fee_evidence(row: dict, currency: str, _: Translator) -> str:
    """The first half of what to say about an offer: what the deliverable should deliver and
    at which market rate ("Your Reel should reach about 12,450 real impressions; at a market
    CPM of EUR 41.15")."""
    what = labels.deliverables(_)[row["deliverable"]]
    priced_by = row.get("priced_by", "impressions")
    if row["fee_basis"] == "add_on":
        return _(
            "Your {deliverable} is an add-on to your {main}: {share} of its fee for each 30 days",
            deliverable=what,
            main=labels.deliverable(MAIN_DELIVERABLE.get(row["platform"], ""), _),
            share=_.percent(row["add_on_share"], 0),
        )
    if row["fee_basis"] == "cpe":
        return _(
            "Your {deliverable} should earn about {engagements} engagements; at a market CPE of "
            "{cpe}",
            deliverable=what,
            engagements=_.number(row["expected_engagements"]),
            cpe=_.money(row["cpe"], currency, 2),
        )
    if priced_by == "viewer-minutes":
        return _(
            "Your {deliverable} should draw about {viewers} real viewers for {minutes} minutes; "
            "at a market rate of {rate} per 1,000 viewer-minutes",
            deliverable=what,
            viewers=_.number(row["expected_views"]),
            minutes=_.number(row["live_minutes"]),
            rate=_.money(row["cpm"], currency, 2),
        )
    if priced_by in ("views", "story views"):
        return _(
            "Your {deliverable} should get about {views} real views; at a market CPM of {cpm}",
            deliverable=what,
            views=_.number(row["expected_views"]),
            cpm=_.money(row["cpm"], currency, 2),
        )
    return _(
        "Your {deliverable} should reach about {impressions} real impressions; at a market "
        "CPM of {cpm}",
        deliverable=what,
        impressions=_.number(row["expected_impressions"]),
        cpm=_.money(row["cpm"], currency, 2),
    )


def _say_it(row: dict, currency: str, _: Translator) -> str:
    """What a junior marketer can say out loud about one offer."""
    if not pd.notna(row["fair_fee"]):
        return ""
    evidence = fee_evidence(row, currency, _)
    text = _(
        "{evidence}, with the terms we ask, that is about {target}. We open at {opening} and go "
        "no higher than {walk_away}.",
        evidence=evidence,
        target=_.money(row["target_fee"], currency),
        opening=_.money(row["opening_offer"], currency),
        walk_away=_.money(row["walk_away_fee"], currency),
    )
    position = row["quote_position"]
    quote = _.money(row["quote_with_terms"], currency) if pd.notna(row["quote_with_terms"]) else ""
    if position == "above walk-away":
        text += " " + _(
            "Their quote ({quote} with our terms) is above that: show the working and trade "
            "usage or exclusivity, or walk away.",
            quote=quote,
        )
    elif position == "target to walk-away":
        text += " " + _(
            "Their quote ({quote}) is above target: meet in the middle, and ask for something "
            "back.",
            quote=quote,
        )
    elif position in ("below our opening", "opening to target"):
        text += " " + _(
            "Their quote ({quote}) is fair: accept it, and check it covers the usage and "
            "exclusivity we ask.",
            quote=quote,
        )
    return text


# --- The fee in words -------------------------------------------------------------------------

PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}


def rate_working(row: dict, metric: str, currency: str, _: Translator) -> str:
    """What a row's CPM or CPE is made of, e.g. ``EUR 7.70 x 0.851 price level in LV x 1.2
    for a Reel``, ``TikTok's EUR 9.63 x 1.223 price level in SE``, ``USD 20.00 x 0.1 per
    minute live; no price level for US on file: unadjusted``; empty without a figure."""
    base = row.get(f"{metric}_base")
    if base is None or not pd.notna(base):
        return ""
    text = _.money(base, currency, 2)
    if row.get("benchmarks") and row["benchmarks"] != row["platform"]:
        name = PLATFORM_NAMES.get(row["benchmarks"], row["benchmarks"])
        text = _("{platform}'s {rate}", platform=name, rate=text)
    moved, level = row.get(f"{metric}_moved"), row.get("price_level")
    if moved and pd.notna(level):
        text += " " + _(
            "x {factor} price level in {market}",
            factor=_.number(row[f"{metric}_market_factor"], 3),
            market=row["market"],
        )
    factor = row.get(f"{metric}_format_factor")
    if factor is not None and pd.notna(factor) and factor != 1:
        text += " " + (
            _("x {factor} per minute live", factor=_.plain_number(factor))
            if row.get("priced_by") == "viewer-minutes" and metric in ("cpm", "cpe")
            else _(
                "x {factor} for a {deliverable}",
                factor=_.plain_number(factor),
                deliverable=labels.deliverable(row["deliverable"], _),
            )
        )
    if moved and not pd.notna(level):
        text += "; " + _("no price level for {market} on file: unadjusted", market=row["market"])
    return text


def fee_working(row: dict, currency: str, _: Translator) -> str:
    """The fee sum in words, every factor in it, e.g. ``2,977 impressions x 80% real = 2,382;
    / 1,000 x EUR 6.55 CPM (EUR 7.70 x 0.851 price level in LV) = EUR 15.61; raised to the
    floor for a micro feed post in LV, EUR 81.91; x 1.45 terms (...) = EUR 118.77``."""
    if not pd.notna(row["fair_fee"]):
        return row.get("note") or _("not priced")
    text = f"{_base_working(row, currency, _)} = {_.money(row['base_fee'], currency, 2)}"
    if row["floor_applied"]:
        text += _floor_working(row, currency, _)
    if row.get("capped"):
        text += _(
            "; capped at {share} of the long video ({long_fee}), {fee}",
            share=_.percent(row["short_cap"] / row["long_video_fee"], 0),
            long_fee=_.money(row["long_video_fee"], currency, 2),
            fee=_.money(row["short_cap"], currency, 2),
        )
    if row["terms_multiplier"] != 1:
        text += _(
            "; x {multiplier} terms ({premiums}) = {fee}",
            multiplier=_.number(row["terms_multiplier"], 2),
            premiums=_premiums_working(row, _),
            fee=_.money(row["fair_fee"], currency, 2),
        )
    return text


def _how(row: dict, metric: str, currency: str) -> str:
    """`` (EUR 7.70 x 0.851 price level in LV)``: what the rate is made of, where it is more
    than the figure on file."""
    how = row.get(f"{metric}_working") or ""
    shown = row.get(f"{metric}_moved") or row.get(f"{metric}_base") != row.get(metric)
    return f" ({how})" if how and shown else ""


def _base_working(row: dict, currency: str, _: Translator) -> str:
    """The first step of the sum: what the format delivers, its real share, and its rate."""
    real = _("{share} real", share=_.percent(row["real_share"], 0))
    if row["fee_basis"] == "add_on":
        return _(
            "an add-on: {share} of the {main} fee ({main_fee}) for each 30 days, {days} days",
            share=_.percent(row["add_on_share"], 0),
            main=labels.deliverable(MAIN_DELIVERABLE.get(row["platform"], ""), _),
            main_fee=_.money(row["main_fee"], currency, 2),
            days=_.number(row["link_days"]),
        )
    if row["fee_basis"] == "cpe":
        return _(
            "{engagements} engagements ({real}) x {cpe} CPE{how}",
            engagements=_.number(row["expected_engagements"]),
            real=real,
            cpe=_.money(row["cpe"], currency, 2),
            how=_how(row, "cpe", currency),
        )
    counts = {
        "gross": _.number(row["gross_impressions"]),
        "real": real,
        "impressions": _.number(row["expected_impressions"]),
        "how": _how(row, "cpm", currency),
    }
    if row["priced_by"] == "viewer-minutes":
        return _(
            "{gross} live viewers x {real} = {impressions}, x {minutes} minutes = {units} "
            "viewer-minutes; / 1,000 x {rate} per 1,000 viewer-minutes{how}",
            **counts,
            minutes=_.number(row["live_minutes"]),
            units=_.number(row["priced_units"]),
            rate=_.money(row["cpm"], currency, 2),
        )
    if row["priced_by"] in ("views", "story views"):
        return _(
            "{gross} views x {real} = {impressions}; / 1,000 x {cpm} CPM{how}",
            **counts,
            cpm=_.money(row["cpm"], currency, 2),
        )
    return _(
        "{gross} impressions x {real} = {impressions}; / 1,000 x {cpm} CPM{how}",
        **counts,
        cpm=_.money(row["cpm"], currency, 2),
    )


def _floor_working(row: dict, currency: str, _: Translator) -> str:
    """Why the fee was raised, and what the floor is made of: the format's floor in the
    market, or the market minimum (another market's, moved by the two price levels)."""
    fee = _.money(row["rate_card_floor"], currency, 2)
    if row["floor_kind"] == "market":
        text = _("; raised to the market minimum in {market}, {fee}", market=row["market"], fee=fee)
        origin = row.get("market_minimum_moved_from")
        if origin and pd.notna(row.get("price_level")):
            text += _(
                " ({origin}'s {minimum} x {level} / {origin_level} price levels)",
                origin=origin,
                minimum=_.money(row["market_minimum_base"], currency, 2),
                level=_.plain_number(row["price_level"]),
                origin_level=_.plain_number(
                    round(row["price_level"] / row["market_minimum_market_factor"], 1)
                ),
            )
        elif origin:
            text += _(
                " ({origin}'s {minimum}; no price level for {market} on file: unadjusted)",
                origin=origin,
                minimum=_.money(row["market_minimum_base"], currency, 2),
                market=row["market"],
            )
        return text
    how = rate_working(row, "format_floor", currency, _)
    return _(
        "; raised to the floor for a {tier} {deliverable} in {market}, {fee}",
        tier=row["tier"],
        deliverable=labels.deliverable(row["deliverable"], _),
        market=row["market"],
        fee=fee,
    ) + (f" ({how})" if how and how != fee else "")


def _premiums_working(row: dict, _: Translator) -> str:
    """The premiums in force, ``usage +30%, exclusivity +15%``."""
    parts = [
        _("usage +{share}", share=_.percent(row["usage_premium"], 0))
        if row["usage_premium"]
        else "",
        _("exclusivity +{share}", share=_.percent(row["exclusivity_premium"], 0))
        if row["exclusivity_premium"]
        else "",
        _("rush +{share}", share=_.percent(row["rush_premium"], 0)) if row["rush_premium"] else "",
    ]
    return ", ".join(p for p in parts if p)
