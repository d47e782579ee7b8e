"""Loading only what statement lines can reach: the stored match keys, and the same decisions."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from innen.banking.reachable import load_book
from innen.bench.matching import PAID_ON, write_generated
from innen.demo.loader import demo_load
from innen.formats.statement import Entry
from innen.ledger import importing, services
from innen.ledger.models import CustomerIban, CustomerKind, Invoice
from innen.matching.bench.generated import generate
from innen.matching.book import match_keys
from innen.matching.match import match_entries
from innen.organisations.models import Organisation
from tests import factories
from tests.banking.whole_book import build_book

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


@pytest.mark.parametrize(
    ("customers", "number_style", "seed"),
    [
        (200, "F2026-00042", 11),
        (200, "2026-0042", 11),
        (40, "F2026-00042", 12),  # fifty open invoices each: too many to add up
        (1_000, "2026-0042", 13),  # two each: the account rule's total and combinations
    ],
)
def test_the_book_of_what_the_lines_reach_decides_as_the_whole_ledger(
    customers, number_style, seed
):
    made = generate(customers, 2_000, 500, seed=seed, number_style=number_style)
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


ACCOUNT = "NL91ABNA0417164300"


# Built here with numbers of their own: the shared counter of `tests.factories` names other
# tests' customers, and some of those tests match by name.
def customer_of(org, name="Installatiebedrijf Smit B.V."):
    return services.customer_create(
        organisation=org, number="S1", kind=CustomerKind.BUSINESS, name=name, emails=""
    )


def invoice_of(org, customer, number, total="121.00", payment_reference=""):
    return services.invoice_create(
        organisation=org,
        customer=customer,
        number=number,
        issue_date=date(2026, 1, 1),
        due_date=date(2026, 1, 31),
        amount_excl_vat=Decimal(total),
        vat_amount=Decimal("0.00"),
        total=Decimal(total),
        payment_reference=payment_reference,
    )


def customer_with_open_invoices(org, *totals):
    customer = customer_of(org)
    CustomerIban.objects.create(organisation=org, customer=customer, iban=ACCOUNT)
    invoices = [
        invoice_of(org, customer, f"F2026-{900 + n:05d}", total) for n, total in enumerate(totals)
    ]
    return customer, invoices


def from_the_account(amount, number, remittance="betaling"):
    return Entry(
        TODAY,
        TODAY,
        Decimal(amount),
        counterparty_iban=ACCOUNT,
        remittance=remittance,
        number=number,
    )


def test_of_a_customer_paying_one_invoices_amount_only_that_invoice_is_read():
    org = factories.organisation()
    customer, (_, paid, _) = customer_with_open_invoices(org, "100.00", "200.00", "300.00")
    lines = [from_the_account("200.00", 1)]

    book = load_book(org, lines, TODAY)

    assert set(book.invoice) == {paid.pk}
    assert book.open_count(customer.pk) == 3
    with pytest.raises(LookupError):
        book.open_of(customer.pk)
    assert decisions(lines, book) == decisions(lines, build_book(org, TODAY))
    assert decisions(lines, book)[0][1] == "apply"


@pytest.mark.parametrize(
    "lines",
    [
        [from_the_account("500.00", 1)],  # two invoices together
        [from_the_account("200.00", 1), from_the_account("100.00", 2)],  # two lines
        # The first line pays the invoice of the second line's amount by its number.
        [
            Entry(TODAY, TODAY, Decimal("200.00"), remittance="factuur F2026-00901", number=1),
            from_the_account("200.00", 2),
        ],
    ],
)
def test_a_customer_whose_invoices_the_account_rule_may_add_up_is_read_whole(lines):
    org = factories.organisation()
    customer, invoices = customer_with_open_invoices(org, "100.00", "200.00", "300.00")

    book = load_book(org, lines, TODAY)

    assert book.open_of(customer.pk) == [invoice.pk for invoice in invoices]
    assert decisions(lines, book) == decisions(lines, build_book(org, TODAY))


def test_a_typo_of_several_open_numbers_is_read_as_none_from_a_book_of_two():
    org = factories.organisation()
    customer = customer_of(org)
    for number in ("F2026-00042", "F2026-00043", "F2026-00045"):
        invoice_of(org, customer, number)
    lines = [Entry(TODAY, TODAY, Decimal("121.00"), remittance="factuur 2026-0044", number=1)]

    book = load_book(org, lines, TODAY)

    assert len(book.invoice) == 2
    assert book.typo_of("2026-44") is None
    assert decisions(lines, book) == decisions(lines, build_book(org, TODAY))


def test_a_key_holding_the_separator_of_the_keys_sent_is_found_all_the_same():
    org = factories.organisation()
    odd = invoice_of(org, customer_of(org), "F2026-00001", payment_reference="AB\x1fCD")
    line = Entry(TODAY, TODAY, odd.total, structured_reference="AB\x1fCD", number=1)

    assert set(load_book(org, [line], TODAY).invoice) == {odd.pk}
