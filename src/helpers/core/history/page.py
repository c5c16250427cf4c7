"""What the negotiation and ROI pages show of the agency's history: one sentence, the backtest
tables, the calibrated estimates, and the sources and assumptions under them.

The notebooks call :func:`learn` once, then show what the other functions return::

    learned = history.learn(campaign, tables["roster"])
    display(Markdown(history.history_finding(learned, _)))
    for shown in history.history_tables(learned, _):
        display(report.table(**shown, words=_))
    display(report.sources(history.history_sources(learned, _), title=_("Sources and assumptions")))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.core.config import PROJECT_ROOT
from helpers.core.data import load_campaign_data
from helpers.core.errors import InputError
from helpers.core.history.backtest import (
    backtest,
    backtest_summary,
    forecast_deals,
)
from helpers.core.history.calibration import (
    LEVEL_NAMES,
    UNITS,
    campaign_cells,
    estimate,
    history_units,
)
from helpers.core.history.published import complete_published
from helpers.core.history.reading import (
    History,
    campaign_deals,
    creator_tiers,
    no_history,
    read_history,
)
from helpers.text.i18n import Translator


@dataclass
class Learned:
    """Everything a page shows about the agency's history.

    Attributes
    ----------
    campaign : Campaign
    history : History
        The past campaigns as read (empty when there are none or they could not be read).
    published : DataFrame
        The benchmarks used.
    calibrated : DataFrame
        :func:`~helpers.core.history.calibrated_rates` for the campaign's cells.
    backtest, summary : DataFrame
        :func:`~helpers.core.history.backtest` and its summary (empty with fewer than two past
        campaigns).
    this_campaign : DataFrame
        The campaign itself forecast from every past campaign (when asked for and its pipeline
        and results are there), rows as in the backtest.
    problems : list of str
        Why the history could not be read (the page lists them; every estimate is then the
        benchmark).
    """

    campaign: Campaign
    history: History
    published: pd.DataFrame
    calibrated: pd.DataFrame
    backtest: pd.DataFrame
    summary: pd.DataFrame
    this_campaign: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[str] = field(default_factory=list)


def learn(
    campaign: Campaign,
    roster: pd.DataFrame | None = None,
    published: pd.DataFrame | None = None,
    this_campaign: bool = False,
) -> Learned:
    """Read the past campaigns, calibrate, backtest; never raises for the history's files.

    Parameters
    ----------
    campaign : Campaign
    roster : DataFrame, optional
        The campaign's roster as loaded (for the past creators' tiers).
    published : DataFrame, optional
        Benchmarks to weigh history against (default: the reference tables).
    this_campaign : bool
        Also forecast the campaign itself from every past campaign (the ROI page), from its own
        pipeline and results.
    """
    table = complete_published(published, campaign)
    problems = []
    try:
        if roster is None and campaign.history.given and campaign.data.roster is not None:
            roster = load_campaign_data(campaign, ["roster"])["roster"]
        history = read_history(campaign, roster)
    except InputError as error:
        history, problems = no_history(), error.problems
    weights = campaign.history.benchmark_weight
    units = history_units(history, table)  # every past deal and post, once for all three
    tested = backtest(history, table, weights, units)
    current = _this_campaign(campaign, roster, history, table, units) if this_campaign else None
    return Learned(
        campaign=campaign,
        history=history,
        published=table,
        calibrated=estimate(units, table, campaign_cells(campaign), weights),
        backtest=tested,
        summary=backtest_summary(tested),
        this_campaign=current if current is not None else pd.DataFrame(),
        problems=problems,
    )


def _this_campaign(campaign, roster, history, table, units) -> pd.DataFrame | None:
    """The campaign's own deals forecast from all past campaigns (None without them)."""
    if not history.given or not all(campaign.data.file(t) for t in ("pipeline", "results")):
        return None
    try:
        tables = load_campaign_data(campaign, ["pipeline", "results"])
        where = campaign.data.file("pipeline")
        deals = campaign_deals(tables, creator_tiers(None, roster), campaign, where)[0]
    except InputError:  # the ROI page lists the results file's problems itself
        return None
    if deals.empty:
        return None
    tracked = bool(deals["conversions"].sum() > 0)
    weights = campaign.history.benchmark_weight
    rows = forecast_deals(campaign.id, deals, units, table, weights, tracked)
    return pd.DataFrame(rows)


