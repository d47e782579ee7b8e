"""The customer pages: list, dossier timeline, notes, export and documents."""

import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from innen.dossier.models import Event, EventKind
from innen.dossier.record import NewEvent, append
from innen.outbox.models import Document
from tests import factories

pytestmark = pytest.mark.django_db

LETTER = b"%PDF-1.4 the reminder as sent"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def org():
    return factories.organisation("Alice B.V.")


@pytest.fixture
def customer(org, today):
    customer = factories.customer(org, number="K-7", name="Café De Kroon B.V.")
    factories.invoice(
        org,
        customer,
        number="F-77",
        total="250.00",
        issue_date=today - timedelta(days=40),
        due=today - timedelta(days=10),
    )
    return customer


@pytest.fixture
def letter(org, customer, today):
    document = Document.objects.create(
        organisation=org,
        sha256=hashlib.sha256(LETTER).hexdigest(),
        name="herinnering.pdf",
        content_type="application/pdf",
        size=len(LETTER),
        file=ContentFile(LETTER, name="herinnering.pdf"),
    )
    append(
        org.pk,
        [
            NewEvent(
                EventKind.MESSAGE_SENT,
                today,
                customer_id=customer.pk,
                payload={
                    "subject": "Betalingsherinnering",
                    "documents": [
                        {
                            "sha256": document.sha256,
                            "name": document.name,
                            "content_type": document.content_type,
                        }
                    ],
                },
            )
        ],
    )
    return document


@pytest.fixture
def outsider(today):
    """Another organisation with a customer, an invoice and a letter of its own."""
    other = factories.organisation("Other B.V.")
    customer = factories.customer(other, name="Not Yours B.V.")
    data = b"%PDF other letter"
    document = Document.objects.create(
        organisation=other,
        sha256=hashlib.sha256(data).hexdigest(),
        name="other.pdf",
        content_type="application/pdf",
        size=len(data),
        file=ContentFile(data, name="other.pdf"),
    )
    append(
        other.pk,
        [
            NewEvent(
                EventKind.MESSAGE_SENT,
                today,
                customer_id=customer.pk,
                payload={"documents": [{"sha256": document.sha256, "name": "other.pdf"}]},
            )
        ],
    )
    return customer, document


def test_the_customer_list_shows_open_and_overdue_amounts(owner_client, customer):
    html = owner_client.get(reverse("customers")).content.decode()
    assert "Café De Kroon B.V." in html
    assert reverse("customer-detail", args=[customer.pk]) in html
    assert html.count("€\xa0250,00") == 2  # open, and all of it overdue


def test_the_customer_list_searches_by_name_or_number(owner_client, org, customer):
    factories.customer(org, number="K-8", name="Bakker Bart")
    by_name = owner_client.get(reverse("customers"), {"q": "kroon"}).content.decode()
    assert "Café De Kroon B.V." in by_name
    assert "Bakker Bart" not in by_name
    by_number = owner_client.get(reverse("customers"), {"q": "K-8"}).content.decode()
    assert "Bakker Bart" in by_number
    assert "Café De Kroon B.V." not in by_number


def test_the_customer_list_shows_only_this_organisations_customers(owner_client, outsider):
    assert "Not Yours B.V." not in owner_client.get(reverse("customers")).content.decode()


