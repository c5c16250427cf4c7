"""Reading an export as text cells in its own headers: CSV and ``.xlsx`` through the table
loader's reader (:func:`helpers.core.data.read_table_text`), JSON by the profile's paths."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pandas as pd

from helpers.core.data import read_table_text
from helpers.core.data.files import WORKBOOK_SUFFIXES, _read_bytes
from helpers.core.errors import display_path, problem
from helpers.imports.profiles import Profile

_STEP = re.compile(
    r"^(?P<key>[^\[\]]+)(?:\[(?P<index>\d+)\]|\[(?P<field>\w+)=(?P<value>[^\]]+)\])?$"
)


def file_kind(path: Path) -> str:
    """``xlsx``, ``json`` or ``csv``, by the file's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return "xlsx"
    return "json" if suffix == ".json" else "csv"


def read_export(path: Path, profile: Profile, fields: list[str]) -> tuple[pd.DataFrame, list[str]]:
    """An export's cells as text (NaN where empty), with its own headers or JSON paths.

    Parameters
    ----------
    path : Path
        The export file.
    profile : Profile
        What it is (its ``reads``, and for JSON where the records are).
    fields : list of str
        JSON only: the paths the profile reads (``insights.data[name=reach].values[0].value``);
        each becomes a column named by its path, next to the records' top-level fields.

    Returns
    -------
    tuple of (DataFrame, list of str)
        The cells, indexed by the row a spreadsheet shows (a JSON record's number from 1), and
        the problems (the frame is empty when there are any).
    """
    kind = file_kind(path)
    if kind not in profile.reads:
        allowed = ", ".join(f".{k}" for k in profile.reads)
        what = f"a .{kind} file, but profile {profile.name} reads {allowed}"
        return pd.DataFrame(), [problem(path, "", what)]
    if kind == "json":
        return _read_json(path, profile, fields)
    if kind == "csv" and profile.skip_lines_starting:
        return _read_commented_csv(path, profile.skip_lines_starting)
    return read_table_text(path)


def _read_commented_csv(path: Path, prefix: str) -> tuple[pd.DataFrame, list[str]]:
    """A CSV file below its comment lines (GA4 writes ``# ...`` lines above the table)."""
    raw, problems = _read_bytes(Path(path))
    if problems:
        return pd.DataFrame(), problems
    text = raw.decode("utf-8-sig", errors="replace")
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (
        lines[skipped].startswith(prefix) or not lines[skipped].strip()
    ):
        skipped += 1
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / Path(path).name
        copy.write_text("".join(lines[skipped:]), encoding="utf-8")
        frame, problems = read_table_text(copy)
    problems = [line.replace(display_path(copy), display_path(path)) for line in problems]
    frame.index = frame.index + skipped
    return frame, problems


def read_json_document(path: Path) -> tuple[object, list[str]]:
    """A JSON file's document, or the problem that it is unreadable."""
    raw, problems = _read_bytes(Path(path))
    if problems:
        return None, problems
    try:
        return json.loads(raw.decode("utf-8-sig")), []
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, [problem(path, "", f"not readable JSON ({error})")]


def _read_json(path: Path, profile: Profile, fields: list[str]) -> tuple[pd.DataFrame, list[str]]:
    document, problems = read_json_document(path)
    if problems:
        return pd.DataFrame(), problems
    if profile.table is not None:
        return _json_table(path, document, profile)
    return json_records(path, document, profile.records, fields)


def json_records(
    path: Path, document: object, at: str, fields: list[str]
) -> tuple[pd.DataFrame, list[str]]:
    """The list of records at path ``at`` as a frame: each record's top-level values, and the
    value of each dotted path in ``fields`` in a column named by the path."""
    records = resolve(document, at)
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        what = f"no list of records at {at!r} (what the profile reads)"
        return pd.DataFrame(), [problem(path, at, what)]
    rows = []
    for record in records:
        row = {k: v for k, v in record.items() if not isinstance(v, dict | list)}
        row.update(
            {field: resolve(record, field) for field in fields if "." in field or "[" in field}
        )
        rows.append({k: _text(v) for k, v in row.items()})
    frame = pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1), dtype=object)
    return frame.where(frame.notna()), []


def _json_table(path: Path, document: object, profile: Profile) -> tuple[pd.DataFrame, list[str]]:
    """A ``columnHeaders``/``rows`` report as a frame."""
    spec = profile.table
    headers, rows = resolve(document, spec.headers), resolve(document, spec.rows)
    if not isinstance(headers, list) or not all(isinstance(h, dict) for h in headers):
        return pd.DataFrame(), [problem(path, spec.headers, "no list of column headers here")]
    names = [str(h.get(spec.header_name)) for h in headers]
    rows = rows if isinstance(rows, list) else []  # a report with no rows has no "rows" field
    bad = [
        n for n, row in enumerate(rows, 1) if not isinstance(row, list) or len(row) != len(names)
    ]
    if bad:
        rows_listed = ", ".join(map(str, bad[:5]))
        what = f"rows {rows_listed} do not have {len(names)} values ({', '.join(names)})"
        return pd.DataFrame(), [problem(path, spec.rows, what)]
    frame = pd.DataFrame(
        [[_text(v) for v in row] for row in rows],
        columns=names,
        index=pd.RangeIndex(1, len(rows) + 1),
        dtype=object,
    )
    return frame.where(frame.notna()), []


def resolve(document: object, path: str | None) -> object:
    """The value at a dotted path: ``data``, ``owner.id``, ``values[0].value`` or
    ``data[name=reach]`` (the first item of the list whose ``name`` is ``reach``); None when
    the path leads nowhere."""
    value = document
    for step in (path or "").split(".") if path else []:
        found = _STEP.match(step)
        if found is None or not isinstance(value, dict):
            return None
        value = value.get(found["key"])
        if found["index"] is not None:
            index = int(found["index"])
            value = value[index] if isinstance(value, list) and index < len(value) else None
        elif found["field"] is not None:
            matches = [
                item
                for item in (value if isinstance(value, list) else [])
                if isinstance(item, dict) and str(item.get(found["field"])) == found["value"]
            ]
            value = matches[0] if matches else None
    return value


def _text(value: object) -> str | None:
    """A JSON value as the text a CSV cell would hold."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
