"""Reading the agency's past campaigns: each one's deals (what each creator was paid, in the
campaign's currency) and posts (impressions, link clicks, conversions), with the creator's
market, platform and tier.

A past campaign is a campaign file naming its ``data.pipeline`` and ``data.results``, or a
folder holding ``pipeline.csv`` and ``results.csv`` (or ``.xlsx``) and, optionally,
``roster.csv``. Both files are read by the project's own loaders
(:func:`helpers.core.data.load_table`), so they may be in the file's own words like any other
data file. A creator's tier comes from the past campaign's roster, else from the campaign's own
roster (follower counts, ``tiers.csv``); a creator on neither counts only for the platform.

Every problem of every past campaign is reported at once, as
:class:`~helpers.core.errors.InputError` lines ``FILE: row N, column C: what is wrong``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from helpers.core import reference
from helpers.core.campaign import Campaign, load_campaign
from helpers.core.data import load_campaign_data, load_table
from helpers.core.errors import InputError, problem

#: pipeline stages whose agreed fee was paid (or is owed): the deals history learns fees from
PAID_STAGES = ("contracted", "live", "completed")
#: the files of a past campaign's folder, by table (the first that exists is read)
FOLDER_FILES = {
    "pipeline": ("pipeline.csv", "pipeline.xlsx"),
    "results": ("results.csv", "results.xlsx"),
    "roster": ("roster.csv", "roster.xlsx"),
}
CAMPAIGN_SUFFIXES = (".yaml", ".yml")
DEAL_COLUMNS = ["campaign", "influencer_id", "market", "platform", "tier", "fee", "posts",
                "impressions", "clicks", "conversions"]  # fmt: skip
POST_COLUMNS = ["campaign", "influencer_id", "market", "platform", "tier", "impressions",
                "clicks", "conversions"]  # fmt: skip


@dataclass
class History:
    """What the past campaigns hold, ready to calibrate on.

    Attributes
    ----------
    campaigns : DataFrame
        One row per past campaign: ``campaign`` (its file's or folder's name), ``name``,
        ``where`` (the file or folder, a Path), ``start``, ``end``, ``markets``,
        ``deals``, ``posts``, ``clicks_tracked`` and ``conversions_tracked`` (False when the
        results hold no link click or no conversion at all: read as not tracked, not as zero).
    deals : DataFrame
        One row per past campaign and paid creator (:data:`DEAL_COLUMNS`); ``fee`` in the
        campaign's currency; ``tier`` empty when the creator is on no roster.
    posts : DataFrame
        One row per past post (:data:`POST_COLUMNS`).
    notes : list of tuple
        What was left out: ``(kind, where, count)``, kind ``unpaid``, ``no_posts`` (see
        :func:`_left_out`) or ``empty_folder`` (``history.folder`` holds no past campaign).
    fx : dict
        Currency -> (rate into the campaign currency, date of the rate) for the fees converted.
    """

    campaigns: pd.DataFrame
    deals: pd.DataFrame
    posts: pd.DataFrame
    notes: list[tuple] = field(default_factory=list)
    fx: dict[str, tuple[float, date]] = field(default_factory=dict)

    @property
    def given(self) -> bool:
        """Whether there is any past campaign to learn from."""
        return len(self.campaigns) > 0


def no_history() -> History:
    """A history with no past campaigns: every estimate is the published benchmark."""
    return History(
        campaigns=pd.DataFrame(columns=_CAMPAIGN_COLUMNS),
        deals=pd.DataFrame(columns=DEAL_COLUMNS),
        posts=pd.DataFrame(columns=POST_COLUMNS),
    )


_CAMPAIGN_COLUMNS = ["campaign", "name", "where", "start", "end", "markets", "deals", "posts",
                     "clicks_tracked", "conversions_tracked"]  # fmt: skip


def past_campaign_paths(campaign: Campaign) -> tuple[list[Path], list[str]]:
    """The past campaigns a campaign names: every campaign file and folder in ``history.folder``
    (in name order; hidden ones skipped), then ``history.campaigns`` in the order written, each
    once.

    Returns
    -------
    (list of Path, list of str)
        The paths, and a problem line for each folder or path that does not exist.
    """
    settings, paths, problems = campaign.history, [], []
    if settings.folder is not None:
        folder = settings.folder
        if not folder.is_dir():
            what = "not found" if not folder.exists() else "is not a folder"
            what += " (a folder of past campaigns)"
            problems.append(problem(folder, "history.folder", what))
        else:
            paths += [
                entry
                for entry in sorted(folder.iterdir())
                if not entry.name.startswith(".")
                and (entry.is_dir() or entry.suffix.lower() in CAMPAIGN_SUFFIXES)
            ]
    for path in settings.campaigns:
        if not path.exists():
            problems.append(
                problem(
                    path,
                    "history.campaigns",
                    "not found (a past campaign is a campaign file, or a folder with "
                    "pipeline.csv and results.csv)",
                )
            )
        else:
            paths.append(path)
    unique = list(dict.fromkeys(path.resolve() for path in paths))
    return unique, problems


def read_history(campaign: Campaign, roster: pd.DataFrame | None = None) -> History:
    """Read every past campaign the campaign names.

    Parameters
    ----------
    campaign : Campaign
        The campaign: its ``history`` settings, its currency (fees are converted into it at the
        newest ECB rate on file) and its roster (for tiers).
    roster : DataFrame, optional
        The campaign's roster as loaded (read from ``data.roster`` when not given).

    Returns
    -------
    History
        Empty (:func:`no_history`) when the campaign names no past campaigns. The past
        campaigns are read once per process for the same files (by name, size and modification
        time), settings and roster; each call gets its own copy.

    Raises
    ------
    InputError
        Every problem of every past campaign, one line each.
    """
    if not campaign.history.given:
        return no_history()
    paths, problems = past_campaign_paths(campaign)
    if roster is None and campaign.data.roster is not None:
        roster = load_campaign_data(campaign, ["roster"]).get("roster")
    key = _read_key(campaign, paths, problems, roster)
    history = _READ.get(key) if key is not None else None
    if history is None:
        history = _read_all(campaign, paths, problems, roster)
        if key is not None:
            while len(_READ) >= CACHE_SIZE:
                _READ.pop(next(iter(_READ)))
            _READ[key] = history
    return _copy(history)


#: past campaigns already read in this process (:func:`_read_key`), the oldest dropped first;
#: callers get copies (:func:`_copy`), so nothing they change reaches the next caller
_READ: dict[tuple, History] = {}
CACHE_SIZE = 4


def _read_all(campaign: Campaign, paths: list[Path], problems: list[str], roster) -> History:
    """Read the past campaigns at ``paths`` (see :func:`read_history`)."""
    problems = list(problems)
    read, fx = [], {}
    empty = not paths and not problems
    notes = [("empty_folder", campaign.history.folder, 0)] if empty else []
    for path in paths:
        try:
            tables, meta = _read_one(path, campaign)
            tiers = creator_tiers(tables.get("roster"), roster)
            found = campaign_deals(tables, tiers, campaign, path, meta["pipeline_file"])
        except InputError as error:
            problems += [line for line in error.problems if line not in problems]
            continue
        deals, posts, its_notes, its_fx = found
        read.append((meta, deals, posts))
        notes += its_notes
        fx |= its_fx
    if problems:
        raise InputError(problems)
    return _history(read, notes, fx)


def _read_key(
    campaign: Campaign, paths: list[Path], problems: list[str], roster: pd.DataFrame | None
) -> tuple | None:
    """What reading the past campaigns depends on: the history settings, the currency, the
    campaign's roster file and its creators' followers (for tiers), and every file the past
    campaigns are read from (name, size, modification time). None when a past campaign file
    cannot be read (it is then read, and its problems reported, every time)."""
    files = []
    for path in paths:
        try:
            found = _past_files(path)
        except InputError:
            return None
        for file in found:
            stat = file.stat()
            files.append((str(file), stat.st_size, stat.st_mtime_ns))
    people = None
    if roster is not None and {"influencer_id", "followers"} <= set(roster.columns):
        hashed = pd.util.hash_pandas_object(roster[["influencer_id", "followers"]], index=False)
        people = (len(roster), int(hashed.sum()))
    own_roster = campaign.data.file("roster")
    return (
        campaign.history.model_dump_json(),
        campaign.currency,
        str(own_roster) if own_roster is not None else None,
        tuple(files),
        tuple(problems),
        people,
    )


def _past_files(path: Path) -> list[Path]:
    """The files a past campaign is read from: its folder's files, or its campaign file and the
    data files it names."""
    if path.is_dir():
        return [file for file in sorted(path.rglob("*")) if file.is_file()]
    if path.suffix.lower() not in CAMPAIGN_SUFFIXES:
        return [path]
    named = sorted({Path(source.file) for source in load_campaign(path).data.named().values()})
    return [path, *(file for data in named if data.exists() for file in _past_files(data))]


def _copy(history: History) -> History:
    """A copy of a history that its caller may change."""
    return History(
        history.campaigns.copy(),
        history.deals.copy(),
        history.posts.copy(),
        list(history.notes),
        dict(history.fx),
    )


def history_problems(campaign: Campaign, roster: pd.DataFrame | None = None) -> list[str]:
    """Every problem of the campaign's past campaigns, one line each (none: they can be used);
    for ``playbook validate`` and the run's check before any stage starts."""
    try:
        read_history(campaign, roster)
    except InputError as error:
        return error.problems
    return []


