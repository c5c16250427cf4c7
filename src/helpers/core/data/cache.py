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
    ``<run folder>/.cache/tables/<table>-<key>.parquet``, for a fresh kernel (``--fresh-kernels``,
    a batch worker, a notebook opened on its own after a run). Written atomically, and only when
    the frame reads back from it exactly (the same columns, dtypes and values); when read, a file
    whose key, columns, row count or dtypes are not the recorded ones, or that pyarrow cannot read
    (page checksums are written and verified), is ignored and written again, never trusted.

Whoever asks gets a copy (frames up to :data:`COPY_MB` are copied; bigger ones are shared under
pandas' copy-on-write, so a change to the caller's frame still never reaches the cache).
Problems are never kept: a file that does not load is read again and reports them again.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import secrets
from collections import OrderedDict
from pathlib import Path

import numpy as np
import pandas as pd

MEMORY_MB = 2048  # most megabytes of parsed tables kept in one process
COPY_MB = 512  # frames up to this size are handed out as deep copies, bigger ones copy-on-write
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
    """Parsed frames by key, the least recently used dropped beyond :data:`MEMORY_MB`."""

    def __init__(self) -> None:
        self.frames: OrderedDict[str, tuple[pd.DataFrame, int]] = OrderedDict()

    def get(self, key: str) -> pd.DataFrame | None:
        found = self.frames.get(key)
        if found is None:
            return None
        self.frames.move_to_end(key)
        return found[0]

    def put(self, key: str, frame: pd.DataFrame) -> None:
        size = int(frame.memory_usage(deep=True).sum())
        if size > MEMORY_MB * 1024 * 1024:
            return
        self.frames[key] = (frame, size)
        self.frames.move_to_end(key)
        while sum(size for _, size in self.frames.values()) > MEMORY_MB * 1024 * 1024:
            self.frames.popitem(last=False)

    def clear(self) -> None:
        self.frames.clear()


_MEMORY = _Memory()


def clear_memory() -> None:
    """Forget every table kept in this process (the run folder's files stay)."""
    _MEMORY.clear()


def handed_out(frame: pd.DataFrame) -> pd.DataFrame:
    """The copy a caller gets: a change to it never reaches the cached frame."""
    deep = frame.memory_usage(deep=False).sum() <= COPY_MB * 1024 * 1024
    return frame.copy(deep=deep)


def cached(key: str, folder: Path | None) -> pd.DataFrame | None:
    """The frame kept under ``key``: from memory, else from the run folder's cache (then kept in
    memory too); None when neither has it. A run folder that lacks it is given it."""
    frame = _MEMORY.get(key)
    path = cache_file(folder, key) if folder is not None else None
    if frame is None and path is not None:
        frame = read_cache_file(path)
        if frame is not None:
            _MEMORY.put(key, frame)
            return frame
    if frame is not None and path is not None and not path.is_file():
        write_cache_file(path, frame)
    return frame


def keep(key: str, frame: pd.DataFrame, folder: Path | None) -> None:
    """Keep a frame that loaded: in memory, and in the run folder's cache when there is one."""
    _MEMORY.put(key, frame)
    if folder is not None:
        write_cache_file(cache_file(folder, key), frame)


# --- in the run folder ---------------------------------------------------------------------


def cache_file(folder: Path, key: str) -> Path:
    """Where the run folder keeps the table with this key."""
    return Path(folder) / CACHE_FOLDER / f"{key}.parquet"


def read_cache_file(path: Path) -> pd.DataFrame | None:
    """A cached frame, or None when the file is missing, unreadable or not what it says."""
    import pyarrow.parquet as pq

    if not path.is_file():
        return None
    try:
        table = pq.read_table(path, page_checksum_verification=True)
        meta = json.loads(table.schema.metadata[META])
        if meta["key"] != path.stem or meta["rows"] != table.num_rows:
            return None
        frame = _restored(table.to_pandas(), meta)
    except Exception:  # truncated, corrupt, another writer's layout: rebuilt from the data file
        return None
    if frame is None or list(frame.columns) != meta["columns"]:
        return None
    if [str(t) for t in frame.dtypes] != meta["dtypes"]:
        return None
    return frame


def write_cache_file(path: Path, frame: pd.DataFrame) -> bool:
    """Write a frame to the run folder's cache, atomically; False when it was not written
    (the frame would not read back exactly, or the folder cannot be written)."""
    table = columnar(frame, path.stem)
    if table is None:
        return False
    import pyarrow.parquet as pq

    run_folder = path.parent.parent.parent
    if not run_folder.is_dir():  # never create a run folder that is gone (moved into place)
        return False
    partial = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, partial, compression="zstd", write_page_checksum=True)
        os.replace(partial, path)
    except OSError:
        return False
    finally:
        partial.unlink(missing_ok=True)
    _forget_older(path)
    return True


def _forget_older(path: Path) -> None:
    """Remove the run folder's other cache files of the same table (a file that changed, read
    again): the key is content, so they can never be used by this run's files again."""
    table = path.stem.rsplit("-", 1)[0]
    for other in path.parent.glob(f"{table}-*.parquet"):
        if other != path and other.stem.rsplit("-", 1)[0] == table:
            other.unlink(missing_ok=True)


def columnar(frame: pd.DataFrame, key: str):
    """The frame as an Arrow table with what restores it recorded, or None when it would not
    read back exactly (then it is only kept in memory)."""
    import pyarrow as pa

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
        back = _restored(table.to_pandas(), meta)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    if back is None or not back.equals(frame) or not back.dtypes.equals(frame.dtypes):
        return None
    return table


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
