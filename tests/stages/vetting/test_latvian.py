"""Stage 02 in Latvian: the reasons, notes, method and finding are written from the Latvian
catalogue with Latvian numbers and dates, while statuses and other values stay English; the
notebook renders with no message missing."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.run.runner import run_campaign
from helpers.stages import vetting
from helpers.text import labels
from helpers.text.i18n import MISSING_LOG_VARIABLE, translator
from tests.conftest import latvian_copy
from tests.stages.vetting.planted import WEEKS

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def latvian(world):
    campaign, tables = world
    campaign = campaign.model_copy(update={"language": "lv"})
    before = set(translator("lv").missing)
    shortlist = vetting.build_shortlist(campaign, tables)
    assert set(translator("lv").missing) == before  # every reason has a Latvian entry
    return campaign, tables, shortlist.set_index("influencer_id")


def test_reasons_in_latvian_with_latvian_dates_and_numbers(latvian):
    _campaign, _tables, shortlist = latvian
    clean = shortlist.loc["clean", "reasons"]
    assert clean.startswith("iekļauts: atbilstība 0,")
    assert "(instagram micro procentile: " in clean
    # the planted jump is in the week of WEEKS[6], 2026-06-15
    assert WEEKS[6] == "2026-06-15"
    bought = shortlist.loc["bought", "reasons"]
    assert "pārbaudīt: sekotāju lēciens nedēļā, kas sākas 15.06.2026.: +" in bought
    assert "pirkti sekotāji?" in bought
    giveaway = shortlist.loc["giveaway", "reasons"]
    assert "piezīme: izlozei līdzīgs lēciens nedēļā, kas sākas 15.06.2026." in giveaway
    # the unsafe creator labelled 1 of its 3 sponsored posts: 33%, under the 80% minimum
    unsafe = shortlist.loc["unsafe", "reasons"]
    assert "marķēti 1 no 3 apmaksātajiem ierakstiem (33%; minimums 80%)" in unsafe
    assert shortlist.loc["abroad", "reasons"] == (
        "izslēgts: tirgus SE nav kampaņas tirgus (LV, EE)"
    )
    bare = shortlist.loc["bare", "reasons"]
    assert "piezīme: nepārbaudīts: nav ne sekotāju izlases, ne rīka rādītāja" in bare
    assert "pēc: iesaistes raksts (ticamība zema)" in bare
    # values stay English for the next stages and for machines
    assert set(shortlist["status"]) == set(vetting.STATUSES)
    assert shortlist.loc["bare", "missing_data"].startswith("no follower sample")
    assert shortlist.loc["bought", "growth_event"] == "bought_spike"


def test_finding_funnel_and_method_in_latvian(latvian):
    campaign, _tables, shortlist = latvian
    text = vetting.vetting_summary(campaign, shortlist.reset_index())
    assert text.startswith("**Īsajā sarakstā: ")
    assert "no 8 satura veidotājiem tirgos LV, EE (sarakstā kopā 9;" in text
    funnel = vetting.discovery_funnel(shortlist.reset_index(), translator("lv")).set_index("step")
    assert funnel.loc["kampaņas tirgos", "creators"] == 8
    method = " ".join(shortlist.attrs["method"])
    assert "**Iesaistes līmenis** ir uz sekotāju, (patīk + komentāri) / sekotāji" in method
    assert "robežas 30%" in method  # the campaign's max_fake_share of 0.3
    assert "auditorijas atbilstība 0,35" in method  # the default weight, with a decimal comma
    statuses = labels.vetting_statuses(translator("lv"))
    shown = vetting.shown_values(pd.Series(["shortlisted", "flagged", "excluded"]), statuses)
    assert shown.tolist() == ["īsajā sarakstā", "jāpārbauda", "izslēgts"]


def test_data_problems_in_latvian(latvian):
    campaign, tables, _shortlist = latvian
    roster = tables["roster"].astype({"followers": object}).copy()
    roster.loc[0, "followers"] = "abc"
    table = vetting.build_shortlist(campaign, dict(tables, roster=roster))
    table = table.set_index("influencer_id")
    assert "pārbaudīt: dati: followers 'abc' nav skaitlis" in table.loc["clean", "reasons"]
    notes = table.attrs["notes"]
    assert notes == [
        "saraksts: satura veidotāji ar datu problēmām (skat. data_issues): 1; viņi paliek "
        "sarakstā, tiek vērtēti pēc nolasāmajiem datiem un atzīmēti pārbaudei"
    ]


def test_english_reasons_are_unchanged(world):
    campaign, tables = world
    shortlist = vetting.build_shortlist(campaign, tables).set_index("influencer_id")
    assert shortlist.loc["clean", "reasons"].startswith("in: fit ")
    assert f"follower spike in the week of {WEEKS[6]}: +4" in shortlist.loc["bought", "reasons"]
    assert shortlist.loc["abroad", "reasons"] == "out: market SE is not a campaign market (LV, EE)"


def test_vetting_page_in_latvian(tmp_path, monkeypatch):
    missing = tmp_path / "missing.jsonl"
    monkeypatch.setenv(MISSING_LOG_VARIABLE, str(missing))
    result = run_campaign(latvian_copy(tmp_path), out_dir=tmp_path / "reports", stages="02")
    assert result.ok, [(s.stage, s.error) for s in result.stages]
    assert not missing.exists()  # written only when a message has no Latvian entry
    page = (result.report_dir / "02-vetting.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    assert "Warning" not in page
    assert "Secinājums." in page
    assert "Īsajā sarakstā: " in page
    assert "Atlases piltuve (satura veidotāju skaits)" in page
    assert f"2{NBSP}340" in page  # the roster's size, grouped the Latvian way
    assert "iekļauts: atbilstība 0," in page
    assert "īsajā sarakstā" in page
    assert "data:image/png;base64" in page  # the charts
    # the explanatory Markdown stays English; what the code writes does not
    for english in ("Finding.", "in: fit", "The discovery funnel", "shortlisted and"):
        assert english not in page, english
    shortlist = pd.read_csv(result.report_dir / "shortlist.csv")
    assert set(shortlist["status"]) == set(vetting.STATUSES)
