"""The printed report: the campaign's paper, page numbers, a running header, the stages as the
PDF's outline, wide tables that fit the page, and the client's edition beside the full one.

The pages are built with the real stage-page template from small hand-made notebooks (no
papermill), then printed by headless Chromium; the tests are skipped where Chromium is not.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from helpers.core.campaign import load_campaign
from helpers.run.pages import export_html, write_full_report
from helpers.run.pdf import find_chromium, measure_layout, print_pdf
from helpers.run.results import RunResult, StageResult
from helpers.stages.registry import Stage
from tests.conftest import tiny_copy

needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="Chromium not installed")

# A4 is 210 x 297 mm and Letter 8.5 x 11 in, in PDF points (1/72 in)
A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)
# the printed page's content box: the paper less the 12 mm side margins, in CSS pixels
A4_CONTENT = round((210 - 24) / 25.4 * 96)

WIDE_COLUMNS = [
    "handle", "fake share (estimate)", "fake share from", "95% low", "95% high",
    "accounts sampled", "growth event", "pod?", "audience quality", "quality rests on",
    "weakest signal", "confidence",
]  # fmt: skip
WIDE_ROW = [
    "@agnese.zvaigzne", "44%", "follower sample", "24%", "65%", "39", "none", "",
    "78", "follower sample, growth, engagement pattern", "follower sample", "High",
]  # fmt: skip


def _wide_table(rows: int = 3) -> str:
    head = "".join(f"<th>{name}</th>" for name in WIDE_COLUMNS)
    row = "<tr>" + "".join(f"<td>{value}</td>" for value in WIDE_ROW) + "</tr>"
    return f"<table><caption>Highest fake shares</caption><thead><tr>{head}</tr></thead>" + (
        f"<tbody>{row * rows}</tbody></table>"
    )


def _stage_notebook(path: Path, title: str, sections: list[str]) -> Path:
    cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\nWhat this stage does.")]
    for section in sections:
        cells.append(nbformat.v4.new_markdown_cell(f"## {section}\n\nSome words."))
        table = nbformat.v4.new_code_cell("table")
        table.outputs = [nbformat.v4.new_output("display_data", data={"text/html": _wide_table()})]
        cells.append(table)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


STAGES = {
    "01-goals": ("01 · Goals and KPIs", ["The goal sheet"]),
    "02-vetting": ("02 · Vetting", ["The shortlist", "Is the audience real?"]),
    "06-roi": ("06 · ROI", ["Per creator"]),
}


def _campaign_file(
    folder: Path, markets: str = "[LV, EE]", countries: str = "{LV: 0.6, EE: 0.4}", more: str = ""
) -> Path:
    """The tiny campaign with other markets and audience shares (``{}``: none given)."""
    path = tiny_copy(folder, markets=markets)
    text = path.read_text(encoding="utf-8").replace("{LV: 0.6, EE: 0.4}", countries)
    path.write_text(text + more, encoding="utf-8")
    return path


def _report(tmp_path: Path, **fields: str) -> tuple[Path, object, RunResult]:
    """A run folder with three stage pages, ``report.html`` and ``report-client.html``."""
    campaign = load_campaign(_campaign_file(tmp_path, **fields))
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    result = RunResult(campaign.id, run_dir)
    for key, (title, sections) in STAGES.items():
        number, name = key.split("-", 1)
        notebook = _stage_notebook(run_dir / f"{key}.ipynb", title, sections)
        outcome = StageResult(key, title, status="done", notebook=notebook.name, html=f"{key}.html")
        stage = Stage(int(number), name, notebook)
        outcome.heading, outcome.sections = export_html(
            notebook, run_dir / outcome.html, campaign, stage
        )
        result.stages.append(outcome)
    write_full_report(run_dir, campaign, result)
    write_full_report(run_dir, campaign, result, ["goals", "6"], "report-client.html")
    return run_dir, campaign, result


# --- reading Chromium's PDFs (their object dictionaries are not compressed) ------------------

OBJECT = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*endobj", re.DOTALL)
TITLE = re.compile(rb"/Title (\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)")


def _pdf_string(raw: bytes) -> str:
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data[:2] == b"\xfe\xff" else data.decode("latin-1")
    return re.sub(rb"\\([()\\])", rb"\1", raw[1:-1]).decode("latin-1")


def media_boxes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in points."""
    boxes = re.findall(rb"/MediaBox \[([^\]]*)\]", pdf.read_bytes())
    return [tuple(float(n) for n in box.split()[2:]) for box in boxes]


