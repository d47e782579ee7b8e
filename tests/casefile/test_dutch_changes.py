"""Every line of the case file reads Dutch in the Dutch UI: a change of a customer or an
invoice by its field names and values, a waiver's flags, a bank match's reason (each stored
in English as evidence, said again on display)."""

from datetime import date

import pytest
from django.utils import translation

from innen.casefile.timeline import describe, timeline
from innen.dossier.models import Event
from innen.ledger import services
from innen.matching.reasons import REFERENCE_IS
from innen.translatable import say, to_record
from tests import factories

pytestmark = pytest.mark.django_db


def _dutch(payload):
    with translation.override("nl"):
        return describe(payload)


def test_an_invoice_change_names_its_fields_and_values_in_dutch(org):
    invoice = factories.invoice(org, factories.customer(org), due=date(2026, 1, 31))
    services.invoice_update(
        invoice=invoice,
        actor="alice",
        source="entered",
        supply="services",
        due_date=date(2026, 2, 28),
    )
    [note] = Event.objects.filter(invoice_id=invoice.pk, kind="note")
    assert note.payload["text"].startswith("Changed: ")  # the evidence stays as written
    with translation.override("nl"):
        [entry] = [e for e in timeline([note])]
        shown = entry.text
    assert shown.startswith("Gewijzigd: ")
    assert "vervaldatum: 31-01-2026 → 28-02-2026" in shown
    assert "goederen of diensten: Onbekend → Diensten" in shown
    assert "supply" not in shown and "due_date" not in shown


def test_a_customer_change_reads_dutch_an_empty_value_too(org):
    customer = factories.customer(org, phone="")
    services.customer_update(customer=customer, actor="alice", source="entered", phone="06 1")
    [note] = Event.objects.filter(customer_id=customer.pk, kind="note")
    assert _dutch(note.payload).startswith("Gewijzigd: telefoon: (leeg) → 06 1")


def test_a_waiver_says_what_was_waived_in_dutch():
    payload = {"invoice_number": "F1", "interest_waived": True, "costs_waived": False}
    text = _dutch(payload)
    assert "rente kwijtgescholden: ja" in text and "incassokosten kwijtgescholden: nee" in text


def test_a_bank_match_gives_its_reason_in_dutch():
    reason = say(REFERENCE_IS, reference="RF18 0000 0000 0539", invoices="2026-001")
    payload = {
        "amount": "121.00",
        "booked_on": "2026-12-01",
        "reason": str(reason),
        "reason_said": to_record(reason),
        "counterparty": "J. Jansen",
    }
    text = _dutch(payload)
    assert "reden: betalingskenmerk RF18 0000 0000 0539 is factuur 2026-001" in text
    assert "boekdatum: 01-12-2026" in text and "tegenpartij: J. Jansen" in text
