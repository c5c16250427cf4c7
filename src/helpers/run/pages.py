"""Report pages: each executed notebook as a code-free HTML page (charts inline, nothing from
the network, output passed through :mod:`helpers.run.safety`), the links between them, the
one-page ``report.html``, the report's ``index.html`` and ``run.json``.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import re
import threading
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from helpers import __version__
from helpers.core.artifacts import write_text_atomically
from helpers.core.campaign import Campaign
from helpers.core.data import load_campaign_data
from helpers.core.errors import InputError, display_path
from helpers.core.state import CampaignState, campaign_state, state_details
from helpers.report import sample_data_banner
from helpers.report.branding import branding_head
from helpers.report.summary import campaign_summary
from helpers.report.summary_page import goal_target_text, summary_html
from helpers.run.results import RunResult
from helpers.run.safety import CSP_META, markdown_output_html, safe_html
from helpers.stages.registry import Stage
from helpers.text.cells import page_title, translate_markdown
from helpers.text.i18n import translator

TEMPLATES_DIR = Path(__file__).parents[1] / "report" / "templates"
HIDDEN_CELL_TAGS = {"parameters", "injected-parameters", "remove-cell"}
# --- report pages --------------------------------------------------------------------------

_local = threading.local()
_exporters: list = []  # HTML exporters not in use, kept for the next page of this process
_exporters_lock = threading.Lock()


def _new_exporter():
    """An HTML exporter for stage pages (building one compiles the templates)."""
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = HIDDEN_CELL_TAGS
    config.TagRemovePreprocessor.enabled = True  # nbconvert's own, one of its defaults
    # the page template writes its own head: the highlighting styles this makes are not used
    config.CSSHTMLHeaderPreprocessor.enabled = False
    exporter = _page_exporter_class()(
        config=config,
        template_name="stage-page",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        # the notebook is validated once, after the last preprocessor, not after each one
        optimistic_validation=True,
        filters={"safe_html": safe_html, "markdown_output_html": markdown_output_html},
    )
    exporter.log.setLevel("ERROR")  # nbconvert notes on image alt text are not for the user
    return exporter


@functools.cache
def _page_exporter_class():
    """nbconvert's HTML exporter without its last pass over the finished page: it parses the
    whole page again (images included, about three quarters of the export time) to give images
    without alternative text a placeholder and to make cells of JupyterLab's layout focusable.
    The stage template writes each chart's alternative text itself, and its layout is not
    JupyterLab's."""
    from nbconvert import HTMLExporter, TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class StagePageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name"))
            resources = self._init_resources(resources)
            # the filters HTMLExporter registers before rendering
            self.register_filter(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return StagePageExporter


@contextlib.contextmanager
def _exporter():
    """An HTML exporter for one page: one of this process's, built once and reused by every
    run and thread (a batch worker's pages do not compile the templates again)."""
    with _exporters_lock:
        exporter = _exporters.pop() if _exporters else None
    exporter = exporter or _new_exporter()
    try:
        yield exporter
    finally:
        with _exporters_lock:
            _exporters.append(exporter)


def warm_exporter() -> None:
    """Build an exporter now (a run does this while its kernel starts), if none is waiting."""
    with _exporters_lock:
        if _exporters:
            return
    exporter = _new_exporter()
    with _exporters_lock:
        _exporters.append(exporter)


#: a character reference (``&nbsp;``, ``&#257;``) that stands for a character without a meaning
#: in HTML's markup: not ``&``, ``<``, ``>`` or a quote
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
MARKUP_CHARACTERS = frozenset("&<>\"'")


def as_characters(page: str) -> str:
    """The page with its character references written as the characters they stand for
    (``3&nbsp;631&nbsp;€`` as ``3 631 €``, with a no-break space), except those of ``&``, ``<``,
    ``>`` and quotes: the same page to a browser, and its text as a reader sees it."""

    def character(reference: re.Match) -> str:
        text = html.unescape(reference[0])
        return reference[0] if text == reference[0] or MARKUP_CHARACTERS & set(text) else text

    return ENTITY.sub(character, page)


HEADING = re.compile(r'<h(?P<level>[12]) id="(?P<id>[^"]+)">(?P<inner>.*?)</h[12]>', re.DOTALL)
BODY_START, BODY_END = "<!--playbook:body-->", "<!--playbook:end-body-->"


def page_sections(page: str) -> tuple[str | None, list[tuple[str, str]]]:
    """An exported page's title (its first ``h1``) and the ``(id, text)`` of each ``h2``."""
    body = page.split(BODY_START, 1)[-1].split(BODY_END, 1)[0]
    title, sections = None, []
    for match in HEADING.finditer(body):
        inner = re.sub(r'<a class="anchor-link".*?</a>', "", match["inner"], flags=re.DOTALL)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()
        if match["level"] == "2":
            sections.append((match["id"], text))
        elif title is None:
            title = text
    return title, sections


def _toc(sections: list[tuple[str, str]], prefix: str = "", title: str = "On this page") -> str:
    if not sections:
        return ""
    items = "".join(
        f'<li><a href="#{prefix}{html.escape(anchor)}">{html.escape(text)}</a></li>'
        for anchor, text in sections
    )
    return f'<nav class="toc"><strong>{html.escape(title)}</strong><ol>{items}</ol></nav>'


def export_html(
    notebook: Path, page: Path, campaign: Campaign, stage: Stage
) -> tuple[str | None, list[tuple[str, str]]]:
    """Export an executed notebook to a code-free HTML page with everything inline.

    Code, prompts, the parameters cells and warnings written to stderr are left out; charts are
    embedded as images; no script or font is loaded from the network; output HTML is passed
    through :func:`safe_html`. The page gets the campaign's name, a link to the report's front
    page, the sample-data banner when a table comes from the fictional sample, and a table of
    contents (links to the stages before and after are added by
    :func:`link_pages` once every stage has run).

    Returns
    -------
    (str or None, list of (str, str))
        The page's title (its first heading) and its sections: heading id and text.
    """
    import nbformat

    node = nbformat.read(notebook, as_version=4)
    translate_markdown(node, stage.key, campaign.language)  # the notebook itself stays English
    shown = stage.title if campaign.language == "en" else page_title(node, stage.title)
    node.metadata["title"] = f"{shown} — {campaign.name}"
    _drop_stderr(node)
    _ = translator(campaign.language)
    resources = {
        "campaign_name": campaign.name,
        "stage_title": shown,
        "generated": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "version": __version__,
        "language": campaign.language,
        "labels": {
            "report": _("campaign report"),
            "overview": _("Report overview"),
            "chart": _("Chart"),
        },
        "sample_banner": sample_data_banner(campaign.data, _),
        "csp_meta": CSP_META,
        "branding": branding_head(campaign.branding),
    }
    with _exporter() as exporter:
        body, _resources = exporter.from_notebook_node(node, resources=resources)
    body = as_characters(body)
    title, sections = page_sections(body)
    if sections:  # the contents go after the page's title and introduction
        first = body.index(f'<h2 id="{sections[0][0]}"')
        body = body[:first] + _toc(sections, title=_("On this page")) + body[first:]
    write_text_atomically(page, body)
    return title, sections


def _drop_stderr(node) -> None:
    """Warnings are for the analyst in JupyterLab, not for the marketer reading the report."""
    for cell in node.cells:
        if cell.get("outputs"):
            cell.outputs = [
                out
                for out in cell.outputs
                if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
            ]


def _jinja():
    if not _local.__dict__.get("jinja"):
        from jinja2 import Environment, FileSystemLoader, select_autoescape
        from markupsafe import Markup

        _local.jinja = Environment(
            loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True)
        )
        _local.jinja.globals["csp_meta"] = Markup(CSP_META)
    return _local.jinja


