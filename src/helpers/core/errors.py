"""The one error type for mistakes in a user's input: campaign files and data files.

Every problem is one line, ``FILE: where: what is wrong (what is allowed)``, so a user can fix
them all in one pass; the command line prints them and exits with status 2, no traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

EXIT_STAGE_FAILED = 1  # a stage failed (or a report page could not be written)
EXIT_INPUT_ERROR = 2  # a campaign or data file is wrong: fix it, retrying will not help
EXIT_TRANSIENT = 75  # something outside was not there (a scheduler): try again later


class TransientError(Exception):
    """A fault outside the user's files that may pass (a scheduler not reachable): retry."""


class InputError(Exception):
    """One or more problems in files a user gave us.

    Parameters
    ----------
    problems : iterable of str
        One line per problem, each already naming its file and field or row.
    """

    def __init__(self, problems: Iterable[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def problem(file: str | Path, where: str, what: str) -> str:
    """Format one problem line: ``FILE: where: what``."""
    return f"{display_path(file)}: {where}: {what}" if where else f"{display_path(file)}: {what}"


def display_path(path: str | Path) -> str:
    """A path as the user would recognise it: relative to the working directory when inside."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
