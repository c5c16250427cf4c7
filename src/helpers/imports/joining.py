"""A profile's second file (``join``): telling the files apart by their JSON shape, and
completing the main export's rows with the second file's records.

The YouTube Analytics API's ``reports.query`` response has no publish dates; the Data API's
``videos.list`` response has them, and each video's duration. Given both files in any order,
:func:`split_files` says which is which, :func:`read_joined` reads the second, and
:func:`join_records` adds its fields to each report row by the video id.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.core.data import header_key
from helpers.core.errors import problem
from helpers.imports.profiles import Profile
from helpers.imports.reading import file_kind, json_records, read_json_document, resolve

MAX_LISTED = 12


def split_files(profile: Profile, files: list[Path]) -> tuple[list[Path], list[Path], list[str]]:
    """The main exports and the join's files among ``files``, told apart by their JSON shape.

    Returns
    -------
    tuple of (list of Path, list of Path, list of str)
        The main exports, the second files, and the problems: a JSON file of neither shape,
        no second file, or no main export.
    """
    join = profile.join
    main_path = profile.table.headers if profile.table is not None else profile.records
    mains, seconds, problems = [], [], []
    for path in files:
        if file_kind(path) != "json":
            mains.append(path)  # read_export says it is not a file the profile reads
            continue
        document, trouble = read_json_document(path)
        if trouble:
            problems += trouble
        elif isinstance(resolve(document, main_path), list):
            mains.append(path)
        elif isinstance(resolve(document, join.records), list):
            seconds.append(path)
        else:
            what = (
                f"not a file profile {profile.name} reads: no {main_path!r} list (the report) "
                f"and no {join.records!r} list (the {join.title})"
            )
            problems.append(problem(path, "", what))
    if not seconds and not problems:
        problems.append(
            f"{profile.name} needs the {join.title} too, for each {profile.unit}'s {join.gives}"
        )
    if not mains and not problems:
        problems.append(f"{profile.name}: no {profile.title} among the files, only {join.title}")
    return mains, seconds, problems


def read_joined(
    profile: Profile, files: list[Path], fields: list[str]
) -> tuple[pd.DataFrame, list[str]]:
    """The second files' records, one row per key, with the profile's dotted fields."""
    join = profile.join
    parts, problems = [], []
    for path in files:
        document, trouble = read_json_document(path)
        if not trouble:
            frame, trouble = json_records(path, document, join.records, fields)
        problems += trouble
        if not trouble and join.key not in frame:
            problems.append(problem(path, join.records, f"its records have no {join.key!r} field"))
        elif not trouble:
            wanted = [join.key] + [f for f in fields if f in frame and f != join.key]
            parts.append(frame[wanted])
    if problems or not parts:
        return pd.DataFrame(), problems
    records = pd.concat(parts, ignore_index=True)
    return records.drop_duplicates(join.key, keep="first").set_index(join.key), []


def join_records(
    path: Path, frame: pd.DataFrame, records: pd.DataFrame, profile: Profile
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The main export's rows with the second file's fields; the rows it does not have.

    Returns
    -------
    tuple of (DataFrame, list of str, list of str)
        The rows found in the second file (with its fields as columns), the lines for "not
        used" (the keys it lacks), and the problems (no key column in the main export).
    """
    join = profile.join
    keys = {header_key(str(h)): str(h) for h in frame.columns}
    on = join.main_key if join.main_key in frame else keys.get(header_key(join.main_key))
    if on is None:
        seen = ", ".join(repr(str(h)) for h in frame.columns) or "none"
        what = f"no {join.main_key!r} column to join the {join.title} on (columns: {seen})"
        return pd.DataFrame(), [], [problem(path, f"profile {profile.name}", what)]
    found = frame[on].isin(records.index)
    not_used = []
    if not found.all():
        lacking = [str(k) for k in frame.loc[~found, on]]
        listed = ", ".join(repr(k) for k in lacking[:MAX_LISTED])
        more = f" and {len(lacking) - MAX_LISTED} more" if len(lacking) > MAX_LISTED else ""
        count = f"{len(lacking)} {profile.unit}" + ("" if len(lacking) == 1 else "s")
        not_used.append(
            f"{count} in the report but not in the {join.title} left out (no {join.gives}): "
            f"{listed}{more}; ask {join.title.split()[-2]} for them too"
        )
    kept = frame[found]
    extra = records.reindex(kept[on].to_numpy())
    extra.index = kept.index
    return pd.concat([kept, extra], axis=1), not_used, []
