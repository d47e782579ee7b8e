"""Loading the demo organisation: the ledger's rules hold, and loading twice changes nothing."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate
from django.db.models import Sum

from innen.demo import replay
from innen.demo.facts import Profile
from innen.demo.generator import generate
from innen.demo.loader import DEMO_PASSWORD, DEMO_USERNAME, demo_load, demo_summary
from innen.ledger import services
from innen.ledger.models import Allocation, CreditNote, Customer, CustomerIban, Invoice, Payment
from innen.money import round_cents
from innen.organisations.models import Membership, Organisation, Role
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
SMALL = 30
LEDGER = (
    Organisation,
    Customer,
    CustomerIban,
    Invoice,
    CreditNote,
    Payment,
    Allocation,
    Membership,
)


@pytest.fixture
def loaded():
    return demo_load(today=TODAY, customers=SMALL)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in LEDGER}


def test_loading_writes_what_the_generator_made(loaded):
    demo = generate(TODAY, customers=SMALL)
    org = loaded.organisation
    assert loaded.created
    assert org.name == demo.organisation.name
    assert Customer.objects.filter(organisation=org).count() == SMALL
    assert Invoice.objects.filter(organisation=org).count() == len(demo.invoices)
    assert CreditNote.objects.filter(organisation=org).count() == len(demo.credit_notes)
    assert Payment.objects.filter(organisation=org).count() == len(demo.payments)
    assert Allocation.objects.filter(organisation=org).count() == len(replay.allocations(demo))


def test_no_invoice_is_over_allocated(loaded):
    # SQLite does the with_balance() arithmetic in floating point, so a settled invoice can
    # owe -1e-14: compare in whole cents (the exact check follows below).
    invoices = Invoice.objects.filter(organisation=loaded.organisation).with_balance()
    assert all(round_cents(Decimal(invoice.open_amount)) >= 0 for invoice in invoices)


def test_no_invoice_is_allocated_more_than_its_total_to_the_cent(loaded):
    allocated: dict[int, Decimal] = defaultdict(Decimal)
    for invoice_id, amount in Allocation.objects.filter(
        organisation=loaded.organisation
    ).values_list("invoice_id", "amount"):
        allocated[invoice_id] += amount
    totals = dict(
        Invoice.objects.filter(organisation=loaded.organisation).values_list("pk", "total")
    )
    assert all(allocated[pk] <= total for pk, total in totals.items())


def test_no_payment_allocates_more_than_it_brought_in(loaded):
    payments = Payment.objects.filter(organisation=loaded.organisation).annotate(
        spent=Sum("allocations__amount")
    )
    assert all(
        payment.spent is not None and payment.spent <= payment.amount for payment in payments
    )


def test_totals_are_the_amount_excl_vat_plus_vat(loaded):
    for model in (Invoice, CreditNote):
        for row in model.objects.filter(organisation=loaded.organisation):
            assert row.total == row.amount_excl_vat + row.vat_amount


def test_no_payment_is_dated_after_today(loaded):
    payments = Payment.objects.filter(organisation=loaded.organisation)
    assert not payments.filter(date__gt=TODAY).exists()
    assert not Allocation.objects.filter(organisation=loaded.organisation, date__gt=TODAY).exists()


def test_the_aging_has_open_invoices_in_every_bucket(loaded):
    aging = Invoice.objects.filter(organisation=loaded.organisation).aging(TODAY)
    assert all(bucket["count"] > 0 for bucket in aging.values()), aging


def test_the_loaded_rows_pass_the_models_own_validation(loaded):
    org = loaded.organisation
    org.full_clean()
    for customer in Customer.objects.filter(organisation=org):
        customer.full_clean()
    for iban in CustomerIban.objects.filter(organisation=org):
        iban.full_clean()
    for model in (Invoice, CreditNote, Payment):
        for row in model.objects.filter(organisation=org)[:40]:
            row.full_clean()


def test_loading_twice_creates_nothing_the_second_time(loaded):
    before = row_counts()
    again = demo_load(today=date(2026, 12, 1), customers=SMALL)
    assert not again.created
    assert again.organisation == loaded.organisation
    assert row_counts() == before


def test_reset_rebuilds_the_demo_organisation_and_nothing_else(loaded):
    other = factories.organisation()
    invoice = factories.invoice(other, factories.customer(other))
    rebuilt = demo_load(today=TODAY, customers=SMALL, reset=True)
    assert rebuilt.created
    assert rebuilt.organisation.pk != loaded.organisation.pk
    assert not Organisation.objects.filter(pk=loaded.organisation.pk).exists()
    assert Organisation.objects.count() == 2
    assert Invoice.objects.filter(organisation=other).get() == invoice
    assert Customer.objects.filter(organisation=rebuilt.organisation).count() == SMALL


def test_the_demo_user_owns_the_demo_organisation_and_can_sign_in(loaded):
    user = authenticate(username=DEMO_USERNAME, password=DEMO_PASSWORD)
    assert user is not None
    membership = Membership.objects.get(user=user)
    assert membership.organisation == loaded.organisation
    assert membership.role == Role.OWNER


def test_the_summary_adds_up_the_open_and_overdue_invoices(loaded):
    summary = demo_summary(organisation=loaded.organisation, today=TODAY)
    open_invoices = Invoice.objects.filter(organisation=loaded.organisation).open()
    assert summary.customers == SMALL
    total = sum((i.open_amount for i in open_invoices), Decimal("0.00"))
    overdue = sum((i.open_amount for i in open_invoices if i.due_date < TODAY), Decimal("0.00"))
    assert round_cents(summary.open_total) == round_cents(total)
    assert round_cents(summary.overdue_total) == round_cents(overdue) > 0


def test_the_loader_allocates_as_the_payment_service_does():
    # Replaying the same demo through the ledger's services, event by event, must leave
    # every invoice owing exactly what the bulk load leaves it owing (to the cent: on SQLite
    # with_balance() computes in floating point).
    demo = generate(TODAY, customers=9)
    assert {Profile.IN_TROUBLE, Profile.DISPUTING} <= {c.profile for c in demo.customers}
    bulk = demo_load(today=TODAY, customers=9).organisation
    expected = _open_by_number(bulk)
    org = factories.organisation(name="Via de services B.V.")
    _register_through_services(org, demo)
    assert _open_by_number(org) == expected


def _open_by_number(org):
    rows = Invoice.objects.filter(organisation=org).with_balance()
    return {
        number: round_cents(Decimal(owed))
        for number, owed in rows.values_list("number", "open_amount")
    }


def _register_through_services(org, demo):
    customers = {
        c.number: services.customer_create(
            organisation=org, number=c.number, kind=c.kind, name=c.name, ibans=list(c.ibans)
        )
        for c in demo.customers
    }
    invoices = {}
    events = [(i.issue_date, 0, i.number, i) for i in demo.invoices]
    events += [(n.issue_date, 1, n.number, n) for n in demo.credit_notes]
    events += [(p.date, 2, p.reference, p) for p in demo.payments]
    for _, kind, _, record in sorted(events, key=lambda event: event[:3]):
        customer = customers[record.customer_number]
        if kind == 0:
            invoices[record.number] = services.invoice_create(
                organisation=org,
                customer=customer,
                number=record.number,
                issue_date=record.issue_date,
                due_date=record.due_date,
                amount_excl_vat=record.amount_excl_vat,
                vat_amount=record.vat_amount,
                total=record.total,
            )
        elif kind == 1:
            services.credit_note_create(
                organisation=org,
                customer=customer,
                invoice=invoices[record.invoice_number],
                number=record.number,
                issue_date=record.issue_date,
                amount_excl_vat=record.amount_excl_vat,
                vat_amount=record.vat_amount,
                total=record.total,
            )
        else:
            services.payment_register(
                organisation=org,
                customer=customer,
                date=record.date,
                amount=record.amount,
                designated=[invoices[number] for number in record.designated],
            )


def test_the_full_demo_loads_its_three_hundred_customers_and_their_invoices():
    # How long it takes is `make bench`'s demo_load_seconds, not a test's.
    result = demo_load(today=TODAY)
    assert Customer.objects.filter(organisation=result.organisation).count() == 300
    assert Invoice.objects.filter(organisation=result.organisation).count() > 4900


def test_each_replayed_run_saw_the_ledger_of_its_day(loaded):
    """Steps went to invoices paid after them too (so the dashboard's funnel shows what
    followed a step), and never to one settled before its day."""
    from innen.collection.models import Action

    steps = Action.objects.filter(organisation=loaded.organisation).select_related("invoice")
    settled_after = [s for s in steps if s.invoice.settled_on is not None]
    assert settled_after
    assert all(s.invoice.settled_on > s.decided_on for s in settled_after)


def test_every_ledger_event_is_in_the_dossier_once(loaded):
    from innen.dossier.models import Event, EventKind

    org = loaded.organisation
    assert Event.objects.filter(organisation=org, kind=EventKind.PAYMENT_REGISTERED).count() == (
        Payment.objects.filter(organisation=org).count()
    )
    assert Event.objects.filter(organisation=org, kind=EventKind.INVOICE_IMPORTED).count() == (
        Invoice.objects.filter(organisation=org).count()
    )
