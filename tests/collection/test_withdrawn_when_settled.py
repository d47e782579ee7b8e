"""A reminder queued for an invoice is withdrawn once the invoice is settled, whoever settles it.

The ledger services do it (`innen.ledger.settling`, filled in by collection), so the API and
the CSV import withdraw as the bank matching and the portal do, with the dossier's note.
"""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from innen.api.tokens import api_token_create
from innen.collection.models import Message, MessageStatus
from innen.collection.run import run_collection
from innen.dossier.models import Event, EventKind
from innen.ledger import importing
from innen.ledger import services as ledger
from innen.organisations.models import Membership, Role
from tests import factories
from tests.collection.ladders import collecting_organisation

pytestmark = pytest.mark.django_db

DUE = date(2026, 10, 1)
REMINDER_DAY = date(2026, 10, 8)  # the default ladder's e-mail reminder for DUE


@pytest.fixture
def org():
    return collecting_organisation()


@pytest.fixture
def customer(org):
    return factories.customer(org, number="K1")


@pytest.fixture
def reminded(org, customer):
    """An invoice whose reminder the run has queued."""
    invoice = factories.invoice(org, customer, number="F1", total="242.00", due=DUE)
    run_collection(org, REMINDER_DAY)
    assert Message.objects.get(customer=customer, kind="reminder").status == MessageStatus.QUEUED
    return invoice


def api_post(client, org, path, body):
    owner = User.objects.create_user("owner", password="x-long-password")
    Membership.objects.create(user=owner, organisation=org, role=Role.OWNER)
    token = api_token_create(organisation=org, name="boekhouding", scope="write", created_by=owner)
    return client.post(
        f"/api{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token.secret}"},
    )


def assert_withdrawn(invoice):
    reminder = Message.objects.get(customer=invoice.customer, kind="reminder")
    assert reminder.status == MessageStatus.CANCELLED
    withdrawn = Event.objects.get(kind=EventKind.MESSAGE_WITHDRAWN, payload__message=reminder.pk)
    assert withdrawn.customer_id == invoice.customer_id
    assert withdrawn.payload["settled"] == [invoice.number]


def test_a_payment_through_the_api_withdraws_the_paid_invoices_reminder(client, org, reminded):
    body = {"invoice_ids": [reminded.pk], "date": "2026-10-09", "amount": "242.00"}
    assert api_post(client, org, "/payments/", body).status_code == 201
    assert_withdrawn(reminded)


def test_a_payment_from_the_csv_import_withdraws_the_paid_invoices_reminder(org, reminded):
    data = b"datum;bedrag;klantnummer;factuurnummer;tegenrekening;omschrijving;referentie\n"
    data += b"09-10-2026;242,00;;F1;;betaling F1;TX1\n"
    assert importing.import_payments(organisation=org, data=data, dry_run=False).ok
    assert_withdrawn(reminded)


def test_a_credit_note_through_the_api_withdraws_the_credited_invoices_reminder(
    client, org, customer, reminded
):
    body = {
        "customer_id": customer.pk,
        "invoice_id": reminded.pk,
        "number": "CN-1",
        "issue_date": "2026-10-09",
        "amount_excl_vat": "200.00",
        "vat_amount": "42.00",
        "total": "242.00",
    }
    assert api_post(client, org, "/credit-notes/", body).status_code == 201
    assert_withdrawn(reminded)


def test_a_write_off_withdraws_the_written_off_invoices_reminder(reminded):
    ledger.invoice_write_off(invoice=reminded, date=date(2026, 10, 9))
    assert_withdrawn(reminded)


def test_a_part_payment_leaves_the_reminder_queued(org, customer, reminded):
    ledger.payment_register(
        organisation=org, customer=customer, date=date(2026, 10, 9), amount=Decimal("100.00")
    )
    assert Message.objects.get(customer=customer, kind="reminder").status == MessageStatus.QUEUED
    assert not Event.objects.filter(kind=EventKind.MESSAGE_WITHDRAWN).exists()