CLIENT_REPORT = "report-client.html"


def write_full_report(
    run_dir: Path,
    campaign: Campaign,
    result: RunResult,
    stages: list[str] | None = None,
    name: str = "report.html",
) -> Path:
    """``report.html``: every stage page on one page with one table of contents (also the PDF).

    Heading ids are prefixed with the stage, so that two stages' "Sources" do not collide. With
    ``stages`` (stage names, numbers or keys, :func:`client_stages`) only those stages are on
    the page: the client's edition, ``report-client.html``. Printed, every page has the
    campaign and brand at the top, the page number and count at the bottom, on the campaign's
    paper (:func:`print_css`).
    """
    from markupsafe import Markup

    _ = translator(campaign.language)
    chosen = client_stages(result, stages) if stages is not None else result.stages
    parts = []
    for stage in chosen:
        if not stage.html or not (run_dir / stage.html).is_file():
            continue
        page = (run_dir / stage.html).read_text(encoding="utf-8")
        body = page.split(BODY_START, 1)[-1].split(BODY_END, 1)[0]
        body = re.sub(r'<nav class="toc">.*?</nav>', "", body, count=1, flags=re.DOTALL)
        for anchor, _text in stage.sections:
            body = body.replace(f'id="{anchor}"', f'id="{stage.stage}--{anchor}"')
            body = body.replace(f'href="#{anchor}"', f'href="#{stage.stage}--{anchor}"')
        parts.append((stage, Markup(body)))
    css = (TEMPLATES_DIR / "stage-page" / "report.css").read_text(encoding="utf-8")
    edition = _("client edition") if stages is not None else _("campaign report")
    page = (
        _jinja()
        .get_template("full-report.html.j2")
        .render(
            campaign=campaign,
            _=_,
            sample_banner=Markup(sample_data_banner(campaign.data, _)),
            parts=parts,
            failed=result.failed,
            css=Markup(css + print_css(campaign, edition, _)),
            **summary_parts(run_dir, campaign, result),
            generated=_when(datetime.now(), _),
            version=__version__,
        )
    )
    path = run_dir / name
    write_text_atomically(path, page)
    return path


