"""Running a campaign: every stage notebook through papermill, then code-free HTML and an index.

A run is written to a hidden temporary folder beside the report (``.<id>.partial-<host>-<pid>-…``)
and moved into place at the end, so a failed or killed rerun never destroys the last good report:
a failed run is kept as ``reports/<id>.failed/``; the leftovers of a killed run are removed by
the next run of that campaign on the same machine (and are never taken for a report).

Speed without cutting corners, because agencies run dozens of campaigns:

* one kernel per campaign (or per batch worker), started while the campaign's data is checked,
  with the modules the notebooks import already imported, and reused from stage to stage. Before
  every stage the kernel is reset (:data:`KERNEL_RESET`): its namespace is emptied and its
  execution counter restarts at 1, figures are closed, and matplotlib settings, pandas options,
  warning filters (and which warnings were already shown), environment variables, ``sys.path``
  and the working directory are put back as they were. Only imported modules stay loaded, which
  is the point. ``fresh_kernels=True`` (``--fresh-kernels``) gives every stage its own kernel
  instead, the next one started while the current stage runs;
* pages are exported in this process, in a background thread while the next stage executes;
* papermill writes each executed notebook once, at the end, instead of after every cell.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import html
import json
import keyword
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from helpers import __version__
from helpers.artifacts import write_text_atomically
from helpers.campaign import Campaign, load_campaign
from helpers.config import KERNEL_NAME, NOTEBOOKS_DIR, REPORTS_DIR
from helpers.data import load_campaign_data
from helpers.errors import InputError, display_path
from helpers.i18n import translator
from helpers.page_safety import CSP_META, markdown_output_html, safe_html
from helpers.placement import (
    HOST,
    alive,
    check_replaceable,
    clean_stale_runs,
    new_run_folder,
    prepare_out_dir,
    put_in_place,
    report_lock,
)
from helpers.readiness import readiness_problems

TEMPLATES_DIR = Path(__file__).with_name("templates")
STAGE_FILE = re.compile(r"^(?P<number>\d{2})-(?P<name>[a-z0-9-]+)\.ipynb$")
HIDDEN_CELL_TAGS = {"parameters", "injected-parameters", "remove-cell"}
KERNEL_START_ATTEMPTS = 3
KERNEL_MAX_USES = 60  # stages run in one kernel before it is replaced, to bound memory growth
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]  # kernel start-up chatter is not for users


@dataclass(frozen=True)
class Stage:
    """One stage notebook, e.g. ``00-landscape``."""

    number: int
    name: str
    path: Path

    @property
    def key(self) -> str:
        """``00-landscape``: the notebook's file name without ``.ipynb``."""
        return self.path.stem

    @property
    def title(self) -> str:
        """``00 Landscape``: how the stage is shown to people."""
        return f"{self.number:02d} {self.name.replace('-', ' ').capitalize()}"


@dataclass
class StageResult:
    """What happened to one stage in a run."""

    stage: str
    title: str
    status: str = "skipped"
    seconds: float | None = None
    notebook: str | None = None
    html: str | None = None
    error: str | None = None
    heading: str | None = None  # the page's own title, e.g. "00 · Market landscape"
    sections: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class RunResult:
    """The outcome of :func:`run_campaign`."""

    campaign_id: str
    report_dir: Path
    stages: list[StageResult] = field(default_factory=list)
    seconds: float | None = None
    pdf: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every selected stage finished."""
        return all(stage.status == "done" for stage in self.stages)

    @property
    def failed(self) -> StageResult | None:
        """The first failed stage, if any."""
        return next((s for s in self.stages if s.status == "failed"), None)


def discover_stages(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Stage]:
    """The stage notebooks ``NN-name.ipynb`` in order."""
    stages = []
    for path in sorted(Path(notebooks_dir).resolve().glob("*.ipynb")):
        match = STAGE_FILE.match(path.name)
        if match:
            stages.append(Stage(int(match["number"]), match["name"], path))
    return stages


def select_stages(stages: list[Stage], spec: str | None) -> list[Stage]:
    """Pick stages by a spec such as ``"00-02"``, ``"01,03"`` or ``"02"``.

    Raises
    ------
    ValueError
        When the spec is malformed or names no known stage.
    """
    if not spec:
        return stages
    wanted: set[int] = set()
    for part in spec.split(","):
        bounds = part.strip().split("-")
        if not all(b.isdigit() for b in bounds) or len(bounds) > 2:
            raise ValueError(f"--stages {spec!r}: use numbers like 00-02 or 01,03")
        low, high = int(bounds[0]), int(bounds[-1])
        wanted |= set(range(low, high + 1))
    chosen = [stage for stage in stages if stage.number in wanted]
    if not chosen:
        known = ", ".join(stage.key for stage in stages)
        raise ValueError(f"--stages {spec!r} names no stage (known: {known})")
    return chosen


def notebook_parameters(path: Path) -> dict[str, dict[str, str]]:
    """The parameters a notebook declares in its ``parameters`` cell (via papermill)."""
    import papermill

    return papermill.inspect_notebook(str(path))


def check_parameters(parameters: dict[str, object], declared: dict[str, object], where: str):
    """Refuse to inject a name that is not a plain identifier the notebook declares.

    Values travel as literals (papermill writes their ``repr``); this guards the names.
    """
    for name in parameters:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"{where}: parameter name {name!r} is not a valid identifier")
        if name not in declared:
            raise ValueError(f"{where}: notebook declares no parameter {name!r}")


@functools.cache
def kernel_name() -> str:
    """The project's kernel when it is registered, else the current environment's python3."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME if KERNEL_NAME in KernelSpecManager().find_kernel_specs() else "python3"


