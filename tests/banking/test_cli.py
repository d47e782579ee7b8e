import json

import pytest

from innen.banking.models import BankAccount, BankEntry
from innen.cli.main import main
from tests.banking.conftest import IBAN, entry, statement

pytestmark = pytest.mark.django_db

THREE = [entry(1, "121.00"), entry(2, "-50.00"), entry(3, "60.50")]


@pytest.fixture
def nov(reader, tmp_path):
    path = tmp_path / "nov.xml"
    path.write_bytes(reader.add(b"nov", statement(THREE, statement_id="S11")))
    return str(path)


def test_a_dry_run_for_an_unknown_account_says_the_import_would_refuse_it_and_how_to_add_it(
    org, nov, capsys
):
    assert main(["import-statement", nov, "--dry-run"]) == 1  # as the real import exits
    out = capsys.readouterr().out
    assert f"{IBAN} (account not known to innen): opening 1000.00, closing 1131.50" in out
    assert "Dry run, nothing was written. A real import would refuse the file: 1 problem" in out
    assert f"no organisation has bank account {IBAN}, so nothing was imported" in out
    assert f"innen bank-account add {IBAN} --organisation ID" in out
    assert BankEntry.objects.count() == BankAccount.objects.count() == 0
    assert main(["import-statement", nov]) == 1
    assert f"innen bank-account add {IBAN} --organisation ID" in capsys.readouterr().out


def test_a_dry_run_for_a_known_account_says_what_importing_would_add(org, nov, capsys):
    main(["bank-account", "add", IBAN, "--organisation", str(org.pk)])
    assert main(["import-statement", nov, "--dry-run", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert (summary["imported"], summary["would_refuse"]) == (3, [])
    assert BankEntry.objects.count() == 0


def test_a_dry_run_for_another_organisations_account_names_the_one_to_add_it_to(org, nov, capsys):
    assert main(["import-statement", nov, "--dry-run", "--organisation", str(org.pk)]) == 1
    out = capsys.readouterr().out
    assert f"innen bank-account add {IBAN} --organisation {org.pk}" in out


def test_a_real_import_for_an_unknown_account_exits_1_and_says_how_to_add_it(org, nov, capsys):
    assert main(["import-statement", nov, "--organisation", str(org.pk)]) == 1
    out = capsys.readouterr().out
    assert "Nothing was imported: 1 problem(s)." in out
    assert f"innen bank-account add {IBAN} --organisation {org.pk}" in out
    assert BankEntry.objects.count() == 0


def test_add_the_account_then_import_twice_with_json(org, nov, capsys):
    assert main(["bank-account", "add", IBAN, "--name", "ABN", "--organisation", str(org.pk)]) == 0
    assert main(["bank-account", "list"]) == 0
    assert f"{IBAN}\tABN\t{org.pk}\tAlice B.V." in capsys.readouterr().out
    assert main(["import-statement", nov, "--json"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert set(first) == {
        "format",
        "statements",
        "imported",
        "duplicates",
        "errors",
        "notices",
        "matching",
    }
    assert (first["imported"], first["duplicates"], first["errors"]) == (3, 0, [])
    assert first["statements"][0]["credit_total"] == "181.50"
    assert main(["import-statement", nov, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["imported"], again["duplicates"]) == (0, 3)
    assert BankEntry.objects.count() == 3


def test_a_bad_iban_or_organisation_is_a_usage_error(org, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["bank-account", "add", "NL00XXXX", "--organisation", str(org.pk)])
    assert exit_.value.code == 2
    assert "not a valid IBAN" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["bank-account", "add", IBAN, "--organisation", "9999"])
    assert BankAccount.objects.count() == 0


def test_an_account_number_with_its_bank_is_added_as_its_iban(org, capsys):
    args = ["bank-account", "add", "500950253", "--bank", "ABN AMRO"]
    assert main([*args, "--organisation", str(org.pk)]) == 0
    assert "Added NL71ABNA0500950253 to Alice B.V." in capsys.readouterr().out
    assert BankAccount.objects.get().iban == "NL71ABNA0500950253"


def test_an_account_number_without_its_bank_is_a_usage_error_saying_what_to_give(org, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["bank-account", "add", "500950253", "--organisation", str(org.pk)])
    assert exit_.value.code == 2
    assert "a Dutch account number, not an IBAN; name its bank" in capsys.readouterr().err
    assert BankAccount.objects.count() == 0


def test_an_unreadable_file_exits_1(org, reader, tmp_path, capsys):
    path = tmp_path / "x.txt"
    path.write_bytes(b"garbage")
    assert main(["import-statement", str(path), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["message"]
