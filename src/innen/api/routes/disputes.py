from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from innen.api.auth import WRITE, organisation_of, user_of
from innen.api.desk_schemas import DisputeAnswerIn, DisputeCloseIn, DisputeOut
from innen.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, refusal
from innen.api.fields import Id
from innen.api.pagination import CursorPagination
from innen.arrangements import services
from innen.arrangements.models import Dispute, DisputeStatus

router = Router(tags=["disputes"])


class DisputeFilters(Schema):
    customer_id: Id | None = None
    status: DisputeStatus | None = None


def _disputes(request: HttpRequest) -> Any:
    return Dispute.objects.filter(organisation=organisation_of(request)).prefetch_related(
        "invoices", "answers"
    )


@router.get("/", response={200: list[DisputeOut], **LIST_ERRORS})
@paginate(CursorPagination)
def dispute_list(request: HttpRequest, filters: Query[DisputeFilters]) -> Any:
    """Questions and complaints customers raised in the portal; each holds its invoices."""
    disputes = _disputes(request)
    if filters.customer_id is not None:
        disputes = disputes.filter(customer_id=filters.customer_id)
    if filters.status is not None:
        disputes = disputes.filter(status=filters.status)
    return disputes


@router.get("/{dispute_id}", response={200: DisputeOut, **READ_ERRORS})
def dispute_get(request: HttpRequest, dispute_id: Id) -> Any:
    return get_object_or_404(_disputes(request), pk=dispute_id)


@router.post("/{dispute_id}/answer", auth=WRITE, response={200: DisputeOut, **WRITE_ERRORS})
def dispute_answer(request: HttpRequest, dispute_id: Id, data: DisputeAnswerIn) -> Any:
    """Answer the customer (e-mail and portal); with `resolve`, collection resumes.

    A resolved dispute takes no more answers (409).
    """
    return _answer(request, dispute_id, data.text, resolve=data.resolve)


@router.post("/{dispute_id}/close", auth=WRITE, response={200: DisputeOut, **WRITE_ERRORS})
def dispute_close(request: HttpRequest, dispute_id: Id, data: DisputeCloseIn) -> Any:
    """Answer the customer and resolve the dispute: its holds are lifted today."""
    return _answer(request, dispute_id, data.text, resolve=True)


def _answer(request: HttpRequest, dispute_id: int, text: str, *, resolve: bool) -> Any:
    dispute = get_object_or_404(_disputes(request), pk=dispute_id)
    try:
        services.dispute_answer(
            dispute, text=text, resolve=resolve, user=user_of(request), today=timezone.localdate()
        )
    except ValidationError as exc:
        resolved = Dispute.objects.filter(pk=dispute.pk, status=DisputeStatus.RESOLVED).exists()
        raise refusal(exc, conflicts=("text",) if resolved else ()) from exc
    return _disputes(request).get(pk=dispute.pk)
