"""Invoices by hand on the desk: a new invoice with its PDF, an invoice changed, a credit
note (also to settle a dispute), a write-off, a payment; each through the ledger's services
with a dossier event, refused on the named field with nothing changed; only owners and
controllers may; another organisation's invoice is a 404."""

import html
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from innen.arrangements.models import Dispute, DisputeReason
from innen.dossier.models import Event, EventKind
from innen.ledger.models import AllocationKind, CreditNote, Invoice, Payment
from tests import factories

pytestmark = pytest.mark.django_db


def a_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _new_invoice(today, **fields):
    return {
        "number": "2026-0042",
        "issue_date": today.isoformat(),
        "due_date": f"{today + timedelta(days=30):%d-%m-%Y}",
        "amount_excl_vat": "1.000,00",
        "vat_amount": "210,00",
        "total": "",
        "payment_reference": "",
        "external_reference": "",
        **fields,
    }


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def customer(org):
    return factories.customer(org, name="Drukkerij Van Dam B.V.")


@pytest.fixture
def invoice(org, customer):
    return factories.invoice(org, customer, total="121.00")


def test_a_controller_creates_an_invoice_with_its_pdf(controller_client, org, customer, today):
    upload = SimpleUploadedFile("factuur.pdf", a_pdf(), content_type="application/pdf")
    response = controller_client.post(
        reverse("invoice-new", args=[customer.pk]), {**_new_invoice(today), "pdf": upload}
    )
    invoice = Invoice.objects.get(organisation=org, number="2026-0042")
    assert response.status_code == 302
    assert invoice.total == Decimal("1210.00")
    assert invoice.due_date == today + timedelta(days=30)
    assert invoice.pdf
    events = Event.objects.filter(invoice_id=invoice.pk).order_by("seq")
    assert [(e.kind, e.actor) for e in events] == [
        (EventKind.INVOICE_IMPORTED, "carla"),
        (EventKind.NOTE, "carla"),
    ]
    assert events[0].payload["source"] == "entered"
    assert events[1].payload["action"] == "pdf_attached"
    served = controller_client.get(reverse("invoice-pdf", args=[invoice.pk]))
    assert served["Content-Type"] == "application/pdf"


def test_an_upload_that_is_no_pdf_is_refused_and_nothing_is_written(
    owner_client, org, customer, today
):
    fake = SimpleUploadedFile("factuur.pdf", b"%PDF-1.4 <html>no</html>", "application/pdf")
    before = Event.objects.count()
    response = owner_client.post(
        reverse("invoice-new", args=[customer.pk]), {**_new_invoice(today), "pdf": fake}
    )
    assert response.status_code == 400
    assert "PDF: is geen PDF" in _page(response)
    assert not Invoice.objects.filter(organisation=org, number="2026-0042").exists()
    assert Event.objects.count() == before


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"amount_excl_vat": "12,345"}, "Bedrag excl. btw:"),
        ({"issue_date": "03/01/2026"}, "Factuurdatum:"),
        ({"due_date": "2020-01-01"}, "Vervaldatum:"),
        ({"total": "999,00"}, "Totaal:"),
        ({"number": ""}, "Factuurnummer:"),
    ],
)
def test_a_refused_invoice_field_is_named_and_nothing_is_written(
    owner_client, org, customer, today, fields, named
):
    before = Event.objects.count()
    response = owner_client.post(
        reverse("invoice-new", args=[customer.pk]), _new_invoice(today, **fields)
    )
    assert response.status_code == 400
    assert named in _page(response)
    assert not Invoice.objects.filter(organisation=org, customer=customer).exists()
    assert Event.objects.count() == before


def test_an_invoice_number_in_use_is_refused(owner_client, org, customer, today, invoice):
    response = owner_client.post(
        reverse("invoice-new", args=[customer.pk]), _new_invoice(today, number=invoice.number)
    )
    assert response.status_code == 400
    assert "Er is al een factuur met dit nummer." in _page(response)


