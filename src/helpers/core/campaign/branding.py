"""The agency's look on a report: its name, its logo and an accent colour (all optional)::

    branding:
      agency: Northlight Agency
      logo: brand/northlight.png     # relative to the campaign file
      accent: "#0b6e4f"

The logo is embedded in the pages as a data URI (:func:`helpers.report.branding.logo_data_uri`),
so a report opened from disk or sent by e-mail shows it without a network.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from helpers.core.campaign.fields import OneLine, Section
from helpers.core.campaign.settings import _resolve_relative_to_file

#: the image types a logo may be, by file suffix, with their media type
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
MAX_LOGO_BYTES = 512_000  # a logo is a small picture: every page carries it inline
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class Branding(Section):
    """The agency's name, logo and accent colour on the report's pages (each one optional)."""

    agency: OneLine | None = Field(None, description="the agency's name, shown in the header")
    logo: Path | None = Field(
        None, description="PNG, JPEG, GIF, WebP or SVG file, relative to the campaign file"
    )
    accent: str | None = Field(
        None, description="accent colour as #rrggbb (headings' rules, links), e.g. #0b6e4f"
    )

    @field_validator("logo", mode="before")
    @classmethod
    def _logo_path(cls, value: Any, info: ValidationInfo) -> Any:
        return _resolve_relative_to_file(value, info)

    @field_validator("logo")
    @classmethod
    def _logo_file(cls, value: Path | None) -> Path | None:
        if value is None:
            return value
        if not value.is_file():
            raise ValueError(
                f"logo file {value} not found (give the path relative to the campaign file)"
            )
        if value.suffix.lower() not in LOGO_TYPES:
            allowed = ", ".join(sorted({s.lstrip(".") for s in LOGO_TYPES}))
            raise ValueError(f"logo {value.name} is not an image the report shows ({allowed})")
        size = value.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise ValueError(
                f"logo {value.name} is {size:,} bytes; every page carries it, so keep it under "
                f"{MAX_LOGO_BYTES:,} bytes"
            )
        return value

    @field_validator("accent", mode="before")
    @classmethod
    def _accent_colour(cls, value: Any) -> Any:
        if value is None:  # written, but empty: an unquoted # starts a YAML comment
            raise ValueError(
                'accent colour is empty: write it in quotes, accent: "#0b6e4f" (YAML reads '
                "an unquoted # as the start of a comment)"
            )
        text = str(value).strip()
        if not HEX_COLOUR.match(text):
            raise ValueError(
                f"accent colour {value!r} is not #rrggbb (six hexadecimal digits, e.g. "
                "#0b6e4f; put it in quotes in YAML)"
            )
        return text.lower()
