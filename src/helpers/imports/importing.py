"""``playbook import PROFILE FILE... --out DIR``: exports into our tables, with an account of
what was mapped, derived and not used."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.core.data import TABLES, load_table
from helpers.core.errors import InputError, display_path, problem
from helpers.imports.apply import (
    apply_profile,
    find_headers,
    leave_out_rows,
    option_problems,
    profile_fields,
)
from helpers.imports.attribution import attribute, campaign_window, read_codes
from helpers.imports.joining import join_records, read_joined, split_files
from helpers.imports.profiles import Profile, load_profile
from helpers.imports.reading import read_export


@dataclass
class ImportReport:
    """What an import wrote and how: printed by ``playbook import``."""

    profile: str
    written: dict[str, Path] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    mapped: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)
    not_used: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as lines of text."""
        lines = [
            f"wrote {display_path(path)} ({self.rows[table]} rows, table {table})"
            for table, path in self.written.items()
        ]
        if self.written:
            lines.append(
                "to use them, name them under data: in the campaign file (a relative path "
                "there is from the campaign file's folder; these are absolute):"
            )
            lines += [f"  {table}: {Path(path).resolve()}" for table, path in self.written.items()]
        for title, items in (
            ("mapped", self.mapped),
            ("derived", self.derived),
            ("not used", self.not_used),
            ("notes", self.notes),
        ):
            if items:
                lines.append(f"{title}:")
                lines += [f"  {item}" for item in dict.fromkeys(items)]
        return lines


def import_files(
    profile: str | Path | Profile,
    files: list[Path],
    out: Path,
    campaign: Path | None = None,
    force: bool = False,
    codes: Path | None = None,
    creator: str | None = None,
    source: str | None = None,
) -> ImportReport:
    """Turn exports into our tables, written as CSV files in ``out``.

    Parameters
    ----------
    profile : str, Path or Profile
        A profile name (``instagram-graph-api``), a profile file, or a loaded profile.
    files : list of Path
        The exports (several files of one kind are put together). A profile with a ``join``
        takes its second file among them too, told apart by its JSON shape (the YouTube
        Analytics API report and the Data API ``videos.list`` response, in any order).
    out : Path
        The folder for ``<table>.csv`` (made if absent).
    campaign : Path, optional
        The campaign file: its window (and currency) for attribution profiles.
    force : bool
        Replace output files that exist (otherwise they are refused).
    codes : Path, optional
        Attribution: the codes file (``influencer_id``, ``code`` and/or ``utm_source``).
    creator : str, optional
        The influencer_id of an export that holds one account and does not name it.
    source : str, optional
        Where a creator database's authenticity figures come from, ``"Tool, YYYY-MM"``
        (written as ``authenticity_source``); required by profiles that write them.

    Returns
    -------
    ImportReport
        What was written, mapped, derived and not used.

    Raises
    ------
    InputError
        Every problem at once: an unknown profile, an export the profile cannot read (its
        missing headers listed with those found), values it does not know, an output file that
        exists, a table that would not load.
    """
    if not isinstance(profile, Profile):
        profile = load_profile(profile)
    report = ImportReport(profile.name, notes=list(profile.notes))
    context, problems = _attribution_context(profile, campaign, codes)
    options = {"creator": creator, "source": source}
    problems += option_problems(profile, options)
    parts, trouble = _read_exports(profile, [Path(f) for f in files], report, context, options)
    problems += trouble
    targets = {table: Path(out) / f"{table}.csv" for table in profile.writes}
    problems += [
        problem(path, "", "exists: give --force to replace it, or another --out folder")
        for path in targets.values()
        if path.exists() and not force
    ]
    if problems:
        raise InputError(problems)
    tables = {
        t: pd.concat(parts.get(t, []) or [pd.DataFrame()], ignore_index=True) for t in targets
    }
    _write_all(tables, targets)
    report.written = targets
    report.rows = {table: len(frame) for table, frame in tables.items()}
    return report


def _read_exports(
    profile: Profile, files: list[Path], report: ImportReport, context, options: dict
) -> tuple[dict[str, list[pd.DataFrame]], list[str]]:
    """Each export read, joined to its second file where the profile says so, and turned into
    our tables: the parts by table, and every problem."""
    files, records, problems = _joined(profile, files)
    parts: dict[str, list[pd.DataFrame]] = {}
    for path in files:
        frame, trouble = read_export(path, profile, profile_fields(profile))
        if not trouble and records is not None:
            frame, left, trouble = join_records(path, frame, records, profile)
            report.not_used += [f"{display_path(path)}: {line}" for line in left]
        if not trouble:
            tables, trouble = _one_export(path, frame, profile, report, context, options)
            for table, part in tables.items():
                parts.setdefault(table, []).append(part)
        problems += trouble
    return parts, problems


