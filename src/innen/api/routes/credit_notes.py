from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from innen.api.auth import WRITE, organisation_of
from innen.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, Conflict, FieldErrors
from innen.api.fields import Id, Moment
from innen.api.pagination import CursorPagination
from innen.api.schemas import CreditNoteIn, CreditNoteOut
from innen.api.sources import SOURCE
from innen.ledger import services
from innen.ledger.models import CreditNote, Customer, Invoice

router = Router(tags=["credit notes"])


class CreditNoteFilters(Schema):
    customer_id: Id | None = None
    invoice_id: Id | None = None
    created_since: Moment | None = None


def _notes(request: HttpRequest) -> Any:
    return CreditNote.objects.filter(organisation=organisation_of(request))


@router.get("/", response={200: list[CreditNoteOut], **LIST_ERRORS})
@paginate(CursorPagination)
def credit_note_list(request: HttpRequest, filters: Query[CreditNoteFilters]) -> Any:
    notes = _notes(request)
    if filters.customer_id is not None:
        notes = notes.filter(customer_id=filters.customer_id)
    if filters.invoice_id is not None:
        notes = notes.filter(invoice_id=filters.invoice_id)
    if filters.created_since is not None:
        notes = notes.filter(created_at__gte=filters.created_since)
    return notes


@router.get("/{credit_note_id}", response={200: CreditNoteOut, **READ_ERRORS})
def credit_note_get(request: HttpRequest, credit_note_id: Id) -> Any:
    return get_object_or_404(_notes(request), pk=credit_note_id)


@router.post("/", auth=WRITE, response={201: CreditNoteOut, **WRITE_ERRORS})
def credit_note_create(request: HttpRequest, data: CreditNoteIn) -> Any:
    organisation = organisation_of(request)
    errors: dict[str, list[str]] = {}
    customer = Customer.objects.filter(organisation=organisation, pk=data.customer_id).first()
    if customer is None:
        errors["customer_id"] = [_("There is no customer with this id.")]
    invoice = None
    if data.invoice_id is not None:
        invoice = Invoice.objects.filter(organisation=organisation, pk=data.invoice_id).first()
        if invoice is None:
            errors["invoice_id"] = [_("There is no invoice with this id.")]
        elif customer is not None and invoice.customer_id != customer.pk:
            errors["invoice_id"] = [_("This invoice is of another customer.")]
    if errors or customer is None:
        raise FieldErrors(errors)
    if CreditNote.objects.filter(organisation=organisation, number=data.number).exists():
        raise Conflict({"number": [_("There is a credit note with this number already.")]})
    fields = data.model_dump(exclude={"customer_id", "invoice_id"})
    note = services.credit_note_create(
        organisation=organisation, customer=customer, invoice=invoice, source=SOURCE, **fields
    )
    return Status(201, note)
