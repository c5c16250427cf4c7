"""The agency's branding (issue 19, item 10): checked in the campaign file with clear messages,
shown on the index, every stage page and the one-page report with the logo inline; without a
``branding:`` section the pages carry none of it."""

from __future__ import annotations

import base64

import pytest

from helpers.core.campaign import load_campaign
from helpers.core.errors import InputError
from helpers.report.branding import branding_head, logo_data_uri
from helpers.run.runner import run_campaign
from tests.conftest import GOOD, tiny_copy

PNG = base64.b64decode(  # a 1x1 transparent PNG
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def branded(folder, block: str, campaign_id: str = "tiny-branded"):
    """The tiny campaign with a ``branding:`` block, a logo.png beside it."""
    (folder / "brand").mkdir(parents=True, exist_ok=True)
    (folder / "brand" / "logo.png").write_bytes(PNG)
    path = tiny_copy(folder, f"{campaign_id}.yaml", id=campaign_id)
    path.write_text(path.read_text(encoding="utf-8") + block, encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_campaign(path)
    return [line.split(": ", 1)[1] for line in str(caught.value).splitlines()]


def test_a_branding_section_is_read_with_the_logo_relative_to_the_campaign_file(tmp_path):
    block = 'branding:\n  agency: Northlight\n  logo: brand/logo.png\n  accent: "#0B6E4F"\n'
    campaign = load_campaign(branded(tmp_path, block))
    assert campaign.branding.logo == (tmp_path / "brand" / "logo.png").resolve()
    assert campaign.branding.accent == "#0b6e4f"
    assert logo_data_uri(campaign.branding) == "data:image/png;base64," + base64.b64encode(
        PNG
    ).decode("ascii")
    head = branding_head(campaign.branding)
    assert "--accent: #0b6e4f" in head and ">Northlight</span>" in head


def test_every_branding_problem_is_reported_at_once_with_what_is_allowed(tmp_path):
    block = "branding:\n  logo: brand/missing.png\n  accent: teal\n  colour: red\n"
    found = problems(branded(tmp_path, block))
    assert len(found) == 3
    missing = tmp_path / "brand" / "missing.png"
    assert (
        f"logo file {missing} not found (give the path relative to the campaign file)" in (found[0])
    )
    assert "accent colour 'teal' is not #rrggbb (six hexadecimal digits, e.g. #0b6e4f" in found[1]
    assert "branding.colour: unknown field (allowed: agency, logo, accent)" in found[2]


def test_an_unquoted_colour_is_a_yaml_comment_and_the_message_says_so(tmp_path):
    found = problems(branded(tmp_path, "branding:\n  accent: #0b6e4f\n"))
    assert found == [
        'branding.accent: accent colour is empty: write it in quotes, accent: "#0b6e4f" '
        "(YAML reads an unquoted # as the start of a comment)"
    ]


def test_a_logo_must_be_a_small_image(tmp_path):
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "brand" / "huge.png").write_bytes(PNG + b"\0" * 600_000)
    assert (
        "logo logo.pdf is not an image the report shows (gif, jpeg, jpg, png, svg, webp)"
        in (problems(branded(tmp_path, "branding:\n  logo: brand/logo.pdf\n"))[0])
    )
    assert (
        "keep it under 512,000 bytes"
        in problems(branded(tmp_path, "branding:\n  logo: brand/huge.png\n"))[0]
    )


def test_without_branding_nothing_is_added():
    assert branding_head(None) == "" and logo_data_uri(None) == ""


def test_the_pages_carry_the_logo_inline_and_the_summary_first(tmp_path):
    block = 'branding:\n  agency: Northlight\n  logo: brand/logo.png\n  accent: "#0b6e4f"\n'
    result = run_campaign(branded(tmp_path, block), out_dir=tmp_path / "out", notebooks_dir=GOOD)
    assert result.ok
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode("ascii")
    for name in ("index.html", "report.html", "00-first.html", "01-second.html"):
        page = (result.report_dir / name).read_text(encoding="utf-8")
        assert f'src="{uri}"' in page and 'alt="Northlight"' in page, name
        assert "--accent: #0b6e4f" in page, name
    for name in ("index.html", "report.html"):
        page = (result.report_dir / name).read_text(encoding="utf-8")
        body = page.split("<body", 1)[1]
        # the summary comes before the stages: before the index's table, the report's contents
        assert body.index('id="summary"') < body.index("<table" if name == "index.html" else "toc")
    index = (result.report_dir / "index.html").read_text(encoding="utf-8")
    assert "<dd>Reach 100,000</dd>" in index  # the goal in words, never "reach 100000"
    plain = run_campaign(tiny_copy(tmp_path), out_dir=tmp_path / "plain", notebooks_dir=GOOD)
    page = (plain.report_dir / "index.html").read_text(encoding="utf-8")
    assert "brand-mark" not in page and "data:image/png" not in page
