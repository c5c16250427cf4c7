"""Tables for the report: the goal sheet for people, the goals that cannot be used, one goal's
letters, the KPI catalogue, what the budget buys and the rates behind it, with headings and
words in the campaign's language."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from helpers.core import metrics, reference
from helpers.core.campaign import Campaign
from helpers.core.kpis import catalogue_table, kpi_label
from helpers.stages.goals.budget import VOLUMES, _usd_rate, planning_rates
from helpers.stages.goals.figures import _day, _fmt, _g, _money, format_target
from helpers.stages.goals.vocabulary import (
    ENGLISH,
    LETTER_INITIALS,
    LETTERS,
    PLATFORM_NAMES,
    STATUS_MARK,
    basis_names,
    letter_names,
    override_source,
    rate_definitions,
    rate_names,
    severity_names,
    sheet_captions,
    stage_names,
    status_words,
    unit_names,
    verdicts,
    word,
)
from helpers.text.i18n import Translator, translator


def sheet_table(sheet: pd.DataFrame, currency: str, _: Translator) -> pd.DataFrame:
    """The usable goals for people: targets formatted in their unit, SMART marks at a glance,
    headings and words in the Translator's language."""
    usable = sheet[sheet["verdict"] != "invalid"]
    rows = list(usable.itertuples())
    return pd.DataFrame(
        {
            _("KPI"): [
                _("{goal} (suggested)", goal=kpi_label(kpi, _)) if suggested else kpi_label(kpi, _)
                for kpi, suggested in zip(usable["kpi"], usable["suggested"], strict=True)
            ],
            _("target"): [
                ("≤ " if not row.higher_is_better else "") + _fmt(row.target, row.unit, currency, _)
                for row in rows
            ],
            _("baseline"): [
                _fmt(row.baseline, row.unit, currency, _) if pd.notna(row.baseline) else "–"
                for row in rows
            ],
            _("budget buys"): [
                format_target(row.expected, row.unit, currency, _, approximate=True) for row in rows
            ],
            _("roster can deliver"): [
                format_target(row.supply, row.unit, currency, _, approximate=True) for row in rows
            ],
            _("deadline"): [_day(day, _) for day in usable["deadline"]],
            _("market"): usable["market"].fillna(_("all markets")),
            _("funnel stage"): [word(stage_names(_), s) for s in usable["funnel_stage"]],
            "SMART": [letter_marks(row) for row in usable.to_dict("records")],
            _("verdict"): [word(verdicts(_), v) for v in usable["verdict"]],
        }
    )


def sheet_caption(campaign: Campaign, _: Translator | None = None) -> str:
    """``Goals of aurora-baltics-2027 (awareness, EUR)``, written with the Translator ``_``
    (default: the campaign's language)."""
    _ = _ or translator(campaign.language)
    return sheet_captions(_, campaign.id, campaign.currency)[campaign.objective]


def verdict_words(verdict: str, _: Translator) -> str:
    """A goal's verdict (``pass``, ``warn``, ``fail``, ``invalid``) in words."""
    return word(verdicts(_), verdict)


def rejected_table(sheet: pd.DataFrame, _: Translator) -> pd.DataFrame:
    """Goals that cannot be used, with what is wrong and how to fix it (headings in the
    Translator's language; the sentences are the sheet's)."""
    invalid = sheet[sheet["verdict"] == "invalid"]
    return pd.DataFrame(
        {
            _("in the campaign file"): [f"goals[{int(i)}]" for i in invalid["index"]],
            "kpi": invalid["kpi"],
            _("target"): invalid["target"].map(lambda v: _g(v, _)),
            _("what is wrong"): invalid["errors"],
        }
    )


def letter_marks(row: pd.Series | dict) -> str:
    """``S✓ M✓ A! R✓ T✓``: the five letters at a glance (the acronym in every language)."""
    return " ".join(f"{LETTER_INITIALS[letter]}{STATUS_MARK[row[letter]]}" for letter in LETTERS)


def iter_letters(row: pd.Series | dict, _: Translator) -> Iterator[tuple[str, str, str]]:
    """Each letter's name (in the Translator's language), status and sentence, in SMART
    order."""
    names = letter_names(_)
    for letter in LETTERS:
        yield names[letter], row[letter], row[f"{letter}_note"]


def letters_table(row: pd.Series | dict, _: Translator) -> pd.DataFrame:
    """One goal's five letters: name, mark and the sentence to act on."""
    statuses = status_words(_)
    return pd.DataFrame(
        [
            (name, f"{STATUS_MARK[status]} {word(statuses, status)}", note)
            for name, status, note in iter_letters(row, _)
        ],
        columns=[_("letter"), _("status"), _("what it means")],
    )


def goal_title(row: pd.Series | dict, currency: str, _: Translator) -> str:
    """``Reach ≥ 1,500,000`` or ``CPA ≤ USD 20.00 (suggested)``."""
    sign = "≥" if row["higher_is_better"] else "≤"
    scope = " " + _("in {market}", market=row["market"]) if isinstance(row["market"], str) else ""
    suggested = " " + _("(suggested)") if row["suggested"] else ""
    target = _fmt(row["target"], row["unit"], currency, _)
    return f"{kpi_label(row['kpi'], _)} {sign} {target}{scope}{suggested}"


def conflicts_table(conflicts: pd.DataFrame, _: Translator) -> pd.DataFrame:
    """The goals that disagree, their kind (``conflict``, ``note``) in words."""
    names = severity_names(_)
    return conflicts.assign(severity=conflicts["severity"].map(lambda s: word(names, s)))


