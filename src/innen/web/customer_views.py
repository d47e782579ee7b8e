"""Customer pages: the list, one customer with its dossier, notes, the export and documents.

Parse the request, ask `innen.dossier` (timeline, services, export), render. Every lookup is
scoped to `request.organisation`: another organisation's id is a 404. Viewers see and export;
only owners and credit controllers add notes (`write_required`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from innen.casefile.export import dossier_export_bytes
from innen.casefile.integrity import chain_warnings
from innen.casefile.timeline import customer_timeline_page, document_for_customer
from innen.collection import selectors as collection_selectors
from innen.collection.behaviour import CustomerSegment, segment_of
from innen.collection.facts import batch_facts, collection_starts_on
from innen.collection.models import (
    CustomerCollection,
    ExperimentGroup,
    HoldReason,
)
from innen.collection.policies import PolicyResolver
from innen.dossier import services
from innen.dunning.planner import Decision, StepPlan, StepState, Waiting, plan_invoice
from innen.dunning.policy import CustomerKind
from innen.file_messages import translated
from innen.ledger.limitation import limitations
from innen.ledger.limitation_text import LimitationShown, limitation_shown
from innen.ledger.models import Customer, Invoice
from innen.ledger.querysets import MONEY, NOTHING
from innen.ledger.services import customer_credit
from innen.money import ZERO
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.models import Organisation
from innen.organisations.requests import can_write, organisation_of, signed_in_user
from innen.predictions.services import outlooks
from innen.storedfiles import file_response, stored_bytes
from innen.web.collection_views import CustomerHoldForm
from innen.web.credit_views import CreditLimitForm, credit_shown
from innen.web.invoice_claim_views import claims_of, claims_total
from innen.web.prediction_parts import shown

PAGE_SIZE = 50
# How far ahead the customer page looks for each invoice's next step (as the invoice page).
OUTLOOK_DAYS = 120
NEXT_STATES = (StepState.DUE, StepState.PLANNED, StepState.ON_HOLD, StepState.TIME_BARRED)
WAITING_TEXT = {
    Waiting.NOT_YET_DUE: _("the next step is not due yet"),
    Waiting.HOLD: _("collection is on hold"),
    Waiting.BELOW_MINIMUM: _("the open amount is below the step's minimum"),
    Waiting.EXCLUDED: _("excluded from collection"),
    Waiting.NO_POLICY: _("no dunning policy applies"),
    Waiting.PAID: _("nothing is open"),
    Waiting.FINISHED: _("every step of the policy has been taken"),
    Waiting.TIME_BARRED: _("the consumer's claim is time-barred: collection has stopped"),
}
STATE_TEXT = {
    StepState.DUE: _("due now"),
    StepState.PLANNED: _("planned"),
    StepState.ON_HOLD: _("waits for the hold to end"),
    StepState.TIME_BARRED: _("not sent: time-barred"),
}


def _customer_or_404(request: HttpRequest, pk: int) -> Customer:
    return get_object_or_404(Customer, organisation=organisation_of(request), pk=pk)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        max_length=services.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    invoice = forms.ModelChoiceField(
        label=_("About invoice"),
        queryset=Invoice.objects.none(),
        required=False,
        empty_label=_("The customer as a whole"),
    )

    def __init__(self, *args: Any, customer: Customer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        invoice_field: Any = self.fields["invoice"]
        invoice_field.queryset = Invoice.objects.filter(
            organisation_id=customer.organisation_id, customer=customer
        ).order_by("-issue_date", "-number")


def _open_sum(today: date | None = None) -> Coalesce:
    """The open total of a customer's invoices (due before `today`, when given), in SQL."""
    invoices = Invoice.objects.filter(customer=OuterRef("pk")).with_balance()
    if today is not None:
        invoices = invoices.filter(due_date__lt=today)
    summed = invoices.order_by().values("customer").annotate(s=Sum("open_amount")).values("s")
    return Coalesce(Subquery(summed, output_field=MONEY), NOTHING, output_field=MONEY)


