"""Stage 02, vetting: find the creators who fit the campaign and check that their audience is
real, their engagement plausible, their captions safe and their ads labelled (guide chapter 3).

The stage works in two steps, so that moving a threshold or a weight never re-reads the data:

1. :func:`gather_creators` turns the campaign's tables into one row per creator with every
   measurement the scores need (engagement per post, the follower-sample estimate, the biggest
   weekly jump and drop in followers, audience shares in the campaign's countries and ages,
   labelled sponsored posts, brand-safety hits). It checks the inputs and never drops a creator.
2. :func:`score_roster` turns those measurements into scores, flags, a status and the reasons
   for it, with vectorised arithmetic only (it scores a million creators in a few seconds).

:func:`build_shortlist` does both; it is what the negotiation stage calls.

Every score is 0-1 (or 0-100) and every component stays visible in the shortlist:

- ``audience_fit``: weighted mean of the share of the audience in the campaign's countries
  (0.4), in its age range (0.2), the gender match (0.1), shared interests (0.2) and content
  language (0.1); parts the campaign does not target, or the creator has no data for, are left
  out and the rest rescaled.
- ``audience_quality`` (0-100): three independent authenticity signals, weighted by the
  campaign (default 0.5 / 0.25 / 0.25): the follower sample (1 - estimated fake share), growth
  (bought-follower spikes and sudden drops in the weekly series) and the engagement pattern
  (pods, suspiciously high or low engagement).
- ``engagement_score``: the creator's engagement-rate percentile among peers on the same
  platform and tier (a suspiciously high rate earns no more than the median).
- ``disclosure_score``: share of past sponsored posts carrying a label that satisfies the rule
  of the creator's market; ``brand_safety_score``: halved for every post that mentions an
  avoided category or keyword.
- ``composite_score`` (0-100): the campaign-weighted mean of those five.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd
from babel.numbers import get_decimal_symbol, get_group_symbol

from helpers import report
from helpers.core import reference
from helpers.core.campaign import TIERS, Campaign
from helpers.core.errors import InputError
from helpers.stages.vetting.authenticity import (
    ACCOUNT_COLUMNS,
    COUNT_COLUMNS,
    audience_fake_share,
    audience_fake_share_by,
    fake_follower_probability,
    is_likely_fake,
    load_follower_model,
)
from helpers.text.i18n import SUPPORTED_LANGUAGES, Translator, translator

# Words kept in the module's tables (statuses, signals, filter steps) are written in English and
# marked with ``_`` for the message catalogue; they are translated where they are shown.
# Sentences (reasons, notes, the finding) are written in the campaign's language by the
# translator of that language. Column names and values such as ``shortlisted`` or
# ``bought_spike`` always stay English.
_ = translator("en")
ENGLISH = _

__all__ = [
    "audience_fake_share",
    "audience_fake_share_by",
    "build_shortlist",
    "disclosure_by_market",
    "engagement_bands",
    "discovery_funnel",
    "fake_follower_probability",
    "gather_creators",
    "growth_curves",
    "in_rank_order",
    "is_likely_fake",
    "score_roster",
    "vetting_summary",
]

STATUSES = ("shortlisted", "flagged", "excluded")
COMPONENTS = ("audience_fit", "audience_quality", "engagement", "disclosure", "brand_safety")
SIGNALS = ("follower_sample", "growth", "engagement_pattern")
FIT_WEIGHTS = {"country": 0.4, "age": 0.2, "gender": 0.1, "interests": 0.2, "language": 0.1}
CONTRACT_COLUMNS = [
    "influencer_id",
    "handle",
    "name",
    "platform",
    "market",
    "tier",
    "followers",
    "engagement_rate",
    "fake_share",
    "audience_quality",
    "audience_fit",
    "composite_score",
    "status",
    "reasons",
]
DISCOVERY_FILTERS = [
    "pass_market",
    "pass_platform",
    "pass_tier",
    "pass_audience",
    "pass_age",
    "pass_interests",
    "pass_language",
]
ROSTER_REQUIRED = ("influencer_id", "platform", "market", "followers")
ROSTER_NUMBERS = ("followers", "avg_likes", "avg_comments", "avg_views")

MIN_POSTS_FOR_MEDIAN = 3  # fewer posts: use the roster's averages instead of a median
MIN_PEERS = 20  # fewer peers on the platform and tier: compare with the published benchmark
MIN_HISTORY_WEEKS = 4  # fewer weeks: no growth signal
FULL_SAMPLE = 50  # sampled followers for full confidence (about +-11 points at 20% fake)
FULL_HISTORY = 12  # weeks of follower history for full confidence
FULL_POSTS = 10  # posts for full confidence in the engagement pattern
SPIKE_MIN_Z = 5.0  # a jump must also be this many robust SDs above the creator's usual week
MIN_WEEKLY_SD = 0.004  # floor on the robust SD of weekly log-growth (very steady accounts)
POD_SIGNAL, HIGH_ER_SIGNAL, LOW_ER_SIGNAL = 0.2, 0.4, 0.6  # engagement-pattern signal values
LOW_CONFIDENCE = 0.5
AGE_BANDS = {
    "13-17": (13, 17),
    "18-24": (18, 24),
    "25-34": (25, 34),
    "35-44": (35, 44),
    "45-54": (45, 54),
    "55+": (55, 64),  # open-ended band, taken as ten years
}
ER_DEFINITION = _("(likes + comments) / followers")
STATUS_NAMES = {
    "shortlisted": _("shortlisted"),
    "flagged": _("flagged"),
    "excluded": _("excluded"),
}
SIGNAL_NAMES = {
    "follower_sample": _("follower sample"),
    "growth": _("growth"),
    "engagement_pattern": _("engagement pattern"),
    "none": _("none"),
}
GROWTH_EVENT_NAMES = {
    "none": _("none"),
    "bought_spike": _("bought-follower spike?"),
    "unexplained_spike": _("unexplained spike"),
    "giveaway": _("giveaway"),
    "drop": _("sudden drop"),
}
ER_FLAG_NAMES = {
    "suspiciously high": _("suspiciously high"),
    "suspiciously low": _("suspiciously low"),
}
# capitalised: "high" and "low" are other words' adjectives in other stages' catalogues
CONFIDENCE_NAMES = {"high": _("High"), "medium": _("Medium"), "low": _("Low")}
COMPONENT_NAMES = {
    "audience_fit": _("audience fit"),
    "audience_quality": _("audience quality"),
    "engagement": _("engagement score"),  # "engagement" alone is "iesaisti" (per ...) elsewhere
    "disclosure": _("disclosure"),
    "brand_safety": _("brand safety"),
}
# What a creator may lack; ``missing_data`` names them in English, reasons in the campaign's
GAPS = (
    _("no follower sample"),
    _("no follower history"),
    _("no posts"),
    _("no audience data"),
)


def words(mapping: dict[str, str], value: object, language: str = "en") -> str:
    """A value (a status, a signal, a growth event) in words of a language; values the mapping
    does not know are shown as they are ("" for missing ones)."""
    text = mapping.get(value) if isinstance(value, str) else None
    if text:
        return translator(language)(text)
    return "" if value is None or value != value else str(value)


def shown_values(values: pd.Series, mapping: dict[str, str], language: str = "en") -> pd.Series:
    """A column of values in words of a language, for a table on the page."""
    return values.map(lambda value: words(mapping, value, language))


@cache
def _number_signs(language: str) -> dict[int, str] | None:
    """How to turn Python's ``1,234.5`` into the language's (None for English)."""
    if language == "en":
        return None
    locale = SUPPORTED_LANGUAGES[language]
    return str.maketrans({",": get_group_symbol(locale), ".": get_decimal_symbol(locale)})


def _texts(values, spec: str, language: str = "en") -> list[str]:
    """Numbers with a format spec (``.0%``, ``,.0f``) in the language's signs: a formatter fast
    enough for the rows of a million-creator roster (Babel's is ten times slower)."""
    texts = [format(value, spec) for value in values]
    signs = _number_signs(language)
    return texts if signs is None else [text.translate(signs) for text in texts]


def _text(value: float, spec: str, language: str = "en") -> str:
    """One number with a format spec, in the language's signs."""
    return _texts([value], spec, language)[0]


def as_written(value: float, language: str = "en") -> str:
    """A setting as written (``0.3``, ``1.5``), with the language's decimal sign."""
    return _text(value, "g", language)


# --------------------------------------------------------------------------- input checks


def _problem_rows(values: pd.Series, parsed: pd.Series, _: Translator = ENGLISH) -> pd.Series:
    """Describe bad count cells: text that is not a number, or a negative number."""
    message = pd.Series("", index=values.index, dtype=object)
    unreadable = parsed.isna() & values.notna()
    negative = parsed < 0
    message[unreadable] = [
        _("{value} is not a number", value=repr(value)) for value in values[unreadable]
    ]
    message[negative] = [
        _("{value} is negative", value=_text(value, "g", _.language)) for value in parsed[negative]
    ]
    return message


def _numbers(
    frame: pd.DataFrame, columns: tuple[str, ...], _: Translator = ENGLISH
) -> tuple[pd.DataFrame, pd.Series]:
    """Coerce count columns to floats (bad cells become NaN); return the frame and, per row,
    the problems found ("" when none)."""
    frame = frame.copy()
    issues = pd.Series("", index=frame.index, dtype=object)
    for column in columns:
        if column not in frame:
            continue
        parsed = pd.to_numeric(frame[column], errors="coerce").astype(float)
        bad = _problem_rows(frame[column], parsed, _)
        has = bad != ""
        issues[has] = _join(issues[has], column + " " + bad[has])
        frame[column] = parsed.where(parsed >= 0)
    return frame, issues


def _join(left: pd.Series, right: pd.Series, separator: str = "; ") -> pd.Series:
    """Join two text columns with a separator, skipping empty sides."""
    both = (left != "") & (right != "")
    return left.where(~both, left + separator + right).where(left != "", right)


def check_roster(roster: pd.DataFrame, language: str = "en") -> tuple[pd.DataFrame, list[str]]:
    """Check the roster before scoring: required columns, readable counts, unique creators.

    Nobody is dropped: a creator with an unreadable or negative count keeps their row with
    that value empty and the problem in ``data_issues``; duplicated ids and handles are kept
    and marked.

    Parameters
    ----------
    roster : DataFrame
        One row per creator account (see ``helpers.core.data.TABLES["roster"]``).
    language : str
        The language of the notes and ``data_issues`` (the error stays English, like every
        input error).

    Returns
    -------
    (DataFrame, list of str)
        The roster with a fresh index, numeric counts and a ``data_issues`` column, and notes
        about the table as a whole (columns that are missing and what that costs).

    Raises
    ------
    InputError
        When a column needed to score anyone (id, platform, market, followers) is missing.
    """
    missing = [c for c in ROSTER_REQUIRED if c not in roster.columns]
    if missing:
        raise InputError(
            [
                f"roster: missing column(s) {', '.join(missing)} (needed to score anyone: "
                f"{', '.join(ROSTER_REQUIRED)}); add them or rename yours"
            ]
        )
    _ = translator(language)
    notes = []
    roster = roster.reset_index(drop=True)
    optional = {
        "handle": _("creators are shown by id"),
        "name": _("creators are shown by handle"),
        "avg_likes": _("engagement comes from posts only"),
        "avg_comments": _("engagement comes from posts only"),
        "avg_views": _("engagement per view comes from posts only"),
        "language": _("the language filter cannot be applied"),
        "interests": _("the interest filter cannot be applied"),
    }
    for column, consequence in optional.items():
        if column not in roster.columns:
            roster[column] = np.nan
            notes.append(
                _("roster has no '{column}' column: {consequence}", column=column,
                  consequence=consequence)
            )  # fmt: skip
    roster, issues = _numbers(roster, ROSTER_NUMBERS, _)
    roster["influencer_id"] = roster["influencer_id"].astype("string").str.strip()
    roster["handle"] = roster["handle"].fillna(roster["influencer_id"]).astype(str)
    roster["name"] = roster["name"].fillna(roster["handle"]).astype(str)
    for column in ("platform", "market"):
        roster[column] = roster[column].astype("string").str.strip()
    roster["platform"] = roster["platform"].str.lower()
    roster["market"] = roster["market"].str.upper()
    repeated = roster["influencer_id"].duplicated(keep=False)
    issues[repeated] = _join(
        issues[repeated],
        pd.Series(
            [_("influencer_id {id} is repeated", id=i) for i in roster["influencer_id"][repeated]],
            index=issues.index[repeated],
            dtype=object,
        ),
    )
    key = roster["platform"].fillna("") + " " + roster["handle"].str.lower()
    twins = key.duplicated(keep=False)
    others = roster.groupby(key)["influencer_id"].agg(lambda ids: ", ".join(ids.astype(str)))
    template = _("handle {handle} appears more than once on {platform} ({ids})")
    issues[twins] = _join(
        issues[twins],
        pd.Series(
            [
                template.format(handle=handle, platform=platform, ids=ids)
                for handle, platform, ids in zip(
                    roster["handle"][twins],
                    roster["platform"][twins].fillna("?"),
                    key[twins].map(others),
                    strict=True,
                )
            ],
            index=issues.index[twins],
            dtype=object,
        ),
    )
    roster["data_issues"] = issues.astype(str)
    bad = int((issues != "").sum())
    if bad:
        notes.append(
            _(
                "roster: {count} creator(s) have data problems (see data_issues); they are "
                "kept, scored on what is readable and flagged",
                count=_.number(bad),
            )
        )
    return roster, notes


def _usable_table(
    tables: dict[str, pd.DataFrame],
    name: str,
    needed: tuple[str, ...],
    notes: list[str],
    _: Translator = ENGLISH,
) -> pd.DataFrame | None:
    """Return a table when it exists and has the columns needed, else note why not."""
    frame = tables.get(name)
    if frame is None:
        notes.append(
            _("no {table} table: the signals that need it are missing for everyone", table=name)
        )
        return None
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        notes.append(
            _(
                "{table}: missing column(s) {missing}; the table is ignored (needed: {needed})",
                table=name,
                missing=", ".join(missing),
                needed=", ".join(needed),
            )
        )
        return None
    return frame


def _clean_rows(
    frame: pd.DataFrame,
    name: str,
    counts: tuple[str, ...],
    known: pd.Index,
    notes: list[str],
    _: Translator = ENGLISH,
) -> tuple[pd.DataFrame, pd.Series]:
    """Drop a table's unreadable rows from the calculation, counting them per creator."""
    frame = frame.reset_index(drop=True)
    frame["influencer_id"] = frame["influencer_id"].astype("string").str.strip()
    frame, issues = _numbers(frame, counts, _)
    bad = (issues != "") | frame[list(counts)].isna().any(axis=1)
    per_creator = frame.loc[bad, "influencer_id"].value_counts()
    if bad.any():
        notes.append(
            _(
                "{table}: {count} row(s) with missing, unreadable or negative counts were left "
                "out of the calculation (creators affected are flagged)",
                table=name,
                count=_.number(int(bad.sum())),
            )
        )
    unknown = ~frame["influencer_id"].isin(known)
    if unknown.any():
        notes.append(
            _(
                "{table}: {count} row(s) for creators not on the roster ignored",
                table=name,
                count=_.number(int(unknown.sum())),
            )
        )
    return frame[~bad & ~unknown], per_creator


# --------------------------------------------------------------------------- measurements


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
    even where it contains a satisfying one. A market with no rule on file satisfies nothing.

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
    language = posts["influencer_id"].map(languages).fillna("").astype(str)
    caption = posts["caption"].fillna("").astype(str)
    hits = []
    for (category, code), group in terms.groupby(["category", "language"], sort=True):
        scope = np.ones(len(posts), bool) if code in ("*", "en") else (language == code).to_numpy()
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


def post_measures(posts: pd.DataFrame, roster: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Per creator: engagement per post, comment pattern, labelled sponsored posts and
    brand-safety hits, from their recent posts.

    Returns
    -------
    DataFrame
        Indexed by ``influencer_id``: ``posts_checked``, ``median_engagements`` (likes +
        comments per post), ``median_er_per_view`` (video posts), ``comments_per_like``,
        ``engagement_cv`` (spread of engagement across posts), ``sponsored_posts``,
        ``labelled_posts`` (by the creator's market rule), ``labelled_<MARKET>`` per campaign
        market, ``brand_safety_posts`` and ``brand_safety_terms`` (text).
    """
    posts = posts.copy()
    posts["engagements"] = posts["likes"] + posts["comments"]
    views = posts["views"] if "views" in posts else pd.Series(np.nan, index=posts.index)
    posts["er_per_view"] = posts["engagements"] / views.where(views > 0)
    sponsored = posts.get("is_sponsored", 0)
    posts["is_sponsored"] = pd.to_numeric(sponsored, errors="coerce").fillna(0).astype(bool)
    if "caption" not in posts:
        posts["caption"] = ""
    if "post_id" not in posts:
        posts["post_id"] = posts.index.astype(str)
    grouped = posts.groupby("influencer_id", sort=True)
    engagement = grouped["engagements"]
    measures = pd.DataFrame(
        {
            "posts_checked": grouped.size(),
            "median_engagements": engagement.median(),
            "median_er_per_view": grouped["er_per_view"].median(),
            "comments_per_like": grouped["comments"].sum()
            / grouped["likes"].sum().where(lambda s: s > 0),
            "engagement_cv": engagement.std() / engagement.mean().where(lambda s: s > 0),
        }
    )
    markets = roster.drop_duplicates("influencer_id").set_index("influencer_id")["market"]
    paid = posts[posts["is_sponsored"]].copy()
    paid["market"] = paid["influencer_id"].map(markets)
    paid["labelled"] = False
    for market, group in paid.groupby("market", sort=True):
        paid.loc[group.index, "labelled"] = label_satisfies(group["caption"], str(market))
    paid_by = paid.groupby("influencer_id")
    measures["sponsored_posts"] = paid_by.size()
    measures["labelled_posts"] = paid_by["labelled"].sum()
    for market in campaign.markets:
        labelled = label_satisfies(paid["caption"], market)
        measures[f"labelled_{market}"] = labelled.groupby(paid["influencer_id"]).sum()
    counts = ["sponsored_posts", "labelled_posts", *[f"labelled_{m}" for m in campaign.markets]]
    measures[counts] = measures[counts].fillna(0).astype(int)
    languages = roster.drop_duplicates("influencer_id").set_index("influencer_id")["language"]
    hits = brand_safety_hits(posts, languages, campaign)
    by_creator = hits.groupby("influencer_id")
    measures["brand_safety_posts"] = by_creator["post_id"].nunique()
    measures["brand_safety_posts"] = measures["brand_safety_posts"].fillna(0).astype(int)
    described = hits.assign(
        text=hits["category"]
        + ": '"
        + hits["keyword"].str.rstrip("*")
        + "' ("
        + hits["post_id"]
        + ")"
    )
    measures["brand_safety_terms"] = described.groupby("influencer_id")["text"].agg(", ".join)
    measures["brand_safety_terms"] = measures["brand_safety_terms"].fillna("")
    return measures


def growth_measures(growth: pd.DataFrame) -> pd.DataFrame:
    """Per creator: the biggest weekly jump and drop in followers beyond their usual growth.

    Each week's change is ``log(followers / last week's)``. The creator's usual week is the
    median change and its spread the robust SD (1.4826 x median absolute deviation, at least
    0.4%). The engagement lift is the mean of that week's and the next week's engagements over
    the creator's median week: a giveaway brings engagement with the followers, bought
    followers never engage.

    Returns
    -------
    DataFrame
        Indexed by ``influencer_id``: ``history_weeks``, ``jump`` (fraction above the usual
        week), ``jump_week``, ``jump_z``, ``jump_lift``, ``drop`` (fraction below the usual
        week, positive), ``drop_week``, ``drop_z``.
    """
    columns = ["influencer_id", "week", "followers"]
    has_engagements = "engagements" in growth
    series = growth[columns + (["engagements"] if has_engagements else [])].copy()
    series["week"] = pd.to_datetime(series["week"], errors="coerce")
    series = series.dropna(subset=["week"]).sort_values(["influencer_id", "week"], kind="stable")
    creator = series["influencer_id"].to_numpy()
    same = np.r_[False, creator[1:] == creator[:-1]]
    log_followers = np.log(series["followers"].where(series["followers"] > 0)).to_numpy()
    change = np.where(same, log_followers - np.r_[np.nan, log_followers[:-1]], np.nan)
    series["change"] = change
    by = series.groupby("influencer_id", sort=True)["change"]
    usual = by.transform("median")
    spread = (series["change"] - usual).abs().groupby(series["influencer_id"]).transform("median")
    series["excess"] = series["change"] - usual
    series["z"] = series["excess"] / (spread * 1.4826).clip(lower=MIN_WEEKLY_SD)
    if has_engagements:
        engagements = series["engagements"].astype(float)
        typical = engagements.groupby(series["influencer_id"]).transform("median")
        ratio = (engagements / typical.where(typical > 0)).to_numpy()
        following = np.r_[ratio[1:], np.nan]
        following = np.where(np.r_[same[1:], False], following, np.nan)
        series["lift"] = np.nanmean(
            np.vstack([ratio, np.where(np.isnan(following), ratio, following)]), axis=0
        )
    else:
        series["lift"] = np.nan
    measured = series.dropna(subset=["excess"])
    up = measured.sort_values("excess", kind="stable").drop_duplicates("influencer_id", keep="last")
    down = measured.sort_values("excess", kind="stable").drop_duplicates("influencer_id")
    up, down = up.set_index("influencer_id"), down.set_index("influencer_id")
    return pd.DataFrame(
        {
            "history_weeks": series.groupby("influencer_id").size(),
            "jump": np.expm1(up["excess"]),
            "jump_week": up["week"],
            "jump_z": up["z"],
            "jump_lift": up["lift"],
            "drop": -np.expm1(down["excess"]),
            "drop_week": down["week"],
            "drop_z": -down["z"],
        }
    )


def audience_measures(audience: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Per creator: share of the audience in the campaign's countries and age range, and how
    well the gender split matches the campaign's.

    The age share counts each age band in proportion to the years it shares with the target
    range (``55+`` is taken as 55-64). The gender match is 1 minus the total variation
    distance between the two splits (1 = identical, 0 = no overlap).

    Returns
    -------
    DataFrame
        Indexed by ``influencer_id``: ``audience_in_markets``, ``audience_in_age``,
        ``gender_match`` (NaN where the creator has no data on that dimension or the campaign
        sets no gender split).
    """
    audience = audience.copy()
    audience["share"] = pd.to_numeric(audience["share"], errors="coerce")
    audience["segment"] = audience["segment"].astype(str).str.strip()
    dimension = audience["dimension"].astype(str).str.strip().str.lower()
    targets = list(campaign.audience.countries) or list(campaign.markets)
    youngest, oldest = campaign.audience.age

    def weighted(rows: pd.Series, weight: pd.Series) -> pd.Series:
        chosen = audience[rows]
        return (chosen["share"] * weight[rows]).groupby(chosen["influencer_id"]).sum()

    is_country = dimension == "country"
    in_market = audience["segment"].str.upper().isin(targets).astype(float)
    band = audience["segment"].map(AGE_BANDS)
    low = band.map(lambda b: b[0] if isinstance(b, tuple) else np.nan)
    high = band.map(lambda b: b[1] if isinstance(b, tuple) else np.nan)
    overlap = (np.minimum(high, oldest) - np.maximum(low, youngest) + 1).clip(lower=0)
    age_weight = (overlap / (high - low + 1)).fillna(0.0)
    result = pd.DataFrame(
        {
            "audience_in_markets": weighted(is_country, in_market),
            "audience_in_age": weighted(dimension == "age", age_weight),
        }
    )
    genders = campaign.audience.genders
    if genders:
        split = (
            audience[dimension == "gender"]
            .pivot_table(index="influencer_id", columns="segment", values="share", aggfunc="sum")
            .fillna(0.0)
        )
        names = sorted(set(split.columns) | set(genders))
        split = split.reindex(columns=names, fill_value=0.0)
        target = pd.Series(genders).reindex(names, fill_value=0.0)
        result = result.join(
            (1 - 0.5 * (split - target).abs().sum(axis=1)).rename("gender_match"), how="outer"
        )
    else:
        result["gender_match"] = np.nan
    return result


def _interest_match(interests: pd.Series, wanted: list[str]) -> pd.Series:
    """Shared interests / the smaller of the two lists (1 = all of the creator's niche, or
    all of the campaign's, is shared); computed once per distinct interest list."""
    wanted_set = {w.strip().lower() for w in wanted}
    text = interests.astype("string").str.lower()

    def share(value: object) -> float:
        if pd.isna(value):
            return np.nan
        own = {part.strip() for part in str(value).split("|") if part.strip()}
        return len(own & wanted_set) / min(len(own), len(wanted_set)) if own else np.nan

    distinct = {value: share(value) for value in text.dropna().unique()}
    return text.map(distinct).astype(float)


def sample_measures(
    samples: pd.DataFrame, known: pd.Index, notes: list[str], language: str = "en"
) -> tuple[pd.DataFrame, pd.Series]:
    """The follower-sample estimate per creator, after leaving out unreadable accounts.

    Returns
    -------
    (DataFrame, Series)
        :func:`helpers.stages.vetting.authenticity.audience_fake_share_by` output (``fake_share``,
        ``low``,
        ``high``, ``sample_size``, ``flagged_share``) and the count of accounts left out per
        creator.
    """
    _ = translator(language)
    samples, left_out = _clean_rows(samples, "follower_samples", COUNT_COLUMNS, known, notes, _)
    flags = samples[["has_profile_picture", "is_private"]].apply(pd.to_numeric, errors="coerce")
    bad_flags = ~flags.isin([0, 1]).all(axis=1)
    if bad_flags.any():
        notes.append(
            _(
                "follower_samples: {count} row(s) with a yes/no column that is not 0 or 1 were "
                "left out",
                count=_.number(int(bad_flags.sum())),
            )
        )
        extra = samples.loc[bad_flags, "influencer_id"].value_counts()
        left_out = left_out.add(extra, fill_value=0)
        samples = samples[~bad_flags]
    samples = samples.assign(**{c: flags.loc[samples.index, c] for c in flags.columns})
    if samples.empty:
        return pd.DataFrame(), left_out
    return audience_fake_share_by(samples[["influencer_id", *ACCOUNT_COLUMNS]]), left_out


def gather_creators(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per creator on the roster with every measurement the scores need.

    Parameters
    ----------
    campaign : Campaign
        The campaign (markets, audience, vetting settings).
    tables : dict of str to DataFrame
        From :func:`helpers.core.data.load_campaign_data`: ``roster`` is required; ``posts``,
        ``follower_growth``, ``audience`` and ``follower_samples`` are used when present.

    Returns
    -------
    DataFrame
        The roster's columns plus the measurements of :func:`post_measures`,
        :func:`growth_measures`, :func:`audience_measures`, the follower-sample estimate
        (``fake_share``, ``fake_share_low``, ``fake_share_high``, ``follower_sample_size``),
        ``interest_match``, ``language_match`` and ``data_issues``. Table-level notes are in
        ``.attrs["notes"]``. Every roster row is kept, in order. Notes and ``data_issues`` are
        in the campaign's language.
    """
    if "roster" not in tables:
        raise InputError(["no roster table: vetting needs the campaign's roster of creators"])
    _ = translator(campaign.language)
    roster, notes = check_roster(tables["roster"], campaign.language)
    known = pd.Index(roster["influencer_id"].dropna().unique())
    ids = roster["influencer_id"]
    issues = roster["data_issues"].copy()

    def attach(measures: pd.DataFrame) -> None:
        for column in measures.columns:
            roster[column] = ids.map(measures[column]).to_numpy()

    def note_left_out(left_out: pd.Series, template: str) -> None:
        counts = ids.map(left_out).fillna(0).astype(int)
        has = counts > 0
        text = pd.Series(
            [template.format(count=count) for count in counts[has]], index=counts.index[has]
        )
        issues[has] = _join(issues[has], text)

    posts = _usable_table(tables, "posts", ("influencer_id", "likes", "comments"), notes, _)
    if posts is not None:
        counts = tuple(c for c in ("likes", "comments", "views") if c in posts)
        posts, left_out = _clean_rows(posts, "posts", counts, known, notes, _)
        note_left_out(left_out, _("{count} post(s) with unreadable counts left out"))
        attach(post_measures(posts, roster, campaign))
    growth = _usable_table(
        tables, "follower_growth", ("influencer_id", "week", "followers"), notes, _
    )
    if growth is not None:
        counts = tuple(c for c in ("followers", "engagements") if c in growth)
        growth, left_out = _clean_rows(growth, "follower_growth", counts, known, notes, _)
        note_left_out(
            left_out, _("{count} week(s) of follower history with unreadable counts left out")
        )
        attach(growth_measures(growth))
    audience = _usable_table(
        tables, "audience", ("influencer_id", "dimension", "segment", "share"), notes, _
    )
    if audience is not None:
        audience = audience.assign(influencer_id=audience["influencer_id"].astype(str))
        attach(audience_measures(audience, campaign))
    samples = _usable_table(
        tables, "follower_samples", ("influencer_id", *ACCOUNT_COLUMNS), notes, _
    )
    if samples is not None:
        estimate, left_out = sample_measures(samples, known, notes, campaign.language)
        note_left_out(
            left_out, _("{count} sampled follower account(s) with unreadable counts left out")
        )
        attach(
            estimate.rename(
                columns={
                    "low": "fake_share_low",
                    "high": "fake_share_high",
                    "sample_size": "follower_sample_size",
                }
            )
        )
    roster["data_issues"] = issues
    roster["interest_match"] = (
        _interest_match(roster["interests"], campaign.audience.interests)
        if campaign.audience.interests
        else np.nan
    )
    languages = set(campaign.audience.languages)
    language = roster["language"].astype("string").str.strip().str.lower()
    roster["language_match"] = language.isin(languages).astype(float).where(language.notna())
    for column, default in MEASURE_DEFAULTS.items():
        if column not in roster:
            roster[column] = default
    roster.attrs["notes"] = notes
    return roster


MEASURE_DEFAULTS: dict[str, object] = {
    "posts_checked": 0,
    "median_engagements": np.nan,
    "median_er_per_view": np.nan,
    "comments_per_like": np.nan,
    "engagement_cv": np.nan,
    "sponsored_posts": 0,
    "labelled_posts": 0,
    "brand_safety_posts": np.nan,
    "brand_safety_terms": "",
    "history_weeks": 0,
    "jump": np.nan,
    "jump_week": pd.NaT,
    "jump_z": np.nan,
    "jump_lift": np.nan,
    "drop": np.nan,
    "drop_week": pd.NaT,
    "drop_z": np.nan,
    "audience_in_markets": np.nan,
    "audience_in_age": np.nan,
    "gender_match": np.nan,
    "fake_share": np.nan,
    "fake_share_low": np.nan,
    "fake_share_high": np.nan,
    "follower_sample_size": 0,
}


# Columns score_roster can do without (a hand-made or synthetic frame may lack them).
SCORE_INPUT_DEFAULTS: dict[str, object] = MEASURE_DEFAULTS | {
    "interest_match": np.nan,
    "language_match": np.nan,
    "data_issues": "",
    "avg_likes": np.nan,
    "avg_comments": np.nan,
    "avg_views": np.nan,
    "language": np.nan,
    "interests": np.nan,
    "handle": "",
    "name": "",
}


# --------------------------------------------------------------------------- scoring


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical:
    """Text columns with few distinct values, built from integer codes (-1 = missing)."""
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int64), categories=categories)


def _weighted_mean(parts: dict[str, np.ndarray], weights: dict[str, float]) -> np.ndarray:
    """Weighted mean over the parts present (not NaN) in each row; NaN when none is."""
    total = np.zeros(len(next(iter(parts.values()))))
    weight = np.zeros_like(total)
    for name, values in parts.items():
        present = ~np.isnan(values)
        total += np.where(present, values, 0.0) * weights[name]
        weight += present * weights[name]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(weight > 0, total / np.where(weight > 0, weight, 1), np.nan)


@cache
def _benchmark_table(language: str = "en") -> pd.DataFrame:
    """The default published ER benchmark for every platform and tier (per follower), its
    source noted in ``language``."""
    _ = translator(language)
    rows = []
    for platform in ("instagram", "tiktok", "youtube"):
        for tier in TIERS:
            row = reference.engagement_benchmark_for(platform, tier)
            scope = "" if row["tier"] == tier else ", " + _("all tiers")
            rows.append(
                {
                    "key": f"{platform}/{tier}",
                    "er_benchmark": float(row["engagement_rate"]),
                    "er_benchmark_source": f"{row['source']} ({row['year']}{scope})",
                }
            )
    return pd.DataFrame(rows).set_index("key")


def peer_stats(values: np.ndarray, groups: np.ndarray) -> dict[str, np.ndarray]:
    """Each value's standing among its peers (same group), with one sort of the whole array.

    Parameters
    ----------
    values : array of float
        E.g. engagement rates; NaN values get NaN and do not count.
    groups : array of int
        Group code per value, 0 or more; a negative code means no group (NaN results).

    Returns
    -------
    dict of arrays
        ``percentile``: mid-rank percentile (0-100), ``(rank - 0.5) / n`` with ties sharing
        their average rank; ``count``: peers with a value (0 without a group); ``median``:
        the group's median.
    """
    values = np.asarray(values, dtype=float)
    groups = np.asarray(groups, dtype=np.int64)
    size = len(values)
    percentile, median = np.full(size, np.nan), np.full(size, np.nan)
    count = np.zeros(size, dtype=np.int64)
    rows = np.flatnonzero((groups >= 0) & ~np.isnan(values))
    if not len(rows):
        return {"percentile": percentile, "count": count, "median": median}
    order = rows[np.lexsort((values[rows], groups[rows]))]
    group, value = groups[order], values[order]
    sizes = np.bincount(group)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # Runs of equal values within a group share the average of their positions (ties).
    new_run = np.concatenate([[True], (np.diff(group) != 0) | (np.diff(value) != 0)])
    run_id = np.cumsum(new_run) - 1
    run_first = np.flatnonzero(new_run)
    run_last = np.concatenate([run_first[1:], [len(order)]]) - 1
    position = (run_first[run_id] + run_last[run_id]) / 2  # 0-based, averaged over ties
    rank = position - starts[group] + 1
    percentile[order] = (rank - 0.5) / sizes[group] * 100
    present = sizes > 0
    low = starts + (sizes - 1) // 2
    high = starts + sizes // 2
    middle = np.full(len(sizes), np.nan)
    middle[present] = (value[low[present]] + value[high[present]]) / 2
    with_group = groups >= 0
    count[with_group] = np.concatenate([sizes, [0]])[np.minimum(groups[with_group], len(sizes))]
    median[with_group] = np.concatenate([middle, [np.nan]])[
        np.minimum(groups[with_group], len(sizes))
    ]
    return {"percentile": percentile, "count": count, "median": median}


def score_roster(creators: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Score, flag and sort creators: vectorised, with every component visible.

    Parameters
    ----------
    creators : DataFrame
        From :func:`gather_creators` (or any frame with its columns: the benchmark builds a
        synthetic one).
    campaign : Campaign
        Supplies markets, platforms, tiers, thresholds and weights (``campaign.vetting``),
        and the language the reasons and the method are written in (``campaign.language``).

    Returns
    -------
    DataFrame
        The shortlist: the contract columns (:data:`CONTRACT_COLUMNS`) first, then every
        component and measurement, one row per creator in the order given; ``rank`` orders
        them (shortlisted first, then flagged, each by composite score; see
        :func:`in_rank_order`). ``.attrs`` carries ``notes`` and ``method``. Values such as
        ``status`` (shortlisted, flagged, excluded) stay English in every language; show them
        with :func:`shown_values`.
    """
    vetting = campaign.vetting
    c = creators.reset_index(drop=True)
    for column, default in SCORE_INPUT_DEFAULTS.items():
        if column not in c:
            c[column] = default
    n = len(c)
    followers = c["followers"].to_numpy(dtype=float)
    # Low-cardinality text is handled as integer codes (categoricals): a million creators
    # would otherwise mean millions of Python strings.
    platform_codes, platform_names = pd.factorize(c["platform"].astype(str))
    platform_names = np.asarray(platform_names, dtype=object)
    tiers = reference.assign_tier(c["followers"].fillna(-1))
    tier_codes = tiers.cat.codes.to_numpy()
    posts_checked = c["posts_checked"].fillna(0).to_numpy(dtype=float)
    # The output is built as a dict of arrays and sorted column by column at the end.
    out: dict[str, object] = {
        column: c[column].array
        for column in ("influencer_id", "handle", "name", "platform", "market")
    }
    out["tier"] = tiers.array
    out["followers"] = followers

    # Engagement per follower: the median post when there are enough posts (one viral post
    # must not lift it), the roster's averages otherwise.
    with np.errstate(invalid="ignore", divide="ignore"):
        safe_followers = np.where(followers > 0, followers, np.nan)
        from_posts = c["median_engagements"].to_numpy(dtype=float) / safe_followers
        from_roster = (
            c["avg_likes"].to_numpy(dtype=float) + c["avg_comments"].to_numpy(dtype=float)
        ) / safe_followers
    use_posts = (posts_checked >= MIN_POSTS_FOR_MEDIAN) & ~np.isnan(from_posts)
    er = np.where(use_posts, from_posts, from_roster)
    out["engagement_rate"] = er
    out["er_basis"] = _categorical(
        np.where(use_posts, 0, np.where(np.isnan(er), 2, 1)),
        ["median post", "roster average", "none"],
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        roster_per_view = (
            c["avg_likes"].to_numpy(dtype=float) + c["avg_comments"].to_numpy(dtype=float)
        ) / np.where(c["avg_views"].to_numpy(dtype=float) > 0, c["avg_views"], np.nan)
    per_view = c["median_er_per_view"].to_numpy(dtype=float)
    out["er_per_view"] = np.where(np.isnan(per_view), roster_per_view, per_view)

    # Peers: same platform and tier; creators without a tier have no peers.
    key = np.where(tier_codes >= 0, platform_codes * len(TIERS) + tier_codes, -1)
    table = _benchmark_table(campaign.language)
    sources = sorted(set(table["er_benchmark_source"]))
    bench_er = np.full((len(platform_names) + 1, len(TIERS) + 1), np.nan)
    bench_source = np.full(bench_er.shape, -1)
    for p_code, name in enumerate(platform_names):
        for t_code, tier_name in enumerate(TIERS):
            row_key = f"{name}/{tier_name}"
            if row_key in table.index:
                bench_er[p_code, t_code] = table.at[row_key, "er_benchmark"]
                bench_source[p_code, t_code] = sources.index(
                    table.at[row_key, "er_benchmark_source"]
                )
    er_benchmark = bench_er[platform_codes, tier_codes]  # code -1 picks the NaN padding
    out["er_benchmark"] = er_benchmark
    out["er_benchmark_source"] = _categorical(bench_source[platform_codes, tier_codes], sources)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["er_vs_benchmark"] = er / er_benchmark
    peers = peer_stats(er, key)
    percentile, peer_count, peer_median = peers["percentile"], peers["count"], peers["median"]
    out["er_percentile"] = percentile
    out["er_peers"] = peer_count
    out["er_peer_median"] = peer_median
    reference_er = np.where(peer_count >= MIN_PEERS, peer_median, er_benchmark)
    with np.errstate(invalid="ignore", divide="ignore"):
        er_ratio = er / reference_er
    out["er_vs_peers"] = er_ratio
    er_high = er_ratio >= vetting.er_suspicious_high
    er_low = er_ratio <= vetting.er_suspicious_low
    out["er_flag"] = _categorical(
        np.select([er_high, er_low], [1, 2], 0), ["", "suspiciously high", "suspiciously low"]
    )

    # Pods: many short comments per like compared with the platform's usual ratio.
    with np.errstate(invalid="ignore", divide="ignore"):
        roster_cpl = c["avg_comments"].to_numpy(dtype=float) / np.where(
            c["avg_likes"].to_numpy(dtype=float) > 0, c["avg_likes"], np.nan
        )
    cpl = c["comments_per_like"].to_numpy(dtype=float)
    cpl = np.where(np.isnan(cpl), roster_cpl, cpl)
    platform_cpl = pd.Series(cpl).groupby(platform_codes).transform("median").to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        out["comments_per_like_vs_platform"] = cpl_ratio = cpl / platform_cpl
    pod = cpl_ratio >= vetting.pod_comment_ratio
    out["pod_suspected"] = pod
    out["engagement_cv"] = c["engagement_cv"].to_numpy(dtype=float)
    out["posts_checked"] = posts_checked.astype(int)

    # Signal 1: the follower sample.
    fake = c["fake_share"].to_numpy(dtype=float)
    fake_low = c["fake_share_low"].to_numpy(dtype=float)
    fake_high = c["fake_share_high"].to_numpy(dtype=float)
    sample_size = c["follower_sample_size"].fillna(0).to_numpy(dtype=float)
    out["fake_share"] = fake
    out["fake_share_low"], out["fake_share_high"] = fake_low, fake_high
    out["follower_sample_size"] = sample_size.astype(int)
    signal_sample = 1.0 - fake

    # Signal 2: growth. A jump with engagement rising with it is a giveaway, not a purchase.
    weeks = c["history_weeks"].fillna(0).to_numpy(dtype=float)
    jump = c["jump"].to_numpy(dtype=float)
    drop = c["drop"].to_numpy(dtype=float)
    lift = c["jump_lift"].to_numpy(dtype=float)
    has_history = weeks >= MIN_HISTORY_WEEKS
    spike = (
        has_history & (jump >= vetting.spike_threshold) & (c["jump_z"].to_numpy() >= SPIKE_MIN_Z)
    )
    giveaway = spike & (lift >= vetting.giveaway_engagement_lift)
    unexplained = spike & np.isnan(lift)
    bought = spike & ~giveaway & ~unexplained
    fell = has_history & (drop >= vetting.drop_threshold) & (c["drop_z"].to_numpy() >= SPIKE_MIN_Z)
    out["growth_event"] = _categorical(
        np.select([bought, unexplained, giveaway, fell], [1, 2, 3, 4], 0),
        ["none", "bought_spike", "unexplained_spike", "giveaway", "drop"],
    )
    nat = np.datetime64("NaT", "ns")
    jump_week = pd.to_datetime(c["jump_week"]).to_numpy("datetime64[ns]")
    drop_week = pd.to_datetime(c["drop_week"]).to_numpy("datetime64[ns]")
    out["growth_event_week"] = np.where(spike, jump_week, np.where(fell, drop_week, nat))
    out["growth_event_change"] = np.where(spike, jump, np.where(fell, -drop, np.nan))
    out["growth_engagement_lift"] = np.where(spike, lift, np.nan)
    out["history_weeks"] = weeks.astype(int)
    signal_growth = np.ones(n)
    signal_growth = np.where(giveaway, 1 - 0.5 * np.nan_to_num(jump), signal_growth)
    signal_growth = np.where(unexplained, 1 - np.nan_to_num(jump), signal_growth)
    signal_growth = np.where(bought, 1 - 2 * np.nan_to_num(jump), signal_growth)
    signal_growth = np.where(fell & ~spike, 1 - np.nan_to_num(drop), signal_growth)
    signal_growth = np.where(fell & spike, signal_growth - np.nan_to_num(drop), signal_growth)
    signal_growth = np.where(has_history, np.clip(signal_growth, 0, 1), np.nan)

    # Signal 3: the engagement pattern.
    signal_pattern = np.ones(n)
    signal_pattern = np.where(er_low, LOW_ER_SIGNAL, signal_pattern)
    signal_pattern = np.where(er_high, HIGH_ER_SIGNAL, signal_pattern)
    signal_pattern = np.where(pod, POD_SIGNAL, signal_pattern)
    signal_pattern = np.where(np.isnan(er) & np.isnan(cpl), np.nan, signal_pattern)

    quality_weights = dict(vetting.quality_weights)
    signals = {
        "follower_sample": signal_sample,
        "growth": signal_growth,
        "engagement_pattern": signal_pattern,
    }
    for name, values in signals.items():
        out[f"signal_{name}"] = values
    quality = 100 * _weighted_mean(signals, quality_weights)
    out["audience_quality"] = quality
    present_weight = sum(quality_weights[s] * ~np.isnan(v) for s, v in signals.items())
    lost = np.vstack(
        [
            np.nan_to_num(quality_weights[s] * (1 - v))
            / np.where(present_weight > 0, present_weight, 1)
            for s, v in signals.items()
        ]
    )
    out["quality_driver"] = _categorical(
        np.where(lost.max(axis=0) * 100 >= 5, lost.argmax(axis=0), len(SIGNALS)),
        [*SIGNALS, "none"],
    )
    coverage = {
        "follower_sample": np.minimum(1, sample_size / FULL_SAMPLE),
        "growth": np.where(has_history, np.minimum(1, weeks / FULL_HISTORY), 0.0),
        "engagement_pattern": np.where(
            use_posts, np.minimum(1, posts_checked / FULL_POSTS), np.where(np.isnan(er), 0, 0.5)
        ),
    }
    confidence = sum(quality_weights[s] * coverage[s] for s in SIGNALS) / sum(
        quality_weights.values()
    )
    out["confidence"] = confidence
    out["confidence_level"] = _categorical(
        np.select([confidence >= 0.8, confidence >= LOW_CONFIDENCE], [0, 1], 2),
        ["high", "medium", "low"],
    )
    # What is missing, as one of the 16 combinations of four gaps (a code per creator).
    gaps = ("no follower sample", "no follower history", "no posts", "no audience data")
    absent = (
        (sample_size == 0) * 1
        + (~has_history) * 2
        + (posts_checked == 0) * 4
        + np.isnan(c["audience_in_markets"].to_numpy(dtype=float)) * 8
    )
    combinations = [", ".join(g for i, g in enumerate(gaps) if code >> i & 1) for code in range(16)]
    out["missing_data"] = _categorical(absent, combinations)

    # Audience fit.
    fit_parts = {
        "country": c["audience_in_markets"].to_numpy(dtype=float),
        "age": c["audience_in_age"].to_numpy(dtype=float),
        "gender": c["gender_match"].to_numpy(dtype=float),
        "interests": c["interest_match"].to_numpy(dtype=float),
        "language": c["language_match"].to_numpy(dtype=float),
    }
    targeted = {
        "country": True,
        "age": True,
        "gender": bool(campaign.audience.genders),
        "interests": bool(campaign.audience.interests),
        "language": bool(campaign.audience.languages),
    }
    for name, values in fit_parts.items():
        out[f"fit_{name}"] = values if targeted[name] else np.full(n, np.nan)
    fit = _weighted_mean({k: v for k, v in fit_parts.items() if targeted[k]}, FIT_WEIGHTS)
    out["audience_fit"] = fit

    # Disclosure and brand safety.
    sponsored = c["sponsored_posts"].fillna(0).to_numpy(dtype=float)
    labelled = c["labelled_posts"].fillna(0).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        disclosure = np.where(
            sponsored > 0, labelled / np.where(sponsored > 0, sponsored, 1), np.nan
        )
    out["sponsored_posts"] = sponsored.astype(int)
    out["labelled_posts"] = labelled.astype(int)
    out["disclosure_share"] = disclosure
    for market in campaign.markets:
        column = f"labelled_{market}"
        if column in c:
            with np.errstate(invalid="ignore", divide="ignore"):
                out[f"disclosure_{market}"] = np.where(
                    sponsored > 0,
                    c[column].fillna(0).to_numpy(dtype=float)
                    / np.where(sponsored > 0, sponsored, 1),
                    np.nan,
                )
    unsafe_posts = c["brand_safety_posts"].to_numpy(dtype=float)
    out["brand_safety_posts"] = unsafe_posts
    out["brand_safety_terms"] = c["brand_safety_terms"].fillna("").array
    brand_safety = np.where(np.isnan(unsafe_posts), np.nan, 0.5 ** np.nan_to_num(unsafe_posts))

    # Composite.
    engagement_score = np.where(er_high, np.minimum(percentile / 100, 0.5), percentile / 100)
    components = {
        "audience_fit": fit,
        "audience_quality": quality / 100,
        "engagement": engagement_score,
        "disclosure": disclosure,
        "brand_safety": brand_safety,
    }
    for name in ("engagement", "disclosure", "brand_safety"):
        out[f"{name}_score"] = components[name]
    out["composite_score"] = 100 * _weighted_mean(components, dict(vetting.weights))

    out = _decide(
        out,
        c,
        campaign,
        spike=spike,
        fell=fell,
        giveaway=giveaway,
        bought=bought,
        unexplained=unexplained,
        er_high=er_high,
        er_low=er_low,
        pod=pod,
    )
    out.attrs["notes"] = list(creators.attrs.get("notes", []))
    out.attrs["method"] = method_notes(campaign)
    return out


# --------------------------------------------------------------------------- status and reasons

PREFIX = {"out": _("out: "), "flag": _("flag: "), "note": _("note: "), "in": _("in: ")}


class _Reasons:
    """Collects reasons row by row without a Python loop over rows: each rule adds its text
    to the rows it concerns only (most rules concern few rows). Texts are written with the
    translator ``say``."""

    def __init__(self, size: int, scope: np.ndarray, say: Translator = ENGLISH):
        self.scope = scope  # rows whose every reason is written (the others get the first)
        self.say = say
        self.prefix = {kind: say(text) for kind, text in PREFIX.items()}
        self.text = np.full(size, "", dtype=object)
        self.written = np.zeros(size, bool)
        self.excluded = np.zeros(size, bool)
        self.flagged = np.zeros(size, bool)

    def add(self, kind: str, mask: np.ndarray, text, everyone: bool = False) -> None:
        positions = np.flatnonzero(mask if everyone else mask & self.scope)
        if not len(positions):
            return
        if callable(text):
            texts = np.asarray(text(positions), dtype=object)
        else:
            texts = np.full(len(positions), text, dtype=object)
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
        _, out = self.say, self.prefix["out"]
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
                            markets=_listed(campaign.markets, _),
                        )
                    )
                if platform not in campaign.vetting.platforms:
                    parts.append(
                        out
                        + _(
                            "platform {platform} is not one of the campaign's ({platforms})",
                            platform=platform,
                            platforms=_listed(campaign.vetting.platforms, _),
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


def _fill(template: str, **columns) -> list[str]:
    """Fill a template's named placeholders row by row from a few columns (used on the rows a
    rule concerns only; each column holds texts or plain values)."""
    positional = template
    for number, name in enumerate(columns):
        positional = positional.replace("{" + name + "}", "{" + str(number) + "}")
    return [positional.format(*values) for values in zip(*columns.values(), strict=True)]


def _ordinals(values: np.ndarray, _: Translator = ENGLISH) -> list[str]:
    """71 -> '71st' ('71.' in Latvian), 12 -> '12th', NaN -> 'no'."""
    texts = []
    english = _.language == "en"
    for value in values:
        if np.isnan(value):
            texts.append(_("no"))
            continue
        number = int(round(value))
        if not english:
            texts.append(f"{number}.")
            continue
        suffix = (
            "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        )
        texts.append(f"{number}{suffix}")
    return texts


def _weeks(values: np.ndarray, language: str = "en") -> np.ndarray:
    """Week start dates as text: ISO in English (as the data files write them), the locale's
    ``dd.mm.yyyy.`` in Latvian."""
    pattern = "%Y-%m-%d" if language == "en" else "%d.%m.%Y."
    return np.asarray(pd.DatetimeIndex(values).strftime(pattern), dtype=object)


def _by_value(values: np.ndarray, template: str, name: str, show=str, **fixed) -> np.ndarray:
    """Format a text that depends on one column only (``name``) once per distinct value; the
    other placeholders are the same for every row (``fixed``)."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    texts = np.array(
        [template.format(**fixed, **{name: show(value)}) for value in distinct], dtype=object
    )
    return texts[codes]


def _whole_percent(shares: np.ndarray) -> np.ndarray:
    """Shares as whole percentages (0.456 -> 46), so a text is formatted once per percent."""
    return np.round(np.asarray(shares, dtype=float) * 100).astype(np.int64)


def _listed(values: list[str], _: Translator = ENGLISH) -> str:
    return ", ".join(values) if values else _("none")


def _decide(
    out: pd.DataFrame, c: pd.DataFrame, campaign: Campaign, **m: np.ndarray
) -> pd.DataFrame:
    """Status (shortlisted, flagged, excluded) and the reasons for it (in the campaign's
    language), then sort."""
    vetting = campaign.vetting
    language = campaign.language
    _ = translator(language)

    def numbers(values, spec: str) -> list[str]:
        return _texts(values, spec, language)

    def share(value: float) -> str:
        return _text(value, ".0%", language)

    n = len(out["followers"])
    col = out
    followers = col["followers"].astype(float)
    tier_codes = out["tier"].codes
    tier_names = np.array([*TIERS, ""], dtype=object)[tier_codes]  # -1 (no tier) -> ""
    targets = list(campaign.audience.countries) or list(campaign.markets)

    # Hard filters (discovery): fail one and the creator is out. Creators outside the
    # campaign's markets or platforms get that reason only: the rest would be noise.
    passes = {
        "pass_market": pd.Series(out["market"]).isin(campaign.markets).to_numpy(),
        "pass_platform": pd.Series(out["platform"]).isin(vetting.platforms).to_numpy(),
        "pass_tier": np.isin(tier_codes, [TIERS.index(t) for t in vetting.tiers])
        | np.isnan(followers),
    }
    scope = passes["pass_market"] & passes["pass_platform"]
    reasons = _Reasons(n, scope, _)
    reasons.outside(~scope, out["market"], out["platform"], campaign)
    untiered = ~passes["pass_tier"] & (tier_codes < 0)
    reasons.add(
        "out",
        untiered,
        lambda p: _fill(
            _("{followers} followers: under 1,000, no tier"),
            followers=numbers(followers[p], ",.0f"),
        ),
    )
    reasons.add(
        "out",
        ~passes["pass_tier"] & ~untiered,
        lambda p: _by_value(
            tier_names[p],
            _("tier {tier} is not one of the campaign's ({tiers})"),
            "tier",
            tiers=_listed(vetting.tiers, _),
        ),
    )
    in_markets = col["fit_country"].astype(float)
    passes["pass_audience"] = ~(in_markets < vetting.min_audience_in_markets)
    reasons.add(
        "out",
        ~passes["pass_audience"],
        lambda p: _by_value(
            _whole_percent(in_markets[p]),
            _("{share}% of the audience in {countries} (minimum {minimum})"),
            "share",
            countries="/".join(targets),
            minimum=share(vetting.min_audience_in_markets),
        ),
    )
    in_age = c["audience_in_age"].to_numpy(dtype=float)
    passes["pass_age"] = ~(in_age < vetting.min_audience_in_age)
    youngest, oldest = campaign.audience.age
    reasons.add(
        "out",
        ~passes["pass_age"],
        lambda p: _by_value(
            _whole_percent(in_age[p]),
            _("{share}% of the audience aged {youngest}-{oldest} (minimum {minimum})"),
            "share",
            youngest=youngest,
            oldest=oldest,
            minimum=share(vetting.min_audience_in_age),
        ),
    )
    interests = c["interest_match"].to_numpy(dtype=float)
    passes["pass_interests"] = ~(
        vetting.require_interest_match & bool(campaign.audience.interests) & (interests == 0)
    )
    reasons.add(
        "out",
        ~passes["pass_interests"],
        lambda p: _by_value(
            np.asarray(c["interests"].to_numpy()[p], dtype=object),
            _("no shared interest ({interests}; campaign: {wanted})"),
            "interests",
            lambda value: str(value).replace("|", ", "),
            wanted=_listed(campaign.audience.interests, _),
        ),
    )
    language_match = c["language_match"].to_numpy(dtype=float)
    passes["pass_language"] = ~(
        vetting.require_language_match & bool(campaign.audience.languages) & (language_match == 0)
    )
    reasons.add(
        "out",
        ~passes["pass_language"],
        lambda p: _by_value(
            np.asarray(c["language"].to_numpy()[p], dtype=object),
            _("content in '{language}', not a campaign language ({languages})"),
            "language",
            languages=_listed(campaign.audience.languages, _),
        ),
    )

    # Authenticity: out only when the whole interval is above the limit.
    fake, low, high = (
        col[k].astype(float) for k in ("fake_share", "fake_share_low", "fake_share_high")
    )
    size = col["follower_sample_size"]
    limit = vetting.max_fake_share
    passes["pass_fake_share"] = ~(low > limit)
    reasons.add(
        "out",
        ~passes["pass_fake_share"],
        lambda p: _fill(
            _(
                "at least {low} fake followers (95% interval {low}-{high} from {size} sampled "
                "accounts), above the {limit} limit"
            ).replace("{limit}", share(limit)),
            low=numbers(low[p], ".0%"),
            high=numbers(high[p], ".0%"),
            size=size[p],
        ),
    )
    quality = col["audience_quality"].astype(float)
    passes["pass_quality"] = ~(quality < vetting.min_audience_quality)
    signal_names = {code: words(SIGNAL_NAMES, code, language) for code in [*SIGNALS, "none"]}
    reasons.add(
        "out",
        ~passes["pass_quality"],
        lambda p: _fill(
            _("audience quality {quality}/100 (minimum {minimum}); weakest signal: {signal}")
            .replace("{minimum}", _text(vetting.min_audience_quality, "g", language)),
            quality=numbers(quality[p], ".0f"),
            signal=[signal_names[s] for s in np.asarray(col["quality_driver"])[p]],
        ),
    )  # fmt: skip
    composite = col["composite_score"].astype(float)
    passes["pass_composite"] = ~(composite < vetting.min_composite_score)
    reasons.add(
        "out",
        ~passes["pass_composite"],
        lambda p: _fill(
            _("composite score {score} (minimum {minimum})").replace(
                "{minimum}", _text(vetting.min_composite_score, "g", language)
            ),
            score=numbers(composite[p], ".0f"),
        ),
    )

    # Flags: a person should look before deciding.
    issues = c["data_issues"].fillna("").astype(str).to_numpy()
    reasons.add("flag", issues != "", lambda p: _fill(_("data: {issues}"), issues=issues[p]))
    reasons.add(
        "flag",
        np.isnan(followers) & (issues == ""),
        _("followers missing: tier and engagement cannot be checked"),
    )
    reasons.add(
        "flag",
        (fake > limit) & passes["pass_fake_share"],
        lambda p: _fill(
            _(
                "estimated {fake} fake followers (95% interval {low}-{high}, {size} sampled "
                "accounts) above the {limit} limit, but the interval includes it: ask for "
                "Insights"
            ).replace("{limit}", share(limit)),
            fake=numbers(fake[p], ".0%"),
            low=numbers(low[p], ".0%"),
            high=numbers(high[p], ".0%"),
            size=size[p],
        ),
    )
    reasons.add(
        "flag",
        size == 0,
        _("no follower sample: fake share unknown (ask for a screen recording of Insights)"),
    )
    event_weeks = out["growth_event_week"]

    def week(p: np.ndarray) -> np.ndarray:
        return _weeks(event_weeks[p], language)

    change = col["growth_event_change"].astype(float)
    lift = col["growth_engagement_lift"].astype(float)
    reasons.add(
        "flag",
        m["bought"],
        lambda p: _fill(
            _(
                "follower spike in the week of {week}: +{change} beyond the usual week while "
                "engagement stayed flat ({lift}x usual): bought followers?"
            ),
            week=week(p),
            change=numbers(change[p], ".0%"),
            lift=numbers(lift[p], ".1f"),
        ),
    )
    reasons.add(
        "flag",
        m["unexplained"],
        lambda p: _fill(
            _(
                "follower spike in the week of {week}: +{change}; no engagement history to tell "
                "a giveaway from bought followers"
            ),
            week=week(p),
            change=numbers(change[p], ".0%"),
        ),
    )
    drop_weeks = pd.to_datetime(c["drop_week"]).to_numpy("datetime64[ns]")
    drop = c["drop"].to_numpy(dtype=float)
    reasons.add(
        "flag",
        m["fell"],
        lambda p: _fill(
            _("followers fell {drop} in the week of {week}: a platform purge of fake accounts?"),
            drop=numbers(drop[p], ".0%"),
            week=_weeks(drop_weeks[p], language),
        ),
    )
    er = col["engagement_rate"].astype(float)
    ratio = col["er_vs_peers"].astype(float)
    percentile = col["er_percentile"].astype(float)
    reasons.add(
        "flag",
        m["pod"],
        lambda p: _fill(
            _(
                "{ratio}x the {platform} median of comments per like, many short comments: "
                "engagement pod?"
            ),
            ratio=numbers(col["comments_per_like_vs_platform"][p].astype(float), ".1f"),
            platform=col["platform"][p],
        ),
    )
    reasons.add(
        "flag",
        m["er_high"],
        lambda p: _fill(
            _(
                "engagement {er} per follower is {ratio}x the peer median ({percentile} "
                "percentile): suspiciously high (bought likes, a pod, one viral post?)"
            ),
            er=numbers(er[p], ".2%"),
            ratio=numbers(ratio[p], ".1f"),
            percentile=_ordinals(percentile[p], _),
        ),
    )
    reasons.add(
        "flag",
        m["er_low"],
        lambda p: _fill(
            _(
                "engagement {er} per follower is {ratio}x the peer median ({percentile} "
                "percentile): suspiciously low (dormant or fake audience?)"
            ),
            er=numbers(er[p], ".2%"),
            ratio=numbers(ratio[p], ".2f"),
            percentile=_ordinals(percentile[p], _),
        ),
    )
    terms = np.asarray(col["brand_safety_terms"], dtype=object)
    reasons.add("flag", terms != "", lambda p: _fill(_("brand safety: {terms}"), terms=terms[p]))
    sponsored, labelled = col["sponsored_posts"], col["labelled_posts"]
    disclosed = col["disclosure_share"].astype(float)
    reasons.add(
        "flag",
        disclosed < vetting.min_disclosure_share,
        lambda p: _fill(
            _(
                "labelled {labelled} of {sponsored} sponsored posts as the {market} rule asks "
                "({share}; minimum {minimum})"
            ).replace("{minimum}", share(vetting.min_disclosure_share)),
            labelled=labelled[p],
            sponsored=sponsored[p],
            market=col["market"][p],
            share=numbers(disclosed[p], ".0%"),
        ),
    )
    reasons.add(
        "flag",
        np.isnan(in_markets),
        _("no audience data: fit from interests and language only"),
    )
    confidence = col["confidence"].astype(float)
    # the combinations of missing data, in the campaign's language, by their code
    gaps = [_(gap) for gap in GAPS]
    missing = np.array(
        [", ".join(g for i, g in enumerate(gaps) if code >> i & 1) for code in range(16)],
        dtype=object,
    )[np.asarray(col["missing_data"].codes)]
    reasons.add(
        "flag",
        confidence < LOW_CONFIDENCE,
        lambda p: _fill(
            _("low confidence ({confidence}): {missing}"),
            confidence=numbers(confidence[p], ".0%"),
            missing=missing[p],
        ),
    )
    reasons.add(
        "note",
        m["giveaway"],
        lambda p: _fill(
            _(
                "giveaway-like spike in the week of {week}: +{change} with engagement {lift}x "
                "usual; not fraud, but the new followers may be weak reach"
            ),
            week=week(p),
            change=numbers(change[p], ".0%"),
            lift=numbers(lift[p], ".1f"),
        ),
    )
    reasons.add(
        "note",
        (sponsored == 0) & (col["posts_checked"] > 0),
        _("no sponsored posts to check labelling"),
    )

    status = np.select([reasons.excluded, reasons.flagged], ["excluded", "flagged"], "shortlisted")
    shortlisted = status == "shortlisted"
    tier = tier_names
    reasons.prepend(
        shortlisted,
        _fill(
            _(
                "fit {fit}, quality {quality}/100, {er} engagement ({percentile} percentile of "
                "{platform} {tier}), composite {composite}"
            ),
            fit=numbers(col["audience_fit"][shortlisted].astype(float), ".2f"),
            quality=numbers(quality[shortlisted], ".0f"),
            er=numbers(er[shortlisted], ".2%"),
            percentile=_ordinals(percentile[shortlisted], _),
            platform=col["platform"][shortlisted],
            tier=tier[shortlisted],
            composite=numbers(composite[shortlisted], ".0f"),
        ),
    )
    for name, values in passes.items():
        out[name] = values
    out["status"] = _categorical(
        np.select([status == "shortlisted", status == "flagged"], [0, 1], 2), list(STATUSES)
    )
    out["reasons"] = reasons.text
    out["followers"] = pd.array(np.round(followers), dtype="Int64")
    # One stable sort: status first, then composite score from the highest (missing last);
    # each column is taken in that order and released, so memory holds one copy at a time.
    status_rank = np.select([status == "shortlisted", status == "flagged"], [0, 1], 2)
    # Excluded creators keep roster order among themselves.
    composite_key = np.where(np.isnan(composite), np.inf, -composite)
    composite_key[status_rank == 2] = 0.0
    order = np.lexsort((composite_key, status_rank))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(1, n + 1)
    out["rank"] = rank
    rest = [k for k in out if k not in CONTRACT_COLUMNS and k != "rank"]
    floats = [k for k in rest if _is_float(out[k])]
    names = CONTRACT_COLUMNS + ["rank"] + floats + [k for k in rest if k not in floats]
    return _frame(out, names)


def _is_float(values: object) -> bool:
    return isinstance(values, np.ndarray) and values.dtype == np.float64


def _frame(columns: dict[str, object], names: list[str]) -> pd.DataFrame:
    """Build the output frame in roster order, writing each run of float columns straight
    into one 2-D block (a DataFrame built from a dict would copy them all again)."""
    pieces, run = [], []

    def flush() -> None:
        if not run:
            return
        if _is_float(columns[run[0]]):
            block = np.empty((len(run), len(columns[run[0]])))
            for row, name in enumerate(run):
                block[row] = columns.pop(name)
            pieces.append(pd.DataFrame(block.T, columns=list(run), copy=False))
        else:
            pieces.append(pd.DataFrame({name: columns.pop(name) for name in run}))
        run.clear()

    for name in names:
        if run and _is_float(columns[name]) != _is_float(columns[run[0]]):
            flush()
        run.append(name)
    flush()
    return pd.concat(pieces, axis=1)


def in_rank_order(table: pd.DataFrame) -> pd.DataFrame:
    """The shortlist sorted by ``rank``: shortlisted first, then flagged, each by composite
    score from the highest; then the excluded in roster order."""
    return table.sort_values("rank", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- the stage


def build_shortlist(campaign: Campaign, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Vet every creator on the roster for the campaign: the shortlist.

    Parameters
    ----------
    campaign : Campaign
        The campaign.
    tables : dict of str to DataFrame
        From :func:`helpers.core.data.load_campaign_data` (``roster`` required; ``posts``,
        ``follower_growth``, ``audience``, ``follower_samples`` used when present).

    Returns
    -------
    DataFrame
        One row per roster row with :data:`CONTRACT_COLUMNS` (``influencer_id``, ``handle``,
        ``name``, ``platform``, ``market``, ``tier``, ``followers``, ``engagement_rate``,
        ``fake_share``, ``audience_quality`` 0-100, ``audience_fit`` 0-1,
        ``composite_score`` 0-100, ``status`` shortlisted | flagged | excluded, ``reasons``)
        and then every component. ``.attrs["notes"]`` lists problems with whole tables.
    """
    return in_rank_order(score_roster(gather_creators(campaign, tables), campaign))


def method_notes(campaign: Campaign) -> list[str]:
    """How every score is computed, in sentences for the report page (in the campaign's
    language)."""
    language = campaign.language
    _ = translator(language)
    vetting = campaign.vetting
    model = load_follower_model()
    cv = model["cross_validation"]

    def g(value: float) -> str:
        return _text(value, "g", language)

    def percent(value: float) -> str:
        return _text(value, ".0%", language)

    def three(value: float) -> str:
        return _text(value, ".3f", language)

    weights = ", ".join(
        f"{words(COMPONENT_NAMES, name, language)} {g(value)}" for name, value in vetting.weights
    )
    signals = ", ".join(
        f"{words(SIGNAL_NAMES, name, language)} {g(value)}"
        for name, value in vetting.quality_weights
    )
    return [
        _(
            "**Engagement rate** is per follower, {definition}, from the median of the recent "
            "posts (at least {posts}; else the roster's averages), so one viral post does not "
            "lift it. Engagement per view (video posts) is shown beside it; reach is not in the "
            "roster, so no rate per reach. The **percentile** ranks the creator among all roster "
            "creators on the same platform and tier, (rank - 0.5) / peers. Engagement is "
            "suspiciously high at {high}x the peer median or more and suspiciously low at {low}x "
            "or less (the published benchmark stands in for the peers when there are fewer than "
            "{peers}).",
            definition=_(ER_DEFINITION),
            posts=MIN_POSTS_FOR_MEDIAN,
            high=g(vetting.er_suspicious_high),
            low=g(vetting.er_suspicious_low),
            peers=MIN_PEERS,
        ),
        _(
            "**Fake followers** (signal 1, the follower sample): each sampled follower account is "
            "scored by a logistic regression on five profile counters fitted on SRF Data's 975 "
            "hand-labelled Instagram accounts (2017; cross-validated balanced accuracy "
            "{accuracy} ± {accuracy_sd}, ROC AUC {auc} ± {auc_sd}; weaker on accounts with many "
            "followers). The share flagged is corrected for the model's errors (Rogan-Gladen) and "
            "given a 95% Wilson interval, widened for the uncertainty of the model's error rates; "
            "it narrows as the sample grows. A creator is out when the whole interval is above "
            "the campaign's {limit} limit, flagged when only the estimate is.",
            accuracy=three(cv["balanced_accuracy_mean"]),
            accuracy_sd=three(cv["balanced_accuracy_sd"]),
            auc=three(cv["roc_auc_mean"]),
            auc_sd=three(cv["roc_auc_sd"]),
            limit=percent(vetting.max_fake_share),
        ),
        _(
            "**Growth** (signal 2): each week's change in followers is compared with the "
            "creator's usual week (median change, robust spread). A jump of {spike} or more "
            "beyond the usual week, and at least {z} robust SDs, is a spike; when engagement in "
            "that week and the next averages {lift}x the usual week or more, it is a giveaway "
            "(noted, not flagged), otherwise bought followers (flagged). A loss of {drop} or "
            "more beyond the usual week is a drop, usually a platform purge of fake accounts. The "
            "signal is 1 without events, 1 - 2 x jump after bought followers, 1 - drop after a "
            "drop, 1 - jump / 2 after a giveaway.",
            spike=percent(vetting.spike_threshold),
            z=g(SPIKE_MIN_Z),
            lift=g(vetting.giveaway_engagement_lift),
            drop=percent(vetting.drop_threshold),
        ),
        _(
            "**Engagement pattern** (signal 3): comments per like at {ratio}x the platform's "
            "median or more point to an engagement pod (signal {pod}); suspiciously high "
            "engagement gives {high}, suspiciously low {low}, otherwise 1.",
            ratio=g(vetting.pod_comment_ratio),
            pod=g(POD_SIGNAL),
            high=g(HIGH_ER_SIGNAL),
            low=g(LOW_ER_SIGNAL),
        ),
        _(
            "**Audience quality** (0-100) is the weighted mean of the three signals ({signals}), "
            "over the signals that exist; the *weakest signal* column names the one that cost the "
            "most points. **Confidence** is the weighted coverage of the signals: a sample of "
            "{sample} accounts, {weeks} weeks of history and {posts} posts count in full; a "
            "missing signal counts 0.",
            signals=signals,
            sample=FULL_SAMPLE,
            weeks=FULL_HISTORY,
            posts=FULL_POSTS,
        ),
        _(
            "**Audience fit** (0-1) weighs the share of the audience in the campaign's countries "
            "({country}), in its age range ({age}), the gender match ({gender}), shared interests "
            "({interests}) and content language ({language}), over the parts the campaign "
            "targets and the creator has data for.",
            **{name: g(weight) for name, weight in FIT_WEIGHTS.items()},
        ),
        _(
            "**Disclosure**: the share of past sponsored posts whose caption carries a label that "
            "satisfies the rule of the creator's market (whole words, any case; a label the rule "
            "calls not enough does not count). **Brand safety** halves for every post whose "
            "caption mentions a keyword of an avoided category (in the creator's language or "
            "English) or a campaign keyword."
        ),
        _(
            "**Composite score** (0-100): the weighted mean of the components ({weights}), over "
            "the components a creator has data for.",
            weights=weights,
        ),
    ]


FUNNEL_STEPS = [
    (_("on the roster"), None),
    (_("in the campaign's markets"), "pass_market"),
    (_("on the campaign's platforms"), "pass_platform"),
    (_("in the campaign's tiers"), "pass_tier"),
    (_("enough audience in the target countries"), "pass_audience"),
    (_("enough audience in the age range"), "pass_age"),
    (_("a shared interest"), "pass_interests"),
    (_("content in a campaign language"), "pass_language"),
    (_("fake followers not surely above the limit"), "pass_fake_share"),
    (_("audience quality above the minimum"), "pass_quality"),
    (_("composite score above the minimum"), "pass_composite"),
]


def discovery_funnel(shortlist: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """How many creators survive each filter in turn, from the whole roster to the shortlist.

    Returns
    -------
    DataFrame
        ``step`` (in ``language``), ``creators`` left after it, ``removed`` by it.
    """
    _ = translator(language)
    alive = np.ones(len(shortlist), bool)
    rows = []
    for label, column in FUNNEL_STEPS:
        before = int(alive.sum())
        if column is not None:
            alive &= shortlist[column].to_numpy(dtype=bool)
        rows.append(
            {"step": _(label), "creators": int(alive.sum()), "removed": before - int(alive.sum())}
        )
    flagged = int((shortlist["status"] == "flagged").sum())
    rows.append(
        {"step": _("of which flagged for a closer look"), "creators": flagged, "removed": 0}
    )
    return pd.DataFrame(rows)


def disclosure_by_market(shortlist: pd.DataFrame, campaign: Campaign) -> pd.DataFrame:
    """Each campaign market's disclosure rule, and how well the creators still in the running
    (shortlisted or flagged) label their sponsored posts by that rule.

    Returns
    -------
    DataFrame
        ``market``, ``authority``, ``labels_that_satisfy``, ``labels_not_enough`` (text),
        ``creators`` (in the running, based in the market), ``median_share`` of their
        sponsored posts labelled by the rule, ``below_minimum`` (creators under the
        campaign's minimum), ``verified`` and ``source`` (a missing rule said in the campaign's
        language).
    """
    _ = translator(campaign.language)
    rules = reference.disclosure_rules(campaign.markets)
    running = shortlist[shortlist["status"] != "excluded"]
    rows = []
    for rule in rules.itertuples(index=False):
        home = running[running["market"] == rule.market]
        column = f"disclosure_{rule.market}"
        shares = home[column] if column in home else home["disclosure_share"]
        year = f" ({int(rule.year)})" if pd.notna(rule.year) else ""
        rows.append(
            {
                "market": rule.market,
                "authority": rule.authority,
                "labels_that_satisfy": ", ".join(rule.labels_that_satisfy),
                "labels_not_enough": ", ".join(rule.labels_not_enough),
                "creators": len(home),
                "median_share": shares.median() if shares.notna().any() else np.nan,
                "below_minimum": int((shares < campaign.vetting.min_disclosure_share).sum()),
                "verified": rule.verified,
                "source": f"{rule.source}{year}" if rule.source else _("no rule on file"),
            }
        )
    return pd.DataFrame(rows)


def growth_curves(growth: pd.DataFrame | None, influencer_ids: list[str]) -> pd.DataFrame:
    """The weekly follower series of some creators, for the growth chart.

    Returns
    -------
    DataFrame
        ``influencer_id``, ``week`` (timestamp), ``followers``, ``engagements`` (NaN when
        absent); empty when there is no growth table.
    """
    columns = ["influencer_id", "week", "followers", "engagements"]
    if growth is None or growth.empty or not {"influencer_id", "week", "followers"} <= set(growth):
        return pd.DataFrame(columns=columns)
    chosen = growth[growth["influencer_id"].astype(str).isin(influencer_ids)].copy()
    chosen["week"] = pd.to_datetime(chosen["week"], errors="coerce")
    chosen["followers"] = pd.to_numeric(chosen["followers"], errors="coerce")
    if "engagements" not in chosen:
        chosen["engagements"] = np.nan
    return (
        chosen[columns].dropna(subset=["week", "followers"]).sort_values(["influencer_id", "week"])
    )


def vetting_summary(campaign: Campaign, shortlist: pd.DataFrame) -> str:
    """The stage's finding in a few sentences of Markdown, for the top of the report (in the
    campaign's language)."""
    language = campaign.language
    _ = translator(language)
    counts = shortlist["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    in_markets = shortlist[shortlist["pass_market"]]
    lines = [
        _(
            "**{shortlisted} creators shortlisted and {flagged} flagged** for a closer look, out "
            "of {in_markets} in {markets} ({roster} on the roster; {excluded} excluded, each with "
            "its reason).",
            shortlisted=_.number(counts["shortlisted"]),
            flagged=_.number(counts["flagged"]),
            in_markets=_.number(len(in_markets)),
            markets=", ".join(campaign.markets),
            roster=_.number(len(shortlist)),
            excluded=_.number(counts["excluded"]),
        )
    ]
    top = shortlist[shortlist["status"] == "shortlisted"].sort_values("rank").head(3)
    if len(top):
        names = ", ".join(
            _(
                "{handle} ({platform}, {market}, score {score})",
                handle=report.text(row.handle),
                platform=report.text(row.platform),
                market=report.text(row.market),
                score=_.number(row.composite_score),
            )
            for row in top.itertuples()
        )
        lines.append(_("Top of the list: {names}.", names=names))
    running = shortlist[shortlist["status"] != "excluded"]
    vetting = campaign.vetting
    # (one, many), already translated: in Latvian a count ending in 1 (not 11) is singular
    flags = {
        (
            _("{count} creator with fake followers above the limit"),
            _("{count} creators with fake followers above the limit"),
        ): (running["fake_share"] > vetting.max_fake_share).sum(),
        (_("{count} bought-follower spike"), _("{count} bought-follower spikes")): (
            running["growth_event"] == "bought_spike"
        ).sum(),
        (_("{count} suspected engagement pod"), _("{count} suspected engagement pods")): running[
            "pod_suspected"
        ].sum(),
        (_("{count} creator who labels ads poorly"), _("{count} creators who label ads poorly")): (
            running["disclosure_share"] < vetting.min_disclosure_share
        ).sum(),
        (_("{count} brand-safety hit"), _("{count} brand-safety hits")): (
            running["brand_safety_terms"] != ""
        ).sum(),
    }
    named = [
        (one if _singular(int(v), language) else many).format(count=_.number(int(v)))
        for (one, many), v in flags.items()
        if v
    ]
    if named:
        lines.append(_("Flags among those still in the running: {flags}.", flags=", ".join(named)))
    funnel = discovery_funnel(shortlist, language).iloc[2:-1]
    if len(funnel) and funnel["removed"].max() > 0:
        biggest = funnel.loc[funnel["removed"].idxmax()]
        lines.append(
            _(
                "Within the markets, the step that removes the most creators is *{step}* "
                "({removed} out).",
                step=biggest["step"],
                removed=_.number(int(biggest["removed"])),
            )
        )
    return " ".join(lines)


def _singular(count: int, language: str = "en") -> bool:
    """Whether a count takes the singular form: 1 in English; 1, 21, 31 ... (not 11) in
    Latvian."""
    if language == "lv":
        return count % 10 == 1 and count % 100 != 11
    return count == 1


def engagement_bands(shortlist: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """Per platform and tier: the tier's follower range, the peers' engagement quartiles and
    the published benchmark, for the engagement chart.

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``min_followers``, ``max_followers`` (NaN: no upper bound),
        ``peers``, ``p25``, ``median``, ``p75``, ``benchmark``, ``source`` (noted in
        ``language``).
    """
    cuts = reference.tier_cut_points().set_index("tier")
    rated = shortlist.dropna(subset=["engagement_rate", "tier"])
    grouped = rated.groupby(["platform", "tier"], sort=False)["engagement_rate"]
    table = grouped.agg(
        peers="count",
        p25=lambda s: s.quantile(0.25),
        median="median",
        p75=lambda s: s.quantile(0.75),
    ).reset_index()
    benchmarks = _benchmark_table(language)
    key = table["platform"] + "/" + table["tier"].astype(str)
    table["benchmark"] = key.map(benchmarks["er_benchmark"])
    table["source"] = key.map(benchmarks["er_benchmark_source"])
    table["min_followers"] = table["tier"].map(cuts["min_followers"])
    table["max_followers"] = table["tier"].map(cuts["max_followers"])
    table["tier"] = pd.Categorical(table["tier"], categories=list(TIERS), ordered=True)
    return table.sort_values(["platform", "tier"]).reset_index(drop=True)
