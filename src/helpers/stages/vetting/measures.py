"""Measurements: one row per creator on the roster with everything the scores need, from the
campaign's tables (posts, weekly follower counts, audience splits, follower samples)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.core.campaign import Campaign
from helpers.core.errors import InputError
from helpers.stages.vetting.authenticity import (
    ACCOUNT_COLUMNS,
    COUNT_COLUMNS,
    audience_fake_share_by,
)
from helpers.stages.vetting.captions import brand_safety_hits, label_satisfies
from helpers.stages.vetting.checks import (
    _clean_rows,
    _join,
    _numbers,
    _usable_table,
    check_roster,
)
from helpers.stages.vetting.thresholds import AGE_BANDS, MIN_WEEKLY_SD
from helpers.stages.vetting.vocabulary import ENGLISH
from helpers.text.i18n import Translator, translator


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
    posts = _with_post_columns(posts)
    measures = _engagement_per_post(posts)
    _count_labelled(measures, posts, roster, campaign)
    _count_unsafe(measures, posts, roster, campaign)
    return measures


def _with_post_columns(posts: pd.DataFrame) -> pd.DataFrame:
    """Posts with engagements, engagement per view, a yes/no ``is_sponsored``, a caption and a
    post id (empty or made up where the table has none)."""
    posts = posts.copy(deep=False)  # copy on write: the caller's table stays as it is
    posts["engagements"] = posts["likes"] + posts["comments"]
    views = posts["views"] if "views" in posts else pd.Series(np.nan, index=posts.index)
    posts["er_per_view"] = posts["engagements"] / views.where(views > 0)
    sponsored = posts.get("is_sponsored", 0)
    posts["is_sponsored"] = pd.to_numeric(sponsored, errors="coerce").fillna(0).astype(bool)
    if "caption" not in posts:
        posts["caption"] = ""
    if "post_id" not in posts:
        posts["post_id"] = posts.index.astype(str)
    return posts


def _engagement_per_post(posts: pd.DataFrame) -> pd.DataFrame:
    """Per creator: posts checked, median engagements and engagement per view, comments per
    like and the spread of engagement across posts."""
    grouped = posts.groupby("influencer_id", sort=True)
    engagement = grouped["engagements"]
    return pd.DataFrame(
        {
            "posts_checked": grouped.size(),
            "median_engagements": engagement.median(),
            "median_er_per_view": grouped["er_per_view"].median(),
            "comments_per_like": grouped["comments"].sum()
            / grouped["likes"].sum().where(lambda s: s > 0),
            "engagement_cv": engagement.std() / engagement.mean().where(lambda s: s > 0),
        }
    )


def _count_labelled(
    measures: pd.DataFrame, posts: pd.DataFrame, roster: pd.DataFrame, campaign: Campaign
) -> None:
    """Sponsored posts, and those labelled by the creator's market rule and by each campaign
    market's rule (each market's rule read once over the captions it applies to)."""
    markets = roster.drop_duplicates("influencer_id").set_index("influencer_id")["market"]
    paid = posts[posts["is_sponsored"]]
    captions = paid["caption"]
    by_rule = {market: label_satisfies(captions, market).to_numpy() for market in campaign.markets}
    codes, creator_markets = pd.factorize(paid["influencer_id"].map(markets), sort=True)
    labelled = np.zeros(len(paid), bool)
    for code, market in enumerate(creator_markets):
        rows = codes == code
        if market in by_rule:
            labelled[rows] = by_rule[market][rows]
        else:
            labelled[rows] = label_satisfies(captions[rows], str(market)).to_numpy()
    counts = pd.DataFrame(
        {
            "sponsored_posts": 1,
            "labelled_posts": labelled,
            **{f"labelled_{market}": by_rule[market] for market in campaign.markets},
        },
        index=paid.index,
    )
    totals = counts.groupby(paid["influencer_id"].to_numpy()).sum().astype(int)
    for column in counts.columns:
        measures[column] = totals[column]
    measures[counts.columns] = measures[counts.columns].fillna(0).astype(int)


def _count_unsafe(
    measures: pd.DataFrame, posts: pd.DataFrame, roster: pd.DataFrame, campaign: Campaign
) -> None:
    """Posts mentioning what the campaign avoids, and what was found in which post."""
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
    week = pd.to_datetime(growth["week"], errors="coerce")
    codes, creators = pd.factorize(growth["influencer_id"], sort=True)
    kept = np.flatnonzero(week.notna().to_numpy() & (codes >= 0))
    weeks = week.to_numpy()[kept]
    order = kept[np.lexsort((weeks, codes[kept]))]  # by creator, then week (stable)
    code = codes[order]
    same = np.r_[False, code[1:] == code[:-1]]
    followers = growth["followers"].to_numpy(dtype=float, na_value=np.nan)[order]
    log_followers = np.log(np.where(followers > 0, followers, np.nan))
    change = np.where(same, log_followers - np.r_[np.nan, log_followers[:-1]], np.nan)
    usual = _group_median(change, code)
    spread = _group_median(np.abs(change - usual), code)
    excess = change - usual
    z = excess / np.maximum(spread * 1.4826, MIN_WEEKLY_SD)
    lift = np.full(len(order), np.nan)
    if "engagements" in growth:
        engagements = growth["engagements"].to_numpy(dtype=float, na_value=np.nan)[order]
        lift = _engagement_lift(engagements, code, same)
    weeks = week.take(order).to_numpy()
    up, down = _extreme_weeks(excess, code)
    present = np.flatnonzero(np.bincount(code, minlength=len(creators)))
    where = np.full(len(creators), -1)
    where[present] = np.arange(len(present))

    def per_creator(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
        filled = np.full(len(present), np.nan if values.dtype.kind == "f" else None, values.dtype)
        filled[where[code[rows]]] = values[rows]
        return filled

    return pd.DataFrame(
        {
            "history_weeks": np.bincount(code, minlength=len(creators))[present],
            "jump": per_creator(np.expm1(excess), up),
            "jump_week": per_creator(weeks, up),
            "jump_z": per_creator(z, up),
            "jump_lift": per_creator(lift, up),
            "drop": per_creator(-np.expm1(excess), down),
            "drop_week": per_creator(weeks, down),
            "drop_z": per_creator(-z, down),
        },
        index=pd.Index(creators.take(present), name="influencer_id"),
    )


def _extreme_weeks(excess: np.ndarray, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each creator's week furthest above their usual week (the later of equals) and furthest
    below it (the earlier of equals), as row positions."""
    measured = np.flatnonzero(~np.isnan(excess))
    ranked = pd.DataFrame({"code": code[measured]}).assign(excess=excess[measured])
    ranked = ranked.sort_values("excess", kind="stable")
    up = measured[ranked.drop_duplicates("code", keep="last").index.to_numpy()]
    down = measured[ranked.drop_duplicates("code").index.to_numpy()]
    return up, down


