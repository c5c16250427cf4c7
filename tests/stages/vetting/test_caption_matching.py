"""Brand safety and disclosure labels searched all at once give exactly what searching keyword
by keyword and label by label gives (the way they were searched before): word boundaries,
``*`` endings, hashtags and mentions, case in several alphabets, keywords that begin other
keywords, keywords of several words, unusual white space, empty and missing captions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from helpers.core import reference
from helpers.stages import vetting
from tests.stages.vetting.planted import planted_world

# --- the reference: one scan per keyword, one pattern per label ------------------------------


def keyword_by_keyword(posts: pd.DataFrame, languages: pd.Series, campaign) -> pd.DataFrame:
    """Brand-safety hits found with one ``str.contains`` per keyword."""
    terms = vetting.brand_safety_terms(campaign)
    written_in = posts["influencer_id"].map(languages).fillna("").astype(str)
    caption = posts["caption"].fillna("").astype(str)
    hits = []
    for (category, code), group in terms.groupby(["category", "language"], sort=True):
        everywhere = code in ("*", "en")
        scope = np.ones(len(posts), bool) if everywhere else (written_in == code).to_numpy()
        if not scope.any():
            continue
        for keyword in group["keyword"]:
            stem = keyword.strip().removeprefix("#")
            ending = r"\w*" if stem.endswith("*") else ""
            pattern = rf"(?<![\w@])#?{re.escape(stem.rstrip('*'))}{ending}(?!\w)"
            found = caption[scope].str.contains(pattern, case=False, regex=True)
            rows = posts.loc[found[found].index]
            hits.append(
                rows[["influencer_id", "post_id"]].assign(category=category, keyword=keyword)
            )
    columns = ["influencer_id", "post_id", "category", "keyword"]
    return pd.concat(hits, ignore_index=True) if hits else pd.DataFrame(columns=columns)


def label_by_label(captions: pd.Series, market: str) -> pd.Series:
    """``label_satisfies`` with each label's own pattern, joined as alternatives."""
    rule = reference.disclosure_rules([market]).iloc[0]

    def compiled(labels):
        parts = [
            r"(?<![\w#@])"
            + re.escape(label.strip()).replace(r"\[brand\]", r"\S+(?:\s\S+)?")
            + r"(?![\w])"
            for label in labels
            if label
        ]
        return re.compile("|".join(parts), re.IGNORECASE) if parts else None

    satisfying, not_enough = (
        compiled(rule["labels_that_satisfy"]),
        compiled(rule["labels_not_enough"]),
    )
    text = captions.fillna("").astype(str)
    if satisfying is None:
        return pd.Series(False, index=captions.index)
    if not_enough is not None:
        text = text.str.replace(not_enough, " ", regex=True)
    return text.str.contains(satisfying, regex=True)


# --- tricky captions -------------------------------------------------------------------------

CAPTIONS = [
    "Wine tasting tonight",
    "wine.",
    "#wine",
    "##wine",
    "a#wine",
    "@wine and @beer",
    "swine flu",
    "wines and beers",
    "WINE!",
    "wine-lover",
    "wine_lover",
    "cocktails at eight",
    "Cocktail",
    "#COCKTAILS",
    "mocktail",
    "cocktail123",
    "WİNE (a dotted capital I)",
    "\u212aazino naktis",  # Kelvin sign K
    "ſcandal",  # long s
    "VĪNS un ALUS",
    "vīns",
    "ÕLU ja VEIN",
    "Öl och vinter",
    "vin och Vinet",
    "GLÜCKSSPIEL und Wahlen",
    "Wahl2027",
    "Bière et VIN",
    "vote for me",
    "VOTE FOR me",
    "#vote for me",
    "vote\u00a0for me",
    "vote  for me",
    "vote\tfor me",
    "please vote for",
    "spel om pengar",
    "Spel Om Pengar!",
    "wine\nbeer",
    "\twine\t",
    "\u2003wine\u3000",
    "glow",
    "glowing skin",
    "#GlowUp",
    "glo",
    "I love c++!",
    "c+++",
    "",
    "   ",
    np.nan,
    "nothing to see here",
]

KEYWORD_SETS = [
    (None, []),
    (None, ["glow", "glow*", "glowing", "#Glow", "Wein", "vin", "c++", " wine "]),
    (["alcohol"], ["vote  for", "Spel om*", "#"]),
    (["politics", "gambling"], ["*", "x"]),
    ([], []),
]


def tricky_posts() -> tuple[pd.DataFrame, pd.Series]:
    """Every tricky caption by creators writing in eight languages (and in none)."""
    languages = pd.Series(
        ["en", "lv", "et", "sv", "de", "fr", "lt", np.nan],
        index=["c-en", "c-lv", "c-et", "c-sv", "c-de", "c-fr", "c-lt", "c-none"],
    )
    rows = [
        {"influencer_id": creator, "caption": caption}
        for creator in [*languages.index, "not-on-roster"]
        for caption in CAPTIONS
    ]
    posts = pd.DataFrame(rows)
    posts["post_id"] = [f"p{i}" for i in range(len(posts))]
    posts["influencer_id"] = posts["influencer_id"].astype("str")
    return posts.iloc[::-1].reset_index(drop=True), languages


