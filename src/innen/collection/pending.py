"""What is decided but not yet delivered, and withdrawing it when the facts changed.

A full payment or credit note cancels what is queued for an invoice; a hold or an exclusion
postpones it (the step is decided again when collection resumes). A message left without
invoices is cancelled as a whole.

Nothing goes out after the debtor acted: `withdraw_acted` is the last check every exit makes
(delivery, sending, the print batch, the call list) just before a message leaves. It withdraws
what, since it was decided, was paid, credited or written off, or is covered by a hold (a
promise, a plan, a dispute, a manual pause) or an exclusion, or became a consumer's claim
time-barred (art. 3:307, 7:28 BW: collection stops on it, as the run stops); and, for a
message whose document
is already made (a letter waiting for the print batch), what no longer demands what is owed:
such a letter stays home whole, and the run decides its still-open invoices again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from innen.collection.models import Action, ActionStatus, Hold, Message, MessageStatus
from innen.dossier.models import WithdrawnAt
from innen.inlists import pieces
from innen.ledger.limitation import could_be_barred_due_before, limitations
from innen.ledger.models import CustomerKind, Invoice

BARRED_REASON = "time-barred before it went out: a consumer's claim is no longer collected"
PENDING = (MessageStatus.AWAITING_APPROVAL, MessageStatus.QUEUED, MessageStatus.READY)
# Where the last check found it: the dossier note says so.
AT_DELIVERY = WithdrawnAt.DELIVERY
AT_SENDING = WithdrawnAt.SENDING
AT_PRINT_BATCH = WithdrawnAt.PRINT_BATCH
AT_CALL_LIST = WithdrawnAt.CALL_LIST


def withdraw(
    actions: Iterable[tuple[int, int, int]],
    *,
    open_ids: Collection[int],
    paused_ids: Collection[int],
    today: date,
    changed_ids: Collection[int] = (),
    barred_ids: Collection[int] = (),
    whole: bool = False,
    at: str = "",
) -> int:
    """Withdraw the pending actions (id, invoice id, message id) that may no longer go out.

    `changed_ids`: invoices whose open amount is no longer what the message demands;
    `barred_ids`: a consumer's invoices time-barred since (cancelled, not collected). With
    `whole` (a made document: it cannot lose a line), a message that loses one invoice loses
    them all; the others are postponed, so the run decides them again. Returns how many
    actions were withdrawn.
    """
    rows = list(actions)
    settled, paused, changed, barred, messages = [], [], [], [], set()
    for action_id, invoice_id, message_id in rows:
        if invoice_id not in open_ids:
            settled.append(action_id)
        elif invoice_id in barred_ids:
            barred.append(action_id)
        elif invoice_id in paused_ids:
            paused.append(action_id)
        elif invoice_id in changed_ids:
            changed.append(action_id)
        else:
            continue
        messages.add(message_id)
    withdrawn = set(settled) | set(paused) | set(changed) | set(barred)
    redecided = (
        [pk for pk, _, message_id in rows if message_id in messages and pk not in withdrawn]
        if whole
        else []
    )
    _mark(settled, paused, barred)
    if changed or redecided:
        Action.objects.filter(pk__in=changed + redecided).update(
            status=ActionStatus.POSTPONED,
            reason="the letter no longer demands what is owed: decided again",
        )
    if messages:
        _record_withdrawals(settled, paused, changed + redecided, today, at, barred)
        empty = (
            Message.objects.filter(pk__in=messages)
            .annotate(active=Count("actions", filter=Q(actions__status=ActionStatus.ACTIVE)))
            .filter(active=0)
        )
        Message.objects.filter(pk__in=list(empty.values_list("pk", flat=True))).update(
            status=MessageStatus.CANCELLED,
            status_reason="every invoice was settled or paused before it went out",
        )
    return len(settled) + len(paused) + len(changed) + len(barred) + len(redecided)


def _mark(settled: list[int], paused: list[int], barred: list[int]) -> None:
    """Settled and time-barred actions are cancelled, paused ones postponed, with the reason."""
    if settled:
        Action.objects.filter(pk__in=settled).update(
            status=ActionStatus.CANCELLED, reason="settled before it went out"
        )
    if barred:
        Action.objects.filter(pk__in=barred).update(
            status=ActionStatus.CANCELLED, reason=BARRED_REASON
        )
    if paused:
        Action.objects.filter(pk__in=paused).update(
            status=ActionStatus.POSTPONED, reason="on hold or excluded before it went out"
        )


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


def _record_withdrawals(
    settled: list[int],
    paused: list[int],
    changed: list[int],
    today: date,
    at: str,
    barred: list[int] | None = None,
) -> None:
    """One dossier event per message that loses invoices, naming them and why."""
    from innen.dossier.models import EventKind
    from innen.dossier.record import NewEvent, append_many

    why = (
        {pk: "settled" for pk in settled}
        | {pk: "paused" for pk in paused}
        | {pk: "changed" for pk in changed}
        | {pk: "barred" for pk in barred or ()}
    )
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
        named = entry["payload"].setdefault(why[pk], [])
        if number not in named:  # a message names an invoice once, whatever its steps
            named.append(number)
    by_organisation: dict[int, list[NewEvent]] = {}
    for entry in by_message.values():
        payload = entry["payload"]
        for numbers in ("settled", "paused", "changed", "barred"):
            if numbers in payload:
                payload[numbers].sort()
        if at:
            payload["withdrawn_at"] = at
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


# --- the last check before anything leaves ------------------------------------------------


def withdraw_acted(
    message_ids: Collection[int] | QuerySet[Message, Any], today: date, *, made: bool, at: str
) -> int:
    """The last check before the messages `message_ids` leave: withdraw what the debtor acted on.

    Settled invoices are cancelled; those a hold (a promise, a plan, a dispute, a manual
    pause) covers on `today`, or an exclusion, are postponed. With `made` the message's
    document exists (a letter waiting for the print batch) and demands the open amounts its
    actions record (`record_demanded`): an invoice that owes another amount now withdraws
    it, and a made document that loses an invoice stays home whole (the run decides the
    rest again). One query when nothing is to be withdrawn; returns how many actions were.
    """
    rows = list(
        Action.objects.filter(message_id__in=message_ids, status=ActionStatus.ACTIVE)
        .annotate(held=Exists(_holds_on(today)))
        .values_list(
            "id",
            "invoice_id",
            "message_id",
            "open_amount",
            "invoice__outstanding",
            "held",
            "invoice__exclusion__id",
            "invoice__customer__collection__excluded",
        )
    )
    open_ids, paused, changed = set(), set(), set()
    for _, invoice_id, _, demanded, owed, held, excluded, customer_excluded in rows:
        if owed > 0:
            open_ids.add(invoice_id)
        if held or excluded is not None or customer_excluded:
            paused.add(invoice_id)
        if made and owed > 0 and owed != demanded:
            changed.add(invoice_id)
    if not rows:
        return 0
    return withdraw(
        [row[:3] for row in rows],
        open_ids=open_ids,
        paused_ids=paused,
        changed_ids=changed,
        barred_ids=barred_consumer_invoices(open_ids, today),
        whole=made,
        today=today,
        at=at,
    )


def barred_consumer_invoices(invoice_ids: Collection[int], today: date) -> set[int]:
    """Which of the invoices are a consumer's claim time-barred on `today` (art. 3:307 and
    7:28 BW, with every demand and acknowledgement, `innen.ledger.limitation`): collection
    stops on them, as the run stops (`time_barred`). One query when none could be."""
    if not invoice_ids:
        return set()
    candidates = Invoice.objects.filter(
        pk__in=invoice_ids,
        customer__kind=CustomerKind.CONSUMER,
        due_date__lt=could_be_barred_due_before(today, consumer=True),
    ).values_list("pk", "due_date", "supply")
    found = limitations((pk, due, CustomerKind.CONSUMER, what) for pk, due, what in candidates)
    return {pk for pk, limitation in found.items() if limitation.barred_on(today)}


def _holds_on(today: date) -> QuerySet[Hold]:
    """The holds in force on `today` over the action's invoice, or over its whole customer."""
    return Hold.objects.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        Q(invoice_id=OuterRef("invoice_id"))
        | Q(invoice__isnull=True, customer_id=OuterRef("invoice__customer_id")),
    )


