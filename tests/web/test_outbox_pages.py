"""The letters pages: the outbox, a message as sent, documents, print batches, texts, sender."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pypdf import PdfWriter

from innen.collection.models import Message, MessageStatus
from innen.daily import run_day
from innen.outbox import services
from innen.outbox.documents import store_document
from innen.outbox.models import (
    Delivery,
    DeliveryStatus,
    MessageTemplate,
    PrintBatch,
    SenderSettings,
)
from tests import factories
from tests.personas import call_due_date

pytestmark = pytest.mark.django_db

GOOD_BODY = "{{ salutation }},\n\nWilt u {{ amount_due }} betalen voor {{ invoices }}?"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def overdue_customer(org, today, **fields):
    customer = factories.customer(
        org, street="Dorpsstraat 1", postcode="1234 AB", city="Ergens", **fields
    )
    invoice = factories.invoice(
        org,
        customer,
        due=today - timedelta(days=10),
        issue_date=today - timedelta(days=40),
    )
    return customer, invoice


def reminder(org, today, **fields):
    """A customer ten days overdue and the reminder the run decided for them."""
    customer, invoice = overdue_customer(org, today, **fields)
    run_day(org, today)
    return invoice, Message.objects.get(customer=customer, kind="reminder")


def delivery(message, status, **fields):
    values = {
        "organisation_id": message.organisation_id,
        "message": message,
        "channel": "email",
        "unique_id": f"<innen.{message.organisation_id}.{message.pk}.email@test>",
        "recipients": ", ".join(message.customer.email_list),
        "status": status,
        **fields,
    }
    return Delivery.objects.create(**values)


def stored_email(org, html, text):
    email = EmailMultiAlternatives(
        subject="Betalingsherinnering factuur F1",
        body=text,
        from_email="debiteuren@alice.example",
        to=["klant@example.nl"],
    )
    email.attach_alternative(html, "text/html")
    return store_document(org.pk, "herinnering.eml", "message/rfc822", email.message().as_bytes())


def a_pdf(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def edit_url(kind="reminder", language="nl"):
    return reverse("template-edit", args=[kind, language])


# The texts


def test_the_texts_list_every_step_in_both_languages(client_alice, org, alice):
    MessageTemplate.objects.create(
        organisation=org, kind="aanmaning", language="en", subject="S", body="B"
    )
    response = client_alice.get(reverse("template-list"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    rows = {row.kind: dict(row.own) for row in response.context["rows"]}
    assert rows["aanmaning"] == {"nl": False, "en": True}
    assert rows["reminder"] == {"nl": False, "en": False}
    assert edit_url("aanmaning", "en") in response.content.decode()


def test_the_editor_starts_from_the_default_text_and_lists_the_fields(client_alice, org, today):
    customer, _ = overdue_customer(org, today, name="Bakkerij Kruim")
    response = client_alice.get(edit_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Betalingsherinnering {{ invoices }}" in html
    assert "amount_due" in html and "payment_reference" in html
    assert response.context["chosen"] == customer
    assert f'<option value="{customer.pk}" selected>' in html
    assert reverse("template-preview", args=["reminder", "nl"]) in html
    assert "web/template_preview.js" in html


def test_a_text_with_a_syntax_error_is_refused_and_nothing_is_stored(client_alice, org, today):
    overdue_customer(org, today)
    response = client_alice.post(
        edit_url(), {"subject": "Herinnering", "body": "{{ salutation }},\n\n{% if pay_before %}"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tekst, regel" in html
    assert not MessageTemplate.objects.exists()


def test_a_text_with_an_unknown_field_is_refused_and_nothing_is_stored(client_alice, org, today):
    overdue_customer(org, today)
    response = client_alice.post(
        edit_url(),
        {"subject": "Herinnering {{ factuurnummer }}", "body": GOOD_BODY},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Subject: unknown field &#x27;factuurnummer&#x27;" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_a_good_text_is_stored_as_the_organisations_own(client_alice, alice, org, today):
    overdue_customer(org, today)
    response = client_alice.post(
        edit_url(), {"subject": "Herinnering {{ invoice_numbers }}", "body": GOOD_BODY}
    )
    assert response.status_code == 302
    template = MessageTemplate.objects.get()
    assert (template.organisation, template.kind, template.language) == (org, "reminder", "nl")
    assert (template.subject, template.body, template.updated_by) == (
        "Herinnering {{ invoice_numbers }}",
        GOOD_BODY,
        alice,
    )
    page = client_alice.get(response["Location"])
    assert "Herinnering {{ invoice_numbers }}" in page.content.decode()
    assert page.context["own"] == template


def test_the_editor_stores_the_text_through_the_outbox_service(
    client_alice, alice, org, monkeypatch
):
    calls = []
    store = services.template_save
    monkeypatch.setattr(services, "template_save", lambda **kw: calls.append(kw) or store(**kw))

    client_alice.post(edit_url(), {"subject": "Herinnering", "body": GOOD_BODY})

    assert [(c["organisation"], c["kind"], c["body"], c["user"]) for c in calls] == [
        (org, "reminder", GOOD_BODY, alice)
    ]


def test_a_text_is_checked_without_any_customer_on_the_sample(client_alice, org):
    response = client_alice.post(edit_url(), {"subject": "Herinnering", "body": GOOD_BODY})
    assert response.status_code == 302
    assert MessageTemplate.objects.count() == 1


def test_back_to_the_default_text_removes_the_own_text(client_alice, org):
    MessageTemplate.objects.create(
        organisation=org, kind="reminder", language="nl", subject="S", body="B"
    )
    other = MessageTemplate.objects.create(
        organisation=org, kind="reminder", language="en", subject="S", body="B"
    )
    response = client_alice.post(reverse("template-reset", args=["reminder", "nl"]))
    assert response.status_code == 302
    assert list(MessageTemplate.objects.all()) == [other]


def test_an_unknown_step_kind_or_language_is_not_found(client_alice):
    assert client_alice.get(edit_url("holiday", "nl")).status_code == 404
    assert client_alice.get(edit_url("reminder", "de")).status_code == 404


# The live preview


def test_the_preview_shows_the_text_as_a_letter_to_the_chosen_customer(client_alice, org, today):
    overdue_customer(org, today)  # another customer, not the one chosen
    customer, invoice = overdue_customer(org, today, name="Koekjesfabriek Kruimel B.V.")
    response = client_alice.post(
        reverse("template-preview", args=["reminder", "nl"]),
        {
            "subject": "Herinnering {{ invoice_numbers }}",
            "body": GOOD_BODY,
            "customer": customer.pk,
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["problems"] == []
    assert data["subject"] == f"Herinnering {invoice.number}"
    assert "Koekjesfabriek Kruimel B.V." in data["html"]
    assert invoice.number in data["html"]


def test_the_preview_names_what_is_wrong_with_the_text(client_alice, org, today):
    customer, _ = overdue_customer(org, today)
    response = client_alice.post(
        reverse("template-preview", args=["reminder", "nl"]),
        {"subject": "Herinnering", "body": "{{ klantnaam }}", "customer": customer.pk},
    )
    data = response.json()
    assert data["problems"] == ["Tekst: onbekend veld 'klantnaam'"]
    assert data["html"] == ""


def test_the_pdf_preview_is_a_pdf(client_alice, org, today):
    customer, _ = overdue_customer(org, today)
    response = client_alice.post(
        reverse("template-preview-pdf", args=["reminder", "nl"]),
        {"subject": "Herinnering", "body": GOOD_BODY, "customer": customer.pk},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_preview_of_a_broken_text_names_the_problem(client_alice, org, today):
    response = client_alice.post(
        reverse("template-preview-pdf", args=["reminder", "en"]),
        {"subject": "Reminder", "body": "{{ nonsense }}"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Text: unknown field &#x27;nonsense&#x27;" in response.content.decode()


def test_a_viewer_sees_the_text_as_it_stands_filled_in_without_the_live_preview(
    viewer_client, org, today
):
    overdue_customer(org, today, name="Koekjesfabriek Kruimel B.V.")
    response = viewer_client.get(edit_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Koekjesfabriek Kruimel B.V." in response.context["preview"].html
    assert "web/template_preview.js" not in html
    assert reverse("template-preview-pdf", args=["reminder", "nl"]) not in html


# Texts that would take the server down


@pytest.fixture
def clock_standing_still(monkeypatch):
    """The step limit is what these texts go over; on a busy machine the time limit could
    trip first, so the sandbox's clock stands still."""
    from types import SimpleNamespace

    from innen.letters import sandbox

    monkeypatch.setattr(sandbox, "time", SimpleNamespace(monotonic=lambda: 0.0))


