"""How the report's files are written for the people who open them: the CSV dialect."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from helpers.core.campaign.fields import Section

#: ``standard``: comma-separated, decimal point (RFC 4180, what most tools read);
#: ``european``: semicolon-separated, decimal comma (what Excel reads on a European Windows).
CsvDialect = Literal["standard", "european"]


class ReportSettings(Section):
    """The report's spreadsheets: ``report.xlsx`` is always written beside the CSVs; the CSVs
    are UTF-8 with a byte-order mark (so Excel reads ``Bērziņa`` as written) in the dialect
    chosen here."""

    csv_dialect: CsvDialect = Field(
        "standard",
        description="standard (',' and decimal point) or european (';' and decimal comma)",
    )
