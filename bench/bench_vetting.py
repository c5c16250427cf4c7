"""Benchmark: the vetting stage (02) at agency scale, from the raw tables to the ranked shortlist.

Section 1, the real path (what ``notebooks/02-vetting.ipynb`` runs):
:func:`helpers.stages.vetting.gather_creators` (check the roster, measure every creator from
their posts, weekly follower counts, audience splits and follower samples) then
:func:`helpers.stages.vetting.score_roster` and :func:`helpers.stages.vetting.in_rank_order`, on
seeded synthetic raw tables made in memory, shaped as
:func:`helpers.core.data.load_campaign_data` returns them. The default scale is an agency's
database: 100,000 creators in 13 markets, 2,000,000 posts (captions in the creator's language,
with disclosure labels, hashtags, mentions and brand-safety words), 2,600,000 weekly follower
counts, 5,000,000 sampled follower accounts and 1,300,000 audience rows. It prints wall time,
CPU time, the process's peak RSS and the load average for each step and in all. Target: 20 s
or less and 4 GB or less on the two-core machine.

``--parquet`` writes ten times that (1,000,000 creators) to Parquet files in a temporary folder,
one ``.parquet`` file per table, rows ordered by market and platform, and loads them through
:func:`helpers.core.data.load_campaign_data` with a campaign whose ``data:`` section names the
files: reading Parquet with the campaign's markets and platforms pushed down as filters is
``helpers.core.data``'s job (issue #18, item 5); until it reads Parquet, the loader refuses the
files, the benchmark says so and reads the same filters with ``pyarrow.dataset`` directly
(labelled as such). Then the real path runs on what was read.

Section 2 (``--scoring``), the earlier measurement: :func:`helpers.stages.vetting.score_roster`
alone on 1,000,000 creators with pre-aggregated columns.

Usage::

    .venv/bin/python bench/bench_vetting.py                       # 100,000 creators, real path
    .venv/bin/python bench/bench_vetting.py --creators 20000      # smaller, same proportions
    .venv/bin/python bench/bench_vetting.py --parquet             # 1,000,000 from Parquet
    .venv/bin/python bench/bench_vetting.py --scoring [--scored 1000000]

No assertion on time: this prints, it does not test.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.core.campaign import load_campaign
from helpers.core.config import CAMPAIGNS_DIR
from helpers.core.reference import disclosure_rules, reference_table
from helpers.stages import vetting

MARKETS = ("LV", "EE", "LT", "SE", "NO", "DK", "FI", "DE", "FR", "ES", "IT", "GB", "US")
LANGUAGE = dict(
    zip(
        MARKETS,
        ("lv", "et", "lt", "sv", "no", "da", "fi", "de", "fr", "es", "it", "en", "en"),
        strict=True,
    )
)
PLATFORMS = ("instagram", "tiktok", "youtube")
INTERESTS = ("skincare", "beauty", "fashion", "tech", "finance", "fitness", "food", "travel")
LETTERS = {  # the letters of each language's made-up caption words
    "lv": "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž",
    "et": "abdeghijklmnoprstuvõäöü",
    "lt": "aąbcčdeęėfghiįyjklmnoprsštuųūvzž",
    "sv": "abcdefghijklmnoprstuvyåäö",
    "no": "abcdefghijklmnoprstuvyæøå",
    "da": "abcdefghijklmnoprstuvyæøå",
    "fi": "adehijklmnoprstuvyäö",
    "de": "abcdefghiklmnoprstuvwzäöüß",
    "fr": "abcdefghijlmnopqrstuvéèêàçù",
    "es": "abcdefghijlmnopqrstuvyzñáéíóú",
    "it": "abcdefghilmnopqrstuvzàèéìòù",
    "en": "abcdefghijklmnopqrstuvwxyz",
}
POSTS, WEEKS, SAMPLED = 20, 26, 50  # per creator
START = np.datetime64("2026-05-04")
CAMPAIGN = load_campaign(CAMPAIGNS_DIR / "aurora-baltics-2027.yaml")


# --------------------------------------------------------------------------- synthetic raw tables


def synthetic_tables(size: int, seed: int = 2027, first: int = 0) -> dict[str, pd.DataFrame]:
    """The five creator tables for ``size`` creators (ids from ``first``), seeded, vectorised."""
    rng = np.random.default_rng([seed, first])
    roster = _roster(rng, size, first)
    return {
        "roster": roster,
        "posts": _posts(rng, roster, first * POSTS),
        "follower_growth": _growth(rng, roster),
        "audience": _audience(rng, roster),
        "follower_samples": _samples(rng, roster),
    }


def _text(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def _roster(rng: np.random.Generator, size: int, first: int) -> pd.DataFrame:
    """Creators ordered by market and platform (as an export sorted by country would be)."""
    market = np.sort(rng.choice(np.arange(len(MARKETS)), size))
    platform = rng.choice(np.arange(len(PLATFORMS)), size)
    order = np.lexsort((platform, market))
    market, platform = np.array(MARKETS)[market[order]], np.array(PLATFORMS)[platform[order]]
    number = np.arange(first, first + size).astype(str)
    followers = np.maximum(300, np.round(rng.lognormal(np.log(20_000), 1.5, size))).astype(int)
    er = rng.lognormal(np.log(0.03), 0.6, size)
    per_like = rng.lognormal(np.log(0.03), 0.4, size)
    pairs = rng.choice(np.array(INTERESTS), (size, 2))
    vendor = rng.random(size) < 0.1
    return pd.DataFrame(
        {
            "influencer_id": _text(np.char.add("inf-", np.char.zfill(number, 7))),
            "handle": _text(np.char.add("@creator", number)),
            "name": _text(np.char.add("Creator ", number)),
            "platform": _text(platform),
            "market": _text(market),
            "language": _text(pd.Series(market).map(LANGUAGE)),
            "interests": _text(np.char.add(np.char.add(pairs[:, 0], "|"), pairs[:, 1])),
            "followers": followers,
            "avg_likes": np.round(followers * er / (1 + per_like), 1),
            "avg_comments": np.round(followers * er * per_like / (1 + per_like), 1),
            "following": rng.integers(50, 3000, size),
            "posts_last_90d": rng.integers(0, 90, size),
            "avg_views": np.round(followers * rng.uniform(0.2, 1.5, size), 1),
            "quoted_fee": np.where(rng.random(size) < 0.4, np.round(followers * 0.004, 2), np.nan),
            "fee_currency": _text(np.where(rng.random(size) < 0.4, "EUR", None)),
            "past_collaborations": rng.integers(0, 4, size),
            "contact_email": _text(np.char.add(np.char.add("creator", number), "@example.com")),
            "audience_credibility": np.where(vendor, rng.uniform(0.6, 0.98, size), np.nan),
            "fake_follower_share": np.full(size, np.nan),
            "authenticity_source": _text(np.where(vendor, "HypeAuditor, 2026-11", None)),
        }
    )


def _posts(rng: np.random.Generator, roster: pd.DataFrame, first: int) -> pd.DataFrame:
    """``POSTS`` recent posts per creator, captions in their language."""
    owner = np.repeat(np.arange(len(roster)), POSTS)
    total = len(owner)
    followers = roster["followers"].to_numpy()[owner]
    likes = np.round(followers * rng.lognormal(np.log(0.025), 0.5, total)).astype(int)
    sponsored = rng.random(total) < 0.15
    days = rng.integers(0, 180, total).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "post_id": _text(
                np.char.add("post-", np.char.zfill(np.arange(first, first + total).astype(str), 9))
            ),
            "influencer_id": roster["influencer_id"].take(owner).reset_index(drop=True),
            "posted_at": (START + days).astype("datetime64[us]"),
            "format": _text(rng.choice(np.array(["feed_post", "reel", "story", "short"]), total)),
            "likes": likes,
            "comments": np.round(likes * rng.lognormal(np.log(0.03), 0.5, total)).astype(int),
            "shares": np.round(likes * rng.uniform(0, 0.2, total)).astype(int),
            "views": np.round(likes * rng.uniform(8, 40, total)).astype(int),
            "is_sponsored": sponsored.astype(int),
            "caption": _captions(rng, roster, owner, sponsored),
        }
    )


def _captions(rng, roster: pd.DataFrame, owner: np.ndarray, sponsored: np.ndarray) -> pd.Series:
    """A label first (most sponsored posts), eight words, hashtags, a mention now and then, and
    brand-safety words in about 1.5% of posts (in the creator's language or English, in any
    case, with a ``#`` or an ending), with near misses (inside longer words, as mentions)."""
    total = len(owner)
    languages = sorted(LETTERS)
    code = (
        pd.Series(roster["language"].to_numpy(object)[owner])
        .map({language: i for i, language in enumerate(languages)})
        .to_numpy()
    )
    words = np.stack([_vocabulary(rng, language) for language in languages])
    picks = rng.integers(0, words.shape[1], (total, 11))
    column = [_text(words[code, picks[:, i]]) for i in range(11)]
    body = column[0]
    for part in column[1:8]:
        body = body + " " + part
    tags = "#" + column[8] + (" #" + column[9]).where(rng.random(total) < 0.5, "")
    market = roster["market"].to_numpy(object)[owner]
    text = _labels(rng, market, sponsored) + body + " " + tags
    text = text + (" @" + column[10]).where(rng.random(total) < 0.3, "")
    return _with_unsafe_words(rng, text, code, languages)


def _labels(rng, market: np.ndarray, sponsored: np.ndarray) -> pd.Series:
    """A market's satisfying label on 80% of sponsored posts, a not-enough one on 10%."""
    rules = disclosure_rules(list(MARKETS)).set_index("market")
    label = np.full(len(market), "", dtype=object)
    kind = rng.random(len(market))
    for place in MARKETS:
        rows = np.flatnonzero((market == place) & sponsored)
        good = [x.replace("[brand]", "Aurora") for x in rules.loc[place, "labels_that_satisfy"]]
        weak = [x.replace("[brand]", "Aurora") for x in rules.loc[place, "labels_not_enough"]]
        label[rows[kind[rows] < 0.8]] = [
            good[i] + " " for i in rng.integers(0, len(good), (kind[rows] < 0.8).sum())
        ]
        if weak:
            chosen = rows[(kind[rows] >= 0.8) & (kind[rows] < 0.9)]
            label[chosen] = [weak[i] + " " for i in rng.integers(0, len(weak), len(chosen))]
    return _text(label)


def _with_unsafe_words(rng, text: pd.Series, code: np.ndarray, languages: list[str]) -> pd.Series:
    """Brand-safety words in 1.5% of captions and near misses in 1%."""
    terms = reference_table("brand_safety")
    own = {lang: terms.loc[terms["language"] == lang, "keyword"].tolist() for lang in languages}
    total = len(text)
    chosen = np.flatnonzero(rng.random(total) < 0.025)
    near = rng.random(len(chosen)) < 0.4
    english = rng.random(len(chosen)) < 0.5
    pick = rng.random(len(chosen))
    form = rng.integers(0, 4, len(chosen))
    words = []
    for i, row in enumerate(chosen):
        pool = (
            own[languages[code[row]]] if not english[i] and own[languages[code[row]]] else own["en"]
        )
        keyword = pool[int(pick[i] * len(pool))]
        stem = keyword.rstrip("*")
        if near[i]:  # inside a longer word, or a mention: not a hit
            word = ("@" + stem) if form[i] % 2 else ("x" + stem + "y")
        else:
            word = (
                stem,
                stem.title(),
                "#" + stem.upper(),
                stem + ("s" if keyword.endswith("*") else ""),
            )[form[i]]
        words.append(word)
    values = text.to_numpy(object).copy()
    start = rng.random(len(chosen)) < 0.3
    for i, row in enumerate(chosen):
        values[row] = f"{words[i]} {values[row]}" if start[i] else f"{values[row]} {words[i]}."
    return _text(values)


def _vocabulary(rng: np.random.Generator, language: str, size: int = 400) -> np.ndarray:
    """Made-up words of 2-10 letters in a language's alphabet."""
    letters = np.array(list(LETTERS[language]), dtype=object)
    lengths = rng.integers(2, 11, size)
    picks = rng.integers(0, len(letters), (size, 10))
    return np.array(
        ["".join(letters[row[:n]]) for row, n in zip(picks, lengths, strict=True)], object
    )


def _growth(rng: np.random.Generator, roster: pd.DataFrame) -> pd.DataFrame:
    """``WEEKS`` weekly follower counts per creator: steady growth, bought spikes (3%),
    giveaways (3%, engagement jumps too) and drops (2%)."""
    size = len(roster)
    change = rng.normal(0.004, 0.006, (size, WEEKS))
    lift = np.ones((size, WEEKS))
    event = rng.random(size)
    week = rng.integers(4, WEEKS - 2, size)
    rows = np.arange(size)
    change[rows, week] += np.where(event < 0.06, rng.uniform(0.1, 0.5, size), 0.0)
    lift[rows, week] = np.where(event < 0.03, rng.uniform(2, 3, size), 1.0)
    change[rows, week] -= np.where(event > 0.98, rng.uniform(0.08, 0.25, size), 0.0)
    start = roster["followers"].to_numpy()[:, None] / np.exp(change.sum(axis=1))[:, None]
    followers = np.round(start * np.exp(np.cumsum(change, axis=1))).astype(int)
    engagements = np.round(followers * 0.03 * lift * rng.lognormal(0, 0.1, (size, WEEKS)))
    return pd.DataFrame(
        {
            "influencer_id": roster["influencer_id"].repeat(WEEKS).reset_index(drop=True),
            "week": np.tile(START + np.arange(WEEKS) * np.timedelta64(7, "D"), size).astype(
                "datetime64[us]"
            ),
            "followers": followers.ravel(),
            "engagements": engagements.ravel().astype(int),
        }
    )


def _audience(rng: np.random.Generator, roster: pd.DataFrame) -> pd.DataFrame:
    """13 rows per creator: four countries (their market, two others, other), six age bands,
    three genders; shares summing to 1 on each dimension."""
    size = len(roster)
    market = roster["market"].to_numpy(object)
    others = np.array(MARKETS, dtype=object)[rng.integers(0, len(MARKETS), (size, 2))]
    countries = np.column_stack([market, others, np.full(size, "other", dtype=object)])
    ages = np.tile(np.array(list(vetting.AGE_BANDS), dtype=object), (size, 1))
    genders = np.tile(np.array(["female", "male", "other"], dtype=object), (size, 1))
    segments = np.column_stack([countries, ages, genders])
    dimension = np.array(["country"] * 4 + ["age"] * 6 + ["gender"] * 3, dtype=object)
    shares = np.column_stack(
        [
            rng.dirichlet([6, 1, 1, 1], size),
            rng.dirichlet([1, 4, 4, 2, 1, 1], size),
            rng.dirichlet([6, 3, 0.3], size),
        ]
    )
    # two creators' ids may share a country segment (a market drawn twice): the loader allows it
    return pd.DataFrame(
        {
            "influencer_id": roster["influencer_id"].repeat(13).reset_index(drop=True),
            "dimension": _text(np.tile(dimension, size)),
            "segment": _text(segments.ravel()),
            "share": np.round(shares.ravel(), 4),
        }
    )


def _samples(rng: np.random.Generator, roster: pd.DataFrame) -> pd.DataFrame:
    """``SAMPLED`` follower accounts per creator, a creator's share of them fake-looking."""
    size = len(roster)
    total = size * SAMPLED
    fake = rng.random(total) < np.repeat(rng.beta(2, 14, size), SAMPLED)
    return pd.DataFrame(
        {
            "influencer_id": roster["influencer_id"].repeat(SAMPLED).reset_index(drop=True),
            "posts": np.where(
                fake, rng.integers(0, 5, total), rng.lognormal(4, 1.2, total).astype(int)
            ),
            "following": np.where(
                fake, rng.integers(1000, 7500, total), rng.lognormal(6, 1, total).astype(int)
            ),
            "followers": np.where(
                fake, rng.integers(0, 60, total), rng.lognormal(6, 1.3, total).astype(int)
            ),
            "has_profile_picture": np.where(
                fake, rng.random(total) < 0.3, rng.random(total) < 0.95
            ).astype(int),
            "is_private": (rng.random(total) < np.where(fake, 0.1, 0.35)).astype(int),
        }
    )


# ------------------------------------------------------------------- section 1: the real path


def _rss_mib() -> float:
    """The process's resident memory now (MiB)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return float("nan")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10


def _sizes(tables: dict[str, pd.DataFrame]) -> str:
    return ", ".join(f"{name} {len(frame):,}" for name, frame in tables.items())


def real_path(tables: dict[str, pd.DataFrame]) -> float:
    """Run the notebook's vetting calls on the tables, print each step's wall and CPU time;
    return the wall time in all."""
    gc.collect()
    print(f"Tables: {_sizes(tables)} rows; RSS with them in memory {_rss_mib():,.0f} MiB")
    print(f"{'step':44}{'wall (s)':>10}{'CPU (s)':>10}{'load':>7}")
    total = 0.0
    creators = None
    steps = (
        (
            "gather_creators (measure every creator)",
            lambda: vetting.gather_creators(CAMPAIGN, tables),
        ),
        (
            "score_roster + in_rank_order",
            lambda: vetting.in_rank_order(vetting.score_roster(creators, CAMPAIGN)),
        ),
    )
    for name, step in steps:
        started, cpu = time.perf_counter(), time.process_time()
        result = step()
        seconds = time.perf_counter() - started
        total += seconds
        print(
            f"{name:44}{seconds:>10.2f}{time.process_time() - cpu:>10.2f}{os.getloadavg()[0]:>7.1f}"
        )
        creators = result if creators is None else creators
    print(f"{'the real path in all':44}{total:>10.2f}")
    statuses = result["status"].value_counts().to_dict()
    print(f"Shortlist: {len(result):,} creators, {statuses}")
    return total


def real_path_section(size: int) -> None:
    print(f"== The real vetting path from raw tables: {size:,} synthetic creators ==")
    started = time.perf_counter()
    tables = synthetic_tables(size)
    print(f"Made the tables in {time.perf_counter() - started:.1f} s (not timed below).")
    seconds = real_path(tables)
    peak = _peak_rss_mib()
    print(f"Process peak RSS (tables included): {peak:,.0f} MiB; load average {_load()}.")
    if size >= 100_000:
        met = "met" if seconds <= 20 and peak <= 4096 else "NOT met"
        print(f"Target at 100,000 creators (20 s or less, 4 GB or less): {met}.")


def _load() -> str:
    return (
        " / ".join(f"{x:.2f}" for x in os.getloadavg()) + f" (1/5/15 min) on {os.cpu_count()} cores"
    )


# --------------------------------------------------------------------------- --parquet


def write_parquet(folder: Path, size: int, chunk: int = 100_000) -> dict[str, Path]:
    """Write ``size`` synthetic creators' tables to one Parquet file per table, ``chunk``
    creators at a time (each chunk's rows ordered by market and platform)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    paths = {name: folder / f"{name}.parquet" for name in SHAPES}
    writers: dict[str, pq.ParquetWriter] = {}
    try:
        for first in range(0, size, chunk):
            tables = synthetic_tables(min(chunk, size - first), first=first)
            for name, frame in tables.items():
                table = pa.Table.from_pandas(frame, preserve_index=False)
                if name not in writers:
                    writers[name] = pq.ParquetWriter(paths[name], table.schema)
                writers[name].write_table(table, row_group_size=250_000)
            del tables
            print(f"  wrote creators {first:,} to {min(first + chunk, size):,}", flush=True)
    finally:
        for writer in writers.values():
            writer.close()
    return paths


SHAPES = ("roster", "posts", "follower_growth", "audience", "follower_samples")


def parquet_section(size: int) -> None:
    """Write the tables to Parquet, load them through ``load_campaign_data`` with a campaign
    that names the files, and run the real path on what it loads. Where the loader cannot
    read Parquet yet, the same filters are read with pyarrow directly, and said so."""
    print(f"== {size:,} creators from Parquet (filters on markets and platforms pushed down) ==")
    folder = Path(tempfile.mkdtemp(prefix="bench-vetting-parquet-"))
    try:
        started = time.perf_counter()
        paths = write_parquet(folder, size)
        megabytes = sum(path.stat().st_size for path in paths.values()) / 2**20
        print(f"Wrote {megabytes:,.0f} MiB of Parquet in {time.perf_counter() - started:.0f} s.")
        campaign = _parquet_campaign(folder, paths)
        gc.collect()
        before = _rss_mib()
        started, cpu = time.perf_counter(), time.process_time()
        tables, how = _load_parquet(campaign, paths)
        seconds = time.perf_counter() - started
        print(
            f"{how}: {seconds:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, "
            f"RSS {before:,.0f} -> {_rss_mib():,.0f} MiB; {_sizes(tables)} rows kept"
        )
        path_seconds = real_path(tables)
        print(
            f"Load and vet in all: {seconds + path_seconds:.1f} s; process peak RSS "
            f"{_peak_rss_mib():,.0f} MiB; load average {_load()}."
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _parquet_campaign(folder: Path, paths: dict[str, Path]):
    """The benchmark's campaign with a ``data:`` section naming the Parquet files."""
    import yaml

    settings = yaml.safe_load((CAMPAIGNS_DIR / f"{CAMPAIGN.id}.yaml").read_text())
    settings["data"] = {name: str(path) for name, path in paths.items()}
    campaign_file = folder / "campaign.yaml"
    campaign_file.write_text(yaml.safe_dump(settings, allow_unicode=True))
    return load_campaign(campaign_file)


def _load_parquet(campaign, paths: dict[str, Path]) -> tuple[dict[str, pd.DataFrame], str]:
    """The tables through ``load_campaign_data``; where it cannot read Parquet yet, through
    pyarrow with the same filters (roster by market and platform, the other tables by the
    creators kept)."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    from helpers.core import data

    try:
        return data.load_campaign_data(campaign), "load_campaign_data"
    except Exception as error:  # noqa: BLE001 - the loader may not read Parquet yet
        first = str(error).splitlines()[0]
        print(f"load_campaign_data cannot read the Parquet files yet ({first} ...): reading")
        print("Parquet with filters pushed down is helpers.core.data's part of issue #18.")
    wanted = pc.field("market").isin(campaign.markets) & pc.field("platform").isin(
        campaign.vetting.platforms
    )
    roster = ds.dataset(paths["roster"]).to_table(filter=wanted)
    kept = pc.field("influencer_id").isin(roster["influencer_id"])
    tables = {"roster": roster.to_pandas()}
    for name in SHAPES[1:]:
        tables[name] = ds.dataset(paths[name]).to_table(filter=kept).to_pandas()
    return tables, "pyarrow.dataset with the filters (not the loader)"


def synthetic_creators(size: int, seed: int = 2027) -> pd.DataFrame:
    """A roster of ``size`` creators with plausible aggregates (vectorised, seeded)."""
    rng = np.random.default_rng(seed)
    followers = np.maximum(300, np.round(rng.lognormal(np.log(20_000), 1.5, size)))
    market = rng.choice(MARKETS, size)
    er = rng.lognormal(np.log(0.02), 0.6, size)
    odd = rng.random(size)
    er[odd < 0.02] *= 4  # suspiciously high
    er[(odd >= 0.02) & (odd < 0.04)] *= 0.2  # suspiciously low
    posts = rng.integers(0, 13, size)
    engagements = followers * er
    per_like = rng.lognormal(np.log(0.03), 0.4, size)
    per_like[rng.random(size) < 0.03] *= 8  # pods
    fake = rng.beta(6, 24, size)
    sample = np.where(rng.random(size) < 0.03, 0, rng.integers(20, 61, size))
    half = 1.96 * np.sqrt(fake * (1 - fake) / np.maximum(sample, 1)) + 0.05
    fake = np.where(sample > 0, fake, np.nan)
    weeks = np.where(rng.random(size) < 0.02, 0, 26)
    event = rng.random(size)
    jump = np.where(event < 0.12, rng.uniform(0.1, 0.5, size), rng.uniform(0.005, 0.02, size))
    lift = np.where(event < 0.05, rng.uniform(1.8, 3, size), rng.lognormal(0, 0.15, size))
    drop = np.where(event > 0.97, rng.uniform(0.08, 0.25, size), rng.uniform(0.0, 0.02, size))
    start = np.datetime64("2026-05-04")
    sponsored = rng.integers(0, 4, size)
    unsafe = (rng.random(size) < 0.005).astype(float)
    interest_pairs = rng.choice(INTERESTS, (size, 2))
    return pd.DataFrame(
        {
            "influencer_id": np.char.add("inf-", np.arange(size).astype(str)),
            "handle": np.char.add("@creator", np.arange(size).astype(str)),
            "name": np.char.add("Creator ", np.arange(size).astype(str)),
            "platform": rng.choice(PLATFORMS, size),
            "market": market,
            "language": pd.Series(market).map(LANGUAGE).to_numpy(),
            "interests": np.char.add(np.char.add(interest_pairs[:, 0], "|"), interest_pairs[:, 1]),
            "followers": followers,
            "avg_likes": np.round(engagements / (1 + per_like), 1),
            "avg_comments": np.round(engagements * per_like / (1 + per_like), 1),
            "avg_views": np.round(engagements / 0.08, 1),
            "posts_checked": posts,
            "median_engagements": engagements * rng.lognormal(0, 0.1, size),
            "median_er_per_view": rng.lognormal(np.log(0.08), 0.3, size),
            "comments_per_like": per_like,
            "engagement_cv": rng.uniform(0.1, 0.6, size),
            "sponsored_posts": sponsored,
            "labelled_posts": rng.binomial(sponsored, 0.8),
            "brand_safety_posts": unsafe,
            "brand_safety_terms": np.where(unsafe > 0, "alcohol: 'beer' (post-1)", ""),
            "history_weeks": weeks,
            "jump": jump,
            "jump_week": start + rng.integers(4, 23, size) * np.timedelta64(7, "D"),
            "jump_z": np.where(jump > 0.05, 20.0, 1.5),
            "jump_lift": lift,
            "drop": drop,
            "drop_week": start + rng.integers(4, 23, size) * np.timedelta64(7, "D"),
            "drop_z": np.where(drop > 0.05, 20.0, 1.5),
            "audience_in_markets": rng.uniform(0.2, 1.0, size),
            "audience_in_age": rng.uniform(0.3, 1.0, size),
            "gender_match": rng.uniform(0.5, 1.0, size),
            "interest_match": rng.choice([0.0, 0.5, 1.0], size, p=[0.6, 0.25, 0.15]),
            "language_match": np.isin(market, ["LV", "EE", "LT"]).astype(float),
            "fake_share": fake,
            "fake_share_low": np.clip(fake - half, 0, 1),
            "fake_share_high": np.clip(fake + half, 0, 1),
            "follower_sample_size": sample,
            "data_issues": np.where(
                rng.random(size) < 0.001, "followers 'abc' is not a number", ""
            ),
        }
    )


def measure(function, *args):
    """Wall time, then peak traced memory in a second run (tracing slows the first)."""
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = function(*args)
    seconds = time.perf_counter() - started
    measure.cpu_seconds = time.process_time() - cpu_started  # type: ignore[attr-defined]
    del result
    gc.collect()
    tracemalloc.start()
    result = function(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak


def scoring_section(size: int) -> None:
    """The earlier measurement: score_roster alone on pre-aggregated columns."""
    print(f"== score_roster alone on {size:,} creators with pre-aggregated columns ==")
    creators = synthetic_creators(size)
    print(
        f"Synthetic roster: {len(creators):,} creators, {creators.shape[1]} columns, "
        f"{creators.memory_usage(deep=True).sum() / 2**20:,.0f} MiB in memory"
    )
    scored, seconds, peak = measure(vetting.score_roster, creators, CAMPAIGN)
    print(f"Statuses: {scored['status'].value_counts().to_dict()}")
    print(
        f"score_roster: {seconds:.2f} s wall, {measure.cpu_seconds:.2f} s CPU, "  # type: ignore[attr-defined]
        f"{seconds / size * 1e6:.2f} us per creator, peak traced memory {peak / 2**20:,.0f} MiB"
    )
    print(f"Process peak RSS: {_peak_rss_mib():,.0f} MiB; load average {_load()}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=100_000, help="real path: creators")
    parser.add_argument(
        "--parquet", action="store_true", help="also: the Parquet tables through the loader"
    )
    parser.add_argument("--parquet-creators", type=int, default=1_000_000)
    parser.add_argument("--scoring", action="store_true", help="only section 2 (score_roster)")
    parser.add_argument("--scored", type=int, default=1_000_000, help="section 2: creators")
    args = parser.parse_args()
    print(f"Load average before: {_load()}")
    if args.scoring:
        scoring_section(args.scored)
        return
    real_path_section(args.creators)
    if args.parquet:
        print()
        parquet_section(args.parquet_creators)


if __name__ == "__main__":
    main()
