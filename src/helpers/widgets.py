"""ipywidgets front-ends over the stage functions, for the analyst in JupyterLab.

Each returns a widget; in a batch run (``interactive = False``) notebooks show the same
tables statically instead.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from helpers import landscape, reference, report
from helpers.campaign import Campaign


def market_explorer(profiled: pd.DataFrame, campaign: Campaign) -> widgets.Widget:
    """Pick a market and a platform; see its tier mix, engagement and cultural brief."""
    market = widgets.Dropdown(options=campaign.markets, description="Market")
    platform = widgets.Dropdown(
        options=["all", *campaign.vetting.platforms], description="Platform"
    )
    output = widgets.Output()

    def refresh(*_: object) -> None:
        chosen = profiled[profiled["market"] == market.value]
        if platform.value != "all":
            chosen = chosen[chosen["platform"] == platform.value]
        with output:
            output.clear_output(wait=True)
            display(
                report.table(
                    landscape.engagement_by_tier(chosen),
                    formats={
                        c: "{:.2%}"
                        for c in (
                            "median_engagement_rate",
                            "p25",
                            "p75",
                            "benchmark_engagement_rate",
                        )
                    }
                    | {"vs_benchmark": "{:.1f}x"},
                )
            )
            notes = reference.cultural_notes([market.value])
            display(report.table(notes.drop(columns="sources")))

    market.observe(refresh, names="value")
    platform.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([market, platform]), output])


def goal_builder(campaign: Campaign, roster: pd.DataFrame | None = None) -> widgets.Widget:
    """Draft a goal (KPI, target, deadline, market) and see its SMART verdict update live,
    checked next to the campaign's own goals; the line to paste into the campaign file is shown
    underneath (stage 01). Labels and sentences are in the campaign's language."""
    from datetime import date

    from IPython.display import HTML

    from helpers import goals
    from helpers.campaign import Goal
    from helpers.i18n import translator

    language = campaign.language
    _ = translator(language)
    roster = goals.eligible_roster(campaign, roster)
    options = [
        (
            f"{goals.kpi_label(name, language)} "
            f"({goals.words(goals.STAGE_NAMES, k.funnel_stage, language)})",
            name,
        )
        for name, k in goals.KPI_CATALOGUE.items()
    ]
    kpi = widgets.Dropdown(options=options, value="reach", description=_("KPI"))
    target = widgets.FloatText(value=1.0, description=_("Target"), step=None)
    deadline = widgets.DatePicker(value=campaign.end, description=_("Deadline"))
    market = widgets.Dropdown(
        options=[(_("all markets"), "")] + [(m, m) for m in campaign.markets],
        description=_("Market"),
    )
    output = widgets.Output()
    try:
        buys = goals.what_the_budget_buys(campaign)
    except goals.PlanningError:
        buys = {}

    def suggest(*_event: object) -> None:
        value = buys.get(kpi.value, float("nan"))
        higher = goals.KPI_CATALOGUE[kpi.value].higher_is_better
        target.value = goals.round_target(value, up=not higher) if value == value else 1.0

    def refresh(*_event: object) -> None:
        draft = Goal(
            kpi=kpi.value,
            target=target.value,
            deadline=deadline.value if isinstance(deadline.value, date) else None,
            market=market.value or None,
        )
        # a draft for a KPI the campaign already sets replaces that goal
        others = [g for g in campaign.goals if (g.kpi, g.market) != (draft.kpi, draft.market)]
        sheet = goals.assess_goals(campaign, [*others, draft], roster=roster, language=language)
        row = sheet.iloc[-1]
        with output:
            output.clear_output(wait=True)
            definition = goals.kpi_text(draft.kpi, language).definition
            finding = _(
                "**{title}: {verdict}.** {definition}.",
                title=goals.goal_title(row, campaign.currency, language),
                verdict=goals.verdict_words(row["verdict"], language),
                definition=definition[:1].upper() + definition[1:],
            )
            display(report.finding(finding, _("Finding")))
            display(report.table(goals.letters_table(row, language)))
            # the line is YAML: numbers and dates as the campaign file writes them
            fields = f"kpi: {draft.kpi}, target: {draft.target:g}"
            if draft.deadline and draft.deadline != campaign.end:
                fields += f", deadline: {draft.deadline}"
            if draft.market:
                fields += f", market: {draft.market}"
            line = f"<code>- {{{fields}}}</code>"
            display(HTML("<p>" + _("Add to the campaign file under {goals} {line}",
                                   goals="<code>goals:</code>", line=line) + "</p>"))  # fmt: skip

    kpi.observe(suggest, names="value")
    for control in (kpi, target, deadline, market):
        control.observe(refresh, names="value")
    suggest()
    refresh()
    return widgets.VBox([widgets.HBox([kpi, target]), widgets.HBox([deadline, market]), output])


