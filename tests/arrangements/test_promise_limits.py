"""Promises cannot pause collection for ever (issue 20, item 11).

One open promise at a time, and after a broken one no new promise for the organisation's
period (90 days unless it sets another), in the portal and at the desk alike.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils import translation

from innen.arrangements import services
from innen.arrangements.models import Promise
from innen.collection.models import CollectionSettings, Hold, HoldReason
from innen.collection.promises import BrokenPromise, OpenPromise, promise_barred
from innen.dossier.models import Event
from innen.ledger.services import payment_register

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
FRIDAY = date(2026, 3, 6)
GRACE_DAY = date(2026, 3, 9)  # the promise's last day: one business day after Friday
BROKEN_ON = date(2026, 3, 10)


def promise(customer, *, on, today, invoices=()):
    return services.promise_make(
        customer=customer, promised_on=on, invoice_ids=[i.pk for i in invoices], today=today
    )


def refusal(customer, *, on, today):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        promise(customer, on=on, today=today)
    return " ".join(error.value.message_dict[NON_FIELD_ERRORS])


def test_a_second_promise_while_one_is_open_is_refused(customer, invoices):
    promise(customer, on=FRIDAY, today=MONDAY)
    message = refusal(customer, on=FRIDAY + timedelta(days=7), today=date(2026, 3, 4))
    assert "runs until 9 March 2026" in message and "one promise at a time" in message
    assert Promise.objects.count() == 1


def test_a_promise_paid_early_no_longer_stands_in_the_way(org, customer, invoices):
    promise(customer, on=FRIDAY, today=MONDAY, invoices=[invoices[0]])
    payment_register(organisation=org, customer=customer, date=MONDAY, amount=Decimal("121.00"))
    promise(customer, on=FRIDAY, today=date(2026, 3, 3), invoices=[invoices[1]])
    assert Promise.objects.count() == 2


def test_a_broken_promise_bars_a_new_one_for_90_days(customer, invoices):
    promise(customer, on=FRIDAY, today=MONDAY)
    message = refusal(customer, on=BROKEN_ON + timedelta(days=5), today=BROKEN_ON)
    assert "did not pay by 9 March 2026" in message and "from 8 June 2026" in message
    last_barred = GRACE_DAY + timedelta(days=90)
    assert isinstance(promise_barred(customer, last_barred), BrokenPromise)
    promise(customer, on=last_barred + timedelta(days=5), today=last_barred + timedelta(days=1))
    assert Promise.objects.count() == 2


def test_a_kept_promise_bars_nothing(org, customer, invoices):
    promise(customer, on=FRIDAY, today=MONDAY, invoices=[invoices[0]])
    payment_register(organisation=org, customer=customer, date=FRIDAY, amount=Decimal("121.00"))
    assert promise_barred(customer, BROKEN_ON) is None


def test_the_organisation_sets_how_long_a_broken_promise_bars_a_new_one(org, customer, invoices):
    CollectionSettings.objects.filter(organisation=org).update(broken_promise_days=10)
    promise(customer, on=FRIDAY, today=MONDAY)
    assert promise_barred(customer, GRACE_DAY + timedelta(days=10)) == BrokenPromise(
        GRACE_DAY, GRACE_DAY + timedelta(days=11)
    )
    assert promise_barred(customer, GRACE_DAY + timedelta(days=11)) is None


def test_without_collection_settings_the_period_is_90_days(org, customer, invoices):
    CollectionSettings.objects.filter(organisation=org).delete()
    promise(customer, on=FRIDAY, today=MONDAY)
    assert promise_barred(customer, GRACE_DAY + timedelta(days=90)) is not None
    assert promise_barred(customer, GRACE_DAY + timedelta(days=91)) is None


def test_a_promise_noted_at_the_desk_bars_one_in_the_portal(customer, invoices):
    # The call outcome "promised" places a promise-to-pay hold till the promised day.
    Hold.objects.create(
        organisation=customer.organisation,
        customer=customer,
        invoice=invoices[0],
        reason=HoldReason.PROMISE,
        starts_on=MONDAY,
        ends_on=FRIDAY,
    )
    assert promise_barred(customer, MONDAY) == OpenPromise(FRIDAY)
    assert "runs until 6 March 2026" in refusal(customer, on=FRIDAY, today=MONDAY)
    assert "did not pay by 6 March 2026" in refusal(customer, on=BROKEN_ON, today=GRACE_DAY)


def test_the_portal_shows_the_refusal_and_changes_nothing(client, token, customer, invoices, today):
    promise(customer, on=today + timedelta(days=3), today=today)
    events = Event.objects.count()
    response = client.post(
        reverse("portal-promise", args=[token]),
        {"promised_on": (today + timedelta(days=5)).isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert "één belofte tegelijk" in response.content.decode()
    assert Promise.objects.count() == 1 and Event.objects.count() == events


def test_an_owner_sets_the_period_on_the_rules_page(owner_client, org):
    response = owner_client.post(
        reverse("arrangements-settings"),
        {
            "promise_max_days": "14",
            "plan_min_instalment": "25.00",
            "plan_max_months": "6",
            "plan_min_total": "100.00",
            "plan_approval_above": "2500.00",
            "plan_grace_days": "7",
            "reminder_days": "3",
            "broken_promise_days": "120",
        },
    )
    assert response.status_code == 302
    assert CollectionSettings.objects.get(organisation=org).broken_promise_days == 120
    event = Event.objects.get(payload__action="arrangement_rules")
    assert "broken_promise_days 120" in event.payload["text"]


def test_an_organisation_without_collection_settings_gets_them_from_the_rules_page(
    owner_client, org
):
    CollectionSettings.objects.filter(organisation=org).delete()
    page = owner_client.get(reverse("arrangements-settings"))
    assert 'name="broken_promise_days"' in page.content.decode()
    response = owner_client.post(
        reverse("arrangements-settings"),
        {
            "promise_max_days": "14",
            "plan_min_instalment": "25.00",
            "plan_max_months": "6",
            "plan_min_total": "100.00",
            "plan_approval_above": "2500.00",
            "plan_grace_days": "7",
            "reminder_days": "3",
            "broken_promise_days": "30",
        },
    )
    assert response.status_code == 302
    saved = CollectionSettings.objects.get(organisation=org)
    assert (saved.broken_promise_days, saved.starts_on) == (30, None)
