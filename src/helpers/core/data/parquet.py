"""Big tables from Parquet: a ``.parquet`` file, or a folder of them (a pyarrow dataset, possibly
hive-partitioned as ``market=PL/platform=instagram/``), read with the campaign's filters pushed
down, so that an agency's database of a million creators is filtered before pandas sees it.

What is read
    Only the columns the table knows (after the campaign's ``columns:`` map). With a campaign
    (:func:`~helpers.core.data.load_campaign_data`), the roster only for the campaign's markets
    and vetting platforms, and posts, follower growth, audience and follower samples only for
    the creators left in the roster. Partitions and row groups that cannot hold such rows are
    not read at all; the other rows are dropped in Arrow. A market or platform the campaign's
    words cannot place (``Atlantis``), and an empty cell, are read, so that the table's rules
    report them as they would in a CSV file.
Cells
    Numbers, dates and booleans stay typed; text is text (an empty string is an empty cell, as
    in a CSV file); a number in a text column (an integer id) reads as its digits. Rows are
    counted from 1 in each file, and in a folder each problem names its file. The size limit of
    a CSV file does not apply (the filters keep what is read small); a folder's FIFOs and other
    special files are refused as a CSV file's are.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.campaign import PLATFORMS, DataSource
from helpers.core.data.cache import digest
from helpers.core.data.files import FIRST_BLOCK, _not_a_data_file
from helpers.core.data.mapping import _ours_anyway, match_headers
from helpers.core.data.tables import TABLES, Column
from helpers.core.errors import display_path, problem

PARQUET_SUFFIXES = (".parquet", ".pq")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")  # a folder named so is not a dataset
CREATOR_TABLES = ("posts", "follower_growth", "audience", "follower_samples")
ROW = "__playbook_row"  # the column that carries each row's number through the filters
FILE_BITS = 40  # in a folder, a row's number is (file's place << FILE_BITS) + its row


@dataclass(frozen=True)
class TableFilter:
    """Which rows of a Parquet table a campaign can use (None: no condition on that column).

    Attributes
    ----------
    markets : tuple of str, optional
        ISO codes: the roster's ``market``.
    platforms : tuple of str, optional
        Our platform names: the roster's ``platform``.
    creators : frozenset of str, optional
        ``influencer_id`` values: the creator tables' rows of the roster's creators.
    """

    markets: tuple[str, ...] | None = None
    platforms: tuple[str, ...] | None = None
    creators: frozenset[str] | None = None

    def wanted(self) -> dict[str, frozenset[str]]:
        """Our column name: the values kept."""
        found = {"market": self.markets, "platform": self.platforms}
        found["influencer_id"] = self.creators
        return {name: frozenset(values) for name, values in found.items() if values is not None}

    def key(self) -> dict[str, object]:
        """What the cache key needs of it (the creators as a digest)."""
        key: dict[str, object] = {"markets": self.markets, "platforms": self.platforms}
        key = {name: sorted(values) for name, values in key.items() if values is not None}
        if self.creators is not None:
            key["creators"] = digest("\n".join(sorted(self.creators)).encode("utf-8"))
        return key


def is_parquet(path: str | Path) -> bool:
    """Whether a data file is read as Parquet: a ``.parquet`` (``.pq``) file or folder, or a
    folder whose name is not a CSV or workbook name."""
    path = Path(path)
    if path.suffix.lower() in PARQUET_SUFFIXES:
        return True
    return path.suffix.lower() not in TEXT_SUFFIXES and path.is_dir()


def parquet_files(path: Path) -> tuple[list[Path], list[str]]:
    """The Parquet files of a file or folder (sorted; hidden and ``_`` files left out), or why
    there are none to read."""
    path = Path(path)
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return [], [problem(path, "", "file not found")]
    except OSError as error:
        return [], [problem(path, "", f"cannot be read ({error.strerror or error})")]
    if not stat.S_ISDIR(info.st_mode):
        refused = _not_a_data_file(path, info, float("inf"))
        return ([], [refused]) if refused else ([path], [])
    files = sorted(
        p
        for p in path.rglob("*")
        if p.suffix.lower() in PARQUET_SUFFIXES
        and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
    )
    refused = [
        line
        for line in (_not_a_data_file(p, os.stat(p), float("inf")) for p in files)
        if line is not None
    ]
    if refused:
        return [], refused
    if not files:
        what = "holds no .parquet files (a folder is read as a Parquet dataset)"
        return [], [problem(path, "", what)]
    return files, []


def identity(path: Path, files: list[Path]) -> str:
    """What the cache key needs of a Parquet table's files: each one's name, size, time and
    footer (where Parquet keeps its row groups, statistics and offsets)."""
    parts = []
    for file in files:
        info = os.stat(file)
        with open(file, "rb") as handle:
            handle.seek(max(info.st_size - FIRST_BLOCK, 0))
            footer = handle.read(FIRST_BLOCK)
        name = file.relative_to(path) if file != path else file.name
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}:{digest(footer)}")
    return digest("\n".join(parts).encode("utf-8"))


def read_parquet_cells(
    source: DataSource, table: str, where: TableFilter | None, files: list[Path]
) -> tuple[pd.DataFrame, list[str]]:
    """The rows of a Parquet table the filter keeps, in the file's own headers, indexed by row
    number (see :func:`name_files` for a folder's); and the problems (the frame is then empty).
    """
    dataset, problems = _dataset(source.file, files)
    if problems:
        return pd.DataFrame(), problems
    columns = TABLES[table]
    names = dataset.schema.names
    renamed, problems = _renames(names, columns, source, f"data.{table}")
    if problems:
        return pd.DataFrame(), problems
    wanted = (where or TableFilter()).wanted()
    expression = _expression(dataset, renamed, columns, source, wanted)
    folder = Path(source.file).is_dir()
    read, problems = _scan(dataset, files if folder else None, list(renamed), expression)
    if problems:
        return pd.DataFrame(), problems
    return _cells(read, renamed, columns, source.file)


def _dataset(path: Path, files: list[Path]):
    """The pyarrow dataset of the files (hive partitions found in a folder's paths)."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    schemas, problems = {}, []
    for file in files:
        try:
            schemas[file] = pq.read_schema(file)
        except (pa.ArrowException, OSError) as error:
            problems.append(problem(file, "", f"not a readable Parquet file ({_first(error)})"))
    if problems:
        return None, problems
    try:
        schema = pa.unify_schemas(list(schemas.values()), promote_options="permissive")
    except (pa.ArrowException, TypeError) as error:
        return None, _conflicts(schemas) or [problem(path, "", f"{_first(error)}")]
    folder = Path(path).is_dir()
    options = {
        "format": "parquet",
        "partitioning": ds.HivePartitioning.discover(infer_dictionary=False) if folder else None,
        "partition_base_dir": str(path) if folder else None,
    }
    try:  # the files' columns, unified, and the partitions' (market=PL/...)
        found = ds.dataset([str(f) for f in files], **options)
        partitions = [f for f in found.schema if f.name not in schema.names]
        schema = pa.schema([*schema, *partitions])
        found = ds.dataset([str(f) for f in files], schema=schema, **options)
    except (pa.ArrowException, TypeError) as error:
        return None, [problem(path, "", f"cannot be read as a Parquet dataset ({_first(error)})")]
    return found, []


def _conflicts(schemas: dict) -> list[str]:
    """One line per column whose files hold it as different types."""
    first: dict[str, tuple[Path, object]] = {}
    lines = []
    for file, schema in schemas.items():
        for field in schema:
            seen = first.setdefault(field.name, (file, field.type))
            if seen[1] != field.type and not (_numeric(seen[1]) and _numeric(field.type)):
                other = f"{display_path(seen[0])} holds {_kind_name(seen[1])}"
                what = f"holds {_kind_name(field.type)}, but {other}"
                lines.append(problem(file, f"column {field.name}", what))
    return lines


def _renames(names: list[str], columns: dict[str, Column], source: DataSource, field: str):
    """The file's columns the table knows, with our name for each; problems of the mapping."""
    frame, problems = match_headers(pd.DataFrame(columns=names), columns, source, field)
    renamed = {raw: ours for raw, ours in zip(names, frame.columns, strict=True) if ours in columns}
    return renamed, problems


def _expression(dataset, renamed, columns, source: DataSource, wanted):
    """The filter pushed down: for each filtered column, the file's values that mean a wanted
    one, a value the campaign's words cannot place, or an empty cell."""
    import pyarrow as pa
    import pyarrow.compute as pc

    expression = None
    raw_of = {ours: raw for raw, ours in renamed.items()}
    for ours, values in wanted.items():
        raw = raw_of.get(ours)
        if raw is None:
            continue  # the table's rules say the column is missing
        kind = dataset.schema.field(raw).type
        kind = kind.value_type if pa.types.is_dictionary(kind) else kind
        kept = _kept_values(dataset, raw, kind, columns[ours], source.values.get(ours), values)
        if kept is None:
            continue
        condition = pc.field(raw).isin(pa.array(kept, type=kind)) | pc.field(raw).is_null()
        expression = condition if expression is None else expression & condition
    return expression


def _kept_values(dataset, raw: str, kind, spec: Column, words: dict | None, wanted):
    """The file's values of one column to keep, or None when every value is kept."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if spec.kind == "id" and not words and (pa.types.is_string(kind) or _integer(kind)):
        if pa.types.is_string(kind):
            return sorted(wanted)
        return sorted(int(v) for v in wanted if re.fullmatch(r"-?[1-9]\d{0,17}|0", v))
    distinct = pc.unique(dataset.to_table(columns=[raw])[raw].combine_chunks()).drop_null()
    texts = _text(pa.chunked_array([distinct])).to_pylist()
    translate = _ours_anyway(spec)
    kept = []
    for value, text in zip(distinct.to_pylist(), texts, strict=True):
        ours = words.get(str(text).strip(), text) if words and text is not None else text
        ours = (translate(ours) if translate else None) or ours
        if ours is None or ours in wanted or not _valid(ours, spec):
            kept.append(value)
    return None if len(kept) == len(distinct) else kept


def _valid(value: object, spec: Column) -> bool:
    """Whether a value is one the table's rules accept (so it is filtered, not reported)."""
    if spec.kind == "country":
        return isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value) is not None
    if spec.allowed == PLATFORMS:
        return value in PLATFORMS
    return spec.kind == "id"


def _scan(dataset, files: list[Path] | None, columns: list[str], expression):
    """The rows the expression keeps, each with its number (in a folder, ``files`` places each
    file: see :data:`FILE_BITS`); one row group at a time, the partitions and row groups whose
    statistics rule the expression out not read."""
    import pyarrow as pa

    place = {str(file): number for number, file in enumerate(files or ())}
    pieces, problems = [], []
    for fragment in dataset.get_fragments(filter=expression):
        number = place.get(fragment.path, 0)
        try:
            sizes = [g.num_rows for g in fragment.row_groups]
            starts = np.concatenate([[0], np.cumsum(sizes)])
            for part in fragment.split_by_row_group(filter=expression, schema=dataset.schema):
                group = part.row_groups[0].id
                read = part.to_table(schema=dataset.schema, columns=columns)
                first = (number << FILE_BITS) + int(starts[group]) + 1
                read = read.append_column(ROW, pa.array(np.arange(first, first + read.num_rows)))
                pieces.append(read.filter(expression) if expression is not None else read)
        except (pa.ArrowException, OSError) as error:
            problems.append(problem(fragment.path, "", f"cannot be read ({_first(error)})"))
    if problems:
        return None, problems
    if not pieces:
        schema = pa.schema([dataset.schema.field(c) for c in columns] + [(ROW, pa.int64())])
        return schema.empty_table(), []
    return pa.concat_tables(pieces), []


def _cells(read, renamed: dict[str, str], columns: dict[str, Column], path: Path):
    """An Arrow table as the frame the table's rules read, indexed by row number."""
    data, problems = {}, []
    for raw in renamed:
        values, what = _column(read[raw], columns[renamed[raw]])
        if what:
            problems.append(problem(path, f"column {raw}", what))
        data[raw] = values
    if problems:
        return pd.DataFrame(), problems
    index = pd.Index(read[ROW].to_numpy(), dtype="int64")
    frame = pd.DataFrame({raw: v.set_axis(index) for raw, v in data.items()}, index=index)
    if len(frame.columns):
        frame = frame[~frame.isna().all(axis=1)]  # a CSV file's empty rows are skipped too
    return frame, []


def _column(values, spec: Column) -> tuple[pd.Series | None, str | None]:
    """One Arrow column as cells: typed where the table's kind reads the type, else text."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = values.type
    if pa.types.is_dictionary(kind):
        values, kind = values.cast(kind.value_type), kind.value_type
    numeric = _numeric(kind) or pa.types.is_boolean(kind)
    if spec.kind in ("int", "number", "share", "flag") and numeric:
        return pc.cast(values, pa.float64()).to_pandas(), None
    if spec.kind == "date" and (pa.types.is_timestamp(kind) or pa.types.is_date(kind)):
        if pa.types.is_date(kind):
            values = pc.cast(values, pa.timestamp("s"))
        return values.to_pandas(), None
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        readable = numeric or pa.types.is_timestamp(kind) or pa.types.is_date(kind)
        if not readable:
            return None, f"holds {_kind_name(kind)}, not text, numbers or dates"
    return _text(values).to_pandas().astype("str"), None


def _text(values):
    """Values as text, an empty string as an empty cell (what a CSV file's reader gives)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        values = pc.cast(values, pa.string())
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)


def name_files(lines: list[str], path: Path, files: list[Path]) -> list[str]:
    """A folder's problem lines with each row's own file and row number in it."""
    if len(files) < 2 and not Path(path).is_dir():
        return lines
    prefix = re.compile(rf"^{re.escape(display_path(path))}: row (\d+), ")
    named = []
    for line in lines:
        found = prefix.match(line)
        if found:
            number = int(found[1])
            file, row = files[number >> FILE_BITS], number & ((1 << FILE_BITS) - 1)
            line = f"{display_path(file)}: row {row}, {line[found.end() :]}"
        named.append(line)
    return named


def _kind_name(kind) -> str:
    """An Arrow type in words, with its name: ``text (string)``."""
    import pyarrow as pa

    tests = (
        (lambda k: pa.types.is_string(k) or pa.types.is_large_string(k), "text"),
        (pa.types.is_integer, "whole numbers"),
        (lambda k: pa.types.is_floating(k) or pa.types.is_decimal(k), "numbers"),
        (pa.types.is_boolean, "yes/no values"),
        (lambda k: pa.types.is_timestamp(k) or pa.types.is_date(k), "dates"),
    )
    words = next((words for test, words in tests if test(kind)), "values")
    return f"{words} ({kind})"


def _numeric(kind) -> bool:
    import pyarrow as pa

    return pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)


def _integer(kind) -> bool:
    import pyarrow as pa

    return pa.types.is_integer(kind)


def _first(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