def customer_list_with_balance(
    *, organisation: Organisation, today: date, search: str = ""
) -> QuerySet[Customer]:
    """The organisation's customers, with `open_total` and `overdue_total`, by name."""
    customers = Customer.objects.filter(organisation=organisation)
    if search:
        customers = customers.filter(Q(name__icontains=search) | Q(number__icontains=search))
    return customers.annotate(open_total=_open_sum(), overdue_total=_open_sum(today)).order_by(
        "name", "number"
    )


@organisation_required
def customer_list(request: HttpRequest) -> HttpResponse:
    """Every customer, what it owes and what of that is overdue; search by name or number."""
    today = timezone.localdate()
    search = request.GET.get("q", "").strip()[:100]
    customers = customer_list_with_balance(
        organisation=organisation_of(request), today=today, search=search
    )
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "search": search, "today": today, "can_write": can_write(request)}
    return render(request, "web/customers.html", context)


@dataclass(frozen=True)
class NextStep:
    """What collection does next for one open invoice, as the planner decides it."""

    invoice: Invoice
    step: StepPlan | None
    decision: Decision
    limitation: LimitationShown | None = None

    @property
    def state_text(self) -> str:
        return str(STATE_TEXT[self.step.state]) if self.step else ""

    @property
    def waiting_text(self) -> str:
        return str(WAITING_TEXT[self.decision.waiting])

    @property
    def hold_reason(self) -> str:
        hold = self.decision.hold
        if hold is None or hold.reason not in HoldReason.values:
            return ""
        return str(HoldReason(hold.reason).label)


@dataclass(frozen=True)
class Outlook:
    """The customer's dunning policy, why it is theirs, and each open invoice's next step."""

    policy: str
    source: str
    excluded: bool
    steps: list[NextStep]


def _predictions(customer: Customer, invoices: list[Invoice], today: date) -> list[Any]:
    """Each open invoice with its payment prediction (`innen.predictions`)."""
    said = outlooks(customer.organisation, today, customer_id=customer.pk)
    return [(invoice, shown(said[invoice.pk])) for invoice in invoices if invoice.pk in said]


@dataclass(frozen=True)
class BehaviourShown:
    label: str
    reason: str
    computed_on: date


def _behaviour(customer: Customer) -> BehaviourShown | None:
    """The customer's behaviour segment as the daily job last computed it, with its reason."""
    found = segment_of(customer)
    if found is None:
        return None
    return BehaviourShown(translated(found.label), translated(found.reason), found.computed_on)


def collection_outlook(
    *, organisation: Organisation, customer: Customer, invoices: list[Invoice], today: date
) -> Outlook:
    """The policy `customer` follows and the next step of each of `invoices` after `today`.

    The run's own facts and planner decide it, exactly as the invoice page explains it.
    """
    resolver = PolicyResolver(organisation)
    own = resolver.settings_for([customer.pk]).get(customer.pk)
    behaviour = segment_of(customer)
    control = ExperimentGroup.objects.filter(customer=customer, control=True).exists()
    policy_id = resolver.policy_id(customer, own, behaviour.code if behaviour else "", control)
    horizon = today + timedelta(days=OUTLOOK_DAYS)
    facts = batch_facts(
        organisation, [customer.pk], resolver, collection_starts_on(organisation), barred_by=horizon
    )
    planned = {p.facts.invoice_id: p for p in facts.invoices}
    limits = limitations((i.pk, i.due_date, customer.kind, i.supply) for i in invoices)
    steps = []
    for invoice in invoices:
        found = planned.get(invoice.pk)
        if found is None:
            continue
        decision = plan_invoice(
            found.facts,
            found.policy,
            today,
            horizon=horizon,
            customer_kind=CustomerKind(found.customer_kind),
        )
        following = next((p for p in decision.ladder if p.state in NEXT_STATES), None)
        shown = limitation_shown(limits[invoice.pk], consumer=customer.is_consumer, today=today)
        steps.append(NextStep(invoice, following, decision, shown))
    return Outlook(
        policy=resolver.policies[policy_id].name if policy_id else "",
        source=_policy_source(resolver, customer, own, policy_id, behaviour),
        excluded=bool(own and own.excluded),
        steps=steps,
    )


