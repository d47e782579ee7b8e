import pytest

from innen.bench import ubl as bench
from innen.ledger.models import Customer, Invoice


@pytest.mark.django_db
def test_the_ubl_figure_imports_every_file_with_a_customer_per_ten(monkeypatch):
    monkeypatch.setattr(bench, "FILES", 30)

    (figure,) = bench.ubl()

    assert figure.name == "ubl_import_invoices_per_second"
    assert figure.value > 0
    assert figure.floor == 20.0
    assert Invoice.objects.count() == 30
    assert Customer.objects.count() == 3
