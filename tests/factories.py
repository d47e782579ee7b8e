"""Small builders for test data: one organisation, its customers and invoices."""

from datetime import date, datetime, time
from decimal import Decimal
from itertools import count
from typing import Any
from zoneinfo import ZoneInfo

from innen.ledger import services
from innen.ledger.models import Customer, CustomerKind, Invoice
from innen.organisations.models import Organisation

_numbers = count(1)


def organisation(name: str = "Bakkerij De Korenschoof B.V.", **fields: Any) -> Organisation:
    defaults = {"kvk_number": "12345678", "iban": "NL91ABNA0417164300"}
    return Organisation.objects.create(name=name, **{**defaults, **fields})


def customer(org: Organisation, **fields: Any) -> Customer:
    n = next(_numbers)
    defaults: dict[str, Any] = {
        "number": f"C{n:04d}",
        "kind": CustomerKind.BUSINESS,
        "name": f"Klant {n} B.V.",
        "emails": f"klant{n}@example.nl",
    }
    return services.customer_create(organisation=org, **{**defaults, **fields})


def invoice(
    org: Organisation,
    cust: Customer,
    total: str = "121.00",
    due: date = date(2026, 1, 31),
    **fields: Any,
) -> Invoice:
    amount = Decimal(total)
    vat = (amount * Decimal(21) / Decimal(121)).quantize(Decimal("0.01"))
    defaults: dict[str, Any] = {
        "number": f"F{next(_numbers):05d}",
        "issue_date": date(2026, 1, 1),
        "due_date": due,
        "amount_excl_vat": amount - vat,
        "vat_amount": vat,
        "total": amount,
    }
    created = services.invoice_create(organisation=org, customer=cust, **{**defaults, **fields})
    # innen has known a test's invoice since it was issued (as from a connected ledger), not
    # since the wall clock's today: an invoice it learns of late starts its ladder calmly
    # (`innen.dunning.timing.late_entry`), which the tests of that rule set up themselves.
    known = datetime.combine(created.issue_date, time(12), tzinfo=ZoneInfo("Europe/Amsterdam"))
    Invoice.objects.filter(pk=created.pk).update(created_at=known)
    created.created_at = known
    return created
