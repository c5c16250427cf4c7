"""Reading an export in its own words: its headers matched to our columns, its platform and
market spellings turned into ours.

Headers
    A header that differs from ours only in case, spaces, underscores, accents or punctuation
    matches without a mapping (``Followers``, ``Avg. likes``, ``Influencer ID``). Other headers
    are mapped in the campaign file: ``columns: {followers: "Follower count"}``.
Platforms
    Case-insensitive, with their usual spellings (``IG``, ``Insta``, ``TikTok``, ``Tik Tok``,
    ``YT``, ``YouTube Shorts``): :data:`PLATFORM_SPELLINGS`.
Markets
    ISO 3166-1 codes (``PL``, ``POL``), English names (``Poland``, ``Republic of Poland``) and
    names in the countries' own languages (``Polska``, ``Latvija``, ``Eesti``), from pycountry's
    ISO 3166 data and its translations.
Other words
    ``values: {platform: {Insta Reels: instagram}}`` maps a file's words to ours; a column with a
    value map lists every value the map leaves unmapped.
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pycountry

from helpers.core.campaign import PLATFORMS, DataSource
from helpers.core.data.tables import Column
from helpers.core.errors import problem

#: our platforms and the spellings exports use for them (compared by :func:`header_key`)
PLATFORM_SPELLINGS = {
    "instagram": ("instagram", "ig", "insta", "instagram reels", "reels", "meta instagram"),
    "tiktok": ("tiktok", "tik tok", "tt", "douyin"),
    "youtube": ("youtube", "yt", "youtube shorts", "shorts", "you tube"),
}
#: currency signs exports write instead of the ISO code
CURRENCY_SIGNS = {"€": "EUR", "$": "USD", "us$": "USD", "£": "GBP", "zł": "PLN", "kr": None}
MAX_LISTED = 12  # unmapped values listed in one problem line


def header_key(text: object) -> str:
    """A header or word reduced to what matters: letters and digits, lower case, no accents.

    >>> header_key("Avg. Likes")
    'avglikes'
    >>> header_key("influencer_ID")
    'influencerid'
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", plain.casefold())


_PLATFORMS = {
    header_key(spelling): platform
    for platform, spellings in PLATFORM_SPELLINGS.items()
    for spelling in spellings
}


def platform_code(text: object) -> str | None:
    """Our name of a platform written any usual way (``IG`` -> ``instagram``), else None."""
    return _PLATFORMS.get(header_key(text))