def notebook_imports(paths: Iterable[Path]) -> list[str]:
    """The modules the notebooks import at the top level of their code cells, in order.

    A kernel imports them while it waits for its first stage. Imports inside ``if`` blocks
    (``if interactive: from helpers import widgets``) are left to the notebook.
    """
    modules: dict[str, None] = {}
    for path in paths:
        # plain JSON: nbformat's import and validation cost more than this whole look-up
        for cell in json.loads(Path(path).read_text(encoding="utf-8")).get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            try:
                tree = ast.parse(source)
            except SyntaxError:  # IPython magics; the notebook reports its own errors
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    modules.update(dict.fromkeys(alias.name for alias in node.names))
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules[node.module] = None
                    modules.update(dict.fromkeys(f"{node.module}.{a.name}" for a in node.names))
    return list(modules)


# --- kernels -------------------------------------------------------------------------------

# Run once in a new kernel: import what the notebooks will import, then remember the state that
# KERNEL_RESET puts back before every stage.
KERNEL_SETUP = """\
def __playbook_setup(modules):
    import importlib, os, sys, warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:
                pass  # not a module (a name imported from one) or broken: the notebook will say
    baseline = {"cwd": os.getcwd(), "path": list(sys.path), "environ": dict(os.environ),
                "filters": list(warnings.filters)}
    if "matplotlib" in sys.modules:
        baseline["rc"] = sys.modules["matplotlib"].rcParams.copy()
    get_ipython()._playbook_baseline = baseline
__playbook_setup(__MODULES__)
del __playbook_setup
"""

# Run before every stage: the stage must not see anything an earlier stage (or campaign) left.
KERNEL_RESET = """\
def __playbook_reset(cwd):
    import os, sys, warnings
    shell = get_ipython()
    baseline = shell._playbook_baseline
    shell.reset(new_session=False)  # empties the namespace, In/Out and the output cache
    shell.execution_count = 1  # papermill and error messages number cells from 1
    os.chdir(cwd or baseline["cwd"])
    sys.path[:] = baseline["path"]
    os.environ.clear()
    os.environ.update(baseline["environ"])
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    if "rc" in baseline:
        dict.update(sys.modules["matplotlib"].rcParams, baseline["rc"])  # as rc_context does
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].ion()  # the inline backend shows figures only then
    if "pandas" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sys.modules["pandas"].reset_option("all")
    warnings.resetwarnings()  # also forgets which warnings were shown once already
    warnings.filters[:] = baseline["filters"]
__playbook_reset(__CWD__)
"""


CONNECTION_FILE = re.compile(r"^kernel-(?P<host>[A-Za-z0-9-]+)-(?P<pid>\d+)-[0-9a-f]+\.json$")


def connection_file() -> str:
    """A new kernel's connection file, named after this process so that the files a killed run
    leaves behind can be told apart and removed (:func:`clean_stale_connection_files`)."""
    from jupyter_core.paths import jupyter_runtime_dir

    folder = Path(jupyter_runtime_dir()) / "playbook"
    folder.mkdir(parents=True, exist_ok=True)
    return str(folder / f"kernel-{HOST}-{os.getpid()}-{secrets.token_hex(4)}.json")


