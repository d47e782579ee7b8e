"""Reads of the dossier for pages and exports: a customer's or an invoice's events, described.

A customer's dossier is every event naming the customer or one of its invoices. An invoice's
dossier is every event naming that invoice, plus the customer-level events (customer set,
invoice empty: a note on the customer, a hold on all its invoices), because those concern
the invoice as well.

A timeline is in date order: by the day the event is about, then by its place in the chain
(`seq`), so an invoice imported today with last month's date stands among last month's
events. The chain itself stays in `seq` order (the export's chain facts, the API's feed).

How an event reads: its payload's `text` (a sentence the writer chose), then its other plain
fields as "label: value" (amounts and dates formatted); `documents` become links. Writers of
events keep the payload flat: strings, numbers, money as strings, dates as ISO strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innen.casefile.actions import action_label
from innen.collection.calls import CallOutcome
from innen.collection.models import Channel, HoldReason, MessageStatus, StepKind
from innen.dossier.models import Event, EventKind, WithdrawnAt
from innen.dossier.said import said
from innen.file_messages import translated
from innen.ledger.models import Customer, CustomerKind, Invoice
from innen.money import round_cents
from innen.outbox.models import Document
from innen.translatable import from_record

SHA256 = re.compile(r"^[0-9a-f]{64}$")
PAGE_LIMIT = 200  # events on a page; the export holds them all
# A timeline's order: by the event's day, then its place in the chain.
OLDEST_FIRST = ("day", "seq")
NEWEST_FIRST = ("-day", "-seq")
BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}

# Payload fields with a label, in the order they are shown; others follow by name.
LABELS: dict[str, Any] = {
    "number": _("number"),
    "invoice": _("invoice"),
    "invoice_number": _("invoice"),
    "invoices": _("invoices"),
    "credits_invoice": _("credits invoice"),
    "step": _("step"),
    "step_kind": _("kind"),
    "channel": _("channel"),
    "channels": _("channels"),
    "to": _("to"),
    "recipients": _("to"),
    "subject": _("subject"),
    "amount": _("amount"),
    "total": _("total"),
    "allocated": _("allocated"),
    "charges_paid": _("paid to interest and costs"),
    "unallocated": _("not allocated"),
    "open_amount": _("open"),
    "issue_date": _("invoice date"),
    "due_date": _("due date"),
    "date": _("date"),
    "pay_before": _("pay before"),
    "payer_name": _("payer"),
    "payer_iban": _("IBAN"),
    "description": _("description"),
    "reason": _("reason"),
    "why": _("why"),
    "starts_on": _("from"),
    "ends_on": _("until"),
    "resumes_on": _("resumes on"),
    "outcome": _("outcome"),
    "promised_on": _("promised to pay on"),
    "retry_on": _("next try"),
    "attempt": _("try"),
    "reopened": _("re-opened"),
    "status": _("status"),
    "error": _("error"),
    "note": _("note"),
    "source": _("source"),
    "interest_provisional_after": _("interest provisional after"),
    "invoice_steps": _("steps"),
    "payment_reference": _("payment reference"),
    "posted": _("posted"),
    # A message withdrawn before it went out: which invoices, why, and where it was stopped.
    "settled": _("settled since"),
    "paused": _("paused since"),
    "changed": _("another amount owed since"),
    "barred": _("time-barred since (a consumer's claim)"),
    "withdrawn_at": _("withdrawn at"),
    "endpoint": _("endpoint"),
    # A customer created, a known IBAN added, a customer's own policy chosen.
    "name": _("name"),
    "customer_kind": _("kind"),
    "ibans": _("known IBANs"),
    "iban": _("IBAN"),
    "policy": _("dunning policy"),
    "previous": _("previous policy"),
    # A credit limit set or exceeded (innen.predictions.credit).
    "exposure": _("open items"),
    "order": _("order"),
    "limit": _("credit limit"),
    "limit_set": _("limit set by a person"),
    # Interest or costs waived by a person (`innen.outbox.waivers`).
    "interest_waived": _("interest waived"),
    "costs_waived": _("collection costs waived"),
    # A bank line matched to invoices, or set aside (`innen.banking.applying`).
    "booked_on": _("booked on"),
    "counterparty": _("counterparty"),
    "score": _("score"),
    "entry": _("bank line"),
}
MONEY_FIELDS = {"amount", "total", "open_amount", "unallocated", "paid", "principal", "interest"}
MONEY_FIELDS |= {"exposure", "order", "limit"}
DATE_FIELDS = {
    "date",
    "due_date",
    "issue_date",
    "pay_before",
    "starts_on",
    "ends_on",
    "resumes_on",
    "sent_on",
    "promised_on",
    "retry_on",
    "interest_provisional_after",
    "booked_on",
}


class EventSource(TextChoices):
    """Where a ledger event's record came from (the services' `source`)."""

    ENTERED = "entered", _("entered by hand")
    IMPORT = "import", _("imported from a file")
    BANK = "bank", _("from a bank statement")
    PORTAL = "portal", _("by the customer in the portal")


CHOICES: dict[str, type[TextChoices]] = {
    "step_kind": StepKind,
    "invoice_steps": StepKind,
    "reason": HoldReason,
    "channel": Channel,
    "channels": Channel,
    "status": MessageStatus,
    "kind": EventKind,
    "outcome": CallOutcome,
    "withdrawn_at": WithdrawnAt,
    "customer_kind": CustomerKind,
    "source": EventSource,
}
# Shown elsewhere (text, document links) or only of use to the machine (row ids, Message-ID).
HIDDEN_FIELDS = {
    "text",
    "text_said",
    "documents",
    "id",
    "message",
    "hold",
    "message_id",
    "reason_said",
    "currency",
    "rates",
    "behaviour",  # a behaviour segment's event says it in its text, translated
    "control",  # an experiment group's event says it in its text
}


@dataclass(frozen=True)
class DocumentRef:
    """A stored document an event refers to (see `innen.outbox.models.Document`)."""

    sha256: str
    name: str
    content_type: str


@dataclass(frozen=True)
class TimelineEntry:
    """One event as a page or the export shows it."""

    event: Event
    text: str
    documents: tuple[DocumentRef, ...]
    invoice_number: str

    @property
    def kind_label(self) -> str:
        return str(self.event.get_kind_display())

    @property
    def recorded_at(self) -> datetime:
        """When innen recorded the event, in local time."""
        return timezone.localtime(self.event.occurred_at)

    @property
    def recorded_another_day(self) -> bool:
        """Whether it was recorded on another day than its own (an old invoice imported today):
        then its time of day is not when it happened, and pages say when it was recorded."""
        return self.recorded_at.date() != self.event.day


def event_list_for_customer(
    *, customer: Customer, invoice: Invoice | None = None, newest_first: bool = True
) -> QuerySet[Event]:
    """The customer's events; with `invoice`, that invoice's and the customer-level ones."""
    events = Event.objects.filter(organisation_id=customer.organisation_id)
    if invoice is not None:
        events = events.filter(
            Q(invoice_id=invoice.pk) | Q(customer_id=customer.pk, invoice_id__isnull=True)
        )
    else:
        invoices = Invoice.objects.filter(
            organisation_id=customer.organisation_id, customer_id=customer.pk
        ).values("pk")
        events = events.filter(Q(customer_id=customer.pk) | Q(invoice_id__in=invoices))
    return events.order_by(*(NEWEST_FIRST if newest_first else OLDEST_FIRST))


def customer_timeline(
    *,
    customer: Customer,
    invoice: Invoice | None = None,
    newest_first: bool = True,
    limit: int | None = None,
) -> list[TimelineEntry]:
    events = event_list_for_customer(customer=customer, invoice=invoice, newest_first=newest_first)
    return timeline(events[:limit] if limit is not None else events)


def invoice_timeline(
    *, invoice: Invoice, newest_first: bool = True, limit: int | None = None
) -> list[TimelineEntry]:
    return customer_timeline(
        customer=invoice.customer, invoice=invoice, newest_first=newest_first, limit=limit
    )


@dataclass(frozen=True)
class TimelinePage:
    """The newest events for a page; `more` when older ones did not fit (the export has all)."""

    entries: list[TimelineEntry]
    limit: int
    more: bool


def customer_timeline_page(
    *, customer: Customer, invoice: Invoice | None = None, limit: int = PAGE_LIMIT
) -> TimelinePage:
    """The newest `limit` events of the customer (or of its `invoice`), newest first."""
    events = list(event_list_for_customer(customer=customer, invoice=invoice)[: limit + 1])
    return TimelinePage(timeline(events[:limit]), limit, len(events) > limit)


def invoice_timeline_page(*, invoice: Invoice, limit: int = PAGE_LIMIT) -> TimelinePage:
    return customer_timeline_page(customer=invoice.customer, invoice=invoice, limit=limit)


def timeline(events: Iterable[Event]) -> list[TimelineEntry]:
    """`events` described, with the numbers of the invoices they name (one query)."""
    rows = list(events)
    invoice_ids = {e.invoice_id for e in rows if e.invoice_id is not None}
    organisation_ids = {e.organisation_id for e in rows}
    numbers = dict(
        Invoice.objects.filter(pk__in=invoice_ids, organisation_id__in=organisation_ids)
        .values_list("pk", "number")
        .order_by()
    )
    return [
        TimelineEntry(
            event=event,
            text=describe(event.payload),
            documents=documents_of(event.payload),
            invoice_number=_invoice_number(event, numbers),
        )
        for event in rows
    ]


def _invoice_number(event: Event, numbers: Mapping[int, str]) -> str:
    if event.invoice_id is None:
        return ""
    number = numbers.get(event.invoice_id)
    if number is None:  # the invoice row is gone; the event may have kept its number
        number = str(event.payload.get("invoice_number", f"#{event.invoice_id}"))
    return number


def documents_of(payload: Mapping[str, Any]) -> tuple[DocumentRef, ...]:
    """The well-formed document references in an event's payload."""
    found = []
    documents = payload.get("documents") if isinstance(payload, Mapping) else None
    for item in documents if isinstance(documents, list) else []:
        if isinstance(item, Mapping) and SHA256.match(str(item.get("sha256", ""))):
            found.append(
                DocumentRef(
                    sha256=str(item["sha256"]),
                    name=str(item.get("name") or item["sha256"][:12]),
                    content_type=str(item.get("content_type") or "application/octet-stream"),
                )
            )
    return tuple(found)


