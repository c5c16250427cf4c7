"""A report built on the fictional sample data says so on every page, in the index, in the
one-page report (and so its PDF), in ``run.json`` and on the portfolio; a report on a
campaign's own files says nothing of the kind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers.run.portfolio import write_portfolio
from helpers.run.runner import run_campaign
from tests.conftest import GOOD, TINY, tiny_copy
from tests.run.test_browser import assert_self_contained, browser, needs_chromium  # noqa: F401

BUILT_ON = "Built on the project's fictional sample data"
BANNER = re.compile(r'<p class="banner sample" role="note">(.*?)</p>', re.DOTALL)
PAGES = ("00-first.html", "01-second.html", "index.html", "report.html")


def tiny_campaign(folder: Path, campaign_id: str, data: str, language: str = "en") -> Path:
    """The tiny campaign under another id, in a language, with its ``data:`` block replaced."""
    path = tiny_copy(folder, f"{campaign_id}.yaml", id=campaign_id)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^data:\n(?:  .*(?:\n|$))+", data.rstrip() + "\n", text, flags=re.MULTILINE)
    text = text.replace("schema: 1\n", f"schema: 1\nlanguage: {language}\n", 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """One reports folder: the tiny campaign on the sample world, and on its own files."""
    out = tmp_path_factory.mktemp("reports")
    sample = tiny_campaign(out.parent, "tiny-on-sample", "data: sample")
    for campaign_file in (sample, TINY):
        result = run_campaign(campaign_file, out_dir=out, notebooks_dir=GOOD)
        assert result.ok, [(s.stage, s.error) for s in result.stages]
    return out


def banners(page: Path) -> list[str]:
    return BANNER.findall(page.read_text(encoding="utf-8"))


def test_every_page_of_a_sample_report_carries_the_banner_once(reports):
    for name in PAGES:
        shown = banners(reports / "tiny-on-sample" / name)
        assert len(shown) == 1, name  # report.html has it once, not once per stage
        assert shown[0].startswith("<strong>Sample data.</strong> Built on the project"), name
        assert "(README: Bring your own data)." in shown[0], name
    # the banner sits between the page's header and its content
    page = (reports / "tiny-on-sample" / "00-first.html").read_text(encoding="utf-8")
    assert page.index("</header>") < page.index("banner sample") < page.index("<main>")


def test_a_report_on_the_campaigns_own_files_has_no_banner(reports):
    for name in PAGES:
        page = reports / "tiny-baltic-test" / name
        assert banners(page) == [] and BUILT_ON not in page.read_text(encoding="utf-8"), name


def test_run_json_says_whether_the_report_is_built_on_the_sample(reports):
    sample = json.loads((reports / "tiny-on-sample" / "run.json").read_text(encoding="utf-8"))
    own = json.loads((reports / "tiny-baltic-test" / "run.json").read_text(encoding="utf-8"))
    assert sample["sample_data"] is True
    assert sample["sample_tables"] == [
        "roster",
        "posts",
        "follower_growth",
        "audience",
        "follower_samples",
    ]
    assert own["sample_data"] is False and own["sample_tables"] == []


def test_the_portfolio_marks_the_campaign_built_on_the_sample(reports):
    page = write_portfolio(reports).read_text(encoding="utf-8")
    table = page.split("<h2>Campaigns</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", table, re.DOTALL)
    on_sample = next(r for r in rows if 'href="tiny-on-sample/index.html"' in r)
    own = next(r for r in rows if 'href="tiny-baltic-test/index.html"' in r)
    assert '<span class="tag sample">sample data</span>' in on_sample
    assert "sample data" not in own
    assert "1 of 2 campaigns built on the project's fictional sample data" in page


def test_a_campaign_with_some_files_of_its_own_hears_which_tables_are_the_samples(tmp_path):
    data = "data:\n  sample: true\n  roster: {}\n  posts: {}\n".format(
        (TINY.parent / "influencers.csv").resolve(), (TINY.parent / "posts.csv").resolve()
    )
    campaign = tiny_campaign(tmp_path, "tiny-mixed", data)
    result = run_campaign(campaign, out_dir=tmp_path / "reports", notebooks_dir=GOOD, stages="00")
    (shown,) = banners(result.report_dir / "00-first.html")
    assert "Partly built on the project" in shown
    assert "demo: follower_growth, audience, follower_samples come from the sample." in shown
    summary = json.loads((result.report_dir / "run.json").read_text(encoding="utf-8"))
    assert summary["sample_tables"] == ["follower_growth", "audience", "follower_samples"]


def test_a_real_stage_page_in_latvian_carries_the_latvian_banner(tmp_path):
    campaign = tiny_campaign(tmp_path, "tiny-lv", "data: sample", language="lv")
    result = run_campaign(campaign, out_dir=tmp_path / "reports", stages="00")  # the real 00
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    for name in ("00-landscape.html", "index.html", "report.html"):
        (shown,) = banners(result.report_dir / name)
        assert shown.startswith("<strong>Parauga dati.</strong> Veidots no projekta"), name
        assert "kampaņas faila sadaļā data: (README: Bring your own data)." in shown, name
        assert BUILT_ON not in (result.report_dir / name).read_text(encoding="utf-8"), name


# --- in a browser: visible on a wide screen and a phone, printed, within the page's policy ----

BOX = """(() => { const b = document.querySelector('.banner.sample'); const r =
  b.getBoundingClientRect(); const s = getComputedStyle(b); return {left: r.left, right: r.right,
  height: r.height, display: s.display, visibility: s.visibility, background: s.backgroundColor,
  text: b.innerText}; })()"""


def look(browser, width: int, media: str = "screen") -> dict:  # noqa: F811
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        width=width,
        height=900,
        deviceScaleFactor=1,
        mobile=width < 600,
    )
    browser.call("Emulation.setEmulatedMedia", media=media)
    return browser.evaluate(BOX)


@needs_chromium
def test_the_banner_reads_on_a_phone_prints_and_loads_nothing(browser, reports):  # noqa: F811
    for name in ("00-first.html", "index.html", "report.html"):
        loaded = browser.open(reports / "tiny-on-sample" / name)
        assert_self_contained(loaded, name)  # no policy violation, nothing fetched
        for width, media in ((1400, "screen"), (390, "screen"), (800, "print")):
            box = look(browser, width, media)
            assert box["display"] == "block" and box["visibility"] == "visible", (name, media)
            assert box["text"].startswith("Sample data. Built on the project"), (name, media)
            assert box["background"] == "rgb(251, 246, 234)", (name, media)  # calm, not red
            assert box["left"] >= 0 and box["right"] <= width, (name, width, media)
            assert box["height"] > 20, (name, width, media)
        assert look(browser, 390)["height"] > look(browser, 1400)["height"]  # it wraps
    browser.call("Emulation.clearDeviceMetricsOverride")
    browser.call("Emulation.setEmulatedMedia", media="")
