from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from innen.api.auth import WRITE, organisation_of, user_of
from innen.api.desk_schemas import Decision, PlanDecideIn, PlanOut
from innen.api.errors import LIST_ERRORS, READ_ERRORS, WHOLE_REQUEST, WRITE_ERRORS, refusal
from innen.api.fields import Id
from innen.api.pagination import CursorPagination
from innen.arrangements import services
from innen.arrangements.models import PaymentPlan, PlanStatus

router = Router(tags=["payment plans"])


class PlanFilters(Schema):
    customer_id: Id | None = None
    status: PlanStatus | None = None


def _plans(request: HttpRequest) -> Any:
    return PaymentPlan.objects.filter(organisation=organisation_of(request)).prefetch_related(
        "invoices", "instalments"
    )


@router.get("/", response={200: list[PlanOut], **LIST_ERRORS})
@paginate(CursorPagination)
def plan_list(request: HttpRequest, filters: Query[PlanFilters]) -> Any:
    """Payment plans; `status=proposed`: those waiting for a decision."""
    plans = _plans(request)
    if filters.customer_id is not None:
        plans = plans.filter(customer_id=filters.customer_id)
    if filters.status is not None:
        plans = plans.filter(status=filters.status)
    return plans


@router.get("/{plan_id}", response={200: PlanOut, **READ_ERRORS})
def plan_get(request: HttpRequest, plan_id: Id) -> Any:
    return get_object_or_404(_plans(request), pk=plan_id)


@router.post("/{plan_id}/decide", auth=WRITE, response={200: PlanOut, **WRITE_ERRORS})
def plan_decide(request: HttpRequest, plan_id: Id, data: PlanDecideIn) -> Any:
    """Approve or reject a proposed plan, as on the worklist. A plan already decided, or
    whose invoices have nothing open any more, is a 409."""
    plan = get_object_or_404(_plans(request), pk=plan_id)
    user, today = user_of(request), timezone.localdate()
    try:
        if data.decision == Decision.APPROVE:
            services.plan_accept(
                plan, user=user, today=today, waive_charges=data.waive_charges, note=data.note
            )
        else:
            services.plan_reject(plan, user=user, today=today, note=data.note)
    except ValidationError as exc:
        raise refusal(exc, conflicts=(WHOLE_REQUEST,)) from exc
    return _plans(request).get(pk=plan.pk)
