"""Text from data files and the campaign file never becomes Markdown or HTML on a page: handles,
names, phase names, goal names and the messages that quote them go through
``helpers.report.text`` before they reach Markdown, in the helpers' findings and in the stage
notebooks (03-negotiation executed on a hostile roster).

Markdown is rendered with mistune with raw HTML allowed (``escape=False``) and bare URLs made
links, the strictest reading: a ``<style>`` that passes through unescaped shows up."""

from __future__ import annotations

import html
import json
import re

import mistune
import pandas as pd
import pytest

from helpers import report
from helpers.core import data
from helpers.core.campaign import Campaign, Phase, load_campaign
from helpers.core.config import PROJECT_ROOT
from helpers.stages import calendar as content_calendar
from helpers.stages import goals, landscape, monitoring, negotiation, roi, vetting
from helpers.stages.negotiation import outreach
from tests.conftest import FIXTURES, TINY

NEGOTIATION = FIXTURES / "negotiation"
ROI = FIXTURES / "roi" / "roi.yaml"
CALENDAR = FIXTURES / "calendar" / "small.yaml"

# a line break then a style block, a heading, a link, emphasis, code, a bare URL, an entity
HANDLE = "@laima\n<style>body{display:none}</style>\n# TITLE [click](http://x.example) *b* `c`"
NAME = (
    "[Laima](http://evil.example) Ozola\r\n\r\n## NAME <style>p{color:red}</style> "
    "&amp; www.x.example"
)

render = mistune.create_markdown(escape=False, plugins=["strikethrough", "table", "url"])


def folded(value: str) -> str:
    """The text a value shows as: runs of white space as one space."""
    return " ".join(value.split())


def shown_text(markup: str) -> str:
    """The text of rendered HTML, as a reader sees it."""
    return folded(html.unescape(re.sub(r"<[^>]+>", " ", markup)))


def assert_safe(markdown: str, *shown: str) -> str:
    """Rendered, the Markdown has no style block, link or heading, and shows each value."""
    markup = render(markdown)
    assert "<style" not in markup.lower(), markup
    assert "<a " not in markup and "<a>" not in markup, markup
    assert not re.search(r"<h[1-6]", markup), markup
    text = shown_text(markup)
    for value in shown:
        assert folded(value) in text, (value, text)
    return markup


# --- report.text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("x\n<style>body{}</style>", "x \\<style\\>body\\{\\}\\</style\\>"),
        ("[x](http://a.b)", "\\[x\\]\\(http\\://a\\.b\\)"),
        ("# heading", "\\# heading"),
        ("x\n# TITLE", "x \\# TITLE"),
        ("*a* _b_ |c|", "\\*a\\* \\_b\\_ \\|c\\|"),
        ("a\r\nb", "a b"),
        ("a \r\n\r\n b", "a b"),
        ("a\tb", "a b"),
        ("a\rb\x0bc\x0cd\x00e\x85f\u2028g\u2029h", "a b c d e f g h"),
        ("    code", " code"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("1. item", "1\\. item"),
        ("===", "\\=\\=\\="),
        ("A & B &amp;", "A \\& B \\&amp;"),
        ("$x$ ~y~ !z", "\\$x\\$ \\~y\\~ \\!z"),
        ("back\\slash", "back\\\\slash"),
        ("1\xa0250\xa0€", "1\xa0250\xa0€"),  # a non-breaking space stays
        ("Jānis Kalniņš", "Jānis Kalniņš"),
        ("", ""),
        (12.5, "12\\.5"),
    ],
)
def test_text_escapes_exactly(value, expected):
    assert report.text(value) == expected


@pytest.mark.parametrize(
    "value",
    [HANDLE, NAME, "x\n# TITLE", "a\r\n---\r\nb", "a\n\n    code", "<img src=x onerror=y>"],
)
def test_text_renders_as_the_value_and_nothing_else(value):
    markup = assert_safe(report.text(value), value)
    assert markup.count("<p>") == 1 and "<code" not in markup and "<hr" not in markup
    assert shown_text(markup) == folded(value)


