from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from innen.api.auth import WRITE, organisation_of, token_of
from innen.api.errors import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Conflict,
    FieldErrors,
)
from innen.api.fields import Day, Id, Moment
from innen.api.pagination import CursorPagination
from innen.api.schemas import InvoiceClaimOut, InvoiceIn, InvoiceOut, InvoicePatch
from innen.api.sources import SOURCE, actor
from innen.ledger import services
from innen.ledger.limitation import invoice_limitation
from innen.ledger.models import Customer, Invoice
from innen.outbox.invoice_claim import invoice_claim

router = Router(tags=["invoices"])


class InvoiceFilters(Schema):
    customer_id: Id | None = None
    open: bool | None = None
    created_since: Moment | None = None


def _invoices(request: HttpRequest) -> Any:
    return Invoice.objects.filter(organisation=organisation_of(request)).with_balance()


@router.get("/", response={200: list[InvoiceOut], **LIST_ERRORS})
@paginate(CursorPagination)
def invoice_list(request: HttpRequest, filters: Query[InvoiceFilters]) -> Any:
    invoices = _invoices(request)
    if filters.customer_id is not None:
        invoices = invoices.filter(customer_id=filters.customer_id)
    if filters.open is not None:
        wanted = {"open_amount__gt" if filters.open else "open_amount__lte": 0}
        invoices = invoices.filter(**wanted)
    if filters.created_since is not None:
        invoices = invoices.filter(created_at__gte=filters.created_since)
    return invoices


class ClaimDay(Schema):
    on: Day | None = None


@router.get("/{invoice_id}", response={200: InvoiceClaimOut, **READ_ERRORS})
def invoice_get(request: HttpRequest, invoice_id: Id, when: Query[ClaimDay]) -> Any:
    """The invoice, with the claim on it as of `on` (default today) and its limitation."""
    invoice = get_object_or_404(_invoices(request), pk=invoice_id)
    day = when.on or timezone.localdate()
    claim = invoice_claim(invoice, day)
    if claim.error:  # e.g. a day outside the rate tables
        raise FieldErrors({"on": [claim.error]})
    invoice.claim_on = day
    invoice.interest = claim.interest
    invoice.collection_costs = claim.collection_costs
    invoice.claim_total = claim.claim_total
    invoice.interest_waived = claim.waived.interest
    invoice.costs_waived = claim.waived.costs
    invoice.limitation = invoice_limitation(invoice).last_day
    return invoice


@router.post("/", auth=WRITE, response={201: InvoiceOut, **WRITE_ERRORS})
def invoice_create(request: HttpRequest, data: InvoiceIn) -> Any:
    organisation = organisation_of(request)
    customer = Customer.objects.filter(organisation=organisation, pk=data.customer_id).first()
    if customer is None:
        raise FieldErrors({"customer_id": [_("There is no customer with this id.")]})
    if Invoice.objects.filter(organisation=organisation, number=data.number).exists():
        raise Conflict({"number": [_("There is an invoice with this number already.")]})
    fields = data.model_dump(exclude={"customer_id"})
    invoice = services.invoice_create(
        organisation=organisation, customer=customer, source=SOURCE, **fields
    )
    return Status(201, _invoices(request).get(pk=invoice.pk))


@router.patch("/{invoice_id}", auth=WRITE, response={200: InvoiceOut, **WRITE_ERRORS})
def invoice_change(request: HttpRequest, invoice_id: Id, data: InvoicePatch) -> Any:
    invoice = get_object_or_404(Invoice, organisation=organisation_of(request), pk=invoice_id)
    changes = data.model_dump(exclude_unset=True)
    services.invoice_update(
        invoice=invoice, actor=actor(token_of(request)), source=SOURCE, **changes
    )
    return _invoices(request).get(pk=invoice.pk)
