"""Loading and validating the CSV inputs: roster, posts, growth, audience, samples, results.

Files come from spreadsheets all over Europe, so the loader accepts ``;`` or ``,`` or tab as the
separator, decimal commas (``1234,5``), thousands spaces, a UTF-8 byte-order mark, ISO dates or
``27.11.2026``, and any diacritics. Every problem in a file is reported at once, one line each:
``FILE: row N, column C: what is wrong (what is allowed)``; row numbers are the rows a
spreadsheet shows (the header is row 1 unless blank lines come before it). Inputs are never
modified.

What a data file may be
    A regular file (not a folder, FIFO, device or socket: those are refused before they are
    opened, so a FIFO cannot hang a run) of at most :data:`MAX_FILE_MB` megabytes (1 MB =
    1,048,576 bytes); the environment variable ``PLAYBOOK_MAX_FILE_MB`` sets another limit
    (:func:`max_file_mb`). Text in UTF-8, with or without a byte-order mark; a file with NUL
    bytes in its first 64 KiB up to the end of the header line is refused as binary (so is a
    workbook), UTF-16 and other encodings as not UTF-8. NULs further down are cells, below.
    Blank lines (empty, or only separators and spaces) before the header are skipped, and so
    are rows with every cell empty anywhere in the file; row numbers still count them.

Numbers
    ``1234.5``, ``1234,5``, ``1 234,5``, ``1.234,5``, ``1,234.5``, ``1.234.567`` and
    ``1,234,567``. A cell with one separator followed by exactly three digits (``50.000``,
    ``1.234``, ``12,500``) reads as a decimal or as thousands depending on the convention, so
    it is settled by evidence: the decimal mark the column's other cells show (``0.5``,
    ``12.25``, ``1,234.5`` or ``1,234,567`` show a decimal point; ``12,5``, ``1.234,5`` or
    ``1.234.567`` a decimal comma), else the one the file's other number columns show. In a
    column of whole counts (followers, likes, ...) ``1.234`` cannot be 1.234 followers, so it
    is thousands and shows the convention too; ``50.000`` can be 50 or 50000 and needs other
    evidence. When nothing settles it, or the evidence disagrees, the cell is refused with its
    row and column: never guessed.

Plausible sizes
    No number above :data:`LARGEST_NUMBER`. A pipeline row asks for at most
    :data:`MAX_QUANTITY` deliverables (``quantity``); the environment variable
    ``PLAYBOOK_MAX_QUANTITY`` sets another bound (:func:`max_quantity`). Every post is
    scheduled, so a mistyped 300 or 1200 would make the calendar stage run for minutes.

Text cells
    A cell with a NUL or another control character (other than tab, line feed and carriage
    return, which a quoted spreadsheet cell may hold) is refused, and so is a cell that looks
    like a spreadsheet formula.

The parts: :mod:`~helpers.core.data.files` (what a file may be, its CSV text),
:mod:`~helpers.core.data.numbers` (numbers written either way), :mod:`~helpers.core.data.cells`
(cells to values, implausible ones refused), :mod:`~helpers.core.data.tables` (the tables'
columns and schemas) and :mod:`~helpers.core.data.loading` (one table, or a campaign's data).
"""

from __future__ import annotations

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
)
from helpers.core.data.loading import (
    load_campaign_data,
    load_table,
)
from helpers.core.data.numbers import (
    NumberScan,
    parse_numbers,
    scan_numbers,
)
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
    "load_campaign_data",
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
