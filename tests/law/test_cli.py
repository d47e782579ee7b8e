import json
from datetime import date, timedelta

import pytest

from innen.cli.main import main
from innen.law.rates import COMMERCIAL

# `innen claim` computes with the rate tables in the database (innen.rates).
pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def run_json(capsys, *argv):
    code, out, _ = run(capsys, *argv, "--json")
    assert code == 0
    return json.loads(out)


def fails(capsys, *argv):
    with pytest.raises(SystemExit) as exit_info:
        main(list(argv))
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def test_claim_json_reproduces_rentetool_v2khrs(capsys):
    data = run_json(
        capsys,
        "claim",
        "--debtor",
        "business",
        "--until",
        "2026-01-15",
        "--invoice",
        "2000:2015-11-10",
        "--costs",
        "none",
    )
    assert data["interest"] == "2820.43"
    assert data["total"] == "4820.43"
    invoice = data["invoices"][0]
    assert invoice["first_interest_day"] == "2015-11-11"
    days_inclusive = (date(2026, 1, 15) - date(2015, 11, 11)).days + 1
    assert sum(p["days"] for p in invoice["periods"]) == days_inclusive
    assert set(invoice["periods"][0]) == {
        "from",
        "to",
        "days",
        "rate",
        "base",
        "interest",
        "provisional",
    }
    assert data["rates_provisional"] is False


def test_claim_json_has_the_documented_keys_with_string_decimals(capsys):
    data = run_json(
        capsys,
        "claim",
        "--debtor",
        "consumer",
        "--until",
        "2026-06-30",
        "--invoice",
        "100:2026-01-31",
        "--invoice",
        "150:2026-01-31",
        "--invoice",
        "200:2026-01-31",
        "--demand",
        "2026-03-02:450",
        "--payment",
        "50:2026-05-01",
    )
    for key in ("principal", "interest", "collection_costs", "collection_costs_vat", "total"):
        assert isinstance(data[key], str)
    assert data["collection_costs"] == "17.50"  # 67.50 on 450.00, of which 50.00 paid
    assert data["payments"][0] == {
        "date": "2026-05-01",
        "amount": "50.00",
        "to_costs": "50.00",
        "to_interest": "0.00",
        "to_principal": "0.00",
        "unallocated": "0.00",
    }
    assert data["interest_kind"] == "statutory"


def test_claim_business_defaults_to_commercial_interest_and_statutory_costs(capsys):
    data = run_json(
        capsys,
        "claim",
        "--debtor",
        "business",
        "--until",
        "2025-06-30",
        "--invoice",
        "3500:2024-12-31",
        "--demand",
        "2025-02-01:3500",
    )
    assert data["interest_kind"] == "commercial"
    assert data["collection_costs"] == "475.00"


def test_claim_vat_on_costs_reports_the_vat_part(capsys):
    data = run_json(
        capsys,
        "claim",
        "--debtor",
        "consumer",
        "--until",
        "2025-06-30",
        "--invoice",
        "100:2024-12-31",
        "--demand",
        "2025-01-10:100",
        "--vat-on-costs",
    )
    assert (data["collection_costs"], data["collection_costs_vat"]) == ("48.40", "8.40")


def test_claim_agreed_percentage_interest_and_amount_costs(capsys):
    data = run_json(
        capsys,
        "claim",
        "--debtor",
        "business",
        "--until",
        "2020-12-30",
        "--invoice",
        "1000:2019-12-31",
        "--interest",
        "12",
        "--costs",
        "150",
        "--demand",
        "2020-01-15:1000",
    )
    assert (data["interest"], data["collection_costs"]) == ("120.00", "150.00")


def test_claim_without_json_prints_a_dutch_statement(capsys):
    code, out, _ = run(
        capsys,
        "claim",
        "--debtor",
        "business",
        "--until",
        "2025-06-30",
        "--invoice",
        "1000:2023-12-31",
        "--payment",
        "200:2024-09-01",
    )
    assert code == 0
    assert "Factuur 1" in out and "Betalingen" in out and "Totaal" in out
    assert "12,25%" in out


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--invoice", "100:2025-06-01", "--payment", "10:2025-01-01"], "--payment"),
        (["--invoice", "-100:2025-01-01"], "--invoice"),
        (["--invoice", "100:2025-13-01"], "--invoice"),
        (["--invoice", "abc:2025-01-01"], "--invoice"),
        (["--invoice", "100:2025-02-01:2025-01-01", "--payment", "10:2024-12-01"], "--payment"),
        (["--invoice", "100:2025-01-01", "--payment", "-10:2025-02-01"], "--payment"),
        (["--invoice", "100:2025-01-01", "--payment", "10:2025-07-01"], "--payment"),
        (["--invoice", "100:2025-01-01", "--interest", "usury"], "--interest"),
        (["--invoice", "100:2001-01-01", "--costs", "none"], "--invoice"),
        (["--invoice", "100:2025-01-01", "--costs", "lots"], "--costs"),
    ],
)
def test_bad_claim_input_exits_2_naming_the_argument(capsys, argv, named):
    err = fails(capsys, "claim", "--debtor", "business", "--until", "2025-06-30", *argv)
    assert named in err


