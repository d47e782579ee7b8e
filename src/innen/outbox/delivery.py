"""Delivery, the run's third phase: check each queued message once more, then send it.

The run leaves messages queued and hands them over (`innen.collection.handover`); the
`deliver_messages` task brings them here.

Between the run and delivery a customer may pay, get a credit note or a hold; such invoices
are withdrawn here too, so nothing goes out that the run would no longer decide. A checked
message is "ready to send" and gets a task of its own (`innen.outbox.tasks.send_message_task`),
which renders it and sends it exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction

from innen.collection.models import Message, MessageStatus
from innen.collection.pending import AT_DELIVERY, withdraw_acted


def withdraw_stale(messages: Sequence[Message], today: date, *, at: str = AT_DELIVERY) -> int:
    """Withdraw what the messages say about invoices since settled or paused (the last check,
    `innen.collection.pending.withdraw_acted`)."""
    return withdraw_acted([m.pk for m in messages], today, made=False, at=at)


@transaction.atomic
def deliver(message_ids: Sequence[int], today: date) -> dict[str, int]:
    """Check the queued messages `message_ids`; returns how many became ready or were withdrawn."""
    messages = list(
        Message.objects.select_for_update()
        .filter(pk__in=message_ids, status=MessageStatus.QUEUED)
        .order_by("pk")
    )
    withdrawn = withdraw_stale(messages, today)
    # A call-only task is not sent: it waits on the call list until someone calls.
    ready_ids = list(
        Message.objects.filter(pk__in=[m.pk for m in messages], status=MessageStatus.QUEUED)
        .exclude(channels=["call"])
        .values_list("pk", flat=True)
    )
    Message.objects.filter(pk__in=ready_ids).update(status=MessageStatus.READY)
    transaction.on_commit(lambda: _hand_to_sender(ready_ids))
    return {"ready": len(ready_ids), "withdrawn": withdrawn}


def _hand_to_sender(message_ids: list[int]) -> None:
    from innen.outbox.tasks import send_message_task

    for message_id in message_ids:
        send_message_task.enqueue(message_id)
