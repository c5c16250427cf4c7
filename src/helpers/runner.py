"""Running a campaign: every stage notebook through papermill, then code-free HTML and an index.

A run is written to a hidden temporary folder beside the report and moved into place at the end,
so a failed rerun never destroys the last good report: it is kept as ``reports/<id>.failed/``.
"""

from __future__ import annotations

import json
import keyword
import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from helpers import __version__
from helpers.artifacts import write_text_atomically
from helpers.campaign import Campaign, load_campaign
from helpers.config import KERNEL_NAME, NOTEBOOKS_DIR, REPORTS_DIR
from helpers.data import load_campaign_data
from helpers.errors import display_path

TEMPLATES_DIR = Path(__file__).with_name("templates")
STAGE_FILE = re.compile(r"^(?P<number>\d{2})-(?P<name>[a-z0-9-]+)\.ipynb$")
HIDDEN_CELL_TAGS = {"parameters", "injected-parameters", "remove-cell"}


@dataclass(frozen=True)
class Stage:
    """One stage notebook, e.g. ``00-landscape``."""

    number: int
    name: str
    path: Path

    @property
    def key(self) -> str:
        """``00-landscape``: the notebook's file name without ``.ipynb``."""
        return self.path.stem

    @property
    def title(self) -> str:
        """``00 Landscape``: how the stage is shown to people."""
        return f"{self.number:02d} {self.name.replace('-', ' ').capitalize()}"


@dataclass
class StageResult:
    """What happened to one stage in a run."""

    stage: str
    title: str
    status: str = "skipped"
    seconds: float | None = None
    notebook: str | None = None
    html: str | None = None
    error: str | None = None


