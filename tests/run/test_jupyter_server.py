"""An analyst's JupyterLab session, end to end: ``jupyter lab`` on loopback, a notebook opened
through the contents API, its cells run one by one in the project's kernel over the kernel
websocket, the result saved back; everything stopped afterwards, within a time limit."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from helpers.run.kernels import kernel_name
from tests.conftest import GOOD, TINY

JUPYTER = Path(sys.executable).with_name("jupyter")
START_TIMEOUT = 60
CELL_TIMEOUT = 60

pytestmark = pytest.mark.skipif(
    shutil.which(str(JUPYTER)) is None, reason="jupyter is not installed in this environment"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Lab:
    """A ``jupyter lab`` server in a subprocess and a small client for its REST API."""

    def __init__(self, root: Path, runtime: Path) -> None:
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        command = [str(JUPYTER), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}"]
        command += [
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={root}",
            "--ServerApp.port_retries=0",
            "--LabApp.news_url=",  # nothing from the network
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")  # containers and CI often run as root
        path = os.pathsep.join([str(JUPYTER.parent), os.environ.get("PATH", "")])
        env = os.environ | {"JUPYTER_RUNTIME_DIR": str(runtime), "PATH": path}
        self.log = runtime / "lab.log"
        self.process = subprocess.Popen(
            command, stdout=self.log.open("w"), stderr=subprocess.STDOUT, env=env
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                self.api("GET", "/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"jupyter lab did not start:\n{self.log.read_text()[-2000:]}")
                time.sleep(0.3)

    def api(self, method: str, path: str, body: object = None) -> object:
        """Call the REST API; return the decoded JSON answer (None when empty)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as reply:
            text = reply.read().decode()
        return json.loads(text) if text else None

    def stop(self) -> None:
        """Shut the server down (its kernels with it), forcefully if it does not listen."""
        if self.process.poll() is None:
            try:
                self.api("POST", "/api/shutdown")
                self.process.wait(timeout=20)
            except Exception:
                self.process.terminate()
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()


def execute(channel, session: str, code: str) -> list[dict]:
    """Run one cell over the kernel websocket; return its iopub outputs (error outputs too)."""
    msg_id = uuid.uuid4().hex
    channel.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "username": "analyst",
                    "session": session,
                    "date": datetime.now(UTC).isoformat(),
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    outputs, replied, idle = [], False, False
    deadline = time.monotonic() + CELL_TIMEOUT
    while not (replied and idle):
        if time.monotonic() > deadline:
            raise TimeoutError(f"no answer to {code[:40]!r}")
        message = json.loads(channel.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["msg_type"]
        if kind == "execute_reply":
            replied = True
        elif kind == "status":
            idle = message["content"]["execution_state"] == "idle"
        elif kind in ("stream", "display_data", "execute_result", "error"):
            outputs.append({"output_type": kind, **message["content"]})
    return outputs


def test_a_notebook_runs_in_jupyterlab_through_its_apis(tmp_path):
    websocket = pytest.importorskip("websocket", reason="needs websocket-client (with Jupyter)")
    root, runtime, run_dir = tmp_path / "work", tmp_path / "runtime", tmp_path / "run"
    root.mkdir(), runtime.mkdir()
    shutil.copy(GOOD / "00-first.ipynb", root / "first.ipynb")
    lab = Lab(root, runtime)
    try:
        # the analyst opens the notebook and starts it in the project's kernel
        opened = lab.api("GET", "/api/contents/first.ipynb?content=1")
        cells = opened["content"]["cells"]
        assert opened["type"] == "notebook" and len(cells) == 4
        session = lab.api(
            "POST",
            "/api/sessions",
            {"path": "first.ipynb", "type": "notebook", "kernel": {"name": kernel_name()}},
        )
        kernel_id = session["kernel"]["id"]
        assert session["kernel"]["name"] == kernel_name()
        channel = websocket.create_connection(
            f"ws://127.0.0.1:{lab.port}/api/kernels/{kernel_id}/channels",
            header=[f"Authorization: token {lab.token}"],
            timeout=CELL_TIMEOUT,
        )
        client = uuid.uuid4().hex
        try:
            for cell in cells:
                if cell["cell_type"] != "code":
                    continue
                source = "".join(cell["source"])
                if "parameters" in cell["metadata"].get("tags", []):
                    # edits the parameters cell, as the README tells analysts to
                    source = f"campaign_file = {str(TINY)!r}\nrun_dir = {str(run_dir)!r}\n"
                    source += "interactive = True"
                cell["outputs"] = execute(channel, client, source)
                errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
                assert not errors, errors
        finally:
            channel.close()
        # the cells did their work in the analyst's run folder, with widgets allowed
        assert (run_dir / "first.txt").read_text() == "tiny-baltic-test interactive=True"
        shown = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])]
        finding = [o for o in shown if o["output_type"] == "execute_result"]
        assert finding[0]["data"]["text/markdown"] == "Finding from the first stage"
        warning = [o for o in shown if o.get("name") == "stderr"]
        assert "a warning for the analyst only" in warning[0]["text"]  # shown in the lab
        # and saves the notebook with its outputs
        for cell in cells:
            for output in cell.get("outputs", []):
                output.pop("transient", None)
                if output["output_type"] in ("display_data", "execute_result"):
                    output.setdefault("metadata", {})
        opened["content"]["cells"] = cells
        lab.api(
            "PUT",
            "/api/contents/first.ipynb",
            {"type": "notebook", "format": "json", "content": opened["content"]},
        )
        saved = json.loads((root / "first.ipynb").read_text(encoding="utf-8"))
        assert any(c.get("outputs") for c in saved["cells"] if c["cell_type"] == "code")
        lab.api("DELETE", f"/api/sessions/{session['id']}")
        assert lab.api("GET", "/api/kernels") == []
    finally:
        lab.stop()
    assert lab.process.poll() is not None
