import json

import pytest

from innen.bench.ubl import SELLER_VAT, an_invoice
from innen.cli.main import main
from innen.ledger.models import Invoice
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return factories.organisation(vat_number=SELLER_VAT)


def test_a_folder_of_ubl_files_is_imported_with_exit_0(org, tmp_path, capsys):
    (tmp_path / "a.xml").write_bytes(an_invoice(number="C-1"))
    (tmp_path / "b.xml").write_bytes(an_invoice(number="C-2", buyer=2))
    assert main(["import-ubl", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "a.xml: invoice C-1 created (customer 87650001, new)" in out
    assert "2 created, 0 unchanged, 0 refused." in out
    assert Invoice.objects.filter(organisation=org).count() == 2


def test_a_refused_file_exits_1_naming_the_rule(org, tmp_path, capsys):
    path = tmp_path / "bad.xml"
    path.write_bytes(an_invoice(payable="120.00"))
    assert main(["import-ubl", str(path)]) == 1
    assert "bad.xml: refused: BR-CO-16: the amount due is 120.00" in capsys.readouterr().out
    assert not Invoice.objects.exists()


def test_json_and_dry_run(org, tmp_path, capsys):
    path = tmp_path / "a.xml"
    path.write_bytes(an_invoice(number="J-1"))
    assert main(["import-ubl", str(path), "--dry-run", "--json"]) == 0
    (result,) = json.loads(capsys.readouterr().out)
    assert (result["outcome"], result["dry_run"]) == ("created", True)
    assert not Invoice.objects.exists()


def test_the_dry_run_says_which_customer_details_a_later_file_would_update(org, tmp_path, capsys):
    (tmp_path / "a.xml").write_bytes(an_invoice(number="U-1"))
    assert main(["import-ubl", str(tmp_path / "a.xml")]) == 0
    later = an_invoice(number="U-2").replace(b"factuur@koper.nl", b"debiteuren@koper.nl")
    (tmp_path / "b.xml").write_bytes(later)
    capsys.readouterr()
    assert main(["import-ubl", str(tmp_path / "b.xml"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "b.xml: invoice U-2 created (customer 87650001, updated: emails)" in out
    assert "Dry run, nothing was written" in out
