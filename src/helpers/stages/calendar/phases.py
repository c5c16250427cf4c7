"""The campaign's phases (tease, launch, sustain, push): which phase each post is planned in
(rule 1 of the package docstring) and the day it aims at inside its phase (rule 2)."""

from __future__ import annotations

import math
from datetime import timedelta

import pandas as pd

from helpers.core.campaign import Calendar, Campaign, Phase
from helpers.text.i18n import translator

DEFAULT_LAUNCH_DAYS = 7


def campaign_phases(campaign: Campaign, settings: Calendar | None = None) -> list[Phase]:
    """The campaign's phases in time order, each with its share of posts resolved.

    Without phases in the campaign file: the playbook's default rhythm, a launch burst in the
    first week (a quarter of a short window) holding half the posts, then sustain.
    """
    settings = settings or campaign.calendar
    phases = sorted(settings.phases, key=lambda phase: phase.start) or _default_phases(campaign)
    given = sum(phase.share for phase in phases if phase.share is not None)
    unset_days = sum(phase_days(phase) for phase in phases if phase.share is None)
    return [
        phase
        if phase.share is not None
        else phase.model_copy(
            update={"share": max(0.0, 1 - given) * phase_days(phase) / unset_days}
        )
        for phase in phases
    ]


def _default_phases(campaign: Campaign) -> list[Phase]:
    """A launch burst, then sustain; the default phases are ours, so they are named in the
    campaign's language."""
    _ = translator(campaign.language)
    launch_days = min(DEFAULT_LAUNCH_DAYS, max(1, campaign.days // 4))
    launch_end = campaign.start + timedelta(days=launch_days - 1)
    if launch_end >= campaign.end:
        return [
            Phase(name=_("launch"), start=campaign.start, end=launch_end, share=1.0, burst=True)
        ]
    return [
        Phase(name=_("launch"), start=campaign.start, end=launch_end, share=0.5, burst=True),
        Phase(
            name=_("sustain"),
            start=launch_end + timedelta(days=1),
            end=campaign.end,
            share=0.5,
        ),
    ]


def phase_days(phase: Phase) -> int:
    """How many days a phase runs, its first and last included."""
    return (phase.end - phase.start).days + 1


def phase_quotas(phases: list[Phase], posts: int) -> list[int]:
    """How many of ``posts`` each phase gets from its share (largest remainders round up)."""
    exact = [phase.share * posts for phase in phases]
    quotas = [math.floor(value) for value in exact]
    order = sorted(range(len(phases)), key=lambda i: (-(exact[i] - quotas[i]), i))
    for i in order[: posts - sum(quotas)]:
        quotas[i] += 1
    return quotas


def assign_phases(posts: pd.DataFrame, phases: list[Phase]) -> pd.Series:
    """The phase each post is planned in (rule 1 of the package docstring).

    A post's place in the campaign is ``(n - 0.5) / N`` for the creator's n-th of N posts;
    posts sorted by it (bigger fees first on ties) fill the phases in time order.
    """
    creator = posts.groupby("influencer_id")
    position = (creator.cumcount() + 0.5) / creator["post_id"].transform("size")
    order = (
        posts.assign(_position=position, _fee=-posts["fee_per_post"].fillna(0))
        .sort_values(["_position", "_fee", "market", "post_id"], kind="stable")
        .index
    )
    names = [
        phase.name
        for phase, quota in zip(phases, phase_quotas(phases, len(posts)), strict=True)
        for _unit in range(quota)
    ]
    return pd.Series(names, index=order, name="phase").reindex(posts.index)


def target_days(posts: pd.DataFrame, phases: list[Phase], settings: Calendar) -> pd.Series:
    """Rule 2: spread each market's posts over their phase, or stack them in a burst."""
    targets = pd.Series(pd.NaT, index=posts.index, dtype="object")
    for phase in phases:
        in_phase = posts[posts["phase"] == phase.name]
        for _market, group in in_phase.groupby("market", sort=False):
            ordered = group.assign(_fee=-group["fee_per_post"].fillna(0)).sort_values(
                ["creator_order", "_fee", "post_id"], kind="stable"
            )
            count = len(ordered)
            for j, index in enumerate(ordered.index):
                if phase.burst:  # stacked from the first day, as many a day as allowed
                    offset = min(j // settings.max_posts_per_day, phase_days(phase) - 1)
                else:
                    offset = math.floor((j + 0.5) * phase_days(phase) / count)
                targets[index] = phase.start + timedelta(days=offset)
    return targets
