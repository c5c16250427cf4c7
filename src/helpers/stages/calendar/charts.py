"""The charts of the content calendar page: one public function per chart, tidy data in, Axes
out."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import (
    FuncFormatter,
)

from helpers.report import theme
from helpers.text.i18n import translator

# --- 04 content calendar ------------------------------------------------------------------

PHASE_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860")
MARKET_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")


def plot_calendar_gantt(posts: pd.DataFrame, phases: list, language: str = "en") -> Axes:
    """Each creator's approval chains and go-lives on one timeline, phases shaded.

    Parameters
    ----------
    posts : DataFrame
        :attr:`helpers.stages.calendar.CalendarPlan.posts` (scheduled rows are drawn).
    phases : list of Phase
        The plan's phases (``name``, ``start``, ``end``, ``burst``); their names are shown as
        the campaign file writes them.
    language : str
        The language of the titles, labels and dates.
    """
    import matplotlib.dates as mdates

    from helpers.stages.calendar import step_labels

    _ = translator(language)
    shown = posts[posts["status"] == "scheduled"].copy()
    shown["creator"] = shown["handle"] + " (" + shown["market"] + ")"
    creators = shown.groupby("creator")["go_live_utc"].min().sort_values().index.tolist()
    fig, ax = plt.subplots(figsize=(11, 2.2 + 0.42 * max(len(creators), 1)))
    colours = {p.name: PHASE_COLOURS[i % len(PHASE_COLOURS)] for i, p in enumerate(phases)}
    for number, phase in enumerate(phases):
        start, end = pd.Timestamp(phase.start), pd.Timestamp(phase.end) + pd.Timedelta(days=1)
        ax.axvspan(start, end, color=colours[phase.name], alpha=0.09, lw=0)
        ax.text(
            start + (end - start) / 2,
            -1.05 + 0.45 * (number % 2),
            phase.name + ("*" if phase.burst else ""),
            ha="center",
            fontsize=9,
            color=colours[phase.name],
            fontweight="bold",
        )
    # a creator's posts side by side within the creator's row
    nth = shown.sort_values("go_live_utc").groupby("creator").cumcount()
    many = shown.groupby("creator")["post_id"].transform("size")
    spread = 0.5 / many.clip(lower=2)
    y = shown["creator"].map({name: i for i, name in enumerate(creators)}) + (
        (nth - (many - 1) / 2) * spread
    ).reindex(shown.index)
    noon = pd.Timedelta(hours=12)
    ax.hlines(y, shown["brief_sent"] + noon, shown["go_live_date"] + noon, color="#9e9e9e", lw=1)
    labels = step_labels(language)
    steps = (
        ("brief_sent", "|"),
        ("draft_due", "o"),
        ("feedback_due", "s"),
        ("final_approval", "^"),
    )
    for column, marker in steps:
        ax.scatter(
            shown[column] + noon,
            y,
            marker=marker,
            s=22,
            color="#616161",
            zorder=2,
            label=labels[column].lower(),
        )
    for phase_name, group in shown.groupby("phase", sort=False):
        ax.scatter(
            group["go_live_date"] + noon,
            y[group.index],
            marker="D",
            s=60,
            color=colours.get(phase_name, "black"),
            edgecolor="black",
            zorder=3,
            label=_("go-live, {phase}", phase=phase_name),
        )
    ax.set_yticks(range(len(creators)), creators)
    ax.set_ylim(len(creators) - 0.5, -1.3)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: theme.short_day(mdates.num2date(value), language))
    )
    ax.tick_params(axis="x", labelrotation=45)
    ax.set(
        title=_("Approval chain and go-live per creator (business days worked back from go-live)"),
        xlabel=_("Date (Mondays marked; local calendar of each creator's market; * burst phase)"),
        ylabel=_("Creator (market)"),
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)
    return ax


def _weekday_names(language: str) -> list[str]:
    """Monday to Sunday, short, for the month view's columns."""
    if language == "en":
        return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    from babel.dates import get_day_names

    names = get_day_names("short", locale=translator(language).locale)
    return [names[day] for day in range(7)]


