"""Adding, correcting, listing and checking the rates: `innen law rates ...` and the services."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from innen.cli.main import main
from innen.law.rates import PUBLISHED
from innen.rates.models import InterestRate
from innen.rates.selectors import rate_tables
from innen.rates.services import RateError, rates_add

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def refused(capsys, *argv):
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def add(capsys, *extra, day="2027-01-01"):
    return run(capsys, "law", "rates", "add", "--from", day, *extra)


def test_the_migrations_seed_the_published_history_with_sources_and_status():
    rows = list(InterestRate.objects.all())
    assert len(rows) == len(PUBLISHED.rows)
    assert all(row.source for row in rows)
    assert all(row.row_id is not None for row in rate_tables().rows)
    assert [(r.table, r.effective, r.rate, r.confirmed) for r in rate_tables().rows] == [
        (r.table, r.effective, r.rate, r.confirmed) for r in PUBLISHED.rows
    ]


def test_adding_both_rates_for_1_january_extends_both_tables(capsys):
    code, out, _ = add(
        capsys, "--commercial", "10,65", "--consumer", "5%", "--source", "Stb. 2026, 512"
    )
    assert code == 0 and "commercial from 2027-01-01: 10.65%" in out
    tables = rate_tables()
    assert tables.known_until == date(2027, 6, 30)
    assert tables.commercial.rate_on(date(2027, 1, 1)).rate == Decimal("10.65")
    assert tables.statutory.rate_on(date(2027, 1, 1)).rate == Decimal("5")
    row = InterestRate.objects.get(table="statutory", effective=date(2027, 1, 1))
    assert row.added_by == "innen law rates add" and row.confirmed


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("--commercial", "10", "--source", "x"), "--from"),  # 2027-03-01: not a change day
        (("--commercial", "ten", "--source", "x"), "--commercial"),
        (("--commercial", "10.123", "--source", "x"), "--commercial"),
        (("--consumer", "100", "--source", "x"), "--consumer"),
        (("--commercial", "10", "--source", "  "), "--source"),
        (("--commercial", "10", "--source", "Stb.\r\nX-Injected: 1"), "--source"),
        (("--source", "x"), "--commercial, --consumer or both"),
    ],
)
def test_a_bad_rate_is_refused_naming_the_option_and_nothing_is_added(capsys, argv, named):
    day = "2027-03-01" if named == "--from" else "2027-01-01"
    err = refused(capsys, "law", "rates", "add", "--from", day, *argv)
    assert named in err
    assert InterestRate.objects.count() == len(PUBLISHED.rows)


def test_one_bad_rate_of_two_adds_neither(capsys):
    err = refused(
        capsys,
        "law",
        "rates",
        "add",
        "--from",
        "2027-01-01",
        "--commercial",
        "10.65",
        "--consumer",
        "-1",
        "--source",
        "x",
    )
    assert "--consumer" in err
    assert not InterestRate.objects.filter(effective=date(2027, 1, 1)).exists()


def test_a_half_year_cannot_be_skipped(capsys):
    err = refused(
        capsys, "law", "rates", "add", "--from", "2027-07-01", "--commercial", "10", "--source", "x"
    )
    assert "add the rate from 2027-01-01 first" in err


def test_a_recorded_day_is_corrected_only_with_a_reason_and_the_correction_wins(capsys):
    add(capsys, "--commercial", "10.65", "--source", "ECB")
    err = refused(
        capsys,
        "law",
        "rates",
        "add",
        "--from",
        "2027-01-01",
        "--commercial",
        "10.90",
        "--source",
        "ECB",
    )
    assert "already recorded" in err and "reason" in err
    code, out, _ = add(
        capsys,
        "--commercial",
        "10.90",
        "--source",
        "ECB decision of 10-12-2026",
        "--reason",
        "the December decision raised the MRO to 2.90%",
    )
    assert code == 0 and out.startswith("correction")
    original = InterestRate.objects.get(
        table="commercial", effective=date(2027, 1, 1), replaces=None
    )
    correction = original.replaced_by
    assert correction.reason.startswith("the December decision")
    assert rate_tables().commercial.rate_on(date(2027, 2, 1)).row_id == correction.pk


def test_an_unconfirmed_rate_is_marked_so(capsys):
    add(capsys, "--consumer", "5", "--source", "formula, no Besluit yet", "--unconfirmed")
    assert not InterestRate.objects.get(table="statutory", effective=date(2027, 1, 1)).confirmed


def test_the_list_shows_every_row_with_its_source_and_status(capsys):
    code, out, _ = run(capsys, "law", "rates", "list")
    assert code == 0
    assert len(out.splitlines()) == len(PUBLISHED.rows)
    assert "onbevestigd" in out and "Stb. 2014, 491" in out
    code, out, _ = run(capsys, "law", "rates", "list", "--json")
    rows = json.loads(out)
    july = next(r for r in rows if (r["table"], r["from"]) == ("commercial", "2026-07-01"))
    assert july["rate"] == "10.4" and july["status"] == "confirmed"


@pytest.mark.parametrize(
    ("day", "code", "says"),
    [
        ("2026-11-30", 0, "ok: the interest rates are known until 2026-12-31"),
        ("2026-12-01", 1, "the interest rates after 2026-12-31 are not yet known"),
        ("2027-01-02", 1, "marked provisional"),
    ],
)
def test_check_exits_1_from_30_days_before_the_rates_run_out(capsys, day, code, says):
    exit_code, out, _ = run(capsys, "law", "rates", "check", "--date", day)
    assert exit_code == code and says in out
    if code:
        assert "innen law rates add --from 2027-01-01" in out and "Staatsblad" in out


def test_check_is_content_once_the_next_rates_are_added(capsys):
    add(capsys, "--commercial", "10.65", "--consumer", "5", "--source", "x")
    exit_code, out, _ = run(capsys, "law", "rates", "check", "--date", "2026-12-20", "--json")
    assert exit_code == 0 and json.loads(out)["known_until"] == "2027-06-30"


def test_the_service_refuses_an_unknown_table():
    with pytest.raises(RateError, match="unknown table"):
        rates_add(effective=date(2027, 1, 1), rates={"usury": Decimal(20)}, source="x")


def test_docs_law_lists_every_shipped_row_with_its_source_and_status():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "law.md").read_text()
    for row in PUBLISHED.rows:
        status = "confirmed" if row.confirmed else "unconfirmed"
        line = (
            f"| {row.table} | {row.effective.isoformat()} | {row.rate.normalize():f}% | {status} |"
        )
        assert line in docs, f"docs/law.md lacks {line}"