def _group_median(values: np.ndarray, code: np.ndarray) -> np.ndarray:
    """Each row's group median (missing values left out), for rows sorted by group code."""
    return pd.Series(values).groupby(code, sort=False).transform("median").to_numpy()


def _engagement_lift(engagements: np.ndarray, code: np.ndarray, same: np.ndarray) -> np.ndarray:
    """The mean of a week's and the next week's engagements over the creator's median week
    (a week without engagements counts as unknown)."""
    typical = _group_median(engagements, code)
    ratio = engagements / np.where(typical > 0, typical, np.nan)
    following = np.where(np.r_[same[1:], False], np.r_[ratio[1:], np.nan], np.nan)
    pair = np.vstack([ratio, np.where(np.isnan(following), ratio, following)])
    known = (~np.isnan(pair)).sum(axis=0)
    return np.where(known > 0, np.nansum(pair, axis=0) / np.maximum(known, 1), np.nan)


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
    low = audience["segment"].map({name: b[0] for name, b in AGE_BANDS.items()}).astype(float)
    high = audience["segment"].map({name: b[1] for name, b in AGE_BANDS.items()}).astype(float)
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
    samples: pd.DataFrame, known: pd.Index, notes: list[str], _: Translator = ENGLISH
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
        samples, flags = samples[~bad_flags], flags[~bad_flags]
    samples = samples.assign(**{c: flags[c] for c in flags.columns})  # the same rows
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
        ``interest_match``, ``language_match``, the vendor's figure (``vendor_fake_share``,
        ``vendor_source``) and ``data_issues``. Table-level notes are in ``.attrs["notes"]``;
        ``.attrs["unchecked"]`` maps each optional table not given (``"absent"``) or lacking
        the columns it needs (``"unusable"``) to that state. Every roster row is kept, in
        order. Notes and ``data_issues`` are in the campaign's language.
    """
    if "roster" not in tables:
        raise InputError(["no roster table: vetting needs the campaign's roster of creators"])
    _ = translator(campaign.language)
    roster, notes = check_roster(tables["roster"], _)
    gathering = _Gathering(roster, notes, _)
    for measure in (_measure_posts, _measure_growth, _measure_audience, _measure_samples):
        measure(gathering, tables, campaign)
    roster["data_issues"] = gathering.issues
    _match_interests_and_language(roster, campaign)
    _vendor_figures(roster)
    for column, default in MEASURE_DEFAULTS.items():
        if column not in roster:
            roster[column] = default
    roster.attrs["notes"] = notes
    roster.attrs["unchecked"] = dict(gathering.unchecked)
    return roster


def _vendor_figures(roster: pd.DataFrame) -> None:
    """``vendor_fake_share`` and ``vendor_source`` from the roster's optional vendor columns.

    A vendor's ``audience_credibility`` (the share of followers it judges real) gives a fake
    share of 1 - credibility; where a row has none, its ``fake_follower_share`` is taken as
    given. Values outside 0-1 are left out (the loader refuses them in files).
    """

    def share(column: str) -> pd.Series:
        if column not in roster:
            return pd.Series(np.nan, index=roster.index)
        values = pd.to_numeric(roster[column], errors="coerce").astype(float)
        return values.where((values >= 0) & (values <= 1))

    credibility, fake = share("audience_credibility"), share("fake_follower_share")
    roster["vendor_fake_share"] = (1 - credibility).fillna(fake)
    source = roster.get("authenticity_source", pd.Series("", index=roster.index))
    roster["vendor_source"] = (
        source.astype("string")
        .str.strip()
        .fillna("")
        .astype(object)
        .where(roster["vendor_fake_share"].notna(), "")
    )


class _Gathering:
    """The roster being measured: measurements are attached to it by ``influencer_id`` and the
    rows each table leaves out are counted in the creators' ``data_issues``."""

    def __init__(self, roster: pd.DataFrame, notes: list[str], _: Translator):
        self.roster, self.notes, self.say = roster, notes, _
        self.known = pd.Index(roster["influencer_id"].dropna().unique())
        self.ids = roster["influencer_id"]
        self.issues = roster["data_issues"].copy()
        self.unchecked: dict[str, str] = {}  # table -> "absent" (not given) or "unusable"

    def attach(self, measures: pd.DataFrame) -> None:
        """Add each measurement to the creators it was taken for (missing for the others; a
        table that matches nobody still gives its columns, empty, of the right type)."""
        measures = measures[~measures.index.duplicated()]
        measures.index = measures.index.astype(object)
        matched = measures.reindex(pd.Index(self.ids.astype(object).to_numpy()))
        for column in measures.columns:
            self.roster[column] = matched[column].to_numpy()

    def note_left_out(self, left_out: pd.Series, template: str) -> None:
        counts = self.ids.map(left_out).fillna(0).astype(int)
        has = counts > 0
        text = pd.Series(
            [template.format(count=count) for count in counts[has]], index=counts.index[has]
        )
        self.issues[has] = _join(self.issues[has], text)

    def usable(self, tables: dict, name: str, needed: tuple[str, ...]) -> pd.DataFrame | None:
        frame = _usable_table(tables, name, needed, self.notes, self.say)
        if frame is None:
            self.unchecked[name] = "absent" if tables.get(name) is None else "unusable"
        return frame

    def clean(self, frame: pd.DataFrame, name: str, counts: tuple[str, ...]):
        return _clean_rows(frame, name, counts, self.known, self.notes, self.say)


