"""The worklist: everything that waits for a credit controller today, on one page.

Today's calls (with the customer's open items and latest dossier events, and a form for the
outcome), steps awaiting approval, deliveries and arrangement notice e-mails that failed or
perhaps went, bank lines to review, disputes awaiting an answer, payment plans to decide
(proposed in the portal outside the rules) and claims that become time-barred within 60 days
(`innen.ledger.limitation.barred_soon`: a written demand now would interrupt them).
Every list is read for `request.organisation` with a fixed number of queries, however long
it is. Writes go through `innen.collection.calls` and
`innen.collection.services`; only owners and credit controllers make them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innen.arrangements import selectors as arrangement_selectors
from innen.arrangements.labels import plan_problem_labels
from innen.banking.models import BankEntry, MatchStatus
from innen.casefile.timeline import NEWEST_FIRST, TimelineEntry, timeline
from innen.collection import selectors
from innen.collection.calls import (
    MAX_ATTEMPTS,
    PROMISE_MAX_DAYS,
    Attempts,
    CallOutcome,
    CallRecorded,
    call_attempts,
    call_outcome,
)
from innen.collection.models import Hold, HoldReason, Message
from innen.collection.pending import withdraw_acted_calls
from innen.collection.selectors import MessageRow
from innen.dossier.models import Event
from innen.law.rates import RatesOutlook
from innen.ledger.limitation import SOON_DAYS, barred_soon
from innen.ledger.limitation_text import limitation_shown
from innen.ledger.models import Customer, Invoice
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.models import Organisation
from innen.organisations.requests import can_write, is_owner, organisation_of, signed_in_user
from innen.outbox import selectors as outbox_selectors
from innen.outbox.models import Delivery
from innen.rates.selectors import rates_outlook
from innen.web.kept_pages import kept_page
from innen.web.worklist_groups import LABELS, URGENCY, Item, by_customer, dispute_rows

RECENT_EVENTS = 3  # a call's history: the customer's newest dossier events
OPEN_ITEMS_SHOWN = 10  # a call's open items; the customer page has them all
PREVIEW = 5  # bank lines shown here; the review page has them all
LIST_LIMIT = 50  # failed deliveries, notice e-mails, disputes and plans shown here
DISPUTE_HOLDS_READ = 2000  # a portal dispute holds each of its invoices: read them all


class CallOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CallOutcome.choices, widget=forms.RadioSelect
    )
    promised_date = forms.DateField(
        label=_("Promised to pay on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was said; for a dispute, what the customer disputes."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["promised_date"].help_text = gettext(
            "Only for a promise: after today, at most %(days)s days ahead."
        ) % {"days": PROMISE_MAX_DAYS}


def _outcome_form(message: Message, data: Any = None) -> CallOutcomeForm:
    # Many forms on one page: each field's id names its call.
    return CallOutcomeForm(data, auto_id=f"call-{message.pk}-%s")


@dataclass
class CallRow:
    """One call to make: the message, the customer's open items and history, the form."""

    row: MessageRow
    attempts: Attempts
    open_items: list[tuple[Invoice, int]] = field(default_factory=list)
    open_items_count: int = 0
    history: list[TimelineEntry] = field(default_factory=list)
    form: CallOutcomeForm | None = None

    @property
    def message(self) -> Message:
        return self.row.message


def _open_items(
    organisation: Organisation, customer_ids: set[int], today: date
) -> dict[int, list[tuple[Invoice, int]]]:
    """Each customer's open invoices with their days overdue, oldest due first."""
    invoices = (
        Invoice.objects.filter(organisation=organisation, customer_id__in=customer_ids)
        .open()
        .order_by("customer_id", "due_date", "number")
    )
    found: dict[int, list[tuple[Invoice, int]]] = defaultdict(list)
    for invoice in invoices:
        found[invoice.customer_id].append((invoice, (today - invoice.due_date).days))
    return found


def _history(organisation: Organisation, customer_ids: set[int]) -> dict[int, list[TimelineEntry]]:
    """Each customer's newest RECENT_EVENTS dossier events, newest first (two queries)."""
    # In date order, as every timeline (innen.casefile.timeline).
    newest = Window(
        RowNumber(), partition_by=[F("customer_id")], order_by=[F("day").desc(), F("seq").desc()]
    )
    events = (
        Event.objects.filter(organisation=organisation, customer_id__in=customer_ids)
        .annotate(row=newest)
        .filter(row__lte=RECENT_EVENTS)
        .order_by("customer_id", *NEWEST_FIRST)
    )
    found: dict[int, list[TimelineEntry]] = defaultdict(list)
    for entry in timeline(events):
        if entry.event.customer_id is not None:
            found[entry.event.customer_id].append(entry)
    return found