def clean_stale_connection_files() -> list[Path]:
    """Remove the connection files of kernels whose run on this machine is gone (``kill -9``)."""
    from jupyter_core.paths import jupyter_runtime_dir

    removed = []
    for path in (Path(jupyter_runtime_dir()) / "playbook").glob("kernel-*.json"):
        match = CONNECTION_FILE.match(path.name)
        if match and match["host"] == HOST and not alive(int(match["pid"])):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


class KernelStartError(RuntimeError):
    """The kernel would not start (after retries)."""


class KernelSession:
    """One Jupyter kernel that runs stage after stage, reset in between.

    Parameters
    ----------
    kernel : str, optional
        Kernel name; the project's kernel by default.
    cwd : Path
        The kernel's working directory (papermill's ``cwd``), set when it starts instead of
        changing this process's directory, which parallel runs would fight over.
    warm_modules : list of str
        Modules to import as soon as the kernel is up (see :func:`notebook_imports`).
    """

    def __init__(
        self, kernel: str | None = None, cwd: Path = NOTEBOOKS_DIR, warm_modules=()
    ) -> None:
        self.kernel = kernel or kernel_name()
        self.cwd = Path(cwd).resolve()
        self.warm_modules = list(warm_modules)
        self.km = None
        self.kc = None
        self.uses = 0
        self._setup_msg: str | None = None
        self._pending_reset: tuple[str, str] | None = None
        self._ready = False
        self._thread = threading.get_ident()  # its client's event loop belongs to this thread

    def start(self) -> None:
        """Launch the kernel and queue its set-up; returns without waiting for it."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.km = AsyncKernelManager(kernel_name=self.kernel, connection_file=connection_file())
        run_sync(self.km.start_kernel)(cwd=str(self.cwd), extra_arguments=KERNEL_ARGUMENTS)
        self.kc = self.km.client()
        self.kc.start_channels()
        code = KERNEL_SETUP.replace("__MODULES__", repr(self.warm_modules))
        self._setup_msg = self.kc.execute(code, silent=True, store_history=False)
        self._ready = False

    def wait_ready(self, timeout: float = 60) -> None:
        """Wait until the kernel is up and set up; start it again when it failed to start.

        Several kernels starting at once can pick the same free port (a known papermill pitfall
        in parallel runs): the loser dies at once, and a new kernel with new ports is started.

        Raises
        ------
        KernelStartError
            When the kernel did not start in :data:`KERNEL_START_ATTEMPTS` tries.
        """
        from jupyter_client.kernelspec import NoSuchKernel
        from jupyter_core.utils import run_sync

        problem: Exception | None = None
        for _attempt in range(KERNEL_START_ATTEMPTS):
            try:
                if self.km is None:
                    self.start()
                if not self._ready:
                    run_sync(self._await_reply)(self._setup_msg, timeout)
                    run_sync(self.kc.wait_for_ready)(timeout=timeout)
                    self._ready = True
                return
            except NoSuchKernel:
                self.shutdown()
                raise KernelStartError(
                    f"no kernel named {self.kernel!r} (register it: python -m ipykernel "
                    f"install --sys-prefix --name {self.kernel})"
                ) from None
            except Exception as error:  # a port clash, a kernel that died while starting
                problem = error
                self.shutdown()
        raise KernelStartError(
            f"kernel {self.kernel!r} did not start in {KERNEL_START_ATTEMPTS} tries: {problem}"
        )

    async def _await_reply(self, msg_id: str, timeout: float) -> dict:
        """The shell reply to ``msg_id``; fails early when the kernel process dies."""
        from queue import Empty

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                msg = await self.kc.get_shell_msg(timeout=0.5)
            except Empty:
                if not await self.km.is_alive():
                    raise RuntimeError("the kernel died") from None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                if msg["content"].get("status") != "ok":
                    content = msg["content"]
                    raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
                return msg
        raise TimeoutError(f"no reply from the kernel in {timeout:.0f} s")

    def alive(self) -> bool:
        """Whether the kernel process is running."""
        from jupyter_core.utils import run_sync

        return self.km is not None and run_sync(self.km.is_alive)()

    def begin_reset(self, cwd: Path | None = None) -> None:
        """Start resetting the kernel now (after a stage), so that it is ready sooner."""
        if self.kc is not None and self._ready:
            code = KERNEL_RESET.replace("__CWD__", repr(str(cwd or self.cwd)))
            self._pending_reset = (str(cwd or self.cwd), self.kc.execute(code, silent=True))

    def prepare(self, cwd: Path | None = None) -> None:
        """Make the kernel ready for a stage: started, alive, and reset to its baseline.

        Raises
        ------
        KernelStartError
            When no kernel could be started and reset.
        """
        if self.km is not None and (self.uses >= KERNEL_MAX_USES or not self.alive()):
            self.shutdown()
        try:
            self._reset(cwd)
        except KernelStartError:
            raise
        except Exception:  # a kernel that cannot be reset is not reused: start a clean one
            self.shutdown()
            try:
                self._reset(cwd)
            except Exception as error:
                raise KernelStartError(f"could not reset the kernel: {error}") from None
        self.uses += 1

    def _reset(self, cwd: Path | None) -> None:
        from jupyter_core.utils import run_sync

        self.wait_ready()
        pending, self._pending_reset = self._pending_reset, None
        if pending is None or pending[0] != str(cwd or self.cwd):
            code = KERNEL_RESET.replace("__CWD__", repr(str(cwd or self.cwd)))
            pending = (str(cwd or self.cwd), self.kc.execute(code, silent=True))
        run_sync(self._await_reply)(pending[1], 60)

    def shutdown(self) -> None:
        """Stop the kernel (quietly; it may be dead already)."""
        from jupyter_core.utils import run_sync

        km, kc = self.km, self.kc
        if km is not None and threading.get_ident() != self._thread:
            # another thread (exit handlers): the kernel's event loop is not ours to run
            process = getattr(km.provisioner, "process", None) if km.provisioner else None
            if process is not None:
                with contextlib.suppress(Exception):
                    process.kill()
            km = kc = None
        self.km = self.kc = None
        self._ready = False
        self._pending_reset = None
        self.uses = 0
        if kc is not None:
            with contextlib.suppress(Exception):
                kc.stop_channels()
        if km is not None:
            with contextlib.suppress(Exception):  # it may be dead already
                run_sync(km.shutdown_kernel)(now=True)


class KernelPool:
    """The kernels of a run, or of a batch worker across campaigns.

    Parameters
    ----------
    reuse : bool
        One kernel reused for every stage (reset in between), or a fresh kernel per stage with
        the next one started while the current stage runs.
    warm_modules : list of str
        Modules each kernel imports as soon as it is up.
    kernel : str, optional
        Kernel name; the project's kernel by default.
    """

    def __init__(self, reuse: bool = True, warm_modules=(), kernel: str | None = None):
        self.reuse = reuse
        self.warm_modules = list(warm_modules)
        self.kernel = kernel
        self._next: KernelSession | None = None
        self._lock = threading.Lock()

    def _new(self, cwd: Path) -> KernelSession:
        session = KernelSession(self.kernel, cwd, self.warm_modules)
        try:
            session.start()
        except Exception:
            session.shutdown()  # wait_ready() retries and reports it
        return session

    def prestart(self, cwd: Path) -> None:
        """Start a kernel now, so that it is warm when the first stage needs it."""
        with self._lock:
            if self._next is None:
                self._next = self._new(cwd)

    def acquire(self, cwd: Path, more: bool = False) -> KernelSession:
        """A ready kernel, reset for a stage run in ``cwd``.

        Parameters
        ----------
        cwd : Path
            The stage's working directory (its notebook's folder).
        more : bool
            Whether another stage follows (a fresh kernel is then started for it right away).
        """
        with self._lock:
            session, self._next = self._next, None
        if session is None:
            session = self._new(cwd)
        if not self.reuse and more:
            self.prestart(cwd)
        session.prepare(cwd)
        return session

    def release(self, session: KernelSession) -> None:
        """Give a kernel back after a stage: kept when reused, else stopped."""
        if self.reuse:
            with self._lock:
                if self._next is None:
                    session.begin_reset()
                    self._next = session
                    return
        session.shutdown()

    def close(self) -> None:
        """Stop every kernel of the pool."""
        with self._lock:
            session, self._next = self._next, None
        if session is not None:
            session.shutdown()


# --- executing a stage ---------------------------------------------------------------------


@functools.cache
def _session_engine() -> str:
    """Register (once) the papermill engine that runs notebooks in a :class:`KernelSession`."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
    from papermill.log import logger

    class SaveAtEndManager(NotebookExecutionManager):
        """Papermill saves the whole notebook before and after every cell; once is enough here.

        A killed run is thrown away, and a failed stage is saved when it stops.
        """

        final = False

        def save(self, **kwargs):
            if self.final:
                super().save(**kwargs)

        def notebook_complete(self, **kwargs):
            self.final = True
            super().notebook_complete(**kwargs)

    class SessionEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=False, **kw):
            manager = SaveAtEndManager(
                nb, output_path=output_path, progress_bar=False, autosave_cell_every=0
            )
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, **kw)
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
        return f"cell {error.exec_count}: {error.ename}: {_first_line(error.evalue)}"
    except CellTimeoutError:
        if session is not None:
            session.shutdown()
        cell = _mark_timed_out_cell(output, timeout)
        return (
            f"cell {cell}: ran past the stage's time limit of {timeout:g} s (raise it with "
            "--stage-timeout or run.stage_timeout in the campaign file)"
        )
    except Exception as error:  # a kernel that died or would not start
        return f"{type(error).__name__}: {_first_line(str(error))}"
    return None


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