def write_client_report(run_dir: Path, campaign: Campaign, result: RunResult) -> Path:
    """``report-client.html``, the client's edition: the summary and the stages
    ``report.client_stages`` names, by default those for the campaign's state
    (:func:`helpers.core.campaign.report.client_stage_names`)."""
    from helpers.core.campaign.report import client_stage_names

    state = run_state(campaign, run_dir)
    names = client_stage_names(campaign, state.state if state else None)
    return write_full_report(run_dir, campaign, result, names, CLIENT_REPORT)


def client_stages(result: RunResult, names: list[str]) -> list:
    """The stages of a run named in ``names`` (``report.client_stages``), in the run's order:
    a name matches a stage by its name (``roi``), number (``06``, ``6``) or key (``06-roi``)."""
    wanted = {name.strip().lower() for name in names}
    chosen = []
    for stage in result.stages:
        number, _dash, short = stage.stage.partition("-")
        keys = {stage.stage.lower(), short.lower(), number, number.lstrip("0") or "0"}
        if keys & wanted:
            chosen.append(stage)
    return chosen


def css_text(text: str) -> str:
    """A CSS string (``"..."``) of any text, safe inside a ``<style>`` element."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32 else char for char in text
    )
    return f'"{escaped}"'


def print_css(campaign: Campaign, edition: str, _) -> str:
    """The printed page: the campaign's paper (:func:`helpers.core.campaign.report.paper_size`),
    ``brand · campaign`` at the top left and the edition at the top right of every page but the
    first, ``page / pages`` at the bottom right."""
    from helpers.core.campaign.report import paper_size

    both = campaign.name.startswith(campaign.brand)
    running = css_text(campaign.name if both else f"{campaign.brand} · {campaign.name}")
    box = "font: 8.5px system-ui, sans-serif; color: #5f6368;"
    return f"""
@page {{ size: {paper_size(campaign)}; margin: 16mm 12mm 14mm;
  @top-left {{ content: {running}; {box} }}
  @top-right {{ content: {css_text(edition)}; {box} }}
  @bottom-left {{ content: {css_text(_.date(datetime.now().date()))}; {box} }}
  @bottom-right {{ content: counter(page) " / " counter(pages); {box} }} }}
