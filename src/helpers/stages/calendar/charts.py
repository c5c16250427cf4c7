"""The charts of the content calendar page: one public function per chart, tidy data in, a
matplotlib Axes or Figure out, every word in the campaign's language (``_``)."""

from __future__ import annotations

import calendar as month_calendar
from datetime import date

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from babel.dates import format_date, get_day_names
from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter

from helpers.report import theme
from helpers.text import labels
from helpers.text.i18n import Translator

PHASE_COLOURS = ("#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860")
MARKET_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b")
#: the approval steps on the timeline and their markers
STEP_MARKERS = (
    ("brief_sent", "|"),
    ("draft_due", "o"),
    ("feedback_due", "s"),
    ("final_approval", "^"),
)
#: how wide the month view's weekday names are, by language (Babel widths): ``Mon``, ``Pr``
WEEKDAY_WIDTHS = {"en": "abbreviated"}
HOLIDAY_FACE, OUTSIDE_FACE = "#fde2e1", "#eeeeee"
NOON = pd.Timedelta(hours=12)


def plot_calendar_gantt(posts: pd.DataFrame, phases: list, _: Translator) -> Axes:
    """Each creator's approval chains and go-lives on one timeline, phases shaded.

    Parameters
    ----------
    posts : DataFrame
        :attr:`helpers.stages.calendar.CalendarPlan.posts` (scheduled rows are drawn).
    phases : list of Phase
        The plan's phases (``name``, ``start``, ``end``, ``burst``); their names are shown as
        the campaign file writes them.
    _ : Translator
        The campaign's words: titles, labels and dates.
    """
    shown = posts[posts["status"] == "scheduled"].copy()
    shown["creator"] = shown["handle"] + " (" + shown["market"] + ")"
    creators = shown.groupby("creator")["go_live_utc"].min().sort_values().index.tolist()
    fig, ax = plt.subplots(figsize=(11, 2.2 + 0.42 * max(len(creators), 1)))
    colours = {p.name: PHASE_COLOURS[i % len(PHASE_COLOURS)] for i, p in enumerate(phases)}
    _shade_phases(ax, phases, colours)
    y = _creator_rows(shown, creators)
    ax.hlines(y, shown["brief_sent"] + NOON, shown["go_live_date"] + NOON, color="#9e9e9e", lw=1)
    steps = labels.approval_steps(_)
    for column, marker in STEP_MARKERS:
        ax.scatter(
            shown[column] + NOON,
            y,
            marker=marker,
            s=22,
            color="#616161",
            zorder=2,
            label=steps[column].lower(),
        )
    for phase_name, group in shown.groupby("phase", sort=False):
        ax.scatter(
            group["go_live_date"] + NOON,
            y[group.index],
            marker="D",
            s=60,
            color=colours.get(phase_name, "black"),
            edgecolor="black",
            zorder=3,
            label=_("go-live, {phase}", phase=phase_name),
        )
    _label_gantt(ax, creators, _)
    return ax


def _shade_phases(ax: Axes, phases: list, colours: dict[str, str]) -> None:
    """Each phase a shaded band, its name above (``*`` for a burst), names staggered."""
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


def _creator_rows(shown: pd.DataFrame, creators: list[str]) -> pd.Series:
    """Each post's height: its creator's row, a creator's posts side by side within it."""
    nth = shown.sort_values("go_live_utc").groupby("creator").cumcount()
    many = shown.groupby("creator")["post_id"].transform("size")
    spread = 0.5 / many.clip(lower=2)
    return shown["creator"].map({name: i for i, name in enumerate(creators)}) + (
        (nth - (many - 1) / 2) * spread
    ).reindex(shown.index)


def _label_gantt(ax: Axes, creators: list[str], _: Translator) -> None:
    """Creators down the side, Mondays along the bottom, the title and the legend."""
    ax.set_yticks(range(len(creators)), creators)
    ax.set_ylim(len(creators) - 0.5, -1.3)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.MO))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: theme.short_day(mdates.num2date(value), _))
    )
    ax.tick_params(axis="x", labelrotation=45)
    ax.set(
        title=_("Approval chain and go-live per creator (business days worked back from go-live)"),
        xlabel=_("Date (Mondays marked; local calendar of each creator's market; * burst phase)"),
        ylabel=_("Creator (market)"),
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, frameon=False)