@dataclass
class RunResult:
    """The outcome of :func:`run_campaign`."""

    campaign_id: str
    report_dir: Path
    stages: list[StageResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every selected stage finished."""
        return all(stage.status == "done" for stage in self.stages)

    @property
    def failed(self) -> StageResult | None:
        """The first failed stage, if any."""
        return next((s for s in self.stages if s.status == "failed"), None)


def discover_stages(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Stage]:
    """The stage notebooks ``NN-name.ipynb`` in order."""
    stages = []
    for path in sorted(notebooks_dir.glob("*.ipynb")):
        match = STAGE_FILE.match(path.name)
        if match:
            stages.append(Stage(int(match["number"]), match["name"], path))
    return stages


def select_stages(stages: list[Stage], spec: str | None) -> list[Stage]:
    """Pick stages by a spec such as ``"00-02"``, ``"01,03"`` or ``"02"``.

    Raises
    ------
    ValueError
        When the spec is malformed or names no known stage.
    """
    if not spec:
        return stages
    wanted: set[int] = set()
    for part in spec.split(","):
        bounds = part.strip().split("-")
        if not all(b.isdigit() for b in bounds) or len(bounds) > 2:
            raise ValueError(f"--stages {spec!r}: use numbers like 00-02 or 01,03")
        low, high = int(bounds[0]), int(bounds[-1])
        wanted |= set(range(low, high + 1))
    chosen = [stage for stage in stages if stage.number in wanted]
    if not chosen:
        known = ", ".join(stage.key for stage in stages)
        raise ValueError(f"--stages {spec!r} names no stage (known: {known})")
    return chosen


def notebook_parameters(path: Path) -> dict[str, dict[str, str]]:
    """The parameters a notebook declares in its ``parameters`` cell (via papermill)."""
    import papermill

    return papermill.inspect_notebook(str(path))


def check_parameters(parameters: dict[str, object], declared: dict[str, object], where: str):
    """Refuse to inject a name that is not a plain identifier the notebook declares.

    Values travel as literals (papermill writes their ``repr``); this guards the names.
    """
    for name in parameters:
        if not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"{where}: parameter name {name!r} is not a valid identifier")
        if name not in declared:
            raise ValueError(f"{where}: notebook declares no parameter {name!r}")


def kernel_name() -> str:
    """The project's kernel when it is registered, else the current environment's python3."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL_NAME if KERNEL_NAME in KernelSpecManager().find_kernel_specs() else "python3"


def execute_stage(stage: Stage, parameters: dict[str, object], output: Path) -> str | None:
    """Execute one notebook with papermill; return None on success or a one-line error.

    The executed notebook is written to ``output`` either way; papermill marks the failing cell.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    check_parameters(parameters, notebook_parameters(stage.path), stage.key)
    try:
        papermill.execute_notebook(
            str(stage.path),
            str(output),
            parameters=parameters,
            kernel_name=kernel_name(),
            cwd=str(stage.path.parent),
            progress_bar=False,
            log_output=False,
            # keep the kernel's own start-up chatter out of the user's terminal
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as error:
        return f"cell {error.exec_count}: {error.ename}: {_first_line(error.evalue)}"
    except Exception as error:  # a kernel that died or would not start
        return f"{type(error).__name__}: {_first_line(str(error))}"
    return None


def _first_line(text: str) -> str:
    lines = [line for line in str(text).splitlines() if line.strip()]
    return lines[0] if lines else ""


def export_html(notebook: Path, html: Path, campaign: Campaign, stage: Stage) -> None:
    """Export an executed notebook to code-free HTML with everything inline.

    Code, prompts, the parameters cells and warnings written to stderr are left out; charts are
    embedded as images; no script or font is loaded from the network.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.remove_cell_tags = HIDDEN_CELL_TAGS
    config.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(
        config=config,
        template_name="report",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(config=config), enabled=True)
    exporter.log.setLevel("ERROR")  # nbconvert notes on image alt text are not for the user
    node = nbformat.read(notebook, as_version=4)
    node.metadata["title"] = f"{stage.title} — {campaign.name}"
    _drop_stderr(node)
    resources = {"campaign_name": campaign.name, "stage_title": stage.title}
    body, _ = exporter.from_notebook_node(node, resources=resources)
    write_text_atomically(html, body)


def _drop_stderr(node) -> None:
    """Warnings are for the analyst in JupyterLab, not for the marketer reading the report."""
    for cell in node.cells:
        if cell.get("outputs"):
            cell.outputs = [
                out
                for out in cell.outputs
                if not (out.get("output_type") == "stream" and out.get("name") == "stderr")
            ]


def write_index(run_dir: Path, campaign: Campaign, result: RunResult, campaign_file: Path):
    """Write ``index.html`` (the report's front page) and ``run.json`` (for machines)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR), autoescape=select_autoescape(default=True)
    )
    page = env.get_template("index.html.j2").render(
        campaign=campaign,
        stages=result.stages,
        failed=result.failed,
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"),
        version=__version__,
        campaign_file=display_path(campaign_file),
    )
    write_text_atomically(run_dir / "index.html", page)
    summary = {
        "campaign": campaign.id,
        "ok": result.ok,
        "stages": [asdict(s) for s in result.stages],
    }
    write_text_atomically(run_dir / "run.json", json.dumps(summary, indent=2))


def run_campaign(
    campaign_file: str | Path,
    out_dir: str | Path = REPORTS_DIR,
    stages: str | None = None,
    keep_going: bool = False,
    on_stage: Callable[[Stage, StageResult], None] | None = None,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> RunResult:
    """Run a campaign's stages and write its report.

    Parameters
    ----------
    campaign_file : str or Path
        The campaign's YAML file.
    out_dir : str or Path
        Where reports go; the report is ``out_dir/<campaign id>/``.
    stages : str, optional
        Which stages to run, e.g. ``"00-02"``; all by default.
    keep_going : bool
        Run later stages after a failure instead of skipping them.
    on_stage : callable, optional
        Called after each stage with the stage and its result (progress display).
    notebooks_dir : Path
        Where the stage notebooks are (tests use small fixture notebooks).

    Returns
    -------
    RunResult
        Each stage's status; ``report_dir`` is the report, or the ``.failed`` folder.

    Raises
    ------
    InputError
        When the campaign file or one of its data files is invalid; nothing is run then.
    """
    campaign_file = Path(campaign_file).resolve()
    campaign = load_campaign(campaign_file)
    load_campaign_data(campaign)
    chosen = select_stages(discover_stages(notebooks_dir), stages)
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    run_dir = out_dir / f".{campaign.id}.partial-{os.getpid()}"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()
    result = RunResult(campaign.id, run_dir, [StageResult(s.key, s.title) for s in chosen])
    blocked = False
    for stage, outcome in zip(chosen, result.stages, strict=False):
        if not blocked:
            _run_stage(stage, outcome, campaign, campaign_file, run_dir)
            blocked = outcome.status == "failed" and not keep_going
        if on_stage:
            on_stage(stage, outcome)
    write_index(run_dir, campaign, result, campaign_file)
    result.report_dir = _put_in_place(run_dir, out_dir, campaign.id, result.ok)
    return result


def _run_stage(
    stage: Stage, outcome: StageResult, campaign: Campaign, campaign_file: Path, run_dir: Path
) -> None:
    parameters = {
        "campaign_file": str(campaign_file),
        "run_dir": str(run_dir),
        "interactive": False,
    }
    notebook = run_dir / f"{stage.key}.ipynb"
    started = time.perf_counter()
    outcome.error = execute_stage(stage, parameters, notebook)
    outcome.seconds = round(time.perf_counter() - started, 2)
    outcome.status = "failed" if outcome.error else "done"
    if notebook.exists():
        outcome.notebook = notebook.name
        export_html(notebook, run_dir / f"{stage.key}.html", campaign, stage)
        outcome.html = f"{stage.key}.html"


def _put_in_place(run_dir: Path, out_dir: Path, campaign_id: str, ok: bool) -> Path:
    """Move a finished run into place: over the last report if it passed, beside it if not."""
    target = out_dir / (campaign_id if ok else f"{campaign_id}.failed")
    previous = out_dir / f".{campaign_id}.previous-{os.getpid()}"
    if target.exists():
        os.replace(target, previous)
    os.replace(run_dir, target)
    shutil.rmtree(previous, ignore_errors=True)
    if ok:
        shutil.rmtree(out_dir / f"{campaign_id}.failed", ignore_errors=True)
    return target


def progress_printer(total: int, stream=sys.stderr) -> Callable[[Stage, StageResult], None]:
    """A progress bar on a terminal; nothing when output is not a terminal."""
    if not stream.isatty():
        return lambda stage, outcome: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="stage", file=stream, leave=False)

    def update(stage: Stage, outcome: StageResult) -> None:
        bar.set_description(f"{stage.key}: {outcome.status}")
        bar.update(1)
        if bar.n >= total:
            bar.close()

    return update
