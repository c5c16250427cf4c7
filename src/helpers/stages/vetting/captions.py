"""What captions say: whether a sponsored post carries the label its market's rule asks for, and
whether a caption mentions what the campaign avoids (brand safety)."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign


def _label_pattern(label: str) -> str:
    """A regex for one disclosure label as a whole token: ``#ad`` must not match ``#adv``."""
    body = re.escape(label.strip()).replace(r"\[brand\]", r"\S+(?:\s\S+)?")
    return rf"(?<![\w#@]){body}(?![\w])"


@cache
def _rule_patterns(market: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    """Compiled (satisfying, not-enough) label patterns of a market's disclosure rule."""
    rule = reference.disclosure_rules([market]).iloc[0]

    def compile_labels(labels: list[str]) -> re.Pattern | None:
        labels = [label for label in labels if label]
        if not labels:
            return None
        return re.compile("|".join(_label_pattern(label) for label in labels), re.IGNORECASE)

    return compile_labels(rule["labels_that_satisfy"]), compile_labels(rule["labels_not_enough"])


def label_satisfies(captions: pd.Series, market: str) -> pd.Series:
    """Whether each caption carries a label that satisfies the market's disclosure rule.

    Labels are matched case-insensitively as whole tokens (``#reklāma`` but not
    ``#reklāmas``); a label the rule lists as not enough (``#ad`` in Germany) does not count,
    even where it contains a satisfying one. A market with no rule on file gives False for
    every caption, which is *not* a judgement: disclosure there is unknown (see
    :func:`disclosure_judged`), and the scores and flags leave it out.

    Parameters
    ----------
    captions : Series of str
        Post captions (missing ones count as unlabelled).
    market : str
        ISO country code whose rule applies.

    Returns
    -------
    Series of bool
    """
    satisfying, not_enough = _rule_patterns(market)
    text = captions.fillna("").astype(str)
    if satisfying is None:
        return pd.Series(False, index=captions.index)
    if not_enough is not None:
        text = text.str.replace(not_enough, " ", regex=True)
    return text.str.contains(satisfying, regex=True)


def disclosure_judged(markets) -> np.ndarray:
    """Whether disclosure can be judged in each market: it has a rule on file. Elsewhere it is
    "unknown: check against the national rule", never a failure.

    Parameters
    ----------
    markets : array-like of str
        ISO country codes (one per creator).

    Returns
    -------
    numpy.ndarray of bool
    """
    codes = pd.Series(np.asarray(markets, dtype=object)).fillna("").astype(str)
    known = {code: reference.has_disclosure_rule(code) for code in codes.unique()}
    return codes.map(known).to_numpy(dtype=bool)


def brand_safety_terms(campaign: Campaign) -> pd.DataFrame:
    """The words this campaign avoids: ``category``, ``keyword``, ``language`` (``*`` for a
    campaign keyword, which applies to every language)."""
    table = reference.reference_table("brand_safety")
    wanted = campaign.vetting.avoid_categories
    if wanted is not None:
        table = table[table["category"].isin(wanted)]
    own = pd.DataFrame(
        {
            "category": "campaign keyword",
            "keyword": campaign.vetting.avoid_keywords,
            "language": "*",
        }
    )
    return pd.concat([table[["category", "keyword", "language"]], own], ignore_index=True)


def _keyword_pattern(keyword: str) -> str:
    """Whole-word pattern; a leading ``#`` is optional and a trailing ``*`` allows any ending."""
    stem = keyword.strip().removeprefix("#")
    ending = r"\w*" if stem.endswith("*") else ""
    return rf"(?<![\w@])#?{re.escape(stem.rstrip('*'))}{ending}(?!\w)"


def brand_safety_hits(
    posts: pd.DataFrame, languages: pd.Series, campaign: Campaign
) -> pd.DataFrame:
    """Posts whose caption mentions an avoided category's keyword or a campaign keyword.

    Keywords of a language are searched in captions of creators writing in it (and English
    ones everywhere), so the Estonian ``vein`` (wine) is not looked for in English captions.

    Returns
    -------
    DataFrame
        One row per hit: ``influencer_id``, ``post_id``, ``category``, ``keyword``.
    """
    terms = brand_safety_terms(campaign)
    written_in = posts["influencer_id"].map(languages).fillna("").astype(str)
    caption = posts["caption"].fillna("").astype(str)
    hits = []
    for (category, code), group in terms.groupby(["category", "language"], sort=True):
        everywhere = code in ("*", "en")
        scope = np.ones(len(posts), bool) if everywhere else (written_in == code).to_numpy()
        if not scope.any():
            continue
        for keyword in group["keyword"]:
            found = caption[scope].str.contains(_keyword_pattern(keyword), case=False, regex=True)
            rows = posts.loc[found[found].index]
            hits.append(
                rows[["influencer_id", "post_id"]].assign(category=category, keyword=keyword)
            )
    columns = ["influencer_id", "post_id", "category", "keyword"]
    return pd.concat(hits, ignore_index=True) if hits else pd.DataFrame(columns=columns)
