"""One vocabulary: every machine value has one name, in each report language."""

from __future__ import annotations

from helpers.text import labels
from helpers.text.i18n import translator


def test_headings_name_columns_in_plain_words():
    _ = translator("en")
    assert labels.heading("handle", _) == "handle"
    assert labels.heading("fair_fee", _) == "fair fee"
    assert labels.heading("not_in_the_vocabulary", _) == "not in the vocabulary"


def test_headings_and_deliverables_in_latvian():
    _ = translator("lv")
    assert labels.heading("market", _) == _("market") != "market"
    assert labels.deliverable("feed_post", _) == _("feed post") != "feed post"


def test_deliverables_models_stages_and_steps_have_one_name_each():
    _ = translator("en")
    assert labels.deliverable("story", _) == "Story set"
    assert labels.deliverable("unknown_format", _) == "unknown format"
    assert labels.compensation_models(_)["cpa"] == "CPA / affiliate (per sale)"
    assert labels.pipeline_stages(_)["contracted"] == "contracted"
    assert labels.approval_steps(_)["final_approval"] == "Final approval"
    assert set(labels.vetting_statuses(_)) == {"shortlisted", "flagged", "excluded"}