def describe(payload: Mapping[str, Any]) -> str:
    """An event's payload as one line: its `text`, then its other fields, labelled."""
    if not isinstance(payload, Mapping):
        return ""
    parts = []
    text = payload.get("text")
    changed = payload.get("changed")
    if payload.get("text_said"):  # stored with its msgid: said from it
        parts.append(translated(from_record(payload["text_said"])).strip())
    elif isinstance(changed, Mapping) and isinstance(text, str) and text.startswith("Changed: "):
        parts.append(_changes(changed))  # the field names and values, not the English text
    elif isinstance(text, str) and text.strip():  # English as stored: said if `said` knows it
        parts.append(said(text.strip()))
    elif action_label(payload.get("action")):  # no sentence: what happened, by its label
        parts.append(action_label(payload.get("action")))
    for key in _shown_keys(payload):
        if key == "action":  # the machine's name of what the text or the label says
            continue
        value = _value(key, payload[key])
        if key == "reason" and payload.get("reason_said"):  # stored with its msgid
            value = translated(from_record(payload["reason_said"])) or value
        if value:
            label = LABELS.get(key, key.replace("_", " "))
            parts.append(f"{label}: {value}")
    return " · ".join(parts)


def _changes(changed: Mapping[str, Any]) -> str:
    """A customer's or an invoice's changed fields (`innen.ledger.events.change_event`), each
    by its label and its old and new value as the pages show them."""
    shown = []
    for name, values in changed.items():
        field = _field(name)
        label = field.verbose_name if field is not None else name.replace("_", " ")
        old, new = [*values, "", ""][:2] if isinstance(values, list) else ("", "")
        shown.append(f"{label}: {_changed_value(field, old)} → {_changed_value(field, new)}")
    return str(_("Changed: %(changes)s") % {"changes": "; ".join(shown)})