def _policy_source(
    resolver: PolicyResolver,
    customer: Customer,
    own: CustomerCollection | None,
    policy_id: int | None,
    behaviour: CustomerSegment | None = None,
) -> str:
    if policy_id is None:
        return ""
    if own is not None and own.policy_id == policy_id:
        return gettext("chosen for this customer")
    if resolver.segments.get((customer.segment, customer.kind)) == policy_id:
        return gettext("for segment %(segment)s") % {"segment": customer.segment}
    if (
        behaviour is not None
        and resolver.behaviours.get((behaviour.code, customer.kind)) == policy_id
    ):
        return gettext("for behaviour %(behaviour)s") % {"behaviour": translated(behaviour.label)}
    return gettext("the default for %(kind)s customers") % {
        "kind": customer.get_kind_display().lower()
    }


def _customer_page(
    request: HttpRequest, customer: Customer, form: NoteForm, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    invoices = list(
        Invoice.objects.filter(organisation=organisation_of(request), customer=customer)
        .open()
        .order_by("due_date", "number")
    )
    holds = collection_selectors.hold_list_active(
        organisation=organisation_of(request), today=today
    ).filter(customer=customer)
    context = {
        "customer": customer,
        "invoices": [(invoice, (today - invoice.due_date).days) for invoice in invoices],
        "open_total": sum((i.open_amount for i in invoices), start=ZERO),
        "claims": (claims := claims_of(invoices, today)),
        "claims_total": claims_total(claims),
        "credit": customer_credit(customer),
        "holds": holds,
        "hold_form": CustomerHoldForm(today=today, invoices=invoices),
        "outlook": collection_outlook(
            organisation=organisation_of(request), customer=customer, invoices=invoices, today=today
        ),
        "predictions": _predictions(customer, invoices, today),
        "credit_limit": credit_shown(customer, today),
        "credit_form": CreditLimitForm(),
        "behaviour": _behaviour(customer),
        "timeline": customer_timeline_page(customer=customer),
        # What `innen dossier verify` warns of, without walking the chain: a few lookups.
        "dossier_warnings": chain_warnings(customer.organisation_id),
        "form": form,
        "can_write": can_write(request),
        "today": today,
    }
    return render(request, "web/customer.html", context, status=status)


@organisation_required
def customer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One customer: details, open invoices, holds and the dossier's timeline."""
    customer = _customer_or_404(request, pk)
    return _customer_page(request, customer, NoteForm(customer=customer))


@require_POST
@organisation_required
@write_required
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a note to the customer's dossier (about the customer or one of its invoices)."""
    customer = _customer_or_404(request, pk)
    form = NoteForm(request.POST, customer=customer)
    if form.is_valid():
        try:
            services.note_add(
                customer=customer,
                text=form.cleaned_data["text"],
                invoice=form.cleaned_data["invoice"],
                user=signed_in_user(request),
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, gettext("The note is in the dossier."))
            return redirect(reverse("customer-detail", args=[customer.pk]) + "#timeline")
    return _customer_page(request, customer, form, status=400)


@organisation_required
def customer_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's dossier as a ZIP (?invoice=<id>: only that invoice's)."""
    customer = _customer_or_404(request, pk)
    invoice = None
    chosen = request.GET.get("invoice", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404("no such invoice")
        invoice = get_object_or_404(
            Invoice, organisation=organisation_of(request), customer=customer, pk=int(chosen)
        )
    data, result = dossier_export_bytes(
        customer=customer, today=timezone.localdate(), invoice=invoice
    )
    return file_response(data, filename=result.filename, content_type="application/zip")


@organisation_required
def customer_document(request: HttpRequest, pk: int, sha256: str) -> HttpResponse:
    """A document exactly as sent, if an event of this customer refers to it."""
    customer = _customer_or_404(request, pk)
    document = document_for_customer(customer=customer, sha256=sha256)
    if document is None:
        raise Http404("no such document for this customer")
    data = stored_bytes(document.file)
    return file_response(data, filename=document.name, content_type=document.content_type)
