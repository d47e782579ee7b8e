"""An arrangement's notice that no longer applies when it is about to leave stays home.

A reminder of an instalment is written on its reminder day and leaves a little later (its
e-mail after the commit, perhaps retried; its letter with the day's print batch). Paid in
the meantime, the reminder would only confuse: the last check keeps it home and the dossier
says why. A confirmation stays true whatever happens, so it always goes.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from innen.arrangements import services
from innen.arrangements.daily import arrangements_daily
from innen.dossier.models import Event, EventKind
from innen.ledger.services import payment_register
from innen.outbox.models import Delivery, DeliveryStatus, PostedLetter
from innen.outbox.notices import send_notice
from innen.outbox.printing import build_print_batch
from tests.arrangements.support import committed

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)
REMINDER_DAY = date(2026, 3, 13)  # three days before the first instalment (16 March)


@pytest.fixture
def plan(customer, invoices):
    """€ 363 in 3 instalments of € 121, the first due 16 March 2026."""
    with committed():
        plan = services.plan_propose(customer=customer, months=3, invoice_ids=[], today=MONDAY)
    mail.outbox.clear()
    return plan


def pay_first_instalment(org, customer):
    payment_register(
        organisation=org, customer=customer, date=REMINDER_DAY, amount=Decimal("121.00")
    )


def withdrawn_note():
    return Event.objects.get(kind=EventKind.MESSAGE_WITHDRAWN)


def test_an_instalment_reminder_paid_before_its_e_mail_left_is_not_sent(org, customer, plan):
    assert arrangements_daily(org, REMINDER_DAY).reminders == 1  # queued, not yet sent
    reminder = Delivery.objects.get(reference=f"plan-{plan.pk}-1")
    pay_first_instalment(org, customer)

    outcome = send_notice(reminder.pk, REMINDER_DAY)

    assert outcome.status == DeliveryStatus.WITHDRAWN and not mail.outbox
    assert Delivery.objects.get(pk=reminder.pk).status == DeliveryStatus.WITHDRAWN
    note = withdrawn_note()
    assert note.payload["why"] == "the instalment was paid before the reminder went out"
    assert note.payload["reference"] == reminder.reference


def test_an_instalment_reminder_letter_paid_before_the_print_batch_stays_home(org, customer, plan):
    customer.emails = ""  # no e-mail: the reminder goes by post
    customer.save()
    assert arrangements_daily(org, REMINDER_DAY).reminders == 1
    letter = PostedLetter.objects.get(reference=f"plan-{plan.pk}-1")
    pay_first_instalment(org, customer)

    batch = build_print_batch(org.pk, REMINDER_DAY)

    # The plan's confirmation, if it was posted, still goes: it stays true.
    assert letter not in (batch.posted.all() if batch else [])
    letter.refresh_from_db()
    assert letter.withdrawn_on == REMINDER_DAY and letter.print_batch is None
    assert withdrawn_note().payload["withdrawn_at"] == "print batch"


def test_an_instalment_reminder_still_owed_goes_out(org, customer, plan):
    arrangements_daily(org, REMINDER_DAY)
    reminder = Delivery.objects.get(reference=f"plan-{plan.pk}-1")

    assert send_notice(reminder.pk, REMINDER_DAY).status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1
