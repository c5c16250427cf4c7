"""Reading each data file once per run: the tables already parsed, in memory and in the run folder.

Every stage of a run loads the campaign's tables; parsing and checking them again each time cost
seconds per stage. A table that loaded is kept under a key made of what its frame depends on:
the file's content (a BLAKE2 hash of its bytes, or for Parquet each file's size, time and
footer), the table, its mapping (the campaign's ``columns:``, ``values:`` and ``sheet:``), the
campaign's filters (a Parquet table is read for the campaign's markets, platforms and creators
only), the settings the checks use (``PLAYBOOK_MAX_QUANTITY``) and the version of the code and
libraries that parse it. A file that changes is read again; nothing is looked up by name alone.

In memory
    In this process, which a kernel keeps from stage to stage (the runner resets a kernel's
    namespace between stages, not its modules): at most :data:`MEMORY_MB` megabytes, the tables
    used longest ago dropped first.
In the run folder
    ``<run folder>/.cache/tables/<table>-<key>-<digest>.parquet``, for a fresh kernel
    (``--fresh-kernels``, a batch worker, a notebook opened on its own after a run). Written
    atomically, and only when the frame reads back from it exactly (the same columns, dtypes and
    values). When read, a file whose bytes are not the ones written (the digest of its bytes is
    in its name), or whose key, columns, row count or dtypes are not the recorded ones, is
    ignored and written again, never trusted.

Whoever asks gets a copy (frames up to :data:`COPY_MB` are copied; bigger ones are shared under
pandas' copy-on-write, so that a change to the caller's frame still never reaches the cache).
Problems are never kept: a file that does not load is read again and reports them again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

MEMORY_MB = 1024  # most megabytes of parsed tables kept in one process
COPY_MB = 64  # frames up to this size are handed out as deep copies, bigger ones copy-on-write
CACHE_FOLDER = Path(".cache") / "tables"  # in the run folder
FORMAT = 1  # the layout of a cache file; a new one ignores the old files
META = b"playbook"  # the schema metadata key of a cache file


def digest(raw: bytes) -> str:
    """A file's content as a short hex digest (BLAKE2b, 128 bits)."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


@functools.cache
def code_version() -> str:
    """What a parsed frame depends on besides its file: this package's source, the campaign
    vocabulary (platforms) and the libraries' versions."""
    import pandera
    import pyarrow
    import pycountry

    here = Path(__file__).parent
    sources = sorted(here.glob("*.py")) + [here.parent / "campaign" / "fields.py"]
    hashed = hashlib.blake2b(digest_size=16)
    for path in sources:
        hashed.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    versions = [pd.__version__, np.__version__, pyarrow.__version__, pandera.__version__]
    versions.append(getattr(pycountry, "__version__", ""))
    return hashed.hexdigest() + ":" + ",".join(versions)


def table_key(table: str, content: str, mapping: object, filters: object, settings: object) -> str:
    """The cache key of one loaded table (hex): everything its frame depends on."""
    payload = [FORMAT, code_version(), table, content, mapping, filters, settings]
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


# --- in memory -----------------------------------------------------------------------------


class _Memory:
    """Parsed frames by key with their sizes, the least recently used dropped beyond
    :data:`MEMORY_MB`."""

    def __init__(self) -> None:
        self.frames: OrderedDict[str, tuple[pd.DataFrame, int]] = OrderedDict()
        self.lock = threading.Lock()  # the runner exports pages in a thread of its own

    def get(self, key: str) -> tuple[pd.DataFrame, int] | None:
        with self.lock:
            found = self.frames.get(key)
            if found is not None:
                self.frames.move_to_end(key)
            return found

    def put(self, key: str, frame: pd.DataFrame) -> int:
        """Keep a frame (unless it alone is over the budget); its size in bytes."""
        size = int(frame.memory_usage(index=False, deep=True).sum())
        budget = MEMORY_MB * 1024 * 1024
        with self.lock:
            if size <= budget:
                self.frames[key] = (frame, size)
                self.frames.move_to_end(key)
            while sum(size for _, size in self.frames.values()) > budget:
                self.frames.popitem(last=False)
        return size

    def clear(self) -> None:
        with self.lock:
            self.frames.clear()


_MEMORY = _Memory()


def clear_memory() -> None:
    """Forget every table kept in this process (the run folder's files stay)."""
    _MEMORY.clear()


def _handed_out(frame: pd.DataFrame, size: int) -> pd.DataFrame:
    """The copy a caller gets: a change to it never reaches the cached frame."""
    return frame.copy(deep=size <= COPY_MB * 1024 * 1024)


def fetch(key: str, folder: Path | None) -> pd.DataFrame | None:
    """A copy of the frame kept under ``key``: from memory, else from the run folder's cache
    (then kept in memory too); None when neither has it. A run folder that lacks it is given
    it."""
    found = _MEMORY.get(key)
    if folder is None:
        return None if found is None else _handed_out(*found)
    path = cache_file(folder, key)
    if found is None:
        frame = read_cache_file(path)
        return None if frame is None else _handed_out(frame, _MEMORY.put(key, frame))
    if path is None:
        write_cache_file(folder, key, found[0])
    return _handed_out(*found)


