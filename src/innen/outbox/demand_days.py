"""The days written demands about each invoice went out: what interrupts its limitation
(art. 3:317 lid 1 BW), handed to `innen.ledger.limitation` when the apps load.

Every step's letter or e-mail that went out counts: a reminder asks for payment as much as a
14-day letter does. A call is not written, and a step that was skipped, failed or withdrawn
did not reach the debtor. The day is the day it went out (its first sent delivery); a
message sent before deliveries kept their day counts from the day it was decided.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from innen.collection.models import Action, ActionStatus, MessageStatus
from innen.outbox.models import Delivery, DeliveryStatus


def demand_days(invoice_ids: Sequence[int]) -> dict[int, list[date]]:
    """Per invoice: the days its written demands went out (two queries)."""
    actions = list(
        Action.objects.filter(
            invoice_id__in=list(invoice_ids),
            status=ActionStatus.ACTIVE,
            message__status__in=[MessageStatus.SENT, MessageStatus.DONE],
            message__is_call_task=False,
        ).values_list("invoice_id", "message_id", "message__decided_on")
    )
    sent: dict[int, date] = {}
    rows = Delivery.objects.filter(
        message_id__in={message_id for _, message_id, _ in actions},
        status=DeliveryStatus.SENT,
        sent_on__isnull=False,
    ).values_list("message_id", "sent_on")
    for message_id, sent_on in rows:
        if sent_on is not None:  # the filter's; the type does not know it
            sent[message_id] = min(sent.get(message_id, sent_on), sent_on)
    days: dict[int, list[date]] = defaultdict(list)
    for invoice_id, message_id, decided_on in actions:
        days[invoice_id].append(sent.get(message_id, decided_on))
    return dict(days)
