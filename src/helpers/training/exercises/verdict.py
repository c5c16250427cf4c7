"""The verdict of a self-check: right, not yet, or not answered yet, and why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """The result of a self-check: right, not yet, or not answered yet, and why.

    Attributes
    ----------
    exercise : str
        The exercise's number and title, e.g. ``"3.1 Engagement rate per follower"``.
    correct : bool or None
        True when right, False when not yet, None when the answer is still blank.
    why : str
        What was right, or what to look at again.
    """

    exercise: str
    correct: bool | None
    why: str

    @property
    def answered(self) -> bool:
        """Whether an answer was given at all."""
        return self.correct is not None

    def __bool__(self) -> bool:
        return self.correct is True

    def _repr_markdown_(self) -> str:
        if self.correct is None:
            badge = "✏️ **Not answered yet.**"
        elif self.correct:
            badge = "✅ **Right.**"
        else:
            badge = "❌ **Not yet.**"
        return f"**Exercise {self.exercise}** — {badge} {self.why}"

    def __str__(self) -> str:
        state = {None: "not answered yet", True: "right", False: "not yet"}[self.correct]
        return f"Exercise {self.exercise}: {state}. {self.why}"


BLANK = "Replace `None` in the answer cell with your answer, then run this cell again."


def _blank(exercise: str) -> Verdict:
    return Verdict(exercise, None, BLANK)


def _right(exercise: str, why: str) -> Verdict:
    return Verdict(exercise, True, why)


def _wrong(exercise: str, why: str) -> Verdict:
    return Verdict(exercise, False, why)
