"""What a payment beyond the principal pays of an invoice's claim is read once for all the
invoices a statement's payments name (`invoice_claim.charges_owed`), with the same figures
as the claim on each invoice alone (`charges_on`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from innen.collection.models import CustomerCollection, Policy, StepKind
from innen.collection.policies import policy_install_defaults
from innen.ledger.models import CustomerKind, PaidCharges, Payment
from innen.ledger.paying import NewPayment
from innen.ledger.services import payments_register
from innen.outbox.invoice_claim import charges_on, charges_owed
from innen.outbox.waivers import waive_charges
from tests import factories
from tests.claim_letters import demand_letter

pytestmark = pytest.mark.django_db

DAYS = (date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1))


@pytest.fixture
def invoices(org, owner):
    """Invoices claimed alike by nothing: the default policy, a sent demand, a consumer's
    14-day letter and none, a policy claiming nothing, a waiver."""
    policy_install_defaults(organisation=org)
    business = factories.customer(org)
    consumer = factories.customer(org, kind=CustomerKind.CONSUMER)
    quiet = factories.customer(org)
    nothing = Policy.objects.create(organisation=org, name="Niets", customer_kind=business.kind)
    CustomerCollection.objects.create(organisation=org, customer=quiet, policy=nothing)
    plain = factories.invoice(org, business, total="1000.00")
    demanded = factories.invoice(org, business, total="3000.00")
    demand_letter(org, business, [demanded], decided_on=date(2026, 4, 1))
    lettered = factories.invoice(org, consumer, total="500.00")
    demand_letter(
        org, consumer, [lettered], decided_on=date(2026, 3, 2), kind=StepKind.FOURTEEN_DAY_LETTER
    )
    unlettered = factories.invoice(org, consumer, total="400.00")
    unclaimed = factories.invoice(org, quiet, total="700.00")
    waived = factories.invoice(org, business, total="800.00")
    waive_charges(
        waived, interest=True, costs=False, reason="goede klant", user=owner, today=DAYS[1]
    )
    return [plain, demanded, lettered, unlettered, unclaimed, waived]


def test_the_charges_owed_at_once_are_each_invoices_own_claim(invoices):
    owed_on = charges_owed([invoice.pk for invoice in invoices])
    seen = set()
    for day in DAYS:
        principals = {invoice.pk: invoice.total for invoice in invoices}
        alone = {}
        for invoice in invoices:
            interest, costs, _ = charges_on(invoice, invoice.total, day)
            alone[invoice.pk] = interest + costs
        assert owed_on(principals, day) == alone
        seen.update(alone.values())
    assert len(seen) > len(invoices), "the invoices and days must be claimed differently"


def overpaid(org, invoices, count):
    """`count` payments, each naming one invoice and bringing EUR 100 beyond its principal."""
    return [
        NewPayment(
            Payment(
                organisation=org,
                customer=invoice.customer,
                date=DAYS[1],
                amount=invoice.total + Decimal("100.00"),
                external_reference=f"bank:{invoice.pk}",
            ),
            designated=[invoice.pk],
        )
        for invoice in invoices[:count]
    ]


def queries_paying(org, payments):
    with CaptureQueriesContext(connection) as queries:
        payments_register(organisation=org, payments=payments, today=DAYS[1])
    return len(queries)


def test_payments_beyond_the_principal_ask_no_more_queries_for_more_invoices(org, invoices):
    few = queries_paying(org, overpaid(org, invoices, 2))
    others = [factories.invoice(org, invoice.customer, total="900.00") for invoice in invoices]
    many = queries_paying(org, overpaid(org, others, 6))
    assert many <= few
    assert PaidCharges.objects.count() > 2, "the payments paid charges"