def test_outreach_uses_the_same_escaping():
    for value in (HANDLE, NAME, " padded\n"):
        assert outreach.markdown_text(value) == report.text(value).strip()


def test_finding_keeps_its_markdown_and_shows_data_as_text():
    markup = assert_safe(report.finding(report.text(HANDLE), "Finding").data.replace(">", "", 1))
    assert shown_text(markup) == folded(f"Finding. {HANDLE}")
    # the finding's own bold works; a < is shown as written, escaped once only
    quoted = render(report.finding("**3 creators**, p < 0.001", "Finding").data)
    assert "<strong>3 creators</strong>" in quoted and "p &lt; 0.001" in quoted
    assert "\\" not in shown_text(render(report.finding(report.text("<b>x</b>")).data))
    assert "<b>" not in render(report.finding("a <b>raw</b>").data)


# --- the findings of each stage ---------------------------------------------------------------


def hostile_handles(frame: pd.DataFrame, column: str = "handle") -> pd.DataFrame:
    """Every handle made hostile, each still unique."""
    frame = frame.copy()
    frame[column] = [f"{HANDLE} {i}" for i in range(len(frame))]
    return frame


def test_landscape_summary():
    campaign = load_campaign(TINY)
    roster = hostile_handles(data.load_campaign_data(campaign, ["roster"])["roster"])
    profiled = landscape.profile_roster(roster, campaign)
    text = landscape.landscape_summary(campaign, profiled, landscape.engagement_by_tier(profiled))
    assert_safe(text, "LV: #reklāma")


def test_goals_summary_with_a_hostile_kpi_name():
    name = "x<style>a{}</style>[l](http://y.example)"
    campaign = Campaign.model_validate(
        {
            "schema": 1,
            "id": "hostile",
            "name": "Hostile",
            "brand": "Test",
            "objective": "awareness",
            "markets": ["LV"],
            "currency": "EUR",
            "budget": 1000,
            "start": "2027-03-01",
            "end": "2027-03-30",
            "goals": [{"kpi": name, "target": 1}, {"kpi": "reach", "target": 1000}],
        }
    )
    sheet = goals.goal_sheet(campaign, roster=pd.DataFrame())
    text = goals.goals_summary(campaign, sheet, goals.goal_conflicts(campaign, sheet))
    assert_safe(text, f"goals[0] {name}")


def test_vetting_summary():
    campaign = load_campaign(TINY)
    tables = data.load_campaign_data(campaign)
    tables["roster"] = hostile_handles(tables["roster"])
    shortlist = vetting.build_shortlist(campaign, tables)
    # the tiny world shortlists nobody: promote the flagged, so that the top of the list shows
    shortlist.loc[shortlist["status"] == "flagged", "status"] = "shortlisted"
    text = vetting.vetting_summary(campaign, shortlist)
    assert "Top of the list" in text
    top = shortlist[shortlist["status"] == "shortlisted"].sort_values("rank")["handle"]
    assert_safe(text, *top)


def test_negotiation_summary_when_the_budget_is_too_small(write_campaign):
    text = (NEGOTIATION / "campaign.yaml").read_text(encoding="utf-8")
    text = text.replace("budget: 2000", "budget: 20")
    text = text.replace("roster: roster.csv", f"roster: {NEGOTIATION / 'roster.csv'}")
    text = text.replace("pipeline: pipeline.csv", f"pipeline: {NEGOTIATION / 'pipeline.csv'}")
    campaign = load_campaign(write_campaign(text))
    tables = data.load_campaign_data(campaign, ["roster", "pipeline"])
    tables["roster"] = hostile_handles(tables["roster"])
    shortlist = pd.read_csv(NEGOTIATION / "shortlist.csv", keep_default_na=False, na_values=[""])
    shortlist = hostile_handles(shortlist)
    offers = negotiation.build_offers(campaign, shortlist, tables)
    allocation = negotiation.allocate_budget(offers, campaign)
    assert allocation.status == "over_budget"
    named = [h for h in shortlist["handle"] if folded(h) in folded(allocation.message)]
    assert named  # the message names the creators of the cheapest plan
    summary = negotiation.negotiation_summary(campaign, offers, allocation)
    assert summary.startswith("**No budget split.**")
    assert_safe(summary, *named)


