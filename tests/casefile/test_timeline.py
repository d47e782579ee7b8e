"""Timeline selectors, how an event reads, notes, and the read-only admin."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from innen.casefile.timeline import (
    customer_timeline,
    customer_timeline_page,
    describe,
    documents_of,
    invoice_timeline,
)
from innen.dossier.models import Event, EventKind
from innen.dossier.record import NewEvent, append
from innen.dossier.services import note_add
from tests import factories

pytestmark = pytest.mark.django_db

DAY = date(2026, 4, 1)
SHA = "ab" * 32


@pytest.fixture
def org():
    return factories.organisation()


@pytest.fixture
def setup(org):
    customer = factories.customer(org)
    first = factories.invoice(org, customer, number="F-1")
    second = factories.invoice(org, customer, number="F-2")
    other = factories.customer(org)
    append(
        org.pk,
        [
            NewEvent(EventKind.NOTE, DAY, customer_id=customer.pk, payload={"text": "customer"}),
            NewEvent(
                EventKind.NOTE,
                DAY,
                customer_id=customer.pk,
                invoice_id=first.pk,
                payload={"text": "first"},
            ),
            # An event that names only the invoice still belongs to its customer's dossier.
            NewEvent(EventKind.NOTE, DAY, invoice_id=second.pk, payload={"text": "second"}),
            NewEvent(EventKind.NOTE, DAY, customer_id=other.pk, payload={"text": "other"}),
        ],
    )
    return customer, first, second


def texts(entries):
    return [e.text for e in entries if e.event.kind == EventKind.NOTE]


def test_a_customers_timeline_holds_its_and_its_invoices_events_newest_first(setup):
    customer, _, _ = setup
    assert texts(customer_timeline(customer=customer)) == ["second", "first", "customer"]
    oldest = customer_timeline(customer=customer, newest_first=False)
    assert texts(oldest) == ["customer", "first", "second"]


def test_an_invoices_timeline_holds_its_events_and_the_customer_level_ones(setup):
    _, first, _ = setup
    entries = invoice_timeline(invoice=first)
    assert texts(entries) == ["first", "customer"]
    assert [e.invoice_number for e in entries if e.text == "first"] == ["F-1"]


def test_a_page_says_when_older_events_did_not_fit(setup):
    customer, _, _ = setup
    page = customer_timeline_page(customer=customer, limit=2)
    assert len(page.entries) == 2
    assert page.more
    assert not customer_timeline_page(customer=customer, limit=50).more


def test_an_event_reads_as_its_text_then_its_labelled_fields():
    payload = {
        "text": "Called about it.",
        "amount": "1234.50",
        "due_date": "2026-01-31",
        "invoices": ["F-1", "F-2"],
        "message": 12,
        "customer_id": 3,
        "step_kind": "reminder",
        "allocated": [{"invoice": "F-1", "amount": "10.00"}],
        "documents": [{"sha256": SHA, "name": "a.pdf"}],
    }
    with translation.override("en"):
        text = describe(payload)
    assert text.startswith("Called about it. · ")
    assert "invoices: F-1, F-2" in text
    assert "amount: €1,234.50" in text
    assert "due date: 31 Jan 2026" in text
    assert "kind: Reminder" in text
    assert "allocated: F-1 €10.00" in text
    assert "12" not in text.replace("1,234", "")  # row ids stay out
    assert "a.pdf" not in text  # documents are links, not text


def test_only_well_formed_document_references_count():
    payload = {
        "documents": [
            {"sha256": SHA, "name": "letter.pdf", "content_type": "application/pdf"},
            {"sha256": "not a hash", "name": "x"},
            "garbage",
        ]
    }
    [document] = documents_of(payload)
    assert (document.sha256, document.name) == (SHA, "letter.pdf")
    assert documents_of({"documents": "nope"}) == ()


def test_note_add_appends_a_note_by_the_user(org):
    customer = factories.customer(org)
    invoice = factories.invoice(org, customer, number="F-3")
    user = User.objects.create_user("carol", password="x-long-password")
    event = note_add(
        customer=customer, text="  Agreed a plan.  ", user=user, today=DAY, invoice=invoice
    )
    assert (event.kind, event.actor, event.day) == (EventKind.NOTE, "carol", DAY)
    assert event.payload == {"text": "Agreed a plan.", "invoice_number": "F-3"}
    assert (event.customer_id, event.invoice_id) == (customer.pk, invoice.pk)


def test_note_add_refuses_an_empty_note_or_another_customers_invoice(org):
    customer = factories.customer(org)
    stranger = factories.customer(org)
    their_invoice = factories.invoice(org, stranger)
    with pytest.raises(ValidationError):
        note_add(customer=customer, text=" ", user=None, today=DAY)
    with pytest.raises(ValidationError):
        note_add(customer=customer, text="x" * 5001, user=None, today=DAY)
    with pytest.raises(ValidationError):
        note_add(customer=customer, text="hi", user=None, today=DAY, invoice=their_invoice)


def test_the_admin_shows_events_but_cannot_add_change_or_delete_them(client, org):
    customer = factories.customer(org)
    [event] = append(org.pk, [NewEvent(EventKind.NOTE, DAY, customer_id=customer.pk)])
    admin = User.objects.create_superuser("root", password="x-long-password")
    client.force_login(admin)
    assert client.get(reverse("admin:dossier_event_changelist")).status_code == 200
    page = client.get(reverse("admin:dossier_event_change", args=[event.pk]))
    assert page.status_code == 200
    assert event.hash in page.content.decode()
    assert client.get(reverse("admin:dossier_event_add")).status_code == 403
    assert client.get(reverse("admin:dossier_event_delete", args=[event.pk])).status_code == 403
    client.post(reverse("admin:dossier_event_change", args=[event.pk]), {"actor": "mallory"})
    assert Event.objects.get(pk=event.pk).actor == "innen"


def test_a_timeline_is_in_date_order_then_in_the_chain_s_order(org):
    customer = factories.customer(org)
    # Recorded in this order: an invoice of last month imported after this month's note.
    days = {"april": DAY, "march": date(2026, 3, 15), "april again": DAY, "may": date(2026, 5, 1)}
    append(
        org.pk,
        [
            NewEvent(EventKind.NOTE, day, customer_id=customer.pk, payload={"text": text})
            for text, day in days.items()
        ],
    )
    assert texts(customer_timeline(customer=customer)) == ["may", "april again", "april", "march"]
    oldest = customer_timeline(customer=customer, newest_first=False)
    assert texts(oldest) == ["march", "april", "april again", "may"]
    # (the newest: the customer's creation, today)
    page = customer_timeline_page(customer=customer, limit=3)
    assert texts(page.entries) == ["may", "april again"]


def test_an_event_recorded_on_another_day_says_when_it_was_recorded(org, owner_client):
    from django.utils import timezone

    customer = factories.customer(org)
    today = timezone.localdate()
    append(
        org.pk,
        [
            NewEvent(EventKind.NOTE, DAY, customer_id=customer.pk, payload={"text": "old"}),
            NewEvent(EventKind.NOTE, today, customer_id=customer.pk, payload={"text": "new"}),
        ],
    )
    new, old = [e for e in customer_timeline(customer=customer) if e.event.kind == EventKind.NOTE]
    assert (new.text, new.recorded_another_day) == ("new", False)
    assert (old.text, old.recorded_another_day) == ("old", True)
    assert old.recorded_at.date() == today
    html = owner_client.get(reverse("customer-detail", args=[customer.pk])).content.decode()
    recorded = timezone.localtime(old.event.occurred_at)
    assert f"vastgelegd {recorded:%d-%m-%Y} {recorded:%H:%M}" in html
    assert "01-04-2026 <span" in html
