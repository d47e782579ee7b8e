"""The daily hook: promises kept or broken, instalment reminders, plans that end."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from innen.arrangements import services
from innen.arrangements.daily import arrangements_daily
from innen.arrangements.models import (
    ArrangementSettings,
    PlanStatus,
    PromiseStatus,
)
from innen.arrangements.rules import promise_deadline
from innen.collection.models import Hold, HoldReason
from innen.dossier.models import Event, EventKind
from innen.ledger.services import payment_register
from tests.arrangements.support import committed

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
FRIDAY = date(2026, 3, 6)


def pay(org, customer, amount, on):
    payment_register(organisation=org, customer=customer, date=on, amount=Decimal(amount))


def actions():
    return [e.payload.get("action") for e in Event.objects.order_by("seq")]


def daily(org, today):
    """The daily hook, committed, and the notice e-mails it queued sent by the worker."""
    with committed():
        return arrangements_daily(org, today)


# --- promises --------------------------------------------------------------------------


@pytest.fixture
def promise(customer, invoices):
    return services.promise_make(
        customer=customer, promised_on=FRIDAY, invoice_ids=[], today=MONDAY
    )


def test_a_promise_is_not_broken_on_its_grace_day(org, promise):
    assert promise_deadline(FRIDAY) == date(2026, 3, 9)
    summary = daily(org, date(2026, 3, 9))
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.OPEN and summary.promises_broken == 0
    assert not mail.outbox


def test_an_unpaid_promise_is_broken_after_its_grace_day_and_the_customer_told(org, promise):
    summary = daily(org, date(2026, 3, 10))
    promise.refresh_from_db()
    assert (promise.status, promise.settled_on) == (PromiseStatus.BROKEN, date(2026, 3, 10))
    assert summary.promises_broken == 1
    [email] = mail.outbox
    assert "6 maart 2026" in email.body  # the promised day, named
    assert email.attachments[0][2] == "application/pdf"
    event = Event.objects.get(kind=EventKind.NOTE, payload__action="promise_broken")
    assert event.payload["documents"] and event.payload["e-mail"] == "queued"
    sent = Event.objects.get(kind=EventKind.NOTE, payload__action="notice_emailed")
    assert (
        sent.payload["message_id"] == event.payload["message_id"] == email.message()["Message-ID"]
    )
    # Its holds ended on the grace day: the run resumes collection the day after.
    ends = set(Hold.objects.filter(reason=HoldReason.PROMISE).values_list("ends_on", flat=True))
    assert ends == {date(2026, 3, 9)}


def test_a_paid_promise_is_kept(org, customer, promise):
    pay(org, customer, "363.00", date(2026, 3, 6))
    daily(org, date(2026, 3, 7))
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.KEPT and not mail.outbox


def test_a_promise_is_settled_once_however_often_the_hook_runs(org, promise):
    daily(org, date(2026, 3, 10))
    daily(org, date(2026, 3, 10))
    daily(org, date(2026, 3, 11))
    assert len(mail.outbox) == 1
    assert actions().count("promise_broken") == 1


# --- payment plans ---------------------------------------------------------------------


@pytest.fixture
def plan(customer, invoices):
    """€ 363 in 3 instalments of € 121, due 16 March, 16 April and 16 May 2026."""
    with committed():
        plan = services.plan_propose(customer=customer, months=3, invoice_ids=[], today=MONDAY)
    assert len(mail.outbox) == 1  # the confirmation
    mail.outbox.clear()
    return plan


def test_an_accepted_plan_lists_every_instalment(plan):
    due = list(plan.instalments.values_list("number", "due_on", "amount"))
    assert due == [
        (1, date(2026, 3, 16), Decimal("121.00")),
        (2, date(2026, 4, 16), Decimal("121.00")),
        (3, date(2026, 5, 16), Decimal("121.00")),
    ]


def test_a_reminder_goes_out_days_before_an_instalment_once(org, plan):
    assert daily(org, date(2026, 3, 12)).reminders == 0
    assert daily(org, date(2026, 3, 13)).reminders == 1
    assert daily(org, date(2026, 3, 14)).reminders == 0
    [email] = mail.outbox
    assert "16 maart 2026" in email.body and "121,00" in email.body
    assert plan.instalments.get(number=1).reminded_on == date(2026, 3, 13)


def test_payments_count_toward_the_instalments_in_order(org, customer, plan):
    pay(org, customer, "150.00", date(2026, 3, 10))
    daily(org, date(2026, 3, 13))  # the first instalment is paid: no reminder
    assert not mail.outbox
    daily(org, date(2026, 4, 13))  # the second: € 92 still owed
    [email] = mail.outbox
    assert "92,00" in email.body


def test_a_plan_breaks_when_an_instalment_is_more_than_the_grace_days_late(org, customer, plan):
    daily(org, date(2026, 3, 23))  # 16 March + 7 days: not yet
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    mail.outbox.clear()
    summary = daily(org, date(2026, 3, 24))
    plan.refresh_from_db()
    assert (plan.status, plan.ended_on, summary.plans_broken) == (
        PlanStatus.BROKEN,
        date(2026, 3, 24),
        1,
    )
    [email] = mail.outbox
    assert "vervallen" in email.body and "363,00" in email.body
    holds = Hold.objects.filter(reason=HoldReason.PAYMENT_PLAN)
    assert all(h.ends_on == date(2026, 3, 23) for h in holds) and holds.count() == 2
    assert actions().count("payment_plan_broken") == 1


def test_a_plan_breaks_on_the_remaining_amount_only(org, customer, plan):
    pay(org, customer, "121.00", date(2026, 3, 16))
    daily(org, date(2026, 4, 24))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.BROKEN
    broken = Event.objects.filter(payload__action="payment_plan_broken").get()
    assert broken.payload["open_amount"] == "242.00" and broken.payload["instalment"] == 2


def test_the_grace_days_are_the_organisations(org, plan):
    ArrangementSettings.objects.create(organisation=org, plan_grace_days=20)
    daily(org, date(2026, 3, 24))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE


def test_a_plan_paid_in_full_is_completed_and_its_holds_lifted(org, customer, plan):
    pay(org, customer, "363.00", date(2026, 3, 20))
    summary = daily(org, date(2026, 3, 21))
    plan.refresh_from_db()
    assert (plan.status, summary.plans_completed) == (PlanStatus.COMPLETED, 1)
    assert not any(h.ends_on is None for h in Hold.objects.filter(reason=HoldReason.PAYMENT_PLAN))
    assert not mail.outbox  # nothing to tell: the invoices are paid
