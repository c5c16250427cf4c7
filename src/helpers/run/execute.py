"""Executing one stage notebook with papermill, in a kernel of :mod:`helpers.run.kernels`, under
the stage's time limit; checking the parameters injected into it.
"""

from __future__ import annotations

import contextlib
import functools
import keyword
import threading
import time
from pathlib import Path

from helpers.run.kernels import KERNEL_ARGUMENTS, KernelSession, kernel_name
from helpers.stages.registry import Stage


def notebook_parameters(path: Path) -> dict[str, dict[str, str]]:
    """The parameters a notebook declares in its ``parameters`` cell (via papermill)."""
    path = Path(path)
    stat = path.stat()
    return dict(_declared_parameters(str(path.resolve()), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=64)
def _declared_parameters(path: str, mtime_ns: int, size: int) -> dict[str, dict[str, str]]:
    """Read once per version of the file: a batch runs the same notebooks campaign after
    campaign."""
    import papermill

    return papermill.inspect_notebook(path)


def check_parameters(parameters: dict[str, object], declared: dict[str, object], where: str):
    """Refuse to inject a name that is not a plain identifier the notebook declares.

    Values travel as literals (papermill writes their ``repr``); this guards the names.
    """
    for name in parameters:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"{where}: parameter name {name!r} is not a valid identifier")
        if name not in declared:
            raise ValueError(f"{where}: notebook declares no parameter {name!r}")


# --- executing a stage ---------------------------------------------------------------------

_warming = threading.Lock()


def warm_up_in_background() -> None:
    """Import papermill, register the engine and build a page exporter in a thread, once per
    process: a run does it while its kernel starts and checks the data, so the first stage
    and its page do not wait for them."""
    if not _warming.acquire(blocking=False):
        return  # done, or under way

    def warm() -> None:
        from helpers.run.pages import warm_exporter

        with contextlib.suppress(Exception):  # a stage that needs it will say what is wrong
            _session_engine()
            warm_exporter()

    threading.Thread(target=warm, name="playbook-warm-up", daemon=True).start()


@functools.cache
def _session_engine() -> str:
    """Register (once) the papermill engine that runs notebooks in a :class:`KernelSession`."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
    from papermill.log import logger

    class SaveAtEndManager(NotebookExecutionManager):
        """Papermill saves the whole notebook before and after every cell, and once more when
        the engine is done; then ``execute_notebook`` writes it again (and, for a failed cell,
        writes it with the error marked before it raises). That last write is the one kept:
        the manager itself saves only when the execution stops with an exception (a time limit,
        a dead kernel), which papermill does not write. A killed run is thrown away.
        """

        stopped = False

        def save(self, **kwargs):
            if self.stopped:
                super().save(**kwargs)

    class SessionEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=False, **kw):
            manager = SaveAtEndManager(
                nb, output_path=output_path, progress_bar=False, autosave_cell_every=0
            )
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, **kw)
            except BaseException:
                manager.stopped = True  # papermill writes nothing then: save it here
                raise
            finally:
                manager.notebook_complete()
            return manager.nb

        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, kernel_session=None, deadline=None, **kw
        ):
            client = PapermillNotebookClient(
                nb_man,
                km=kernel_session.km,
                kernel_name=kernel_name,
                log=logger,
                log_output=False,
                startup_timeout=kw.get("start_timeout", 60),
                timeout=kw.get("execution_timeout"),
                # each cell may use what is left of the stage's time
                timeout_func=(lambda cell: max(0.5, deadline - time.monotonic()))
                if deadline
                else None,
            )
            client.kc = kernel_session.kc  # the session's client: no new connection per stage
            return client.execute(cleanup_kc=False)

    papermill_engines.register("playbook-session", SessionEngine)
    return "playbook-session"


def execute_stage(
    stage: Stage,
    parameters: dict[str, object],
    output: Path,
    session: KernelSession | None = None,
    timeout: float | None = None,
) -> str | None:
    """Execute one notebook with papermill; return None on success or a one-line error.

    The executed notebook is written to ``output`` either way; papermill marks the failing cell.
    With a ``session`` the notebook runs in that (already reset) kernel; without one papermill
    starts and stops a kernel of its own. A stage that runs past ``timeout`` seconds is stopped
    like a failing cell: the cell it was in is marked, and the session's kernel is stopped (it
    may still be busy), so the next stage gets a fresh one.
    """
    import papermill
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    check_parameters(parameters, notebook_parameters(stage.path), stage.key)
    options: dict[str, object] = {"progress_bar": False, "log_output": False}
    if session is not None:
        options |= {"engine_name": _session_engine(), "kernel_session": session}
        if timeout:
            options["deadline"] = time.monotonic() + timeout
    else:
        options |= {"cwd": str(stage.path.parent), "extra_arguments": KERNEL_ARGUMENTS}
        options["execution_timeout"] = timeout
    try:
        papermill.execute_notebook(
            str(stage.path),
            str(output),
            parameters=parameters,
            kernel_name=session.kernel if session else kernel_name(),
            **options,
        )
    except PapermillExecutionError as error:
        where = failed_section(output, error.exec_count)
        return f"{where}: {error.ename}: {first_line(error.evalue)}"
    except CellTimeoutError:
        if session is not None:
            session.shutdown()
        cell = _mark_timed_out_cell(output, timeout)
        return (
            f"cell {cell}: ran past the stage's time limit of {timeout:g} s (raise it with "
            "--stage-timeout or run.stage_timeout in the campaign file)"
        )
    except Exception as error:  # a kernel that died or would not start
        return f"{type(error).__name__}: {first_line(str(error))}"
    return None


def failed_section(notebook: Path, count: int | None) -> str:
    """Where a stage failed, in the page's words: ``section "Fees" (cell 7)``, the heading of
    the Markdown above the failing cell; ``cell 7`` when the notebook has none above it."""
    import nbformat

    cell = f"cell {count}"
    if not Path(notebook).is_file():
        return cell
    heading = None
    for node in nbformat.read(notebook, as_version=4).cells:
        if node.cell_type == "markdown":
            lines = node.source.splitlines()
            headings = [line.lstrip("#").strip() for line in lines if line.startswith("#")]
            heading = headings[-1] if headings else heading
        elif node.get("execution_count") == count:
            return f'section "{heading}" ({cell})' if heading else cell
    return cell


def _mark_timed_out_cell(notebook: Path, timeout: float | None) -> int | str:
    """Put a visible error on the cell a timed-out stage was running; return its number."""
    import nbformat

    if not notebook.is_file():
        return "?"
    node = nbformat.read(notebook, as_version=4)
    code = [cell for cell in node.cells if cell.cell_type == "code"]
    running = next(
        (c for c in code if c.get("metadata", {}).get("papermill", {}).get("status") == "running"),
        None,
    )
    running = running or next((c for c in reversed(code) if c.get("execution_count")), None)
    if running is None:
        return "?"
    running.outputs.append(
        nbformat.v4.new_output(
            "error",
            ename="StageTimeout",
            evalue=f"the stage ran past its time limit of {timeout:g} s and was stopped",
            traceback=[],
        )
    )
    nbformat.write(node, notebook)
    return running.get("execution_count") or "?"


def first_line(text: str) -> str:
    """The first non-blank line of a message (errors are shown one line each)."""
    lines = [line for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""
