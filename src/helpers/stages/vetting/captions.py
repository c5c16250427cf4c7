"""What captions say: whether a sponsored post carries the label its market's rule asks for, and
whether a caption mentions what the campaign avoids (brand safety)."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign


def _label_body(label: str) -> str:
    """A disclosure label as a regex, ``[brand]`` standing for one or two words."""
    return re.escape(label.strip()).replace(r"\[brand\]", r"\S+(?:\s\S+)?")


# Around every label: not inside a word, a hashtag or a mention, and no word after.
_LABEL_BEFORE, _LABEL_AFTER = r"(?<![\w#@])", r"(?![\w])"


def _label_pattern(label: str) -> str:
    """A regex for one disclosure label as a whole token: ``#ad`` must not match ``#adv``."""
    return f"{_LABEL_BEFORE}{_label_body(label)}{_LABEL_AFTER}"


@cache
def _rule_patterns(market: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    """Compiled (satisfying, not-enough) label patterns of a market's disclosure rule.

    The labels share what comes before and after them, so they are one alternation between
    the two: at every place it finds what the alternation of the labels' own patterns finds
    (the same label, first in the rule's order, over the same text), with the look around
    done once instead of once per label.
    """
    rule = reference.disclosure_rules([market]).iloc[0]

    def compile_labels(labels: list[str]) -> re.Pattern | None:
        labels = [label for label in labels if label]
        if not labels:
            return None
        bodies = "|".join(_label_body(label) for label in labels)
        return re.compile(f"{_LABEL_BEFORE}(?:{bodies}){_LABEL_AFTER}", re.IGNORECASE)

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
    if satisfying is None:
        return pd.Series(False, index=captions.index)
    text = captions.fillna("").astype(str).to_numpy(object)
    search = satisfying.search
    if not_enough is None:
        found = [search(caption) is not None for caption in text]
    else:  # blank out the not-enough labels, then look for a satisfying one: one pass
        blank = not_enough.sub
        found = [search(blank(" ", caption)) is not None for caption in text]
    return pd.Series(np.array(found, dtype=bool), index=captions.index, name=captions.name)


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


def _keyword_parts(keyword: str) -> tuple[str, str]:
    """The stem (no ``#`` in front, no ``*`` behind) and the ending (``\\w*`` after a
    trailing ``*``) of a keyword."""
    stem = keyword.strip().removeprefix("#")
    ending = r"\w*" if stem.endswith("*") else ""
    return stem.rstrip("*"), ending


# Around every keyword: not inside a word or a mention, an optional "#", and no word after.
_BEFORE, _AFTER = r"(?<![\w@])#?", r"(?!\w)"


def _keyword_pattern(keyword: str) -> str:
    """Whole-word pattern; a leading ``#`` is optional and a trailing ``*`` allows any ending."""
    stem, ending = _keyword_parts(keyword)
    return rf"{_BEFORE}{re.escape(stem)}{ending}{_AFTER}"


@cache
def _compiled_keyword(keyword: str) -> re.Pattern:
    """One keyword's pattern, compiled as ``str.contains(case=False)`` compiles it."""
    return re.compile(_keyword_pattern(keyword), re.IGNORECASE)


def _any_keyword(keywords) -> re.Pattern:
    """One pattern that finds a text when, and only when, one of the keywords' own patterns
    does: the keywords share what comes before and after them, so the alternation of their
    stems between those is the same search (the engine tries every branch at every place)."""
    stems = sorted({re.escape(stem) + ending for stem, ending in map(_keyword_parts, keywords)})
    return re.compile(f"{_BEFORE}(?:{'|'.join(stems)}){_AFTER}", re.IGNORECASE)


def _first_word(keyword: str) -> re.Pattern:
    """The start of a keyword of several words, up to its first space, where it may begin:
    every caption it is in has a word that this finds."""
    stem = _keyword_parts(keyword)[0]
    first = stem[: next(i for i, char in enumerate(stem) if char.isspace())]
    return re.compile(f"{_BEFORE}{re.escape(first)}", re.IGNORECASE)


class _Words:
    """The captions cut at ASCII white space, each distinct word once.

    A keyword with no white space in its stem never matches across white space (white space
    is no word character, no ``#`` or ``@``, and matches only itself, whatever the case), and
    white space next to a word looks to the keyword's pattern as the start or the end of the
    text does. So a caption mentions such a keyword exactly when one of its words does: each
    distinct word is searched once, however many captions use it.
    """

    def __init__(self, captions: pd.Series):
        import pyarrow as pa
        import pyarrow.compute as pc

        text = pa.array(captions)
        if isinstance(text, pa.ChunkedArray):
            text = text.combine_chunks()
        split = pc.ascii_split_whitespace(text)
        words = pc.dictionary_encode(pc.list_flatten(split))
        self.distinct = words.dictionary.to_numpy(zero_copy_only=False)
        self.ids = words.indices.to_numpy()
        self.caption_of = pc.list_parent_indices(split).to_numpy()
        self.candidates = self.used = np.array([], dtype=int)

    def prepare(self, keywords: list[str]) -> None:
        """Search every distinct word for all the keywords at once; keep the few it finds
        (``candidates``) and where they are used (``used``)."""
        if keywords:
            self.candidates = self._finding(_any_keyword(keywords), self.distinct)
            self.used = np.flatnonzero(self._marked(self.candidates)[self.ids])

    def captions_with(self, keyword: str) -> np.ndarray:
        """Positions of the captions that mention a one-word keyword (sorted)."""
        candidates = self.candidates
        found = candidates[self._finding(_compiled_keyword(keyword), self.distinct[candidates])]
        used = self.used[self._marked(found)[self.ids[self.used]]]
        return np.unique(self.caption_of[used])

    def captions_using(self, pattern: re.Pattern) -> np.ndarray:
        """Positions of the captions with a word the pattern finds (sorted)."""
        found = self._marked(self._finding(pattern, self.distinct))
        return np.unique(self.caption_of[found[self.ids]])

    def _marked(self, found: np.ndarray) -> np.ndarray:
        marked = np.zeros(len(self.distinct), bool)
        marked[found] = True
        return marked

    @staticmethod
    def _finding(pattern: re.Pattern, texts: np.ndarray) -> np.ndarray:
        search = pattern.search
        return np.flatnonzero(np.array([search(text) is not None for text in texts], bool))


def _one_word(keyword: str) -> bool:
    """Whether a keyword is one word: a stem with no white space in it (not empty)."""
    stem = _keyword_parts(keyword)[0]
    return bool(stem) and not any(char.isspace() for char in stem)


def _searched_terms(terms: pd.DataFrame, written: set, posts: int) -> list[tuple[str, str, str]]:
    """The (category, language, keyword) searched, in the order the hits are listed: by
    category and language, then as the terms list them; a language no creator with posts
    writes in is left out."""
    searched = []
    for (category, code), group in terms.groupby(["category", "language"], sort=True):
        if (code in ("*", "en") and posts) or code in written:
            searched += [(category, code, keyword) for keyword in group["keyword"]]
    return searched


def _captions_mentioning(keyword: str, words: _Words, captions: pd.Series) -> np.ndarray:
    """Positions of the captions whose text the keyword's own pattern finds (sorted): a
    keyword of several words is searched in the captions with a word its first word begins
    (and an empty one everywhere)."""
    if _one_word(keyword):
        return words.captions_with(keyword)
    stem = _keyword_parts(keyword)[0]
    rows = words.captions_using(_first_word(keyword)) if stem else np.arange(len(captions))
    texts = captions.iloc[rows].to_numpy(object)
    return rows[_Words._finding(_compiled_keyword(keyword), texts)]


def brand_safety_hits(
    posts: pd.DataFrame, languages: pd.Series, campaign: Campaign
) -> pd.DataFrame:
    """Posts whose caption mentions an avoided category's keyword or a campaign keyword.

    Keywords of a language are searched in captions of creators writing in it (and English
    ones everywhere), so the Estonian ``vein`` (wine) is not looked for in English captions.
    A keyword is a whole word (``#`` in front allowed, not inside a word or an ``@mention``);
    a trailing ``*`` allows any ending; case does not matter. Every distinct word of the
    captions is searched once, for all keywords at once, and the few words found once more
    keyword by keyword (see :class:`_Words`).

    Returns
    -------
    DataFrame
        One row per hit: ``influencer_id``, ``post_id``, ``category``, ``keyword``; by
        category, language and keyword, then in the order of the posts.
    """
    columns = ["influencer_id", "post_id", "category", "keyword"]

    def written_in(ids: pd.Series) -> np.ndarray:
        return ids.map(languages).fillna("").astype(str).to_numpy(object)

    ids = posts["influencer_id"]
    written = set(written_in(pd.Series(ids.unique())))
    searched = _searched_terms(brand_safety_terms(campaign), written, len(posts))
    if not searched:
        return pd.DataFrame(columns=columns)
    captions = posts["caption"].fillna("").astype(str)
    words = _Words(captions)
    words.prepare([keyword for *_rest, keyword in searched if _one_word(keyword)])
    mentioning: dict[str, np.ndarray] = {}
    found = []
    for _category, code, keyword in searched:
        if keyword not in mentioning:
            mentioning[keyword] = _captions_mentioning(keyword, words, captions)
        rows = mentioning[keyword]
        found.append(rows if code in ("*", "en") else rows[written_in(ids.iloc[rows]) == code])
    counts = [len(rows) for rows in found]
    hits = posts.loc[posts.index[np.concatenate(found)], ["influencer_id", "post_id"]]
    hits = hits.reset_index(drop=True)
    for column, at in (("category", 0), ("keyword", 2)):  # typed as one value would be
        hits[column] = pd.Series([term[at] for term in searched]).repeat(counts).array
    return hits
