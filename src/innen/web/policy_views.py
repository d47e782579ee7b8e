"""The dunning policies: the list, and one policy's editor with its preview.

Every member sees them; only owners change them (a POST by anyone else is 403). A change
is first shown against the coming days ("Voorbeeld": the forecast with the stored policy
and with the edited one, nothing saved), then saved through `innen.collection.policy_edit`,
which refuses, with its reasons, a ladder the law forbids or a change that would rewrite
what was already done.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from innen.collection.models import CustomerCollection, Policy, SegmentPolicy, StepKind
from innen.collection.policy_edit import edit_problems, policy_copy, policy_update, taken_steps
from innen.collection.policy_lifecycle import policy_delete, policy_delete_problems, policy_new
from innen.collection.policy_preview import policy_preview
from innen.organisations.decorators import organisation_required
from innen.organisations.requests import is_owner, organisation_of, signed_in_user
from innen.web.behaviour_policy_views import behaviour_rows
from innen.web.collection_views import FORECAST_DAYS
from innen.web.policy_forms import PolicyNewForm, bound_forms, edit_from, unbound_forms

OWNERS_ONLY_PAGE = "web/policy_owners_only.html"


@organisation_required
def policy_list(request: HttpRequest) -> HttpResponse:
    """Every policy: for whom, how many steps, and who follows it other than by default."""
    return _list_page(request, PolicyNewForm(organisation=organisation_of(request)))


def _list_page(request: HttpRequest, form: PolicyNewForm, status: int = 200) -> HttpResponse:
    organisation = organisation_of(request)
    policies = (
        Policy.objects.filter(organisation=organisation)
        .annotate(step_count=Count("steps", distinct=True))
        .annotate(own_customers=Count("customers", distinct=True))
    )
    segments: dict[int, list[str]] = {}
    for row in SegmentPolicy.objects.filter(organisation=organisation).order_by("segment"):
        segments.setdefault(row.policy_id, []).append(row.segment)
    rows = [(policy, segments.get(policy.pk, [])) for policy in policies]
    context = {
        "rows": rows,
        "can_edit": is_owner(request),
        "form": form,
        "behaviour_rows": behaviour_rows(organisation),
    }
    return render(request, "web/policies.html", context, status=status)


@require_POST
@organisation_required
def policy_new_make(request: HttpRequest) -> HttpResponse:
    """A new policy from a copy of another ladder, with its name and segment (owners only)."""
    if not is_owner(request):
        return render(request, OWNERS_ONLY_PAGE, status=403)
    form = PolicyNewForm(request.POST, organisation=organisation_of(request))
    if form.is_valid():
        data = form.cleaned_data
        try:
            policy = policy_new(
                source=data["source"],
                name=data["name"],
                segment=data["segment"],
                user=signed_in_user(request),
                today=timezone.localdate(),
            )
        except ValidationError as refused:
            for name, errors in refused.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, gettext("“%(name)s” is made.") % {"name": policy.name})
            return redirect("policy-edit", pk=policy.pk)
    return _list_page(request, form, status=400)


@require_POST
@organisation_required
def policy_delete_make(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a policy nothing depends on; otherwise say every reason and keep it."""
    policy = get_object_or_404(Policy, organisation=organisation_of(request), pk=pk)
    if not is_owner(request):
        return render(request, OWNERS_ONLY_PAGE, status=403)
    try:
        policy_delete(policy, user=signed_in_user(request), today=timezone.localdate())
    except ValidationError as refused:
        for problem in refused.messages:
            messages.error(request, gettext("Not deleted: %(why)s") % {"why": problem})
        return redirect(reverse("policy-edit", args=[policy.pk]) + "#delete")
    messages.success(request, gettext("“%(name)s” is deleted.") % {"name": policy.name})
    return redirect("policies")


@organisation_required
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One policy's settings and steps; owners change them after a preview."""
    policy = get_object_or_404(Policy, organisation=organisation_of(request), pk=pk)
    if request.method == "POST":
        if not is_owner(request):
            return render(request, OWNERS_ONLY_PAGE, status=403)
        return _posted(request, policy)
    form, steps = unbound_forms(policy)
    return _page(request, policy, form, steps)


