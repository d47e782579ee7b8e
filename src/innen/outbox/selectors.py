"""Reads of the outbox for pages: what needs a person, what waits for print, what went out.

Each is scoped to one organisation; a page never sees another organisation's rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from innen.collection.models import Action, ActionStatus, Message, MessageStatus, StepKind
from innen.ledger.models import Customer, Invoice
from innen.organisations.models import Language, Organisation
from innen.outbox.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    MessageTemplate,
    PrintBatch,
)

# A list for people to work through; more than this on one page is a sign to filter.
LIST_LIMIT = 200
NEEDS_ATTENTION = (DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN)


@dataclass(frozen=True)
class AttentionCounts:
    """What the collection page points to: deliveries for a person, letters for the printer."""

    needs_attention: int
    waiting_for_print: int


@dataclass(frozen=True)
class TemplateRow:
    """One step kind, and per language (in Language order) whether it has its own text."""

    kind: str
    label: str
    own: list[tuple[str, bool]]


def delivery_list_needing_attention(*, organisation: Organisation) -> QuerySet[Delivery]:
    """The run's failed and perhaps-sent deliveries, oldest first: a controller sends again
    or confirms."""
    return (
        Delivery.objects.filter(
            organisation=organisation, status__in=NEEDS_ATTENTION, message__isnull=False
        )
        .select_related("message__customer", "message__step")
        .order_by("message__decided_on", "pk")
    )


def notice_list_needing_attention(*, organisation: Organisation) -> QuerySet[Delivery]:
    """Failed and perhaps-sent notices (no message), oldest first: the same two actions."""
    return (
        Delivery.objects.filter(
            organisation=organisation, status__in=NEEDS_ATTENTION, message__isnull=True
        )
        .select_related("customer")
        .order_by("created_at", "pk")
    )


def delivery_list_waiting_for_print(*, organisation: Organisation) -> QuerySet[Delivery]:
    """Letters rendered and waiting for the next print batch."""
    return (
        Delivery.objects.filter(
            organisation=organisation,
            channel=DeliveryChannel.LETTER,
            status=DeliveryStatus.PRINTING,
            print_batch__isnull=True,
        )
        .select_related("message__customer", "message__step")
        .order_by("message__customer__postcode", "message__customer__name", "pk")
    )


def attention_counts(*, organisation: Organisation) -> AttentionCounts:
    return AttentionCounts(
        needs_attention=delivery_list_needing_attention(organisation=organisation).count(),
        waiting_for_print=delivery_list_waiting_for_print(organisation=organisation).count(),
    )


def print_batch_list_recent(*, organisation: Organisation, limit: int = 20) -> QuerySet[PrintBatch]:
    return PrintBatch.objects.filter(organisation=organisation).order_by("-day", "-pk")[:limit]


def message_list_sent(*, organisation: Organisation) -> QuerySet[Message]:
    """Messages that went out, newest first (for a paginated list)."""
    return (
        Message.objects.filter(organisation=organisation, status=MessageStatus.SENT)
        .select_related("customer", "step")
        .order_by("-decided_on", "-pk")
    )


def message_invoices(*, message: Message) -> list[Invoice]:
    """The invoices a message is about (those whose step it carries), by number."""
    actions = (
        Action.objects.filter(message=message)
        .exclude(status__in=[ActionStatus.CANCELLED, ActionStatus.POSTPONED])
        .select_related("invoice")
        .order_by("invoice__number")
    )
    return [action.invoice for action in actions]


def delivery_list_for_message(*, message: Message) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(message=message)
        .select_related("pdf", "email", "print_batch")
        .order_by("channel")
    )


def template_overview(*, organisation: Organisation) -> list[TemplateRow]:
    """Every step kind × language: the organisation's own text, or the default."""
    own = set(
        MessageTemplate.objects.filter(organisation=organisation).values_list("kind", "language")
    )
    return [
        TemplateRow(
            kind.value,
            str(kind.label),
            [(language.value, (kind.value, language.value) in own) for language in Language],
        )
        for kind in StepKind
    ]


def customer_list_with_open_invoices(*, organisation: Organisation) -> QuerySet[Customer]:
    """Customers a template can be previewed on: those with something open, by name."""
    open_customers = Invoice.objects.filter(organisation=organisation).open().values("customer_id")
    return Customer.objects.filter(organisation=organisation, pk__in=open_customers).order_by(
        "name", "pk"
    )[:LIST_LIMIT]
