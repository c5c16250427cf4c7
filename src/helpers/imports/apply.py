"""Applying a profile to an export's cells: its headers to our columns, its words to ours, the
derived columns, and what was not used.

The export's headers match the profile's names as the table loader matches ours: exactly, or
but for case, spaces and punctuation (:func:`helpers.core.data.header_key`). Counts stay as
the export writes them (``12.3K``, ``4,5 %``): the table loader reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.core.data import TABLES, header_key, market_code
from helpers.core.errors import problem
from helpers.imports.profiles import AUTHENTICITY, Derive, Profile

MAX_LISTED = 20


@dataclass
class Applied:
    """What one export became: text frames with our headers, and what was done to get there."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    not_used: list[str] = field(default_factory=list)


def profile_fields(profile: Profile) -> list[str]:
    """Every field of the export the profile reads (columns, sources, audience, attribution)."""
    fields = list(profile.columns.values())
    fields += [d.source for d in profile.derive.values() if d.source]
    for column in profile.audience:
        fields += [c for c in (column.segment_column, column.share) if c]
    if profile.attribution is not None:
        spec = profile.attribution
        fields += [
            getattr(spec, name)
            for name in ("date", "revenue", "code", "order", "currency", "source", "campaign")
            + ("conversions",)
            if getattr(spec, name)
        ]
    fields += list(profile.leave_out)
    return list(dict.fromkeys(fields))


def find_headers(
    path: Path, frame: pd.DataFrame, profile: Profile
) -> tuple[dict[str, str], list[str]]:
    """The export's header for each field the profile reads, and the problem when required
    ones are missing (listed, with the headers found)."""
    headers = [str(h) for h in frame.columns]
    keys = {header_key(h): h for h in reversed(headers)}
    found, missing = {}, []
    optional = {profile.columns[name] for name in profile.optional if name in profile.columns}
    for wanted in profile_fields(profile):
        header = wanted if wanted in headers else keys.get(header_key(wanted))
        if header is not None:
            found[wanted] = header
        elif wanted not in optional:
            missing.append(wanted)
    if not missing:
        return found, []
    listed = ", ".join(repr(m) for m in missing)
    seen = ", ".join(repr(h) for h in headers[:MAX_LISTED]) or "none"
    more = f" and {len(headers) - MAX_LISTED} more" if len(headers) > MAX_LISTED else ""
    what = (
        f"not a {profile.title} export: missing {listed} (headers found: {seen}{more}); "
        "export it again with these columns, or choose another profile"
    )
    return found, [problem(path, f"profile {profile.name}", what)]


def leave_out_rows(
    frame: pd.DataFrame, profile: Profile, headers: dict[str, str]
) -> tuple[pd.DataFrame, list[str]]:
    """Rows the profile leaves out (``leave_out``), and one line per reason with the count:
    ``1 refunded or voided order left out (Financial Status)``.

    An export with several rows per order (attribution by code) loses every row of an order
    one of whose rows is left out, and counts orders, not rows.
    """
    lines = []
    spec = profile.attribution
    order = headers.get(spec.order) if spec is not None and spec.order else None
    for column, words in profile.leave_out.items():
        cells = frame[headers[column]].astype("string").str.strip().str.casefold()
        out = cells.isin([w.casefold() for w in words]).fillna(False).astype(bool)
        if order is not None:
            out = out.groupby(frame[order], sort=False).transform("any").astype(bool)
            count = frame.loc[out, order].nunique()
        else:
            count = int(out.sum())
        if out.any():
            unit = profile.unit if count == 1 else f"{profile.unit}s"
            lines.append(f"{count} {' or '.join(words)} {unit} left out ({column})")
            frame = frame[~out]
    return frame, lines


