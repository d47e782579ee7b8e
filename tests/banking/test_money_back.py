"""Money back to customers on the statement: a returned payment re-opens what it paid, a
refund pays out credit, and neither is ever applied to another organisation's books."""

from datetime import date
from decimal import Decimal

import pytest

from innen.banking.models import BankEntry, MatchStatus
from innen.banking.services import statement_import
from innen.dossier.models import Event, EventKind
from innen.ledger.models import Invoice, PaidCharges, Repayment, RepaymentKind
from innen.ledger.services import customer_credit, payment_register
from tests import factories
from tests.banking.conftest import entry, statement

pytestmark = pytest.mark.django_db

REFERENCE = "1234567890123452"
DAY = date(2026, 11, 2)


def run(reader, name: bytes, *lines):
    data = reader.add(name, statement(list(lines)))
    return statement_import(
        data=data, name=name.decode(), organisation=reader.org, dry_run=False
    ).matching


@pytest.fixture
def books(reader, org, account):
    reader.org = org
    customer = factories.customer(org)
    # Not yet due on the statements' days: an over-payment leaves credit, no interest or costs
    # (on an invoice in default it pays those first: tests/ledger/test_paying_the_whole_claim.py).
    invoice = factories.invoice(
        org, customer, total="242.00", due=date(2026, 11, 30), payment_reference=REFERENCE
    )
    return customer, invoice


def test_an_over_payment_of_an_invoice_in_default_pays_its_interest_and_costs_first(
    reader, org, account
):
    reader.org = org
    customer = factories.customer(org)
    factories.invoice(
        org, customer, total="242.00", due=date(2026, 10, 1), payment_reference=REFERENCE
    )

    run(reader, b"over", entry(1, "300.00", structured_reference=REFERENCE))

    (charges,) = PaidCharges.objects.all()
    assert charges.amount > Decimal("40.00"), "the EUR 40 of art. 6:96 lid 4 and the interest"
    assert customer_credit(customer) == Decimal("58.00") - charges.amount


def refund_of_the_credit(customer, invoice):
    """Line 2: the 58.00 a payment of 300.00 on the 242.00 invoice left, paid back."""
    return entry(
        2,
        "-58.00",
        day=12,
        counterparty_iban="NL44RABO0123456789",
        counterparty_name=customer.name,
        remittance=f"Terugbetaling te veel betaald {invoice.number}",
    )


def open_amount(invoice) -> Decimal:
    found = Invoice.objects.filter(pk=invoice.pk).with_balance().get()
    return Decimal(found.open_amount)


def test_a_returned_direct_debit_reopens_the_invoice_it_paid_found_by_end_to_end_id(reader, books):
    _customer, invoice = books
    run(
        reader,
        b"collected",
        entry(1, "242.00", structured_reference=REFERENCE, end_to_end_id="E2E-77"),
    )
    assert open_amount(invoice) == 0

    summary = run(
        reader,
        b"returned",
        entry(
            2,
            "-242.00",
            day=9,
            remittance="Storno incasso",
            end_to_end_id="E2E-77",
            is_return=True,
            return_reason="MD06",
        ),
    )

    assert summary["returned"] == 1
    assert open_amount(invoice) == Decimal("242.00")
    repayment = Repayment.objects.get()
    assert repayment.kind == RepaymentKind.STORNO and repayment.amount == Decimal("242.00")
    assert repayment.payment == BankEntry.objects.get(number=1).payment
    returned = BankEntry.objects.get(number=2)
    assert returned.match_status == MatchStatus.MATCHED and returned.repayment == repayment
    event = Event.objects.get(kind=EventKind.PAYMENT_RETURNED)
    assert event.payload["reopened"] == [{"invoice": invoice.number, "amount": "242.00"}]
    assert "MD06" in event.payload["reason"]


def test_a_returned_payment_found_by_the_reference_in_its_description(reader, books):
    customer, invoice = books
    run(reader, b"paid", entry(1, "242.00", structured_reference=REFERENCE))

    run(
        reader,
        b"returned",
        entry(2, "-242.00", day=9, remittance=f"Retour {REFERENCE}", is_return=True),
    )

    assert open_amount(invoice) == Decimal("242.00")
    assert customer_credit(customer) == 0


def test_a_partial_storno_reopens_only_what_was_returned(reader, books):
    _customer, invoice = books
    run(reader, b"paid", entry(1, "242.00", structured_reference=REFERENCE, end_to_end_id="E1"))

    run(reader, b"back", entry(2, "-42.00", day=9, end_to_end_id="E1", is_return=True))

    assert open_amount(invoice) == Decimal("42.00")


def test_a_refund_of_an_over_payment_pays_out_the_customers_credit(reader, books, org):
    customer, invoice = books
    run(reader, b"over", entry(1, "300.00", structured_reference=REFERENCE))
    assert customer_credit(customer) == Decimal("58.00")

    summary = run(
        reader,
        b"refund",
        refund_of_the_credit(customer, invoice),
    )

    assert summary["refunded"] == 1
    assert customer_credit(customer) == 0
    assert Repayment.objects.get().kind == RepaymentKind.REFUND
    assert Event.objects.filter(kind=EventKind.REFUND_PAID).count() == 1
    assert open_amount(invoice) == 0


def test_a_refund_on_the_statement_of_the_over_payment_pays_out_the_credit_it_left(reader, books):
    customer, invoice = books

    summary = run(
        reader,
        b"both",
        entry(1, "300.00", structured_reference=REFERENCE),
        refund_of_the_credit(customer, invoice),
    )

    assert summary["applied"] == 1 and summary["refunded"] == 1
    assert customer_credit(customer) == 0
    assert open_amount(invoice) == 0


