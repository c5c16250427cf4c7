"""Input checks: the roster and the other tables are read as they are, problems are described
per creator (``data_issues``) and per table (notes), and nobody is dropped."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.errors import InputError
from helpers.stages.vetting.vocabulary import ENGLISH, number_text
from helpers.text.i18n import Translator

ROSTER_REQUIRED = ("influencer_id", "platform", "market", "followers")
ROSTER_NUMBERS = ("followers", "avg_likes", "avg_comments", "avg_views")


def _problem_rows(values: pd.Series, parsed: pd.Series, _: Translator = ENGLISH) -> pd.Series:
    """Describe bad count cells: text that is not a number, or a negative number."""
    message = pd.Series("", index=values.index, dtype=object)
    unreadable = parsed.isna() & values.notna()
    negative = parsed < 0
    message[unreadable] = [
        _("{value} is not a number", value=repr(value)) for value in values[unreadable]
    ]
    message[negative] = [
        _("{value} is negative", value=number_text(value, "g", _)) for value in parsed[negative]
    ]
    return message


def _numbers(
    frame: pd.DataFrame, columns: tuple[str, ...], _: Translator = ENGLISH
) -> tuple[pd.DataFrame, pd.Series]:
    """Coerce count columns to floats (bad cells become NaN); return the frame and, per row,
    the problems found ("" when none)."""
    frame, problems = _read_counts(frame, columns)
    issues = pd.Series("", index=frame.index, dtype=object)
    for column, (has, values, parsed) in problems.items():
        if has.any():
            issues[has] = _join(issues[has], column + " " + _problem_rows(values, parsed, _))
    return frame, issues


def _read_counts(
    frame: pd.DataFrame, columns: tuple[str, ...]
) -> tuple[pd.DataFrame, dict[str, tuple[np.ndarray, pd.Series, pd.Series]]]:
    """The frame with its count columns as floats (bad cells NaN), and per column which
    cells are bad (unreadable or negative), as written and as read."""
    frame = frame.copy(deep=False)  # copy on write: the caller's frame stays as it is
    problems = {}
    for column in columns:
        if column not in frame:
            continue
        parsed = pd.to_numeric(frame[column], errors="coerce").astype(float)
        has = ((parsed.isna() & frame[column].notna()) | (parsed < 0)).to_numpy()
        problems[column] = (has, frame[column][has], parsed[has])
        frame[column] = parsed.where(parsed >= 0)
    return frame, problems


def _join(left: pd.Series, right: pd.Series, separator: str = "; ") -> pd.Series:
    """Join two text columns with a separator, skipping empty sides."""
    both = (left != "") & (right != "")
    return left.where(~both, left + separator + right).where(left != "", right)


def check_roster(roster: pd.DataFrame, _: Translator = ENGLISH) -> tuple[pd.DataFrame, list[str]]:
    """Check the roster before scoring: required columns, readable counts, unique creators.

    Nobody is dropped: a creator with an unreadable or negative count keeps their row with
    that value empty and the problem in ``data_issues``; duplicated ids and handles are kept
    and marked.

    Parameters
    ----------
    roster : DataFrame
        One row per creator account (see ``helpers.core.data.TABLES["roster"]``).
    _ : Translator
        The campaign's translator: the language of the notes and ``data_issues`` (the error
        stays English, like every input error).

    Returns
    -------
    (DataFrame, list of str)
        The roster with a fresh index, numeric counts and a ``data_issues`` column, and notes
        about the table as a whole (columns that are missing and what that costs).

    Raises
    ------
    InputError
        When a column needed to score anyone (id, platform, market, followers) is missing.
    """
    _require_columns(roster)
    roster = roster.reset_index(drop=True)
    notes = _add_optional_columns(roster, _)
    roster, issues = _numbers(roster, ROSTER_NUMBERS, _)
    _tidy_names(roster)
    issues = _mark_repeated(roster, issues, _)
    roster["data_issues"] = issues.astype(str)
    bad = int((issues != "").sum())
    if bad:
        notes.append(
            _(
                "roster: {count} creator(s) have data problems (see data_issues); they are "
                "kept, scored on what is readable and flagged",
                count=_.number(bad),
            )
        )
    return roster, notes


def _require_columns(roster: pd.DataFrame) -> None:
    """Stop with an input error when a column needed to score anyone is missing."""
    missing = [c for c in ROSTER_REQUIRED if c not in roster.columns]
    if missing:
        raise InputError(
            [
                f"roster: missing column(s) {', '.join(missing)} (needed to score anyone: "
                f"{', '.join(ROSTER_REQUIRED)}); add them or rename yours"
            ]
        )


def _add_optional_columns(roster: pd.DataFrame, _: Translator) -> list[str]:
    """Add the optional columns the roster lacks (empty), with a note on what each costs."""
    optional = {
        "handle": _("creators are shown by id"),
        "name": _("creators are shown by handle"),
        "avg_likes": _("engagement comes from posts only"),
        "avg_comments": _("engagement comes from posts only"),
        "avg_views": _("engagement per view comes from posts only"),
        "language": _("the language filter cannot be applied"),
        "interests": _("the interest filter cannot be applied"),
    }
    notes = []
    for column, consequence in optional.items():
        if column not in roster.columns:
            roster[column] = np.nan
            notes.append(
                _("roster has no '{column}' column: {consequence}", column=column,
                  consequence=consequence)
            )  # fmt: skip
    return notes


def _tidy_names(roster: pd.DataFrame) -> None:
    """Ids, handles and names as text; platforms in lower case, markets in upper case."""
    roster["influencer_id"] = roster["influencer_id"].astype("string").str.strip()
    roster["handle"] = roster["handle"].fillna(roster["influencer_id"]).astype(str)
    roster["name"] = roster["name"].fillna(roster["handle"]).astype(str)
    for column in ("platform", "market"):
        roster[column] = roster[column].astype("string").str.strip()
    roster["platform"] = roster["platform"].str.lower()
    roster["market"] = roster["market"].str.upper()


def _mark_repeated(roster: pd.DataFrame, issues: pd.Series, _: Translator) -> pd.Series:
    """Add to ``issues`` the creators whose id, or whose handle on a platform, is repeated."""
    repeated = roster["influencer_id"].duplicated(keep=False)
    issues[repeated] = _join(
        issues[repeated],
        pd.Series(
            [_("influencer_id {id} is repeated", id=i) for i in roster["influencer_id"][repeated]],
            index=issues.index[repeated],
            dtype=object,
        ),
    )
    key = roster["platform"].fillna("") + " " + roster["handle"].str.lower()
    twins = key.duplicated(keep=False)
    others = (  # only the repeated handles are listed, so only theirs are joined
        roster.loc[twins, "influencer_id"]
        .groupby(key[twins])
        .agg(lambda ids: ", ".join(ids.astype(str)))
    )
    template = _("handle {handle} appears more than once on {platform} ({ids})")
    issues[twins] = _join(
        issues[twins],
        pd.Series(
            [
                template.format(handle=handle, platform=platform, ids=ids)
                for handle, platform, ids in zip(
                    roster["handle"][twins],
                    roster["platform"][twins].fillna("?"),
                    key[twins].map(others),
                    strict=True,
                )
            ],
            index=issues.index[twins],
            dtype=object,
        ),
    )
    return issues


def _usable_table(
    tables: dict[str, pd.DataFrame],
    name: str,
    needed: tuple[str, ...],
    notes: list[str],
    _: Translator = ENGLISH,
) -> pd.DataFrame | None:
    """Return a table when it exists and has the columns needed, else None (with a note when
    the table is there but lacks columns; a table not given is no data problem: the checks
    that need it are *not checked*, as the finding says)."""
    frame = tables.get(name)
    if frame is None:
        return None
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        notes.append(
            _(
                "{table}: missing column(s) {missing}; the table is ignored (needed: {needed})",
                table=name,
                missing=", ".join(missing),
                needed=", ".join(needed),
            )
        )
        return None
    return frame


def _clean_rows(
    frame: pd.DataFrame,
    name: str,
    counts: tuple[str, ...],
    known: pd.Index,
    notes: list[str],
    _: Translator = ENGLISH,
) -> tuple[pd.DataFrame, pd.Series]:
    """Drop a table's unreadable rows from the calculation, counting them per creator."""
    frame = frame.reset_index(drop=True)
    frame["influencer_id"] = frame["influencer_id"].astype("string").str.strip()
    frame, _problems = _read_counts(frame, counts)  # a bad count is read as missing
    bad = frame[list(counts)].isna().any(axis=1).to_numpy()
    per_creator = frame.loc[bad, "influencer_id"].value_counts()
    if bad.any():
        notes.append(
            _(
                "{table}: {count} row(s) with missing, unreadable or negative counts were left "
                "out of the calculation (creators affected are flagged)",
                table=name,
                count=_.number(int(bad.sum())),
            )
        )
    unknown = ~_known_ids(frame["influencer_id"], known)
    if unknown.any():
        notes.append(
            _(
                "{table}: {count} row(s) for creators not on the roster ignored",
                table=name,
                count=_.number(int(unknown.sum())),
            )
        )
    return frame[~bad & ~unknown], per_creator


def _known_ids(ids: pd.Series, known: pd.Index) -> np.ndarray:
    """``ids.isin(known)`` for many rows: each distinct id is looked up once."""
    codes, distinct = pd.factorize(ids)
    found = pd.Index(known).drop_duplicates().get_indexer(distinct) >= 0
    return np.where(codes >= 0, found[codes], bool(pd.isna(known).any()))
