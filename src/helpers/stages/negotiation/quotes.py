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
) -> pd.DataFrame:
    """Opening offer, target and walk-away for every deliverable, with the quote placed on it.

    ``target_fee = fair_fee``, ``opening_offer = opening_share x fair_fee``,
    ``walk_away_fee = walk_away_share x fair_fee``. A quote is for the creator's main
    deliverable (feed post, short, long video) and for posting only: it is converted, given
    the campaign's usage and exclusivity premiums (``x terms_multiplier``) and scaled to the
    other deliverables by their fair fees (``x fair_fee / main fair_fee``).

    The fee planned for the budget, ``planned_fee``, is the quote when it is at or below the
    target (say yes), halfway between target and quote up to the walk-away point (meet in the
    middle), and the walk-away fee above it (counter at the walk-away point, or drop them).

    Returns
    -------
    DataFrame
        ``priced`` plus the quote columns of :func:`convert_quotes`, ``quote_with_terms``,
        ``quote_position`` (words), ``quote_place`` (0 = opening, 1 = walk-away),
        ``opening_offer``, ``target_fee``, ``walk_away_fee``, ``planned_fee`` and ``say_it``
        (what to tell the creator, in the language of ``_``).
    """
    ranged = priced.merge(quotes, on="influencer_id", how="left")
    ranged["target_fee"] = ranged["fair_fee"]
    ranged["opening_offer"] = rates["opening_share"] * ranged["fair_fee"]
    ranged["walk_away_fee"] = rates["walk_away_share"] * ranged["fair_fee"]
    main = ranged[ranged["deliverable"] == ranged["platform"].map(MAIN_DELIVERABLE)]
    main_fee = main.set_index("influencer_id")["fair_fee"]
    scale = ranged["fair_fee"] / ranged["influencer_id"].map(main_fee)
    ranged["quote_with_terms"] = ranged["quote_converted"] * ranged["terms_multiplier"] * scale
    quote = ranged["quote_with_terms"]
    ranged["quote_position"] = _quote_positions(ranged, quote)
    span = ranged["walk_away_fee"] - ranged["opening_offer"]
    ranged["quote_place"] = (quote - ranged["opening_offer"]) / span.where(span > 0)
    ranged["planned_fee"] = np.select(
        [quote.isna(), quote <= ranged["target_fee"], quote <= ranged["walk_away_fee"]],
        [ranged["target_fee"], quote, (ranged["target_fee"] + quote) / 2],
        ranged["walk_away_fee"],
    )
    ranged["say_it"] = [_say_it(row, currency, _) for row in ranged.to_dict("records")]
    return ranged


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
    at which market CPM or CPE ("Your Reel should reach about 12,450 real impressions; at a
    market CPM of EUR 41.15")."""
    what = labels.deliverables(_)[row["deliverable"]]
    if row["fee_basis"] == "cpm":
        return _(
            "Your {deliverable} should reach about {impressions} real impressions; at a market "
            "CPM of {cpm}",
            deliverable=what,
            impressions=_.number(row["expected_impressions"]),
            cpm=_.money(row["cpm"], currency, 2),
        )
    return _(
        "Your {deliverable} should earn about {engagements} engagements; at a market CPE of {cpe}",
        deliverable=what,
        engagements=_.number(row["expected_engagements"]),
        cpe=_.money(row["cpe"], currency, 2),
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
