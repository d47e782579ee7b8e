"""Deliveries a stopped worker left behind, found again by the sweep every few minutes.

A worker can stop half-way (killed, out of memory, the machine gone) and leave a delivery
"being sent" that nobody finishes, or one waiting whose task was lost. `sweep_deliveries`
settles each one left "being sent" past its lease (`sending.release_left`: tried again when
nothing went out, "perhaps sent" when it may have) and names the messages to queue again:
those, and the ones whose deliveries wait long past their time. Queueing a message twice
does no harm: the claim lets one worker send a delivery once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from innen.outbox.models import Delivery, DeliveryStatus
from innen.outbox.sending import LEASE, release_left

# A delivery still waiting this long after its time lost its task.
FORGOTTEN = timedelta(minutes=30)


@dataclass
class Swept:
    """What a sweep found: how the deliveries left half-way ended, and what to queue."""

    settled: Counter[str] = field(default_factory=Counter)
    message_ids: set[int] = field(default_factory=set)

    def as_json(self) -> dict[str, object]:
        return {"settled": dict(self.settled), "queued_again": len(self.message_ids)}


def sweep_deliveries(today: date) -> Swept:
    now = timezone.now()
    swept = Swept()
    left = Delivery.objects.filter(status=DeliveryStatus.SENDING).filter(
        Q(started_at__isnull=True) | Q(started_at__lt=now - LEASE)
    )
    for delivery in left.select_related("message__step"):
        status = release_left(delivery, today)
        if status is not None:
            swept.settled[status] += 1
            swept.message_ids.add(delivery.message_id)
    # A waiting delivery has no time of its own: it is queued the moment it is made or
    # sent again, and claimed seconds later; one still waiting at a sweep lost its task.
    forgotten = Delivery.objects.filter(
        Q(status=DeliveryStatus.PENDING)
        | Q(status=DeliveryStatus.RETRYING, next_attempt_at__lt=now - FORGOTTEN)
    )
    swept.message_ids.update(forgotten.values_list("message_id", flat=True))
    return swept