def _first_line(text: str) -> str:
    lines = [line for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


# --- report pages --------------------------------------------------------------------------

_local = threading.local()


def _exporter():
    """An HTML exporter per thread (building one compiles the templates: do it once)."""
    if not _local.__dict__.get("exporter"):
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        from traitlets.config import Config

        config = Config()
        config.TagRemovePreprocessor.remove_cell_tags = HIDDEN_CELL_TAGS
        config.TagRemovePreprocessor.enabled = True
        exporter = HTMLExporter(
            config=config,
            template_name="report",
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            filters={"safe_html": safe_html, "markdown_output_html": markdown_output_html},
        )
        exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
        exporter.log.setLevel("ERROR")  # nbconvert notes on image alt text are not for the user
        _local.exporter = exporter
    return _local.exporter


HEADING = re.compile(r'<h(?P<level>[12]) id="(?P<id>[^"]+)">(?P<inner>.*?)</h[12]>', re.DOTALL)
BODY_START, BODY_END = "<!--playbook:body-->", "<!--playbook:end-body-->"


def page_sections(page: str) -> tuple[str | None, list[tuple[str, str]]]:
    """An exported page's title (its first ``h1``) and the ``(id, text)`` of each ``h2``."""
    body = page.split(BODY_START, 1)[-1].split(BODY_END, 1)[0]
    title, sections = None, []
    for match in HEADING.finditer(body):
        inner = re.sub(r'<a class="anchor-link".*?</a>', "", match["inner"], flags=re.DOTALL)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        if match["level"] == "2":
            sections.append((match["id"], text))
        elif title is None:
            title = text
    return title, sections


def _toc(sections: list[tuple[str, str]], prefix: str = "", title: str = "On this page") -> str:
    if not sections:
        return ""
    items = "".join(
        f'<li><a href="#{prefix}{html.escape(anchor)}">{html.escape(text)}</a></li>'
        for anchor, text in sections
    )
    return f'<nav class="toc"><strong>{html.escape(title)}</strong><ol>{items}</ol></nav>'


def export_html(
    notebook: Path, page: Path, campaign: Campaign, stage: Stage
) -> tuple[str | None, list[tuple[str, str]]]:
    """Export an executed notebook to a code-free HTML page with everything inline.

    Code, prompts, the parameters cells and warnings written to stderr are left out; charts are
    embedded as images; no script or font is loaded from the network; output HTML is passed
    through :func:`safe_html`. The page gets the campaign's name, a link to the report's front
    page and a table of contents (links to the stages before and after are added by
    :func:`link_pages` once every stage has run).

    Returns
    -------
    (str or None, list of (str, str))
        The page's title (its first heading) and its sections: heading id and text.
    """
    import nbformat

    node = nbformat.read(notebook, as_version=4)
    node.metadata["title"] = f"{stage.title} — {campaign.name}"
    _drop_stderr(node)
    _ = translator(campaign.language)
    resources = {
        "campaign_name": campaign.name,
        "stage_title": stage.title,
        "generated": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "version": __version__,
        "language": campaign.language,
        "labels": {"report": _("campaign report"), "overview": _("Report overview")},
        "csp_meta": CSP_META,
    }
    body, _resources = _exporter().from_notebook_node(node, resources=resources)
    title, sections = page_sections(body)
    if sections:  # the contents go after the page's title and introduction
        first = body.index(f'<h2 id="{sections[0][0]}"')
        body = body[:first] + _toc(sections, title=_("On this page")) + body[first:]
    write_text_atomically(page, body)
    return title, sections


def _drop_stderr(node) -> None:
    """Warnings are for the analyst in JupyterLab, not for the marketer reading the report."""
    for cell in node.cells:
        if cell.get("outputs"):
            cell.outputs = [
                out
                for out in cell.outputs
                if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
            ]


def _jinja():
    if not _local.__dict__.get("jinja"):
        from jinja2 import Environment, FileSystemLoader, select_autoescape
        from markupsafe import Markup

        _local.jinja = Environment(
            loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True)
        )
        _local.jinja.globals["csp_meta"] = Markup(CSP_META)
    return _local.jinja


