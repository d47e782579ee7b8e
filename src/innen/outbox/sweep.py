"""Deliveries a stopped worker left behind, found again by the sweep every few minutes.

A worker can stop half-way (killed, out of memory, the machine gone) and leave a delivery
"being sent" that nobody finishes, or one waiting whose task was lost. `sweep_deliveries`
settles each one left "being sent" past its lease (`sending.release_left`: tried again when
nothing went out, "perhaps sent" when it may have) and names the messages to queue again:
those, and the ones whose deliveries wait long past their time. Queueing a message twice
does no harm: the claim lets one worker send a delivery once. A notice (no message) left
"being sent" is "perhaps sent" (`notices.release_left`); one waiting long past its time is
queued again by itself.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from innen.outbox import notices
from innen.outbox.models import Delivery, DeliveryStatus
from innen.outbox.sending import LEASE, release_left

# A delivery still waiting this long after its time lost its task.
FORGOTTEN = timedelta(minutes=30)


@dataclass
class Swept:
    """What a sweep found: how the deliveries left half-way ended, and what to queue."""

    settled: Counter[str] = field(default_factory=Counter)
    message_ids: set[int] = field(default_factory=set)
    notice_ids: set[int] = field(default_factory=set)

    def as_json(self) -> dict[str, object]:
        queued = len(self.message_ids) + len(self.notice_ids)
        return {"settled": dict(self.settled), "queued_again": queued}


def sweep_deliveries(today: date) -> Swept:
    now = timezone.now()
    swept = Swept()
    left = Delivery.objects.filter(status=DeliveryStatus.SENDING).filter(
        Q(started_at__isnull=True) | Q(started_at__lt=now - LEASE)
    )
    for delivery in left.select_related("message__step"):
        if delivery.is_notice:
            status = notices.release_left(delivery, today).status
            if status == DeliveryStatus.UNCERTAIN:
                swept.settled[status] += 1
            continue
        released = release_left(delivery, today)
        if released is not None:
            swept.settled[released] += 1
            swept.message_ids.add(delivery.message_id)  # type: ignore[arg-type]
    # A waiting delivery has no time of its own: it is queued the moment it is made or
    # sent again, and claimed seconds later; one still waiting at a sweep lost its task.
    # A notice is queued when its writer commits: it waits a while before it counts as lost.
    late = Q(status=DeliveryStatus.RETRYING, next_attempt_at__lt=now - FORGOTTEN)
    forgotten = Delivery.objects.filter(Q(status=DeliveryStatus.PENDING) | late)
    swept.message_ids.update(
        forgotten.filter(message__isnull=False).values_list("message_id", flat=True)
    )
    notices_forgotten = forgotten.filter(message__isnull=True).exclude(
        status=DeliveryStatus.PENDING, created_at__gte=now - FORGOTTEN
    )
    swept.notice_ids.update(notices_forgotten.values_list("pk", flat=True))
    return swept