def _field(name: str) -> Any:
    for model in (Invoice, Customer):
        try:
            return model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
    return None


def _changed_value(field: Any, value: Any) -> str:
    text = str(value) if value is not None else ""
    if not text:
        return str(_("(empty)"))
    choices = dict(field.choices) if field is not None and field.choices else {}
    if text in choices:
        return str(choices[text])
    if field is not None and field.get_internal_type() == "DateField":
        return _day(text)
    if text in ("True", "False"):
        return str(_("yes") if text == "True" else _("no"))
    return text


def _shown_keys(payload: Mapping[str, Any]) -> list[str]:
    keys = [k for k in payload if k not in HIDDEN_FIELDS and not k.endswith("_id")]
    order = {key: position for position, key in enumerate(LABELS)}
    return sorted(keys, key=lambda k: (order.get(k, len(order)), k))


def _value(key: str, value: Any) -> str:
    """One payload value as people read it ("" when there is nothing to show)."""
    if isinstance(value, list):
        shown = [_item(key, item) for item in value]
        return ", ".join(item for item in shown if item)
    if isinstance(value, Mapping):
        if key in CHOICES:  # e.g. each invoice's step: "2026-00118: Reminder"
            return ", ".join(f"{name}: {_value(key, item)}" for name, item in value.items())
        return _item(key, value)
    if not _plain(value) or value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if key in MONEY_FIELDS:
        return _money(value)
    if key in DATE_FIELDS and isinstance(value, str):
        return _day(value)
    choices = CHOICES.get(key)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    if choices is not None and isinstance(value, str) and ", " in value:
        # Several values in one ("email, letter"): each by its label.
        return ", ".join(_value(key, part) for part in value.split(", "))
    return said(str(value))


def _item(key: str, item: Any) -> str:
    """A list's item; a mapping (e.g. an allocation) as its values in label order."""
    if isinstance(item, Mapping):
        return " ".join(_value(k, item[k]) for k in _shown_keys(item) if _plain(item[k]))
    if _plain(item):
        return _value(key, item)
    return ""


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _locale() -> str:
    return BABEL_LOCALES.get((get_language() or "nl")[:2], "nl_NL")


def _money(value: Any) -> str:
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not amount.is_finite():
        return str(value)
    return format_currency(round_cents(amount), "EUR", locale=_locale())


def _day(value: str) -> str:
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value
    pattern = "medium" if _locale() == "en_GB" else "dd-MM-yyyy"
    return format_date(day, format=pattern, locale=_locale())


def document_for_customer(*, customer: Customer, sha256: str) -> Document | None:
    """The stored document `sha256`, if an event of `customer` refers to it; else None."""
    if not SHA256.match(sha256):
        return None
    events = event_list_for_customer(customer=customer).filter(payload__has_key="documents")
    for payload in events.values_list("payload", flat=True).iterator(chunk_size=500):
        if any(ref.sha256 == sha256 for ref in documents_of(payload)):
            return Document.objects.filter(
                organisation_id=customer.organisation_id, sha256=sha256
            ).first()
    return None