def write_full_report(run_dir: Path, campaign: Campaign, result: RunResult) -> Path:
    """``report.html``: every stage page on one page with one table of contents (also the PDF).

    Heading ids are prefixed with the stage, so that two stages' "Sources" do not collide.
    """
    from markupsafe import Markup

    parts = []
    for stage in result.stages:
        if not stage.html or not (run_dir / stage.html).is_file():
            continue
        page = (run_dir / stage.html).read_text(encoding="utf-8")
        body = page.split(BODY_START, 1)[-1].split(BODY_END, 1)[0]
        body = re.sub(r'<nav class="toc">.*?</nav>', "", body, count=1, flags=re.DOTALL)
        for anchor, _ in stage.sections:
            body = body.replace(f'id="{anchor}"', f'id="{stage.stage}--{anchor}"')
            body = body.replace(f'href="#{anchor}"', f'href="#{stage.stage}--{anchor}"')
        parts.append((stage, Markup(body)))
    css = (TEMPLATES_DIR / "report" / "report.css").read_text(encoding="utf-8")
    page = (
        _jinja()
        .get_template("full-report.html.j2")
        .render(
            campaign=campaign,
            _=translator(campaign.language),
            parts=parts,
            failed=result.failed,
            css=Markup(css),
            generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
            version=__version__,
        )
    )
    path = run_dir / "report.html"
    write_text_atomically(path, page)
    return path