# --- the words -------------------------------------------------------------------------------


def measure_names(campaign: Campaign, _: Translator) -> dict[str, str]:
    """The three forecasts by name, in the page's words."""
    return {
        "fees": _("fees ({currency})", currency=campaign.currency),
        "impressions": _("impressions"),
        "conversions": _("conversions"),
    }


def history_finding(learned: Learned, _: Translator) -> str:
    """One sentence: how much history there is, and whether it makes the forecasts better."""
    history, summary = learned.history, learned.summary
    if learned.problems:
        return _(
            "**The past campaigns named under history: cannot be used yet** (the lines below say "
            "what to fix), so every estimate is the published benchmark alone (0% history)."
        )
    if not history.given:
        return _(
            "No past campaigns are on file, so every estimate here is the published benchmark "
            "alone (0% history)."
        )
    count, deals = len(history.campaigns), len(history.deals)
    if summary.empty:
        return _(
            "{count} past campaign is on file ({deals} deals): it counts in the estimates below, "
            "but a backtest needs at least two (one to forecast, the others to learn from).",
            count=_.number(count),
            deals=_.number(deals),
        )
    names = measure_names(learned.campaign, _)
    names["fees"] = _("fees")
    clauses = [
        _(
            "{measure} by {with_history} (benchmarks alone: {without})",
            measure=names[row.measure],
            with_history=_.percent(row.calibrated_mape, 0),
            without=_.percent(row.published_mape, 0),
        )
        for row in summary.itertuples()
    ]
    verdict = _verdict(summary, names, _)
    return _(
        "{count} past campaigns ({deals} deals, {posts} posts), each left out in turn and "
        "forecast from the others: with history the forecasts missed {clauses} on average, so "
        "{verdict}.",
        count=_.number(count),
        deals=_.number(deals),
        posts=_.number(len(history.posts)),
        clauses=_list(clauses, _),
        verdict=verdict,
    )


#: a MAPE that moves by less than this (5 percentage points) is "about the same"
SAME_WITHIN = 0.05
#: a reference table's source line as the published rates write it: "source (year), table.csv"
REFERENCE_LINE = re.compile(r"^(?P<source>.+?) \((?P<year>\d{4})\)(?P<rest>, \w+\.csv.*)$")


def _verdict(summary: pd.DataFrame, names: dict[str, str], _: Translator) -> str:
    """Whether history makes each forecast better, about the same or worse (by its MAPE)."""
    change = summary["calibrated_mape"] - summary["published_mape"]
    groups = {
        "better": [names[m] for m in summary.loc[change <= -SAME_WITHIN, "measure"]],
        "same": [names[m] for m in summary.loc[change.abs() < SAME_WITHIN, "measure"]],
        "worse": [names[m] for m in summary.loc[change >= SAME_WITHIN, "measure"]],
    }
    whole = {
        "better": _("history makes every forecast better"),
        "same": _("history changes the forecasts little so far"),
        "worse": _("history makes the forecasts worse so far: keep to the benchmarks"),
    }
    for kind, items in groups.items():
        if len(items) == len(summary):
            return whole[kind]
    parts = {
        "better": _("better with history: {items}"),
        "same": _("about the same: {items}"),
        "worse": _("worse with history: {items}"),
    }
    return "; ".join(
        parts[kind].format(items=", ".join(items)) for kind, items in groups.items() if items
    )