def test_calendar_summary_with_a_hostile_phase_name():
    phase_name = "x\n# T <style>a</style>[l](http://y)"
    small = load_campaign(CALENDAR)
    phase = Phase(name=phase_name, start=small.start, end=small.end)
    campaign = small.model_copy(
        update={"calendar": small.calendar.model_copy(update={"phases": [phase]})}
    )
    rows = pd.DataFrame(
        [
            {
                "influencer_id": "x1",
                "handle": HANDLE,
                "platform": "instagram",
                "market": "LV",
                "deliverable": "reel",
                "quantity": 1,
                "agreed_fee": 100,
                "currency": "EUR",
                "stage": "contracted",
            }
        ]
    )
    plan = content_calendar.build_calendar(rows, campaign)
    assert_safe(content_calendar.calendar_summary(plan, campaign), phase_name)


@pytest.fixture(scope="module")
def hostile_results(tmp_path_factory):
    campaign = load_campaign(ROI)
    tables = data.load_campaign_data(campaign, ["results", "results_to_date", "roster"])
    tables["roster"] = hostile_handles(tables["roster"])
    return campaign, tables, tmp_path_factory.mktemp("run")


def test_monitoring_summary(hostile_results):
    campaign, tables, run = hostile_results
    read = roi.read_results(campaign, tables, run, "results_to_date")
    results = read["results"]
    as_of = monitoring.as_of_date(campaign, results)
    share = monitoring.elapsed_share(campaign, as_of)
    remaining, _how = monitoring.remaining_posts(results, share, read["contracts"])
    pacing = monitoring.pacing(roi.campaign_goals(campaign), results, campaign, as_of, remaining)
    creators = monitoring.performance(results, campaign, "influencer")
    creators.loc[creators.index[0], "status"] = "over-performing"  # named as the best
    plan = creators.head(2).assign(extra_posts=1, cost=100.0, expected_result=5.0)
    text = monitoring.monitoring_summary(campaign, pacing, creators, plan, 1000)
    assert_safe(text, creators["handle"].iloc[0], *plan["handle"])


def test_roi_summary_with_a_hostile_goal_label(hostile_results):
    campaign, tables, run = hostile_results
    read = roi.read_results(campaign, tables, run)
    table = roi.roi_table(read["results"])
    label = "Reach <style>x</style> [l](http://y)\n# H"
    attained = roi.goal_attainment(roi.campaign_goals(campaign), read["results"])
    attained["label"] = label
    advice = roi.rehire_advice(table[table["level"] == "influencer"], campaign)
    text = roi.roi_summary(
        campaign, attained, roi.campaign_row(table), table[table["level"] == "market"], advice
    )
    assert_safe(text, roi.lower_label(label))


def test_first_message_for_the_page_escapes_values_and_keeps_the_bold():
    campaign = load_campaign(TINY)
    hostile = campaign.model_copy(update={"brand": "Brand [x](http://y) <style>s</style>"})
    creator = pd.Series(
        {
            "influencer_id": "t1",
            "handle": HANDLE,
            "name": NAME,
            "market": "LV",
            "platform": "instagram",
            "past_collaborations": 0,
            "audience_fit": float("nan"),
        }
    )
    rows = pd.DataFrame(
        [
            {
                "deliverable": "reel",
                "platform": "instagram",
                "quantity": 1,
                "opening_offer": 100.0,
                "target_fee": 150.0,
                "compensation_model": "flat",
            }
        ]
    )
    plain = outreach.first_message(creator, rows, hostile, None)
    assert "[Laima](http://evil.example)," in plain  # the message to send keeps the text
    shown = outreach.first_message(creator, rows, hostile, None, markdown=True)
    quoted = "\n".join("> " + line + "  " for line in shown.splitlines())
    markup = assert_safe(quoted, "Hi [Laima](http://evil.example),", hostile.brand)
    assert "<strong>Subject:</strong>" in markup and "<strong>What we offer:</strong>" in markup


