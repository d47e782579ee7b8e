"""What people do to collection: pause it, resume it, approve or reject a step, finish a call."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from innen.collection import refusals
from innen.collection.handover import hand_over
from innen.collection.models import (
    Action,
    ActionStatus,
    Hold,
    HoldReason,
    Message,
    MessageStatus,
)
from innen.collection.pending import PENDING, withdraw
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, actor_name, append
from innen.ledger.models import Customer, Invoice


def _hold_facts(hold: Hold) -> dict[str, object]:
    return {
        "hold": hold.pk,
        "reason": hold.reason,
        "starts_on": hold.starts_on.isoformat(),
        "ends_on": hold.ends_on.isoformat() if hold.ends_on else None,
        "note": hold.note,
        "invoice": hold.invoice.number if hold.invoice_id and hold.invoice else None,
    }


def message_facts(message: Message) -> dict[str, object]:
    return {
        "message": message.pk,
        "step": message.step.name,
        "step_kind": message.kind,
        # Each invoice once: a message taking several of an invoice's steps has an action each.
        "invoices": sorted(set(message.actions.values_list("invoice__number", flat=True))),
    }


@transaction.atomic
def hold_place(
    *,
    customer: Customer,
    reason: str,
    starts_on: date,
    ends_on: date | None = None,
    invoice: Invoice | None = None,
    note: str = "",
    user: AbstractBaseUser | None = None,
    today: date | None = None,
) -> Hold:
    """Pause collection for `invoice`, or for all of `customer`'s invoices, from `starts_on`.

    What was queued for the paused invoices and has not gone out is postponed at once; the
    steps are decided again when the hold ends.
    """
    if invoice is not None and invoice.customer_id != customer.pk:
        raise ValidationError({"invoice": refusals.INVOICE_OF_ANOTHER_CUSTOMER})
    if reason not in HoldReason.values:
        raise ValidationError({"reason": refusals.UNKNOWN_HOLD_REASON % {"reason": repr(reason)}})
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": refusals.HOLD_ENDS_BEFORE_IT_STARTS})
    hold = Hold.objects.create(
        organisation_id=customer.organisation_id,
        customer=customer,
        invoice=invoice,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        created_by_id=user.pk if user is not None and user.is_authenticated else None,
    )
    today = today or timezone.localdate()
    if starts_on <= today:
        _postpone_pending(customer, invoice, today)
    append(
        customer.organisation_id,
        [
            NewEvent(
                EventKind.HOLD_PLACED,
                today,
                customer_id=customer.pk,
                invoice_id=invoice.pk if invoice else None,
                payload=_hold_facts(hold),
                actor=actor_name(user),
            )
        ],
    )
    return hold


def _postpone_pending(customer: Customer, invoice: Invoice | None, today: date) -> None:
    actions = Action.objects.filter(
        invoice__customer=customer, status=ActionStatus.ACTIVE, message__status__in=PENDING
    )
    if invoice is not None:
        actions = actions.filter(invoice=invoice)
    rows = list(actions.values_list("id", "invoice_id", "message_id"))
    withdraw(rows, open_ids={r[1] for r in rows}, paused_ids={r[1] for r in rows}, today=today)


@transaction.atomic
def hold_lift(
    hold: Hold, *, on: date, user: AbstractBaseUser | None = None, reason: str = ""
) -> Hold | None:
    """End `hold` so collection resumes on `on`; a hold lifted the day it began is removed."""
    event = NewEvent(
        EventKind.HOLD_LIFTED,
        on,
        customer_id=hold.customer_id,
        invoice_id=hold.invoice_id,
        payload={**_hold_facts(hold), "resumes_on": on.isoformat(), "why": reason},
        actor=actor_name(user),
    )
    append(hold.organisation_id, [event])
    if hold.starts_on >= on:
        hold.delete()
        return None
    last_day = on - timedelta(days=1)
    if hold.ends_on is None or hold.ends_on > last_day:
        hold.ends_on = last_day
        hold.save(update_fields=["ends_on"])
    return hold


@transaction.atomic
def message_approve(message: Message, *, user: AbstractBaseUser | None) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.AWAITING_APPROVAL:
        raise ValidationError(refusals.ONLY_AWAITING_APPROVAL_IS_APPROVED)
    message.status = MessageStatus.QUEUED
    message.approved_by = user  # type: ignore[assignment]
    message.approved_at = timezone.now()
    message.save(update_fields=["status", "approved_by", "approved_at"])
    _message_event(message, EventKind.MESSAGE_APPROVED, user, {})
    if message.channels != ["call"]:
        hand_over([message.pk])
    return message


@transaction.atomic
def message_reject(message: Message, *, user: AbstractBaseUser | None, reason: str = "") -> Message:
    """Reject a step awaiting approval: it does not go out, and is not decided again."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != MessageStatus.AWAITING_APPROVAL:
        raise ValidationError(refusals.ONLY_AWAITING_APPROVAL_IS_REJECTED)
    message.status = MessageStatus.CANCELLED
    message.status_reason = reason or f"rejected by {user}"
    message.save(update_fields=["status", "status_reason"])
    _message_event(message, EventKind.MESSAGE_REJECTED, user, {"why": message.status_reason})
    message.actions.filter(status=ActionStatus.ACTIVE).update(
        status=ActionStatus.CANCELLED, reason=message.status_reason
    )
    return message


@transaction.atomic
def messages_decide(
    messages: list[Message], *, approve: bool, user: AbstractBaseUser | None, reason: str = ""
) -> list[Message]:
    """Approve (or reject, with `reason`) every one of `messages`, or none of them: one that
    no longer awaits approval refuses the lot, naming it."""
    decided = []
    for message in messages:
        try:
            if approve:
                decided.append(message_approve(message, user=user))
            else:
                decided.append(message_reject(message, user=user, reason=reason))
        except ValidationError as exc:
            raise ValidationError(
                refusals.ONE_OF_MANY_NOT_AWAITING_APPROVAL,
                params={"customer": message.customer.name},
            ) from exc
    return decided


def _message_event(
    message: Message, kind: str, user: AbstractBaseUser | None, extra: dict[str, object]
) -> None:
    append(
        message.organisation_id,
        [
            NewEvent(
                kind,
                timezone.localdate(),
                customer_id=message.customer_id,
                payload={**message_facts(message), **extra},
                actor=actor_name(user),
            )
        ],
    )


@transaction.atomic
def call_done(message: Message, *, note: str = "", user: AbstractBaseUser | None = None) -> Message:
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.is_call_task or message.status not in (
        MessageStatus.QUEUED,
        MessageStatus.READY,
    ):
        raise ValidationError(refusals.ONLY_AN_OPEN_CALL_IS_FINISHED)
    message.status = MessageStatus.DONE
    message.status_reason = note
    message.save(update_fields=["status", "status_reason"])
    _message_event(message, EventKind.CALL, user, {"outcome": "done", "note": note})
    return message
