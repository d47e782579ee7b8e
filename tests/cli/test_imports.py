import json

import pytest

from innen.cli.main import main
from innen.ledger.models import Customer, Invoice, Payment
from tests import factories

pytestmark = pytest.mark.django_db

INVOICES = (
    "\ufeffFactuurnummer;Klantnummer;Factuurdatum;Vervaldatum;Bedrag excl. BTW;BTW;Totaal\r\n"
    "F1;K1;01-11-2026;01-12-2026;1.000,00;210,00;1.210,00\r\n"
    "F2;K1;02-11-2026;02-12-2026;100,00;21,00;121,00\r\n"
)


@pytest.fixture
def org():
    org = factories.organisation()
    factories.customer(org, number="K1")
    return org


def write(tmp_path, text, encoding="utf-8", name="file.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_a_good_file_is_imported_with_exit_0(org, tmp_path, capsys):
    assert main(["import-invoices", write(tmp_path, INVOICES)]) == 0
    assert "Imported: 2 created, 0 unchanged" in capsys.readouterr().out
    assert Invoice.objects.count() == 2


def test_a_file_with_bad_lines_exits_1_lists_them_and_imports_nothing(org, tmp_path, capsys):
    broken = INVOICES + "F3;K9;01-11-2026;01-12-2026;100,00;21,00;121,00\r\n"
    assert main(["import-invoices", write(tmp_path, broken)]) == 1
    out = capsys.readouterr().out
    assert "Nothing was imported: 1 line(s) have problems" in out
    assert "line 4, column 'Klantnummer': no customer with number \"K9\"" in out
    assert Invoice.objects.count() == 0


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(org, tmp_path, capsys):
    assert main(["import-invoices", write(tmp_path, INVOICES), "--dry-run"]) == 0
    assert "Dry run, nothing was written" in capsys.readouterr().out
    assert Invoice.objects.count() == 0


def test_json_output_carries_counts_and_errors(org, tmp_path, capsys):
    path = write(tmp_path, INVOICES)
    main(["import-invoices", path])
    capsys.readouterr()
    assert main(["import-invoices", path, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["created"], report["unchanged"]) == (True, 0, 2)
    broken = write(tmp_path, INVOICES + "F3;K1;1-11-26;;;;1\r\n", name="broken.csv")
    assert main(["import-invoices", broken, "--json"]) == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert {(e["line"], e["column"]) for e in errors} == {(4, "Factuurdatum"), (4, "Vervaldatum")}


def test_a_windows_1252_customers_file_is_imported(org, tmp_path, capsys):
    text = "klantnummer,naam,plaats\r\nK2,Café De Kroon,Den Haag\r\n"
    assert main(["import-customers", write(tmp_path, text, "cp1252")]) == 0
    assert Customer.objects.get(number="K2").name == "Café De Kroon"


def test_payments_are_imported_from_the_command_line(org, tmp_path, capsys):
    text = "date,amount,customer number,reference\n2026-11-20,10.00,K1,TX1\n"
    assert main(["import-payments", write(tmp_path, text)]) == 0
    assert Payment.objects.get().external_reference == "TX1"


def test_with_several_organisations_one_must_be_chosen(org, tmp_path, capsys):
    factories.organisation("Second B.V.")
    path = write(tmp_path, INVOICES)
    with pytest.raises(SystemExit) as exit_info:
        main(["import-invoices", path])
    assert exit_info.value.code == 2
    assert "choose one with --organisation" in capsys.readouterr().err
    assert main(["import-invoices", path, "--organisation", str(org.pk)]) == 0


def test_an_unknown_organisation_or_missing_file_is_a_usage_error(org, tmp_path, capsys):
    for argv in (
        ["import-invoices", write(tmp_path, INVOICES), "--organisation", "999999"],
        ["import-invoices", str(tmp_path / "missing.csv")],
    ):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2


def test_a_large_file_runs_with_the_progress_bar(org, tmp_path, capsys):
    lines = "".join(f"K{n:05d};Klant {n}\n" for n in range(2500))
    path = write(tmp_path, "klantnummer;naam\n" + lines)
    assert main(["import-customers", path]) == 0
    assert Customer.objects.count() == 2501
