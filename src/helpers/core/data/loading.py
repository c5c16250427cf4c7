"""Loading one input table, or every data file a campaign names, with every problem at once.

A table is read, parsed and checked once per run: later loads of the same file with the same
mapping and filters come from :mod:`~helpers.core.data.cache` (in memory, and in the run
folder's ``.cache/`` when a run folder is given).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pandera.errors import SchemaErrors

from helpers.core.campaign import Campaign, DataSource
from helpers.core.data import cache, parquet
from helpers.core.data.cells import _parse_columns
from helpers.core.data.files import cells_from_bytes, read_file_bytes
from helpers.core.data.mapping import map_values, match_headers
from helpers.core.data.parquet import CREATOR_TABLES, TableFilter, is_parquet
from helpers.core.data.tables import (
    TABLES,
    Column,
    _schema_problems,
    passes_plainly,
    table_schema,
)
from helpers.core.errors import InputError


def load_table(
    source: str | Path | DataSource,
    table: str,
    where: TableFilter | None = None,
    cache_in: str | Path | None = None,
) -> pd.DataFrame:
    """Read and validate one input table, in the file's own words when it is mapped.

    Parameters
    ----------
    source : str, Path or DataSource
        The CSV or ``.xlsx`` file, or a Parquet file or folder
        (:mod:`~helpers.core.data.parquet`), or a campaign's
        :class:`~helpers.core.campaign.DataSource` (the file with its column and value maps and
        its sheet).
    table : str
        Which table it is: a key of :data:`TABLES` (``"roster"``, ``"posts"``, ...).
    where : TableFilter, optional
        The rows of a Parquet table to read (a campaign's markets, platforms, creators); CSV
        and workbook files are read whole.
    cache_in : str or Path, optional
        A run folder: the parsed table is kept in (and taken from) its ``.cache/`` folder too,
        for a fresh process. Without one, only this process keeps it.

    Returns
    -------
    pandas.DataFrame
        Parsed columns: counts as integers, dates as timestamps, flags as 0/1; optional columns
        that were absent are added with their default. A copy: changing it changes nothing the
        next caller gets.

    Raises
    ------
    InputError
        Listing every problem, ``FILE: row N, column C: what is wrong``: a path that is not a
        regular file, a file over the size limit or with binary content, unreadable or
        ambiguous cells, control characters, implausible sizes, schema violations, mapped
        headers missing from the file, values a value map leaves unmapped; for Parquet, a file
        that is not Parquet, columns whose files disagree on their type.
    """
    if not isinstance(source, DataSource):
        source = DataSource(file=Path(source))
    folder = Path(cache_in) if cache_in else None
    if is_parquet(source.file):
        return _load_parquet(source, table, where, folder)
    raw, problems = read_file_bytes(source.file, source.sheet)
    if problems:
        raise InputError(problems)
    key = _key(table, cache.digest(raw), source, None)
    frame = cache.fetch(key, folder)
    if frame is not None:
        return frame
    text, problems = cells_from_bytes(source.file, raw, source.sheet)
    del raw
    if problems:
        raise InputError(problems)
    return cache.store(key, _checked(text, source, table), folder)


def _load_parquet(
    source: DataSource, table: str, where: TableFilter | None, folder: Path | None
) -> pd.DataFrame:
    """:func:`load_table` of a Parquet file or folder."""
    files, problems = parquet.parquet_files(source.file)
    if problems:
        raise InputError(problems)
    key = _key(table, parquet.identity(source.file, files), source, where)
    frame = cache.fetch(key, folder)
    if frame is not None:
        return frame
    cells, problems = parquet.read_parquet_cells(source, table, where, files)
    if problems:
        raise InputError(problems)
    try:
        frame = _checked(cells, source, table)
    except InputError as error:
        raise InputError(parquet.name_files(error.problems, source.file, files)) from None
    return cache.store(key, frame, folder)


def _key(table: str, content: str, source: DataSource, where: TableFilter | None) -> str:
    """The cache key of a table read from this content with this mapping and filter."""
    mapping = {"columns": source.columns, "values": source.values, "sheet": source.sheet}
    limits = {name: spec.limit.most() for name, spec in TABLES[table].items() if spec.limit}
    settings = limits or None  # PLAYBOOK_MAX_QUANTITY: a file within one bound may be over another
    return f"{table}-{cache.table_key(table, content, mapping, where and where.key(), settings)}"


def _checked(text: pd.DataFrame, source: DataSource, table: str) -> pd.DataFrame:
    """A table's cells (text, or typed from Parquet) mapped, parsed and checked; raises
    :class:`InputError` with every problem."""
    path, columns, field = source.file, TABLES[table], f"data.{table}"
    text, problems = match_headers(text, columns, source, field)
    text, mapped = map_values(text, columns, source, field)
    if problems + mapped:
        raise InputError(problems + mapped)
    parsed, problems, unreadable = _parse_columns(text, columns, path)
    if problems or not passes_plainly(parsed, table):
        try:
            table_schema(table).validate(parsed, lazy=True)
        except SchemaErrors as error:
            problems += _schema_problems(path, error, table, unreadable)
    if problems:
        raise InputError(problems)
    return _finish(parsed, columns)


def _finish(frame: pd.DataFrame, columns: dict[str, Column]) -> pd.DataFrame:
    """Number the rows from 0 again, add absent optional columns, give counts their integer
    type."""
    frame = frame.reset_index(drop=True)
    for name, spec in columns.items():
        if name not in frame:
            frame[name] = spec.default if spec.default is not None else np.nan
        if spec.kind in ("int", "flag") and frame[name].notna().all():
            frame[name] = frame[name].astype("int64")
    ordered = list(columns) + [c for c in frame.columns if c not in columns]
    return frame[ordered]


def load_campaign_data(
    campaign: Campaign, tables: list[str] | None = None, cache_in: str | Path | None = None
) -> dict[str, pd.DataFrame]:
    """Load the data files a campaign names (all of them by default), reporting every problem.

    A table the campaign does not name is absent from the result: never substituted. A table
    given as Parquet is read for the campaign only (:func:`campaign_filter`).

    Parameters
    ----------
    campaign : Campaign
        The validated campaign.
    tables : list of str, optional
        Which of its data files to load, e.g. ``["roster", "posts"]``.
    cache_in : str or Path, optional
        The run folder whose ``.cache/`` keeps the parsed tables for the stages' fresh
        processes (see :func:`load_table`).

    Returns
    -------
    dict of str to DataFrame
        The loaded tables by name (copies: see :func:`load_table`).

    Raises
    ------
    InputError
        With every problem of every file.
    """
    loaded, problems = read_campaign_data(campaign, tables, cache_in)
    if problems:
        raise InputError(problems)
    return loaded


def read_campaign_data(
    campaign: Campaign, tables: list[str] | None = None, cache_in: str | Path | None = None
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The campaign's data files that load, and every problem of those that do not.

    ``playbook validate`` uses this to report the files' problems together with what the
    campaign can and cannot do with the files that do load.
    """
    named = campaign.data.named()
    wanted = named
    if tables is not None:
        wanted = {name: named[name] for name in tables if name in named}
    loaded, problems = {}, []
    roster: list[pd.DataFrame | None] = []  # the roster, once a Parquet table needs its creators

    def creators() -> frozenset[str] | None:
        if not roster:
            roster.append(loaded.get("roster"))
            if roster[0] is None and "roster" in named:  # not asked for: loaded (or kept) anyway
                source = named["roster"]
                where = campaign_filter(campaign, "roster", source)
                try:
                    roster[0] = load_table(source, "roster", where, cache_in)
                except InputError as error:
                    _add(problems, error.problems)
        return None if roster[0] is None else frozenset(roster[0]["influencer_id"].astype(str))

    for name, source in wanted.items():
        try:
            where = campaign_filter(campaign, name, source, creators)
            loaded[name] = load_table(source, name, where, cache_in)
        except InputError as error:  # a bad setting is one line, not one per file
            _add(problems, error.problems)
    return loaded, problems


def _add(problems: list[str], lines: list[str]) -> None:
    problems += [line for line in lines if line not in problems]


def campaign_filter(
    campaign: Campaign, table: str = "roster", source: DataSource | None = None, creators=None
) -> TableFilter | None:
    """Which rows of a Parquet table the campaign can use: the roster's creators in its markets
    and on its vetting platforms; the creator tables' rows of the roster's creators. None for a
    CSV or workbook file, which is read whole.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    table : str
        The table (``"roster"``, ``"posts"`` ...).
    source : DataSource, optional
        Its file: None unless it is Parquet.
    creators : callable, optional
        Gives the roster's ``influencer_id`` values (or None without a roster), called only
        for a creator table.
    """
    if source is not None and not is_parquet(source.file):
        return None
    if table == "roster":
        return TableFilter(tuple(campaign.markets), tuple(campaign.vetting.platforms))
    if table in CREATOR_TABLES and creators is not None:
        found = creators()
        return TableFilter(creators=found) if found is not None else None
    return None
