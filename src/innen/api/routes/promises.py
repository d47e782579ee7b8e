from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from innen.api.auth import WRITE, organisation_of, user_of
from innen.api.desk_schemas import PromiseIn, PromiseOut
from innen.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, FieldErrors, refusal
from innen.api.fields import Id
from innen.api.pagination import CursorPagination
from innen.api.sources import SOURCE
from innen.arrangements import services
from innen.arrangements.models import Promise, PromiseStatus
from innen.ledger.models import Customer

router = Router(tags=["promises"])


class PromiseFilters(Schema):
    customer_id: Id | None = None
    status: PromiseStatus | None = None


def _promises(request: HttpRequest) -> Any:
    return Promise.objects.filter(organisation=organisation_of(request)).prefetch_related(
        "invoices"
    )


@router.get("/", response={200: list[PromiseOut], **LIST_ERRORS})
@paginate(CursorPagination)
def promise_list(request: HttpRequest, filters: Query[PromiseFilters]) -> Any:
    """Promises to pay; the daily run marks each kept or broken on its day."""
    promises = _promises(request)
    if filters.customer_id is not None:
        promises = promises.filter(customer_id=filters.customer_id)
    if filters.status is not None:
        promises = promises.filter(status=filters.status)
    return promises


@router.get("/{promise_id}", response={200: PromiseOut, **READ_ERRORS})
def promise_get(request: HttpRequest, promise_id: Id) -> Any:
    return get_object_or_404(_promises(request), pk=promise_id)


@router.post("/", auth=WRITE, response={201: PromiseOut, **WRITE_ERRORS})
def promise_record(request: HttpRequest, data: PromiseIn) -> Any:
    """Record the customer's promise to pay by `promised_on`: collection waits until then.

    The same rules as a promise in the portal: a day after today, not too far ahead; a
    customer with an open or a recently broken promise cannot make another (409). The
    dossier records it as taken down through the API by the token's maker.
    """
    customer = Customer.objects.filter(
        organisation=organisation_of(request), pk=data.customer_id
    ).first()
    if customer is None:
        raise FieldErrors({"customer_id": [_("There is no customer with this id.")]})
    try:
        promise = services.promise_make(
            customer=customer,
            promised_on=data.promised_on,
            invoice_ids=data.invoice_ids,
            today=timezone.localdate(),
            recorded_by=user_of(request),
            recorded_via=SOURCE,
        )
    except ValidationError as exc:
        raise refusal(
            exc, conflicts=(NON_FIELD_ERRORS,), rename={"invoices": "invoice_ids"}
        ) from exc
    return Status(201, _promises(request).get(pk=promise.pk))
