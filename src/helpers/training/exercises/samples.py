"""The sample data the exercises read, once: the roster and the other tables of ``data/sample/``."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import pandas as pd

from helpers.core.config import SAMPLE_DIR
from helpers.training.exercises.answers import _text, _Unreadable


@cache
def _sample(name: str) -> pd.DataFrame:
    return pd.read_csv(SAMPLE_DIR / name, keep_default_na=False, na_values=[""])


def _roster() -> pd.DataFrame:
    return _sample("influencers.csv")


def _handle(influencer_id: str) -> str:
    return str(_roster().set_index("influencer_id").at[influencer_id, "handle"])


def _creator_id(answer: object, allowed: Iterable[str]) -> str:
    """An influencer_id from an id (``inf-00042``) or a handle (``@santav.style``)."""
    allowed = list(allowed)
    text = _text(answer, "a creator's handle or influencer_id")
    if text in allowed:
        return text
    handle = text if text.startswith("@") else f"@{text}"
    for influencer_id in allowed:
        if _handle(influencer_id).casefold() == handle.casefold():
            return influencer_id
    choices = ", ".join(_handle(i) for i in allowed)
    raise _Unreadable(f"{text!r} is not one of the creators in this exercise ({choices}).")