def outline(pdf: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks as (depth, title), in order."""
    objects = {int(n): body for n, body in OBJECT.findall(pdf.read_bytes())}
    root = next((body for body in objects.values() if b"/Type /Outlines" in body), None)
    assert root is not None, "the PDF has no outline"

    def ref(body: bytes, key: bytes) -> int | None:
        found = re.search(rb"/" + key + rb" (\d+) 0 R", body)
        return int(found[1]) if found else None

    items: list[tuple[int, str]] = []

    def walk(number: int | None, depth: int) -> None:
        while number is not None:
            body = objects[number]
            items.append((depth, _pdf_string(TITLE.search(body)[1])))
            walk(ref(body, b"First"), depth + 1)
            number = ref(body, b"Next")

    walk(ref(root, b"First"), 0)
    return items


def pdf_pages_text(pdf: Path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    return text.stdout.split("\f")[:-1]


# --- the tests ---------------------------------------------------------------------------


@needs_chromium
def test_a_latvian_campaign_prints_on_a4_with_numbers_header_and_outline(tmp_path):
    run_dir, campaign, _result = _report(tmp_path)
    assert campaign.markets == ["LV", "EE"]
    pdf = print_pdf(run_dir / "report.html", run_dir / "report.pdf")
    boxes = media_boxes(pdf)
    assert boxes and all(box == pytest.approx(A4, abs=1) for box in boxes)
    pages = pdf_pages_text(pdf)
    assert len(pages) == len(boxes) >= 3  # every stage starts on a page of its own
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"\b{number} ?/ ?{len(pages)}\s*$", text.strip()), text[-200:]
        if number > 1:  # the first page has the title instead of the running header
            assert "Test brand · Tiny Baltic test" in text.splitlines()[0]
            assert "campaign report" in text.splitlines()[0]
    titles = [title for depth, title in outline(pdf)]
    stages = [title for title in titles if re.match(r"\d\d · ", title)]
    assert stages == ["01 · Goals and KPIs", "02 · Vetting", "06 · ROI"]
    assert {"The shortlist", "Is the audience real?", "Per creator"} <= set(titles)
    for text in pages:  # the wide table's last column is on the page, not cut off
        if "Highest fake shares" in text:
            assert "confidence" in text and "High" in text


@needs_chromium
def test_a_us_campaign_prints_on_letter_and_a_setting_overrides_it(tmp_path):
    run_dir, _campaign, _result = _report(tmp_path / "us", markets="[US]", countries="{}")
    boxes = media_boxes(print_pdf(run_dir / "report.html", run_dir / "report.pdf"))
    assert boxes and all(box == pytest.approx(LETTER, abs=1) for box in boxes)
    chosen = {"markets": "[US]", "countries": "{}", "more": "report:\n  paper: a4\n"}
    run_dir, _campaign, _result = _report(tmp_path / "a4", **chosen)
    boxes = media_boxes(print_pdf(run_dir / "report.html", run_dir / "report.pdf"))
    assert boxes and all(box == pytest.approx(A4, abs=1) for box in boxes)


@needs_chromium
def test_the_client_edition_has_only_its_stages(tmp_path):
    run_dir, _campaign, _result = _report(tmp_path)
    pdf = print_pdf(run_dir / "report-client.html", run_dir / "report-client.pdf")
    stages = [title for _depth, title in outline(pdf) if re.match(r"\d\d · ", title)]
    assert stages == ["01 · Goals and KPIs", "06 · ROI"]
    pages = pdf_pages_text(pdf)
    assert "Test brand · Tiny Baltic test" in pages[1].splitlines()[0]
    assert len(pages) < len(pdf_pages_text(print_pdf(run_dir / "report.html", tmp_path / "f.pdf")))


@needs_chromium
def test_no_table_is_wider_than_the_printed_page_or_a_phone(tmp_path):
    run_dir, _campaign, _result = _report(tmp_path)
    printed = measure_layout(run_dir / "report.html", A4_CONTENT, media="print")
    assert printed["scroll_width"] <= A4_CONTENT
    assert printed["wide"] == []  # printed, nothing may scroll: it would be cut
    for page in ("report.html", "02-vetting.html"):
        phone = measure_layout(run_dir / page, 390)
        assert phone["scroll_width"] == phone["viewport"] == 390
        # the wide table scrolls in its own box; the page itself does not move sideways
        assert phone["wide"] and all(box["scrolls"] for box in phone["wide"])
        desktop = measure_layout(run_dir / page, 1400)
        assert desktop["scroll_width"] == desktop["viewport"] == 1400


def test_the_client_stages_follow_the_state_unless_set(tmp_path):
    from helpers.core.campaign.report import client_stage_names

    campaign = load_campaign(tiny_copy(tmp_path))
    assert client_stage_names(campaign, "planning") == ["goals", "vetting", "calendar"]
    assert client_stage_names(campaign, "finished") == ["goals", "monitoring", "roi"]
    assert client_stage_names(campaign, None) == ["goals", "vetting", "calendar"]
    text = tiny_copy(tmp_path).read_text(encoding="utf-8")
    chosen = tmp_path / "chosen.yaml"
    chosen.write_text(text + "report:\n  client_stages: [Goals, 06-roi, 2]\n", encoding="utf-8")
    assert client_stage_names(load_campaign(chosen), "finished") == ["goals", "06-roi", "2"]


def test_the_client_report_takes_stages_by_name_number_or_key(tmp_path):
    from helpers.run.pages import client_stages

    result = RunResult("x", tmp_path, [StageResult(k, k) for k in ("00-landscape", "02-vetting")])
    result.stages.append(StageResult("06-roi", "06 ROI"))
    picked = client_stages(result, ["roi", "2", "07", "nothing"])
    assert [stage.stage for stage in picked] == ["02-vetting", "06-roi"]
    assert [s.stage for s in client_stages(result, ["00-landscape", "0"])] == ["00-landscape"]


def test_paper_follows_the_main_market(tmp_path):
    from helpers.core.campaign.report import paper_size

    def paper(markets: str, countries: str = "{}", more: str = "") -> str:
        return paper_size(load_campaign(_campaign_file(tmp_path, markets, countries, more)))

    assert paper("[LV, EE]", "{LV: 0.6, EE: 0.4}") == "A4"
    # the main market is the one with the largest share of the audience, else the first
    assert paper("[DE, US]", "{DE: 0.4, US: 0.6}") == "Letter"
    assert paper("[US, DE]", "{US: 0.3, DE: 0.7}") == "A4"
    assert paper("[US, GB, DE, FR]", "{US: 0.4, GB: 0.2, DE: 0.2, FR: 0.2}") == "Letter"
    assert paper("[CA, GB]") == "Letter"
    assert paper("[GB, US]") == "A4"
    assert paper("[US]", more="report:\n  paper: LETTER\n") == "Letter"
    assert paper("[LV]", more="report:\n  paper: Letter\n") == "Letter"


@pytest.mark.parametrize(
    "setting, message",
    [
        ("paper: A5", "report.paper: Input should be 'A4' or 'Letter'"),
        ("paper: [A4]", "report.paper: Input should be 'A4' or 'Letter'"),
        (
            "client_stages: [goals, 'roi?']",
            "'roi?': not a stage (give a stage's name, number or both, e.g. goals, 01 or 01-goals)",
        ),
    ],
)
def test_a_bad_print_setting_is_refused_with_the_choices(tmp_path, setting, message):
    from helpers.core.errors import InputError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        tiny_copy(tmp_path).read_text(encoding="utf-8") + f"report:\n  {setting}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as error:
        load_campaign(bad)
    assert message in str(error.value)


def test_the_running_header_cannot_break_out_of_the_style(tmp_path):
    from helpers.run.pages import css_text, print_css
    from helpers.text.i18n import translator

    assert css_text('Brand "A" </style><b>') == '"Brand \\22 A\\22  \\3c /style\\3e \\3c b\\3e "'
    campaign = load_campaign(tiny_copy(tmp_path, name="'Aurora </style> launch'"))
    assert campaign.name == "Aurora </style> launch"
    css = print_css(campaign, "campaign report", translator("en"))
    assert "</style>" not in css and "size: A4;" in css
    assert 'content: "Test brand · Aurora \\3c /style\\3e  launch"' in css
