"""Downloads in the portal: the customer's own invoice and letter PDFs, nobody else's."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from innen.dossier.models import Event, EventKind
from innen.outbox.links import portal_token
from tests import factories
from tests.portal.test_portal_page import sent_letter
from tests.samplefiles import a_pdf

INVOICE_PDF = a_pdf()

pytestmark = pytest.mark.django_db


def with_pdf(invoice):
    invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(INVOICE_PDF))
    return invoice


def test_the_customer_downloads_their_invoice_pdf(client, customer, invoices, token):
    invoice = with_pdf(invoices[0])
    response = client.get(f"/portal/{token}/invoices/{invoice.pk}/pdf/")
    assert response.status_code == 200
    assert response.content == INVOICE_PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="F-2026-001.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    event = Event.objects.get(kind=EventKind.PORTAL, payload__action="invoice_downloaded")
    assert event.invoice_id == invoice.pk


def test_another_customers_invoice_is_refused(client, org, customer, token):
    other = factories.customer(org)
    theirs = with_pdf(factories.invoice(org, other))
    response = client.get(f"/portal/{token}/invoices/{theirs.pk}/pdf/")
    assert response.status_code == 404
    assert response.templates[0].name == "portal/refused.html"


def test_an_invoice_without_a_pdf_is_refused(client, invoices, token):
    assert client.get(f"/portal/{token}/invoices/{invoices[0].pk}/pdf/").status_code == 404


def test_the_customer_downloads_a_letter_as_it_was_sent(client, customer, token):
    letter = sent_letter(customer)
    response = client.get(f"/portal/{token}/letters/{letter.pk}/pdf/")
    assert response.status_code == 200
    assert response.content == b"%PDF-1.7 letter"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="herinnering.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert Event.objects.filter(payload__action="letter_downloaded").count() == 1


def test_another_customers_letter_is_refused(client, org, customer, token):
    theirs = sent_letter(factories.customer(org))
    response = client.get(f"/portal/{token}/letters/{theirs.pk}/pdf/")
    assert response.status_code == 404
    assert not Event.objects.filter(payload__action="letter_downloaded").exists()


def test_another_organisations_letter_is_refused_with_a_valid_token(client, customer, token):
    other = factories.organisation("Ander B.V.")
    theirs = sent_letter(factories.customer(other))
    assert client.get(f"/portal/{token}/letters/{theirs.pk}/pdf/").status_code == 404
    own_token_elsewhere = portal_token(other.pk, customer.pk)
    response = client.get(f"/portal/{own_token_elsewhere}/letters/{theirs.pk}/pdf/")
    assert response.status_code == 404


def test_a_download_with_a_forged_token_is_refused(client, customer, invoices, token):
    invoice = with_pdf(invoices[0])
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/portal/{forged}/invoices/{invoice.pk}/pdf/").status_code == 404


def downloads(action):
    return list(Event.objects.filter(kind=EventKind.PORTAL, payload__action=action))


def test_downloading_a_document_again_that_day_adds_no_event(client, invoices, token, customer):
    first, second = with_pdf(invoices[0]), with_pdf(invoices[1])
    letter = sent_letter(customer)
    for _ in range(3):
        client.get(f"/portal/{token}/invoices/{first.pk}/pdf/")
        client.get(f"/portal/{token}/letters/{letter.pk}/pdf/")
    client.get(f"/portal/{token}/invoices/{second.pk}/pdf/")
    assert sorted(e.invoice_id for e in downloads("invoice_downloaded")) == [first.pk, second.pk]
    assert [e.payload["delivery"] for e in downloads("letter_downloaded")] == [letter.pk]


def test_a_document_downloaded_the_next_day_is_recorded_again(client, invoices, token, monkeypatch):
    invoice = with_pdf(invoices[0])
    today = timezone.localdate()
    client.get(f"/portal/{token}/invoices/{invoice.pk}/pdf/")
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + timedelta(days=1))
    client.get(f"/portal/{token}/invoices/{invoice.pk}/pdf/")
    client.get(f"/portal/{token}/invoices/{invoice.pk}/pdf/")
    days = [e.day for e in downloads("invoice_downloaded")]
    assert sorted(days) == [today, today + timedelta(days=1)]


def test_another_customers_download_of_the_same_day_is_their_own_event(
    client, org, invoices, token
):
    other = factories.customer(org)
    theirs = with_pdf(factories.invoice(org, other))
    mine = invoices[0]
    with_pdf(mine)
    client.get(f"/portal/{token}/invoices/{mine.pk}/pdf/")
    client.get(f"/portal/{portal_token(org.pk, other.pk)}/invoices/{theirs.pk}/pdf/")
    customers = sorted(e.customer_id for e in downloads("invoice_downloaded"))
    assert customers == sorted([mine.customer_id, other.pk])
