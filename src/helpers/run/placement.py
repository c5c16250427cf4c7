"""Where a report goes, and what a run may replace there.

A run is written to a hidden folder beside the report (``.<id>.partial-<host>-<pid>-<token>``)
and swapped into place at the end. Only the project's own reports are ever replaced or deleted:
a folder counts as a report of campaign ``<id>`` when it holds a ``run.json`` that names that
campaign (:func:`is_report`), which every run writes last. Anything else at ``<out>/<id>`` (a
user's folder, a file) is refused with one line, before any stage runs and again at the swap.

Two runs of one campaign may finish at the same moment: the swap is done under a lock on the
reports folder, so the second waits for the first and then replaces its report.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

from helpers.core.errors import InputError, display_path

HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())[:40] or "host"
PARTIAL = re.compile(r"^\.(?P<id>.+?)\.partial-(?P<host>[A-Za-z0-9-]+)-(?P<pid>\d+)-[0-9a-f]+$")
PREVIOUS = re.compile(
    r"^\.(?P<target>.+?)\.previous-(?P<host>[A-Za-z0-9-]+)-(?P<pid>\d+)(?:-[0-9a-f]+)?$"
)
MARKER = "run.json"


def is_report(folder: Path, campaign_id: str) -> bool:
    """Whether ``folder`` is a report this project wrote for ``campaign_id``.

    Parameters
    ----------
    folder : Path
        A folder such as ``reports/aurora-baltics-2027`` or ``reports/aurora-baltics-2027.failed``.
    campaign_id : str
        The campaign the report must belong to.

    Returns
    -------
    bool
        True when ``folder`` is a real folder (not a link) with a readable ``run.json`` whose
        ``campaign`` is ``campaign_id``.
    """
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        run = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(run, dict) and run.get("campaign") == campaign_id


def check_replaceable(out_dir: Path, campaign_id: str) -> None:
    """Refuse a report folder whose place is taken by something that is not our report.

    Raises
    ------
    InputError
        When ``<out_dir>/<id>`` or ``<out_dir>/<id>.failed`` exists and is not a report of this
        campaign (a user's folder or file): it is never replaced.
    """
    problems = []
    for name in (campaign_id, f"{campaign_id}.failed"):
        target = Path(out_dir) / name
        if not (target.exists() or target.is_symlink()) or is_report(target, campaign_id):
            continue
        kind = "a folder" if target.is_dir() and not target.is_symlink() else "a file"
        problems.append(
            f"{display_path(target)}: {kind} that is not a report of campaign {campaign_id!r} "
            f"(no {MARKER} naming it) is in the way; it is left as it is: move it, or give "
            "another --out"
        )
    if problems:
        raise InputError(problems)


def prepare_out_dir(out_dir: Path) -> Path:
    """Create the reports folder; an unwritable one is an input problem, said in one line.

    Raises
    ------
    InputError
        When the folder cannot be created or written to.
    """
    out_dir = Path(out_dir).resolve()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".playbook-write-test-{os.getpid()}-{secrets.token_hex(3)}"
        probe.mkdir()
        probe.rmdir()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise InputError(
            [f"{display_path(out_dir)}: cannot write reports there ({reason}); give another --out"]
        ) from None
    return out_dir


def new_run_folder(out_dir: Path, campaign_id: str) -> Path:
    """A fresh hidden folder for a run of ``campaign_id`` beside its report."""
    folder = out_dir / f".{campaign_id}.partial-{HOST}-{os.getpid()}-{secrets.token_hex(3)}"
    folder.mkdir()
    return folder


@contextlib.contextmanager
def report_lock(out_dir: Path) -> Iterator[None]:
    """Hold the reports folder's lock while a run looks at or swaps its
    report (a second run waits; each hold is short).

    The lock is on the folder itself, so nothing is left behind in it.
    """
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, as before
        yield
        return
    descriptor = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def alive(pid: int) -> bool:
    """Whether a process with this id is running here (unknown counts as running)."""
    try:
        import psutil

        return psutil.pid_exists(pid)
    except ImportError:
        if os.name != "posix":
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _ours_and_dead(match: re.Match | None) -> bool:
    """A leftover of a run on this machine whose process is gone."""
    if not match or match["host"] != HOST:
        return False  # another machine sharing the folder: its runs are its own
    pid = int(match["pid"])
    return pid != os.getpid() and not alive(pid)


def clean_stale_runs(out_dir: Path, campaign_id: str) -> list[Path]:
    """Tidy what killed runs of a campaign left in ``out_dir``; return what was removed.

    A run folder ``.<id>.partial-<host>-<pid>-…`` whose process is gone from this machine is
    deleted (a run on another machine sharing the folder is left alone). A report that a killed
    run had moved aside while swapping in the new one (``.<id>.previous-…``) is put back when
    no report took its place, else deleted.
    """
    removed = []
    for folder in Path(out_dir).glob(f".{campaign_id}.partial-*"):
        match = PARTIAL.match(folder.name)
        if match and match["id"] == campaign_id and _ours_and_dead(match):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    for name in (campaign_id, f"{campaign_id}.failed"):
        for folder in Path(out_dir).glob(f".{name}.previous-*"):
            match = PREVIOUS.match(folder.name)
            if not match or match["target"] != name or not _ours_and_dead(match):
                continue
            target = Path(out_dir) / name
            if target.exists():
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
            else:
                os.replace(folder, target)
    return removed


def put_in_place(run_dir: Path, out_dir: Path, campaign_id: str, ok: bool) -> Path:
    """Move a finished run into place: over the last report if it passed, beside it if not.

    Runs under the report's lock; what stands at the target is replaced only when it is a
    report of this campaign (checked again here: it may have appeared while the run ran).

    Raises
    ------
    InputError
        When something that is not this campaign's report took the target's place.
    """
    target = out_dir / (campaign_id if ok else f"{campaign_id}.failed")
    with report_lock(out_dir):
        check_replaceable(out_dir, campaign_id)
        previous = out_dir / f".{target.name}.previous-{HOST}-{os.getpid()}-{secrets.token_hex(3)}"
        if target.exists():
            os.replace(target, previous)
        os.replace(run_dir, target)
        shutil.rmtree(previous, ignore_errors=True)
        failed = out_dir / f"{campaign_id}.failed"
        if ok and is_report(failed, campaign_id):
            shutil.rmtree(failed, ignore_errors=True)
    return target
