"""Reasons: each creator's reasons for being in, out or flagged, collected rule by rule without a
Python loop over rows, in the campaign's language."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from helpers.core.campaign import Campaign
from helpers.stages.vetting.vocabulary import ENGLISH, listed
from helpers.text.i18n import Translator

_ = ENGLISH  # marks the prefixes for the catalogue; they are translated by ``say``

PREFIX = {"out": _("out: "), "flag": _("flag: "), "note": _("note: "), "in": _("in: ")}


class Reasons:
    """Collects reasons row by row without a Python loop over rows: each rule adds its text
    to the rows it concerns only (most rules concern few rows). Texts are written with the
    translator ``say``. A reason of kind ``out`` excludes the creator, ``flag`` flags them for
    a closer look, ``note`` only notes."""

    def __init__(self, size: int, scope: np.ndarray, say: Translator = ENGLISH):
        self.scope = scope  # rows whose every reason is written (the others get the first)
        self.say = say
        self.prefix = {kind: say(text) for kind, text in PREFIX.items()}
        self.text = np.full(size, "", dtype=object)
        self.written = np.zeros(size, bool)
        self.excluded = np.zeros(size, bool)
        self.flagged = np.zeros(size, bool)

    def add(self, kind: str, mask: np.ndarray, say: Callable[[np.ndarray], object]) -> None:
        """Add a reason to the rows of ``mask`` in scope: ``say(positions)`` gives one text, the
        same for every row, or one text per row."""
        positions = np.flatnonzero(mask & self.scope)
        if not len(positions):
            return
        texts = say(positions)
        if isinstance(texts, str):
            texts = np.full(len(positions), texts, dtype=object)
        else:
            texts = np.asarray(texts, dtype=object)
        texts = self.prefix[kind] + texts
        written = self.written[positions]
        self.text[positions[~written]] = texts[~written]
        if written.any():
            self.text[positions[written]] = self.text[positions[written]] + "; " + texts[written]
        self.written[positions] = True
        if kind == "out":
            self.excluded[positions] = True
        elif kind == "flag":
            self.flagged[positions] = True

    def outside(self, mask: np.ndarray, markets, platforms, campaign: Campaign) -> None:
        """Creators outside the campaign's markets or platforms: one reason, the same for
        every creator with that market and platform, so it is written once per pair."""
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        _ = self.say
        out = self.prefix["out"]
        market_codes, market_names = pd.factorize(np.asarray(markets[positions], dtype=object))
        platform_codes, platform_names = pd.factorize(
            np.asarray(platforms[positions], dtype=object)
        )
        codes = market_codes * len(platform_names) + platform_codes
        texts = []
        for market in market_names:
            for platform in platform_names:
                parts = []
                if market not in campaign.markets:
                    parts.append(
                        out
                        + _(
                            "market {market} is not a campaign market ({markets})",
                            market=market,
                            markets=listed(campaign.markets, _),
                        )
                    )
                if platform not in campaign.vetting.platforms:
                    parts.append(
                        out
                        + _(
                            "platform {platform} is not one of the campaign's ({platforms})",
                            platform=platform,
                            platforms=listed(campaign.vetting.platforms, _),
                        )
                    )
                texts.append("; ".join(parts))
        self.text[positions] = np.asarray(texts, dtype=object)[codes]
        self.written[positions] = True
        self.excluded[positions] = True

    def prepend(self, mask: np.ndarray, texts: np.ndarray) -> None:
        positions = np.flatnonzero(mask)
        current = self.text[positions]
        texts = self.prefix["in"] + np.asarray(texts, dtype=object)
        self.text[positions] = np.where(current == "", texts, texts + "; " + current)
        self.written[positions] = True


def fill(template: str, **columns) -> list[str]:
    """Fill a template's named placeholders row by row from a few columns (used on the rows a
    rule concerns only; each column holds texts or plain values)."""
    positional = template
    for number, name in enumerate(columns):
        positional = positional.replace("{" + name + "}", "{" + str(number) + "}")
    return [positional.format(*values) for values in zip(*columns.values(), strict=True)]


def by_value(values: np.ndarray, template: str, name: str, show=str, **fixed) -> np.ndarray:
    """Format a text that depends on one column only (``name``) once per distinct value; the
    other placeholders are the same for every row (``fixed``)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    texts = np.array(
        [template.format(**fixed, **{name: show(value)}) for value in distinct], dtype=object
    )
    return texts[codes]


def whole_percent(shares: np.ndarray) -> np.ndarray:
    """Shares as whole percentages (0.456 -> 46), so a text is formatted once per percent."""
    return np.round(np.asarray(shares, dtype=float) * 100).astype(np.int64)