@require_POST
@organisation_required
def policy_copy_make(request: HttpRequest, pk: int) -> HttpResponse:
    """A copy of the policy to edit into a ladder for some customers or a segment."""
    policy = get_object_or_404(Policy, organisation=organisation_of(request), pk=pk)
    if not is_owner(request):
        return render(request, OWNERS_ONLY_PAGE, status=403)
    copy = policy_copy(policy)
    messages.success(
        request,
        gettext("“%(name)s” is made; it applies to no one until you give it a segment.")
        % {"name": copy.name},
    )
    return redirect("policy-edit", pk=copy.pk)


def _posted(request: HttpRequest, policy: Policy) -> HttpResponse:
    form, steps = bound_forms(policy, request.POST)
    if not (form.is_valid() and steps.is_valid()):
        return _page(request, policy, form, steps, status=400)
    edit = edit_from(policy, form, steps)
    if "preview" in request.POST:
        problems = edit_problems(policy, edit)
        preview = None
        if not problems:
            preview = policy_preview(policy, edit, timezone.localdate(), FORECAST_DAYS)
        return _page(request, policy, form, steps, problems=problems, preview=preview)
    try:
        policy_update(policy, edit, user=signed_in_user(request))
    except ValidationError as refused:
        return _page(request, policy, form, steps, problems=refused.messages, status=400)
    messages.success(request, gettext("The policy is saved."))
    return redirect("policy-edit", pk=policy.pk)


def _page(
    request: HttpRequest,
    policy: Policy,
    form: Any,
    steps: Any,
    *,
    problems: list[str] | None = None,
    preview: Any = None,
    status: int = 200,
) -> HttpResponse:
    owner = is_owner(request)
    if not owner:
        for each in [form, *steps.forms]:
            for field in each.fields.values():
                field.disabled = True
    own_customers = CustomerCollection.objects.filter(
        organisation_id=policy.organisation_id, policy=policy
    ).select_related("customer")
    taken = taken_steps(policy)
    context = {
        "policy": policy,
        "form": form,
        "steps": steps,
        "step_rows": [(each, _taken(taken, each)) for each in steps.forms],
        "problems": problems or [],
        "preview": preview,
        "preview_rows": _preview_rows(preview) if preview else [],
        "preview_kinds": [StepKind(kind).label for kind in preview.kinds()] if preview else [],
        "changed": _changed(preview) if preview else [],
        "own_customers": own_customers.order_by("customer__name")[:20],
        "own_customer_count": own_customers.count(),
        "can_edit": owner,
        "changes": policy.changes.select_related("changed_by")[:10],
        "delete_problems": policy_delete_problems(policy) if owner else [],
        "days": FORECAST_DAYS,
    }
    return render(request, "web/policy.html", context, status=status)


def _taken(taken: Counter[int], step_form: Any) -> int | None:
    """How many invoices the form's stored step was taken for; None: not taken, or new."""
    value = str(step_form["id"].value() or "")
    return taken.get(int(value)) if value.isdigit() else None


def _preview_rows(preview: Any) -> list[tuple[Any, list[tuple[int, int]], int, int]]:
    """Per day: each kind's count before and after, and the day's total before and after."""
    kinds = preview.kinds()
    return [
        (
            before.day,
            [(before.by_kind[kind], after.by_kind[kind]) for kind in kinds],
            before.actions,
            after.actions,
        )
        for before, after in zip(preview.before, preview.after, strict=True)
    ]


def _changed(preview: Any) -> list[tuple[Any, list[tuple[Any, str]], list[tuple[Any, str]]]]:
    """Each changed invoice with its steps (day, kind in words) before and after."""
    return [
        (
            changed.invoice,
            [(day, str(StepKind(kind).label)) for day, kind in changed.before],
            [(day, str(StepKind(kind).label)) for day, kind in changed.after],
        )
        for changed in preview.changed
    ]
