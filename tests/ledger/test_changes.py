"""Changing a customer or an invoice goes through the ledger's services and is noted in the
dossier: field by field, what it was and what it became, by whom and from where."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from innen.dossier.models import Event, EventKind
from innen.ledger import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return factories.organisation()


def test_a_changed_customer_is_noted_in_the_dossier(org):
    customer = factories.customer(org, name="Oud B.V.")

    services.customer_update(customer=customer, actor="api:1", source="api", name="Nieuw B.V.")

    customer.refresh_from_db()
    assert customer.name == "Nieuw B.V."
    note = Event.objects.get(kind=EventKind.NOTE)
    assert (note.customer_id, note.invoice_id, note.actor) == (customer.pk, None, "api:1")
    assert note.payload["changed"] == {"name": ["Oud B.V.", "Nieuw B.V."]}
    assert note.payload["source"] == "api"


def test_a_customer_changed_to_what_it_was_notes_nothing(org):
    customer = factories.customer(org, name="Oud B.V.")

    services.customer_update(customer=customer, actor="api:1", source="api", name="Oud B.V.")

    assert not Event.objects.filter(kind=EventKind.NOTE).exists()


def test_a_refused_customer_change_is_neither_stored_nor_noted(org):
    customer = factories.customer(org, name="Oud B.V.")

    with pytest.raises(ValidationError):
        services.customer_update(customer=customer, actor="api:1", source="api", name="")

    customer.refresh_from_db()
    assert customer.name == "Oud B.V."
    assert not Event.objects.filter(kind=EventKind.NOTE).exists()


def test_a_changed_invoice_is_noted_in_the_dossier(org):
    invoice = factories.invoice(org, factories.customer(org), due=date(2026, 1, 31))

    services.invoice_update(
        invoice=invoice, actor="api:1", source="api", due_date=date(2026, 2, 28)
    )

    note = Event.objects.get(kind=EventKind.NOTE)
    assert (note.customer_id, note.invoice_id) == (invoice.customer_id, invoice.pk)
    assert note.payload["changed"] == {"due_date": ["2026-01-31", "2026-02-28"]}