def write_index(
    run_dir: Path,
    campaign: Campaign,
    result: RunResult,
    campaign_file: Path,
    started: datetime | None = None,
):
    """Write ``index.html`` (the report's front page) and ``run.json`` (for machines)."""
    finished = datetime.now()
    page = (
        _jinja()
        .get_template("index.html.j2")
        .render(
            campaign=campaign,
            _=translator(campaign.language),
            stages=result.stages,
            failed=result.failed,
            generated=finished.strftime("%Y-%m-%d %H:%M"),
            version=__version__,
            campaign_file=display_path(campaign_file),
            full_report=(run_dir / "report.html").is_file(),
            pdf=result.pdf,
        )
    )
    write_text_atomically(run_dir / "index.html", page)
    summary = {
        "campaign": campaign.id,
        "ok": result.ok,
        "stages": [asdict(s) for s in result.stages],
        "name": campaign.name,
        "brand": campaign.brand,
        "objective": campaign.objective,
        "markets": list(campaign.markets),
        "currency": campaign.currency,
        "budget": campaign.budget,
        "start": str(campaign.start),
        "end": str(campaign.end),
        "campaign_file": str(campaign_file),
        "started": (started or finished).isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "seconds": result.seconds,
        "version": __version__,
    }
    write_text_atomically(run_dir / "run.json", json.dumps(summary, indent=2, default=str))


# --- the run -------------------------------------------------------------------------------


