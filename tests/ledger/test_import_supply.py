"""The invoice file's optional goods-or-services column: it sets what each invoice supplied
(a consumer's limitation depends on it), fills in an unknown one, and never overwrites a
known one."""

from datetime import date

import pytest
from django.utils import translation

from innen.dossier.models import Event, EventKind
from innen.ledger import importing
from innen.ledger.models import Invoice, Supply
from tests import factories

pytestmark = pytest.mark.django_db

HEADER = "factuurnummer;klantnummer;factuurdatum;vervaldatum;btw;totaal;goederen of diensten"


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def org():
    organisation = factories.organisation()
    factories.customer(organisation, number="K1")
    return organisation


def import_lines(org, *lines, header=HEADER):
    data = ("\n".join([header, *lines]) + "\n").encode()
    return importing.import_invoices(organisation=org, data=data)


def test_the_column_sets_goods_services_or_unknown(org):
    report = import_lines(
        org,
        "F1;K1;01-11-2026;01-12-2026;21,00;121,00;goederen",
        "F2;K1;01-11-2026;01-12-2026;21,00;121,00;Diensten",
        "F3;K1;01-11-2026;01-12-2026;21,00;121,00;",
    )
    assert report.ok, report.errors
    supplied = dict(Invoice.objects.values_list("number", "supply"))
    assert supplied == {"F1": Supply.GOODS, "F2": Supply.SERVICES, "F3": Supply.UNKNOWN}


def test_a_file_without_the_column_leaves_the_supply_unknown(org):
    header = "factuurnummer;klantnummer;factuurdatum;vervaldatum;totaal"
    assert import_lines(org, "F1;K1;01-11-2026;01-12-2026;121,00", header=header).ok
    assert Invoice.objects.get().supply == Supply.UNKNOWN


def test_an_unreadable_supply_is_refused_on_its_column(org):
    report = import_lines(org, "F1;K1;01-11-2026;01-12-2026;21,00;121,00;energie")
    assert not report.ok
    assert report.errors[0].column == "goederen of diensten"
    assert not Invoice.objects.exists()


def test_a_stored_unknown_supply_is_filled_in_with_its_dossier_event(org):
    invoice = factories.invoice(
        org, org.customers.get(), number="F1", due=date(2026, 12, 1), issue_date=date(2026, 11, 1)
    )
    report = import_lines(org, "F1;K1;01-11-2026;01-12-2026;21,00;121,00;diensten")
    assert report.ok, report.errors
    invoice.refresh_from_db()
    assert invoice.supply == Supply.SERVICES
    note = Event.objects.get(invoice_id=invoice.pk, kind=EventKind.NOTE)
    assert note.payload["changed"] == {"supply": ["unknown", "services"]}


def test_a_stored_known_supply_is_never_overwritten(org):
    factories.invoice(
        org,
        org.customers.get(),
        number="F1",
        due=date(2026, 12, 1),
        issue_date=date(2026, 11, 1),
        supply=Supply.GOODS,
    )
    report = import_lines(org, "F1;K1;01-11-2026;01-12-2026;21,00;121,00;diensten")
    assert not report.ok
    assert "goods or services" in report.errors[0].message
    assert Invoice.objects.get().supply == Supply.GOODS
