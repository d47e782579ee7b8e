"""Credit limits on the ledger: set by a person in the dossier, asked about through the API
(a GET only reads), an order checked by a POST, and a webhook when what is owed (plus the order
checked) passes the limit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from innen.api.tokens import api_token_create
from innen.dossier.models import Event, EventKind
from innen.predictions.credit import credit, limit_set
from innen.webhooks import services as webhooks
from innen.webhooks.models import EventType, WebhookDelivery
from tests import factories
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer(org, today):
    """A customer with one open invoice of 1,210.00 (issued last week)."""
    found = factories.customer(org)
    factories.invoice(
        org,
        found,
        total="1210.00",
        issue_date=today - timedelta(days=7),
        due=today + timedelta(days=23),
    )
    return found


@pytest.fixture
def read_api(client, org):
    return Api(client, api_token_create(organisation=org, name="webshop", scope="read").secret)


@pytest.fixture
def write_api(client, org):
    return Api(client, api_token_create(organisation=org, name="erp", scope="write").secret)


def exceeded_events(customer):
    return Event.objects.filter(customer_id=customer.pk, kind=EventKind.CREDIT_LIMIT_EXCEEDED)


def listening(org):
    webhooks.endpoint_create(
        organisation=org,
        url="https://erp.example.nl/hook",
        events=[EventType.CREDIT_LIMIT_EXCEEDED],
    )


def test_a_limit_set_by_a_person_applies_and_is_on_record(customer, owner, today):
    limit_set(customer, amount=Decimal("5000"), note="afgesproken", user=owner, today=today)
    found = credit(customer, today)
    assert found.limit == Decimal("5000.00")
    assert found.set_limit.by == owner.username
    assert found.exposure == Decimal("1210.00")
    assert found.room == Decimal("3790.00")
    event = Event.objects.get(customer_id=customer.pk, kind=EventKind.CREDIT_LIMIT_SET)
    assert event.payload == {"amount": "5000.00", "note": "afgesproken"}


def test_setting_no_amount_goes_back_to_the_suggested_limit(customer, owner, today):
    limit_set(customer, amount=Decimal("5000"), note="", user=owner, today=today)
    limit_set(customer, amount=None, note="weer automatisch", user=owner, today=today)
    found = credit(customer, today)
    assert found.set_limit is None
    assert found.limit == found.advice.limit


def test_a_negative_limit_or_one_set_by_nobody_is_refused(customer, owner, today):
    with pytest.raises(ValidationError):
        limit_set(customer, amount=Decimal("-1"), note="", user=owner, today=today)
    with pytest.raises(ValidationError):
        limit_set(customer, amount=Decimal("100"), note="", user=None, today=today)
    assert not Event.objects.filter(kind=EventKind.CREDIT_LIMIT_SET).exists()


def test_a_limit_set_below_what_is_owed_fires_the_webhook(org, customer, owner, today):
    listening(org)
    limit_set(customer, amount=Decimal("1000"), note="", user=owner, today=today)
    [delivery] = WebhookDelivery.objects.filter(event_type=EventType.CREDIT_LIMIT_EXCEEDED)
    data = delivery.payload["data"]
    assert (data["exposure"], data["limit"], data["order"]) == ("1210.00", "1000.00", None)
    assert data["customer"]["id"] == customer.pk


def test_the_api_says_exposure_limit_risk_and_reasons(read_api, customer, owner, today):
    limit_set(customer, amount=Decimal("2000"), note="", user=owner, today=today)
    answer = read_api.get(f"/customers/{customer.pk}/credit").json()
    assert answer["exposure"] == "1210.00"
    assert answer["limit"]["set"]["amount"] == "2000.00"
    assert answer["limit"]["applies"] == "2000.00"
    assert answer["limit"]["suggested"] == "1200.00"  # no payment yet: its largest, rounded down
    assert answer["risk"] == {"level": "unknown", "share_late": None}
    assert answer["reasons"][0] == "no payment history yet: the size of its largest invoice"
    assert (answer["passes_limit"], answer["room"], answer["order"]) == (False, "790.00", None)


def test_an_order_within_the_limit_passes_nothing_and_records_nothing(
    org, write_api, customer, owner, today
):
    listening(org)
    limit_set(customer, amount=Decimal("2000"), note="", user=owner, today=today)
    answer = write_api.post(f"/customers/{customer.pk}/credit/checks", {"order": "790.00"})
    assert answer.status_code == 200
    assert answer.json()["order"] == {
        "amount": "790.00",
        "exposure_after": "2000.00",
        "passes_limit": False,
    }
    assert answer.json()["event_id"] is None
    assert not exceeded_events(customer).exists()
    assert not WebhookDelivery.objects.exists()


def test_asking_about_an_order_that_would_pass_the_limit_records_nothing(
    org, read_api, customer, owner, today
):
    listening(org)
    limit_set(customer, amount=Decimal("2000"), note="", user=owner, today=today)
    answer = read_api.get(f"/customers/{customer.pk}/credit", order="790.01").json()
    assert answer["order"] == {
        "amount": "790.01",
        "exposure_after": "2000.01",
        "passes_limit": True,
    }
    assert answer["passes_limit"] is False  # what it owes now is still within it
    assert not exceeded_events(customer).exists()
    assert not WebhookDelivery.objects.exists()


def test_an_order_checked_that_would_pass_the_limit_is_recorded_and_told_by_webhook(
    org, write_api, customer, owner, today
):
    listening(org)
    limit_set(customer, amount=Decimal("2000"), note="", user=owner, today=today)
    answer = write_api.post(
        f"/customers/{customer.pk}/credit/checks", {"order": "790.01", "reference": "SO-77"}
    ).json()
    assert answer["order"]["passes_limit"] is True
    assert answer["passes_limit"] is False
    [event] = exceeded_events(customer)
    assert answer["event_id"] == event.pk
    assert (event.payload["order"], event.payload["reference"]) == ("790.01", "SO-77")
    [delivery] = WebhookDelivery.objects.filter(event_type=EventType.CREDIT_LIMIT_EXCEEDED)
    data = delivery.payload["data"]
    assert (data["order"], data["reference"]) == ("790.01", "SO-77")


def test_checking_an_order_is_a_write_a_read_token_may_not_do(read_api, customer):
    answer = read_api.post(f"/customers/{customer.pk}/credit/checks", {"order": "99999.00"})
    assert answer.status_code == 403
    assert not exceeded_events(customer).exists()


def test_an_order_that_is_not_an_amount_is_refused(read_api, write_api, customer):
    assert read_api.get(f"/customers/{customer.pk}/credit", order="-5").status_code == 422
    assert read_api.get(f"/customers/{customer.pk}/credit", order="1e9").status_code == 422
    checks = f"/customers/{customer.pk}/credit/checks"
    assert write_api.post(checks, {"order": "-5"}).status_code == 422
    assert write_api.post(checks, {}).status_code == 422


def test_another_organisations_customer_is_404_and_nothing_is_recorded(client, other_org, customer):
    other = Api(client, api_token_create(organisation=other_org, name="x", scope="write").secret)
    assert other.get(f"/customers/{customer.pk}/credit", order="99999.00").status_code == 404
    checked = other.post(f"/customers/{customer.pk}/credit/checks", {"order": "99999.00"})
    assert checked.status_code == 404
    assert not exceeded_events(customer).exists()


def test_a_new_invoice_that_takes_the_customer_over_its_set_limit_fires_once(
    org, customer, owner, today
):
    limit_set(customer, amount=Decimal("2000"), note="", user=owner, today=today)
    listening(org)
    issued = {"issue_date": today, "due": today + timedelta(days=30)}
    factories.invoice(org, customer, total="500.00", **issued)  # 1,710.00: within
    assert not WebhookDelivery.objects.exists()
    crossing = factories.invoice(org, customer, total="500.00", **issued)  # 2,210.00: over
    [delivery] = WebhookDelivery.objects.filter(event_type=EventType.CREDIT_LIMIT_EXCEEDED)
    data = delivery.payload["data"]
    assert (data["exposure"], data["limit"], data["invoices"]) == (
        "2210.00",
        "2000.00",
        [crossing.number],
    )
    factories.invoice(org, customer, total="100.00", **issued)  # over already: no news
    assert WebhookDelivery.objects.count() == 1


def test_a_new_invoice_without_a_set_limit_fires_nothing(org, customer, today):
    listening(org)
    factories.invoice(org, customer, total="99999.00", issue_date=today, due=today)
    assert not WebhookDelivery.objects.exists()
