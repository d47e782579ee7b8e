from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from innen.api.auth import WRITE, organisation_of, user_of
from innen.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, FieldErrors
from innen.api.fields import Day, Id
from innen.api.pagination import CursorPagination
from innen.api.schemas import HoldIn, HoldLiftIn, HoldLiftOut, HoldOut
from innen.collection import services
from innen.collection.models import Hold
from innen.ledger.models import Customer, Invoice
from innen.organisations.models import Organisation

router = Router(tags=["holds"])


class HoldFilters(Schema):
    customer_id: Id | None = None
    invoice_id: Id | None = None
    active_on: Day | None = None


def _holds(request: HttpRequest) -> Any:
    return Hold.objects.filter(organisation=organisation_of(request))


@router.get("/", response={200: list[HoldOut], **LIST_ERRORS})
@paginate(CursorPagination)
def hold_list(request: HttpRequest, filters: Query[HoldFilters]) -> Any:
    """Holds, optionally only those in force on `active_on` or starting later."""
    holds = _holds(request)
    if filters.customer_id is not None:
        holds = holds.filter(customer_id=filters.customer_id)
    if filters.invoice_id is not None:
        holds = holds.filter(invoice_id=filters.invoice_id)
    if filters.active_on is not None:
        holds = holds.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=filters.active_on))
    return holds


@router.get("/{hold_id}", response={200: HoldOut, **READ_ERRORS})
def hold_get(request: HttpRequest, hold_id: Id) -> Any:
    return get_object_or_404(_holds(request), pk=hold_id)


@router.post("/", auth=WRITE, response={201: HoldOut, **WRITE_ERRORS})
def hold_place(request: HttpRequest, data: HoldIn) -> Any:
    """Pause collection for one invoice (`invoice_id`) or all of a customer's (`customer_id`)."""
    today = timezone.localdate()
    customer, invoice = _scope(organisation_of(request), data)
    hold = services.hold_place(
        customer=customer,
        invoice=invoice,
        reason=data.reason,
        starts_on=data.starts_on or today,
        ends_on=data.ends_on,
        note=data.note,
        user=user_of(request),
        today=today,
    )
    return Status(201, hold)


@router.post("/{hold_id}/lift", auth=WRITE, response={200: HoldLiftOut, **WRITE_ERRORS})
def hold_lift(request: HttpRequest, hold_id: Id, data: HoldLiftIn) -> Any:
    """End the hold: collection resumes today. A hold that had not begun is removed."""
    hold = get_object_or_404(_holds(request), pk=hold_id)
    kept = services.hold_lift(
        hold, on=timezone.localdate(), user=user_of(request), reason=data.reason
    )
    return {"hold": kept}


def _scope(organisation: Organisation, data: HoldIn) -> tuple[Customer, Invoice | None]:
    if data.invoice_id is not None:
        invoice = (
            Invoice.objects.filter(organisation=organisation, pk=data.invoice_id)
            .select_related("customer")
            .first()
        )
        if invoice is None:
            raise FieldErrors({"invoice_id": [_("There is no invoice with this id.")]})
        if data.customer_id is not None and data.customer_id != invoice.customer_id:
            raise FieldErrors({"invoice_id": [_("This invoice is of another customer.")]})
        return invoice.customer, invoice
    if data.customer_id is None:
        message = _("Name the invoice to pause, or the customer to pause all of.")
        raise FieldErrors({"customer_id": [message], "invoice_id": [message]})
    customer = Customer.objects.filter(organisation=organisation, pk=data.customer_id).first()
    if customer is None:
        raise FieldErrors({"customer_id": [_("There is no customer with this id.")]})
    return customer, None
