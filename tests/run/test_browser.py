"""The demo report in a real browser: headless Chromium, driven over the DevTools protocol.

Every stage is there, no error banner, no script error or dialog, no request leaves the page
(the network is off for the browser), and a screenshot is saved. Chromium comes from the system
(``apt-get install -y chromium``); without it these tests are skipped and say so.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.core.config import DEMO_CAMPAIGN
from helpers.run import cli
from helpers.run.pdf import chromium_command, find_chromium
from helpers.run.runner import run_campaign
from helpers.stages.registry import discover_stages
from tests.conftest import BATCH, GOOD, TINY

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed: sudo apt-get install -y chromium chromium-driver "
    "(or set PLAYBOOK_CHROMIUM to a Chrome or Chromium executable)",
)


class Browser:
    """Headless Chromium with one page, driven over the DevTools protocol (CDP)."""

    def __init__(self, profile: Path) -> None:
        command = chromium_command(CHROMIUM, profile)
        command += ["--remote-debugging-port=0", "--window-size=1200,900", "about:blank"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.is_file() or not port_file.read_text().strip():
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as reply:
            page = next(t for t in json.load(reply) if t["type"] == "page")
        import websocket  # websocket-client, installed with Jupyter

        self.socket = websocket.create_connection(
            page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.events: list[dict] = []
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params) -> dict:
        """Send one command and wait for its answer, keeping the events that come first."""
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self._event(message)

    def _event(self, message: dict) -> None:
        self.events.append(message)
        if message.get("method") == "Page.javascriptDialogOpening":  # an alert() ran: answer it
            self.socket.send(
                json.dumps(
                    {
                        "id": 0,
                        "method": "Page.handleJavaScriptDialog",
                        "params": {"accept": True},
                    }
                )
            )

    def open(self, path: Path) -> dict:
        """Load a page and return what happened: requests, failures, errors and dialogs."""
        self.events.clear()
        self.call("Page.navigate", url=path.resolve().as_uri())
        deadline = time.monotonic() + 60
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path.name} did not finish loading")
            self._event(json.loads(self.socket.recv()))
        time.sleep(0.3)  # let late scripts, if any, run
        self.call("Runtime.evaluate", expression="1")  # and collect their events
        of = lambda name: [e["params"] for e in self.events if e.get("method") == name]  # noqa: E731
        return {
            "requests": [p["request"]["url"] for p in of("Network.requestWillBeSent")],
            "failed": [p.get("errorText") for p in of("Network.loadingFailed")],
            "exceptions": of("Runtime.exceptionThrown"),
            "console_errors": [p for p in of("Runtime.consoleAPICalled") if p["type"] == "error"]
            + [p for p in of("Log.entryAdded") if p["entry"]["level"] == "error"],
            "dialogs": [p["message"] for p in of("Page.javascriptDialogOpening")],
        }

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        """The whole page as a PNG."""
        height = self.evaluate("document.documentElement.scrollHeight") or 900
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=1200,
            height=min(int(height), 12000),
            deviceScaleFactor=1,
            mobile=False,
        )
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        """Close the connection and the browser."""
        with contextlib.suppress(Exception):
            self.socket.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    pytest.importorskip("websocket", reason="needs websocket-client (a Jupyter dependency)")
    session = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield session
    session.close()


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    """The demo campaign (``make demo``) run through every real stage."""
    result = run_campaign(DEMO_CAMPAIGN, out_dir=tmp_path_factory.mktemp("reports"))
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    return result.report_dir


def assert_self_contained(loaded: dict, page: str) -> None:
    """Nothing but the page itself and inline data was requested; nothing failed or ran."""
    outside = [u for u in loaded["requests"] if not u.startswith(("file://", "data:"))]
    assert not outside, f"{page} asked the network for {outside}"
    assert not loaded["failed"], f"{page}: failed requests {loaded['failed']}"
    assert not loaded["exceptions"], f"{page}: script errors {loaded['exceptions']}"
    assert not loaded["console_errors"], f"{page}: console errors {loaded['console_errors']}"
    assert not loaded["dialogs"], f"{page}: a script opened a dialog {loaded['dialogs']}"


@needs_chromium
def test_demo_report_in_a_browser(browser, demo_report, tmp_path):
    stages = discover_stages()
    loaded = browser.open(demo_report / "index.html")
    assert_self_contained(loaded, "index.html")
    links = browser.evaluate("[...document.querySelectorAll('td a')].map(a => a.textContent)")
    assert sum(f"{stage.key}.html" in links for stage in stages) == len(stages)
    assert browser.evaluate("document.querySelectorAll('.status.done').length") == len(stages)
    assert browser.evaluate("document.querySelectorAll('.banner.failed').length") == 0
    for stage in stages:
        loaded = browser.open(demo_report / f"{stage.key}.html")
        assert_self_contained(loaded, stage.key)
        text = browser.evaluate("document.body.innerText")
        assert "Finding." in text and "Traceback" not in text, stage.key
        assert browser.evaluate("document.querySelectorAll('main h1').length") >= 1
    loaded = browser.open(demo_report / "report.html")
    assert_self_contained(loaded, "report.html")
    assert browser.evaluate("document.querySelectorAll('section.stage').length") == len(stages)
    assert browser.evaluate("document.querySelectorAll('.banner.failed').length") == 0
    shot = browser.screenshot(tmp_path / "demo-report.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


@needs_chromium
def test_unsafe_data_does_not_run_in_the_browser(browser, tmp_path):
    result = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=BATCH, stages="01")
    loaded = browser.open(result.report_dir / "01-unsafe.html")
    assert_self_contained(loaded, "01-unsafe.html")  # no alert() ran, nothing was fetched
    text = browser.evaluate("document.body.innerText")
    assert "<script>alert(1)</script>" in text  # the name reads as written
    assert browser.evaluate("document.querySelectorAll('main script').length") == 0


@needs_chromium
def test_pdf_of_a_report(tmp_path, capsys):
    result = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD, pdf=True)
    pdf = result.report_dir / "report.pdf"
    assert result.pdf == "report.pdf" and pdf.read_bytes()[:5] == b"%PDF-"
    assert 'href="report.pdf"' in (result.report_dir / "index.html").read_text(encoding="utf-8")
    pdf.unlink()
    assert cli.main(["pdf", str(result.report_dir)]) == 0
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_pdf_without_chromium_says_how_to_get_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PLAYBOOK_CHROMIUM", str(tmp_path / "no-chromium"))
    result = run_campaign(TINY, out_dir=tmp_path, notebooks_dir=GOOD, pdf=True)
    assert result.ok and result.pdf is None
    assert result.notes == [
        "PDF skipped: Chromium not found (on Debian or Ubuntu: sudo apt-get install chromium; "
        "or set PLAYBOOK_CHROMIUM to a Chrome or Chromium executable)"
    ]
    assert cli.main(["pdf", str(result.report_dir)]) == 1
    assert "no PDF: Chromium not found" in capsys.readouterr().err
