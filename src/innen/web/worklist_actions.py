"""The worklist's decisions on steps awaiting approval: one at a time, or ticked in bulk.

The worklist is the one place in the web UI where a step is approved or rejected (the
collection page links here). Writes go through `innen.collection.services`; only owners and
credit controllers make them (a viewer gets 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from innen.collection import services
from innen.collection.models import Message, MessageStatus
from innen.organisations.decorators import organisation_required, write_required
from innen.organisations.requests import organisation_of, signed_in_user

REASON_MAX = 200


def _message_or_404(request: HttpRequest, pk: int) -> Message:
    return get_object_or_404(Message, organisation=organisation_of(request), pk=pk)


def _back() -> HttpResponse:
    return redirect(reverse("worklist") + "#approvals")


def _reason(request: HttpRequest) -> str:
    return request.POST.get("reason", "").strip()[:REASON_MAX]


@require_POST
@organisation_required
@write_required
def message_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Let a step that waits for a person go out."""
    message = _message_or_404(request, pk)
    try:
        services.message_approve(message, user=signed_in_user(request))
    except ValidationError:
        messages.error(request, gettext("This step is no longer awaiting approval."))
    else:
        messages.success(
            request,
            gettext("Approved: %(kind)s to %(customer)s goes out.")
            % {"kind": message.get_kind_display(), "customer": message.customer.name},
        )
    return _back()


@require_POST
@organisation_required
@write_required
def message_reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a step that waits for a person, with the reason given (if any)."""
    message = _message_or_404(request, pk)
    try:
        services.message_reject(message, user=signed_in_user(request), reason=_reason(request))
    except ValidationError:
        messages.error(request, gettext("This step is no longer awaiting approval."))
    else:
        messages.success(
            request,
            gettext("Rejected: %(kind)s to %(customer)s does not go out.")
            % {"kind": message.get_kind_display(), "customer": message.customer.name},
        )
    return _back()


@require_POST
@organisation_required
@write_required
def messages_decide(request: HttpRequest) -> HttpResponse:
    """Approve or reject every ticked step (`message`), all or none; `decision` says which."""
    decision = request.POST.get("decision", "")
    ids = [value for value in request.POST.getlist("message") if value.isdigit()]
    chosen = list(
        Message.objects.filter(
            organisation=organisation_of(request),
            pk__in=ids,
            status=MessageStatus.AWAITING_APPROVAL,
        )
        .select_related("customer")
        .order_by("decided_on", "pk")
    )
    if decision not in ("approve", "reject") or not ids:
        messages.error(request, gettext("Tick the steps to approve or reject."))
        return _back()
    if len(chosen) != len(set(ids)):
        messages.error(
            request,
            gettext(
                "Some of the ticked steps are no longer awaiting approval; nothing was decided."
            ),
        )
        return _back()
    approve = decision == "approve"
    try:
        services.messages_decide(
            chosen, approve=approve, user=signed_in_user(request), reason=_reason(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back()
    if approve:
        text = ngettext("%(count)s step approved.", "%(count)s steps approved.", len(chosen))
    else:
        text = ngettext("%(count)s step rejected.", "%(count)s steps rejected.", len(chosen))
    messages.success(request, text % {"count": len(chosen)})
    return _back()