def run_campaign(
    campaign_file: str | Path,
    out_dir: str | Path = REPORTS_DIR,
    stages: str | None = None,
    keep_going: bool = False,
    on_stage: Callable[[Stage, StageResult], None] | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    kernels: KernelPool | None = None,
    fresh_kernels: bool = False,
    pdf: bool = False,
    stage_timeout: float | None = None,
) -> RunResult:
    """Run a campaign's stages and write its report.

    Parameters
    ----------
    campaign_file : str or Path
        The campaign's YAML file.
    out_dir : str or Path
        Where reports go; the report is ``out_dir/<campaign id>/``.
    stages : str, optional
        Which stages to run, e.g. ``"00-02"``; all by default.
    keep_going : bool
        Run later stages after a failure instead of skipping them.
    on_stage : callable, optional
        Called after each stage with the stage and its result (progress display).
    notebooks_dir : Path
        Where the stage notebooks are (tests use small fixture notebooks).
    kernels : KernelPool, optional
        Kernels to run in (a batch worker passes its own, kept across campaigns); by default
        the run starts its own and stops them at the end.
    fresh_kernels : bool
        A new kernel for every stage instead of one kernel reset between stages.
    pdf : bool
        Also print ``report.pdf`` with Chromium (a note says why when it could not).
    stage_timeout : float, optional
        Seconds one stage may run; the campaign's ``run.stage_timeout`` by default.

    Returns
    -------
    RunResult
        Each stage's status; ``report_dir`` is the report, or the ``.failed`` folder.

    Raises
    ------
    InputError
        When the campaign file or one of its data files is invalid; nothing is run then.
    """
    started_at, clock = datetime.now(), time.perf_counter()
    campaign_file = Path(campaign_file).resolve()
    campaign = load_campaign(campaign_file)
    chosen = select_stages(discover_stages(notebooks_dir), stages)
    if not chosen:
        raise ValueError(f"{display_path(notebooks_dir)}: no stage notebooks (NN-name.ipynb) here")
    pool = kernels or KernelPool(
        reuse=not fresh_kernels, warm_modules=notebook_imports(s.path for s in chosen)
    )
    pool.prestart(chosen[0].path.parent)  # the kernel starts while the data is checked
    run_dir = None
    try:
        unready = readiness_problems(campaign, load_campaign_data(campaign))
        if unready:
            raise InputError(unready)
        out_dir = prepare_out_dir(out_dir)
        with report_lock(out_dir):
            check_replaceable(out_dir, campaign.id)
            clean_stale_runs(out_dir, campaign.id)
            run_dir = new_run_folder(out_dir, campaign.id)
        clean_stale_connection_files()
        result = RunResult(campaign.id, run_dir, [StageResult(s.key, s.title) for s in chosen])
        parameters = {"campaign_file": str(campaign_file), "run_dir": str(run_dir)}
        parameters["interactive"] = False
        timeout = stage_timeout or campaign.run.stage_timeout
        _run_stages(chosen, result, campaign, parameters, pool, keep_going, on_stage, timeout)
        if any(stage.html for stage in result.stages):
            link_pages(run_dir, result)
            write_full_report(run_dir, campaign, result)
        if pdf:
            _print_report_pdf(run_dir, result)
        result.seconds = round(time.perf_counter() - clock, 2)
        write_index(run_dir, campaign, result, campaign_file, started_at)
        result.report_dir = put_in_place(run_dir, out_dir, campaign.id, result.ok)
    except BaseException:
        # interrupted or broken: leave nothing half-written behind; the last report stays
        if run_dir is not None:
            shutil.rmtree(run_dir, ignore_errors=True)
        raise
    finally:
        if kernels is None:
            pool.close()
    return result


def _run_stages(
    chosen: list[Stage],
    result: RunResult,
    campaign: Campaign,
    parameters: dict[str, object],
    pool: KernelPool,
    keep_going: bool,
    on_stage: Callable[[Stage, StageResult], None] | None,
    timeout: float,
) -> None:
    """Execute the stages in order; export each page in the background while the next runs."""
    run_dir = Path(str(parameters["run_dir"]))
    exports: list[Future] = []
    blocked = False
    with ThreadPoolExecutor(1, thread_name_prefix="playbook-export") as exporter:
        for index, (stage, outcome) in enumerate(zip(chosen, result.stages, strict=True)):
            if not blocked:
                notebook = run_dir / f"{stage.key}.ipynb"
                started = time.perf_counter()
                try:
                    session = pool.acquire(stage.path.parent, more=index + 1 < len(chosen))
                except KernelStartError as error:
                    outcome.error = str(error)
                else:
                    outcome.error = execute_stage(stage, parameters, notebook, session, timeout)
                    pool.release(session)
                outcome.seconds = round(time.perf_counter() - started, 2)
                outcome.status = "failed" if outcome.error else "done"
                if notebook.exists():
                    outcome.notebook = notebook.name
                    outcome.html = f"{stage.key}.html"
                    exports.append(
                        exporter.submit(_export, index, chosen, result, campaign, run_dir)
                    )
                blocked = outcome.status == "failed" and not keep_going
            if on_stage:
                on_stage(stage, outcome)
        for export in exports:
            export.result()


