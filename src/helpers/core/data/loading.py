"""Loading one input table, or every data file a campaign names, with every problem at once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pandera.errors import SchemaErrors

from helpers.core.campaign import Campaign, DataSource
from helpers.core.data.cells import _parse_columns
from helpers.core.data.files import read_table_text
from helpers.core.data.mapping import map_values, match_headers
from helpers.core.data.tables import TABLES, Column, _schema_problems, table_schema
from helpers.core.errors import InputError


def load_table(source: str | Path | DataSource, table: str) -> pd.DataFrame:
    """Read and validate one input table, in the file's own words when it is mapped.

    Parameters
    ----------
    source : str, Path or DataSource
        The CSV or ``.xlsx`` file, or a campaign's :class:`~helpers.core.campaign.DataSource`
        (the file with its column and value maps and its sheet).
    table : str
        Which table it is: a key of :data:`TABLES` (``"roster"``, ``"posts"``, ...).

    Returns
    -------
    pandas.DataFrame
        Parsed columns: counts as integers, dates as timestamps, flags as 0/1; optional columns
        that were absent are added with their default.

    Raises
    ------
    InputError
        Listing every problem, ``FILE: row N, column C: what is wrong``: a path that is not a
        regular file, a file over the size limit or with binary content, unreadable or
        ambiguous cells, control characters, implausible sizes, schema violations, mapped
        headers missing from the file, values a value map leaves unmapped.
    """
    if not isinstance(source, DataSource):
        source = DataSource(file=Path(source))
    path, columns, field = source.file, TABLES[table], f"data.{table}"
    text, problems = read_table_text(path, source.sheet)
    if problems:
        raise InputError(problems)
    text, problems = match_headers(text, columns, source, field)
    text, mapped = map_values(text, columns, source, field)
    if problems + mapped:
        raise InputError(problems + mapped)
    parsed, problems, unreadable = _parse_columns(text, columns, path)
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
    campaign: Campaign, tables: list[str] | None = None
) -> dict[str, pd.DataFrame]:
    """Load the data files a campaign names (all of them by default), reporting every problem.

    A table the campaign does not name is absent from the result: never substituted.

    Parameters
    ----------
    campaign : Campaign
        The validated campaign.
    tables : list of str, optional
        Which of its data files to load, e.g. ``["roster", "posts"]``.

    Returns
    -------
    dict of str to DataFrame
        The loaded tables by name.

    Raises
    ------
    InputError
        With every problem of every file.
    """
    loaded, problems = read_campaign_data(campaign, tables)
    if problems:
        raise InputError(problems)
    return loaded


def read_campaign_data(
    campaign: Campaign, tables: list[str] | None = None
) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """The campaign's data files that load, and every problem of those that do not.

    ``playbook validate`` uses this to report the files' problems together with what the
    campaign can and cannot do with the files that do load.
    """
    wanted = campaign.data.named()
    if tables is not None:
        wanted = {name: wanted[name] for name in tables if name in wanted}
    loaded, problems = {}, []
    for name, source in wanted.items():
        try:
            loaded[name] = load_table(source, name)
        except InputError as error:  # a bad setting is one line, not one per file
            problems += [line for line in error.problems if line not in problems]
    return loaded, problems
