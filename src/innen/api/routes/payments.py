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
from innen.api.schemas import PaymentIn, PaymentOut
from innen.api.sources import SOURCE
from innen.ledger import services
from innen.ledger.models import Customer, Invoice, Payment
from innen.organisations.models import Organisation

router = Router(tags=["payments"])


class PaymentFilters(Schema):
    customer_id: Id | None = None
    created_since: Moment | None = None


def _payments(request: HttpRequest) -> Any:
    return Payment.objects.filter(organisation=organisation_of(request)).prefetch_related(
        "allocations", "paid_charges"
    )


@router.get("/", response={200: list[PaymentOut], **LIST_ERRORS})
@paginate(CursorPagination)
def payment_list(request: HttpRequest, filters: Query[PaymentFilters]) -> Any:
    payments = _payments(request)
    if filters.customer_id is not None:
        payments = payments.filter(customer_id=filters.customer_id)
    if filters.created_since is not None:
        payments = payments.filter(created_at__gte=filters.created_since)
    return payments


@router.get("/{payment_id}", response={200: PaymentOut, **READ_ERRORS})
def payment_get(request: HttpRequest, payment_id: Id) -> Any:
    return get_object_or_404(_payments(request), pk=payment_id)


@router.post("/", auth=WRITE, response={201: PaymentOut, **WRITE_ERRORS})
def payment_create(request: HttpRequest, data: PaymentIn) -> Any:
    """Register a payment; it pays the named invoices first, then the oldest due (art. 6:43 BW).

    The same service registers payments from the CSV import and the bank statements.
    """
    organisation = organisation_of(request)
    customer, designated = _payer(organisation, data)
    if (
        data.external_reference
        and Payment.objects.filter(
            organisation=organisation, external_reference=data.external_reference
        ).exists()
    ):
        raise Conflict(
            {"external_reference": [_("There is a payment with this reference already.")]}
        )
    fields = data.model_dump(exclude={"customer_id", "invoice_ids", "date", "amount"})
    payment = services.payment_register(
        organisation=organisation,
        customer=customer,
        date=data.date,
        amount=data.amount,
        designated=designated,
        source=SOURCE,
        **fields,
    )
    return Status(
        201, Payment.objects.prefetch_related("allocations", "paid_charges").get(pk=payment.pk)
    )


def _payer(organisation: Organisation, data: PaymentIn) -> tuple[Customer | None, list[Invoice]]:
    """The customer who paid and the invoices they named, as the CSV import finds them."""
    errors: dict[str, list[str]] = {}
    customer = None
    if data.customer_id is not None:
        customer = Customer.objects.filter(organisation=organisation, pk=data.customer_id).first()
        if customer is None:
            errors["customer_id"] = [_("There is no customer with this id.")]
    found = Invoice.objects.filter(organisation=organisation).in_bulk(data.invoice_ids)
    designated = []
    for position, pk in enumerate(data.invoice_ids):
        invoice = found.get(pk)
        if invoice is None:
            errors[f"invoice_ids.{position}"] = [_("There is no invoice with this id.")]
            continue
        if customer is None and data.customer_id is None:
            customer = invoice.customer  # the payer of a named invoice, as in the CSV import
        if customer is not None and invoice.customer_id != customer.pk:
            errors[f"invoice_ids.{position}"] = [_("This invoice is of another customer.")]
        designated.append(invoice)
    if errors:
        raise FieldErrors(errors)
    return customer, designated
