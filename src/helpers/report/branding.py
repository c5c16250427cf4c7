"""The agency's branding on the report's pages: its logo (embedded as a data URI, so a report
opened from disk shows it), its name and its accent colour. Without a ``branding:`` section in
the campaign file every function here returns an empty string and the pages look as before.
"""

from __future__ import annotations

import base64
import html

from helpers.core.campaign.branding import LOGO_TYPES, Branding


def logo_data_uri(branding: Branding | None) -> str:
    """The logo as a ``data:`` URI (empty without a logo).

    Parameters
    ----------
    branding : Branding or None
        The campaign's ``branding`` section.

    Returns
    -------
    str
        e.g. ``data:image/png;base64,iVBORw0...``.
    """
    if branding is None or branding.logo is None:
        return ""
    media_type = LOGO_TYPES[branding.logo.suffix.lower()]
    data = base64.b64encode(branding.logo.read_bytes()).decode("ascii")
    return f"data:{media_type};base64,{data}"


def branding_style(branding: Branding | None) -> str:
    """A ``<style>`` that sets the accent colour on every page kind (the stage pages' and the
    one-page report's ``--accent``, the front page's rules and links); empty without one."""
    if branding is None or branding.accent is None:
        return ""
    colour = branding.accent  # checked as #rrggbb by the campaign model
    return (
        "<style>"
        f":root {{ --accent: {colour}; }} a {{ color: {colour}; }} "
        f"header, .report-header {{ border-bottom-color: {colour}; }} "
        f".kicker {{ color: {colour}; }}</style>"
    )


MARK_STYLE = (
    "<style>.brand-mark { display: flex; align-items: center; gap: 10px; margin: 0 0 6px; "
    "font-size: 13px; font-weight: 600; color: #5f6368; } "
    ".brand-mark img { max-height: 40px; max-width: 180px; }</style>"
)


def branding_mark(branding: Branding | None, alt: str = "logo") -> str:
    """The logo and the agency's name for a page's header (empty without either).

    Parameters
    ----------
    branding : Branding or None
        The campaign's ``branding`` section.
    alt : str
        The logo's alternative text (the agency's name when it has one).

    Returns
    -------
    str
        HTML: ``<p class="brand-mark"><img ...> Agency</p>``, with a style for it.
    """
    if branding is None or (branding.logo is None and not branding.agency):
        return ""
    name = html.escape(branding.agency or "")
    logo = logo_data_uri(branding)
    image = f'<img src="{logo}" alt="{name or html.escape(alt)}">' if logo else ""
    return f'{MARK_STYLE}<p class="brand-mark">{image}<span>{name}</span></p>'


def branding_head(branding: Branding | None) -> str:
    """Everything a page's header gets from the branding: the accent style and the mark."""
    return branding_style(branding) + branding_mark(branding)
