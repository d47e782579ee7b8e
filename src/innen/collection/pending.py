"""What is decided but not yet delivered, and withdrawing it when the facts changed.

A full payment or credit note cancels what is queued for an invoice; a hold or an exclusion
postpones it (the step is decided again when collection resumes). A message left without
invoices is cancelled as a whole.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Q

from innen.collection.models import Action, ActionStatus, Message, MessageStatus
from innen.inlists import pieces
from innen.ledger.models import Invoice

PENDING = (MessageStatus.AWAITING_APPROVAL, MessageStatus.QUEUED, MessageStatus.READY)


def withdraw(
    actions: Iterable[tuple[int, int, int]],
    *,
    open_ids: Collection[int],
    paused_ids: Collection[int],
    today: date,
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
        _record_withdrawals(settled, paused, today)
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


def withdraw_settled(customer_ids: Collection[int], today: date) -> int:
    """Withdraw what is pending for these customers' invoices that are no longer open.

    The ledger services call it (`innen.ledger.settling`) after every payment, credit note
    and write-off; returns how many actions were withdrawn.
    """
    actions = [action for some in pieces(sorted(customer_ids)) for action in pending_actions(some)]
    waiting = sorted({invoice_id for _, invoice_id, _ in actions})
    still_open = {
        pk
        for some in pieces(waiting)
        for pk in Invoice.objects.filter(pk__in=some).open().values_list("pk", flat=True)
    }
    return withdraw(actions, open_ids=still_open, paused_ids=(), today=today)


def _record_withdrawals(settled: list[int], paused: list[int], today: date) -> None:
    """One dossier event per message that loses invoices, naming them and why."""
    from innen.dossier.models import EventKind
    from innen.dossier.record import NewEvent, append_many

    why = {pk: "settled" for pk in settled} | {pk: "paused" for pk in paused}
    rows = Action.objects.filter(pk__in=list(why)).values_list(
        "pk",
        "invoice__number",
        "message_id",
        "message__customer_id",
        "message__organisation_id",
        "message__kind",
    )
    by_message: dict[int, dict[str, Any]] = {}
    for pk, number, message_id, customer_id, organisation_id, kind in rows:
        entry = by_message.setdefault(
            message_id,
            {
                "organisation": organisation_id,
                "customer": customer_id,
                "payload": {"message": message_id, "step_kind": kind, "settled": [], "paused": []},
            },
        )
        entry["payload"][why[pk]].append(number)
    by_organisation: dict[int, list[NewEvent]] = {}
    for entry in by_message.values():
        payload = entry["payload"]
        payload["settled"].sort()
        payload["paused"].sort()
        by_organisation.setdefault(entry["organisation"], []).append(
            NewEvent(
                EventKind.MESSAGE_WITHDRAWN,
                today,
                customer_id=entry["customer"],
                payload=payload,
            )
        )
    for organisation_id, events in by_organisation.items():
        append_many(organisation_id, events)


def pending_actions(customer_ids: Collection[int]) -> list[tuple[int, int, int]]:
    return list(
        Action.objects.filter(
            invoice__customer_id__in=customer_ids,
            status=ActionStatus.ACTIVE,
            message__status__in=PENDING,
        ).values_list("id", "invoice_id", "message_id")
    )