def market_code(text: object) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country written as a code or a name, else None.

    >>> market_code("Poland"), market_code("POL"), market_code("Latvija"), market_code("pl")
    ('PL', 'PL', 'LV', 'PL')
    """
    word = str(text).strip()
    if len(word) in (2, 3) and word.isalpha():  # a code: no need to build the table of names
        found = pycountry.countries.get(**{f"alpha_{len(word)}": word.upper()})
        if found is not None:
            return found.alpha_2
    return _country_names().get(header_key(word))


@functools.cache
def _country_names() -> dict[str, str]:
    """Every code and name of every country (English and translated), keyed by header_key.

    A name that means two countries in two languages is left out: it is not guessed.
    """
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names[header_key(value)] = country.alpha_2
    english = set(names)
    translated: dict[str, set[str]] = {}
    for language in sorted(p.name for p in Path(pycountry.LOCALES_DIR).iterdir()):
        try:
            catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, [language])
        except OSError:
            continue
        for country in pycountry.countries:
            for attribute in ("name", "common_name", "official_name"):
                value = getattr(country, attribute, None)
                if value:
                    key = header_key(catalogue.gettext(value))
                    translated.setdefault(key, set()).add(country.alpha_2)
    for key, codes in translated.items():
        if key not in english and len(codes) == 1:
            names[key] = next(iter(codes))
    return names


def match_headers(
    frame: pd.DataFrame, columns: dict[str, Column], source: DataSource, field: str
) -> tuple[pd.DataFrame, list[str]]:
    """Rename a file's headers to our column names: the campaign's mapping first, then headers
    that match ours but for case, spaces and punctuation.

    Parameters
    ----------
    frame : DataFrame
        The file's cells as text, with its own headers.
    columns : dict of str to Column
        The table's columns (:data:`helpers.core.data.TABLES`).
    source : DataSource
        The file and its mapping.
    field : str
        Where the mapping is written, for messages: ``data.roster``.

    Returns
    -------
    tuple of (DataFrame, list of str)
        The frame with our headers, and one line per mapping that cannot be used.
    """
    path, problems, renamed = source.file, [], {}
    headers = [str(c) for c in frame.columns]
    for ours, theirs in source.columns.items():
        if ours not in columns:
            problems.append(
                problem(
                    path,
                    f"{field}.columns.{ours}",
                    f"not a column of this table (its columns: {', '.join(columns)})",
                )
            )
        elif theirs in headers:
            renamed[theirs] = ours
        else:
            found = [h for h in headers if header_key(h) == header_key(theirs)]
            if found:
                renamed[found[0]] = ours
            else:
                problems.append(
                    problem(
                        path,
                        f"{field}.columns.{ours}",
                        f"the header {theirs!r} is not in the file (its headers: "
                        f"{_listed(headers)})",
                    )
                )
    keys = {header_key(name): name for name in columns}
    for header in headers:
        ours = keys.get(header_key(header))
        if header in renamed or ours is None or ours in renamed.values():
            continue
        if ours not in headers or header == ours:
            renamed[header] = ours
    return frame.rename(columns=renamed), problems


def map_values(
    frame: pd.DataFrame, columns: dict[str, Column], source: DataSource, field: str
) -> tuple[pd.DataFrame, list[str]]:
    """Turn a file's words into ours: the campaign's value maps, platform spellings, markets
    written as names; list every value a value map leaves unmapped.

    Returns
    -------
    tuple of (DataFrame, list of str)
        The frame with our words, and one line per column whose map leaves values unmapped (or
        that names a column the file does not have).
    """
    path, problems, frame = source.file, [], frame.copy()
    for name, words in source.values.items():
        where = f"{field}.values.{name}"
        if name not in frame:
            problems.append(problem(path, where, f"the file has no column {name!r} to map"))
            continue
        mapped = frame[name].map(lambda v, w=words: w.get(str(v).strip(), v) if v == v else v)
        left = _not_ours(mapped, columns.get(name))
        if len(left):
            allowed = columns[name].allowed
            also = f" (allowed: {', '.join(allowed)})" if allowed else ""
            values = "value" if len(left) == 1 else "values"
            what = f"leaves {len(left)} {values} unmapped: {_listed(left)}; add them to the map"
            problems.append(problem(path, where, what + also))
        frame[name] = mapped
    for name, spec in columns.items():
        if name not in frame:
            continue
        translate = _ours_anyway(spec)
        if translate is not None:
            frame[name] = _translated(frame[name], translate)
    return frame, problems


def currency_code(text: object) -> str | None:
    """An ISO 4217 code written in any case, or a currency sign (``€``, ``zł``), else None."""
    word = str(text).strip()
    if word.casefold() in CURRENCY_SIGNS:
        return CURRENCY_SIGNS[word.casefold()]
    found = pycountry.currencies.get(alpha_3=word.upper()) if len(word) == 3 else None
    return found.alpha_3 if found else None


def _not_ours(cells: pd.Series, spec: Column | None) -> list[str]:
    """The distinct values of a mapped column that are still not ours (none for free text)."""
    if spec is None or not (spec.allowed or spec.kind in ("country", "currency")):
        return []
    translate = _ours_anyway(spec)
    allowed = set(spec.allowed or ())
    return [
        str(value)
        for value in cells.dropna().unique()
        if value not in allowed and (translate is None or translate(value) is None)
    ]


def _ours_anyway(spec: Column):
    """How a column's usual spellings become ours without a map: markets, currencies, platforms,
    and any allowed word written in another case or with spaces (``Feed post``)."""
    if spec.kind == "country":
        return market_code
    if spec.kind == "currency":
        return currency_code
    if not spec.allowed:
        return None
    words = {header_key(word): word for word in spec.allowed}
    if spec.allowed == PLATFORMS:
        words |= _PLATFORMS
    return lambda value: words.get(header_key(value))


def _translated(cells: pd.Series, translate) -> pd.Series:
    """Cells turned into our words where ``translate`` knows them; the rest as they were (the
    schema then reports them with what is allowed)."""
    present = cells.dropna()
    if present.empty:
        return cells
    ours = {value: translate(value) or value for value in present.unique()}
    return cells.map(ours)  # every filled cell is a key; an empty one stays empty


def _listed(values) -> str:
    values = [str(v) for v in values]
    shown = ", ".join(repr(v) for v in values[:MAX_LISTED])
    return shown + (f" and {len(values) - MAX_LISTED} more" if len(values) > MAX_LISTED else "")
