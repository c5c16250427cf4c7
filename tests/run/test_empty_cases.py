"""Every empty or thin case of stages 00-04 is a page, not a crash (issue #16, item 2): a
header-only roster, no creator in the campaign's markets, nobody left after a filter, nobody to
plan, and one creator with one post. Each runs the real notebooks (``playbook run --stages
00-04``, exit 0) and each stage's finding says why and what to change in the campaign file."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.run import cli
from tests.conftest import TINY, tiny_copy

STAGES = ("00-landscape", "01-goals", "02-vetting", "03-negotiation", "04-calendar")
HEADER = (TINY.parent / "influencers.csv").read_text(encoding="utf-8").splitlines()[0]
JANIS = next(
    line
    for line in (TINY.parent / "influencers.csv").read_text(encoding="utf-8").splitlines()
    if line.startswith("t2,")
)


def _roster(path: Path, rows: list[str]) -> Path:
    """The campaign at ``path`` with its roster replaced by a file of ``rows``."""
    roster = path.parent / "roster.csv"
    roster.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    text = re.sub(r"roster: .*", f"roster: {roster}", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return path


def _header_only(folder: Path) -> Path:
    return _roster(tiny_copy(folder), [])


def _elsewhere(folder: Path) -> Path:
    path = tiny_copy(folder, markets="[PL]")
    text = path.read_text(encoding="utf-8").replace("{LV: 0.6, EE: 0.4}", "{PL: 1}")
    path.write_text(text, encoding="utf-8")
    return path


def _filtered(folder: Path) -> Path:
    path = tiny_copy(folder)
    text = path.read_text(encoding="utf-8").replace("tiers: [nano, micro]", "tiers: [mega]")
    path.write_text(text, encoding="utf-8")
    return path


def _one_post(folder: Path) -> Path:
    """One creator (t2, micro Instagram in LV), only the roster, one feed post to buy."""
    path = tiny_copy(folder, markets="[LV]")
    text = path.read_text(encoding="utf-8")
    text = text.replace("{LV: 0.6, EE: 0.4}", "{LV: 1}")
    text = re.sub(r"\n  (posts|follower_growth|audience|follower_samples|results): .*", "", text)
    text += "negotiation:\n  deliverables: [feed_post]\n  max_units: 1\n"
    path.write_text(text, encoding="utf-8")
    return _roster(path, [JANIS])


CASES = {
    "header-only": _header_only,
    "elsewhere": _elsewhere,
    "filtered": _filtered,
    "nothing-to-plan": tiny_copy,  # the tiny world: both creators who pass are flagged
    "one-post": _one_post,
}


@pytest.fixture(scope="module", params=sorted(CASES))
def case(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    path = CASES[request.param](folder)
    status = cli.main(["run", str(path), "--out", str(folder / "out"), "--stages", "00-04"])
    report = folder / "out" / "tiny-baltic-test"
    pages = {s: (report / f"{s}.html").read_text(encoding="utf-8") for s in STAGES}
    return request.param, status, report, pages


def _text(page: str) -> str:
    """The page's words, tags and styles removed, whitespace collapsed."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page).replace("&#x27;", "'").replace("&#39;", "'")
    return re.sub(r"\s+", " ", page)


def test_every_case_runs_with_exit_0_and_clean_pages(case):
    name, status, report, pages = case
    assert status == 0, name
    assert report.is_dir(), "the report went to a .failed folder"
    for stage, page in pages.items():
        assert "Traceback" not in page and "Warning" not in page, (name, stage)


def test_each_finding_says_why_and_what_to_change(case):
    name, _status, _report, pages = case
    text = {stage: _text(page) for stage, page in pages.items()}
    expected = {
        "header-only": {
            "00-landscape": "the roster file has only its header row",
            "02-vetting": "Nobody to vet: the roster has no creators",
            "03-negotiation": "Vetting left nobody in the running",
            "04-calendar": "No contracted deliverables yet",
        },
        "elsewhere": {
            # the tiny roster: 3 in LV, 2 in EE, 1 in LT
            "00-landscape": "its 6 creators are in EE (2), LT (1), LV (3)",
            "02-vetting": "no creator on the roster is in PL",
            "03-negotiation": "Vetting left nobody in the running",
        },
        "filtered": {
            "00-landscape": "widen vetting.platforms or vetting.tiers in the campaign file",
            "02-vetting": "loosen vetting.tiers in the campaign file",
            "03-negotiation": "Vetting left nobody in the running",
        },
        "nothing-to-plan": {
            "02-vetting": "0 creators shortlisted and 2 flagged",
            "03-negotiation": "Nobody is shortlisted; 2 flagged at vetting wait for a look",
            "04-calendar": "No contracted deliverables yet",
        },
        "one-post": {
            "02-vetting": "1 creators shortlisted and 0 flagged",
            "03-negotiation": "Plan: 1 creators, 1 deliverables",
            "04-calendar": "1 of 1 contracted deliverable by 1 creator is scheduled",
        },
    }[name]
    for stage, words in expected.items():
        assert words in text[stage], (name, stage, text[stage][:1500])


def test_empty_tables_keep_their_columns(case):
    """The artifacts later stages read have their columns even with no row (the offers frame
    used to lose ``fee_basis`` and every column after it)."""
    name, _status, report, _pages = case
    offers = pd.read_csv(report / "offers.csv")
    assert {"fee_basis", "fair_fee", "planned_fee", "selected", "model_terms"} <= set(offers)
    shortlist = pd.read_csv(report / "shortlist.csv")
    assert {"status", "reasons"} <= set(shortlist)
    if name == "one-post":
        assert offers["selected"].sum() == 1 and len(offers) == 1
    else:
        assert not offers["selected"].any()
