"""The playbook as a browsable site: the MkDocs hook that makes repository links work.

MkDocs builds the site from one folder, ``playbook/``. The chapters also link files elsewhere in
the repository (the notebooks, ``data/reference/SOURCES.md``) and the example campaigns' reports.
A strict build would reject those links as "not found", and switching the check off would hide
real breakage too. Instead, ``mkdocs.yml`` loads this module as a hook, which:

- copies each linked repository file that exists into the site under ``repo/`` (Markdown files
  become pages, notebooks are offered for download) and points the link there;
- points links to a campaign's report, ``reports/<id>/index.html``, at a copy of that report in
  the site when ``playbook run`` has built it, and otherwise at a short page saying how to build
  it (only for campaigns that exist in ``data/campaigns/``);
- renders every notebook the site holds (the stage notebooks, the exercises and their solutions)
  as a page beside its download, its cells as stored and not run, and points notebook links at
  that page (:func:`notebook_markdown`);
- writes the search index also as ``search/search_index.js``, which the theme override's
  ``search/main.js`` (``src/helpers/training/site_theme/``) loads with a script tag, so search
  works when the site is opened from disk (``file://``), where the browser refuses the
  ``fetch``/worker that MkDocs' own search uses;
- leaves every other link alone, so a link to a missing file still fails ``mkdocs build
  --strict``.

``tests/training/test_playbook.py`` uses :func:`resolve_link` to check the same links without
a build.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DOCS_FOLDER = "playbook"
REPO_PREFIX = "repo"
REPORTS_FOLDER = "reports"
CAMPAIGNS_FOLDER = "data/campaigns"

# [text](target) or ![alt](target "title"); the target has no spaces in this project
LINK = re.compile(r"(?P<head>!?\[[^\]]*\]\()(?P<target>[^)\s]+)(?P<tail>(?:\s+\"[^\"]*\")?\))")
FENCE = re.compile(r"^\s*(```|~~~)")
REPORT = re.compile(r"^reports/(?P<campaign>[a-z0-9-]+)/(?P<file>[^/]+)$")
# cells the stage notebooks hide from readers (imports, set-up); the report hides them too
HIDDEN_CELL_TAGS = {"remove-cell"}
SEARCH_INDEX_JSON = "search/search_index.json"  # what MkDocs' search plugin writes
SEARCH_INDEX_JS = "search/search_index.js"  # what site_theme/search/main.js loads
SEARCH_INDEX_GLOBAL = "playbookSearchIndex"


@dataclass(frozen=True)
class Link:
    """Where a relative link in a playbook page leads.

    Attributes
    ----------
    repo_path : str
        The target as a path from the repository root, e.g. ``notebooks/00-landscape.ipynb``.
    fragment : str
        The ``#anchor`` part without ``#``, or ``""``.
    kind : str
        ``"docs"`` (inside ``playbook/``), ``"repo"`` (another repository file), ``"report"``
        (a campaign report that ``playbook run`` writes), or ``"outside"`` (above the repository).
    """

    repo_path: str
    fragment: str
    kind: str


def is_external(target: str) -> bool:
    """Whether a link goes to another site, a mail address or an anchor on the same page."""
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", target, flags=re.IGNORECASE)) or (
        target.startswith(("#", "/"))
    )


def resolve_link(page_repo_path: str, target: str) -> Link | None:
    """Resolve a relative link found in a page, as a path from the repository root.

    Parameters
    ----------
    page_repo_path : str
        The page's path from the repository root, e.g. ``playbook/01-landscape.md``.
    target : str
        The link target as written, e.g. ``../notebooks/00-landscape.ipynb#top``.

    Returns
    -------
    Link or None
        None for external links, absolute paths and same-page anchors.
    """
    if is_external(target):
        return None
    path, _, fragment = target.partition("#")
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_repo_path), path))
    if resolved == ".." or resolved.startswith("../"):
        kind = "outside"
    elif resolved == DOCS_FOLDER or resolved.startswith(f"{DOCS_FOLDER}/"):
        kind = "docs"
    elif REPORT.match(resolved):
        kind = "report"
    else:
        kind = "repo"
    return Link(resolved, fragment, kind)


def site_path(repo_path: str) -> str:
    """Where a repository file is in the site (a path below the site's root)."""
    if repo_path.startswith(f"{DOCS_FOLDER}/"):
        return repo_path[len(DOCS_FOLDER) + 1 :]
    if REPORT.match(repo_path):
        return repo_path
    return f"{REPO_PREFIX}/{repo_path}"


def page_repo_path(src_uri: str) -> str:
    """The repository path a site file came from (the inverse of :func:`site_path`)."""
    if src_uri.startswith(f"{REPO_PREFIX}/"):
        return src_uri[len(REPO_PREFIX) + 1 :]
    if REPORT.match(src_uri):
        return src_uri
    return f"{DOCS_FOLDER}/{src_uri}"


def page_url(src_uri: str) -> str:
    """The HTML file a Markdown page becomes (``use_directory_urls: false``)."""
    folder, name = posixpath.split(src_uri)
    stem = name.rsplit(".", 1)[0]
    html_name = "index.html" if stem in ("README", "index") else f"{stem}.html"
    return posixpath.join(folder, html_name)


def report_available(link: Link, root: Path) -> bool:
    """Whether a report link can be served: its campaign exists (built or not)."""
    match = REPORT.match(link.repo_path)
    return bool(match) and (root / CAMPAIGNS_FOLDER / f"{match['campaign']}.yaml").is_file()


def links_in(markdown: str) -> list[str]:
    """The inline link targets of a Markdown text, skipping fenced code blocks."""
    targets, fenced = [], False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            targets += [m["target"] for m in LINK.finditer(_without_code_spans(line))]
    return targets


def _without_code_spans(line: str) -> str:
    return re.sub(r"`[^`]*`", "", line)


def rewrite_links(markdown: str, page_src_uri: str, root: Path) -> str:
    """Point links that leave ``playbook/`` at their copies in the site.

    Links to missing files are left as written, so MkDocs reports them.
    """
    page = page_repo_path(page_src_uri)
    here = posixpath.dirname(page_src_uri)

    def replace(match: re.Match) -> str:
        link = resolve_link(page, match["target"])
        if link is not None and link.kind == "docs" and _renders(root / link.repo_path):
            path, _, fragment = match["target"].partition("#")
            new = notebook_page_path(path) + (f"#{fragment}" if fragment else "")
            return f"{match['head']}{new}{match['tail']}"
        if link is None or link.kind in ("docs", "outside"):
            return match[0]
        if link.kind == "repo" and not (root / link.repo_path).is_file():
            return match[0]
        if link.kind == "report" and not report_available(link, root):
            return match[0]
        new = posixpath.relpath(site_path(link.repo_path), here or ".")
        if link.kind == "repo" and _renders(root / link.repo_path):
            new = notebook_page_path(new)
        if link.fragment:
            new += f"#{link.fragment}"
        return f"{match['head']}{new}{match['tail']}"

    lines, fenced = [], False
    for line in markdown.splitlines(keepends=True):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and "`" not in line:
            line = LINK.sub(replace, line)
        elif not fenced:
            # rewrite outside code spans only
            parts = re.split(r"(`[^`]*`)", line)
            line = "".join(p if p.startswith("`") else LINK.sub(replace, p) for p in parts)
        lines.append(line)
    return "".join(lines)


def notebook_page_path(notebook_path: str) -> str:
    """The Markdown page a notebook is rendered as: ``x/01-a.ipynb`` -> ``x/01-a.md``."""
    return notebook_path[: -len(".ipynb")] + ".md"


def notebook_markdown(path: Path) -> str | None:
    """A notebook as a Markdown page: its cells as stored (not run), with a download link.

    Markdown cells stay Markdown (so their headings make the page's table of contents and their
    links are checked like the chapters'), code cells become Python code blocks, and cells
    tagged ``remove-cell`` (imports and set-up) are left out, as in the report.

    Parameters
    ----------
    path : Path
        The ``.ipynb`` file; the page sits beside it in the site, so it links the file by name.

    Returns
    -------
    str or None
        The page, or None when the file is not a readable notebook (the site then offers it
        for download only).
    """
    if not _renders(path):
        return None
    import nbformat
    from nbconvert import MarkdownExporter
    from traitlets.config import Config

    config = Config()
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = HIDDEN_CELL_TAGS
    body, _ = MarkdownExporter(config=config).from_notebook_node(nbformat.read(path, as_version=4))
    body = body.strip() + "\n"
    name = html.escape(path.name)
    note = (
        f'<p class="notebook-note">The notebook as it is stored, not run (no outputs). '
        f'<a href="{name}" download>Download {name}</a> and open it in '
        "JupyterLab (<code>make lab</code>, or <code>make exercises</code> for the exercises) "
        "to run it.</p>\n"
    )
    first, _, rest = body.partition("\n")
    if not first.startswith("# "):
        return f"# {html.escape(path.stem)}\n\n{note}\n{body}"
    return f"{first}\n\n{note}{rest}"


def _renders(path: Path) -> bool:
    """Whether a path is a notebook the site can render (a readable ``.ipynb``)."""
    if path.suffix != ".ipynb" or not path.is_file():
        return False
    return _readable_notebook(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _readable_notebook(path: str, _mtime: int) -> bool:
    import nbformat

    try:
        nbformat.validate(nbformat.read(path, as_version=4))
    except (OSError, ValueError, nbformat.ValidationError):
        return False
    return True


def search_index_script(index_json: str) -> str:
    """The search index as a script that sets a global, loadable from ``file://``."""
    json.loads(index_json)  # fail loudly on a broken index rather than ship it
    return f"window.{SEARCH_INDEX_GLOBAL} = {index_json};\n"


def placeholder_report(campaign_id: str, back: str) -> str:
    """A page standing in for a report that has not been built yet."""
    campaign = html.escape(campaign_id)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{campaign}: report not built yet</title>
<style>body{{font-family:system-ui,sans-serif;max-width:720px;margin:40px auto;padding:0 16px}}
code{{background:#f4f4f4;padding:1px 4px}}</style></head>
<body><h1>{campaign}: report not built yet</h1>
<p>This site was built before the campaign's report existed. Build the report, then the site:</p>
<pre><code>playbook run data/campaigns/{campaign}.yaml
make site</code></pre>
<p>(<code>make demo</code> builds the <code>aurora-baltics-2027</code> report.) The report is
written to <code>reports/{campaign}/index.html</code>, and the next site build includes it.</p>
<p><a href="{html.escape(back)}">Back to the example reports</a></p>
</body></html>
"""


# --------------------------------------------------------------------------------------------
# MkDocs hooks (mkdocs.yml: hooks: [src/helpers/training/site.py])


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_files(files, config):
    """Add the repository files and reports that the pages link to."""
    from mkdocs.structure.files import File, InclusionLevel

    root = _root(config)
    for notebook in [f for f in files if f.src_uri.endswith(".ipynb")]:
        _add_notebook_page(files, config, Path(notebook.abs_src_path), notebook.src_uri)
    pending = [f for f in files.documentation_pages()]
    seen: set[str] = set()
    while pending:
        page = pending.pop()
        page_path = page_repo_path(page.src_uri)
        for target in links_in(page.content_string):
            link = resolve_link(page_path, target)
            if link is None or link.kind in ("docs", "outside") or link.repo_path in seen:
                continue
            seen.add(link.repo_path)
            if link.kind == "repo" and (root / link.repo_path).is_file():
                added = File.generated(
                    config,
                    site_path(link.repo_path),
                    abs_src_path=str(root / link.repo_path),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
                files.append(added)
                if added.is_documentation_page():
                    pending.append(added)
                rendered = _add_notebook_page(files, config, root / link.repo_path, added.src_uri)
                if rendered is not None:
                    pending.append(rendered)
            elif link.kind == "report" and report_available(link, root):
                _add_report(files, config, root, link, page.src_uri)
    return files


def _add_notebook_page(files, config, path: Path, notebook_uri: str):
    from mkdocs.structure.files import File, InclusionLevel

    uri = notebook_page_path(notebook_uri)
    content = notebook_markdown(path)
    if content is None or files.get_file_from_path(uri) is not None:
        return None
    page = File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
    files.append(page)
    return page


def _add_report(files, config, root: Path, link: Link, linking_page: str) -> None:
    from mkdocs.structure.files import File, InclusionLevel

    folder = root / posixpath.dirname(link.repo_path)
    if (folder / "index.html").is_file():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            uri = f"{posixpath.dirname(link.repo_path)}/{path.relative_to(folder).as_posix()}"
            if files.get_file_from_path(uri) is None:
                files.append(
                    File.generated(
                        config,
                        uri,
                        abs_src_path=str(path),
                        inclusion=InclusionLevel.NOT_IN_NAV,
                    )
                )
        return
    uri = f"{posixpath.dirname(link.repo_path)}/index.html"
    if files.get_file_from_path(uri) is None:
        back = posixpath.relpath(page_url(linking_page), posixpath.dirname(uri))
        campaign = REPORT.match(link.repo_path)["campaign"]
        files.append(
            File.generated(
                config,
                uri,
                content=placeholder_report(campaign, back),
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
        )


def on_page_markdown(markdown, page, config, files):
    """Point links that leave ``playbook/`` at the copies added by :func:`on_files`."""
    return rewrite_links(markdown, page.file.src_uri, _root(config))


def on_post_build(config):
    """Write the search index as a script too, for the offline search (see the module text)."""
    index = Path(config.site_dir) / SEARCH_INDEX_JSON
    if index.is_file():
        script = search_index_script(index.read_text(encoding="utf-8"))
        (Path(config.site_dir) / SEARCH_INDEX_JS).write_text(script, encoding="utf-8")
