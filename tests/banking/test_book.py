"""Loading only what statement lines can reach: the stored match keys, and the same decisions."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from innen.banking.book import load_book
from innen.banking.matching import build_book
from innen.bench.matching import PAID_ON, write_generated
from innen.demo.loader import demo_load
from innen.formats.statement import Entry
from innen.ledger import importing
from innen.ledger.models import Invoice
from innen.matching.book import match_keys
from innen.matching.generated import generate
from innen.matching.match import match_entries
from innen.organisations.models import Organisation
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def keys_of(invoice: Invoice) -> tuple[str, str, str]:
    return invoice.reference_key, invoice.number_key, invoice.number_flat


def test_an_invoice_saved_through_the_service_gets_its_match_keys():
    org = factories.organisation()
    invoice = factories.invoice(
        org, factories.customer(org), number="F2026-00042", payment_reference="1234 5678 9012 3456"
    )

    invoice.refresh_from_db()
    assert keys_of(invoice) == ("1234567890123456", "2026-42", "202600042")


def test_changing_the_number_with_update_fields_changes_the_keys():
    org = factories.organisation()
    invoice = factories.invoice(org, factories.customer(org), number="F2026-00042")

    invoice.number = "2025/7"
    invoice.save(update_fields=["number"])

    invoice.refresh_from_db()
    assert (invoice.number_key, invoice.number_flat) == ("2025-7", "20257")


def test_a_number_of_one_digit_group_has_no_flat_key():
    assert match_keys("F000123", "") == ("", "123", "")


def test_an_imported_invoice_gets_its_match_keys():
    org = factories.organisation()
    factories.customer(org, number="K1")
    header = "factuurnummer;klantnummer;factuurdatum;vervaldatum;totaal;betalingskenmerk"
    data = f"{header}\nINV-2026-0007;K1;01-11-2026;01-12-2026;121,00;RF18 5390 0754 7034\n"

    report = importing.import_invoices(organisation=org, data=data.encode())

    assert report.created == 1, report
    invoice = Invoice.objects.get(organisation=org)
    assert keys_of(invoice) == ("RF18539007547034", "2026-7", "20260007")


def test_the_demo_loader_fills_the_match_keys():
    demo_load(today=date(2026, 11, 23), customers=10)

    invoices = list(Invoice.objects.all())
    assert invoices
    for invoice in invoices:
        assert keys_of(invoice) == match_keys(invoice.number, invoice.payment_reference)


def decisions(entries: list[Entry], book) -> list[tuple]:
    return [
        (
            d.entry_number,
            d.action,
            d.why,
            d.unallocated,
            d.chosen,
            d.candidates,
        )
        for d in match_entries(entries, book)
    ]


@pytest.mark.parametrize("number_style", ["F2026-00042", "2026-0042"])
def test_the_book_of_what_the_lines_reach_decides_as_the_whole_ledger(number_style):
    made = generate(200, 2_000, 500, seed=11, number_style=number_style)
    organisation = Organisation.objects.create(name="Generated B.V.")
    write_generated(organisation, made.book)

    partial = load_book(organisation, made.entries, TODAY)
    full = build_book(organisation, TODAY)

    assert len(partial.invoice) < len(full.invoice)
    assert decisions(made.entries, partial) == decisions(made.entries, full)


def test_a_partly_paid_invoice_is_found_by_what_is_left_for_the_name_rule():
    org = factories.organisation()
    customer = factories.customer(org, name="Hoveniers de Graaf B.V.")
    invoice = factories.invoice(org, customer, total="300.00", number="F2026-00900")
    from innen.ledger import services

    services.payment_register(
        organisation=org,
        customer=customer,
        date=PAID_ON,
        amount=Decimal("100.00"),
        designated=[invoice],
    )
    line = Entry(TODAY, TODAY, Decimal("200.00"), counterparty_name="HOVENIERS DE GRAAF", number=1)

    book = load_book(org, [line], TODAY)

    assert book.invoice[invoice.pk].open_amount == Decimal("200.00")
    assert decisions([line], book) == decisions([line], build_book(org, TODAY))


def test_a_line_never_reaches_another_organisations_invoice():
    mine, theirs = factories.organisation(), factories.organisation(name="Ander B.V.")
    other = factories.invoice(
        theirs,
        factories.customer(theirs),
        number="F2026-00042",
        payment_reference="RF18539007547034",
    )
    line = Entry(
        TODAY,
        TODAY,
        other.total,
        structured_reference="RF18539007547034",
        remittance="factuur F2026-00042",
        number=1,
    )

    book = load_book(mine, [replace(line)], TODAY)

    assert book.invoice == {}