def test_an_edit_changes_the_due_date_and_notes_it(owner_client, invoice):
    data = {"due_date": "2026-03-15", "payment_reference": "RF18000000000539007547034"}
    response = owner_client.post(reverse("invoice-edit", args=[invoice.pk]), data)
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert str(invoice.due_date) == "2026-03-15"
    note = Event.objects.filter(invoice_id=invoice.pk, kind=EventKind.NOTE).get()
    assert set(note.payload["changed"]) == {"due_date", "payment_reference"}
    assert note.actor == "alice"


def test_an_edit_with_a_due_date_before_the_invoice_date_changes_nothing(owner_client, invoice):
    due = invoice.due_date
    response = owner_client.post(
        reverse("invoice-edit", args=[invoice.pk]), {"due_date": "2025-12-01"}
    )
    assert response.status_code == 400
    assert "Vervaldatum:" in _page(response)
    invoice.refresh_from_db()
    assert invoice.due_date == due


def test_a_credit_note_from_the_invoice_page_settles_it(owner_client, org, invoice, today):
    data = {"number": "CN-1", "issue_date": today.isoformat(), "amount_excl_vat": "100,00"}
    data |= {"vat_amount": "21,00", "total": "", "external_reference": ""}
    response = owner_client.post(reverse("invoice-credit-note", args=[invoice.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("invoice-detail", args=[invoice.pk])
    note = CreditNote.objects.get(organisation=org, number="CN-1")
    assert note.invoice == invoice and note.total == Decimal("121.00")
    invoice.refresh_from_db()
    assert invoice.outstanding == 0
    event = Event.objects.get(kind=EventKind.CREDIT_NOTE_IMPORTED, invoice_id=invoice.pk)
    assert event.actor == "alice"


def test_a_credit_note_on_a_disputed_invoice_leads_to_the_dispute(
    owner_client, org, customer, invoice, today
):
    dispute = Dispute.objects.create(
        organisation=org,
        customer=customer,
        reason=DisputeReason.AMOUNT_WRONG,
        message="Te veel berekend",
        opened_on=today,
    )
    dispute.invoices.set([invoice], through_defaults={"organisation": org})
    url = reverse("invoice-credit-note", args=[invoice.pk])
    form = _page(owner_client.get(url))
    assert "De klant betwist deze factuur" in form
    assert reverse("arrangements-dispute", args=[dispute.pk]) in form
    data = {"number": "CN-2", "issue_date": today.isoformat(), "amount_excl_vat": "21,00"}
    response = owner_client.post(url, {**data, "vat_amount": "", "total": ""})
    assert response["Location"] == reverse("arrangements-dispute", args=[dispute.pk])


def test_a_credit_note_with_a_total_that_is_not_the_sum_is_refused(owner_client, invoice, today):
    data = {"number": "CN-3", "issue_date": today.isoformat(), "amount_excl_vat": "100,00"}
    response = owner_client.post(
        reverse("invoice-credit-note", args=[invoice.pk]),
        {**data, "vat_amount": "21,00", "total": "50,00"},
    )
    assert response.status_code == 400
    assert "Totaal:" in _page(response)
    assert not CreditNote.objects.filter(number="CN-3").exists()


def test_a_write_off_is_written_with_its_dossier_event(owner_client, invoice, today):
    data = {"date": today.isoformat(), "amount": "21,00", "note": "Oninbaar deel"}
    response = owner_client.post(reverse("invoice-write-off", args=[invoice.pk]), data)
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.outstanding == Decimal("100.00")
    assert invoice.allocations.get().kind == AllocationKind.WRITE_OFF
    event = Event.objects.get(invoice_id=invoice.pk, kind=EventKind.NOTE)
    assert event.payload["action"] == "written_off"
    assert event.payload["amount"] == "21.00"


def test_a_write_off_above_the_open_amount_is_refused(owner_client, invoice, today):
    before = Event.objects.count()
    data = {"date": today.isoformat(), "amount": "500,00", "note": ""}
    response = owner_client.post(reverse("invoice-write-off", args=[invoice.pk]), data)
    assert response.status_code == 400
    assert "Bedrag:" in _page(response)
    assert not invoice.allocations.exists()
    assert Event.objects.count() == before


def test_a_manual_payment_pays_the_invoice_first(owner_client, org, customer, invoice, today):
    data = {"date": today.isoformat(), "amount": "121,00", "payer_name": "Van Dam"}
    data |= {"payer_iban": "NL91 ABNA 0417 1643 00", "description": "", "external_reference": ""}
    response = owner_client.post(reverse("invoice-payment", args=[invoice.pk]), data)
    assert response.status_code == 302
    payment = Payment.objects.get(organisation=org, customer=customer)
    assert payment.payer_iban == "NL91ABNA0417164300"
    invoice.refresh_from_db()
    assert invoice.outstanding == 0
    event = Event.objects.get(kind=EventKind.PAYMENT_REGISTERED, customer_id=customer.pk)
    assert event.actor == "alice"


def test_a_payment_with_a_bad_iban_is_refused(owner_client, invoice, today):
    data = {"date": today.isoformat(), "amount": "121,00", "payer_iban": "NL00ABNA0000000000"}
    response = owner_client.post(reverse("invoice-payment", args=[invoice.pk]), data)
    assert response.status_code == 400
    assert "IBAN betaler:" in _page(response)
    assert not Payment.objects.exists()


def test_the_invoice_page_shows_the_buttons_in_dutch(owner_client, invoice):
    page = _page(owner_client.get(reverse("invoice-detail", args=[invoice.pk])))
    for button in ("Bewerken", "Creditnota", "Afschrijven", "Betaling registreren"):
        assert button in page


INVOICE_FORMS = ("invoice-edit", "invoice-credit-note", "invoice-write-off", "invoice-payment")


def test_a_viewer_sees_no_buttons_and_is_refused_the_forms(viewer_client, invoice, today):
    page = _page(viewer_client.get(reverse("invoice-detail", args=[invoice.pk])))
    for name in INVOICE_FORMS:
        url = reverse(name, args=[invoice.pk])
        assert url not in page
        assert viewer_client.get(url).status_code == 403
        data = {"date": today.isoformat(), "amount": "121,00", "due_date": "2026-03-01"}
        assert viewer_client.post(url, data).status_code == 403
    invoice.refresh_from_db()
    assert invoice.outstanding == Decimal("121.00")
    assert (
        not Event.objects.filter(invoice_id=invoice.pk)
        .exclude(kind=EventKind.INVOICE_IMPORTED)
        .exists()
    )


def test_another_organisations_invoice_is_not_found(owner_client, other_org, today):
    theirs = factories.invoice(other_org, factories.customer(other_org))
    for name in (*INVOICE_FORMS, "invoice-pdf"):
        url = reverse(name, args=[theirs.pk])
        assert owner_client.get(url).status_code == 404
        assert owner_client.post(url, {"date": today.isoformat(), "amount": "1"}).status_code in (
            404,
            405,
        )
    theirs.refresh_from_db()
    assert theirs.outstanding == theirs.total


def test_every_record_form_is_dutch(owner_client, customer, invoice):
    pages = [reverse("customer-new"), reverse("customer-edit", args=[customer.pk])]
    pages += [reverse("invoice-new", args=[customer.pk])]
    pages += [reverse(name, args=[invoice.pk]) for name in INVOICE_FORMS]
    english = ("Save", "Cancel", "Back", "amount", "date", "Left empty", "The last day")
    for url in pages:
        page = _page(owner_client.get(url))
        main = page[page.index("<main") :]
        assert "Opslaan" in main or "Afschrijven" in main or "Betaling registreren" in main
        assert [word for word in english if f">{word}" in main or f"{word}:" in main] == []


def test_the_edit_form_sets_what_the_invoice_supplied_and_the_page_shows_it(owner_client, invoice):
    form = {"due_date": "2026-01-31", "supply": "services"}
    assert owner_client.post(reverse("invoice-edit", args=[invoice.pk]), form).status_code == 302
    invoice.refresh_from_db()
    assert invoice.supply == "services"
    page = _page(owner_client.get(reverse("invoice-detail", args=[invoice.pk])))
    assert "<dt>Goederen of diensten</dt><dd>Diensten</dd>" in page


def test_an_edit_without_the_supply_leaves_it_as_it_is(owner_client, org, customer):
    invoice = factories.invoice(org, customer, supply="goods")
    owner_client.post(reverse("invoice-edit", args=[invoice.pk]), {"due_date": "2026-01-31"})
    invoice.refresh_from_db()
    assert invoice.supply == "goods"
