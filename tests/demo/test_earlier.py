"""Before its weeks of replayed runs the demo's late payers were reminded by the default
ladder, so its history shows who pays soon after a reminder."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest

from innen.collection.behaviour_models import CustomerBehaviour
from innen.collection.models import Action, Message
from innen.demo.earlier import PaidInvoice, earlier_messages
from innen.demo.loader import COLLECTING_DAYS, demo_load
from innen.dunning.days import is_business_day
from innen.dunning.defaults import default_business_policy
from innen.dunning.policy import LEGAL_STEPS, StepKind

TODAY = date(2026, 11, 23)
UNTIL = date(2026, 10, 1)
LADDER = default_business_policy()


def paid(number, due, settled):
    return PaidInvoice(number, 1, f"F{number}", due, settled, Decimal("100.00"))


def kinds(plans):
    return [
        (plan.day, sorted(LADDER.steps[index].kind.value for _, index in plan.items))
        for plan in plans
    ]


def test_an_invoice_paid_after_the_second_reminder_got_the_reminder_the_call_and_that_one():
    due = date(2026, 3, 2)  # a Monday
    plans = earlier_messages([paid(1, due, due + timedelta(days=25))], LADDER, UNTIL)
    assert kinds(plans) == [
        (date(2026, 3, 9), ["reminder"]),
        (date(2026, 3, 16), ["call_task"]),
        (date(2026, 3, 23), ["second_reminder"]),
    ]


def test_an_invoice_paid_on_time_or_after_the_cut_off_gets_no_earlier_message():
    due = date(2026, 3, 2)
    assert earlier_messages([paid(1, due, due - timedelta(days=2))], LADDER, UNTIL) == []
    assert earlier_messages([paid(2, UNTIL, UNTIL + timedelta(days=20))], LADDER, UNTIL) == []


def test_messages_fall_on_business_days_and_keep_the_policy_s_spacing():
    invoices = [
        paid(n, date(2026, 3, 2) + timedelta(days=3 * n), date(2026, 5, 1)) for n in range(4)
    ]
    plans = [p for p in earlier_messages(invoices, LADDER, UNTIL) if not p.is_call]
    days = [plan.day for plan in plans]
    assert all(is_business_day(day) for day in days)
    # A legal letter waits for no spacing (`grouping.first_allowed`); the others do.
    for before, plan in pairwise(plans):
        legal = any(LADDER.steps[i].kind in LEGAL_STEPS for _, i in plan.items)
        gap = (plan.day - before.day).days
        assert gap >= (1 if legal else LADDER.min_days_between_messages)
    # Every step that fell due before the last payment went out, some together.
    sent = Counter(LADDER.steps[i].kind for plan in plans for _, i in plan.items)
    assert sent[StepKind.REMINDER] == 4 and sent[StepKind.INGEBREKESTELLING] == 4


@pytest.mark.django_db
def test_the_demo_s_late_payers_were_reminded_long_before_its_weeks_of_runs():
    organisation = demo_load(today=TODAY, customers=60).organisation
    start = TODAY - timedelta(days=COLLECTING_DAYS)
    earlier = Action.objects.filter(organisation=organisation, decided_on__lt=start)
    assert earlier.filter(kind=StepKind.REMINDER).count() > 100
    assert earlier.filter(decided_on__lt=TODAY - timedelta(days=365)).exists()
    # Every earlier reminder went out before its invoice was paid, in a message sent that day.
    for action in earlier.select_related("invoice", "message")[:200]:
        assert action.message.decided_on == action.decided_on
        assert action.decided_on > action.invoice.due_date
    assert (
        not Message.objects.filter(organisation=organisation, status="queued")
        .exclude(decided_on__gte=start)
        .exists()
    )
    segments = Counter(
        CustomerBehaviour.objects.filter(organisation=organisation).values_list(
            "behaviour", flat=True
        )
    )
    assert segments["forgetful"] >= 4 and segments["slow"] >= 4 and segments["punctual"] >= 10
