"""Stage 06, ROI: what the campaign delivered and what it earned, per creator, platform and market
(guide chapter 7).

The results file has one row per campaign post (see ``data/sample/README.md``, "Results
input"). This module

- checks it row by row (:func:`check_results`): duplicates, days outside the campaign, posts by
  creators nobody contracted, impossible counts; flagged rows are listed with their spreadsheet
  row number and left out of every number, so each post is counted once;
- converts money in another currency at the dated reference rate (:func:`convert_currency`);
- measures every goal's KPI against its target (:func:`goal_attainment`);
- breaks cost, results, CPM, CPE, CPC, CPA, ROI and ROAS down by creator, platform and market
  (:func:`breakdown`), with the funnel (:func:`funnel`);
- values the exposure as earned media value with its formula and CPMs (:func:`emv_cpms`,
  :func:`earned_media_value`), kept apart from ROI because no money came in;
- recommends rehiring, renegotiating or dropping each creator (:func:`rehire_advice`).

Cost means the creators' fees in the results file (or the contracted fees when a row has none);
ROI = (revenue - cost) / cost and ROAS = revenue / cost are undefined, not infinite, when the
cost is zero.

Sentences written for people (data checks, reasons, the summary) are in the campaign's language
(:mod:`helpers.text.i18n`); machine values (``recommendation``, ``met``, column names) stay English,
and the notebook translates them for display with :func:`in_language`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import report
from helpers.core import metrics, reference
from helpers.core.campaign import Campaign
from helpers.core.errors import InputError
from helpers.stages import goals
from helpers.text.i18n import Translator, translator


def _(message: str) -> str:
    """Mark a label for the message catalogue; :func:`in_language` translates it when shown."""
    return message


def in_language(text: str, language: str = "en") -> str:
    """A label, formula or result name of the catalogues in a language; text that no catalogue
    knows (a goal's own label from the campaign file) is shown as written."""
    if language == "en" or not isinstance(text, str):
        return text
    return translator(language).messages.get(text, text)


def money_text(value: float, currency: str, language: str = "en", decimals: int = 0) -> str:
    """Money in a sentence in the house style (``EUR 1,660``, ``1 660 €``); two decimals become
    three under 1 (a CPE of 0.014)."""
    if value is None or not np.isfinite(value):
        return "–"
    if decimals and abs(value) < 1:
        decimals = 3
    return translator(language).money(value, currency, decimals)


def signed_percent(value: float, language: str = "en", decimals: int = 0) -> str:
    """``+108%`` / ``-25%``: a change with its sign."""
    return translator(language).signed_percent(value, decimals)


def times_text(value: float, language: str = "en", decimals: int = 2) -> str:
    """A multiple: ``2.08x`` / ``2,08×``."""
    if value is None or not np.isfinite(value):
        return "–"
    _ = translator(language)
    return _("{value}x", value=_.number(value, decimals))


ENGAGEMENT_COLUMNS = ("likes", "comments", "shares", "saves")
COUNT_COLUMNS = (
    "impressions",
    "reach",
    "views",
    "likes",
    "comments",
    "shares",
    "saves",
    "link_clicks",
    "code_redemptions",
    "conversions",
)
MONEY_COLUMNS = ("revenue", "cost")
#: columns summed in every breakdown (engagements and profit are added by :func:`prepare`)
TOTALS = (
    "cost",
    "impressions",
    "reach",
    "views",
    "engagements",
    "link_clicks",
    "code_redemptions",
    "conversions",
    "revenue",
)
LEVELS = {"influencer": "influencer_id", "platform": "platform", "market": "market"}


@dataclass(frozen=True)
class KPI:
    """How a KPI is computed from a results table: sum(numerator) x scale / sum(denominator)."""

    name: str
    label: str
    numerator: str
    denominator: str | None = None
    scale: float = 1.0
    lower_is_better: bool = False
    unit: str = "count"  # count, rate (a fraction shown as %), money, multiple
    formula: str = ""

    def value(self, totals: pd.Series | dict) -> float:
        """The KPI from column totals; NaN when the denominator is zero."""
        top = float(totals[self.numerator]) * self.scale
        if self.denominator is None:
            return top
        return float(metrics.ratio(top, float(totals[self.denominator])))


KPIS: dict[str, KPI] = {
    k.name: k
    for k in (
        KPI("reach", _("Reach (summed over posts)"), "reach", formula=_("sum of reach per post")),
        KPI("impressions", _("Impressions"), "impressions", formula=_("sum of impressions")),
        KPI("views", _("Views"), "views", formula=_("sum of video and story views")),
        KPI(
            "engagements",
            _("Engagements"),
            "engagements",
            formula=_("likes + comments + shares + saves"),
        ),
        KPI(
            "engagement_rate",
            _("Engagement rate per reach"),
            "engagements",
            "reach",
            unit="rate",
            formula=_("engagements / reach"),
        ),
        KPI("clicks", _("Link clicks"), "link_clicks", formula=_("sum of tracked link clicks")),
        KPI(
            "link_clicks", _("Link clicks"), "link_clicks", formula=_("sum of tracked link clicks")
        ),
        KPI(
            "ctr",
            _("Click-through rate"),
            "link_clicks",
            "impressions",
            unit="rate",
            formula=_("link clicks / impressions"),
        ),
        KPI(
            "code_redemptions",
            _("Discount-code redemptions"),
            "code_redemptions",
            formula=_("sum of code uses"),
        ),
        KPI(
            "conversions",
            _("Conversions"),
            "conversions",
            formula=_("sum of attributed conversions"),
        ),
        KPI("sign_ups", _("Sign-ups"), "conversions", formula=_("sum of attributed conversions")),
        KPI(
            "aov",
            _("Average order value"),
            "revenue",
            "conversions",
            unit="money",
            formula=_("revenue / conversions"),
        ),
        KPI(
            "conversion_rate",
            _("Conversion rate"),
            "conversions",
            "link_clicks",
            unit="rate",
            formula=_("conversions / link clicks"),
        ),
        KPI(
            "revenue", _("Revenue"), "revenue", unit="money", formula=_("sum of attributed revenue")
        ),
        KPI("cost", _("Cost"), "cost", unit="money", formula=_("sum of fees")),
        KPI(
            "cpm",
            _("CPM"),
            "cost",
            "impressions",
            scale=1000,
            lower_is_better=True,
            unit="money",
            formula=_("cost / impressions x 1,000"),
        ),
        KPI(
            "cpe",
            _("Cost per engagement"),
            "cost",
            "engagements",
            lower_is_better=True,
            unit="money",
            formula=_("cost / engagements"),
        ),
        KPI(
            "cpc",
            _("Cost per click"),
            "cost",
            "link_clicks",
            lower_is_better=True,
            unit="money",
            formula=_("cost / link clicks"),
        ),
        KPI(
            "cpa",
            _("Cost per acquisition"),
            "cost",
            "conversions",
            lower_is_better=True,
            unit="money",
            formula=_("cost / conversions"),
        ),
        KPI(
            "roas",
            _("ROAS"),
            "revenue",
            "cost",
            unit="multiple",
            formula=_("revenue / cost"),
        ),
        KPI(
            "roi",
            _("ROI"),
            "profit",
            "cost",
            unit="rate",
            formula=_("(revenue - cost) / cost"),
        ),
        KPI(
            "frequency",
            _("Frequency"),
            "impressions",
            "reach",
            unit="multiple",
            formula=_("impressions / reach"),
        ),
    )
}
#: the result each objective buys, how its cost is named, and the scale of its cost per result
MAIN_RESULT = {
    "awareness": ("reach", _("cost per 1,000 reached"), 1000.0),
    "engagement": ("engagements", _("cost per engagement"), 1.0),
    "conversion": ("conversions", _("cost per conversion"), 1.0),
}
#: the results by name, for sentences and headings (translated with :func:`in_language`)
RESULT_NAMES = {
    "reach": _("reach"),
    "engagements": _("engagements"),
    "conversions": _("conversions"),
}
#: machine values of this stage and the monitoring stage, for :func:`in_language` at display
DISPLAY_VALUES = (
    _("rehire"),
    _("renegotiate"),
    _("drop"),
    _("met"),
    _("missed"),
    _("count by hand"),
    _("on track"),
    _("at risk"),
    _("off track"),
    _("not measured"),
    _("no data yet"),
    _("over-performing"),
    _("as expected"),
    _("under-performing"),
    _("no cost"),
    _("no forecast"),
    _("not in the results file"),
)


# --- Reading and checking results -----------------------------------------------------------


def prepare(results: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns every stage uses: ``engagements``, ``profit`` and ``row``.

    ``row`` is the spreadsheet row number of each result (the header is row 1), kept so that
    flags can point at the row to fix.
    """
    frame = results.copy()
    if "row" not in frame:
        frame["row"] = frame.index.to_numpy() + 2
    for column in COUNT_COLUMNS:
        if column not in frame:
            frame[column] = 0
    for column in MONEY_COLUMNS:
        if column not in frame:
            frame[column] = np.nan if column == "cost" else 0.0
    frame["engagements"] = frame[list(ENGAGEMENT_COLUMNS)].fillna(0).sum(axis=1)
    frame["profit"] = frame["revenue"].fillna(0) - frame["cost"].fillna(0)
    return frame


def convert_currency(
    results: pd.DataFrame, currency: str, language: str = "en"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Convert revenue and cost of rows in another currency at the reference rate of their day.

    Parameters
    ----------
    results : DataFrame
        Results with ``currency``, ``posted_at``, ``revenue`` and ``cost``.
    currency : str
        The campaign currency.

    Returns
    -------
    (DataFrame, DataFrame)
        The results in the campaign currency, and one row per conversion used (``currency``,
        ``rows``, ``rate``, ``rate_date``, ``source``); rows in a currency with no rate on file
        keep their currency, for :func:`check_results` to flag.
    """
    frame = results.copy()
    used = []
    foreign = frame["currency"].notna() & (frame["currency"] != currency)
    for (code, day), group in frame[foreign].groupby(
        [frame["currency"], frame["posted_at"].dt.date]
    ):
        try:
            rate, rate_date = reference.fx_rate(code, currency, on=day)
        except KeyError:
            continue
        for column in MONEY_COLUMNS:
            frame.loc[group.index, column] = frame.loc[group.index, column] * rate
        frame.loc[group.index, "currency"] = currency
        used.append(
            {"currency": code, "day": day, "rows": len(group), "rate": rate, "rate_date": rate_date}
        )
    table = pd.DataFrame(used, columns=["currency", "day", "rows", "rate", "rate_date"])
    if len(table):
        table = (
            table.groupby(["currency", "rate", "rate_date"], as_index=False)["rows"]
            .sum()
            .assign(source=in_language(ECB_RATES, language))
        )
    return frame, table


ECB_RATES = _("European Central Bank euro reference rates")
CHECKS = {
    "negative": _("a count or amount is below zero"),
    "duplicate": _("the same post entered twice"),
    "outside": _("posted outside the campaign window"),
    "uncontracted": _("posted by a creator nobody contracted"),
    "clicks": _("more link clicks than impressions"),
    "reach": _("more reach than impressions"),
    "conversions": _("more conversions than link clicks and code redemptions together"),
    "currency": _("a currency with no exchange rate on file"),
    "no_cost": _("no cost in the file or the contract"),
}


def check_results(
    results: pd.DataFrame,
    campaign: Campaign,
    contracted_ids: set[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flag the rows an analyst must look at; leave the impossible ones out, counting once.

    Parameters
    ----------
    results : DataFrame
        Results after :func:`prepare` (and :func:`convert_currency`).
    campaign : Campaign
        Supplies the window and the currency.
    contracted_ids : set of str, optional
        The creators under contract; ``None`` means unknown (every creator counts as contracted).

    Returns
    -------
    (DataFrame, DataFrame)
        The rows kept, and the data checks: one row per problem with ``row`` (spreadsheet row),
        ``post_id``, ``influencer_id``, ``problem``, ``detail`` and ``action`` (in the campaign's
        language). A row with a missing cost is kept (its results are real) and flagged; every
        other flagged row is left out of every number.
    """
    language = campaign.language
    _ = translator(language)
    count = _.as_number()
    frame = results.copy()
    columns = ["row", "post_id", "influencer_id", "problem", "detail", "action"]
    if frame.empty:
        frame["cost"] = frame["cost"].astype(float)
        return frame, pd.DataFrame(columns=columns)
    flags: list[dict] = []

    def flag(
        mask: pd.Series, kind: str, detail: pd.Series | str, action: str, drop: bool = True
    ) -> None:
        details = detail if isinstance(detail, pd.Series) else pd.Series(detail, frame.index)
        for index in frame.index[mask.fillna(False).to_numpy(bool)]:
            flags.append(
                {
                    "row": int(frame.at[index, "row"]),
                    "post_id": frame.at[index, "post_id"],
                    "influencer_id": frame.at[index, "influencer_id"],
                    "problem": in_language(CHECKS[kind], language),
                    "detail": details[index],
                    "action": action,
                    "_index": index,
                    "_drop": drop,
                }
            )

    def per_row(texts: list[str]) -> pd.Series:
        return pd.Series(texts, index=frame.index, dtype=object)

    fix_export = _("left out: fix the export")
    counts = frame[list(COUNT_COLUMNS + MONEY_COLUMNS)]
    negative = (counts < 0).any(axis=1)
    flag(negative, "negative", counts.lt(0).idxmax(axis=1).map(lambda c: f"{c} < 0"), fix_export)
    measured = [c for c in frame.columns if c not in ("post_id", "row")]
    first_row = frame.groupby(measured, dropna=False, sort=False)["row"].transform("first")
    duplicate = frame.duplicated(subset=measured, keep="first")
    flag(
        duplicate,
        "duplicate",
        per_row([_("same numbers as row {row}", row=row) for row in first_row.astype(str)]),
        _("left out: counted once"),
    )
    day = frame["posted_at"].dt.date
    outside = (day < campaign.start) | (day > campaign.end)
    flag(
        outside,
        "outside",
        per_row(
            [
                _("{day} (window {start} to {end})", day=d, start=campaign.start, end=campaign.end)
                for d in day.astype(str)
            ]
        ),
        _("left out: another campaign's post or a wrong date"),
    )
    if contracted_ids is not None:
        flag(
            ~frame["influencer_id"].isin(contracted_ids),
            "uncontracted",
            per_row(
                [
                    _("{creator} is not in the contracted creators", creator=creator)
                    for creator in frame["influencer_id"]
                ]
            ),
            _("left out: no contract to cost it against"),
        )
    flag(
        frame["link_clicks"] > frame["impressions"],
        "clicks",
        per_row(
            [
                _("{clicks} clicks > {impressions} impressions", clicks=c, impressions=i)
                for c, i in zip(
                    frame["link_clicks"].map(count), frame["impressions"].map(count), strict=True
                )
            ]
        ),
        fix_export,
    )
    flag(
        frame["reach"] > frame["impressions"],
        "reach",
        per_row(
            [
                _("{reach} reach > {impressions} impressions", reach=r, impressions=i)
                for r, i in zip(
                    frame["reach"].map(count), frame["impressions"].map(count), strict=True
                )
            ]
        ),
        fix_export,
    )
    flag(
        frame["conversions"] > frame["link_clicks"] + frame["code_redemptions"],
        "conversions",
        per_row(
            [
                _(
                    "{conversions} conversions > {clicks_and_codes}",
                    conversions=c,
                    clicks_and_codes=n,
                )
                for c, n in zip(
                    frame["conversions"].map(count),
                    (frame["link_clicks"] + frame["code_redemptions"]).map(count),
                    strict=True,
                )
            ]
        ),
        fix_export,
    )
    flag(
        frame["currency"] != campaign.currency,
        "currency",
        per_row(
            [
                _("{currency} (add a dated rate to data/reference/fx_rates.csv)", currency=code)
                for code in frame["currency"].astype(str)
            ]
        ),
        _("left out: cannot convert"),
    )
    flag(
        frame["cost"].isna(),
        "no_cost",
        _("cost is empty"),
        _("kept: counted at zero cost, ROI of the creator undefined"),
        drop=False,
    )
    checks = pd.DataFrame(
        flags,
        columns=[
            "row",
            "post_id",
            "influencer_id",
            "problem",
            "detail",
            "action",
            "_index",
            "_drop",
        ],
    )
    dropped = set(checks.loc[checks["_drop"], "_index"])
    kept = frame.drop(index=list(dropped))
    kept["cost"] = kept["cost"].fillna(0.0)
    kept["profit"] = kept["revenue"].fillna(0) - kept["cost"]
    checks = checks.sort_values(["row", "problem"]).drop(columns=["_index", "_drop"])
    return kept, checks.reset_index(drop=True)


SIGNED_STAGES = ("contracted", "live", "completed")


def contracted_creators(
    campaign: Campaign, tables: dict[str, pd.DataFrame], run_dir: Path
) -> tuple[pd.DataFrame | None, str]:
    """Who was contracted: the signed rows of the campaign's relationship pipeline.

    Uses ``helpers.stages.negotiation.contracted_deliverables`` when the campaign names a pipeline
    file
    (``data.pipeline``) and keeps the rows in stage contracted, live or completed. Without one,
    the negotiation stage can only offer its plan (``offers.csv``), which is not a list of
    signatures, so the creators in the results file are taken as contracted and the note says
    so.

    Returns
    -------
    (DataFrame or None, str)
        The contracted deliverables (``influencer_id``, ``quantity``, ``agreed_fee`` for all
        units, ``currency`` ...) or ``None``, and a sentence for the page saying where they came
        from.
    """
    _ = translator(campaign.language)
    if getattr(campaign.data, "pipeline", None) is None:
        return None, _(
            "The campaign names no relationship pipeline (data.pipeline) to say who signed, so "
            "every creator in the results file is treated as contracted."
        )
    try:
        from helpers.stages.negotiation import contracted_deliverables
    except ImportError:
        return None, _(
            "The negotiation helpers are not available, so every creator in the results file "
            "is treated as contracted."
        )
    try:
        deliverables = contracted_deliverables(campaign, tables, run_dir)
    except InputError as error:
        return None, _(
            "The pipeline could not be read ({problems}), so every creator in the results file "
            "is treated as contracted.",
            problems="; ".join(error.problems),
        )
    if deliverables is not None and "stage" in deliverables:
        deliverables = deliverables[deliverables["stage"].isin(SIGNED_STAGES)]
    if deliverables is None or len(deliverables) == 0:
        return None, _(
            "The pipeline lists no signed contract yet, so every creator in the results file is "
            "treated as contracted."
        )
    return deliverables.reset_index(drop=True), _(
        "{count} creators are under contract (from the relationship pipeline); posts by anyone "
        "else are flagged.",
        count=_.number(deliverables["influencer_id"].nunique()),
    )


def contracted_fees(deliverables: pd.DataFrame, currency: str) -> pd.Series:
    """Each creator's contracted total in the campaign currency.

    ``agreed_fee`` is the fee for all the units of a deliverable; ``agreed_fee_converted`` (from
    the negotiation stage) is already in the campaign currency, otherwise the fee is converted
    at the newest reference rate.
    """
    fees = deliverables.copy()
    if "agreed_fee_converted" in fees:
        fees["total"] = fees["agreed_fee_converted"].astype(float)
    else:
        codes = fees["currency"] if "currency" in fees else pd.Series(currency, fees.index)
        fees["total"] = [
            float(fee) * reference.fx_rate(code, currency)[0]
            if isinstance(code, str) and code != currency
            else float(fee)
            for fee, code in zip(fees["agreed_fee"], codes, strict=True)
        ]
    return fees.groupby("influencer_id")["total"].sum()


def fill_cost_from_contracts(
    results: pd.DataFrame, deliverables: pd.DataFrame | None, currency: str
) -> pd.DataFrame:
    """Give rows with no ``cost`` their share of the creator's contracted fees.

    A creator's contracted total (:func:`contracted_fees`) is spread evenly over their posts
    that have no cost in the results file. Rows that carry a cost keep it: the results file
    records what was paid.
    """
    frame = results.copy()
    if deliverables is None or not frame["cost"].isna().any():
        return frame
    total = contracted_fees(deliverables, currency)
    missing = frame["cost"].isna()
    per_post = frame[missing].groupby("influencer_id")["post_id"].transform("size")
    frame.loc[missing, "cost"] = frame.loc[missing, "influencer_id"].map(total) / per_post
    frame["profit"] = frame["revenue"].fillna(0) - frame["cost"].fillna(0)
    return frame


def attach_handles(results: pd.DataFrame, roster: pd.DataFrame | None) -> pd.DataFrame:
    """Add each creator's ``handle`` from the roster (the id when the roster does not know it)."""
    frame = results.copy()
    handles = (
        roster.drop_duplicates("influencer_id").set_index("influencer_id")["handle"]
        if roster is not None and len(roster)
        else pd.Series(dtype=object)
    )
    frame["handle"] = frame["influencer_id"].map(handles).fillna(frame["influencer_id"])
    return frame


def read_results(
    campaign: Campaign,
    tables: dict[str, pd.DataFrame],
    run_dir: Path,
    which: str = "results",
) -> dict[str, object]:
    """Everything the ROI and monitoring pages start from, in one call.

    Parameters
    ----------
    campaign : Campaign
    tables : dict
        Loaded tables (``results`` or ``results_to_date``, and ``roster`` for handles).
    run_dir : Path
        The run folder (for the negotiation stage's contracts).
    which : str
        ``"results"`` (after the campaign) or ``"results_to_date"`` (mid-campaign).

    Returns
    -------
    dict
        ``results`` (clean rows, campaign currency, with handles), ``checks`` (flagged rows),
        ``fx`` (conversions used), ``contracts`` (or None), ``contract_note``, ``raw_rows``.
    """
    raw = tables.get(which)
    if raw is None:
        raw = pd.DataFrame(
            columns=[
                "post_id",
                "influencer_id",
                "platform",
                "market",
                "posted_at",
                "format",
                "variant",
                "currency",
            ]
        )
        raw["posted_at"] = pd.to_datetime(raw["posted_at"])
    frame = prepare(raw)
    frame, fx = convert_currency(frame, campaign.currency, campaign.language)
    contracts, note = contracted_creators(campaign, tables, run_dir)
    frame = fill_cost_from_contracts(frame, contracts, campaign.currency)
    ids = set(contracts["influencer_id"]) if contracts is not None else None
    kept, checks = check_results(frame, campaign, ids)
    kept = attach_handles(kept, tables.get("roster"))
    return {
        "results": kept.reset_index(drop=True),
        "checks": checks,
        "fx": fx,
        "contracts": contracts,
        "contract_note": note,
        "raw_rows": len(raw),
    }


# --- Goals and KPIs -------------------------------------------------------------------------


def campaign_goals(campaign: Campaign, run_dir: Path | None = None) -> list[dict]:
    """The campaign's goals: ``goals.json`` from the run folder, else the goals stage's helper
    (``helpers.stages.goals.goals_document``), else the campaign file's ``goals`` list.

    Returns
    -------
    list of dict
        Each with ``kpi``, ``label``, ``target``, ``market`` (None for the whole campaign) and
        ``lower_is_better``.
    """
    document = None
    path = Path(run_dir) / "goals.json" if run_dir else None
    if path is not None and path.is_file():
        document = json.loads(path.read_text(encoding="utf-8"))
    else:
        try:
            document = goals.goals_document(campaign)
        except InputError:
            document = None  # the campaign file's goals are still there to measure
    raw = document.get("goals") if isinstance(document, dict) else None
    if raw is None:
        raw = [goal.model_dump() for goal in campaign.goals]
    wanted = []
    for goal in raw:
        kpi = str(goal["kpi"])
        known = KPIS.get(kpi)
        lower = known.lower_is_better if known else False
        if goal.get("higher_is_better") is not None:
            lower = not goal["higher_is_better"]
        wanted.append(
            {
                "kpi": kpi,
                "label": goal.get("label") or (known.label if known else kpi.replace("_", " ")),
                "target": float(goal["target"]),
                "market": goal.get("market"),
                "lower_is_better": bool(lower),
            }
        )
    return wanted


def column_totals(results: pd.DataFrame) -> pd.Series:
    """Sums of every column a KPI can use."""
    columns = [*TOTALS, "profit", "likes", "comments", "shares", "saves"]
    present = [c for c in columns if c in results]
    return results[present].sum(numeric_only=True).reindex(columns, fill_value=0.0)


def measure_kpi(kpi: str, results: pd.DataFrame) -> float:
    """A KPI's value on a results table (NaN when it cannot be measured from results).

    Uses ``helpers.stages.goals.measure`` so both stages agree; a KPI the goals catalogue does not
    know, or cannot measure from these columns, falls back to :data:`KPIS`.
    """
    if kpi in goals.KPI_CATALOGUE:
        value = float(goals.measure(kpi, results))
        if np.isfinite(value):
            return value
    if kpi not in KPIS:
        return float("nan")
    return KPIS[kpi].value(column_totals(results))


def attainment(actual: float, target: float, lower_is_better: bool = False) -> float:
    """How much of the target was reached: actual / target, or target / actual for costs
    (a CPA of 18 against a target of 20 is 111%); NaN when undefined."""
    if lower_is_better:
        return float(metrics.ratio(target, actual)) if actual > 0 else float("nan")
    return float(metrics.ratio(actual, target))


def goal_attainment(goals: list[dict], results: pd.DataFrame) -> pd.DataFrame:
    """Every goal's actual value and attainment.

    Returns
    -------
    DataFrame
        ``kpi``, ``label``, ``market``, ``target``, ``actual``, ``attainment`` (1.0 = target met
        exactly; for costs target / actual), ``met`` (True, False, or None when not measurable),
        ``unit``, ``lower_is_better`` and ``formula``.
    """
    rows = []
    for goal in goals:
        chosen = results if not goal["market"] else results[results["market"] == goal["market"]]
        known = KPIS.get(goal["kpi"])
        actual = measure_kpi(goal["kpi"], chosen)
        lower = bool(goal.get("lower_is_better", known and known.lower_is_better))
        share = attainment(actual, goal["target"], lower) if np.isfinite(actual) else np.nan
        rows.append(
            {
                "kpi": goal["kpi"],
                "label": goal["label"],
                "market": goal["market"] or "all",
                "target": goal["target"],
                "actual": actual,
                "attainment": share,
                "met": None if not np.isfinite(share) else bool(share >= 1 - 1e-12),
                "unit": known.unit if known else "count",
                "lower_is_better": lower,
                "formula": known.formula if known else "not in the results file",
            }
        )
    return pd.DataFrame(rows)


# --- Breakdowns -----------------------------------------------------------------------------


def add_ratios(table: pd.DataFrame) -> pd.DataFrame:
    """CPM, CPE, CPC, CPA, ROI, ROAS, CTR and engagement rate from summed columns."""
    out = table.copy()
    out["cpm"] = metrics.cpm(out["cost"], out["impressions"])
    out["cpe"] = metrics.cpe(out["cost"], out["engagements"])
    out["cpc"] = metrics.cpc(out["cost"], out["link_clicks"])
    out["cpa"] = metrics.cpa(out["cost"], out["conversions"])
    out["roi"] = metrics.roi(out["revenue"], out["cost"])
    out["roas"] = metrics.roas(out["revenue"], out["cost"])
    out["ctr"] = metrics.ratio(out["link_clicks"], out["impressions"])
    out["engagement_rate"] = metrics.ratio(out["engagements"], out["reach"])
    return out


def breakdown(results: pd.DataFrame, level: str) -> pd.DataFrame:
    """Cost, results and cost ratios per creator, platform or market.

    Parameters
    ----------
    results : DataFrame
        Checked results (:func:`read_results`).
    level : str
        ``"influencer"``, ``"platform"``, ``"market"`` or ``"campaign"``.

    Returns
    -------
    DataFrame
        One row per group: ``level``, ``key``, ``posts``, the summed :data:`TOTALS`, and
        ``cpm``, ``cpe``, ``cpc``, ``cpa``, ``roi``, ``roas``, ``ctr``, ``engagement_rate``;
        creators also get ``handle``, ``platform`` and ``market``. Ratios with a zero
        denominator are NaN (a creator paid nothing has no ROI).
    """
    if level == "campaign":
        grouped = results.assign(key="campaign").groupby("key")
    else:
        grouped = results.groupby(results[LEVELS[level]].rename("key"))
    summed = [column for column in (*TOTALS, "emv") if column in results]
    table = grouped[summed].sum()
    table.insert(0, "posts", grouped.size())
    if level == "influencer":
        first = grouped[["handle", "platform", "market"]].first()
        table = first.join(table)
    table = add_ratios(table.reset_index())
    table.insert(0, "level", level)
    return table.sort_values("cost", ascending=False, kind="stable").reset_index(drop=True)


def roi_table(results: pd.DataFrame) -> pd.DataFrame:
    """The ``roi.csv`` artifact: the campaign total, then every creator, platform and market."""
    parts = [breakdown(results, level) for level in ("campaign", *LEVELS)]
    return pd.concat(parts, ignore_index=True)


def funnel(results: pd.DataFrame, language: str = "en") -> pd.DataFrame:
    """Reach, engagements, link clicks and conversions, each with its rate from the step before.

    Returns
    -------
    DataFrame
        ``step``, ``count``, ``rate_from_previous`` (NaN for the first step) and ``rate_name``
        (step and rate names in the language).
    """
    _ = translator(language)
    totals = column_totals(results)
    steps = [
        (_("Impressions"), totals["impressions"], ""),
        (_("Reach"), totals["reach"], _("reach / impressions")),
        (_("Engagements"), totals["engagements"], _("engagement rate per reach")),
        (_("Link clicks"), totals["link_clicks"], _("clicks / engagements")),
        (_("Conversions"), totals["conversions"], _("conversion rate per click")),
    ]
    counts = [count for _, count, _ in steps]
    rates = [np.nan] + [
        float(metrics.ratio(b, a)) for a, b in zip(counts, counts[1:], strict=False)
    ]
    return pd.DataFrame(
        {
            "step": [s for s, _, _ in steps],
            "count": counts,
            "rate_from_previous": rates,
            "rate_name": [r for _, _, r in steps],
        }
    )


# --- Earned media value (kept apart from ROI) ------------------------------------------------


def emv_cpms(campaign: Campaign, platforms: list[str]) -> pd.DataFrame:
    """The CPM used to value each platform's impressions, with its source.

    The campaign file's ``measurement.emv_cpm`` (campaign currency) wins; otherwise the
    reference table's default EMV row (``purpose = emv``, Upfluence's USD 6.50 for every
    platform), converted at the dated ECB rate.

    Returns
    -------
    DataFrame
        ``platform``, ``cpm`` (campaign currency), ``cpm_original``, ``original_currency``,
        ``source``, ``rate_date``.
    """
    table = reference.media_costs("emv")
    rows = []
    for platform in platforms:
        override = campaign.measurement.emv_cpm.get(platform)
        if override is not None:
            source = campaign.measurement.emv_cpm_source or translator(campaign.language)(
                "set in the campaign file"
            )
            rows.append(
                {
                    "platform": platform,
                    "cpm": override,
                    "cpm_original": override,
                    "original_currency": campaign.currency,
                    "source": source,
                    "rate_date": None,
                }
            )
            continue
        chosen = table[table["platform"] == platform]
        if chosen.empty:
            chosen = table[table["platform"] == "all"]
        row = chosen.iloc[0]
        rate, rate_date = reference.fx_rate(row["currency"], campaign.currency)
        rows.append(
            {
                "platform": platform,
                "cpm": float(row["typical"]) * rate,
                "cpm_original": float(row["typical"]),
                "original_currency": row["currency"],
                "source": f"{row['source']} ({int(row['year'])})",
                "rate_date": rate_date,
            }
        )
    return pd.DataFrame(rows)


def earned_media_value(results: pd.DataFrame, cpms: pd.DataFrame) -> pd.Series:
    """EMV of each post: impressions x the platform's CPM / 1,000 (Upfluence's method).

    This is what the exposure would have cost as advertising. It is not revenue and never part
    of ROI.
    """
    cpm = results["platform"].map(cpms.set_index("platform")["cpm"]).fillna(0.0)
    return results["impressions"] * cpm / 1000


# --- Rehire, renegotiate or drop ------------------------------------------------------------


def rehire_advice(
    creators: pd.DataFrame, campaign: Campaign, checks: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A rehire / renegotiate / drop recommendation per creator, with its reason.

    Each creator's cost per result (the objective's result: reach, engagements or conversions)
    is compared with the campaign's. Up to ``measurement.rehire_at_most`` times the campaign's:
    rehire; up to ``renegotiate_at_most`` times: renegotiate, at the fee that would have matched
    the campaign's cost per result (fee / multiple); above it, or with no result for a fee:
    drop. A creator paid
    nothing who delivered is worth asking again (gifted collaboration).

    Parameters
    ----------
    creators : DataFrame
        :func:`breakdown` at the ``"influencer"`` level.
    campaign : Campaign
    checks : DataFrame, optional
        Data checks; creators with flagged rows get a note to fix them before deciding.

    Returns
    -------
    DataFrame
        ``influencer_id``, ``handle``, ``platform``, ``market``, ``cost``, ``result``,
        ``cost_per_result``, ``vs_campaign`` (x the campaign's), ``roi``, ``recommendation``
        (rehire, renegotiate or drop: English, for machines), ``suggested_fee`` and ``reason``
        (in the campaign's language).
    """
    language, cur = campaign.language, campaign.currency
    _ = translator(language)
    result, cost_name, scale = MAIN_RESULT[campaign.objective]
    result_words, cost_words = (
        in_language(RESULT_NAMES[result], language),
        in_language(cost_name, language),
    )
    rules = campaign.measurement
    total_cost, total_result = creators["cost"].sum(), creators[result].sum()
    campaign_cpr = float(metrics.ratio(total_cost * scale, total_result))
    flagged = set(checks["influencer_id"]) if checks is not None and len(checks) else set()
    rows = []
    for creator in creators.itertuples(index=False):
        cost, achieved = float(creator.cost), float(getattr(creator, result))
        cpr = float(metrics.ratio(cost * scale, achieved))
        versus = float(metrics.ratio(cpr, campaign_cpr))
        fee = np.nan
        compared = _(
            "{cost_name} {cost_per_result}, {times}x the campaign's {campaign_cost_per_result}",
            cost_name=cost_words,
            cost_per_result=money_text(cpr, cur, language, 2),
            times=_.number(versus, 1),
            campaign_cost_per_result=_money(campaign_cpr, language),
        )
        if cost == 0 and achieved > 0:
            verdict = "rehire"
            reason = _(
                "{count} {result} at no fee (gifted): ask again",
                count=_.number(achieved),
                result=result_words,
            )
        elif achieved == 0:
            verdict = "drop"
            reason = _(
                "no {result} for {fee}", result=result_words, fee=money_text(cost, cur, language)
            )
        elif versus <= rules.rehire_at_most:
            verdict = "rehire"
            reason = _("{compared}: good value at this fee", compared=compared)
        elif versus <= rules.renegotiate_at_most:
            verdict = "renegotiate"
            fee = cost / versus  # the fee at which they match the campaign's cost per result
            reason = _(
                "{compared}: worth keeping at about {fee}",
                compared=compared,
                fee=money_text(fee, cur, language),
            )
        else:
            verdict = "drop"
            reason = _("{compared}: too expensive for what they delivered", compared=compared)
        if campaign.objective == "conversion" and np.isfinite(creator.roi):
            reason += _("; ROI {roi}", roi=signed_percent(creator.roi, language))
        if creator.key in flagged:
            reason += _("; fix the flagged rows before deciding")
        rows.append(
            {
                "influencer_id": creator.key,
                "handle": creator.handle,
                "platform": creator.platform,
                "market": creator.market,
                "cost": cost,
                "result": achieved,
                "cost_per_result": cpr,
                "vs_campaign": versus,
                "roi": creator.roi,
                "recommendation": verdict,
                "suggested_fee": fee,
                "reason": reason,
            }
        )
    order = {"rehire": 0, "renegotiate": 1, "drop": 2}
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.sort_values(
        ["recommendation", "vs_campaign"],
        key=lambda s: s.map(order) if s.name == "recommendation" else s,
        kind="stable",
    ).reset_index(drop=True)


# --- Dates ----------------------------------------------------------------------------------


def final_reading_date(campaign: Campaign) -> date:
    """The day the attribution window closes after the last campaign day: read ROI then."""
    return campaign.end + timedelta(days=campaign.measurement.attribution_window_days)


# --- The page's finding ---------------------------------------------------------------------


def roi_summary(
    campaign: Campaign,
    goals: pd.DataFrame,
    total: pd.Series,
    markets: pd.DataFrame,
    advice: pd.DataFrame,
) -> str:
    """Whether the campaign paid off, in three sentences of Markdown.

    Parameters
    ----------
    campaign : Campaign
    goals : DataFrame
        :func:`goal_attainment` output.
    total : Series
        The campaign row of :func:`breakdown`.
    markets : DataFrame
        :func:`breakdown` at the ``"market"`` level.
    advice : DataFrame
        :func:`rehire_advice` output.
    """
    language, cur = campaign.language, campaign.currency
    _ = translator(language)
    if not total["posts"]:
        return _(
            "No results to measure: the results file has no usable rows (see the data checks)."
        )
    cost, revenue = float(total["cost"]), float(total["revenue"])
    money = _(
        "{revenue} of attributed revenue on {cost} of creator fees",
        revenue=money_text(revenue, cur, language),
        cost=money_text(cost, cur, language),
    )
    roi_values = {
        "money": money,
        "roi": signed_percent(total["roi"], language),
        "roas": _.number(total["roas"], 2),
    }
    if not np.isfinite(total["roi"]):
        first = _("ROI is undefined: {money}, and no fee was recorded.", money=money)
    elif total["roi"] >= 0:
        first = _(
            "**The campaign paid off in sales**: {money}, an ROI of {roi} (ROAS {roas}).",
            **roi_values,
        )
    elif campaign.objective != "conversion":
        first = _(
            "**The campaign did not pay for itself in sales**: {money}, an ROI of {roi} (ROAS "
            "{roas}), which {campaign_kind} is not bought for: judge it on its goals.",
            campaign_kind=_campaign_kind(campaign.objective, _),
            **roi_values,
        )
    else:
        first = _(
            "**The campaign did not pay for itself in sales**: {money}, an ROI of {roi} (ROAS "
            "{roas}).",
            **roi_values,
        )
    measured = goals[goals["met"].notna()] if len(goals) else goals
    if len(measured):
        items = [
            _(
                "{goal} {actual} against {target} ({verdict})",
                goal=report.text(lower_label(in_language(row.label, language))),
                actual=format_kpi(row.actual, row.unit, cur, language),
                target=format_kpi(row.target, row.unit, cur, language),
                verdict=_("met") if row.met else _("missed"),
            )
            for row in measured.itertuples()
        ]
        second = _(
            "{met} of {goals} goals met: {items}",
            met=_.number(int(measured["met"].sum())),
            goals=_.number(len(measured)),
            items="; ".join(items),
        )
        unmeasured = goals[goals["met"].isna()]
        if len(unmeasured):
            second += _(
                "; {goals} cannot be measured from the results and must be counted by hand",
                goals=", ".join(
                    report.text(lower_label(in_language(g, language))) for g in unmeasured["label"]
                ),
            )
        second += "."
    else:
        second = _("No goal can be measured from the results file.")
    result, cost_name, scale = MAIN_RESULT[campaign.objective]
    priced = markets[markets[result] > 0].assign(cpr=lambda m: m["cost"] * scale / m[result])
    verdicts = advice["recommendation"].value_counts() if len(advice) else pd.Series(dtype=int)
    counts = {
        "creators": _.number(len(advice)),
        "rehire": _.number(verdicts.get("rehire", 0)),
        "renegotiate": _.number(verdicts.get("renegotiate", 0)),
        "drop": _.number(verdicts.get("drop", 0)),
    }
    if len(priced) > 1:
        best, worst = priced.nsmallest(1, "cpr").iloc[0], priced.nlargest(1, "cpr").iloc[0]
        third = _(
            "Money worked best in {best} ({cost_name} {best_cost}) and worst in {worst} "
            "({worst_cost}); of {creators} creators, rehire {rehire}, renegotiate {renegotiate} "
            "and drop {drop}.",
            best=report.text(best["key"]),
            cost_name=in_language(cost_name, language),
            best_cost=money_text(best["cpr"], cur, language, 2),
            worst=report.text(worst["key"]),
            worst_cost=money_text(worst["cpr"], cur, language, 2),
            **counts,
        )
    else:
        third = _(
            "Of {creators} creators, rehire {rehire}, renegotiate {renegotiate} and drop {drop}.",
            **counts,
        )
    return " ".join([first, second, third])


def _campaign_kind(objective: str, _: Translator) -> str:
    """The kind of campaign inside a sentence ("an awareness campaign")."""
    words = {
        "awareness": _("an awareness campaign"),
        "engagement": _("an engagement campaign"),
        "conversion": _("a conversion campaign"),
    }
    return words.get(objective, objective)


def format_kpi(value: float, unit: str, currency: str, language: str = "en") -> str:
    """A KPI value for a sentence: 1,234,567 / 3.5% / 19.49 USD / 2.22x (in the language's
    format: ``19,49 $``, ``3,5%``)."""
    if not np.isfinite(value):
        return "–"
    _ = translator(language)
    if unit in ("rate", "fraction"):
        return _.percent(value, 1)
    if unit == "money":
        return money_text(value, currency, language, 2)
    if unit in ("multiple", "ratio"):
        return times_text(value, language)
    return _.number(value)


def _money(value: float, language: str = "en") -> str:
    """Money in a sentence: two decimals, three for amounts under 1 (a CPE of 0.014)."""
    if not np.isfinite(value):
        return "–"
    return translator(language).number(value, 2 if abs(value) >= 1 else 3)


def lower_label(label: str) -> str:
    """A label inside a sentence: 'Reach' becomes 'reach', 'CPA' and 'UGC pieces' stay."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def campaign_row(table: pd.DataFrame) -> pd.Series:
    """The campaign total of :func:`roi_table` (zeros and undefined ratios when no results)."""
    rows = table[table["level"] == "campaign"]
    if len(rows):
        return rows.iloc[0]
    empty = pd.Series(0.0, index=["posts", *TOTALS])
    for ratio_name in ("cpm", "cpe", "cpc", "cpa", "roi", "roas", "ctr", "engagement_rate"):
        empty[ratio_name] = np.nan
    return empty
