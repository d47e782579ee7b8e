"""Paying in the portal through Mollie (played by the fake server): started, then the webhook."""

from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from innen.collection.models import CollectionSettings, Message, MessageStatus
from innen.collection.policies import policy_install_defaults
from innen.daily import run_day
from innen.dossier.models import Event, EventKind
from innen.ledger.models import Invoice, Payment
from innen.outbox.links import portal_token
from innen.portal.models import MollieSettings, OnlinePayment
from tests import factories
from tests.claim_letters import claims_no_charges
from tests.portal.conftest import TEST_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def principal_only(org):
    """The Mollie mechanics on round figures: the organisation claims no interest or costs."""
    claims_no_charges(org)


def pay(client, token, invoices):
    return client.post(f"/portal/{token}/pay/", {"invoices": [i.pk for i in invoices]})


def webhook(client, mollie_id):
    return client.post("/portal/mollie/webhook/", {"id": mollie_id})


def started(client, token, invoices, mollie):
    response = pay(client, token, invoices)
    assert response.status_code == 302
    payment = OnlinePayment.objects.get()
    assert response["Location"] == f"{mollie.url}/checkout/{payment.mollie_id}"
    return payment


def test_paying_creates_a_mollie_payment_for_the_chosen_invoices(
    client, org, customer, invoices, token, mollie_on, mollie
):
    payment = started(client, token, invoices, mollie)
    sent = mollie.payments[payment.mollie_id]
    assert sent["amount"] == {"currency": "EUR", "value": "181.50"}
    assert "F-2026-001, F-2026-002" in sent["description"]
    assert sent["metadata"] == {
        "organisation": org.pk,
        "customer": customer.pk,
        "invoices": [invoices[0].pk, invoices[1].pk],
        "reference": payment.reference,
    }
    assert sent["webhookUrl"] == "http://testserver/portal/mollie/webhook/"
    assert sent["redirectUrl"].startswith(f"http://testserver/portal/{token}/?payment=")
    assert sent["locale"] == "nl_NL"
    assert (payment.amount, payment.status) == (Decimal("181.50"), "open")
    event = Event.objects.get(kind=EventKind.PORTAL, payload__action="online_payment_started")
    assert event.payload["invoices"] == ["F-2026-001", "F-2026-002"]


def test_the_methods_the_organisation_enabled_go_to_mollie(
    client, token, invoices, mollie_on, mollie
):
    # The fake keeps a list of methods out of "method"; Mollie itself takes the list.
    captured = {}
    create = mollie.create

    def spy(key, data):
        captured.update(data)
        return create(key, data)

    mollie.create = spy
    pay(client, token, invoices[:1])
    assert captured["method"] == ["ideal", "bancontact"]
    assert captured["amount"]["value"] == "121.00"


def test_a_webhook_for_a_paid_payment_registers_it_once_and_pays_the_invoices(
    client, customer, invoices, token, mollie_on, mollie
):
    payment = started(client, token, invoices[1:], mollie)
    mollie.set_status(payment.mollie_id, "paid")

    assert webhook(client, payment.mollie_id).status_code == 200
    assert webhook(client, payment.mollie_id).status_code == 200  # Mollie repeats itself

    registered = Payment.objects.get()
    assert registered.external_reference == f"mollie:{payment.mollie_id}"
    assert registered.amount == Decimal("60.50")
    assert list(Invoice.objects.filter(customer=customer).open()) == [invoices[0]]
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.payment == registered
    received = Event.objects.filter(payload__action="online_payment_received")
    assert received.count() == 1 and received.get().actor == "mollie"
    ledger = Event.objects.get(kind=EventKind.PAYMENT_REGISTERED)
    assert ledger.payload.get("source") == "portal"


@pytest.mark.parametrize("outcome", ["failed", "canceled", "expired", "open"])
def test_a_payment_that_was_not_paid_changes_nothing(
    client, invoices, token, mollie_on, mollie, outcome
):
    payment = started(client, token, invoices, mollie)
    if outcome != "open":
        mollie.set_status(payment.mollie_id, outcome)
    assert webhook(client, payment.mollie_id).status_code == 200
    payment.refresh_from_db()
    assert payment.status == outcome and payment.payment is None
    assert not Payment.objects.exists()
    assert Invoice.objects.open().count() == 2


def test_an_unknown_id_gets_200_and_changes_nothing(client, invoices, token, mollie_on, mollie):
    payment = started(client, token, invoices, mollie)
    mollie.set_status(payment.mollie_id, "paid")
    events = Event.objects.count()
    for unknown in ("tr_unknown123", payment.mollie_id + "x"):
        assert webhook(client, unknown).status_code == 200
    assert not Payment.objects.exists()
    assert Event.objects.count() == events


@pytest.mark.parametrize(
    "shapeless", ["", "not-a-mollie-id", "tr_\x00", "tr_12\x0034", "tr_" + "a" * 38]
)
def test_an_id_not_shaped_like_a_mollie_payment_id_gets_400_and_changes_nothing(
    client, invoices, token, mollie_on, mollie, shapeless
):
    payment = started(client, token, invoices, mollie)
    mollie.set_status(payment.mollie_id, "paid")
    events = Event.objects.count()
    response = webhook(client, shapeless)
    assert response.status_code == 400
    assert response.content == b"Not a Mollie payment id."
    assert not Payment.objects.exists()
    assert Event.objects.count() == events


