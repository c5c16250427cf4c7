"""Loading and validating the CSV inputs: roster, posts, growth, audience, samples, results.

Files come from spreadsheets all over Europe, so the loader accepts ``;`` or ``,`` or tab as the
separator, decimal commas (``1234,5``), thousands spaces, a UTF-8 byte-order mark, ISO dates or
``27.11.2026``, and any diacritics. Every problem in a file is reported at once, one line each:
``FILE: row N, column C: what is wrong (what is allowed)``; row numbers are the rows a
spreadsheet shows (the header is row 1 unless blank lines come before it). Inputs are never
modified.

The rules, each with its module:

* :mod:`~helpers.core.data.files`: what a data file may be (a regular file within the size
  limit, UTF-8 text, not binary), and reading its CSV text;
* :mod:`~helpers.core.data.numbers`: numbers written either way (``1 234,5``, ``1,234.5``), an
  ambiguous ``50.000`` settled by evidence, never guessed;
* :mod:`~helpers.core.data.cells`: text cells to numbers, dates and yes/no flags; implausible
  sizes, control characters and spreadsheet formulas refused;
* :mod:`~helpers.core.data.tables`: each table's columns and pandera schema, one line per bad
  cell;
* :mod:`~helpers.core.data.mapping`: an export's own headers and words (``Followers``,
  ``IG``, ``Poland``) matched to ours, and the campaign's column and value maps;
* :mod:`~helpers.core.data.parquet`: big tables from a Parquet file or folder, read with the
  campaign's markets, platforms and creators pushed down as filters;
* :mod:`~helpers.core.data.cache`: each table read, parsed and checked once per run (in memory,
  and in the run folder for a fresh kernel);
* :mod:`~helpers.core.data.loading`: one table, or every data file a campaign names.
"""

from __future__ import annotations

from helpers.core.data.cache import clear_memory
from helpers.core.data.cells import (
    CONTROL_CHARACTERS,
    FALSE_WORDS,
    FORMULA,
    LARGEST_NUMBER,
    NUMBER_KINDS,
    PARSERS,
    TRUE_WORDS,
    UNREADABLE,
    Found,
    parse_dates,
    parse_flags,
)
from helpers.core.data.files import (
    FIRST_BLOCK,
    MAX_FILE_MB,
    MAX_FILE_MB_VARIABLE,
    MAX_QUANTITY,
    MAX_QUANTITY_VARIABLE,
    MEGABYTE,
    QUANTITY_LIMIT,
    Limit,
    max_file_mb,
    max_quantity,
    read_csv_text,
    read_table_text,
    read_workbook_text,
)
from helpers.core.data.loading import (
    campaign_filter,
    load_campaign_data,
    load_table,
    read_campaign_data,
)
from helpers.core.data.mapping import (
    PLATFORM_SPELLINGS,
    header_key,
    map_values,
    market_code,
    match_headers,
    platform_code,
)
from helpers.core.data.numbers import (
    NumberScan,
    parse_numbers,
    scan_numbers,
)
from helpers.core.data.parquet import TableFilter, is_parquet
from helpers.core.data.tables import (
    FORMATS,
    MAX_LINES_PER_COLUMN,
    PIPELINE_STAGES,
    TABLES,
    UNIQUE_TOGETHER,
    Column,
    Kind,
    table_schema,
)

__all__ = [
    "CONTROL_CHARACTERS",
    "Column",
    "FALSE_WORDS",
    "FIRST_BLOCK",
    "FORMATS",
    "FORMULA",
    "Found",
    "Kind",
    "LARGEST_NUMBER",
    "Limit",
    "TableFilter",
    "MAX_FILE_MB",
    "MAX_FILE_MB_VARIABLE",
    "MAX_LINES_PER_COLUMN",
    "MAX_QUANTITY",
    "MAX_QUANTITY_VARIABLE",
    "MEGABYTE",
    "NUMBER_KINDS",
    "NumberScan",
    "PARSERS",
    "PIPELINE_STAGES",
    "QUANTITY_LIMIT",
    "TABLES",
    "TRUE_WORDS",
    "UNIQUE_TOGETHER",
    "UNREADABLE",
    "PLATFORM_SPELLINGS",
    "campaign_filter",
    "clear_memory",
    "header_key",
    "is_parquet",
    "load_campaign_data",
    "map_values",
    "market_code",
    "match_headers",
    "platform_code",
    "read_campaign_data",
    "read_table_text",
    "read_workbook_text",
    "load_table",
    "max_file_mb",
    "max_quantity",
    "parse_dates",
    "parse_flags",
    "parse_numbers",
    "read_csv_text",
    "scan_numbers",
    "table_schema",
]
