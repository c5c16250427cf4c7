"""Reports printed to PDF with headless Chromium that cannot reach the network (Debian's
``chromium``; not nbconvert's webpdf, which downloads a browser of its own).
"""

from __future__ import annotations

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
