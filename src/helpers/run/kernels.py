"""Jupyter kernels for stage runs: one kernel per campaign (or batch worker), started first (the
campaign's data is checked in it), with the modules the notebooks import already imported, and reset
before every stage (:data:`KERNEL_RESET`): its namespace emptied, its execution counter back at 1,
figures closed, and matplotlib settings, pandas options, warning filters, environment variables,
``sys.path`` and the working directory put back as they were. Only imported modules stay
loaded, which is the point.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import json
import os
import re
import secrets
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from helpers.core.config import KERNEL_NAME, NOTEBOOKS_DIR
from helpers.run.placement import (
    HOST,
    alive,
)

KERNEL_START_ATTEMPTS = 3
KERNEL_MAX_USES = 60  # stages run in one kernel before it is replaced, to bound memory growth
#: start-up chatter is not for users; and a stage's cells are not the analyst's own input, so
#: they are not written to IPython's history database in their home folder (a batch of a
#: thousand campaigns would add some 160,000 entries, its kernels queueing on one lock)
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"]


@functools.cache
def kernel_name() -> str:
    """The project's kernel when it is registered, else the current environment's python3."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME if KERNEL_NAME in KernelSpecManager().find_kernel_specs() else "python3"


def notebook_imports(paths: Iterable[Path]) -> list[str]:
    """The modules the notebooks import at the top level of their code cells, in order.

    A kernel imports them while it waits for its first stage. Imports inside ``if`` blocks
    (``if interactive: from helpers.stages.vetting import widgets``) are left to the notebook.
    A notebook that loads its tables through :mod:`helpers.stages.registry` (which stays light
    for the command line and imports the loader when it is called) gets the loader,
    ``helpers.core.data``, imported too.
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
    if "helpers.stages.registry" in modules:
        modules["helpers.core.data"] = None
    return list(modules)


# --- kernels -------------------------------------------------------------------------------

# Run once in a new kernel: import what the notebooks will import, then remember the state that
# KERNEL_RESET puts back before every stage. The imported modules live as long as the kernel, so
# the garbage collector is told to leave them out of its collections (gc.freeze): every full
# collection (the one in each reset among them) then scans only what the stages made.
KERNEL_SETUP = """\
def __playbook_setup(modules):
    import gc, importlib, os, sys, warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:
                pass  # not a module (a name imported from one) or broken: the notebook will say
    gc.collect()
    gc.freeze()
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
        # ion() also hooks pyplot's redraw of every changed figure after each cell, which drew
        # each chart once more before the inline backend drew it to PNG: once is enough
        sys.modules["matplotlib.pyplot"].uninstall_repl_displayhook()
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
                    if not run_sync(self._await_idle)(self._setup_msg, 2):
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

    async def _await_idle(self, msg_id: str, timeout: float) -> bool:
        """Whether the output channel brings the kernel's "idle" after ``msg_id`` in time: then
        it is connected, and the outputs of the first cell cannot be lost. (jupyter_client's
        ``wait_for_ready`` checks the same with a request of its own, then waits 0.2 s for
        the channel to fall silent.)"""
        from queue import Empty

        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await self.kc.get_iopub_msg(timeout=left)
            except Empty:
                return False
            state = msg["content"].get("execution_state")
            if msg["parent_header"].get("msg_id") == msg_id and state == "idle":
                return True
        return False

    def evaluate(self, code: str, name: str, timeout: float) -> object:
        """Run ``code`` in the kernel and return the value (JSON) it leaves in ``name``.

        A reset under way is waited for first; the next stage's reset clears what ``code``
        defined. Raises :class:`KernelStartError` when the kernel does not start,
        ``RuntimeError`` when the code fails or the kernel dies, ``TimeoutError``.
        """
        import base64

        from jupyter_core.utils import run_sync

        self.wait_ready()
        pending, self._pending_reset = self._pending_reset, None
        if pending is not None:
            run_sync(self._await_reply)(pending[1], 60)
        as_text = f"__import__('json').dumps({name})"
        expression = f"__import__('base64').b64encode({as_text}.encode()).decode()"
        msg_id = self.kc.execute(
            code, silent=True, store_history=False, user_expressions={"value": expression}
        )
        value = run_sync(self._await_reply)(msg_id, timeout)["content"]["user_expressions"]
        value = value["value"]
        if value.get("status") != "ok":
            raise RuntimeError(f"{value.get('ename')}: {value.get('evalue')}")
        return json.loads(base64.b64decode(ast.literal_eval(value["data"]["text/plain"])))

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

    def evaluate(self, cwd: Path, code: str, name: str, timeout: float) -> object:
        """:meth:`KernelSession.evaluate` in the kernel the next stage will get (started now
        when there is none): what the code loads stays loaded there for the stages."""
        self.prestart(cwd)
        with self._lock:
            session = self._next
        try:
            return session.evaluate(code, name, timeout)
        except Exception:
            session.shutdown()  # busy or broken: the stage starts a clean one
            raise

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