def _read_one(path: Path, campaign: Campaign) -> tuple[dict[str, pd.DataFrame], dict]:
    """The tables of one past campaign (pipeline, results, maybe roster) and what names it."""
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() not in CAMPAIGN_SUFFIXES:
        raise InputError(
            [problem(path, "history", "not a campaign file (.yaml) or a folder of past results")]
        )
    past = load_campaign(path)
    missing = [table for table in ("pipeline", "results") if past.data.file(table) is None]
    if missing:
        raise InputError(
            [
                problem(
                    path,
                    f"data.{table}",
                    f"a past campaign needs its {table} file to learn from (name it here)",
                )
                for table in missing
            ]
        )
    wanted = ["pipeline", "results"]
    own_roster = past.data.file("roster")
    if own_roster is not None and own_roster != campaign.data.file("roster"):
        wanted.append("roster")  # the campaign's own roster is passed in already
    tables = load_campaign_data(past, wanted)
    meta = {"name": past.name, "where": path, "start": past.start, "end": past.end}
    return tables, meta | {"pipeline_file": past.data.file("pipeline")}


def _read_folder(folder: Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """A past campaign kept as a folder of files."""
    found = {
        table: next((folder / name for name in names if (folder / name).is_file()), None)
        for table, names in FOLDER_FILES.items()
    }
    problems = [
        problem(
            folder,
            "",
            f"no {table} file ({' or '.join(FOLDER_FILES[table])}) in this past campaign's folder",
        )
        for table in ("pipeline", "results")
        if found[table] is None
    ]
    tables = {}
    for table, path in found.items():
        if path is None:
            continue
        try:
            tables[table] = load_table(path, table)
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(problems)
    start, end = _post_days(tables["results"])
    meta = {"name": folder.name, "where": folder, "start": start, "end": end}
    return tables, meta | {"pipeline_file": found["pipeline"]}


def creator_tiers(own: pd.DataFrame | None, roster: pd.DataFrame | None) -> pd.Series:
    """Each creator's tier: the past campaign's roster first, then the campaign's own."""
    tiers = []
    for table in (own, roster):
        if table is not None and len(table):
            tier = reference.assign_tier(table["followers"]).astype(object)
            tiers.append(pd.Series(tier.to_numpy(), index=table["influencer_id"].to_numpy()))
    if not tiers:
        return pd.Series(dtype=object)
    merged = pd.concat(tiers)
    return merged[~merged.index.duplicated(keep="first")]


def campaign_deals(
    tables: dict[str, pd.DataFrame],
    tiers: pd.Series,
    campaign: Campaign,
    where: Path,
    pipeline_file: Path | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple], dict[str, tuple[float, date]]]:
    """One campaign's deals and posts, from its pipeline and results.

    A deal is a creator with an agreed fee in a contracted, live or completed pipeline row (all
    their rows added up, converted into ``campaign.currency``), together with their posts in
    the results. The current campaign's own files go through the same function on the ROI page.

    Parameters
    ----------
    tables : dict
        ``pipeline`` and ``results`` as loaded.
    tiers : Series
        Creator id -> tier (see :func:`creator_tiers`).
    campaign : Campaign
        The campaign whose currency the fees are converted into.
    where : Path
        The past campaign's file or folder (named in notes; its name keys the rows).
    pipeline_file : Path, optional
        The pipeline file, named in problems (``where`` when not given).

    Returns
    -------
    (deals, posts, notes, fx)

    Raises
    ------
    InputError
        A paid row without a fee or a currency, or in a currency with no rate on file.
    """
    pipeline, results = tables["pipeline"], tables["results"]
    fx, problems = _fee_rates(pipeline, campaign.currency, pipeline_file or where)
    if problems:
        raise InputError(problems)
    key = _campaign_key(where)
    paid = pipeline[pipeline["stage"].isin(PAID_STAGES)]
    fees = (
        (paid["agreed_fee"] * paid["currency"].map(lambda c: fx[c][0]))
        .groupby(paid["influencer_id"])
        .sum()
    )
    posts = _posts(results, tiers, key)
    per_creator = posts.groupby("influencer_id", sort=True).agg(
        market=("market", "first"),
        platform=("platform", "first"),
        tier=("tier", "first"),
        posts=("impressions", "size"),
        impressions=("impressions", "sum"),
        clicks=("clicks", "sum"),
        conversions=("conversions", "sum"),
    )
    deals = per_creator.join(fees.rename("fee"), how="inner").reset_index()
    deals = deals[(deals["fee"] > 0) & (deals["impressions"] > 0)].assign(campaign=key)
    notes = _left_out(fees, per_creator, where)
    used = {c: fx[c] for c in paid["currency"].unique() if c != campaign.currency}
    return deals[DEAL_COLUMNS].reset_index(drop=True), posts[POST_COLUMNS], notes, used


