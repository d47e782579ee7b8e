from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from innen.api.auth import WRITE, organisation_of, token_of, user_of
from innen.api.errors import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, Conflict
from innen.api.fields import Id
from innen.api.pagination import CursorPagination
from innen.api.schemas import ActionOut, RejectIn
from innen.collection import services
from innen.collection.models import Action, ActionStatus, MessageStatus

router = Router(tags=["actions"])


class ActionFilters(Schema):
    customer_id: Id | None = None
    invoice_id: Id | None = None
    status: ActionStatus | None = None
    awaiting_approval: bool | None = None


def _actions(request: HttpRequest) -> Any:
    return Action.objects.filter(organisation=organisation_of(request)).select_related(
        "invoice", "step", "message"
    )


@router.get("/", response={200: list[ActionOut], **LIST_ERRORS})
@paginate(CursorPagination)
def action_list(request: HttpRequest, filters: Query[ActionFilters]) -> Any:
    """The collection steps decided per invoice by the daily run."""
    actions = _actions(request)
    if filters.customer_id is not None:
        actions = actions.filter(invoice__customer_id=filters.customer_id)
    if filters.invoice_id is not None:
        actions = actions.filter(invoice_id=filters.invoice_id)
    if filters.status is not None:
        actions = actions.filter(status=filters.status)
    if filters.awaiting_approval is not None:
        awaiting = {"message__status": MessageStatus.AWAITING_APPROVAL}
        actions = (
            actions.filter(**awaiting) if filters.awaiting_approval else actions.exclude(**awaiting)
        )
    return actions


@router.get("/{action_id}", response={200: ActionOut, **READ_ERRORS})
def action_get(request: HttpRequest, action_id: Id) -> Any:
    return get_object_or_404(_actions(request), pk=action_id)


@router.post("/{action_id}/approve", auth=WRITE, response={200: ActionOut, **WRITE_ERRORS})
def action_approve(request: HttpRequest, action_id: Id) -> Any:
    """Approve the message this action is part of: it goes out, for every invoice it lists."""
    action = get_object_or_404(_actions(request), pk=action_id)
    try:
        services.message_approve(_awaiting(action), user=user_of(request))
    except ValidationError as exc:
        raise _no_longer_awaiting() from exc
    return _actions(request).get(pk=action.pk)


@router.post("/{action_id}/reject", auth=WRITE, response={200: ActionOut, **WRITE_ERRORS})
def action_reject(request: HttpRequest, action_id: Id, data: RejectIn) -> Any:
    """Reject the message this action is part of: it does not go out, nor is it decided again."""
    action = get_object_or_404(_actions(request), pk=action_id)
    reason = data.reason.strip() or _("rejected through the API (token %(name)s)") % {
        "name": token_of(request).name
    }
    try:
        services.message_reject(_awaiting(action), user=user_of(request), reason=reason[:200])
    except ValidationError as exc:
        raise _no_longer_awaiting() from exc
    return _actions(request).get(pk=action.pk)


def _awaiting(action: Action) -> Any:
    if action.message is None:
        raise _no_longer_awaiting()
    return action.message


def _no_longer_awaiting() -> Conflict:
    return Conflict({"__all__": [_("This action's message is not awaiting approval.")]})
