"""The portfolio page ``reports/index.html``: every campaign's status, spend, ROI and best creators.

It is rebuilt from what is in the reports folder after every ``playbook run`` and
``playbook batch`` (and by ``playbook portfolio``): each report's ``run.json`` and, when the
stages wrote them, its ``roi.csv`` (measured cost, revenue and ROI; stage 06) and ``offers.csv``
(the planned spend; stage 03). A campaign without them shows "not yet measured". Amounts are
shown in each campaign's currency; the charts put them side by side in euros at the European
Central Bank reference rates on file (``data/reference/fx_rates.csv``).
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from helpers import __version__
from helpers.core.artifacts import read_table, write_text_atomically
from helpers.core.config import REPORTS_DIR
from helpers.core.errors import display_path

TEMPLATES_DIR = Path(__file__).parents[1] / "report" / "templates"
TOP_CREATORS = 10
TRUE_WORDS = {"true", "1", "yes", "1.0"}


@dataclass
class CampaignSummary:
    """One campaign's line on the portfolio page."""

    id: str
    name: str
    brand: str = ""
    objective: str = ""
    markets: list[str] = field(default_factory=list)
    currency: str = ""
    budget: float | None = None
    status: str = "passed"
    report: str | None = None
    failed_report: str | None = None
    failed_stage: str | None = None
    error: str | None = None
    finished: str = ""
    stages_done: int = 0
    stages_total: int = 0
    spend: float | None = None
    spend_kind: str | None = None  # "measured" (roi.csv) or "planned" (offers.csv)
    revenue: float | None = None
    roi: float | None = None
    roas: float | None = None
    eur_rate: float | None = None
    sample_data: bool = False  # built on the fictional sample data (run.json says so)
    state: str | None = None  # planning, live or finished (run.json says so)
    state_note: str = ""  # the facts behind it: "14 posts to 2027-02-18, 25 days left"

    @property
    def measured(self) -> bool:
        """Whether results were measured (stage 06 wrote roi.csv)."""
        return self.roi is not None or self.spend_kind == "measured"


