"""The credit limit on the customer page: shown with its reasons in Dutch, set by a person
through the form (a dossier event), refused to a viewer and to another organisation."""

from datetime import timedelta

import pytest
from django.urls import reverse

from innen.dossier.models import Event, EventKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(org, today):
    found = factories.customer(org)
    factories.invoice(org, found, total="1210.00", issue_date=today - timedelta(days=7), due=today)
    return found


def limit_events(customer):
    return Event.objects.filter(customer_id=customer.pk, kind=EventKind.CREDIT_LIMIT_SET)


def test_the_customer_page_shows_the_suggested_limit_and_why_in_dutch(owner_client, customer):
    page = owner_client.get(
        reverse("customer-detail", args=[customer.pk]), headers={"Accept-Language": "nl"}
    )
    text = page.content.decode()
    assert "Kredietlimiet" in text
    assert "Voorgestelde limiet" in text
    assert "nog geen betaalgeschiedenis: het bedrag van de grootste factuur" in text


def test_an_owner_sets_the_limit_through_the_form(owner_client, customer):
    url = reverse("customer-credit-limit", args=[customer.pk])
    answer = owner_client.post(
        url, {"amount": "2500,00", "note": "na gesprek"}, headers={"Accept-Language": "nl"}
    )
    assert answer.status_code == 302
    [event] = limit_events(customer)
    assert event.payload == {"amount": "2500.00", "note": "na gesprek"}
    page = owner_client.get(
        reverse("customer-detail", args=[customer.pk]), headers={"Accept-Language": "nl"}
    ).content.decode()
    assert "na gesprek" in page
    assert "Kredietlimiet ingesteld" in page  # on the dossier's timeline too


def test_an_empty_amount_goes_back_to_the_suggested_limit(owner_client, customer):
    owner_client.post(reverse("customer-credit-limit", args=[customer.pk]), {"amount": ""})
    [event] = limit_events(customer)
    assert event.payload["amount"] is None


def test_a_negative_limit_is_refused_and_nothing_recorded(owner_client, customer):
    owner_client.post(reverse("customer-credit-limit", args=[customer.pk]), {"amount": "-5"})
    assert not limit_events(customer).exists()


def test_a_viewer_cannot_set_a_limit(viewer_client, customer):
    answer = viewer_client.post(
        reverse("customer-credit-limit", args=[customer.pk]), {"amount": "1"}
    )
    assert answer.status_code == 403
    assert not limit_events(customer).exists()


def test_another_organisations_customer_is_404(owner_client, other_org):
    theirs = factories.customer(other_org)
    answer = owner_client.post(reverse("customer-credit-limit", args=[theirs.pk]), {"amount": "1"})
    assert answer.status_code == 404
    assert not limit_events(theirs).exists()
