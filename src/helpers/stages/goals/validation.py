"""What ``playbook validate`` says about the goals: the errors that make it fail and the notes
that do not, one line each, in English like every message of the command line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.core.campaign import Campaign
from helpers.core.errors import problem
from helpers.stages.goals.conflicts import goal_conflicts
from helpers.stages.goals.reading import read_goals
from helpers.stages.goals.sheet import goal_sheet
from helpers.stages.goals.vocabulary import ENGLISH


def goal_problems(campaign: Campaign, path: str | Path) -> list[str]:
    """Errors in the campaign's goals, one line each, as ``playbook validate`` prints them
    (in English, like every message of the command line).

    Parameters
    ----------
    campaign : Campaign
        The loaded campaign.
    path : str or Path
        The campaign file, named at the start of each line.

    Returns
    -------
    list of str
        ``FILE: goals[N].field: what is wrong (what to do)``; empty when every goal is usable.
    """
    return [
        problem(path, f"{check.where}.{name}", message)
        for check in read_goals(campaign, _=ENGLISH)
        for name, message in check.errors.items()
    ]


def goal_notes(campaign: Campaign, path: str | Path) -> list[str]:
    """Assumptions made reading the goals and goals that disagree with each other, one line
    each (in English); they do not make ``playbook validate`` fail."""
    lines = [
        problem(path, f"{check.where}.{name}", f"note: {message}")
        for check in read_goals(campaign, _=ENGLISH)
        for name, message in check.notes.items()
    ]
    # no roster: percentiles not needed
    sheet = goal_sheet(campaign, roster=pd.DataFrame(), _=ENGLISH)
    conflicts = goal_conflicts(campaign, sheet, _=ENGLISH)
    lines += [
        problem(path, row.goals, f"note: {row.message}")
        for row in conflicts.itertuples()
        if row.severity == "conflict"
    ]
    return lines