def held_invoices(invoice_ids: Collection[int], today: date) -> set[int]:
    """Which of the invoices a hold covers on `today`, or an exclusion keeps out of collection
    (what `withdraw_acted` postpones for)."""
    return set(
        Invoice.objects.filter(pk__in=invoice_ids)
        .filter(
            Exists(_invoice_holds_on(today))
            | Q(exclusion__isnull=False)
            | Q(customer__collection__excluded=True)
        )
        .values_list("pk", flat=True)
    )


def _invoice_holds_on(today: date) -> QuerySet[Hold]:
    return Hold.objects.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        Q(invoice_id=OuterRef("pk")) | Q(invoice__isnull=True, customer_id=OuterRef("customer_id")),
    )


def record_demanded(message_id: int) -> None:
    """The open amounts a document made now demands: what each invoice owes at this moment.

    The last check compares them with what is owed when the document leaves.
    """
    actions = Action.objects.filter(message_id=message_id, status=ActionStatus.ACTIVE)
    invoices = Invoice.objects.filter(pk__in=actions.values("invoice_id")).with_balance()
    for invoice_id, owed in invoices.values_list("pk", "open_amount"):
        actions.filter(invoice_id=invoice_id).update(open_amount=owed)


def withdraw_acted_calls(organisation_id: int, today: date) -> int:
    """The call list's last check: a call about invoices since paid or held does not show."""
    calls = Message.objects.filter(
        organisation_id=organisation_id,
        is_call_task=True,
        status__in=(MessageStatus.QUEUED, MessageStatus.READY),
    ).values("pk")
    return withdraw_acted(calls, today, made=False, at=AT_CALL_LIST)
