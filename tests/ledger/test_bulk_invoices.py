"""Many new invoices at once (a package's sync) are checked as one by one, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from innen.dossier.models import Event
from innen.ledger.bulk import invoices_create
from innen.ledger.models import Invoice
from tests import factories

pytestmark = pytest.mark.django_db

DAY = date(2026, 10, 1)


def _invoice(org, customer, number: str, total: str = "121.00") -> Invoice:
    return Invoice(
        organisation=org,
        customer=customer,
        number=number,
        issue_date=DAY,
        due_date=DAY,
        total=Decimal(total),
        vat_amount=Decimal("21.00"),
        amount_excl_vat=Decimal("100.00"),
    )


def test_new_invoices_are_written_each_with_its_event(org):
    customer = factories.customer(org)
    before = Event.objects.filter(organisation=org).count()
    invoices_create(organisation=org, invoices=[_invoice(org, customer, f"B{n}") for n in range(3)])
    assert Invoice.objects.filter(organisation=org).count() == 3
    assert Event.objects.filter(organisation=org).count() == before + 3
    assert {i.outstanding for i in Invoice.objects.filter(organisation=org)} == {Decimal("121.00")}


@pytest.mark.parametrize("problem", ["number taken", "number twice", "total not the sum"])
def test_one_wrong_invoice_writes_none(org, problem):
    customer = factories.customer(org)
    invoices_create(organisation=org, invoices=[_invoice(org, customer, "B0")])
    wrong = {
        "number taken": _invoice(org, customer, "B0"),
        "number twice": _invoice(org, customer, "B1"),
        "total not the sum": _invoice(org, customer, "B2", total="120.00"),
    }[problem]
    with pytest.raises(ValidationError):
        invoices_create(organisation=org, invoices=[_invoice(org, customer, "B1"), wrong])
    assert Invoice.objects.filter(organisation=org).count() == 1


def test_an_invoice_of_another_organisations_customer_is_refused(org, other_org):
    stranger = factories.customer(other_org)
    with pytest.raises(ValidationError):
        invoices_create(organisation=org, invoices=[_invoice(org, stranger, "B0")])
