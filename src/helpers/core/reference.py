"""Reference data: tiers, benchmarks, prices, disclosure rules, FX rates, cultural notes and
each country's time zones.

Each table lives in ``data/reference/`` as a CSV with a ``source`` and ``year`` per row, so every
number the reports compare against can be traced (see ``data/reference/SOURCES.md``). Time zones
come from the installed IANA tz database (the ``tzdata`` package's ``zone.tab``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.campaign import TIERS
from helpers.core.config import REFERENCE_DIR

LIST_SEPARATOR = "|"


@cache
def _read(name: str, directory: Path = REFERENCE_DIR) -> pd.DataFrame:
    return pd.read_csv(directory / f"{name}.csv", keep_default_na=False, na_values=[""])


def reference_table(name: str) -> pd.DataFrame:
    """Return a copy of a reference table by name (``"tiers"``, ``"disclosure_rules"``, ...).

    Parameters
    ----------
    name : str
        The CSV file's name in ``data/reference/`` without ``.csv``.

    Returns
    -------
    pandas.DataFrame
        The table; callers may modify the copy.
    """
    return _read(name).copy()


def tier_cut_points(scheme: str | None = None) -> pd.DataFrame:
    """Follower cut points per tier, from ``tiers.csv``.

    Parameters
    ----------
    scheme : str, optional
        ``"later-fohr"`` or ``"hypeauditor"``; by default the rows marked as default.

    Returns
    -------
    pandas.DataFrame
        Columns ``tier``, ``min_followers``, ``max_followers`` (NaN: no upper bound), ``source``,
        ``year``, in tier order.
    """
    tiers = reference_table("tiers")
    chosen = tiers[tiers["scheme"] == scheme] if scheme else tiers[tiers["default"] == "yes"]
    if chosen.empty:
        raise ValueError(f"unknown tier scheme {scheme!r} (known: {sorted(set(tiers.scheme))})")
    return chosen.drop(columns=["scheme", "default"]).reset_index(drop=True)


def assign_tier(followers: pd.Series | np.ndarray, scheme: str | None = None) -> pd.Series:
    """Name each account's tier from its follower count (vectorised).

    Accounts under the nano floor (1,000 followers) get no tier (NaN): they are not
    influencers yet.

    Parameters
    ----------
    followers : Series or array of int
        Follower counts.
    scheme : str, optional
        Tier scheme, see :func:`tier_cut_points`.

    Returns
    -------
    pandas.Series
        An ordered categorical of tier names, aligned with ``followers``.
    """
    cuts = tier_cut_points(scheme)
    edges = [*cuts["min_followers"].tolist(), np.inf]
    index = followers.index if isinstance(followers, pd.Series) else None
    tiers = pd.cut(np.asarray(followers), bins=edges, labels=list(TIERS), right=False)
    return pd.Series(tiers, index=index, name="tier")


def engagement_benchmarks(default_only: bool = True) -> pd.DataFrame:
    """Published engagement rates by platform and tier, each with its definition and source."""
    table = reference_table("engagement_benchmarks")
    return table[table["default"] == "yes"].reset_index(drop=True) if default_only else table


def comparable_benchmark(
    platform: str,
    tier: str,
    definition: str = "per_follower",
    engagements: str = "likes + comments",
) -> pd.Series | None:
    """The published engagement rate a roster's tier is compared with, like with like: the
    platform's one tier-by-tier series (one source, one statistic), of the same definition and
    the same engagements counted, over all posts, for that tier. None when the series has no
    figure for it: a rate per view or a figure for all tiers is never borrowed.
    """
    table = engagement_benchmarks(default_only=False)
    rows = table[
        (table["platform"] == platform)
        & (table["tier"] == tier)
        & (table["tier_series"] == "yes")
        & (table["er_definition"] == definition)
        & (table["engagements"] == engagements)
        & (table["posts"] == "all")
    ]
    return None if rows.empty else rows.iloc[0]


def engagement_benchmark_for(platform: str, tier: str) -> pd.Series:
    """The default benchmark row for one platform and tier, falling back to the platform's
    all-tier figure when no tier-specific one is published.

    Returns
    -------
    pandas.Series
        The row, with ``engagement_rate``, ``er_definition``, ``source`` and ``year``.
    """
    table = engagement_benchmarks()
    for wanted_tier in (tier, "all"):
        row = table[(table["platform"] == platform) & (table["tier"] == wanted_tier)]
        if not row.empty:
            return row.iloc[0]
    raise KeyError(f"no engagement benchmark for {platform} {tier}")


def disclosure_rules(markets: list[str] | None = None) -> pd.DataFrame:
    """Disclosure rules for sponsored posts by market.

    Parameters
    ----------
    markets : list of str, optional
        ISO country codes; all markets when omitted. Markets with no rule on file get a row
        that says so rather than disappearing.

    Returns
    -------
    pandas.DataFrame
        One row per market; ``labels_that_satisfy`` and ``labels_not_enough`` are lists;
        ``on_file`` says whether the market has a rule (without one, disclosure there is
        unknown and must be checked against the national rule, never judged non-compliant).
    """
    rules = _disclosure_rules(None if markets is None else tuple(markets)).copy()
    for column in LIST_COLUMNS:  # the caller's own lists: the parsed table stays as read
        rules[column] = [list(labels) for labels in rules[column]]
    return rules


#: the columns of ``disclosure_rules.csv`` that hold lists of labels
LIST_COLUMNS = ("labels_that_satisfy", "labels_not_enough")


@cache
def _disclosure_rules(markets: tuple[str, ...] | None) -> pd.DataFrame:
    """:func:`disclosure_rules` parsed once per set of markets (the stage asks per creator)."""
    rules = reference_table("disclosure_rules")
    for column in LIST_COLUMNS:
        rules[column] = rules[column].map(_split_list)
    rules["on_file"] = True
    if markets is None:
        return rules
    if not markets:
        return rules.iloc[0:0]
    known = rules.set_index("market")
    rows = [known.loc[m].to_dict() if m in known.index else _missing_rule(m) for m in markets]
    return pd.DataFrame(rows).assign(market=list(markets))[rules.columns]


def has_disclosure_rule(market: str) -> bool:
    """Whether ``disclosure_rules.csv`` has a rule for the market (ISO country code)."""
    return market in _markets_with_rules()


@cache
def _markets_with_rules() -> frozenset[str]:
    """The markets of ``disclosure_rules.csv``, read once per process (vetting asks per market
    of every creator)."""
    return frozenset(_read("disclosure_rules")["market"])


def _split_list(cell: object) -> list[str]:
    return [] if pd.isna(cell) else [part.strip() for part in str(cell).split(LIST_SEPARATOR)]


def _missing_rule(market: str) -> dict[str, object]:
    return {
        "authority": "no rule on file",
        "rule": "unknown: check against the national rule",
        "labels_that_satisfy": [],
        "labels_not_enough": [],
        "placement": "",
        "source": "",
        "year": np.nan,
        "verified": "no",
        "on_file": False,
    }


def cultural_notes(markets: list[str]) -> pd.DataFrame:
    """Short cultural briefs for the given markets, in the order given (unknown ones omitted)."""
    notes = reference_table("cultural_notes").set_index("market")
    present = [m for m in markets if m in notes.index]
    return notes.loc[present].reset_index()


def post_price_ranges() -> pd.DataFrame:
    """Published price ranges per sponsored post (and per campaign where so marked)."""
    return reference_table("post_prices")


def media_costs(purpose: str = "buying", default_only: bool = True) -> pd.DataFrame:
    """CPM and CPE benchmarks, for buying content (``"buying"``) or for EMV (``"emv"``)."""
    table = reference_table("media_costs")
    table = table[table["purpose"] == purpose]
    if default_only:
        table = table[table["default"] == "yes"]
    return table.reset_index(drop=True)


@cache  # the rates on file are read once per process (as every reference table is)
def fx_rate(currency: str, to: str = "EUR", on: date | None = None) -> tuple[float, date]:
    """Units of ``to`` per one unit of ``currency``, from the latest rate on or before ``on``.

    Parameters
    ----------
    currency, to : str
        ISO 4217 codes.
    on : date, optional
        The conversion date; the newest rate when omitted.

    Returns
    -------
    (float, date)
        The rate and the date of the rates used, so reports can print both.

    Raises
    ------
    KeyError
        When either currency has no rate on file for that date.
    """
    rates = reference_table("fx_rates")
    rates["date"] = pd.to_datetime(rates["date"]).dt.date
    if on is not None:
        rates = rates[rates["date"] <= on]
    per_eur = {}
    for code in (currency, to):
        rows = rates[rates["currency"] == code]
        if rows.empty:
            known = ", ".join(sorted(set(reference_table("fx_rates")["currency"])))
            raise KeyError(f"no exchange rate for {code} on file (known: {known})")
        per_eur[code] = rows.sort_values("date").iloc[-1]
    rate_date = min(per_eur[currency]["date"], per_eur[to]["date"])
    return float(per_eur[to]["per_eur"] / per_eur[currency]["per_eur"]), rate_date


def convert(amount: float, currency: str, to: str, on: date | None = None) -> float:
    """Convert an amount between currencies with :func:`fx_rate`."""
    rate, _ = fx_rate(currency, to, on)
    return amount * rate


def cite(table: pd.DataFrame, _=None) -> list[str]:
    """The distinct ``source (year)`` lines of a reference table, for a report's footnote.

    With the campaign's Translator ``_``, a source the catalogues know (a planning assumption's
    note; a publication's title is not in them) and "year not stated" are in its language.
    """
    rows = table[["source", "year"]].drop_duplicates()
    lines = []
    for source, year in rows.itertuples(index=False):
        if not (isinstance(source, str) and source):
            continue
        shown = _.term(source) if _ is not None else source
        if pd.notna(year):
            lines.append(f"{shown} ({int(year)})")
        elif _ is not None:
            lines.append(_("{source} (year not stated)", source=shown))
        else:
            lines.append(f"{source} (year not stated)")
    return lines


# --- time zones ----------------------------------------------------------------------------------

SYSTEM_ZONEINFO = Path("/usr/share/zoneinfo")


@dataclass(frozen=True)
class MarketZones:
    """A country's time zones in the tz database and the one the playbook schedules in.

    Attributes
    ----------
    market : str
        ISO country code.
    zones : tuple of str
        Every zone the tz database lists for the country, in its order (empty: none).
    chosen : str or None
        The zone posts are scheduled in; None when the country has no zone on file.
    basis : str
        Why that one: ``"only zone"``, ``"population"`` (most of the population lives there,
        ``share`` of it, from ``market_timezones.csv``), ``"tz order"`` (the first zone the tz
        database lists, the playbook's assumption) or ``"none"``.
    share : float
        Share of the population in the chosen zone (NaN where not known).
    note : str
        The reference table's note (data, in English), or empty.
    source : str
        Where the zones and the choice come from, with versions and years.
    """

    market: str
    zones: tuple[str, ...]
    chosen: str | None
    basis: str
    share: float
    note: str
    source: str


def tz_database() -> tuple[Path | None, str]:
    """The country table of the installed tz database and its version.

    ``zone.tab`` (one country per row, a country's own zone names such as Europe/Oslo) of the
    ``tzdata`` package, else of the system's ``/usr/share/zoneinfo``.

    Returns
    -------
    (Path or None, str)
        The file (None when neither has one) and its version (``tzdata 2026f``).
    """
    try:
        import tzdata

        path = Path(str(resources.files("tzdata").joinpath("zoneinfo", "zone.tab")))
        if path.exists():
            return path, f"tzdata {tzdata.IANA_VERSION}"
    except ImportError:  # pragma: no cover - tzdata is a dependency of the venv
        pass
    path = SYSTEM_ZONEINFO / "zone.tab"
    version = SYSTEM_ZONEINFO / "tzdata.zi"
    if not path.exists():
        return None, ""
    first = version.read_text(encoding="utf-8").split("\n", 1)[0] if version.exists() else ""
    return path, first.removeprefix("# ").replace("version", "tzdata").strip() or "system tzdata"


@cache
def _zones_by_country() -> dict[str, tuple[str, ...]]:
    """Country code -> its zones, in the tz database's order."""
    path, _version = tz_database()
    zones: dict[str, list[str]] = {}
    if path is None:
        return {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _where, zone, *_comment = line.split("\t")
        zones.setdefault(country, []).append(zone)
    return {country: tuple(found) for country, found in zones.items()}


def market_timezones(market: str) -> MarketZones:
    """The time zones of a country and the one its audience is scheduled in.

    One zone: that one. Several: the row of ``market_timezones.csv`` where there is one (the
    zone most of the population lives in, with its share and source), else the first zone the
    tz database lists (it lists a country's most populous zone first where geography allows),
    named as the playbook's assumption. A campaign overrides either in ``calendar.timezones``.

    Parameters
    ----------
    market : str
        ISO country code (``PL``, ``US``).

    Returns
    -------
    MarketZones
    """
    path, version = tz_database()
    zones = _zones_by_country().get(market, ())
    database = f"IANA time zone database, {path.name if path else 'zone.tab'} ({version})"
    if not zones:
        return MarketZones(market, (), None, "none", np.nan, "", "")
    if len(zones) == 1:
        return MarketZones(market, zones, zones[0], "only zone", np.nan, "", database)
    table = reference_table("market_timezones").set_index("market")
    if market in table.index:
        row = table.loc[market]
        share = float(row["population_share"]) if pd.notna(row["population_share"]) else np.nan
        basis = "population" if pd.notna(share) else "tz order"
        note = "" if pd.isna(row["note"]) else str(row["note"])
        source = f"{database}; {row['source']} ({int(row['year'])})"
        return MarketZones(market, zones, str(row["timezone"]), basis, share, note, source)
    return MarketZones(market, zones, zones[0], "tz order", np.nan, "", database)