def _measure_posts(gathering: _Gathering, tables: dict, campaign: Campaign) -> None:
    _ = gathering.say
    posts = gathering.usable(tables, "posts", ("influencer_id", "likes", "comments"))
    if posts is not None:
        counts = tuple(c for c in ("likes", "comments", "views") if c in posts)
        posts, left_out = gathering.clean(posts, "posts", counts)
        gathering.note_left_out(left_out, _("{count} post(s) with unreadable counts left out"))
        gathering.attach(post_measures(posts, gathering.roster, campaign))


def _measure_growth(gathering: _Gathering, tables: dict, campaign: Campaign) -> None:
    _ = gathering.say
    growth = gathering.usable(tables, "follower_growth", ("influencer_id", "week", "followers"))
    if growth is not None:
        growth = _optional_engagements(growth, gathering)
        growth, left_out = gathering.clean(growth, "follower_growth", ("followers",))
        gathering.note_left_out(
            left_out, _("{count} week(s) of follower history with unreadable counts left out")
        )
        gathering.attach(growth_measures(growth))


def _optional_engagements(growth: pd.DataFrame, gathering: _Gathering) -> pd.DataFrame:
    """The growth table with ``engagements`` as numbers where readable (an empty or missing
    column is dropped: a spike then cannot be told a giveaway or a purchase, and says so)."""
    if "engagements" not in growth:
        return growth
    growth, issues = _numbers(growth, ("engagements",), gathering.say)
    if growth["engagements"].isna().all():
        return growth.drop(columns="engagements")
    bad = int((issues != "").sum())
    if bad:
        gathering.notes.append(
            gathering.say(
                "follower_growth: {count} week(s) with unreadable engagements; those weeks "
                "count without them",
                count=gathering.say.number(bad),
            )
        )
    return growth


