"""A write-off undone: the amount is open again, the dossier keeps the write-off and says it
was undone and why; only a write-off can be undone."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from innen.dossier.models import Event
from innen.ledger import services
from innen.ledger.models import Allocation
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_undone_write_off_reopens_the_invoice_and_the_dossier_says_so():
    org = factories.organisation()
    invoice = factories.invoice(org, factories.customer(org), "121.00")
    written_off = services.invoice_write_off(invoice=invoice, date=date(2026, 2, 1), note="x")
    services.write_off_undo(written_off=written_off, reason="paid after all", source="entered")
    invoice.refresh_from_db()
    assert invoice.outstanding == Decimal("121.00")
    assert not Allocation.objects.filter(invoice=invoice).exists()
    events = Event.objects.filter(invoice=invoice.pk).order_by("pk")
    actions = [p for p in events.values_list("payload", flat=True) if "action" in p]
    assert [p["action"] for p in actions][-2:] == ["written_off", "write_off_undone"]
    assert actions[-1]["reason"] == "paid after all" and Decimal(actions[-1]["amount"]) == 121


def test_only_a_write_off_can_be_undone():
    org = factories.organisation()
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, "121.00")
    services.payment_register(
        organisation=org, customer=customer, date=date(2026, 2, 3), amount=Decimal("21.00"),
        designated=[invoice],
    )  # fmt: skip
    paid = Allocation.objects.get(invoice=invoice)
    with pytest.raises(ValidationError):
        services.write_off_undo(written_off=paid)
    invoice.refresh_from_db()
    assert invoice.outstanding == Decimal("100.00")
