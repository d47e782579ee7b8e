"""What the outbox tests share: the days of the default ladder, a customer, a ready message."""

from __future__ import annotations

from datetime import date

from innen.collection.models import Message, MessageStatus
from innen.daily import run_day
from tests import factories

DUE = date(2026, 10, 1)
REMINDER_DAY = date(2026, 10, 8)  # the default ladder's e-mail reminder for DUE
DEMAND_DAY = date(2026, 11, 2)  # its ingebrekestelling (a Monday: calls wait out a Saturday)


def customer_of(org, **fields):
    defaults = {"street": "Kerkplein 2", "postcode": "3511 AA", "city": "Utrecht"}
    return factories.customer(org, **{**defaults, **fields})


def ready_message(org, customer, day=REMINDER_DAY, kind="reminder"):
    run_day(org, day)
    message = Message.objects.get(customer=customer, kind=kind)
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.READY)
    return message