def test_a_storno_on_the_statement_of_the_payment_reopens_what_it_paid(reader, books):
    customer, invoice = books

    summary = run(
        reader,
        b"both",
        entry(1, "242.00", structured_reference=REFERENCE),
        entry(2, "-242.00", day=9, remittance=f"Retour {REFERENCE}", is_return=True),
    )

    assert summary["applied"] == 1 and summary["returned"] == 1
    assert open_amount(invoice) == Decimal("242.00")
    assert customer_credit(customer) == 0


def test_a_refund_beyond_the_customers_credit_waits_for_review(reader, books):
    customer, invoice = books
    payment_register(
        organisation=customer.organisation,
        customer=customer,
        date=date(2026, 11, 1),
        amount=Decimal("250.00"),
    )

    summary = run(
        reader,
        b"refund",
        entry(
            2,
            "-100.00",
            remittance=f"Terugbetaling {invoice.number}",
            counterparty_name="Someone Else",
        ),
    )

    assert summary["review"] == 1 and summary["refunded"] == 0
    row = BankEntry.objects.get()
    assert row.match_status == MatchStatus.REVIEW
    assert "credit" in row.match_note
    assert not Repayment.objects.exists()
    assert customer_credit(customer) == Decimal("8.00")


def test_a_returned_payment_never_reopens_another_organisations_invoice(reader, books, org):
    other = factories.organisation("Bob B.V.")
    theirs = factories.invoice(
        other, factories.customer(other), total="50.00", payment_reference="9876543210987654"
    )
    payment_register(
        organisation=other,
        customer=theirs.customer,
        date=date(2026, 11, 1),
        amount=Decimal("50.00"),
    )

    run(
        reader,
        b"returned",
        entry(1, "-50.00", structured_reference="9876543210987654", is_return=True),
    )

    assert open_amount(theirs) == 0
    assert BankEntry.objects.get().match_status == MatchStatus.REVIEW


def member(client, org, role):
    from django.contrib.auth.models import User

    from innen.organisations.models import Membership

    user = User.objects.create_user(f"user-{role}-{org.pk}", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    return client


def test_a_controller_reopens_invoices_for_a_returned_line_in_review(reader, books, client, org):
    from django.urls import reverse

    from innen.organisations.models import Role

    _customer, invoice = books
    run(reader, b"paid", entry(1, "242.00", structured_reference=REFERENCE))
    run(reader, b"back", entry(2, "-242.00", day=9, remittance="retour", is_return=True))
    row = BankEntry.objects.get(number=2)
    assert row.match_status == MatchStatus.REVIEW

    member(client, org, Role.CONTROLLER).post(
        reverse("bank-entry-return", args=[row.pk]), {"invoices": invoice.number}
    )

    row.refresh_from_db()
    assert row.match_status == MatchStatus.MATCHED and row.repayment is not None
    assert open_amount(invoice) == Decimal("242.00")


def test_a_controller_names_the_customer_of_a_refund_and_a_viewer_cannot(
    reader, books, client, org
):
    from django.urls import reverse

    from innen.organisations.models import Role

    customer, _invoice = books
    run(reader, b"over", entry(1, "300.00", structured_reference=REFERENCE))
    run(
        reader,
        b"out",
        entry(
            2,
            "-58.00",
            day=9,
            remittance="x",
            counterparty_iban="NL20INGB0001234567",
            counterparty_name="Iemand",
        ),
    )
    row = BankEntry.objects.get(number=2)
    url = reverse("bank-entry-refund", args=[row.pk])

    assert (
        member(client, org, Role.VIEWER).post(url, {"customer": customer.number}).status_code == 403
    )
    member(client, org, Role.OWNER).post(url, {"customer": customer.number})

    row.refresh_from_db()
    assert row.match_status == MatchStatus.MATCHED
    assert customer_credit(customer) == 0


def test_the_credit_page_lists_customers_with_credit_of_this_organisation_only(
    reader, books, client, org
):
    from django.urls import reverse

    from innen.organisations.models import Role

    customer, _invoice = books
    run(reader, b"over", entry(1, "300.00", structured_reference=REFERENCE))
    other = factories.organisation("Bob B.V.")
    theirs = factories.customer(other, name="Verborgen B.V.")
    payment_register(organisation=other, customer=theirs, date=DAY, amount=Decimal("9.00"))

    page = member(client, org, Role.VIEWER).get(reverse("bank-credit"))

    assert page.status_code == 200
    assert page.context["rows"] == [(customer, Decimal("58.00"))]
    assert "Verborgen" not in page.content.decode()


def test_the_customer_page_shows_the_credit(reader, books, client, org):
    from django.urls import reverse

    from innen.organisations.models import Role

    customer, _invoice = books
    run(reader, b"over", entry(1, "300.00", structured_reference=REFERENCE))

    page = member(client, org, Role.VIEWER).get(reverse("customer-detail", args=[customer.pk]))

    assert page.context["credit"] == Decimal("58.00")
    assert "58,00" in page.content.decode()


def test_a_refund_naming_a_paid_invoice_goes_to_its_customer_whatever_the_name(reader, books):
    customer, invoice = books
    payment_register(
        organisation=customer.organisation,
        customer=customer,
        date=date(2026, 11, 1),
        amount=Decimal("300.00"),
    )

    summary = run(
        reader,
        b"refund",
        entry(
            2,
            "-58.00",
            remittance=f"Terugbetaling teveel betaald {invoice.number}",
            counterparty_name="Someone Else",
            counterparty_iban="NL02ABNA0123456789",
        ),
    )

    assert summary["refunded"] == 1
    assert Repayment.objects.get().customer == customer
    assert customer_credit(customer) == Decimal("0.00")