def calendar_explorer(deliverables: pd.DataFrame, campaign: Campaign) -> widgets.Widget:
    """Drag the phase boundaries, change the spacing rule, the daily cap or the holiday rule,
    and see the content calendar rebuild (stage 04), in the campaign's language."""
    import matplotlib.pyplot as plt
    from pydantic import ValidationError

    from helpers import content_calendar, plots
    from helpers.campaign import Calendar
    from helpers.i18n import translator

    language = campaign.language
    _ = translator(language)
    settings = campaign.calendar
    phases = content_calendar.campaign_phases(campaign)
    days = [d.date() for d in pd.date_range(campaign.start, campaign.end)]
    options = [(content_calendar.day_text(day, language), day) for day in days]
    ranges = [
        widgets.SelectionRangeSlider(
            options=options,
            index=(days.index(phase.start), days.index(phase.end)),
            description=phase.name,
            continuous_update=False,
            layout=widgets.Layout(width="70%"),
            style={"description_width": "90px"},
        )
        for phase in phases
    ]
    bursts = [widgets.Checkbox(value=phase.burst, description=_("burst")) for phase in phases]
    spacing = widgets.IntSlider(
        value=round(settings.spacing_hours),
        min=0,
        max=72,
        description=_("Spacing (h)"),
        continuous_update=False,
    )
    per_day = widgets.IntSlider(
        value=settings.max_posts_per_day,
        min=1,
        max=10,
        description=_("Max a day"),
        continuous_update=False,
    )
    holiday_rule = widgets.ToggleButtons(
        options=["avoid", "target", "ignore"],  # as the campaign file writes them
        value=settings.holidays,
        description=_("Holidays"),
    )
    output = widgets.Output()

    def refresh(*_args: object) -> None:
        changed = [
            phase.model_copy(
                update={"start": chosen.value[0], "end": chosen.value[1], "burst": burst.value}
            )
            for phase, chosen, burst in zip(phases, ranges, bursts, strict=True)
        ]
        with output:
            output.clear_output(wait=True)
            try:
                trial = Calendar.model_validate(
                    settings.model_dump()
                    | {
                        "phases": [p.model_dump() for p in changed],
                        "spacing_hours": spacing.value,
                        "max_posts_per_day": per_day.value,
                        "holidays": holiday_rule.value,
                    }
                )
            except ValidationError as error:
                reasons = "; ".join(e["msg"].removeprefix("Value error, ") for e in error.errors())
                display(
                    report.finding(
                        _(
                            "These settings do not work: {reasons}.",
                            reasons=report.text(reasons),  # quotes the values typed in
                        ),
                        _("Finding"),
                    )
                )
                return
            plan = content_calendar.build_calendar(deliverables, campaign, trial)
            display(report.finding(content_calendar.calendar_summary(plan, campaign), _("Finding")))
            for line in plan.problems:
                problem = report.text(line)  # names creators: handles from the data
                display(report.finding(_("Cannot fit. {problem}", problem=problem), _("Finding")))
            if len(plan.scheduled):
                plots.plot_calendar_gantt(plan.posts, plan.phases, language)
                plt.show()
            plots.plot_month_view(
                plan.posts, plan.holidays, campaign.start, campaign.end, campaign.markets, language
            )
            plt.show()
            plt.close("all")

    for control in [*ranges, *bursts, spacing, per_day, holiday_rule]:
        control.observe(refresh, names="value")
    refresh()
    rows = [widgets.HBox([chosen, burst]) for chosen, burst in zip(ranges, bursts, strict=True)]
    return widgets.VBox([*rows, widgets.HBox([spacing, per_day]), holiday_rule, output])