def _month_name(month: pd.Period, language: str) -> str:
    """``February 2027`` / ``Februāris 2027``."""
    if language == "en":
        return month.strftime("%B %Y")
    from babel.dates import format_date

    text = format_date(month.start_time.date(), "LLLL y", locale=translator(language).locale)
    return text[:1].upper() + text[1:]


def plot_month_view(
    posts: pd.DataFrame,
    holidays: pd.DataFrame,
    first_day,
    last_day,
    markets: list[str],
    language: str = "en",
):
    """A wall-calendar month view: go-lives per day and market, public holidays shaded.

    Parameters
    ----------
    posts : DataFrame
        The plan's posts (``status``, ``go_live_date``, ``market``).
    holidays : DataFrame
        ``market``, ``date``, ``holiday`` (from :func:`helpers.stages.calendar.public_holidays`).
    first_day, last_day : date
        The campaign window; days outside it are greyed.
    markets : list of str
        Markets in legend order.
    language : str
        The language of the titles, month and weekday names.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import calendar as month_calendar

    from matplotlib.patches import Patch, Rectangle

    _ = translator(language)
    shown = posts[posts["status"] == "scheduled"]
    counts = shown.groupby([shown["go_live_date"].dt.date, "market"]).size()
    off = holidays.groupby(holidays["date"].dt.date)["market"].agg(lambda m: sorted(set(m)))
    months = pd.period_range(pd.Timestamp(first_day), pd.Timestamp(last_day), freq="M")
    colours = {m: MARKET_COLOURS[i % len(MARKET_COLOURS)] for i, m in enumerate(markets)}
    columns = min(2, len(months))
    rows = -(-len(months) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(6.2 * columns, 5.0 * rows), squeeze=False)
    for ax, month in zip(axes.flat, months, strict=False):
        weeks = month_calendar.Calendar().monthdatescalendar(month.year, month.month)
        for row, week in enumerate(weeks):
            for col, day in enumerate(week):
                inside = day.month == month.month
                in_window = first_day <= day <= last_day
                face = "white" if inside and in_window else "#eeeeee"
                if inside and in_window and day in off.index:
                    face = "#fde2e1"
                ax.add_patch(Rectangle((col, row), 1, 1, facecolor=face, edgecolor="#bdbdbd"))
                if not inside:
                    continue
                ax.text(col + 0.06, row + 0.2, str(day.day), fontsize=8, color="#424242")
                if day in off.index:
                    ax.text(
                        col + 0.94,
                        row + 0.2,
                        _("hol. {markets}", markets=" ".join(off[day])),
                        fontsize=6,
                        ha="right",
                        color="#c62828",
                    )
                shown_here = [(m, counts.get((day, m), 0)) for m in markets]
                shown_here = [(m, n) for m, n in shown_here if n]
                for place, (market, count) in enumerate(shown_here):  # two markets a line
                    ax.text(
                        col + 0.08 + 0.46 * (place % 2),
                        row + 0.45 + 0.22 * (place // 2),
                        f"{market} {count}",
                        fontsize=8,
                        color=colours[market],
                        fontweight="bold",
                    )
        ax.set_xlim(0, 7)
        ax.set_ylim(len(weeks), 0)
        ax.set_xticks([i + 0.5 for i in range(7)], _weekday_names(language))
        ax.xaxis.tick_top()
        ax.set_yticks([])
        ax.grid(False)
        ax.set_title(
            _("{month}: go-lives per market (count)", month=_month_name(month, language)), pad=22
        )
    for ax in list(axes.flat)[len(months) :]:
        ax.set_visible(False)
    legend = [Patch(color=colours[m], label=_("{market} go-lives", market=m)) for m in markets]
    legend += [
        Patch(facecolor="#fde2e1", edgecolor="#bdbdbd", label=_("public holiday (markets named)")),
        Patch(facecolor="#eeeeee", edgecolor="#bdbdbd", label=_("outside the campaign window")),
    ]
    fig.legend(
        handles=legend,
        loc="lower center",
        ncol=min(5, len(legend)),
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, -0.02),
    )
    fig.suptitle(_("Month view: go-lives per day and market (local dates)"), y=1.0)
    fig.tight_layout(rect=(0, 0.04, 1, 0.98))
    return fig
