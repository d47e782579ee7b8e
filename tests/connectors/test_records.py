"""A record kept while it waits for another comes back exactly as the package sent it."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from innen.connectors.records import (
    ExternalInvoice,
    ExternalPayment,
    InvoiceState,
    PaymentKind,
    invoice_from_record,
    payment_from_record,
    to_record,
)


def test_an_invoice_kept_as_json_comes_back_the_same():
    invoice = ExternalInvoice(
        "i1", "7", "c1", "2026-001", date(2026, 3, 1), date(2026, 3, 15), Decimal("121.00"),
        InvoiceState.OPEN, vat=Decimal("21.00"), payment_reference="RF18",
    )  # fmt: skip
    assert invoice_from_record(json.loads(json.dumps(to_record(invoice)))) == invoice
    without_vat = ExternalInvoice(**{**invoice.__dict__, "vat": None})
    assert invoice_from_record(json.loads(json.dumps(to_record(without_vat)))) == without_vat


def test_a_payment_kept_as_json_comes_back_the_same():
    payment = ExternalPayment(
        "p1", "3", "i1", Decimal("50.10"), date(2026, 4, 2), kind=PaymentKind.WRITE_OFF
    )
    assert payment_from_record(json.loads(json.dumps(to_record(payment)))) == payment