def _export(index: int, chosen, result: RunResult, campaign: Campaign, run_dir: Path) -> None:
    stage, outcome = chosen[index], result.stages[index]
    try:
        outcome.heading, outcome.sections = export_html(
            run_dir / outcome.notebook, run_dir / outcome.html, campaign, stage
        )
    except Exception as error:  # the stage ran; its page could not be written
        outcome.status = "failed"
        outcome.error = f"page export failed: {type(error).__name__}: {_first_line(str(error))}"
        outcome.html = None


NAV_MARK = "<!--playbook:nav-->"


def link_pages(run_dir: Path, result: RunResult) -> None:
    """Add to each stage page the links to the stages before and after that have a page."""
    pages = [stage for stage in result.stages if stage.html]
    for position, stage in enumerate(pages):
        links = ""
        if position > 0:
            before = pages[position - 1]
            links += f' · <a href="{before.html}">&larr; {html.escape(before.title)}</a>'
        if position + 1 < len(pages):
            after = pages[position + 1]
            links += f' · <a href="{after.html}">{html.escape(after.title)} &rarr;</a>'
        path = run_dir / stage.html
        text = path.read_text(encoding="utf-8")
        write_text_atomically(path, text.replace(NAV_MARK, links, 1))


# --- PDF -----------------------------------------------------------------------------------

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_MISSING = (
    "Chromium not found (on Debian or Ubuntu: sudo apt-get install chromium; "
    "or set PLAYBOOK_CHROMIUM to a Chrome or Chromium executable)"
)


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable: ``$PLAYBOOK_CHROMIUM`` or the first on the PATH."""
    named = os.environ.get("PLAYBOOK_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def chromium_command(chromium: str, profile: Path) -> list[str]:
    """Headless Chromium that cannot reach the network (reports must not need it)."""
    command = [
        chromium,
        "--headless",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return command


def print_pdf(page: Path, pdf: Path, timeout: float = 120) -> Path:
    """Print an HTML page to PDF with headless Chromium (not nbconvert's webpdf, which
    downloads a browser of its own).

    Raises
    ------
    FileNotFoundError
        When Chromium is not installed (the message says how to install it).
    RuntimeError
        When Chromium ran but wrote no PDF.
    OSError
        When the Chromium found cannot be started.
    """
    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError(CHROMIUM_MISSING)
    pdf = Path(pdf)
    partial = pdf.with_name(f".{pdf.name}.partial-{os.getpid()}-{secrets.token_hex(3)}")
    try:
        with tempfile.TemporaryDirectory(prefix="playbook-chromium-") as profile:
            command = chromium_command(chromium, Path(profile)) + [
                "--no-pdf-header-footer",
                f"--print-to-pdf={partial}",
                Path(page).resolve().as_uri(),
            ]
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        if not partial.is_file() or not partial.read_bytes()[:5] == b"%PDF-":
            raise RuntimeError(f"{chromium} wrote no PDF (exit {done.returncode})")
        os.replace(partial, pdf)
    finally:
        partial.unlink(missing_ok=True)
    return pdf


def _print_report_pdf(run_dir: Path, result: RunResult) -> None:
    page = run_dir / "report.html"
    if not page.is_file():
        return
    try:
        print_pdf(page, run_dir / "report.pdf")
        result.pdf = "report.pdf"
    except FileNotFoundError as error:
        result.notes.append(f"PDF skipped: {error}")
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        result.notes.append(f"PDF failed: {_first_line(str(error))}")


# --- progress ------------------------------------------------------------------------------


def progress_printer(total: int, stream=sys.stderr) -> Callable[[Stage, StageResult], None]:
    """A progress bar on a terminal; nothing when output is not a terminal."""
    if not stream.isatty():
        return lambda stage, outcome: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="stage", file=stream, leave=False)

    def update(stage: Stage, outcome: StageResult) -> None:
        bar.set_description(f"{stage.key}: {outcome.status}")
        bar.update(1)
        if bar.n >= total:
            bar.close()

    return update