def shortlist_explorer(creators: pd.DataFrame, campaign: Campaign) -> widgets.Widget:
    """Move the vetting thresholds and weights and watch the shortlist change (stage 02), in
    the campaign's language.

    ``creators`` comes from :func:`helpers.vetting.gather_creators`; only the fast scoring
    step (:func:`helpers.vetting.score_roster`) runs again on each change.
    """
    from helpers import vetting
    from helpers.i18n import translator

    language = campaign.language
    _ = translator(language)
    settings = campaign.vetting
    style = {"description_width": "190px"}
    layout = widgets.Layout(width="420px")

    def slider(value: float, low: float, high: float, step: float, label: str, fmt: str):
        return widgets.FloatSlider(
            value=value,
            min=low,
            max=high,
            step=step,
            description=label,
            readout_format=fmt,
            style=style,
            layout=layout,
            continuous_update=False,
        )

    thresholds = {
        "max_fake_share": slider(settings.max_fake_share, 0, 1, 0.01, _("Max fake share"), ".0%"),
        "min_audience_in_markets": slider(
            settings.min_audience_in_markets, 0, 1, 0.05, _("Min audience in markets"), ".0%"
        ),
        "min_audience_quality": slider(
            settings.min_audience_quality, 0, 100, 1, _("Min audience quality"), ".0f"
        ),
        "min_composite_score": slider(
            settings.min_composite_score, 0, 100, 1, _("Min composite score"), ".0f"
        ),
        "min_disclosure_share": slider(
            settings.min_disclosure_share, 0, 1, 0.05, _("Min labelled share"), ".0%"
        ),
        "er_suspicious_high": slider(
            settings.er_suspicious_high, 1.5, 10, 0.5, _("ER too high at (x peers)"), ".1f"
        ),
    }
    weights = {
        name: slider(
            value,
            0,
            1,
            0.05,
            _("Weight: {component}", component=vetting.words(vetting.COMPONENT_NAMES, name,
                                                              language)),
            ".2f",
        )
        for name, value in settings.weights
    }  # fmt: skip
    output = widgets.Output()
    no_weight = widgets.HTML("<b>" + _("Set at least one weight above 0.") + "</b>")

    def refresh(*_event: object) -> None:
        with output:
            output.clear_output(wait=True)
            if not any(w.value > 0 for w in weights.values()):
                display(no_weight)
                return
            changed = settings.model_copy(
                update={name: w.value for name, w in thresholds.items()}
                | {
                    "weights": settings.weights.model_copy(
                        update={n: w.value for n, w in weights.items()}
                    )
                }
            )
            scored = vetting.score_roster(
                creators, campaign.model_copy(update={"vetting": changed})
            )
            counts = scored["status"].value_counts().reindex(list(vetting.STATUSES), fill_value=0)
            display(
                report.finding(
                    _(
                        "**{shortlisted} shortlisted**, **{flagged} flagged**, **{excluded} "
                        "excluded** of {total} creators on the roster.",
                        shortlisted=_.number(counts["shortlisted"]),
                        flagged=_.number(counts["flagged"]),
                        excluded=_.number(counts["excluded"]),
                        total=_.number(len(scored)),
                    ),
                    _("Finding"),
                )
            )
            running = vetting.in_rank_order(scored[scored["status"] != "excluded"]).head(25)
            shown = running[
                [
                    "handle",
                    "market",
                    "tier",
                    "composite_score",
                    "audience_fit",
                    "audience_quality",
                    "engagement_rate",
                    "fake_share",
                    "status",
                    "reasons",
                ]
            ].assign(status=vetting.shown_values(running["status"], vetting.STATUS_NAMES, language))
            display(
                report.table(
                    shown,
                    formats={
                        "composite_score": _.as_number(),
                        "audience_fit": _.as_number(2),
                        "audience_quality": _.as_number(),
                        "engagement_rate": _.as_percent(2),
                        "fake_share": _.as_percent(0),
                    },
                    columns={
                        "handle": _("handle"),
                        "market": _("market"),
                        "tier": _("tier"),
                        "composite_score": _("score (0-100)"),
                        "audience_fit": _("fit (0-1)"),
                        "audience_quality": _("quality (0-100)"),
                        "engagement_rate": _("ER per follower"),
                        "fake_share": _("fake share (estimate)"),
                        "status": _("status"),
                        "reasons": _("reasons"),
                    },
                    caption=_("Top 25 still in the running (shortlisted first)"),
                )
            )

    for control in [*thresholds.values(), *weights.values()]:
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox(
        [
            widgets.HBox(
                [
                    widgets.VBox(
                        [widgets.HTML("<b>" + _("Thresholds") + "</b>"), *thresholds.values()]
                    ),
                    widgets.VBox([widgets.HTML("<b>" + _("Weights") + "</b>"), *weights.values()]),
                ]
            ),
            output,
        ]
    )