def test_a_claim_past_the_known_rates_says_which_periods_are_provisional(capsys):
    beyond = COMMERCIAL.known_until + timedelta(days=1)
    data = run_json(
        capsys,
        "claim",
        "--debtor",
        "business",
        "--until",
        (beyond + timedelta(days=9)).isoformat(),
        "--invoice",
        "100:2025-01-01",
    )
    assert data["rates_provisional"] is True
    assert data["rates_known_until"] == COMMERCIAL.known_until.isoformat()
    assert data["provisional_periods"][0]["from"] == beyond.isoformat()
    assert data["invoices"][0]["periods"][-1]["provisional"] is True
    code, out, _ = run(
        capsys,
        "claim",
        "--debtor",
        "business",
        "--until",
        beyond.isoformat(),
        "--invoice",
        "100:2025-01-01",
    )
    assert code == 0 and "voorlopig" in out


def test_consumer_costs_above_the_scale_exit_2(capsys):
    err = fails(
        capsys,
        "claim",
        "--debtor",
        "consumer",
        "--until",
        "2025-06-30",
        "--invoice",
        "100:2025-01-01",
        "--costs",
        "100",
        "--demand",
        "2025-01-10:100",
    )
    assert "--costs" in err and "6:96 lid 5" in err


def test_unknown_debtor_kind_is_an_argparse_error(capsys):
    err = fails(
        capsys, "claim", "--debtor", "state", "--until", "2025-06-30", "--invoice", "1:2025-01-01"
    )
    assert "--debtor" in err


def test_law_reference_make_and_check(capsys):
    assert run(capsys, "law", "reference", "make", "56789012345")[1].strip() == "5000056789012345"
    short = run(capsys, "law", "reference", "make", "1234567", "--length", "9")[1].strip()
    assert len(short) == 9 and short[1:] == "71234567"
    assert run(capsys, "law", "reference", "check", "5000056789012345")[1].strip() == "valid"
    code, out, _ = run(capsys, "law", "reference", "check", "5000056789012346")
    assert code == 1 and out.startswith("invalid: check digit")


def test_law_reference_make_with_a_bad_number_exits_2(capsys):
    assert "NUMBER" in fails(capsys, "law", "reference", "make", "12x")


def test_law_rf_make(capsys):
    assert run(capsys, "law", "rf", "make", "539007547034")[1].strip() == "RF18539007547034"


def test_law_letter_term_json(capsys):
    data = run_json(capsys, "law", "letter-term", "--sent", "2026-11-20", "--channel", "post")
    assert (data["presumed_receipt"], data["term_ends"], data["costs_from"]) == (
        "2026-11-24",
        "2026-12-08",
        "2026-12-09",
    )


def test_law_letter_term_with_actual_receipt(capsys):
    data = run_json(
        capsys,
        "law",
        "letter-term",
        "--sent",
        "2026-11-20",
        "--channel",
        "email",
        "--received",
        "2026-11-23",
    )
    assert data["term_ends"] == "2026-12-07"


def test_law_limitation_json(capsys):
    data = run_json(
        capsys,
        "law",
        "limitation",
        "--due",
        "2024-03-15",
        "--kind",
        "general",
        "--interrupted",
        "2026-06-01",
        "--today",
        "2026-11-23",
    )
    assert (data["last_day"], data["barred_from"], data["status"]) == (
        "2031-06-01",
        "2031-06-02",
        "ok",
    )


def test_law_limitation_bad_date_exits_2(capsys):
    assert "--due" in fails(capsys, "law", "limitation", "--due", "15-03-2024", "--kind", "general")


def test_law_epc_qr_prints_the_payload_and_writes_the_png(capsys, tmp_path):
    png = tmp_path / "qr.png"
    code, out, _ = run(
        capsys,
        "law",
        "epc-qr",
        "--name",
        "innen BV",
        "--iban",
        "NL91ABNA0417164300",
        "--amount",
        "125.50",
        "--reference",
        "RF18539007547034",
        "--png",
        str(png),
    )
    assert code == 0
    assert out.startswith("BCD\n002\n1\nSCT\n")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_law_epc_qr_with_a_bad_iban_exits_2(capsys):
    err = fails(
        capsys,
        "law",
        "epc-qr",
        "--name",
        "x",
        "--iban",
        "NL00ABNA0417164300",
        "--amount",
        "1",
        "--text",
        "t",
    )
    assert "--iban" in err


def test_law_letter_term_states_the_costs_for_the_principals(capsys):
    data = run_json(
        capsys,
        "law",
        "letter-term",
        "--sent",
        "2026-11-20",
        "--channel",
        "post",
        "--principal",
        "100",
        "--principal",
        "150",
        "--principal",
        "200",
    )
    assert (data["costs"], data["costs_vat"]) == ("67.50", "0.00")


def test_claim_json_lists_payment_term_warnings(capsys):
    data = run_json(
        capsys,
        "claim",
        "--debtor",
        "business",
        "--until",
        "2025-06-30",
        "--invoice",
        "1000:2025-03-15:2025-01-01",
    )
    assert len(data["warnings"]) == 1