def call_list_today(
    *, organisation: Organisation, today: date
) -> tuple[list[CallRow], list[CallRow]]:
    """The calls to make today, and those waiting to be tried again on a later day.

    The call list is a call's last check: one about invoices since paid or held is withdrawn
    (with the dossier's note) rather than shown."""
    withdraw_acted_calls(organisation.pk, today)
    rows, _count = selectors.call_task_list_open(organisation=organisation)
    attempts = call_attempts([row.message for row in rows])
    customer_ids = {row.message.customer_id for row in rows}
    open_items = _open_items(organisation, customer_ids, today) if rows else {}
    history = _history(organisation, customer_ids) if rows else {}
    calls = []
    for row in rows:
        items = open_items.get(row.message.customer_id, [])
        calls.append(
            CallRow(
                row,
                attempts.get(row.message.pk, Attempts()),
                items[:OPEN_ITEMS_SHOWN],
                len(items),
                history.get(row.message.customer_id, []),
            )
        )
    return (
        [call for call in calls if call.attempts.due(today)],
        [call for call in calls if not call.attempts.due(today)],
    )


def dispute_list_open(*, organisation: Organisation, today: date) -> QuerySet[Hold]:
    """Dispute holds in force: each waits for the controller's answer to the customer."""
    return selectors.hold_list_active(organisation=organisation, today=today).filter(
        reason=HoldReason.DISPUTE
    )


def bank_entry_list_review(*, organisation: Organisation) -> QuerySet[BankEntry]:
    return BankEntry.objects.filter(
        organisation=organisation, match_status=MatchStatus.REVIEW
    ).order_by("booking_date", "pk")


def _counted(items: QuerySet[Any], limit: int) -> tuple[list[Any], int]:
    """The first `limit` of `items` and how many there are (one query when all fit)."""
    shown = list(items[: limit + 1])
    if len(shown) <= limit:
        return shown, len(shown)
    return shown[:limit], items.count()


