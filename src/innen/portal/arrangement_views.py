"""The customer's side of arrangements: promise to pay, propose a plan, ask a question.

Every view starts with `portal_access`; whatever is wrong with the token, the answer is the
same plain refusal and nothing changes. Each page shows the form and, below it, what the
customer arranged before (with a controller's answers), in the customer's language.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import select_template
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from innen.arrangements import selectors, services
from innen.arrangements.forms import DisputeForm, PlanForm, PortalForm, PromiseForm
from innen.arrangements.rules import most_months, promise_latest
from innen.outbox.demanded import demanded_on
from innen.portal.access import PortalAccess, PortalRefused, portal_access

REFUSAL_TEMPLATES = ["portal/refused.html", "web/portal_refused.html"]
BASE_TEMPLATES = ["portal/base.html"]
PortalView = Callable[[HttpRequest, PortalAccess], HttpResponse]


def _refuse(request: HttpRequest) -> HttpResponse:
    """The portal's plain refusal (its own template once the portal app has one)."""
    return HttpResponse(select_template(REFUSAL_TEMPLATES).render({}, request), status=404)


def portal_page(view: PortalView) -> Callable[..., HttpResponse]:
    """Check the token first, then run `view` in the customer's language."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        try:
            access = portal_access(request, token)
        except PortalRefused:
            return _refuse(request)
        with translation.override(access.customer.language):
            return view(request, access)

    return wrapper


def _render(
    request: HttpRequest, access: PortalAccess, template: str, context: dict[str, Any], status: int
) -> HttpResponse:
    base = select_template(BASE_TEMPLATES).template.name
    page = select_template([template])
    context = {
        "base_template": base,
        "organisation": access.organisation,
        "customer": access.customer,
        "token": access.token,
        "portal_url": reverse("portal", args=[access.token]),
        **context,
    }
    return HttpResponse(page.render(context, request), status=status)


def _apply_errors(form: PortalForm, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


def _handle(
    request: HttpRequest,
    form: PortalForm,
    act: Callable[[], object],
    done: str,
) -> HttpResponse | None:
    """Run `act` for a valid form and go to `done`; None: show the form with its errors."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        act()
    except ValidationError as error:
        _apply_errors(form, error)
        return None
    return redirect(f"{done}?done=1")


@require_http_methods(["GET", "POST"])
@portal_page
def promise(request: HttpRequest, access: PortalAccess) -> HttpResponse:
    today = timezone.localdate()
    customer = access.customer
    invoices = services.open_invoices(customer)
    data = request.POST if request.method == "POST" else None
    form = PromiseForm(data, invoices=invoices)
    done = _handle(
        request,
        form,
        lambda: services.promise_make(
            customer=customer,
            promised_on=form.cleaned_data["promised_on"],
            invoice_ids=form.invoice_ids(),
            today=today,
        ),
        reverse("portal-promise", args=[access.token]),
    )
    if done is not None:
        return done
    rules = services.arrangement_settings(access.organisation)
    form.fields["promised_on"].widget.attrs.update(
        {"min": today.isoformat(), "max": promise_latest(today, rules.promise_max_days).isoformat()}
    )
    context = {
        "form": form,
        "invoices": invoices,
        "latest": promise_latest(today, rules.promise_max_days),
        "promises": selectors.promise_list_for_customer(customer=customer),
        "done": request.GET.get("done") == "1",
    }
    return _render(
        request, access, "portal/arrangement_promise.html", context, 400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@portal_page
def plan(request: HttpRequest, access: PortalAccess) -> HttpResponse:
    today = timezone.localdate()
    customer = access.customer
    invoices = services.open_invoices(customer)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, invoices=invoices)
    done = _handle(
        request,
        form,
        lambda: services.plan_propose(
            customer=customer,
            months=form.cleaned_data["months"],
            invoice_ids=form.invoice_ids(),
            today=today,
        ),
        reverse("portal-plan", args=[access.token]),
    )
    if done is not None:
        return done
    rules = services.arrangement_settings(access.organisation)
    owed = demanded_on(customer, [invoice.pk for invoice in invoices], today)
    total = owed.total
    context = {
        "form": form,
        "invoices": invoices,
        "total": total,
        "owed": owed,
        "rules": rules,
        "most_months": most_months(total, rules.plan_rules),
        "plans": selectors.plan_list_for_customer(customer=customer),
        "done": request.GET.get("done") == "1",
    }
    return _render(
        request, access, "portal/arrangement_plan.html", context, 400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@portal_page
def dispute(request: HttpRequest, access: PortalAccess) -> HttpResponse:
    today = timezone.localdate()
    customer = access.customer
    invoices = services.open_invoices(customer)
    if request.method == "POST":
        form = DisputeForm(request.POST, request.FILES, invoices=invoices)
    else:
        form = DisputeForm(invoices=invoices)
    done = _handle(
        request,
        form,
        lambda: services.dispute_open(
            customer=customer,
            reason=form.cleaned_data["reason"],
            message=form.cleaned_data["message"],
            invoice_ids=form.invoice_ids(),
            attachment=form.cleaned_data.get("attachment"),
            today=today,
        ),
        reverse("portal-dispute", args=[access.token]),
    )
    if done is not None:
        return done
    context = {
        "form": form,
        "invoices": invoices,
        "disputes": selectors.dispute_list_for_customer(customer=customer),
        "done": request.GET.get("done") == "1",
    }
    return _render(
        request, access, "portal/arrangement_dispute.html", context, 400 if form.errors else 200
    )