def _posts(results: pd.DataFrame, tiers: pd.Series, key: str) -> pd.DataFrame:
    """One campaign's posts (:data:`POST_COLUMNS`), each with its creator's tier."""
    return pd.DataFrame(
        {
            "campaign": key,
            "influencer_id": results["influencer_id"],
            "market": results["market"],
            "platform": results["platform"],
            "tier": results["influencer_id"].map(tiers).fillna("").astype(str),
            "impressions": results["impressions"].astype(float),
            "clicks": results["link_clicks"].astype(float),
            "conversions": results["conversions"].astype(float),
        }
    )


def _campaign_key(where: Path) -> str:
    """A past campaign's name in the tables: its folder's or file's name."""
    return where.name if where.is_dir() else where.stem


def _fee_rates(
    pipeline: pd.DataFrame, currency: str, path: Path
) -> tuple[dict[str, tuple[float, date]], list[str]]:
    """The exchange rate of each fee currency into the campaign's, and the rows that cannot be
    used: a paid row with no fee or no currency, or a currency with no rate on file."""
    paid = pipeline["stage"].isin(PAID_STAGES)
    problems, rates = [], {}
    for column in ("agreed_fee", "currency"):
        for index in pipeline.index[paid & pipeline[column].isna()]:
            stage = pipeline.at[index, "stage"]
            where = f"row {index + 2}, column {column}"
            problems.append(problem(path, where, f"is empty, but a {stage} deal needs it"))
    known = set(reference.reference_table("fx_rates")["currency"])
    for index in pipeline.index[paid & pipeline["currency"].notna()]:
        code = pipeline.at[index, "currency"]
        if code not in known:
            problems.append(
                problem(
                    path,
                    f"row {index + 2}, column currency",
                    f"{code!r} has no exchange rate on file (known: {', '.join(sorted(known))}); "
                    "add a dated rate to data/reference/fx_rates.csv",
                )
            )
        elif code not in rates:
            rates[code] = reference.fx_rate(code, currency)
    return rates, problems