def apply_profile(
    path: Path, frame: pd.DataFrame, profile: Profile, options: dict[str, str | None]
) -> tuple[Applied, list[str]]:
    """Turn one export's cells into our tables (text cells, our headers and words).

    Parameters
    ----------
    path : Path
        The export, for messages.
    frame : DataFrame
        Its cells as :func:`~helpers.imports.reading.read_export` gives them.
    profile : Profile
        The profile.
    options : dict
        Values from the command line the profile may derive from (``creator``).

    Returns
    -------
    tuple of (Applied, list of str)
        The tables and the account of what was mapped, derived and not used; the problems.
    """
    headers, problems = find_headers(path, frame, profile)
    if problems:
        return Applied(), problems
    result = Applied()
    frame, result.not_used = leave_out_rows(frame, profile, headers)
    ours = pd.DataFrame(index=frame.index)
    for name, theirs in profile.columns.items():
        if theirs in headers:
            ours[name] = frame[headers[theirs]]
            result.mapped.append(f"{name} <- {headers[theirs]!r}")
    for name, words in profile.values.items():
        if name in ours:
            ours[name], unmapped = _mapped_words(ours[name], words)
            problems += _unmapped_problems(path, profile, name, unmapped)
    for name, rule in profile.derive.items():
        ours[name], line, trouble = _derived(frame, headers, name, rule, options, profile)
        result.derived.append(line)
        problems += [problem(path, f"profile {profile.name}", t) for t in trouble]
    for table in profile.writes:
        if table in TABLES and table != "audience":
            result.tables[table] = _one_table(ours, table)
    if profile.audience:
        result.tables["audience"] = _audience(frame, ours, headers, profile)
        result.derived.append(
            f"audience: {len(profile.audience)} share columns -> rows of influencer_id, "
            "dimension, segment, share (country names -> ISO codes)"
        )
    used = {headers[f] for f in headers}
    unused = [h for h in map(str, frame.columns) if h not in used]
    if unused:
        result.not_used.append(f"columns not used: {', '.join(repr(h) for h in unused)}")
    return result, problems


def _mapped_words(cells: pd.Series, words: dict[str, str]) -> tuple[pd.Series, list[str]]:
    """Cells in our words by the profile's map (keys compared by header_key); the values the
    map does not know."""
    by_key = {header_key(theirs): ours for theirs, ours in words.items()}
    known = set(words.values())
    mapped = cells.map(lambda v: by_key.get(header_key(v), v) if isinstance(v, str) else v)
    unmapped = sorted({str(v) for v in mapped.dropna() if v not in known})
    return mapped, unmapped


def _unmapped_problems(path: Path, profile: Profile, name: str, unmapped: list[str]) -> list[str]:
    if not unmapped:
        return []
    theirs = profile.columns.get(name, name)
    known = ", ".join(f"{k} -> {v}" for k, v in profile.values[name].items())
    what = (
        f"{', '.join(repr(v) for v in unmapped)} not known to the profile (it knows: {known}); "
        "add them to its values, or leave such rows out with leave_out"
    )
    return [problem(path, f"column {theirs}", what)]


def _derived(
    frame: pd.DataFrame,
    headers: dict[str, str],
    name: str,
    rule: Derive,
    options: dict[str, str | None],
    profile: Profile,
) -> tuple[pd.Series | str, str, list[str]]:
    """One derived column, the line that says how it was made, and any problem."""
    why = f" ({rule.why})" if rule.why else ""
    if rule.constant is not None:
        return rule.constant, f"{name} = {rule.constant!r} for every row{why}", []
    if rule.option is not None:
        value = (options.get(rule.option) or "").strip()  # checked by option_problems
        return value, f"{name} = {value!r} from --{rule.option}{why}", []
    cells = frame[headers[rule.source]]
    source = headers[rule.source]
    if rule.rule == "day":
        return cells.map(_day), f"{name} <- the date of {source!r}{why}", []
    if rule.rule == "handle":
        text = cells.astype("string").str.strip().str.lstrip("@").str.casefold()
        return text.astype(object), f"{name} <- {source!r} without '@', lower case{why}", []
    if rule.rule == "market":
        return (
            cells.map(lambda v: market_code(v) or v if isinstance(v, str) else v),
            (f"{name} <- {source!r} as an ISO country code{why}"),
            [],
        )
    seconds = cells.map(_seconds)
    values = seconds.map(
        lambda s: None if s is None else (rule.then if s <= rule.at_most else rule.otherwise)
    )
    line = (
        f"{name} = {rule.then!r} when {source!r} is at most {rule.at_most:g} s, else "
        f"{rule.otherwise!r}{why}"
    )
    bad = cells[seconds.isna() & cells.notna()]
    trouble = [
        f"{source!r} {v!r} is not a duration (seconds, H:MM:SS or ISO 8601 like PT1M35S)"
        for v in bad[:5]
    ]
    return values, line, trouble