def _joined(
    profile: Profile, files: list[Path]
) -> tuple[list[Path], pd.DataFrame | None, list[str]]:
    """The main exports and, for a profile with a ``join``, the second files' records."""
    if profile.join is None:
        return files, None, []
    mains, seconds, problems = split_files(profile, files)
    if problems:
        return [], None, problems
    records, problems = read_joined(profile, seconds, profile_fields(profile))
    return (mains, records, []) if not problems else ([], None, problems)


def _attribution_context(
    profile: Profile, campaign: Path | None, codes: Path | None
) -> tuple[dict | None, list[str]]:
    """The codes, window and currency an attribution profile needs, or why they are missing."""
    if profile.attribution is None:
        return None, []
    from helpers.core.campaign import load_campaign

    problems = []
    if campaign is None:
        problems.append(f"profile {profile.name}: needs --campaign FILE (its window and currency)")
    if codes is None:
        problems.append(
            f"profile {profile.name}: needs --codes FILE (influencer_id with code and/or "
            "utm_source, one row per code or link)"
        )
    if problems:
        return None, problems
    loaded = load_campaign(campaign)
    table, problems = read_codes(codes)
    context = {"codes": table, "window": campaign_window(loaded), "currency": loaded.currency}
    return context, problems


def _one_export(
    path: Path,
    frame: pd.DataFrame,
    profile: Profile,
    report: ImportReport,
    context: dict | None,
    options: dict[str, str | None],
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """One export's tables, its account added to the report."""
    if profile.attribution is None:
        applied, problems = apply_profile(path, frame, profile, options)
        report.mapped += applied.mapped
        report.derived += applied.derived
        report.not_used += [f"{display_path(path)}: {line}" for line in applied.not_used]
        return applied.tables, problems
    headers, problems = find_headers(path, frame, profile)
    if problems or context is None:
        return {}, problems
    frame, left = leave_out_rows(frame, profile, headers)
    table, derived, not_used, problems = attribute(
        path, frame, headers, profile, context["codes"], context["window"], context["currency"]
    )
    report.derived += derived
    report.not_used += [f"{display_path(path)}: {line}" for line in left + not_used]
    return {"conversions": table}, problems


def _write_all(tables: dict[str, pd.DataFrame], targets: dict[str, Path]) -> None:
    """Write every table to a temporary file next to its target, check that it loads, then
    move them all into place (none is moved when one does not load)."""
    written: dict[str, Path] = {}
    problems: list[str] = []
    try:
        for table, frame in tables.items():
            target = targets[table]
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{target.stem}-", suffix=".csv", dir=target.parent
            )
            os.close(handle)
            written[table] = Path(name)
            frame.to_csv(name, index=False, encoding="utf-8", lineterminator="\n")
            if table in TABLES:
                try:
                    loaded = load_table(Path(name), table)
                except InputError as error:
                    problems += [
                        f"{display_path(target)} would not load as table {table}: "
                        + line.replace(display_path(name), "").lstrip(": ")
                        for line in error.problems
                    ]
                    continue
                ours = _in_our_words(loaded, list(frame.columns), table)
                ours.to_csv(name, index=False, encoding="utf-8", lineterminator="\n")
        if problems:
            raise InputError(problems)
        for table, name in written.items():
            os.replace(name, targets[table])
    finally:
        for name in written.values():
            if name.exists():
                name.unlink()


def _in_our_words(loaded: pd.DataFrame, columns: list[str], table: str) -> pd.DataFrame:
    """The loaded table as we write it: the import's columns only (a default the loader adds,
    such as ``is_sponsored = 0``, is not a fact of the export), ISO dates, whole counts."""
    frame = loaded[columns].copy()
    for name in columns:
        kind = TABLES[table][name].kind
        if kind == "date":
            frame[name] = frame[name].dt.strftime("%Y-%m-%d")
        elif kind in ("int", "flag"):
            frame[name] = frame[name].round().astype("Int64")
    return frame
