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

#: The client's edition of the PDF (``report-client.pdf``) after its summary, by the campaign's
#: state: what a client asks about at that point (while planning: the goals, the shortlist and
#: the plan of posts; live: the goals, the plan and how the posts are doing; finished: the
#: goals, how the posts did and what they earned). The analyst's workings (the market
#: landscape, the negotiation's offers) stay in the full edition, ``report.pdf``.
CLIENT_STAGES = {
    "planning": ("goals", "vetting", "calendar"),
    "live": ("goals", "calendar", "monitoring"),
    "finished": ("goals", "monitoring", "roi"),
}


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
    client_stages: list[Annotated[str, BeforeValidator(str)]] | None = Field(
        None,
        description="stages of the client's PDF after the summary, by name or number (goals, "
        "02, 06-roi); by default by the campaign's state: planning goals, vetting, calendar; "
        "live goals, calendar, monitoring; finished goals, monitoring, roi",
    )

    @field_validator("client_stages")
    @classmethod
    def _stage_names(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
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


def client_stage_names(campaign, state: str | None) -> list[str]:
    """The stages of the client's PDF: ``report.client_stages`` when set, else
    :data:`CLIENT_STAGES` for the campaign's state (planning when it is not known)."""
    if campaign.report.client_stages is not None:
        return list(campaign.report.client_stages)
    return list(CLIENT_STAGES.get(state or "planning", CLIENT_STAGES["planning"]))