def _left_out(fees: pd.Series, per_creator: pd.DataFrame, where: Path) -> list[tuple]:
    """What a past campaign's deals leave out: ``(kind, where, count)``, kind ``unpaid``
    (creators with posts but no paid row: they count for the rates, not for the fees) or
    ``no_posts`` (paid creators with no posts in the results: left out of the fees)."""
    notes = []
    unpaid = len(per_creator.index.difference(fees.index))
    no_posts = len(fees.index.difference(per_creator.index))
    for kind, count in (("unpaid", unpaid), ("no_posts", no_posts)):
        if count:
            notes.append((kind, where, count))
    return notes


def _history(read: list[tuple[dict, pd.DataFrame, pd.DataFrame]], notes, fx) -> History:
    """Put the past campaigns together, one row each, in the order of their start."""
    rows, all_deals, all_posts = [], [], []
    for meta, deals, posts in read:
        key = _campaign_key(meta["where"])
        rows.append(
            {
                "campaign": key,
                "name": meta["name"],
                "where": meta["where"],
                "start": meta["start"],
                "end": meta["end"],
                "markets": ", ".join(sorted(posts["market"].unique())),
                "deals": len(deals),
                "posts": len(posts),
                "clicks_tracked": bool(posts["clicks"].sum() > 0),
                "conversions_tracked": bool(posts["conversions"].sum() > 0),
            }
        )
        all_deals.append(deals)
        all_posts.append(posts)
    if not rows:
        return no_history() if not notes else History(*_empty_frames(), notes=notes)
    campaigns = pd.DataFrame(rows, columns=_CAMPAIGN_COLUMNS)
    repeated = campaigns["campaign"][campaigns["campaign"].duplicated()]
    if len(repeated):
        raise InputError(
            [
                f"history: two past campaigns are named {name!r}: give each its own file or "
                "folder name"
                for name in repeated.unique()
            ]
        )
    campaigns = campaigns.sort_values(["start", "campaign"], kind="stable").reset_index(drop=True)
    return History(campaigns, pd.concat(all_deals, ignore_index=True),
                   pd.concat(all_posts, ignore_index=True), notes, fx)  # fmt: skip


def _empty_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    empty = no_history()
    return empty.campaigns, empty.deals, empty.posts


def _post_days(results: pd.DataFrame) -> tuple[date | None, date | None]:
    """The first and last post day of a folder's results (a folder has no campaign dates)."""
    days = pd.to_datetime(results["posted_at"]).dropna()
    if days.empty:
        return None, None
    return days.min().date(), days.max().date()
