"""`innen law limitation --acknowledged DATE`: the debtor's acknowledgement interrupts
limitation like a written demand (art. 3:318 BW), and a new term starts the next day
(art. 3:319 BW)."""

import pytest
from tests.law.test_cli import fails, run, run_json

pytestmark = pytest.mark.django_db


def test_an_acknowledgement_starts_a_new_term_the_next_day_art_3_318_and_3_319(capsys):
    data = run_json(
        capsys,
        "law",
        "limitation",
        "--due",
        "2024-03-15",
        "--kind",
        "consumer-sale",
        "--acknowledged",
        "2025-09-01",
        "--today",
        "2026-11-23",
    )
    # without it barred from 16 March 2026 (art. 7:28 BW); 2 years again from 2 September 2025
    assert (data["last_day"], data["barred_from"], data["status"]) == (
        "2027-09-01",
        "2027-09-02",
        "ok",
    )
    assert (data["set_by"], data["set_on"]) == ("acknowledgement", "2025-09-01")
    assert data["acknowledgements"] == ["2025-09-01"]


def test_acknowledgements_and_demands_repeat_and_the_latest_sets_the_last_day(capsys):
    data = run_json(
        capsys,
        "law",
        "limitation",
        "--due",
        "2024-03-15",
        "--kind",
        "general",
        "--acknowledged",
        "2025-01-10",
        "--interrupted",
        "2026-06-01",
        "--acknowledged",
        "2027-02-03",
    )
    assert data["last_day"] == "2032-02-03"
    assert data["set_by"] == "acknowledgement"
    assert data["interruptions"] == ["2025-01-10", "2026-06-01", "2027-02-03"]


def test_an_acknowledgement_after_the_claim_is_barred_revives_nothing(capsys):
    data = run_json(
        capsys,
        "law",
        "limitation",
        "--due",
        "2024-03-15",
        "--kind",
        "consumer-sale",
        "--acknowledged",
        "2026-03-16",
    )
    assert data["barred_from"] == "2026-03-16"
    assert data["ignored_interruptions"] == ["2026-03-16"]


def test_the_text_names_the_acknowledgement_that_set_the_term(capsys):
    code, out, _ = run(
        capsys,
        "law",
        "limitation",
        "--due",
        "2024-03-15",
        "--kind",
        "general",
        "--acknowledged",
        "2026-06-01",
    )
    assert code == 0
    assert "erkenning op 01-06-2026" in out


def test_an_acknowledgement_before_the_due_date_exits_2(capsys):
    err = fails(
        capsys,
        "law",
        "limitation",
        "--due",
        "2024-03-15",
        "--kind",
        "general",
        "--acknowledged",
        "2024-01-01",
    )
    assert "--acknowledged" in err


def test_a_bad_acknowledgement_date_exits_2_naming_it(capsys):
    err = fails(
        capsys,
        "law",
        "limitation",
        "--due",
        "2024-03-15",
        "--kind",
        "general",
        "--acknowledged",
        "1-6-2026",
    )
    assert "--acknowledged" in err