def ab_explorer(
    results: pd.DataFrame, alpha: float = 0.05, power: float = 0.8, language: str = "en"
) -> widgets.Widget:
    """Compare any two variants, creators, platforms or markets on a rate (stage 06, A/B).

    Parameters
    ----------
    results : DataFrame
        Checked campaign results (:func:`helpers.roi.read_results`), with ``handle``.
    alpha, power : float
        Significance level and power of the test.
    language : str
        The language of the controls, verdicts and explanations.
    """
    import html

    from helpers import abtest
    from helpers.i18n import translator

    _ = translator(language)
    by = widgets.Dropdown(
        options=[
            (_("variant"), "variant"),
            (_("creator (handle)"), "handle"),
            (_("platform"), "platform"),
            (_("market"), "market"),
            (_("format"), "format"),
        ],
        description=_("Compare"),
    )
    first, second = widgets.Dropdown(description="A"), widgets.Dropdown(description="B")
    metric = widgets.Dropdown(
        options=[
            (abtest.in_language(spec[3], language), name)
            for name, spec in abtest.RATE_METRICS.items()
        ],
        description=_("Rate"),
    )
    output = widgets.Output()

    def levels(*_args: object) -> None:
        names = sorted(results[by.value].dropna().astype(str).unique())
        first.options, second.options = names, names
        if len(names) >= 2:
            first.value, second.value = names[0], names[1]

    def refresh(*_args: object) -> None:
        with output:
            output.clear_output(wait=True)
            if first.value is None or second.value is None or first.value == second.value:
                pick = _("Pick two different groups.")
                display(widgets.HTML(f"<i>{html.escape(pick)}</i>"))
                return
            outcome = abtest.compare(
                results, metric.value, by.value, first.value, second.value, alpha, power, language
            )
            verdict = html.escape(str(outcome["verdict_text"]))
            display(widgets.HTML(f"<b>{verdict}</b>: {html.escape(outcome['explanation'])}"))
            if "rate_a" in outcome:
                shown = pd.DataFrame(
                    {
                        "group": [first.value, second.value],
                        "posts": [outcome["posts_a"], outcome["posts_b"]],
                        "rate": [outcome["rate_a"], outcome["rate_b"]],
                    }
                )
                display(
                    report.table(
                        shown,
                        formats={"rate": _.as_percent(3), "posts": _.as_number()},
                        columns={"group": _("group"), "posts": _("posts"), "rate": _("rate")},
                    )
                )

    by.observe(levels, names="value")
    for control in (by, first, second, metric):
        control.observe(refresh, names="value")
    levels()
    refresh()
    return widgets.VBox([widgets.HBox([by, metric]), widgets.HBox([first, second]), output])


def negotiation_what_if(
    campaign: Campaign, shortlist: pd.DataFrame, tables: dict[str, pd.DataFrame]
) -> widgets.Widget:
    """Move usage rights, exclusivity, rush or the compensation model; see the typical fee and
    what the budget buys (stage 03, guide chapter 5.1), in the campaign's language."""
    from helpers import negotiation
    from helpers.i18n import translator

    _ = translator(campaign.language)
    terms = campaign.negotiation
    usage = widgets.IntSlider(terms.usage_months, 0, 12, description=_("Usage months"))
    paid = widgets.Checkbox(terms.paid_usage, description=_("Paid ads too"))
    exclusivity = widgets.IntSlider(
        terms.exclusivity_days, 0, 180, step=15, description=_("Exclusivity days")
    )
    rush = widgets.Checkbox(terms.rush, description=_("Rush (< 1 week)"))
    names = negotiation.model_labels(campaign.language)
    model = widgets.Dropdown(
        options=[(names[m], m) for m in negotiation.MODELS],
        value=negotiation.compensation_model(campaign),
        description=_("Model"),
    )
    output = widgets.Output()

    def money(amount: float) -> str:
        return negotiation.money_text(amount, campaign.currency, campaign.language)

    statuses = negotiation.status_labels(campaign.language)
    kpi = negotiation.kpi_labels(campaign.language)[negotiation.primary_kpi(campaign)]
    baseline = negotiation.what_if(campaign, shortlist, tables, {})

    def refresh(*_args: object) -> None:
        changes = {
            "usage_months": usage.value,
            "paid_usage": paid.value,
            "exclusivity_days": exclusivity.value,
            "rush": rush.value,
            "model": model.value,
        }
        result = negotiation.what_if(campaign, shortlist, tables, changes)
        table = pd.DataFrame([baseline, result], index=[_("campaign file"), _("what if")])
        table["status"] = table["status"].map(statuses).fillna(table["status"])
        with output:
            output.clear_output(wait=True)
            display(
                report.table(
                    table.reset_index(names="plan"),
                    formats={
                        "typical_fee": money,
                        "planned_cost": money,
                        "expected_kpi": _.as_number(),
                        "creators": _.as_number(),
                        "deliverables": _.as_number(),
                    },
                    columns={
                        "plan": _("plan"),
                        "typical_fee": _("typical fee (main deliverable)"),
                        "planned_cost": _("planned cost"),
                        "creators": _("creators"),
                        "deliverables": _("deliverables"),
                        "expected_kpi": _("expected {kpi}", kpi=kpi),
                        "status": _("solver"),
                    },
                )
            )

    for control in (usage, paid, exclusivity, rush, model):
        control.observe(refresh, names="value")
    refresh()
    return widgets.VBox(
        [widgets.HBox([usage, paid]), widgets.HBox([exclusivity, rush]), model, output]
    )
