"""The desk's side: the organisation's rules, answering disputes, deciding payment plans.

Mounted at /arrangements/ (urls.py). Every object is looked up within
`request.organisation`: another organisation's id gives 404. Deciding and answering need a
writer (owner or controller); the rules are the owners'.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from innen.arrangements import selectors, services
from innen.arrangements.forms import AnswerForm, ArrangementSettingsForm, BrokenPromiseForm
from innen.arrangements.models import Dispute, DisputeStatus, PaymentPlan
from innen.collection.promises import collection_settings
from innen.organisations.decorators import organisation_required, owner_required, write_required
from innen.organisations.requests import can_write, organisation_of, signed_in_user
from innen.storedfiles import stored_bytes, upload_response


@require_http_methods(["GET", "POST"])
@organisation_required
@owner_required
def settings_page(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    data = request.POST or None
    forms: list[ModelForm[Any]] = [
        ArrangementSettingsForm(data, instance=services.arrangement_settings(organisation)),
        BrokenPromiseForm(data, instance=collection_settings(organisation)),
    ]
    if request.method == "POST" and all([form.is_valid() for form in forms]):
        for form in forms:
            form.save()
        services.settings_changed(
            organisation=organisation,
            changed=[name for form in forms for name in form.changed_data],
            values={name: value for form in forms for name, value in form.cleaned_data.items()},
            user=signed_in_user(request),
            today=timezone.localdate(),
        )
        messages.success(request, gettext("The arrangement rules are saved."))
        return redirect("arrangements-settings")
    status = 400 if any(form.errors for form in forms) else 200
    context = {"form": forms[0], "forms": forms}
    return render(request, "arrangements/settings.html", context, status=status)


def _dispute_or_404(request: HttpRequest, pk: int) -> Dispute:
    found = selectors.dispute_for_desk(organisation=organisation_of(request), pk=pk).first()
    if found is None:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@organisation_required
def dispute_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A dispute with its attachment and answers, and the form to answer it."""
    dispute = _dispute_or_404(request, pk)
    form = AnswerForm()
    if request.method == "POST":
        return _answer(request, dispute)
    return _dispute_render(request, dispute, form, 200)


@write_required
def _answer(request: HttpRequest, dispute: Dispute) -> HttpResponse:
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.dispute_answer(
                dispute,
                text=form.cleaned_data["text"],
                resolve=form.cleaned_data["resolve"],
                user=signed_in_user(request),
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, gettext("Your answer has been sent to the customer."))
            return redirect("arrangements-dispute", pk=dispute.pk)
    return _dispute_render(request, dispute, form, 400)


def _dispute_render(
    request: HttpRequest, dispute: Dispute, form: AnswerForm, status: int
) -> HttpResponse:
    context = {
        "dispute": dispute,
        "form": form,
        "can_write": can_write(request) and dispute.status != DisputeStatus.RESOLVED,
    }
    return render(request, "arrangements/dispute_detail.html", context, status=status)


@organisation_required
def dispute_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The customer's file, shown only when it really is a PDF, PNG or JPEG."""
    dispute = _dispute_or_404(request, pk)
    return upload_response(stored_bytes(dispute.attachment), name=dispute.attachment_name)


def _plan_or_404(request: HttpRequest, pk: int) -> PaymentPlan:
    return get_object_or_404(PaymentPlan, organisation=organisation_of(request), pk=pk)


def _back() -> HttpResponse:
    return redirect(reverse("worklist") + "#plans")


@require_POST
@organisation_required
@write_required
def plan_accept(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    try:
        services.plan_accept(
            plan,
            user=signed_in_user(request),
            today=timezone.localdate(),
            waive_charges=request.POST.get("waive_charges") == "on",
            note=request.POST.get("note", "").strip()[:500],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            gettext("Payment plan of %(customer)s accepted and confirmed in writing.")
            % {"customer": plan.customer.name},
        )
    return _back()


@require_POST
@organisation_required
@write_required
def plan_reject(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan_or_404(request, pk)
    note = request.POST.get("note", "").strip()[:500]
    try:
        services.plan_reject(
            plan, user=signed_in_user(request), today=timezone.localdate(), note=note
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            gettext("Payment plan of %(customer)s rejected: collection resumes.")
            % {"customer": plan.customer.name},
        )
    return _back()