def test_the_customer_page_shows_details_open_items_and_the_timeline(
    owner_client, customer, letter
):
    response = owner_client.get(reverse("customer-detail", args=[customer.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "F-77" in html
    assert reverse("invoice-detail", args=[customer.invoices.get().pk]) in html
    assert "Betalingsherinnering" in html
    assert reverse("customer-document", args=[customer.pk, letter.sha256]) in html
    assert reverse("customer-export", args=[customer.pk]) in html
    assert str(EventKind.MESSAGE_SENT.label) in html or "Message sent" in html


def test_the_invoice_page_shows_its_timeline(owner_client, customer):
    invoice = customer.invoices.get()
    html = owner_client.get(reverse("invoice-detail", args=[invoice.pk])).content.decode()
    assert 'id="timeline"' in html
    assert f"{reverse('customer-export', args=[customer.pk])}?invoice={invoice.pk}" in html


def test_a_note_is_added_to_the_dossier(owner_client, customer):
    url = reverse("customer-note-add", args=[customer.pk])
    response = owner_client.post(url, {"text": "Promised to pay on Friday."})
    assert response.status_code == 302
    note = Event.objects.get(kind=EventKind.NOTE)
    assert (note.customer_id, note.invoice_id, note.actor) == (customer.pk, None, "alice")
    assert note.payload == {"text": "Promised to pay on Friday."}
    html = owner_client.get(reverse("customer-detail", args=[customer.pk])).content.decode()
    assert "Promised to pay on Friday." in html


def test_a_note_about_an_invoice_names_it(owner_client, customer):
    invoice = customer.invoices.get()
    url = reverse("customer-note-add", args=[customer.pk])
    owner_client.post(url, {"text": "Disputes the amount.", "invoice": invoice.pk})
    note = Event.objects.get(kind=EventKind.NOTE)
    assert note.invoice_id == invoice.pk
    html = owner_client.get(reverse("invoice-detail", args=[invoice.pk])).content.decode()
    assert "Disputes the amount." in html


def test_an_empty_note_or_another_customers_invoice_is_refused(owner_client, org, customer):
    url = reverse("customer-note-add", args=[customer.pk])
    assert owner_client.post(url, {"text": "   "}).status_code == 400
    stranger = factories.customer(org)
    their_invoice = factories.invoice(org, stranger)
    response = owner_client.post(url, {"text": "hi", "invoice": their_invoice.pk})
    assert response.status_code == 400
    assert not Event.objects.filter(kind=EventKind.NOTE).exists()


def test_a_viewer_sees_the_page_but_cannot_add_a_note(viewer_client, customer):
    assert viewer_client.get(reverse("customer-detail", args=[customer.pk])).status_code == 200
    url = reverse("customer-note-add", args=[customer.pk])
    assert viewer_client.post(url, {"text": "sneaky"}).status_code == 403
    assert not Event.objects.filter(kind=EventKind.NOTE).exists()


def test_the_export_button_downloads_a_zip(owner_client, customer, letter):
    response = owner_client.get(reverse("customer-export", args=[customer.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="dossier-K-7-' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "summary.pdf" in archive.namelist()
    assert archive.read("letters/" + _only_letter(archive)) == LETTER


def _only_letter(archive):
    [name] = [n for n in archive.namelist() if n.startswith("letters/")]
    return name.removeprefix("letters/")


def test_the_export_of_one_invoice(owner_client, customer):
    invoice = customer.invoices.get()
    url = reverse("customer-export", args=[customer.pk])
    response = owner_client.get(url, {"invoice": invoice.pk})
    assert response.status_code == 200
    assert "-F-77-" in response["Content-Disposition"]
    assert owner_client.get(url, {"invoice": "abc"}).status_code == 404


def test_a_document_downloads_exactly_as_stored(owner_client, customer, letter):
    response = owner_client.get(reverse("customer-document", args=[customer.pk, letter.sha256]))
    assert response.status_code == 200
    assert response.content == LETTER
    assert response["Content-Type"] == "application/pdf"


def test_a_document_no_event_of_this_customer_names_is_404(owner_client, org, customer, letter):
    stranger = factories.customer(org)
    url = reverse("customer-document", args=[stranger.pk, letter.sha256])
    assert owner_client.get(url).status_code == 404
    url = reverse("customer-document", args=[customer.pk, "not-a-hash"])
    assert owner_client.get(url).status_code == 404


def test_another_organisations_customer_is_404_everywhere(owner_client, outsider):
    customer, document = outsider
    for url in (
        reverse("customer-detail", args=[customer.pk]),
        reverse("customer-export", args=[customer.pk]),
        reverse("customer-document", args=[customer.pk, document.sha256]),
    ):
        assert owner_client.get(url).status_code == 404, url
    response = owner_client.post(reverse("customer-note-add", args=[customer.pk]), {"text": "x"})
    assert response.status_code == 404


def test_another_organisations_invoice_cannot_be_exported_through_my_customer(
    owner_client, customer, outsider
):
    other_org = outsider[0].organisation
    their_invoice = factories.invoice(other_org, outsider[0])
    url = reverse("customer-export", args=[customer.pk])
    assert owner_client.get(url, {"invoice": their_invoice.pk}).status_code == 404


def test_the_pages_need_a_sign_in(client, customer):
    response = client.get(reverse("customer-detail", args=[customer.pk]))
    assert response.status_code == 302
