"""Many payments registered at once pay exactly what they would have paid one by one."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from innen.dossier.models import Event, EventKind
from innen.ledger import services
from innen.ledger.models import Allocation, Invoice, Payment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    # The services refuse in the active language (Dutch by default); these tests read English.
    with translation.override("en"):
        yield


D = Decimal


def ledger_of(name: str, seed: int):
    """The same customers and invoices for every organisation made with this seed."""
    rng = random.Random(seed)
    org = factories.organisation(name)
    invoices = []
    customers = [factories.customer(org, number=f"K{n}") for n in range(4)]
    for n in range(14):
        customer = customers[rng.randrange(len(customers))]
        total = D(rng.randrange(1_000, 30_000)) / 100
        due = date(2026, 1, 1) + timedelta(days=rng.randrange(60))
        invoices.append(
            factories.invoice(org, customer, total=str(total), due=due, number=f"F{seed}-{n}")
        )
    return org, customers, invoices


def payments_of(seed: int, customers, invoices):
    """(customer, amount, named invoices): partial, exact, over-paid and unnamed payments."""
    rng = random.Random(seed + 1)
    out = []
    for n in range(20):
        customer = customers[rng.randrange(len(customers))]
        own = [i for i in invoices if i.customer_id == customer.pk]
        named = rng.sample(own, min(len(own), rng.choice((0, 1, 1, 2))))
        base = sum((i.total for i in named), D("0")) or D(rng.randrange(500, 20_000)) / 100
        amount = (base * D(rng.choice(("0.5", "1", "1", "1.3")))).quantize(D("0.01"))
        out.append((customer, amount, named, f"bank:{n}"))
    return out


def what_was_paid(org):
    allocations = [
        (a.payment.external_reference, a.invoice.number, a.amount)
        for a in Allocation.objects.filter(organisation=org).order_by("payment_id", "id")
    ]
    open_amounts = dict(
        Invoice.objects.filter(organisation=org).values_list("number", "outstanding")
    )
    events = [
        (e.kind, {k: v for k, v in e.payload.items() if k != "source"})
        for e in Event.objects.filter(organisation=org).order_by("seq")
        if e.kind != EventKind.CUSTOMER_CREATED  # the set-up's, with the factory's names
    ]
    return allocations, open_amounts, events


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_payments_registered_at_once_pay_what_they_pay_one_by_one(seed):
    one_org, one_customers, one_invoices = ledger_of("One B.V.", seed)
    for customer, amount, named, reference in payments_of(seed, one_customers, one_invoices):
        services.payment_register(
            organisation=one_org,
            customer=customer,
            date=date(2026, 3, 1),
            amount=amount,
            designated=named,
            external_reference=reference,
        )
    lot_org, lot_customers, lot_invoices = ledger_of("Lot B.V.", seed)
    services.payments_register(
        organisation=lot_org,
        payments=[
            services.NewPayment(
                Payment(
                    organisation=lot_org,
                    customer=customer,
                    date=date(2026, 3, 1),
                    amount=amount,
                    external_reference=reference,
                ),
                [i.pk for i in named],
            )
            for customer, amount, named, reference in payments_of(seed, lot_customers, lot_invoices)
        ],
    )

    assert what_was_paid(lot_org) == what_was_paid(one_org)


def test_a_lot_with_a_payment_already_recorded_records_nothing_and_names_it():
    org, customers, _ = ledger_of("Alice B.V.", 7)
    services.payment_register(
        organisation=org,
        customer=customers[0],
        date=date(2026, 3, 1),
        amount=D("10.00"),
        external_reference="bank:2",
    )
    before = what_was_paid(org)
    lot = [
        services.NewPayment(
            Payment(
                organisation=org,
                customer=customers[0],
                date=date(2026, 3, 2),
                amount=D("10.00"),
                external_reference=f"bank:{n}",
            )
        )
        for n in (1, 2)
    ]

    with pytest.raises(ValidationError, match="already recorded: bank:2"):
        services.payments_register(organisation=org, payments=lot)

    assert what_was_paid(org) == before


def test_a_lot_never_pays_for_another_organisations_customer():
    org, _, _ = ledger_of("Alice B.V.", 8)
    _, strangers, _ = ledger_of("Bob B.V.", 8)
    lot = [
        services.NewPayment(
            Payment(organisation=org, customer=strangers[0], date=date(2026, 3, 2), amount=D("5"))
        )
    ]

    with pytest.raises(ValidationError, match="another organisation"):
        services.payments_register(organisation=org, payments=lot)

    assert not Payment.objects.exists()