@pytest.fixture(scope="module")
def campaign():
    return planted_world()[0]


@pytest.mark.parametrize(("categories", "keywords"), KEYWORD_SETS)
def test_one_pass_finds_exactly_what_each_keyword_finds(campaign, categories, keywords):
    avoiding = campaign.model_copy(
        update={
            "vetting": campaign.vetting.model_copy(
                update={"avoid_categories": categories, "avoid_keywords": keywords}
            )
        }
    )
    posts, languages = tricky_posts()
    found = vetting.brand_safety_hits(posts, languages, avoiding)
    expected = keyword_by_keyword(posts, languages, avoiding)
    pd.testing.assert_frame_equal(found, expected, check_exact=True)


def test_the_hits_are_the_ones_a_reader_expects(campaign):
    posts, languages = tricky_posts()
    found = vetting.brand_safety_hits(posts, languages, campaign)
    english = found[found["influencer_id"] == "c-en"]
    captions = posts.set_index("post_id")["caption"]
    by_wine = set(captions[english.loc[english["keyword"] == "wine", "post_id"]])
    assert {"Wine tasting tonight", "#wine", "##wine", "a#wine", "WINE!", "wine-lover"} <= by_wine
    assert {"swine flu", "wines and beers", "wine_lover", "@wine and @beer"}.isdisjoint(by_wine)
    assert "WİNE (a dotted capital I)" in by_wine  # Python's case rules, as before
    cocktails = set(captions[english.loc[english["keyword"] == "cocktail*", "post_id"]])
    assert cocktails == {"cocktails at eight", "Cocktail", "#COCKTAILS", "cocktail123"}
    vote = set(captions[english.loc[english["keyword"] == "vote for", "post_id"]])
    assert vote == {"vote for me", "VOTE FOR me", "#vote for me", "please vote for"}
    latvian = found[found["influencer_id"] == "c-lv"]
    assert "\u212aazino naktis" in set(
        captions[latvian.loc[latvian["keyword"] == "kazino", "post_id"]]
    )
    # an Estonian word is not looked for in English captions
    assert not (english["keyword"] == "vein").any()


def test_no_posts_and_no_terms(campaign):
    posts, languages = tricky_posts()
    for frame in (posts.head(0), posts):
        nothing = campaign.model_copy(
            update={
                "vetting": campaign.vetting.model_copy(
                    update={"avoid_categories": [], "avoid_keywords": []}
                )
            }
        )
        for chosen in (campaign, nothing):
            pd.testing.assert_frame_equal(
                vetting.brand_safety_hits(frame, languages, chosen),
                keyword_by_keyword(frame, languages, chosen),
                check_exact=True,
            )


LABEL_CAPTIONS = [
    "#ad",
    "#adv",
    "#ad #Werbung",
    "#ad#Werbung",
    "Werbung:",
    "#WERBUNG neu",
    "Anzeige",
    "x#Anzeige",
    "Paid partnership with Aurora",
    "Thanks Aurora Skincare for this",
    "Thanks Aurora",
    "#sp #ad",
    "#reklāma",
    "#REKLĀMA!",
    "#reklāmas",
    "unlabelled gifts #reklāma",
    "Bezahlte Werbepartnerschaft mit Aurora",
    "Reklama marki Aurora Skincare",
    "Płatna współpraca z marką Aurora",
    "[REKLAMA] nowy serum",
    "Kaupallinen yhteistyö: Aurora",
    "Publicité",
    "Colaboración pagada colab",
    "In collaboration with #ad",
    "Ad: new serum",
    "Advertisement",
    "",
    np.nan,
]


@pytest.mark.parametrize("market", [*reference.reference_table("disclosure_rules")["market"], "ZZ"])
def test_labels_in_one_pattern_per_rule_as_label_by_label(market):
    captions = pd.Series(
        LABEL_CAPTIONS * 2, index=range(100, 100 + 2 * len(LABEL_CAPTIONS)), name="caption"
    )
    found = vetting.label_satisfies(captions, market)
    pd.testing.assert_series_equal(found, label_by_label(captions, market), check_exact=True)
    if market == "DE":  # "#ad" is not enough there, and taking it out leaves "#Werbung" free
        said = dict(zip(LABEL_CAPTIONS, found, strict=False))
        assert said["#ad #Werbung"] and said["#ad#Werbung"] and not said["#ad"]


def test_white_space_is_where_words_are_cut_and_matches_only_itself():
    """What the one-pass search rests on: every character the word split cuts at is white
    space to Python, and no other character matches a white-space one, whatever the case."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chars = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    pieces = pc.list_value_length(
        pc.ascii_split_whitespace(pa.array(["a" + c + "b" for c in chars]))
    )
    cut = [char for char, count in zip(chars, pieces.to_pylist(), strict=True) if count != 1]
    assert cut and all(char.isspace() for char in cut)
    spaces = [char for char in chars if char.isspace()]
    pattern = re.compile("[" + "".join(map(re.escape, spaces)) + "]", re.IGNORECASE)
    assert sorted(match.group() for match in pattern.finditer("".join(chars))) == sorted(spaces)
