"""The portal page: the open invoices, the messages sent, how to pay, in the right language."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from innen.collection.models import MessageStatus, PolicyStep
from innen.collection.policies import policy_install_defaults
from innen.dossier.models import Event, EventKind
from innen.outbox.models import Delivery, DeliveryChannel, DeliveryStatus, Document
from innen.portal import views
from innen.portal.models import MollieSettings
from tests import factories

pytestmark = pytest.mark.django_db


def sent_letter(customer, subject="Herinnering F-2026-001", status=DeliveryStatus.SENT):
    org = customer.organisation
    policy_install_defaults(organisation=org)  # once: later calls leave the policies be
    step = PolicyStep.objects.filter(policy__organisation=org).order_by("pk").first()
    message = customer.messages.create(
        organisation=org,
        step=step,
        kind=step.kind,
        channels=["letter"],
        decided_on=date(2026, 2, 8),
        status=MessageStatus.SENT,
    )
    document = Document.objects.create(
        organisation=org,
        sha256=f"{message.pk:064d}",
        name="herinnering.pdf",
        content_type="application/pdf",
        size=9,
        file=ContentFile(b"%PDF-1.7 letter", name="letter.pdf"),
    )
    return Delivery.objects.create(
        organisation=org,
        message=message,
        channel=DeliveryChannel.LETTER,
        unique_id=f"<{message.pk}@innen.test>",
        status=status,
        subject=subject,
        pdf=document,
        sent_on=date(2026, 2, 9),
    )


def test_it_shows_only_this_customers_open_invoices(client, org, customer, invoices, token):
    other = factories.customer(org, name="Ander")
    factories.invoice(org, other, number="F-ANDER-1")
    body = client.get(f"/portal/{token}/").content.decode()
    assert "F-2026-001" in body and "F-2026-002" in body
    assert "F-ANDER-1" not in body
    assert "181,50" in body  # the total, in Dutch


def test_it_lists_the_messages_sent_with_their_date(client, customer, invoices, token):
    letter = sent_letter(customer)
    sent_letter(customer, subject="Nog in de wachtrij", status=DeliveryStatus.PENDING)
    body = client.get(f"/portal/{token}/").content.decode()
    assert "Herinnering F-2026-001" in body
    assert "9 februari 2026" in body
    assert f"/letters/{letter.pk}/pdf/" in body
    assert "Nog in de wachtrij" not in body


def test_it_speaks_the_customers_language_and_switches_on_request(
    client, customer, invoices, token
):
    assert "Openstaande facturen" in client.get(f"/portal/{token}/").content.decode()
    customer.language = "en"
    customer.save()
    assert "Open invoices of" in client.get(f"/portal/{token}/").content.decode()
    assert "Openstaande facturen" in client.get(f"/portal/{token}/?lang=nl").content.decode()


def test_without_mollie_there_is_no_pay_button_but_bank_details(client, org, invoices, token):
    MollieSettings.objects.create(organisation=org, enabled=False, api_key="test_" + "x" * 30)
    response = client.get(f"/portal/{token}/")
    body = response.content.decode()
    assert response.context["can_pay"] is False
    assert 'name="invoices"' not in body
    assert "NL91ABNA0417164300" in body
    assert response.context["qr"].startswith("data:image/svg+xml")


def test_with_mollie_on_each_invoice_can_be_ticked_and_the_form_may_lead_to_checkout(
    client, invoices, token, mollie_on, mollie
):
    response = client.get(f"/portal/{token}/")
    body = response.content.decode()
    assert body.count('name="invoices"') == 2
    assert mollie.url in response["Content-Security-Policy"].split("form-action")[1]


def test_the_page_uses_no_inline_script(client, invoices, token, mollie_on):
    body = client.get(f"/portal/{token}/").content.decode()
    assert "<script" not in body and " on" + "click=" not in body
    assert "/static/portal/portal.css" in body


def test_opening_the_portal_is_noted_in_the_dossier_once_a_day(client, customer, token):
    client.get(f"/portal/{token}/")
    client.get(f"/portal/{token}/")
    events = Event.objects.filter(kind=EventKind.PORTAL, customer_id=customer.pk)
    assert [e.payload["action"] for e in events] == ["opened"]


def test_an_arrangement_link_appears_only_when_its_page_exists(
    client, invoices, token, monkeypatch
):
    # "portal-pay" stands in for a page that exists; the arrangements app adds the real ones.
    monkeypatch.setattr(
        views, "ARRANGEMENTS", (("portal-pay", "promise"), ("portal-not-there", "dispute"))
    )
    response = client.get(f"/portal/{token}/")
    assert response.status_code == 200
    assert response.context["arrangements"] == {"promise": f"/portal/{token}/pay/"}
    assert f'href="/portal/{token}/pay/?lang=nl"' in response.content.decode()


def test_with_the_real_mollie_the_form_may_lead_to_mollies_checkout(
    client, invoices, token, mollie_on, settings
):
    settings.MOLLIE_API_ENDPOINT = "https://api.mollie.com"
    policy = client.get(f"/portal/{token}/")["Content-Security-Policy"]
    assert "https://www.mollie.com" in policy.split("form-action")[1].split(";")[0]
