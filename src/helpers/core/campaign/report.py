"""How the report's files are written for the people who open them: the CSV dialect, the paper
the PDF is printed on and the stages of the client's edition of the PDF."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, field_validator

from helpers.core.campaign.fields import Section

#: ``standard``: comma-separated, decimal point (RFC 4180, what most tools read);
#: ``european``: semicolon-separated, decimal comma (what Excel reads on a European Windows).
CsvDialect = Literal["standard", "european"]

PAPERS = ("A4", "Letter")

#: Where US Letter is the usual office paper and not ISO 216's A4: the United States and
#: Canada, and in Latin America Mexico, Chile, Colombia, Costa Rica, the Dominican Republic,
#: Guatemala, Panama, Puerto Rico and Venezuela, and the Philippines (Wikipedia, "Letter
#: (paper size)", read 2026-12). Everywhere else A4.
LETTER_COUNTRIES = frozenset(
    {"US", "CA", "MX", "CL", "CO", "CR", "DO", "GT", "PA", "PR", "VE", "PH"}
)

#: The client's edition of the PDF (``report-client.pdf``): the summary, then what a client asks
#: about, the goals, the shortlist, the plan of posts, how the posts did and what they earned;
#: the analyst's workings (the market landscape, the negotiation's offers) stay in the full one.
CLIENT_STAGES = ("goals", "vetting", "calendar", "monitoring", "roi")


def _paper_name(value: object) -> object:
    """``a4`` and ``letter`` as written in any case; anything else is left for the check."""
    if isinstance(value, str):
        return {name.lower(): name for name in PAPERS}.get(value.strip().lower(), value)
    return value


Paper = Annotated[Literal["A4", "Letter"], BeforeValidator(_paper_name)]


class ReportSettings(Section):
    """The report's spreadsheets and print.

    ``report.xlsx`` is always written beside the CSVs; the CSVs are UTF-8 with a byte-order
    mark (so Excel reads ``Bērziņa`` as written) in the dialect chosen here. The PDF is printed
    on ``paper`` (by default the paper of the campaign's main market, :func:`paper_size`), and
    ``report-client.pdf`` beside ``report.pdf`` has the summary and ``client_stages`` only.
    """

    csv_dialect: CsvDialect = Field(
        "standard",
        description="standard (',' and decimal point) or european (';' and decimal comma)",
    )
    paper: Paper | None = Field(
        None,
        description="paper of the PDF: A4 or Letter; by default the main market's (Letter for "
        "the US, Canada, Mexico, A4 for Europe)",
    )
    client_stages: list[Annotated[str, BeforeValidator(str)]] = Field(
        default_factory=lambda: list(CLIENT_STAGES),
        description="stages of the client's PDF, by name or number: goals, vetting, 02, 06-roi",
    )

    @field_validator("client_stages")
    @classmethod
    def _stage_names(cls, value: list[str]) -> list[str]:
        shown = [name.strip().lower() for name in value]
        wrong = [name for name in shown if not _is_stage_name(name)]
        if wrong:
            raise ValueError(
                f"{', '.join(map(repr, wrong))}: not a stage (give a stage's name, number or "
                "both, e.g. goals, 01 or 01-goals)"
            )
        return shown


def _is_stage_name(name: str) -> bool:
    number, _dash, rest = name.partition("-")
    if number.isdigit():
        return len(number) <= 2 and (not rest or rest.replace("-", "").isalnum())
    return bool(name) and name.replace("-", "").isalnum() and name.isascii()


def paper_size(campaign) -> str:
    """The paper a campaign's PDF is printed on: ``report.paper`` when set, else Letter when
    the campaign's main market uses Letter (:data:`LETTER_COUNTRIES`), else A4.

    The main market is the one with the largest share of the audience (``audience.countries``),
    or the first market listed when no shares are given: a US-led launch in the US, GB, DE and
    FR with 40% of its audience in the US is printed on Letter, a Baltic one on A4.
    """
    if campaign.report.paper:
        return campaign.report.paper
    shares = campaign.audience.countries
    main = max(campaign.markets, key=lambda market: shares.get(market, 0))  # ties: the first
    return "Letter" if main in LETTER_COUNTRIES else "A4"
