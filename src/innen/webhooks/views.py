"""The webhooks settings page: endpoints, their events, the delivery log, tests and retries.

Owners only: an endpoint decides where the organisation's data goes, and its secret is the
organisation's. Every lookup is scoped to `request.organisation`: another's id is a 404.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from innen.organisations.decorators import organisation_required, owners_only
from innen.organisations.requests import organisation_of
from innen.webhooks import services
from innen.webhooks.forms import EndpointAddForm, EndpointEditForm
from innen.webhooks.models import Endpoint, WebhookDelivery

PAGE_SIZE = 50


def _endpoint(request: HttpRequest, pk: int) -> Endpoint:
    return get_object_or_404(Endpoint, pk=pk, organisation=organisation_of(request))


def _delivery(request: HttpRequest, pk: int) -> WebhookDelivery:
    return get_object_or_404(
        WebhookDelivery.objects.select_related("endpoint"),
        pk=pk,
        organisation=organisation_of(request),
    )


def _add_errors(form: Any, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@organisation_required
@owners_only("web/forbidden.html")
def webhooks(request: HttpRequest) -> HttpResponse:
    """The endpoints, a form to add one, and the delivery log (newest first)."""
    organisation = organisation_of(request)
    form = EndpointAddForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.endpoint_create(
                organisation=organisation,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            # The one time the secret is shown: the page is not redirected, never stored.
            return render(request, "webhooks/created.html", {"endpoint": endpoint}, status=201)
    return _webhooks_page(request, form, status=400 if form.errors else 200)


def _webhooks_page(request: HttpRequest, form: EndpointAddForm, status: int) -> HttpResponse:
    organisation = organisation_of(request)
    endpoints = list(Endpoint.objects.filter(organisation=organisation))
    log = WebhookDelivery.objects.filter(organisation=organisation).select_related("endpoint")
    chosen = request.GET.get("endpoint", "")
    if chosen.isdigit():
        log = log.filter(endpoint_id=int(chosen))
    page = Paginator(log, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "endpoints": endpoints,
        "page": page,
        "chosen": chosen,
        "retryable": services.RETRYABLE,
    }
    return render(request, "webhooks/webhooks.html", context, status=status)


@organisation_required
@owners_only("web/forbidden.html")
def endpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    initial = {
        "description": endpoint.description,
        "events": endpoint.events,
        "active": endpoint.active,
    }
    form = EndpointEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(endpoint, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, gettext("The endpoint is saved."))
            return redirect("webhooks")
    status = 400 if form.errors else 200
    context = {"endpoint": endpoint, "form": form}
    return render(request, "webhooks/endpoint.html", context, status=status)


@require_POST
@organisation_required
@owners_only("web/forbidden.html")
def endpoint_delete(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    services.endpoint_delete(endpoint)
    messages.success(request, gettext("The endpoint %(url)s is removed.") % {"url": endpoint.url})
    return redirect("webhooks")


@require_POST
@organisation_required
@owners_only("web/forbidden.html")
def endpoint_test(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, pk)
    services.test_event_send(endpoint)
    messages.success(
        request, gettext("A test event is on its way; its outcome appears in the log below.")
    )
    return redirect("webhooks")


@organisation_required
@owners_only("web/forbidden.html")
def delivery_detail(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = _delivery(request, pk)
    context = {
        "delivery": delivery,
        "attempts": delivery.attempt_log.all(),
        "body": json.dumps(delivery.payload, indent=2, sort_keys=True, ensure_ascii=False),
        "retryable": delivery.status in services.RETRYABLE,
    }
    return render(request, "webhooks/delivery.html", context)


@require_POST
@organisation_required
@owners_only("web/forbidden.html")
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = _delivery(request, pk)
    try:
        services.delivery_retry_now(delivery)
    except ValidationError:
        messages.error(request, gettext("Only a failed or waiting delivery can be retried."))
    else:
        messages.success(request, gettext("The delivery is being tried again."))
    return redirect("webhook-delivery", pk=delivery.pk)