def kpi_catalogue(_: Translator) -> pd.DataFrame:
    """The KPI catalogue as the page shows it: ``kpi``, ``label``, ``funnel_stage``,
    ``formula``, ``unit`` (stage and unit in words), ``data_source`` (or "not in the results
    file") and ``better`` (higher, or lower for a cap)."""
    catalogue = catalogue_table(_)
    stages, units = stage_names(_), unit_names(_)
    shown = catalogue[["kpi", "label", "funnel_stage", "formula", "unit", "data_source"]]
    return shown.assign(
        funnel_stage=catalogue["funnel_stage"].map(lambda stage: word(stages, stage)),
        unit=catalogue["unit"].map(lambda unit: word(units, unit)),
        better=catalogue["higher_is_better"].map({True: _("higher"), False: _("lower (a cap)")}),
        data_source=catalogue["data_source"].replace("", _("not in the results file")),
    )


def engagement_context(
    campaign: Campaign, roster: pd.DataFrame, _: Translator | None = None
) -> pd.DataFrame:
    """Per-follower engagement for the campaign's platforms and tiers: the published benchmark
    next to the roster's median and 90th percentile (context for engagement-rate targets).

    Returns
    -------
    DataFrame
        ``platform``, ``tier``, ``benchmark`` (per follower), ``benchmark_source`` (its notes
        written with ``_``, default the campaign's language), ``creators`` on the roster,
        ``roster_median``, ``roster_p90``.
    """
    _ = _ or translator(campaign.language)
    rows = [
        _engagement_row(platform, tier, roster, _)
        for platform in campaign.vetting.platforms
        for tier in campaign.vetting.tiers
    ]
    columns = ["platform", "tier", "benchmark", "benchmark_source", "creators", "roster_median",
               "roster_p90"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _engagement_row(platform: str, tier: str, roster: pd.DataFrame, _: Translator) -> dict:
    """One platform and tier: the published benchmark and the roster's spread."""
    benchmark = reference.comparable_benchmark(platform, tier)  # like with like, as in stage 00
    if benchmark is None:
        rate, source = float("nan"), _("no comparable published benchmark")
    else:
        rate = float(benchmark["engagement_rate"])
        source = f"{benchmark['source']} ({int(benchmark['year'])})"
    group = roster
    if len(roster):
        group = roster[(roster["platform"] == platform) & (roster["tier"] == tier)]
    rates = group["engagement_rate"] if len(group) else pd.Series(dtype=float)
    return {
        "platform": PLATFORM_NAMES.get(platform, platform),
        "tier": tier,
        "benchmark": rate,
        "benchmark_source": source,
        "creators": len(rates),
        "roster_median": rates.median() if len(rates) else float("nan"),
        "roster_p90": rates.quantile(0.9) if len(rates) else float("nan"),
    }


def plan_table(plan: pd.DataFrame, _: Translator) -> pd.DataFrame:
    """:func:`budget_plan` with platform names and a total row (CPM and CPE blended)."""
    table = plan.drop(columns="budget_usd").copy()
    total = {column: table[column].sum() for column in ("budget", *VOLUMES)}
    total["cpm"] = metrics.cpm(total["budget"], total["impressions"])
    total["cpe"] = metrics.cpe(total["budget"], total["engagements"])
    table = pd.concat([table, pd.DataFrame([{"platform": _("total"), **total}])], ignore_index=True)
    table["platform"] = table["platform"].map(lambda p: PLATFORM_NAMES.get(p, p))
    return table


def rates_table(campaign: Campaign, _: Translator | None = None) -> pd.DataFrame:
    """The planning rates in use, CPM and CPE shown in the campaign currency too; headings and
    words written with ``_`` (default: the campaign's language; the reference table's
    definitions and the playbook's assumption notes among the sources too, where the
    catalogues have them; a publication's title as published)."""
    _ = _ or translator(campaign.language)
    rates = planning_rates(campaign)
    names, bases = rate_names(_), basis_names(_)
    english_definitions = rate_definitions(ENGLISH)
    source = override_source(ENGLISH)
    return pd.DataFrame(
        {
            _("rate"): rates["rate"].map(lambda r: names.get(r, r.replace("_", " "))),
            _("platform"): rates["platform"].map(
                lambda p: _("all platforms") if p == "all" else PLATFORM_NAMES.get(p, p)
            ),
            _("value"): _rate_values(rates, campaign, _),
            _("definition"): rates["definition"].map(
                lambda d: _(d) if d in english_definitions else _.term(d)
            ),
            _("basis"): rates["basis"].map(lambda b: word(bases, b)),
            _("source"): [
                f"{_.term(s)} ({int(y)})" if pd.notna(y) else s.replace(source, _(source), 1)
                for s, y in zip(rates["source"], rates["year"], strict=True)
            ],
        }
    )


def _rate_values(rates: pd.DataFrame, campaign: Campaign, _: Translator) -> list[str]:
    """Each rate's value as people read it: money in the campaign currency (and USD), shares as
    percentages, frequencies and multipliers as written."""
    to_campaign = 1 / _usd_rate(campaign)[0]
    money = rates["rate"].isin(["cpm", "cpe"])
    shown = rates["value"].where(~money, rates["value"] * to_campaign)
    return [
        (
            _money(v, campaign.currency, _)
            + (f" ({_money(u, 'USD', _)})" if campaign.currency != "USD" else "")
        )
        if is_money
        else (_.percent(v, 1) if rate != "frequency" and v < 1 else _g(v, _))
        for v, u, is_money, rate in zip(shown, rates["value"], money, rates["rate"], strict=True)
    ]