@page :first {{ @top-left {{ content: none; }} @top-right {{ content: none; }} }}
"""


def write_index(
    run_dir: Path,
    campaign: Campaign,
    result: RunResult,
    campaign_file: Path,
    started: datetime | None = None,
):
    """Write ``index.html`` (the report's front page) and ``run.json`` (for machines).

    ``run.json`` says whether the report is built on the fictional sample data
    (``sample_data``) and which of the campaign's tables come from it (``sample_tables``), and
    the campaign's ``state`` (planning, live or finished) with its facts (``state_facts``,
    :func:`helpers.core.state.campaign_state`); the front page names the state near the top.
    """
    from markupsafe import Markup

    finished = datetime.now()
    _ = translator(campaign.language)
    state = run_state(campaign, run_dir)
    page = (
        _jinja()
        .get_template("index.html.j2")
        .render(
            campaign=campaign,
            _=_,
            sample_banner=Markup(sample_data_banner(campaign.data, _)),
            stages=result.stages,
            failed=result.failed,
            generated=_when(finished, _),
            version=__version__,
            campaign_file=display_path(campaign_file),
            full_report=(run_dir / "report.html").is_file(),
            pdf=result.pdf,
            client_pdf=result.client_pdf,
            **summary_parts(run_dir, campaign, result, state),
        )
    )
    write_text_atomically(run_dir / "index.html", page)
    summary = {
        "campaign": campaign.id,
        "ok": result.ok,
        "stages": [asdict(s) for s in result.stages],
        "name": campaign.name,
        "brand": campaign.brand,
        "objective": campaign.objective,
        "markets": list(campaign.markets),
        "currency": campaign.currency,
        "budget": campaign.budget,
        "start": str(campaign.start),
        "end": str(campaign.end),
        "campaign_file": str(campaign_file),
        "started": (started or finished).isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "seconds": result.seconds,
        "version": __version__,
        "sample_data": campaign.data.uses_sample,
        "sample_tables": [t for t, s in campaign.data.named().items() if s.is_sample],
        "state": state.state if state else None,
        "state_facts": state.as_dict() if state else None,
    }
    write_text_atomically(run_dir / "run.json", json.dumps(summary, indent=2, default=str))


def summary_parts(
    run_dir: Path, campaign: Campaign, result: RunResult, state: CampaignState | None = None
) -> dict:
    """What the front page and the one-page report open with: the summary a client reads first
    (:mod:`helpers.report.summary`) and the agency's branding, as HTML for the templates, and
    the goals in words for the index."""
    from markupsafe import Markup

    _ = translator(campaign.language)
    state = state or run_state(campaign, run_dir)
    summary = campaign_summary(campaign, run_dir, result.stages, state.state if state else None)
    details = state_details(state, campaign, _) if state else ""
    return {
        "summary": Markup(summary_html(summary, _, details, end=_.date(campaign.end))),
        "branding": Markup(branding_head(campaign.branding)),
        "goal_targets": [
            goal_target_text(goal.model_dump(), campaign.currency, _) for goal in campaign.goals
        ],
    }


def run_state(campaign: Campaign, run_dir: Path) -> CampaignState | None:
    """The campaign's state for the front page and ``run.json`` (None when its results files
    cannot be read: the run has said why already)."""
    named = [name for name in ("results", "results_to_date") if campaign.data.file(name)]
    try:
        tables = load_campaign_data(campaign, named) if named else {}
    except InputError:
        return None
    return campaign_state(campaign, tables, run_dir)


NAV_MARK = "<!--playbook:nav-->"


def _when(moment: datetime, _) -> str:
    """When a page was made, in the report's date style: ``3 Dec 2026 15:34``."""
    return f"{_.date(moment)} {moment:%H:%M}"


def link_pages(run_dir: Path, result: RunResult, language: str = "en") -> None:
    """Add to each stage page the links to the stages before and after that have a page (named
    by their translated first heading when the report is not in English)."""
    pages = [stage for stage in result.stages if stage.html]
    name = {s.stage: s.heading if language != "en" and s.heading else s.title for s in pages}
    for position, stage in enumerate(pages):
        links = ""
        if position > 0:
            before = pages[position - 1]
            links += f' · <a href="{before.html}">&larr; {html.escape(name[before.stage])}</a>'
        if position + 1 < len(pages):
            after = pages[position + 1]
            links += f' · <a href="{after.html}">{html.escape(name[after.stage])} &rarr;</a>'
        path = run_dir / stage.html
        text = path.read_text(encoding="utf-8")
        write_text_atomically(path, text.replace(NAV_MARK, links, 1))