def _list(items: list[str], _: Translator) -> str:
    """``a, b and c`` in the page's language."""
    if len(items) < 2:
        return "".join(items)
    return _("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def how_to_add_history(_: Translator) -> str:
    """The paragraph a page shows when there is no history: how to add it."""
    return _(
        "To learn from the agency's own campaigns, list them in the campaign file: "
        "`history: {folder: history/}`, where each past campaign is a folder with its "
        "`pipeline.csv` (the agreed fee per creator and deliverable) and `results.csv` "
        "(impressions, link clicks and conversions per post), or a campaign file that names "
        "them under `data:`; or `history: {campaigns: [past/spring-2026.yaml]}`. Fees, CPM, "
        "click-through and conversion rates are then learned per market, platform and tier, and "
        "this page shows how far the published benchmarks and the estimates with history missed "
        "each past campaign (README: Learning from past campaigns)."
    )


def history_tables(learned: Learned, _: Translator, estimates: bool = True) -> list[dict]:
    """The tables to show, each as the arguments of ``report.table`` (``frame``, ``formats``,
    ``columns``, ``caption``): the backtest's summary and its campaigns, the campaign itself
    forecast from its history (when :func:`learn` was asked for it), and, with ``estimates``,
    the calibrated estimates for the campaign's markets, platforms and tiers."""
    shown = []
    if len(learned.summary):
        shown += [_summary_table(learned, _), _campaigns_table(learned.backtest, learned, _)]
    if len(learned.this_campaign):
        this = _campaigns_table(learned.this_campaign, learned, _)
        this["frame"] = this["frame"].drop(columns="campaign")
        this["caption"] = _(
            "This campaign, forecast from every past campaign before it ran, against its results"
        )
        shown.append(this)
    if estimates and learned.history.given:
        shown += _estimates_tables(learned, _)
    return shown


def _summary_table(learned: Learned, _: Translator) -> dict:
    names = measure_names(learned.campaign, _)
    frame = learned.summary.assign(measure=learned.summary["measure"].map(names))
    return {
        "frame": frame,
        "formats": {
            "campaigns": _.as_number(),
            "published_mape": _.as_percent(0),
            "calibrated_mape": _.as_percent(0),
            "published_bias": lambda value: _signed(value, _),
            "calibrated_bias": lambda value: _signed(value, _),
            "closer": _.as_number(),
        },
        "columns": {
            "measure": _("forecast of"),
            "campaigns": _("past campaigns"),
            "published_mape": _("typical error, benchmarks alone (MAPE)"),
            "calibrated_mape": _("typical error, with history (MAPE)"),
            "published_bias": _("bias, benchmarks alone"),
            "calibrated_bias": _("bias, with history"),
            "closer": _("campaigns closer with history"),
        },
        "caption": _(
            "Backtest: each past campaign forecast from the others (error = forecast / actual - 1)"
        ),
    }


def _signed(value: float, _: Translator) -> str:
    """An error with its sign, whole percent: ``+12%``, ``-40%``; ``+0%``, never ``-0%``."""
    return _.signed_percent(round(float(value), 2) + 0.0)


def _campaigns_table(table: pd.DataFrame, learned: Learned, _: Translator) -> dict:
    names = measure_names(learned.campaign, _)
    frame = table.assign(measure=table["measure"].map(names)).drop(columns="deals")
    count = _.as_number()
    return {
        "frame": frame,
        "formats": {
            "actual": count,
            "published_forecast": count,
            "published_error": lambda value: _signed(value, _),
            "calibrated_forecast": count,
            "calibrated_error": lambda value: _signed(value, _),
            "history_share": _.as_percent(0),
        },
        "columns": {
            "campaign": _("past campaign"),
            "measure": _("forecast of"),
            "published_forecast": _("forecast, benchmarks alone"),
            "published_error": _("error, benchmarks alone"),
            "calibrated_forecast": _("forecast with history"),
            "calibrated_error": _("error with history"),
            "history_share": _("share that is history"),
        },
        "caption": _("Backtest per past campaign"),
    }


def _estimates_tables(learned: Learned, _: Translator) -> list[dict]:
    """The campaign's own cells (its markets, and the platforms and tiers its vetting allows),
    one row each: per metric the benchmark, the estimate and how much of it is history; the CPM
    in one table, the click-through and conversion rates in another."""
    campaign, table = learned.campaign, learned.calibrated
    wanted = table["platform"].isin(campaign.vetting.platforms) & table["tier"].isin(
        campaign.vetting.tiers
    )
    table = table[wanted]
    keys = ["market", "platform", "tier"]
    wide = table[table["metric"] == "cpm"][keys].reset_index(drop=True)
    short = {"cpm": "cpm", "click_through_rate": "ctr", "conversion_rate": "cvr"}
    for metric, name in short.items():
        rows = table[table["metric"] == metric].reset_index(drop=True)
        wide[f"{name}_published"] = rows["published"]
        wide[name] = rows["estimate"]
        wide[f"{name}_history"] = [_history_text(row, _) for row in rows.itertuples()]
    cents, rate = _.as_number(2), _.as_percent(2)
    cpm = {
        "frame": wide[[*keys, "cpm_published", "cpm", "cpm_history"]],
        "formats": {"cpm_published": cents, "cpm": cents},
        "columns": {
            "cpm_published": _("CPM published ({currency})", currency=campaign.currency),
            "cpm": _("CPM estimate ({currency})", currency=campaign.currency),
            "cpm_history": _("CPM: history"),
        },
        "caption": _(
            "CPM paid per market, platform and tier: the benchmark shrunk toward the agency's "
            "history"
        ),
    }
    names = ["ctr_published", "ctr", "ctr_history", "cvr_published", "cvr", "cvr_history"]
    rates = {
        "frame": wide[[*keys, *names]],
        "formats": dict.fromkeys(["ctr_published", "ctr", "cvr_published", "cvr"], rate),
        "columns": {
            "ctr_published": _("click-through published"),
            "ctr": _("click-through estimate"),
            "ctr_history": _("click-through: history"),
            "cvr_published": _("conversion published"),
            "cvr": _("conversion estimate"),
            "cvr_history": _("conversion: history"),
        },
        "caption": _(
            "Click-through and conversion rates per market, platform and tier: the benchmark "
            "shrunk toward the agency's history"
        ),
    }
    return [cpm, rates]


def _history_text(row, _: Translator) -> str:
    """How much of one estimate is history: ``55% of 6 deals``, ``30% of 12 posts (all
    markets)``, ``0%``."""
    if row.n == 0:
        return _.percent(0, 0)
    share, count, deals = _.percent(row.history_weight, 0), _.number(row.n), UNITS[row.metric]
    if row.n == 1:
        units = (
            _("{share} of 1 deal", share=share)
            if deals == "deals"
            else _("{share} of 1 post", share=share)
        )
    else:
        units = (
            _("{share} of {count} deals", share=share, count=count)
            if deals == "deals"
            else _("{share} of {count} posts", share=share, count=count)
        )
    borrowed = {
        LEVEL_NAMES[1]: _("all markets"),
        LEVEL_NAMES[2]: _("all markets and tiers"),
    }
    return f"{units} ({borrowed[row.level]})" if row.level in borrowed else units


def history_sources(learned: Learned, _: Translator) -> list[str]:
    """The sources and assumptions under the tables, one line each (the published sources as
    they are published; the playbook's own assumption notes in the campaign's language)."""
    campaign, history = learned.campaign, learned.history
    shown = learned.calibrated[learned.calibrated["platform"].isin(campaign.vetting.platforms)]
    used = shown["source"].dropna().unique().tolist()
    lines = [_reference_line(line, _) for line in used if line]
    if history.given:
        lines.append(
            _(
                "Past campaigns: {campaigns}",
                campaigns="; ".join(
                    f"{row.campaign} ({shown_path(row.where)}, {row.markets})"
                    for row in history.campaigns.itertuples()
                ),
            )
        )
    lines += _weight_lines(campaign, _)
    for code, (rate, day) in sorted(history.fx.items()):
        lines.append(
            _(
                "Past fees in {code} converted at {rate} {currency} per {code}, European Central "
                "Bank reference rate of {date}",
                code=code,
                rate=_.number(rate, 4),
                currency=campaign.currency,
                date=_.date(day),
            )
        )
    lines += _note_lines(history, _)
    if len(learned.summary) or len(learned.this_campaign):
        lines.append(
            _(
                "Forecasts: fees = impressions delivered / 1,000 x CPM; impressions = fee / CPM x "
                "1,000 (what the money buys); conversions = those impressions x click-through "
                "rate x conversion rate. A forecast's error = forecast / actual - 1; MAPE = the "
                "mean error without its sign; bias = the mean error with it (above 0: too "
                "high). A forecast is called better or worse with history when its MAPE moves "
                "by 5 points or more (the playbook's rule of thumb)."
            )
        )
    return lines


def _reference_line(line: str, _: Translator) -> str:
    """A source line with its reference text looked up in the catalogues (year and table kept):
    ``"Playbook planning assumption, ... (2026), planning_rates.csv"`` in the page's language."""
    match = REFERENCE_LINE.match(line)
    if match is None:
        return _.term(line)
    return f"{_.term(match['source'])} ({match['year']}){match['rest']}"


def shown_path(path: Path) -> str:
    """A past campaign's file or folder as a page names it: from the project's folder when it is
    inside it (``data/sample/history/...``), else its own name (no machine paths on a page)."""
    path = Path(path).resolve()
    if path.is_relative_to(PROJECT_ROOT):
        return path.relative_to(PROJECT_ROOT).as_posix()
    return path.name


def _weight_lines(campaign: Campaign, _: Translator) -> list[str]:
    """How history and the benchmark are weighed, and whose figure ``k`` is."""
    weights = campaign.history.benchmark_weight
    whose = (
        _("a playbook assumption, not a published figure: set history.benchmark_weight")
        if weights.assumed
        else _("set in the campaign file (history.benchmark_weight)")
    )
    return [
        _(
            "Share of an estimate that is history = n / (n + k), n the past deals (CPM) or posts "
            "(rates) behind it; k is how many the published benchmark counts as: {cpm} deals for "
            "CPM, {ctr} posts for click-through, {cvr} for conversion ({whose}). Estimate = "
            "benchmark x (history / benchmark) ^ share, so a figure twice the benchmark and one "
            "half of it are pulled in alike.",
            cpm=_.plain_number(weights.cpm),
            ctr=_.plain_number(weights.click_through_rate),
            cvr=_.plain_number(weights.conversion_rate),
            whose=whose,
        ),
        _(
            "A market, platform and tier with no history of its own borrows how far history "
            "sits from the benchmark for the platform and tier in all markets, then for the "
            "platform. Past fees are not adjusted for inflation or for the usage rights and "
            "exclusivity each deal carried; a past campaign with no link click (or no "
            "conversion) in its results is read as not tracking them, and a cell with none at "
            "all counts as half of one."
        ),
    ]


def _note_lines(history: History, _: Translator) -> list[str]:
    """What the past campaigns' deals leave out."""
    lines = []
    for kind, where, count in history.notes:
        if kind == "unpaid":
            lines.append(
                _(
                    "{where}: {count} creators with posts but no paid pipeline row count for the "
                    "rates, not for the fees",
                    where=shown_path(where),
                    count=_.number(count),
                )
            )
        elif kind == "no_posts":
            lines.append(
                _(
                    "{where}: {count} paid creators have no posts in the results: left out of "
                    "the fees",
                    where=shown_path(where),
                    count=_.number(count),
                )
            )
        elif kind == "empty_folder":
            lines.append(
                _("{where}: the history folder holds no past campaigns", where=shown_path(where))
            )
    return lines