NESTED_LOOPS = (
    "{% for a in range(10000) %}{% for b in range(10000) %}{{ a }}{% endfor %}{% endfor %}"
)


def test_a_text_that_makes_too_much_is_refused_with_the_reason_in_dutch(client_alice, org):
    response = client_alice.post(
        edit_url(), {"subject": "Herinnering", "body": '{{ "a" * 100000000 }}'}
    )
    assert response.status_code == 400
    assert "De ingevulde tekst wordt te groot: meer dan 1.000.000 tekens." in (
        response.content.decode()
    )
    assert not MessageTemplate.objects.exists()


def test_a_text_that_loops_too_long_is_refused_with_the_reason_in_english(
    client_alice, org, clock_standing_still
):
    response = client_alice.post(
        edit_url(), {"subject": "Reminder", "body": NESTED_LOOPS}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "The text takes too much work: more than 100,000 steps" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_the_live_preview_names_a_limit_the_text_goes_over(
    client_alice, org, today, clock_standing_still
):
    overdue_customer(org, today)
    response = client_alice.post(
        reverse("template-preview", args=["reminder", "nl"]),
        {"subject": "Herinnering", "body": NESTED_LOOPS},
    )
    assert response.status_code == 200
    assert response.json()["problems"] == [
        "De tekst vraagt te veel werk: meer dan 100.000 stappen (herhalingen, aanroepen en "
        "filters). Maak de tekst eenvoudiger."
    ]


# The outbox


def test_the_outbox_lists_a_failed_delivery_and_send_again_queues_it(
    client_alice, org, today, django_capture_on_commit_callbacks
):
    _, message = reminder(org, today)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.FAILED)
    failed = delivery(message, DeliveryStatus.FAILED, last_error="550 5.1.1 no such user")
    response = client_alice.get(reverse("outbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["attention"]) == [failed]
    assert "550 5.1.1 no such user" in html
    assert message.customer.name in html
    assert reverse("delivery-send-again", args=[failed.pk]) in html
    assert reverse("delivery-confirm", args=[failed.pk]) not in html  # only for "perhaps sent"

    before = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_alice.post(reverse("delivery-send-again", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    message.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)
    assert message.status == MessageStatus.SENDING
    assert DBTaskResult.objects.count() == before + 1
    task = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert task.task_path == "innen.outbox.tasks.send_message_task"
    assert task.args_kwargs["args"] == [message.pk]
    assert list(client_alice.get(reverse("outbox")).context["attention"]) == []


def test_a_perhaps_sent_delivery_can_be_confirmed(client_alice, org, today):
    _, message = reminder(org, today)
    uncertain = delivery(
        message, DeliveryStatus.UNCERTAIN, started_at=timezone.now(), last_error="it may have gone"
    )
    html = client_alice.get(reverse("outbox")).content.decode()
    assert reverse("delivery-confirm", args=[uncertain.pk]) in html
    response = client_alice.post(reverse("delivery-confirm", args=[uncertain.pk]))
    assert response.status_code == 302
    uncertain.refresh_from_db()
    message.refresh_from_db()
    assert uncertain.status == DeliveryStatus.SENT
    assert message.status == MessageStatus.SENT


def test_confirming_a_delivery_that_went_through_changes_nothing(client_alice, org, today):
    _, message = reminder(org, today)
    sent = delivery(message, DeliveryStatus.SENT)
    response = client_alice.post(
        reverse("delivery-confirm", args=[sent.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "This delivery no longer waits for a person." in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == DeliveryStatus.SENT


def test_letters_waiting_for_print_go_into_a_batch_to_download(client_alice, org, today):
    _, message = reminder(org, today)
    pdf = store_document(org.pk, "herinnering.pdf", "application/pdf", a_pdf(pages=1))
    letter = delivery(
        message,
        DeliveryStatus.PRINTING,
        channel="letter",
        unique_id="<letter@test>",
        recipients="Klant, Dorpsstraat 1, 1234 AB Ergens",
        pdf=pdf,
    )
    page = client_alice.get(reverse("outbox"))
    assert list(page.context["waiting"]) == [letter]
    assert reverse("print-batch-make") in page.content.decode()

    response = client_alice.post(reverse("print-batch-make"))
    assert response.status_code == 302
    batch = PrintBatch.objects.get()
    assert (batch.letter_count, batch.page_count) == (1, 2)  # a blank back page
    letter.refresh_from_db()
    assert (letter.status, letter.print_batch) == (DeliveryStatus.SENT, batch)

    page = client_alice.get(reverse("outbox"))
    assert list(page.context["batches"]) == [batch]
    download = client_alice.get(reverse("print-batch-download", args=[batch.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("inline")
    assert download.content.startswith(b"%PDF")


def test_making_a_batch_with_nothing_to_print_says_so(client_alice, org):
    response = client_alice.post(reverse("print-batch-make"), follow=True)
    assert response.status_code == 200
    assert not PrintBatch.objects.exists()


def test_the_outbox_lists_the_messages_that_went_out(client_alice, org, today):
    _, message = reminder(org, today)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.SENT)
    response = client_alice.get(reverse("outbox"))
    assert list(response.context["page"].object_list) == [message]
    assert reverse("outbox-message", args=[message.pk]) in response.content.decode()


def test_the_collection_page_points_to_what_needs_attention(client_alice, org, today):
    _, message = reminder(org, today)
    delivery(message, DeliveryStatus.FAILED, last_error="550")
    response = client_alice.get(reverse("collection"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["outbox"].needs_attention == 1
    html = response.content.decode()
    assert "1 failed or perhaps-sent delivery" in html
    assert reverse("outbox") in html


# One message


def test_the_message_page_shows_the_email_as_sent(client_alice, org, today):
    invoice, message = reminder(org, today)
    eml = stored_email(
        org,
        '<p>Geachte klant, <b class="x">betaal</b> &amp; dank</p>',
        "Geachte klant, betaal maar.",
    )
    pdf = store_document(org.pk, "herinnering.pdf", "application/pdf", a_pdf())
    sent = delivery(
        message,
        DeliveryStatus.SENT,
        email=eml,
        pdf=pdf,
        sent_on=today,
        sent_at=timezone.now(),
        subject="Betalingsherinnering",
    )
    response = client_alice.get(reverse("outbox-message", args=[message.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<iframe" in html and "sandbox" in html
    # The HTML part, escaped once into the srcdoc attribute.
    assert 'srcdoc="&lt;p&gt;Geachte klant, &lt;b class=&quot;x&quot;&gt;betaal' in html
    assert "Geachte klant, betaal maar." in html  # the plain text, in <details>
    assert sent.unique_id.replace("<", "&lt;").replace(">", "&gt;") in html
    assert reverse("document-download", args=[eml.pk]) in html
    assert reverse("document-download", args=[pdf.pk]) in html
    assert reverse("invoice-detail", args=[invoice.pk]) in html
    assert reverse("customer-detail", args=[message.customer_id]) in html
    assert response.context["preview"] is None


def test_a_message_without_stored_documents_shows_a_preview_rendered_now(client_alice, org, today):
    invoice, message = reminder(org, today, name="Banketbakker Taart B.V.")
    response = client_alice.get(reverse("outbox-message", args=[message.pk]))
    html = response.content.decode()
    preview = response.context["preview"]
    assert preview.error == ""
    assert "Banketbakker Taart B.V." in preview.html
    assert invoice.number in preview.html
    assert reverse("outbox-message-preview-pdf", args=[message.pk]) in html
    pdf = client_alice.get(reverse("outbox-message-preview-pdf", args=[message.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_documents_download_with_their_name(client_alice, org):
    eml = stored_email(org, "<p>x</p>", "x")
    pdf = store_document(org.pk, "brief.pdf", "application/pdf", a_pdf())
    response = client_alice.get(reverse("document-download", args=[eml.pk]))
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"] == 'attachment; filename="herinnering.eml"'
    response = client_alice.get(reverse("document-download", args=[pdf.pk]))
    assert response["Content-Disposition"] == 'inline; filename="brief.pdf"'


# Sender settings


def test_the_sender_settings_are_saved(client_alice, org):
    response = client_alice.post(
        reverse("sender-settings"),
        {
            "from_name": "Alice Debiteuren",
            "from_email": "debiteuren@alice.example",
            "reply_to": "vragen@alice.example",
            "signatory": "A. Alice",
            "portal_link_days": "30",
        },
    )
    assert response.status_code == 302
    sender = SenderSettings.objects.get(organisation=org)
    assert (sender.from_email, sender.signatory, sender.portal_link_days) == (
        "debiteuren@alice.example",
        "A. Alice",
        30,
    )


def test_bad_sender_settings_are_refused(client_alice, org):
    response = client_alice.post(
        reverse("sender-settings"),
        {"from_email": "not an address", "portal_link_days": "0"},
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"from_email", "portal_link_days"}
    assert not SenderSettings.objects.exists()


def test_a_line_break_in_a_sender_field_is_refused(client_alice, org):
    response = client_alice.post(
        reverse("sender-settings"),
        {
            "from_name": "Alice\r\nBcc: dief@example.com",
            "from_email": "debiteuren@alice.example\nBcc: dief@example.com",
            "reply_to": "x@alice.example\r\nBcc: dief@example.com",
            "signatory": "A.\x00Alice",
            "portal_link_days": "30",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"from_name", "from_email", "reply_to", "signatory"}
    assert errors["from_name"] == ["Eén regel, zonder regeleinden of stuurtekens."]
    assert not SenderSettings.objects.exists()


def test_a_control_character_in_a_texts_subject_is_refused(client_alice, org):
    response = client_alice.post(
        edit_url(),
        {"subject": "Herinnering\x0bBcc: dief@example.com", "body": GOOD_BODY},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.context["form"].errors["subject"] == [
        "One line, without line breaks or control characters."
    ]
    assert not MessageTemplate.objects.exists()


# Who may see and do what


def test_another_organisations_ids_are_not_found(client_alice, org, other_org, today):
    _, message = reminder(other_org, today)
    failed = delivery(message, DeliveryStatus.FAILED)
    document = store_document(other_org.pk, "brief.pdf", "application/pdf", a_pdf())
    batch = PrintBatch.objects.create(
        organisation=other_org, day=today, document=document, letter_count=1, page_count=2
    )
    customer = message.customer
    preview = {"subject": "S", "body": GOOD_BODY, "customer": customer.pk}
    gets = [
        reverse("outbox-message", args=[message.pk]),
        reverse("outbox-message-preview-pdf", args=[message.pk]),
        reverse("document-download", args=[document.pk]),
        reverse("print-batch-download", args=[batch.pk]),
        edit_url() + f"?customer={customer.pk}",
    ]
    for url in gets:
        assert client_alice.get(url).status_code == 404, url
    posts = [
        (reverse("template-preview", args=["reminder", "nl"]), preview),
        (reverse("template-preview-pdf", args=["reminder", "nl"]), preview),
        (edit_url(), preview),
        (reverse("delivery-send-again", args=[failed.pk]), {}),
        (reverse("delivery-confirm", args=[failed.pk]), {}),
    ]
    for url, data in posts:
        assert client_alice.post(url, data).status_code == 404, url
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED
    assert not MessageTemplate.objects.exists()
    assert message.customer.name not in client_alice.get(reverse("outbox")).content.decode()


def test_a_viewer_may_look_but_not_preview_a_text_save_or_act(viewer_client, org, today):
    _, message = reminder(org, today)
    failed = delivery(message, DeliveryStatus.FAILED)
    MessageTemplate.objects.create(
        organisation=org, kind="aanmaning", language="nl", subject="S", body="B"
    )
    for url in (
        reverse("outbox"),
        reverse("outbox-message", args=[message.pk]),
        reverse("template-list"),
        edit_url(),
        reverse("sender-settings"),
    ):
        assert viewer_client.get(url).status_code == 200, url
    outbox = viewer_client.get(reverse("outbox")).content.decode()
    assert reverse("delivery-send-again", args=[failed.pk]) not in outbox
    posts = [
        (reverse("template-preview", args=["reminder", "nl"]), {"subject": "S", "body": "B"}),
        (reverse("template-preview-pdf", args=["reminder", "nl"]), {"subject": "S", "body": "B"}),
        (edit_url(), {"subject": "S", "body": GOOD_BODY}),
        (reverse("template-reset", args=["aanmaning", "nl"]), {}),
        (reverse("delivery-send-again", args=[failed.pk]), {}),
        (reverse("delivery-confirm", args=[failed.pk]), {}),
        (reverse("print-batch-make"), {}),
        (reverse("sender-settings"), {"from_name": "X", "portal_link_days": "30"}),
    ]
    for url, data in posts:
        assert viewer_client.post(url, data).status_code == 403, url
    assert list(MessageTemplate.objects.values_list("kind", flat=True)) == ["aanmaning"]
    assert not SenderSettings.objects.exists()
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED


def test_anonymous_visitors_are_sent_to_sign_in(client, org):
    for response in (
        client.get(reverse("outbox")),
        client.get(edit_url()),
        client.post(reverse("template-preview", args=["reminder", "nl"])),
        client.post(reverse("print-batch-make")),
    ):
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_the_actions_only_take_posts(client_alice, org):
    assert client_alice.get(reverse("print-batch-make")).status_code == 405
    assert client_alice.get(reverse("template-preview", args=["reminder", "nl"])).status_code == 405
    assert client_alice.get(reverse("template-reset", args=["reminder", "nl"])).status_code == 405


def test_sending_again_to_a_customer_without_an_email_address_says_so(client_alice, org, today):
    _, message = reminder(org, today, emails="")
    failed = delivery(message, DeliveryStatus.FAILED, last_error="no address")
    response = client_alice.post(
        reverse("delivery-send-again", args=[failed.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "The customer has no e-mail address; add one first." in response.content.decode()
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED


def test_a_call_task_has_no_letter_to_preview(client_alice, org, today):
    customer = factories.customer(org, phone="020 123 4567")
    due = call_due_date(today)
    factories.invoice(org, customer, due=due, issue_date=due - timedelta(days=30))
    run_day(org, today)
    call = Message.objects.get(customer=customer, kind="call_task")
    response = client_alice.get(reverse("outbox-message", args=[call.pk]))
    assert response.status_code == 200
    assert response.context["preview"] is None
    preview_pdf = reverse("outbox-message-preview-pdf", args=[call.pk])
    assert client_alice.get(preview_pdf).status_code == 404


def test_the_outbox_is_readable_in_the_admin(client, org, today):
    _, message = reminder(org, today)
    sent = delivery(
        message,
        DeliveryStatus.SENT,
        pdf=store_document(org.pk, "b.pdf", "application/pdf", a_pdf()),
    )
    MessageTemplate.objects.create(
        organisation=org, kind="reminder", language="nl", subject="S", body="B"
    )
    client.force_login(User.objects.create_superuser("root", password="x-long-password"))
    for model in ("sendersettings", "messagetemplate", "document", "delivery", "printbatch"):
        assert client.get(f"/admin/outbox/{model}/").status_code == 200, model
    assert client.get(f"/admin/outbox/delivery/{sent.pk}/change/").status_code == 200
    assert client.get("/admin/outbox/delivery/add/").status_code == 403
