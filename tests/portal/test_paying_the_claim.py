"""The portal offers the whole claim (principal, and the interest and costs the law allows
and the organisation claims, `innen.outbox.claim_on`) or what the last letter demanded;
the QR code and Mollie ask the amount chosen."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from innen.collection.policies import policy_install_defaults
from innen.outbox.demanded import demanded_on, last_letter_demand
from innen.portal.models import OnlinePayment
from tests.claim_letters import claims_no_charges, demand_letter

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter(org, customer, invoices):
    policy_install_defaults(organisation=org)
    return demand_letter(
        org, customer, invoices, decided_on=timezone.localdate() - timedelta(days=20)
    )


def test_the_portal_page_and_its_qr_ask_the_whole_claim(client, customer, invoices, token, letter):
    page = client.get(f"/portal/{token}/")
    owed = page.context["owed"]
    assert owed.charges > 0
    html = page.content.decode()
    assert f"{owed.total:.2f}".replace(".", ",") in html
    assert page.context["qr"]


def test_paying_online_asks_the_whole_claim_on_the_ticked_invoices(
    client, customer, invoices, token, mollie_on, mollie, letter
):
    client.post(f"/portal/{token}/pay/", {"invoices": [i.pk for i in invoices]})
    payment = OnlinePayment.objects.get()
    owed = demanded_on(customer, [i.pk for i in invoices], timezone.localdate())
    assert payment.amount == owed.total > Decimal("181.50")
    assert mollie.payments[payment.mollie_id]["amount"]["value"] == f"{owed.total:.2f}"


def test_paying_what_the_last_letter_demanded(
    client, customer, invoices, token, mollie_on, mollie, letter
):
    demand = last_letter_demand(customer)
    assert demand is not None and demand.message_id == letter.pk
    page = client.get(f"/portal/{token}/")
    assert page.context["letter"] == demand  # interest ran on since: it differs from today's
    client.post(f"/portal/{token}/pay/", {"amount_of": "letter"})
    payment = OnlinePayment.objects.get()
    assert payment.amount == demand.demanded.total
    assert payment.amount < page.context["owed"].total


def test_without_a_letter_a_business_owes_40_per_invoice_and_interest_from_default(
    client, customer, invoices, token, mollie_on, mollie
):
    # art. 6:96 lid 4 and 6:119a BW: due by law from default, no letter needed
    assert last_letter_demand(customer) is None
    client.post(f"/portal/{token}/pay/", {"invoices": [i.pk for i in invoices]})
    owed = demanded_on(customer, [i.pk for i in invoices], timezone.localdate())
    assert owed.costs == Decimal("80.00") and owed.interest > 0
    assert OnlinePayment.objects.get().amount == owed.total == Decimal("181.50") + owed.charges
    response = client.post(f"/portal/{token}/pay/", {"amount_of": "letter"})
    assert "error=choice" in response["Location"]


def test_an_organisation_whose_policy_claims_no_charges_asks_the_principal_only(
    client, org, customer, invoices, token, mollie_on, mollie
):
    claims_no_charges(org)
    client.post(f"/portal/{token}/pay/", {"invoices": [i.pk for i in invoices]})
    assert OnlinePayment.objects.get().amount == Decimal("181.50")


def test_what_the_last_letter_demanded_is_what_it_stated_a_14_day_letter_the_principal(client, org):
    # art. 6:96 lid 6 BW: the 14-day letter says "pay EUR 450 without extra costs"; the
    # whole claim adds the statutory interest from default (art. 6:119 BW), the letter's
    # own amount does not.
    from innen.collection.models import Action
    from innen.ledger.models import CustomerKind
    from innen.outbox.models import DeliveryChannel
    from tests import factories
    from tests.casefile.test_consumer_costs import fourteen_day_letter

    policy_install_defaults(organisation=org)
    consumer = factories.customer(org, kind=CustomerKind.CONSUMER, name="J. Jansen")
    today = timezone.localdate()
    invoice = factories.invoice(
        org,
        consumer,
        total="450.00",
        due=today - timedelta(days=40),
        issue_date=today - timedelta(days=70),
    )
    sent = today - timedelta(days=5)
    letter = fourteen_day_letter(
        org,
        consumer,
        invoice,
        pay_before=sent + timedelta(days=16),
        sent=[(sent, DeliveryChannel.LETTER)],
    )
    Action.objects.filter(message=letter).update(claims_interest=False, claims_costs=False)

    demanded = last_letter_demand(consumer)
    assert demanded is not None
    assert (demanded.demanded.total, demanded.demanded.charges) == (Decimal("450.00"), 0)
    owed = demanded_on(consumer, [invoice.pk], today)
    assert owed.interest > 0 and owed.costs == 0
