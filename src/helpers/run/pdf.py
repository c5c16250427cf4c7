"""Reports printed to PDF with headless Chromium that cannot reach the network (Debian's
``chromium``; not nbconvert's webpdf, which downloads a browser of its own).
"""

from __future__ import annotations

import base64
import contextlib
import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

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
                "--no-pdf-header-footer",  # the page's own @page margin boxes say it
                "--generate-pdf-document-outline",  # bookmarks: the stages and their sections
                "--hide-scrollbars",
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


# --- layout --------------------------------------------------------------------------------

#: What :func:`measure_layout` reads from a page: the document's width and every table, chart
#: or code block that is wider than the page's content box (what a phone scrolls sideways, or
#: what a printer cuts at the right edge), with the box it sits in.
LAYOUT_SCRIPT = """(() => {
  const root = document.documentElement, body = document.body;
  const inner = body.getBoundingClientRect().right
    - parseFloat(getComputedStyle(body).paddingRight);
  const wide = [];
  for (const node of document.querySelectorAll('table, img, svg, pre')) {
    const box = node.getBoundingClientRect();
    if (!box.width) continue;
    let clip = node.parentElement, scrolls = false;
    for (; clip && clip !== body; clip = clip.parentElement) {
      const style = getComputedStyle(clip);
      if (['auto', 'scroll'].includes(style.overflowX)) { scrolls = true; break; }
    }
    const label = (node.querySelector && node.querySelector('caption, th')
      || {textContent: node.getAttribute('alt') || ''}).textContent.trim().slice(0, 60);
    if (box.right > Math.min(inner, root.clientWidth) + 1)
      wide.push({tag: node.tagName.toLowerCase(), label, width: Math.round(box.width),
                 right: Math.round(box.right), scrolls});
  }
  const charts = [...document.querySelectorAll('img')].map(img => ({
    shown: Math.round(img.getBoundingClientRect().width), natural: img.naturalWidth}));
  return {scroll_width: root.scrollWidth, viewport: root.clientWidth, wide, charts};
})()"""


def measure_layout(
    page: Path,
    width: int,
    media: str = "screen",
    timeout: float = 60,
    screenshot: Path | None = None,
) -> dict[str, object]:
    """Lay a page out in headless Chromium at ``width`` CSS pixels and say what is too wide.

    ``media="print"`` lays it out as printed (use the paper's content width, 718 px for A4 with
    12 mm margins); ``"screen"`` as a phone (``mobile``: the page's viewport tag counts) or,
    from 1000 px on, a desktop shows it.

    Returns
    -------
    dict
        ``scroll_width`` (the document's width; more than ``viewport`` means the whole page
        scrolls sideways), ``viewport``, ``wide`` (tables, images and code blocks wider than the
        page: ``tag``, ``label``, ``width``, ``right`` and ``scrolls``, true when the element
        scrolls in a box of its own) and ``charts`` (each image's ``shown`` and ``natural``
        width). With ``screenshot``, a PNG of the whole page is written there too.

    Raises
    ------
    FileNotFoundError
        When Chromium is not installed.
    RuntimeError
        When Chromium does not answer.
    """

    with devtools_browser(timeout) as devtools:
        target = devtools.call("Target.createTarget", url="about:blank")["targetId"]
        sid = devtools.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        devtools.call(
            "Emulation.setDeviceMetricsOverride",
            sid,
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=width < 1000 and media == "screen",
        )
        devtools.call("Emulation.setEmulatedMedia", sid, media=media)
        devtools.call("Page.enable", sid)
        devtools.call("Page.navigate", sid, url=Path(page).resolve().as_uri())
        devtools.wait_for("Page.loadEventFired")
        answer = devtools.call(
            "Runtime.evaluate", sid, expression=LAYOUT_SCRIPT, returnByValue=True
        )
        if screenshot:
            shot = devtools.call("Page.captureScreenshot", sid, captureBeyondViewport=True)
            Path(screenshot).write_bytes(base64.b64decode(shot["data"]))
        return answer["result"]["value"]


@contextlib.contextmanager
def devtools_browser(timeout: float = 60):
    """Headless Chromium to drive over its DevTools protocol (``--remote-debugging-pipe``):
    yields a :class:`_DevTools`; the browser is closed at the end.

    Raises
    ------
    FileNotFoundError
        When Chromium is not installed.
    """
    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError(CHROMIUM_MISSING)
    with tempfile.TemporaryDirectory(prefix="playbook-chromium-") as profile:
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        command = chromium_command(chromium, Path(profile))
        command += ["--remote-debugging-pipe", "--hide-scrollbars"]
        process = subprocess.Popen(
            command,
            pass_fds=(3, 4),  # kept open in the browser: the pipe ends put there
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=lambda: _pipe_ends_at_3_and_4(to_browser_r, from_browser_w),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        devtools = _DevTools(to_browser_w, from_browser_r, timeout)
        try:
            yield devtools
        finally:
            with contextlib.suppress(Exception):
                devtools.call("Browser.close")
            os.close(to_browser_w)
            os.close(from_browser_r)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _pipe_ends_at_3_and_4(reading: int, writing: int) -> None:
    """In the browser's process: what it reads at fd 3, what it writes at fd 4."""
    reading, writing = os.dup(reading), os.dup(writing)  # out of the way of 3 and 4 first
    os.dup2(reading, 3)
    os.dup2(writing, 4)


class _DevTools:
    """Chromium's DevTools protocol over ``--remote-debugging-pipe``: JSON messages ending in
    NUL, written to the browser's fd 3 and read from its fd 4."""

    def __init__(self, out_fd: int, in_fd: int, timeout: float):
        self.out_fd, self.in_fd, self.timeout = out_fd, in_fd, timeout
        self.buffer, self.events, self.next_id = b"", [], 0

    def call(self, method: str, session: str | None = None, **params) -> dict:
        import json

        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.out_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"Chromium: {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply.get("method"))

    def wait_for(self, event: str) -> None:
        while event not in self.events:
            self.events.append(self._read().get("method"))

    def _read(self) -> dict:
        import json
        import select

        while b"\0" not in self.buffer:
            ready, _w, _x = select.select([self.in_fd], [], [], self.timeout)
            chunk = os.read(self.in_fd, 1 << 16) if ready else b""
            if not chunk:
                raise RuntimeError("Chromium did not answer")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)