def _page(
    request: HttpRequest,
    today: date,
    *,
    failed: tuple[int, CallOutcomeForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    organisation = organisation_of(request)
    calls, later = call_list_today(organisation=organisation, today=today)
    for call in calls:
        if failed is not None and failed[0] == call.message.pk:
            call.form = failed[1]
        else:
            call.form = _outcome_form(call.message)
    context = {
        "today": today,
        "calls": sorted(calls, key=lambda call: -call.row.open_total),
        "later": later,
        "max_attempts": MAX_ATTEMPTS,
        **_to_decide(organisation, today),
        **_to_watch(organisation),
        **_barred_soon(organisation, today),
        "can_write": can_write(request),
        "rates": _rates_to_add(request, today),
    }
    context["blocks"] = by_customer(organisation, _items(context))
    kind = request.GET.get("kind", "")
    context["kind"] = kind if kind in URGENCY else ""
    context["filters"] = _filters(context)
    return render(request, "web/worklist.html", context, status=status)


def _filters(context: dict[str, Any]) -> list[tuple[str, str, int]]:
    """The filter's choices in the page's order: (kind, label, how many)."""
    counts = {
        "calls": len(context["calls"]),
        "approvals": context["approvals_count"],
        "disputes": context["disputes_count"],
        "promises": context["promises_count"],
        "plans": context["plans_count"],
        "time-barred": context["barring_count"],
        "deliveries": context["failed_count"],
        "bank": context["bank_count"],
    }
    return [(kind, str(LABELS[kind]), count) for kind, count in counts.items()]


def _to_decide(organisation: Organisation, today: date) -> dict[str, Any]:
    """Approvals (most owed first), disputes, payment plans and promises due or broken."""
    approvals, approvals_count = selectors.message_list_awaiting_approval(organisation=organisation)
    holds = list(dispute_list_open(organisation=organisation, today=today)[:DISPUTE_HOLDS_READ])
    # Payment plans and disputes from the portal (innen.arrangements).
    plans, plans_count = _counted(
        arrangement_selectors.plan_list_to_decide(organisation=organisation), LIST_LIMIT
    )
    portal_disputes = arrangement_selectors.dispute_by_hold(
        organisation=organisation, hold_ids=[hold.pk for hold in holds]
    )
    disputes = dispute_rows(holds, portal_disputes, today)
    promises, promises_count = _counted(
        selectors.promise_list_due_or_broken(organisation=organisation, today=today), LIST_LIMIT
    )
    return {
        "approvals": sorted(approvals, key=lambda row: -row.open_total),
        "approvals_count": approvals_count,
        "disputes": disputes[:LIST_LIMIT],
        "disputes_count": len(disputes),
        "plans": [(plan, plan_problem_labels(plan.problems)) for plan in plans],
        "plans_count": plans_count,
        "promises": [
            (hold, hold.ends_on is not None and hold.ends_on < today) for hold in promises
        ],
        "promises_count": promises_count,
    }


def _to_watch(organisation: Organisation) -> dict[str, Any]:
    """Deliveries and notice e-mails that failed or perhaps went, bank lines to review."""
    deliveries: list[Delivery]
    deliveries, deliveries_count = _counted(
        outbox_selectors.delivery_list_needing_attention(organisation=organisation), LIST_LIMIT
    )
    # Arrangement notices whose e-mail failed or perhaps went: acted on in the Letters page.
    notice_emails, notice_emails_count = _counted(
        outbox_selectors.notice_list_needing_attention(organisation=organisation), LIST_LIMIT
    )
    bank_entries, bank_count = _counted(bank_entry_list_review(organisation=organisation), PREVIEW)
    return {
        "deliveries": deliveries,
        "deliveries_count": deliveries_count,
        "notice_emails": notice_emails,
        "notice_emails_count": notice_emails_count,
        "failed_count": deliveries_count + notice_emails_count,
        "bank_entries": bank_entries,
        "bank_count": bank_count,
    }


def _items(context: dict[str, Any]) -> Iterator[tuple[Customer, Item]]:
    """Every item of the page that is about one customer, for the per-customer blocks."""
    for call in context["calls"]:
        message = call.message
        yield message.customer, Item("calls", message.step.name, f"call-{message.pk}")
    for row in context["approvals"]:
        message = row.message
        text = message.get_kind_display()
        yield message.customer, Item("approvals", text, f"approval-{message.pk}")
    for row in context["disputes"]:
        yield row.hold.customer, Item("disputes", row.text, row.anchor)
    for plan, _problems in context["plans"]:
        text = gettext("%(months)s instalments") % {"months": plan.months}
        yield plan.customer, Item("plans", text, f"plan-{plan.pk}")
    for hold, broken in context["promises"]:
        text = gettext("broken") if broken else gettext("due today")
        yield hold.customer, Item("promises", text, f"promise-{hold.pk}", urgent=broken)
    for invoice, _limitation in context["barring"]:
        yield (
            invoice.customer,
            Item("time-barred", invoice.number, f"barred-{invoice.pk}", urgent=True),
        )


def _barred_soon(organisation: Organisation, today: date) -> dict[str, Any]:
    """The claims time-barred within `SOON_DAYS`, the first `LIST_LIMIT` shown."""
    barring = barred_soon(organisation, today)
    return {
        "barring": [
            (invoice, limitation_shown(limit, consumer=invoice.customer.is_consumer, today=today))
            for invoice, limit in barring[:LIST_LIMIT]
        ],
        "barring_count": len(barring),
        "barring_days": SOON_DAYS,
    }


def _rates_to_add(request: HttpRequest, today: date) -> RatesOutlook | None:
    """For owners, from 30 days before the known interest rates run out: that they do."""
    if not is_owner(request):
        return None
    seen = rates_outlook(today)
    return seen if seen.needs_attention else None


@organisation_required
@kept_page
def worklist(request: HttpRequest) -> HttpResponse:
    """What waits for a person today: calls, approvals, deliveries, bank lines, disputes, plans."""
    return _page(request, timezone.localdate())


def _message_or_404(request: HttpRequest, pk: int) -> Message:
    return get_object_or_404(Message, organisation=organisation_of(request), pk=pk)


def _back(anchor: str) -> HttpResponse:
    return redirect(reverse("worklist") + anchor)


@require_POST
@organisation_required
@write_required
def call_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a call's outcome; wrong input shows the page again with the field named."""
    today = timezone.localdate()
    message = _message_or_404(request, pk)
    form = _outcome_form(message, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recorded = call_outcome(
                message,
                data["outcome"],
                today=today,
                user=signed_in_user(request),
                note=data["note"],
                promised_date=data["promised_date"],
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _recorded_text(recorded))
            return _back("#calls")
    return _page(request, today, failed=(message.pk, form), status=400)


def _recorded_text(recorded: CallRecorded) -> str:
    customer = recorded.message.customer.name
    if not recorded.done:
        return gettext("Not reached: %(customer)s is on the list again on %(day)s.") % {
            "customer": customer,
            "day": recorded.attempts.retry_on,
        }
    return gettext("Call to %(customer)s recorded: %(outcome)s.") % {
        "customer": customer,
        "outcome": recorded.outcome.label,
    }