def test_the_webhook_believes_mollie_not_the_post(client, invoices, token, mollie_on, mollie):
    payment = started(client, token, invoices, mollie)  # still open at Mollie
    response = client.post(
        "/portal/mollie/webhook/", {"id": payment.mollie_id, "status": "paid", "amount": "181.50"}
    )
    assert response.status_code == 200
    assert not Payment.objects.exists()


def test_when_mollie_cannot_be_asked_the_webhook_asks_to_be_called_again(
    client, invoices, token, mollie_on, mollie, settings
):
    payment = started(client, token, invoices, mollie)
    mollie.set_status(payment.mollie_id, "paid")
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"  # nothing listens there
    assert webhook(client, payment.mollie_id).status_code == 503
    assert not Payment.objects.exists()


def test_another_organisations_invoice_cannot_be_paid(
    client, org, token, invoices, mollie_on, mollie
):
    other = factories.organisation("Ander B.V.")
    theirs = factories.invoice(other, factories.customer(other), number="F-ANDER-1")
    response = client.post(f"/portal/{token}/pay/", {"invoices": [invoices[0].pk, theirs.pk]})
    assert response.status_code == 302 and "error=choice" in response["Location"]
    assert not OnlinePayment.objects.exists() and not mollie.payments


def test_another_customers_invoice_cannot_be_paid(client, org, token, mollie_on, mollie):
    theirs = factories.invoice(org, factories.customer(org))
    response = client.post(f"/portal/{token}/pay/", {"invoices": [theirs.pk]})
    assert "error=choice" in response["Location"]
    assert not mollie.payments


def test_a_payment_another_organisations_key_made_is_not_registered(
    client, org, invoices, token, mollie_on, mollie
):
    payment = started(client, token, invoices, mollie)
    mollie.set_status(payment.mollie_id, "paid")
    # The organisation switched to another Mollie account: its key does not see the payment.
    MollieSettings.objects.filter(organisation=org).update(api_key="test_" + "y" * 30)
    assert webhook(client, payment.mollie_id).status_code == 503
    assert not Payment.objects.exists()


def test_paying_needs_mollie_switched_on(client, org, invoices, token, mollie):
    MollieSettings.objects.create(organisation=org, enabled=False, api_key=TEST_KEY)
    response = pay(client, token, invoices)
    assert "error=choice" in response["Location"]
    assert not mollie.payments


def test_coming_back_from_the_checkout_shows_the_payment_received(
    client, invoices, token, mollie_on, mollie
):
    payment = started(client, token, invoices, mollie)
    checkout = requests.get(f"{mollie.url}/checkout/{payment.mollie_id}", allow_redirects=False)
    back = urlsplit(checkout.headers["Location"])
    assert parse_qs(back.query)["payment"] == [payment.reference]
    page = client.get(f"{back.path}?{back.query}")
    assert page.context["returned"].status == "paid"
    assert page.context["invoices"] == []  # what was just paid is no longer open
    assert Payment.objects.count() == 1  # registered on return too, still once
    assert webhook(client, payment.mollie_id).status_code == 200
    assert Payment.objects.count() == 1


@pytest.mark.parametrize("reference", ["ab\x00cd", "0" * 31 + "\x00", "f" * 32, "x"])
def test_a_return_link_naming_no_payment_of_the_customer_shows_the_page_with_400(
    client, invoices, token, reference
):
    page = client.get(f"/portal/{token}/", {"payment": reference})
    assert page.status_code == 400
    assert page.context["returned"] is None and len(page.context["invoices"]) == 2
    assert "De link noemt een betaling die wij niet kunnen vinden." in page.content.decode()


def test_another_customers_return_link_shows_not_their_payment(
    client, org, invoices, token, mollie_on, mollie
):
    payment = started(client, token, invoices, mollie)
    other = factories.customer(org, name="Ander B.V.")
    page = client.get(f"/portal/{portal_token(org.pk, other.pk)}/", {"payment": payment.reference})
    assert page.status_code == 400 and page.context["returned"] is None


def test_a_paid_invoice_leaves_collection(
    client, org, customer, invoices, token, mollie_on, mollie
):
    policy_install_defaults(organisation=org)
    CollectionSettings.objects.create(organisation=org, starts_on=date(2026, 1, 1))
    run_day(org, date(2026, 3, 10))
    assert Message.objects.filter(customer=customer, status=MessageStatus.QUEUED).exists()

    payment = started(client, token, invoices, mollie)
    mollie.set_status(payment.mollie_id, "paid")
    webhook(client, payment.mollie_id)

    assert not Message.objects.filter(customer=customer, status=MessageStatus.QUEUED).exists()
    assert Event.objects.filter(kind=EventKind.MESSAGE_WITHDRAWN, customer_id=customer.pk).exists()
    before = Message.objects.count()
    run_day(org, date(2026, 4, 20))
    assert Message.objects.count() == before
