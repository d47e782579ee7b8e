"""What is decided but not yet delivered, and withdrawing it when the facts changed.

A full payment or credit note cancels what is queued for an invoice; a hold or an exclusion
postpones it (the step is decided again when collection resumes). A message left without
invoices is cancelled as a whole.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db.models import Count, Q

from innen.collection.models import Action, ActionStatus, Message, MessageStatus

PENDING = (MessageStatus.AWAITING_APPROVAL, MessageStatus.QUEUED, MessageStatus.READY)


def withdraw(
    actions: Iterable[tuple[int, int, int]],
    *,
    open_ids: Collection[int],
    paused_ids: Collection[int],
) -> int:
    """Withdraw the pending actions (id, invoice id, message id) that may no longer go out.

    Returns how many actions were withdrawn.
    """
    settled, paused, messages = [], [], set()
    for action_id, invoice_id, message_id in actions:
        if invoice_id not in open_ids:
            settled.append(action_id)
        elif invoice_id in paused_ids:
            paused.append(action_id)
        else:
            continue
        messages.add(message_id)
    if settled:
        Action.objects.filter(pk__in=settled).update(
            status=ActionStatus.CANCELLED, reason="settled before it went out"
        )
    if paused:
        Action.objects.filter(pk__in=paused).update(
            status=ActionStatus.POSTPONED, reason="on hold or excluded before it went out"
        )
    if messages:
        empty = (
            Message.objects.filter(pk__in=messages)
            .annotate(active=Count("actions", filter=Q(actions__status=ActionStatus.ACTIVE)))
            .filter(active=0)
        )
        Message.objects.filter(pk__in=list(empty.values_list("pk", flat=True))).update(
            status=MessageStatus.CANCELLED,
            status_reason="every invoice was settled or paused before it went out",
        )
    return len(settled) + len(paused)


def pending_actions(customer_ids: Collection[int]) -> list[tuple[int, int, int]]:
    return list(
        Action.objects.filter(
            invoice__customer_id__in=customer_ids,
            status=ActionStatus.ACTIVE,
            message__status__in=PENDING,
        ).values_list("id", "invoice_id", "message_id")
    )
