"""`innen explain` and `innen forecast` speak Dutch when asked to, or when the locale is Dutch."""

import re

import pytest

from innen.cli.main import main
from tests.collection.ladders import collecting_organisation
from tests.collection.test_late_invoices import IMPORT_DAY, _import_the_nine

pytestmark = pytest.mark.django_db

DATE = ["--date", IMPORT_DAY.isoformat()]


@pytest.fixture
def org():
    organisation = collecting_organisation()
    _import_the_nine(organisation)
    return organisation


@pytest.fixture(autouse=True)
def english_locale(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def test_explain_in_dutch_names_kinds_states_and_reasons_in_dutch(org, capsys):
    assert main(["explain", "V1", *DATE, "--language", "nl"]) == 0
    text = capsys.readouterr().out
    assert "Factuur V1 van M. de Vries" in text
    assert "Beleid: " in text
    assert "[Herinnering] 03-12-2026: nu aan de beurt" in text
    assert "overgeslagen (voordat innen deze factuur kende)" in text
    assert "Volgende: " in text
    for english in ("Invoice", "Policy", "due now", "skipped", "[reminder]", "Next:"):
        assert english not in text
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), (
        "a Dutch explanation says days as 03-12-2026"
    )


def test_explain_speaks_english_by_default_and_dutch_for_a_dutch_locale(org, capsys, monkeypatch):
    assert main(["explain", "V1", *DATE]) == 0
    assert "[Reminder] 2026-12-03: due now" in capsys.readouterr().out
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    assert main(["explain", "V1", *DATE]) == 0
    assert "[Herinnering] 03-12-2026: nu aan de beurt" in capsys.readouterr().out


def test_forecast_in_dutch_gives_kinds_days_and_notes_in_dutch(org, capsys):
    assert main(["forecast", *DATE, "--days", "7", "--language", "nl"]) == 0
    text = capsys.readouterr().out
    assert "acties gepland vanaf 03-12-2026" in text
    assert "03-12-2026 do" in text
    assert "Herinnering" in text
    assert "late facturen beginnen" in text
    assert main(["forecast", *DATE, "--days", "7", "--language", "en"]) == 0
    text = capsys.readouterr().out
    assert "actions planned from 2026-12-03" in text
    assert "2026-12-03 Thu" in text and "Reminder" in text and "late invoices start" in text