def _weekday_names(_: Translator) -> list[str]:
    """Monday to Sunday, short, for the month view's columns."""
    names = get_day_names(WEEKDAY_WIDTHS.get(_.language, "short"), locale=_.locale)
    return [names[day] for day in range(7)]


def _month_name(month: pd.Period, _: Translator) -> str:
    """``February 2027`` / ``Februāris 2027``."""
    text = format_date(month.start_time.date(), "LLLL y", locale=_.locale)
    return text[:1].upper() + text[1:]


def plot_month_view(
    posts: pd.DataFrame,
    holidays: pd.DataFrame,
    first_day: date,
    last_day: date,
    markets: list[str],
    _: Translator,
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
    _ : Translator
        The campaign's words: titles, month and weekday names.

    Returns
    -------
    matplotlib.figure.Figure
    """
    shown = posts[posts["status"] == "scheduled"]
    counts = shown.groupby([shown["go_live_date"].dt.date, "market"]).size()
    off = holidays.groupby(holidays["date"].dt.date)["market"].agg(lambda m: sorted(set(m)))
    months = pd.period_range(pd.Timestamp(first_day), pd.Timestamp(last_day), freq="M")
    colours = {m: MARKET_COLOURS[i % len(MARKET_COLOURS)] for i, m in enumerate(markets)}
    columns = min(2, len(months))
    rows = -(-len(months) // columns)
    window = (first_day, last_day)
    with theme.auto_title_position():  # the weekday names are above each month's title
        fig, axes = plt.subplots(rows, columns, figsize=(6.2 * columns, 5.0 * rows), squeeze=False)
        for ax, month in zip(axes.flat, months, strict=False):
            _draw_month(ax, month, window, counts, off, markets, colours, _)
    for ax in list(axes.flat)[len(months) :]:
        ax.set_visible(False)
    _month_legend(fig, markets, colours, _)
    fig.suptitle(_("Month view: go-lives per day and market (local dates)"), y=1.0)
    fig.tight_layout(rect=(0, 0.04, 1, 0.98))
    return fig


def _draw_month(ax, month, window, counts, off, markets, colours, _: Translator) -> None:
    """One month as a wall calendar: a square a day, its go-lives per market written in."""
    weeks = month_calendar.Calendar().monthdatescalendar(month.year, month.month)
    for row, week in enumerate(weeks):
        for col, day in enumerate(week):
            inside = day.month == month.month
            in_window = window[0] <= day <= window[1]
            face = "white" if inside and in_window else OUTSIDE_FACE
            if inside and in_window and day in off.index:
                face = HOLIDAY_FACE
            ax.add_patch(Rectangle((col, row), 1, 1, facecolor=face, edgecolor="#bdbdbd"))
            if inside:
                _write_day(ax, col, row, day, counts, off, markets, colours, _)
    ax.set_xlim(0, 7)
    ax.set_ylim(len(weeks), 0)
    ax.set_xticks([i + 0.5 for i in range(7)], _weekday_names(_))
    ax.xaxis.tick_top()
    ax.set_yticks([])
    ax.grid(False)
    ax.set_title(_("{month}: go-lives per market (count)", month=_month_name(month, _)), pad=22)


def _write_day(ax, col, row, day, counts, off, markets, colours, _: Translator) -> None:
    """A day's number, the markets it is a holiday in, and its go-lives per market."""
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


def _month_legend(fig, markets: list[str], colours: dict[str, str], _: Translator) -> None:
    legend = [Patch(color=colours[m], label=_("{market} go-lives", market=m)) for m in markets]
    legend += [
        Patch(
            facecolor=HOLIDAY_FACE, edgecolor="#bdbdbd", label=_("public holiday (markets named)")
        ),
        Patch(facecolor=OUTSIDE_FACE, edgecolor="#bdbdbd", label=_("outside the campaign window")),
    ]
    fig.legend(
        handles=legend,
        loc="lower center",
        ncol=min(5, len(legend)),
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, -0.02),
    )