def _read_run(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("campaign") else None


def _read_csv(path: Path) -> pd.DataFrame | None:
    if not path.is_file():
        return None
    try:
        return read_table(path, dtype=str, na_values=None)
    except (OSError, ValueError, pd.errors.ParserError):
        return None


def _number(value: object) -> float | None:
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(number) else float(number)


def _numbers(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce")


def measured_results(roi: pd.DataFrame) -> tuple[dict[str, float | None], pd.DataFrame]:
    """The campaign's totals and its creators' rows from a ``roi.csv`` artifact.

    ``roi.csv`` holds a ``campaign`` row and one row per creator (``level = influencer``),
    platform and market (``helpers.stages.roi.roi_table``).

    Returns
    -------
    (dict, DataFrame)
        ``cost``, ``revenue``, ``roi``, ``roas`` of the campaign; the creator rows.
    """
    level = roi["level"].str.lower() if "level" in roi else pd.Series("influencer", roi.index)
    creators = roi[level.isin(["influencer", "creator"])]
    total = roi[level == "campaign"]
    if len(total):
        row = total.iloc[0]
        totals = {k: _number(row.get(k)) for k in ("cost", "revenue", "roi", "roas")}
    else:  # no total row: add up the creators
        cost = _numbers(creators.get("cost", pd.Series(dtype=str))).sum()
        revenue = _numbers(creators.get("revenue", pd.Series(dtype=str))).sum()
        totals = {
            "cost": cost,
            "revenue": revenue,
            "roi": (revenue - cost) / cost if cost else None,
            "roas": revenue / cost if cost else None,
        }
    return totals, creators


def planned_spend(offers: pd.DataFrame) -> float | None:
    """The planned spend in an ``offers.csv`` artifact: the selected offers' planned cost."""
    selected = offers
    if "selected" in offers:
        selected = offers[offers["selected"].str.strip().str.lower().isin(TRUE_WORDS)]
    for column in ("planned_cost", "target_fee", "fair_fee"):
        if column in offers:
            return float(_numbers(selected[column]).sum())
    return None


def _eur_rate(currency: str) -> float | None:
    from helpers.core import reference

    try:
        return reference.fx_rate(currency, "EUR")[0] if currency else None
    except (KeyError, ValueError, OSError):
        return None


def collect(out_dir: str | Path = REPORTS_DIR) -> tuple[list[CampaignSummary], pd.DataFrame]:
    """Every campaign report in ``out_dir`` and the creators with the best measured ROI.

    Returns
    -------
    (list of CampaignSummary, DataFrame)
        The campaigns by name; the best creators (``campaign``, ``creator``, ``platform``,
        ``market``, ``currency``, ``cost``, ``revenue``, ``roi``, ``measure``), where
        ``measure`` is ``roi`` when results were measured, else ``score`` (the vetting score
        from ``shortlist.csv``, for campaigns not yet measured).
    """
    out_dir = Path(out_dir)
    campaigns, creator_rows, scored_rows = [], [], []
    for campaign_id in _report_ids(out_dir):
        good, failed = out_dir / campaign_id, out_dir / f"{campaign_id}.failed"
        good_run, failed_run = _read_run(good), _read_run(failed)
        if good_run is None and failed_run is None:
            continue
        summary = _summary(campaign_id, good_run, failed_run)
        folder = good if good_run else failed
        roi = _read_csv(folder / "roi.csv")
        if roi is not None and len(roi):
            creator_rows.append(_measured(summary, roi))
        else:
            _planned(summary, _read_csv(folder / "offers.csv"))
        shortlist = _read_csv(folder / "shortlist.csv")
        if roi is None and shortlist is not None and "composite_score" in shortlist:
            scored_rows.append(_scored_table(shortlist, summary))
        campaigns.append(summary)
    return campaigns_sorted(campaigns), _best(creator_rows, scored_rows)


def _report_ids(out_dir: Path) -> list[str]:
    """The campaigns with a report (or a failed one) in ``out_dir``; not the lab's runs."""
    ids = set()
    for run_file in out_dir.glob("*/run.json"):
        name = run_file.parent.name
        if not name.startswith(".") and name != "lab":
            ids.add(name.removesuffix(".failed"))
    return sorted(ids)


def _summary(campaign_id: str, good_run: dict | None, failed_run: dict | None) -> CampaignSummary:
    """A campaign's line on the portfolio from its ``run.json`` (the failed one if newer)."""
    run = good_run or failed_run
    latest = failed_run or good_run
    stages = latest.get("stages", [])
    summary = CampaignSummary(
        id=campaign_id,
        name=str(run.get("name") or campaign_id),
        brand=str(run.get("brand") or ""),
        objective=str(run.get("objective") or ""),
        markets=list(run.get("markets") or []),
        currency=str(run.get("currency") or ""),
        budget=_number(run.get("budget")),
        status="failed" if failed_run else "passed",
        report=f"{campaign_id}/index.html" if good_run else None,
        failed_report=f"{campaign_id}.failed/index.html" if failed_run else None,
        finished=str(latest.get("finished") or "")[:16].replace("T", " "),
        stages_done=sum(s.get("status") == "done" for s in stages),
        stages_total=len(stages),
        sample_data=run.get("sample_data") is True,
    )
    summary.state, summary.state_note = state_of(latest)
    bad = next((s for s in stages if s.get("status") == "failed"), None)
    if failed_run and bad:
        summary.failed_stage, summary.error = bad.get("stage"), bad.get("error")
    summary.eur_rate = _eur_rate(summary.currency)
    return summary


def state_of(run: dict) -> tuple[str | None, str]:
    """A campaign's state and the facts behind it in a few words, from its ``run.json``
    (:func:`helpers.core.state.campaign_state` wrote them); (None, "") for a report written
    before campaigns had states."""
    state = run.get("state")
    facts = run.get("state_facts") if isinstance(run.get("state_facts"), dict) else {}
    if state not in ("planning", "live", "finished"):
        return None, ""
    if state == "live":
        note = (
            f"{facts.get('posts', '?')} posts to {facts.get('last_post', '?')}, "
            f"{facts.get('days_left', '?')} days left"
        )
    elif state == "finished":
        note = "final results" if facts.get("reason") == "final results" else "window over"
    else:
        note = f"first posts go live {facts.get('first_go_live', '?')}"
    return state, note


def _measured(summary: CampaignSummary, roi: pd.DataFrame) -> pd.DataFrame:
    """Spend, revenue, ROI and ROAS measured (``roi.csv``); the creators' rows for the best."""
    totals, creators = measured_results(roi)
    summary.spend, summary.spend_kind = totals["cost"], "measured"
    summary.revenue, summary.roi, summary.roas = totals["revenue"], totals["roi"], totals["roas"]
    return _creator_table(creators, summary)


def _planned(summary: CampaignSummary, offers: pd.DataFrame | None) -> None:
    """The planned spend (``offers.csv``) of a campaign not yet measured."""
    if offers is not None and len(offers):
        summary.spend = planned_spend(offers)
        summary.spend_kind = "planned" if summary.spend is not None else None


def campaigns_sorted(campaigns: list[CampaignSummary]) -> list[CampaignSummary]:
    """Failed campaigns first (they need attention), then by name."""
    return sorted(campaigns, key=lambda c: (c.status != "failed", c.name.lower()))


def _creator_table(creators: pd.DataFrame, summary: CampaignSummary) -> pd.DataFrame:
    name = creators.get("handle", creators.get("key", pd.Series("", creators.index)))
    return pd.DataFrame(
        {
            "campaign": summary.name,
            "report": summary.report or summary.failed_report,
            "sample_data": summary.sample_data,
            "creator": name.astype(str),  # read_table took the spreadsheet guard off
            "platform": creators.get("platform", ""),
            "market": creators.get("market", ""),
            "currency": summary.currency,
            "cost": _numbers(creators.get("cost", pd.Series(dtype=str))),
            "revenue": _numbers(creators.get("revenue", pd.Series(dtype=str))),
            "roi": _numbers(creators.get("roi", pd.Series(dtype=str))),
            "measure": "roi",
        }
    )


def _scored_table(shortlist: pd.DataFrame, summary: CampaignSummary) -> pd.DataFrame:
    if "status" in shortlist:
        shortlist = shortlist[shortlist["status"] == "shortlisted"]
    return pd.DataFrame(
        {
            "campaign": summary.name,
            "report": summary.report or summary.failed_report,
            "sample_data": summary.sample_data,
            "creator": shortlist.get("handle", shortlist.get("influencer_id", "")).astype(str),
            "platform": shortlist.get("platform", ""),
            "market": shortlist.get("market", ""),
            "currency": summary.currency,
            "score": _numbers(shortlist["composite_score"]),
            "measure": "score",
        }
    )


def _best(creator_rows: list[pd.DataFrame], scored_rows: list[pd.DataFrame]) -> pd.DataFrame:
    """The best creators: by measured ROI where any campaign measured it, else by score."""
    if creator_rows:
        table = pd.concat(creator_rows, ignore_index=True)
        table = table[(table["cost"] > 0) & table["roi"].notna()]
        return table.sort_values("roi", ascending=False, kind="stable").head(TOP_CREATORS)
    if scored_rows:
        table = pd.concat(scored_rows, ignore_index=True).dropna(subset=["score"])
        return table.sort_values("score", ascending=False, kind="stable").head(TOP_CREATORS)
    return pd.DataFrame()


def _short(name: str, length: int = 38) -> str:
    return name if len(name) <= length else name[: length - 1] + "…"


def _png(figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _charting():
    """matplotlib for the portfolio's charts, drawn without a screen."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def warm_up() -> None:
    """Import what the page needs (matplotlib above all): ``playbook run`` does it in a thread
    while the campaign runs, so that the page written after it does not wait for them."""
    with contextlib.suppress(Exception):  # the page itself will say what is wrong
        _charting()
        import jinja2  # noqa: F401


def portfolio_charts(campaigns: list[CampaignSummary]) -> dict[str, str]:
    """Inline PNG charts (``data:`` URIs): budget against spend, and ROI, per campaign in EUR."""
    converted = [c for c in campaigns if c.eur_rate and c.budget is not None]
    if not converted:
        return {}
    plt = _charting()
    from matplotlib.ticker import FuncFormatter, PercentFormatter

    charts = {}
    names = [_short(c.name) for c in converted]
    height = 1.2 + 0.45 * len(converted)
    figure, ax = plt.subplots(figsize=(8, height + 0.4), layout="constrained")
    rows = range(len(converted))
    ax.barh(rows, [c.budget * c.eur_rate for c in converted], color="#c9dbe8", label="budget")
    spend = [(c.spend or 0) * c.eur_rate for c in converted]
    kinds = [c.spend_kind for c in converted]
    ax.barh(
        rows,
        spend,
        height=0.45,
        color=["#2a6f97" if k == "measured" else "#8fb8d3" for k in kinds],
        hatch=None,
        label="spend (measured; lighter = planned)",
    )
    ax.set_yticks(list(rows), names)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:,.0f}"))
    ax.set_xlabel("EUR (ECB reference rates)")
    ax.set_title("Budget and spend by campaign (EUR)", fontweight="bold")
    figure.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    charts["spend"] = _png(figure)
    plt.close(figure)

    measured = [c for c in campaigns if c.roi is not None]
    if measured:
        figure, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * len(measured)), layout="constrained")
        values = [c.roi for c in measured]
        colors = ["#2e7d4f" if v >= 0 else "#b03a2e" for v in values]
        ax.barh(range(len(measured)), values, color=colors)
        ax.set_yticks(list(range(len(measured))), [_short(c.name) for c in measured])
        ax.invert_yaxis()
        ax.axvline(0, color="#333", linewidth=0.8)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel("ROI: (revenue − cost) / cost")
        ax.set_title("Return on investment by campaign (%)", fontweight="bold")
        ax.grid(axis="x", alpha=0.3)
        charts["roi"] = _png(figure)
        plt.close(figure)
    return charts


def write_portfolio(out_dir: str | Path = REPORTS_DIR) -> Path | None:
    """Write ``out_dir/index.html`` from the reports in it; None when there is no report.

    The page is self-contained (charts inline, no scripts) and every text from data files or
    campaign files is escaped.
    """
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    from helpers.run.safety import CSP_META

    out_dir = Path(out_dir)
    path = out_dir / "index.html"
    if not is_portfolio_page(path):
        raise FileExistsError(
            f"{display_path(path)} is not a portfolio page this project wrote; it is left as it "
            "is (move it to let the portfolio be written there)"
        )
    campaigns, best = collect(out_dir)
    if not campaigns:
        return None
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True)
    )
    env.globals["csp_meta"] = Markup(CSP_META)
    rate_note = _rate_note()
    page = env.get_template("portfolio.html.j2").render(
        campaigns=campaigns,
        best=best.to_dict("records"),
        best_measure=str(best["measure"].iloc[0]) if len(best) else None,
        charts=portfolio_charts(campaigns),
        passed=sum(c.status == "passed" for c in campaigns),
        measured=sum(c.measured for c in campaigns),
        on_sample=sum(c.sample_data for c in campaigns),
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        version=__version__,
        rate_note=rate_note,
    )
    write_text_atomically(path, page)
    return path


PORTFOLIO_MARK = '<meta name="generator" content="influencer-playbook portfolio">'


def is_portfolio_page(path: Path) -> bool:
    """Whether ``path`` may be (over)written with the portfolio: it is absent, or a portfolio
    page this project wrote (pages from before the mark are known by their title and footer)."""
    if not path.exists() and not path.is_symlink():
        return True
    if path.is_symlink() or not path.is_file():
        return False
    with path.open(encoding="utf-8", errors="replace") as handle:
        head = handle.read(200_000)
    older = "<title>Campaign portfolio</title>" in head and "influencer-playbook" in head
    return PORTFOLIO_MARK in head or older


def _rate_note() -> str:
    from helpers.core import reference

    try:
        _, day = reference.fx_rate("USD", "EUR")
    except (KeyError, ValueError, OSError):
        return ""
    return f"Exchange rates: European Central Bank reference rates of {day}."