def store(key: str, frame: pd.DataFrame, folder: Path | None) -> pd.DataFrame:
    """Keep a frame that loaded, in memory and in the run folder's cache when there is one;
    the caller's copy."""
    size = _MEMORY.put(key, frame)
    if folder is not None:
        write_cache_file(folder, key, frame)
    return _handed_out(frame, size)


# --- in the run folder ---------------------------------------------------------------------


def cache_file(folder: Path, key: str) -> Path | None:
    """The run folder's file of the table with this key (named ``<key>-<digest of the file's
    bytes>.parquet``), or None when it has none."""
    return next(iter(sorted((Path(folder) / CACHE_FOLDER).glob(f"{key}-*.parquet"))), None)


def read_cache_file(path: Path | None) -> pd.DataFrame | None:
    """A cached frame, or None when the file is missing, or is not, byte for byte, the file that
    was written (its digest is in its name), or does not hold what its metadata says."""
    if path is None or not path.is_file():
        return None
    key, _, written = path.stem.rpartition("-")
    try:
        raw = path.read_bytes()
        if digest(raw) != written:
            return None
        table = pq.ParquetFile(pa.BufferReader(raw), page_checksum_verification=True).read()
        meta = json.loads(table.schema.metadata[META])
        if meta["key"] != key or meta["rows"] != table.num_rows:
            return None
        frame = _restored(table.to_pandas(), meta)
    except Exception:  # truncated, corrupt, another writer's layout: rebuilt from the data file
        return None
    if frame is None or list(frame.columns) != meta["columns"]:
        return None
    if [str(t) for t in frame.dtypes] != meta["dtypes"]:
        return None
    return frame


def write_cache_file(folder: Path, key: str, frame: pd.DataFrame) -> Path | None:
    """Write a frame to the run folder's cache, atomically; its file, or None when it was not
    written (the frame would not read back exactly, the run folder is gone or not writable)."""
    if not Path(folder).is_dir():  # never make a run folder again that was moved into place
        return None
    table = columnar(frame, key)
    if table is None:
        return None
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="snappy", write_page_checksum=True)
    raw = sink.getvalue().to_pybytes()
    path = Path(folder) / CACHE_FOLDER / f"{key}-{digest(raw)}.parquet"
    partial = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(raw)
        os.replace(partial, path)
    except OSError:
        return None
    finally:
        partial.unlink(missing_ok=True)
    _forget_others(path)
    return path


def _forget_others(path: Path) -> None:
    """Remove the run folder's other cache files of the same table (older content, read again,
    or a damaged file): none of them can be used again."""
    table = path.name.split("-", 1)[0]
    for other in path.parent.glob(f"{table}-*.parquet"):
        if other != path and other.name.split("-", 1)[0] == table:
            other.unlink(missing_ok=True)


def columnar(frame: pd.DataFrame, key: str) -> pa.Table | None:
    """The frame as an Arrow table with what restores it recorded, or None when it would not
    read back exactly (then it is only kept in memory).

    Columns of numbers, naive dates and pandas' default text come back from Arrow exactly; a
    frame with other columns (object cells of a workbook's text, ...) is read back once here
    and compared before it is trusted to the file.
    """
    texts = [str(c) for c in frame.columns if frame[c].dtype == object]
    meta = {
        "key": key,
        "rows": len(frame),
        "columns": list(frame.columns),
        "dtypes": [str(t) for t in frame.dtypes],
        "objects": texts,  # object columns of text: NaN where empty
    }
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0:
        return None
    if len(set(meta["columns"])) != len(frame.columns) or not all(
        isinstance(c, str) for c in frame.columns
    ):
        return None
    for name in texts:
        values = frame[name]
        missing = values.isna()
        if not values[~missing].map(type).eq(str).all() or not _all_nan(values[missing]):
            return None
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), META: json.dumps(meta).encode()}
        )
        if all(_exact_in_arrow(frame[name].dtype) for name in frame.columns):
            return table
        back = _restored(table.to_pandas(), meta)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if back is None or not back.equals(frame) or not back.dtypes.equals(frame.dtypes):
        return None
    return table


def _exact_in_arrow(dtype) -> bool:
    """Whether a column of this dtype comes back from Arrow as it was: numbers, yes/no, dates
    without a time zone, pandas' default text (NaN for empty, stored by pyarrow or Python: the
    frame read back is compared with the original before the cache file is kept)."""
    if isinstance(dtype, np.dtype):
        return dtype.kind in "biufM"
    return isinstance(dtype, pd.StringDtype) and dtype.na_value is not pd.NA


def _all_nan(values: pd.Series) -> bool:
    return all(isinstance(v, float) and np.isnan(v) for v in values)


def _restored(frame: pd.DataFrame, meta: dict) -> pd.DataFrame | None:
    """A frame read from Arrow with its object columns of text as they were (NaN for empty)."""
    for name in meta["objects"]:
        if name not in frame:
            return None
        values = frame[name].astype(object)
        frame[name] = values.where(values.notna(), np.nan)
    return frame