def test_the_term_sheet_page_shows_hostile_text_and_forbids_network_loads():
    from helpers.report import CSP_META

    page = outreach.markdown_to_html(
        f"# Term sheet\n\n| Creator | {report.text(HANDLE)} |\n|---|---|\n", HANDLE, "en"
    )
    head, body = page.split("</head>")
    assert CSP_META in head
    assert "<style" not in body.lower() and "<a " not in body
    assert folded(HANDLE) in shown_text(body)
    assert "&lt;style&gt;" in head  # the title is text too


# --- the notebook -----------------------------------------------------------------------------


def test_negotiation_notebook_on_a_hostile_roster(tmp_path):
    import papermill

    from helpers.run.kernels import kernel_name

    roster = pd.read_csv(NEGOTIATION / "roster.csv", dtype=str, keep_default_na=False)
    shortlist = pd.read_csv(NEGOTIATION / "shortlist.csv", keep_default_na=False, na_values=[""])
    for frame in (roster, shortlist):
        frame.loc[frame["influencer_id"] == "n1", ["handle", "name"]] = [HANDLE, NAME]
    roster.to_csv(tmp_path / "roster.csv", index=False)
    # a file name with Markdown in it, and a row naming a creator who is not on the roster
    pipeline_file = tmp_path / "pipe_[l](x.example)_#h.csv"
    pipeline = (NEGOTIATION / "pipeline.csv").read_text(encoding="utf-8")
    pipeline += (
        '"zz\n<style>q{}</style>[m](http://z.example)",contracted,reel,1,100,EUR,2027-01-10,\n'
    )
    pipeline_file.write_text(pipeline, encoding="utf-8")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    shortlist.to_csv(run_dir / "shortlist.csv", index=False)
    text = (NEGOTIATION / "campaign.yaml").read_text(encoding="utf-8")
    text = text.replace("roster: roster.csv", f"roster: {tmp_path / 'roster.csv'}")
    text = text.replace("pipeline: pipeline.csv", f"pipeline: '{pipeline_file}'")
    campaign_file = tmp_path / "campaign.yaml"
    campaign_file.write_text(text, encoding="utf-8")

    notebook = PROJECT_ROOT / "notebooks" / "03-negotiation.ipynb"
    out = tmp_path / "03-negotiation.ipynb"
    papermill.execute_notebook(
        str(notebook),
        str(out),
        parameters={
            "campaign_file": str(campaign_file),
            "run_dir": str(run_dir),
            "interactive": False,
        },
        kernel_name=kernel_name(),
        cwd=str(notebook.parent),
        progress_bar=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
    )
    outputs = [
        output
        for cell in json.loads(out.read_text(encoding="utf-8"))["cells"]
        for output in cell.get("outputs", [])
    ]
    assert not [o for o in outputs if o["output_type"] == "error"]
    shown = []
    for output in outputs:
        markdown = "".join(output.get("data", {}).get("text/markdown", ""))
        if not markdown:
            continue
        markup = render(markdown)
        assert "<style" not in markup.lower(), markdown
        assert "<a " not in markup, markdown
        for heading in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", markup, flags=re.S):
            assert not re.search(r"TITLE|NAME|laima|style|example", heading, re.I), heading
        shown.append(shown_text(markup))
    page = "\n".join(shown)
    # the hostile text is on the page, as text
    assert f"The first message to {folded(HANDLE)}" in page
    assert "Hi [Laima](http://evil.example)," in page
    assert "<style>q{}</style>[m](http://z.example)" in page  # the pipeline problem line
    assert "pipe_[l](x.example)_#h.csv" in page
