"""Reads of collection for pages: what ran, what waits for a person, what is paused.

Each is scoped to one organisation; a page never sees another organisation's rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, Prefetch, Q, QuerySet

from innen.collection.models import (
    Action,
    ActionStatus,
    Hold,
    HoldReason,
    Message,
    MessageStatus,
    Run,
)
from innen.ledger.models import Invoice
from innen.money import ZERO
from innen.organisations.models import Organisation

# A list for people to work through; more than this on one page is a sign to filter.
LIST_LIMIT = 200
# A broken promise stays on the worklist this many days after its last day.
BROKEN_SHOWN_DAYS = 7


@dataclass(frozen=True)
class InvoiceLine:
    invoice: Invoice
    open_amount: Decimal


@dataclass(frozen=True)
class MessageRow:
    """A message with the invoices it is for and what is open on each now."""

    message: Message
    invoices: list[InvoiceLine]

    @property
    def open_total(self) -> Decimal:
        return sum((line.open_amount for line in self.invoices), start=ZERO)


def run_list_recent(*, organisation: Organisation, limit: int = 10) -> QuerySet[Run]:
    return Run.objects.filter(organisation=organisation).order_by("-started_at")[:limit]


def hold_list_active(*, organisation: Organisation, today: date) -> QuerySet[Hold]:
    """Holds in force on `today` or starting later, for every customer of `organisation`."""
    return (
        Hold.objects.filter(organisation=organisation)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("customer", "invoice")
        .order_by("starts_on", "pk")
    )


def hold_list_for_invoice(*, invoice: Invoice, today: date) -> QuerySet[Hold]:
    """The holds that pause `invoice` now or later: on the invoice or on its whole customer."""
    return hold_list_active(organisation=invoice.organisation, today=today).filter(
        Q(invoice=invoice) | Q(invoice__isnull=True, customer_id=invoice.customer_id)
    )


def promise_list_due_or_broken(*, organisation: Organisation, today: date) -> QuerySet[Hold]:
    """Promise-to-pay holds whose last day is today (due), or was in the last
    `BROKEN_SHOWN_DAYS` days on an invoice not paid by then (broken), latest day first.

    Portal promises and promises noted after a call both pause with such holds
    (`innen.collection.promises`)."""
    unpaid_by_then = Q(invoice__settled_on__isnull=True) | Q(invoice__settled_on__gt=F("ends_on"))
    broken = (
        Q(ends_on__lt=today, ends_on__gte=today - timedelta(days=BROKEN_SHOWN_DAYS))
        & unpaid_by_then
    )
    return (
        Hold.objects.filter(
            organisation=organisation, reason=HoldReason.PROMISE, invoice__isnull=False
        )
        .filter(Q(ends_on=today, invoice__outstanding__gt=0) | broken)
        .select_related("customer", "invoice")
        .order_by("-ends_on", "customer__name", "pk")
    )


def message_list_awaiting_approval(*, organisation: Organisation) -> tuple[list[MessageRow], int]:
    """Steps waiting for a controller's approval, oldest first; the rows and their total count."""
    messages = Message.objects.filter(
        organisation=organisation, status=MessageStatus.AWAITING_APPROVAL
    ).order_by("decided_on", "pk")
    return _rows(messages), messages.count()


def call_task_list_open(*, organisation: Organisation) -> tuple[list[MessageRow], int]:
    """Calls to make, oldest first; the rows and their total count."""
    messages = Message.objects.filter(
        organisation=organisation,
        is_call_task=True,
        status__in=(MessageStatus.QUEUED, MessageStatus.READY),
    ).order_by("decided_on", "pk")
    return _rows(messages), messages.count()


def worklist_counts(*, organisation: Organisation) -> dict[str, int]:
    """How many steps await approval and how many calls are open (the worklist has them)."""
    messages = Message.objects.filter(organisation=organisation)
    return {
        "approvals": messages.filter(status=MessageStatus.AWAITING_APPROVAL).count(),
        "calls": messages.filter(
            is_call_task=True, status__in=(MessageStatus.QUEUED, MessageStatus.READY)
        ).count(),
    }


def _rows(messages: QuerySet[Message]) -> list[MessageRow]:
    active = (
        Action.objects.filter(status=ActionStatus.ACTIVE)
        .select_related("invoice")
        .order_by("invoice__due_date", "invoice__number")
    )
    page = list(
        messages.select_related("customer", "step").prefetch_related(
            Prefetch("actions", queryset=active, to_attr="active_actions")
        )[:LIST_LIMIT]
    )
    invoice_ids = {a.invoice_id for m in page for a in m.active_actions}
    open_amounts = dict(
        Invoice.objects.filter(pk__in=invoice_ids).with_balance().values_list("pk", "open_amount")
    )
    return [
        MessageRow(
            message,
            [
                InvoiceLine(invoice, open_amounts.get(invoice.pk, ZERO))
                for invoice in _each_once(a.invoice for a in message.active_actions)
            ],
        )
        for message in page
    ]


def _each_once(invoices: Iterable[Invoice]) -> list[Invoice]:
    """The invoices in their order, each once: a message that takes several of an invoice's
    steps at once (a hand-over after missed reminders) has an action for each."""
    return list({invoice.pk: invoice for invoice in invoices}.values())
