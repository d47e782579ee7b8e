from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from innen.api.auth import WRITE, organisation_of, token_of
from innen.api.errors import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    Conflict,
)
from innen.api.fields import Id, Moment, Text
from innen.api.pagination import CursorPagination
from innen.api.schemas import CustomerIn, CustomerOut, CustomerPatch
from innen.api.sources import SOURCE, actor
from innen.collection.behaviour import in_segment, with_segments
from innen.ledger import services
from innen.ledger.models import Customer
from innen.risk.segments import Behaviour

router = Router(tags=["customers"])


class CustomerFilters(Schema):
    number: Text | None = None
    created_since: Moment | None = None
    behaviour: Behaviour | None = Field(None, description="Only those in this behaviour segment.")


def _customers(request: HttpRequest) -> Any:
    customers = Customer.objects.filter(organisation=organisation_of(request))
    return with_segments(customers).prefetch_related("ibans")


@router.get("/", response={200: list[CustomerOut], **LIST_ERRORS})
@paginate(CursorPagination)
def customer_list(request: HttpRequest, filters: Query[CustomerFilters]) -> Any:
    customers = _customers(request)
    if filters.number is not None:
        customers = customers.filter(number=filters.number)
    if filters.created_since is not None:
        customers = customers.filter(created_at__gte=filters.created_since)
    if filters.behaviour is not None:
        customers = in_segment(customers, filters.behaviour)
    return customers


@router.get("/{customer_id}", response={200: CustomerOut, **READ_ERRORS})
def customer_get(request: HttpRequest, customer_id: Id) -> Any:
    return get_object_or_404(_customers(request), pk=customer_id)


@router.post("/", auth=WRITE, response={201: CustomerOut, **WRITE_ERRORS})
def customer_create(request: HttpRequest, data: CustomerIn) -> Any:
    organisation = organisation_of(request)
    fields = data.model_dump(exclude_none=True)
    ibans = fields.pop("ibans")
    if Customer.objects.filter(organisation=organisation, number=data.number).exists():
        raise Conflict({"number": [_("There is a customer with this number already.")]})
    customer = services.customer_create(organisation=organisation, ibans=ibans, **fields)
    return Status(201, _customers(request).get(pk=customer.pk))


@router.patch("/{customer_id}", auth=WRITE, response={200: CustomerOut, **WRITE_ERRORS})
def customer_change(request: HttpRequest, customer_id: Id, data: CustomerPatch) -> Any:
    customer = get_object_or_404(_customers(request), pk=customer_id)
    changes = data.model_dump(exclude_unset=True)
    services.customer_update(
        customer=customer, actor=actor(token_of(request)), source=SOURCE, **changes
    )
    return _customers(request).get(pk=customer.pk)
