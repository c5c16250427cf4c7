"""What would make the calendar fit does not build it again when it was just built from the
same deliverables and settings, and builds it again when anything differs."""

from __future__ import annotations

from datetime import date

from helpers.stages import calendar as cc
from helpers.stages.calendar import scheduling
from tests.stages.calendar.conftest import deliverables, variant


def test_a_calendar_just_built_is_not_built_again(monkeypatch, small):
    rows = deliverables(
        ("a", "US", "instagram", "reel", 1, 200), ("b", "US", "instagram", "reel", 1, 100)
    )
    window = [("p", date(2027, 3, 13), date(2027, 3, 14))]
    roomy, tight = (variant(small, phases=window, spacing_hours=h) for h in (23, 24))
    assert cc.build_calendar(rows, roomy).unscheduled.empty
    assert not cc.build_calendar(rows, tight).unscheduled.empty
    built = []
    real = scheduling.build_calendar

    def counted(*args, **kwargs):
        built.append(args[1].calendar.spacing_hours)
        return real(*args, **kwargs)

    monkeypatch.setattr(scheduling, "build_calendar", counted)
    assert cc.what_would_fit(rows, roomy) == []  # it fitted: known, not built again
    assert scheduling.everything_fits(rows, tight) is False
    assert built == []
    more = deliverables(*[(w, "US", "instagram", "reel", 1, 100) for w in ("a", "b", "c")])
    assert scheduling.everything_fits(more, roomy) is False  # other deliverables: built
    assert built == [23]