def option_problems(profile: Profile, options: dict[str, str | None]) -> list[str]:
    """Why a command-line value the profile derives a column from is missing or unfit:
    ``--creator`` for a one-account export, ``--source 'Tool, YYYY-MM'`` for authenticity
    figures (a month is required: a vendor's judgement is of its day)."""
    problems = []
    for option in dict.fromkeys(d.option for d in profile.derive.values() if d.option):
        value = (options.get(option) or "").strip()
        if option == "creator" and not value:
            problems.append(
                f"{profile.name} needs --creator ID: the export is one account's and does not "
                "name it (the influencer_id of every row)"
            )
        elif option == "source" and not value:
            judged = [name for name in AUTHENTICITY if name in profile.columns]
            problems.append(
                f"{profile.name} writes {', '.join(judged)}: say where the figures come from "
                "with --source 'Tool, YYYY-MM'"
            )
        elif option == "source" and not _MONTH.search(value):
            problems.append(
                f"--source {value!r}: name the tool and the month the figures are from, "
                "e.g. --source 'HypeAuditor, 2026-11'"
            )
    return problems


def _one_table(ours: pd.DataFrame, table: str) -> pd.DataFrame:
    """Our columns of one table, in its order."""
    return ours[[name for name in TABLES[table] if name in ours]].copy()


def _audience(
    frame: pd.DataFrame, ours: pd.DataFrame, headers: dict[str, str], profile: Profile
) -> pd.DataFrame:
    """A wide export's audience share columns as rows of the audience table."""
    parts = []
    for column in profile.audience:
        share = frame[headers[column.share]]
        if column.segment_column is not None:
            segment = frame[headers[column.segment_column]]
        else:
            segment = pd.Series(column.segment, index=frame.index)
        if column.dimension == "country":
            segment = segment.map(lambda v: market_code(v) or v if isinstance(v, str) else v)
        part = pd.DataFrame(
            {
                "influencer_id": ours["influencer_id"],
                "dimension": column.dimension,
                "segment": segment,
                "share": share,
            }
        )
        parts.append(part[part["share"].notna() & part["segment"].notna()])
    rows = pd.concat(parts) if parts else pd.DataFrame(columns=list(TABLES["audience"]))
    order = {"country": 0, "age": 1, "gender": 2}
    rows = rows.assign(_o=rows["dimension"].map(order), _r=rows.index)
    return rows.sort_values(["_r", "_o"], kind="stable").drop(columns=["_o", "_r"])


_MONTH = re.compile(r"\b(19|20)\d{2}-(0[1-9]|1[0-2])\b")
_ISO_DURATION = re.compile(
    r"^P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?"
    r"(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_ISO_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_COMPACT_DAY = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def _day(value: object) -> object:
    """The day of a timestamp as the export writes it (``2027-02-03T18:00:00+0000`` ->
    ``2027-02-03``, ``20270203`` -> ``2027-02-03``): the export's own time zone, not
    converted; other text is left for the table loader to read or report."""
    if not isinstance(value, str):
        return value
    found = _ISO_DAY.match(value)
    if found:
        return found.group(1)
    found = _COMPACT_DAY.match(value)
    if found:
        return "-".join(found.groups())
    try:
        return pd.Timestamp(value).date().isoformat()
    except (ValueError, TypeError):
        return value


def _seconds(value: object) -> float | None:
    """A duration in seconds: ``95``, ``95.0``, ``1:35``, ``0:01:35`` or ISO 8601 as the
    YouTube Data API writes it (``PT1M35S``, ``PT1H2M3S``, ``P1DT2H``); None if unreadable."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    iso = _ISO_DURATION.match(text.upper())
    if iso and text.upper() not in ("P", "PT"):
        parts = {k: float(v) for k, v in iso.groupdict().items() if v is not None}
        return (
            parts.get("d", 0) * 86400 + parts.get("h", 0) * 3600 + parts.get("m", 0) * 60
        ) + parts.get("s", 0)
    try:
        if ":" not in text:
            return float(text.replace(",", "."))
        total = 0.0
        for part in text.split(":"):
            total = total * 60 + float(part)
        return total
    except ValueError:
        return None