def _measure_audience(gathering: _Gathering, tables: dict, campaign: Campaign) -> None:
    needed = ("influencer_id", "dimension", "segment", "share")
    audience = gathering.usable(tables, "audience", needed)
    if audience is not None:
        audience = audience.assign(influencer_id=audience["influencer_id"].astype(str))
        gathering.attach(audience_measures(audience, campaign))


def _measure_samples(gathering: _Gathering, tables: dict, campaign: Campaign) -> None:
    _ = gathering.say
    samples = gathering.usable(tables, "follower_samples", ("influencer_id", *ACCOUNT_COLUMNS))
    if samples is not None:
        estimate, left_out = sample_measures(samples, gathering.known, gathering.notes, _)
        gathering.note_left_out(
            left_out, _("{count} sampled follower account(s) with unreadable counts left out")
        )
        gathering.attach(
            estimate.rename(
                columns={
                    "low": "fake_share_low",
                    "high": "fake_share_high",
                    "sample_size": "follower_sample_size",
                }
            )
        )


def _match_interests_and_language(roster: pd.DataFrame, campaign: Campaign) -> None:
    """``interest_match`` and ``language_match`` (NaN where the creator gives none)."""
    roster["interest_match"] = (
        _interest_match(roster["interests"], campaign.audience.interests)
        if campaign.audience.interests
        else np.nan
    )
    languages = set(campaign.audience.languages)
    written_in = roster["language"].astype("string").str.strip().str.lower()
    roster["language_match"] = written_in.isin(languages).astype(float).where(written_in.notna())


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
    "vendor_fake_share": np.nan,
    "vendor_source": "",
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
