"""Owners' pages: the organisation's members and their roles, and its sign-in rule."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from innen.accounts import services
from innen.accounts.forms import RoleForm, TwoFactorRequirementForm
from innen.organisations.decorators import organisation_required, owner_required
from innen.organisations.models import Membership
from innen.organisations.requests import organisation_of


@organisation_required
@owner_required
def members(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    rows = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )
    with_app = set(
        TOTPDevice.objects.filter(
            confirmed=True, user__memberships__organisation=organisation
        ).values_list("user_id", flat=True)
    )
    context = {
        "rows": [(m, m.user_id in with_app, RoleForm(initial={"role": m.role})) for m in rows],
        "organisation": organisation,
    }
    return render(request, "accounts/members.html", context)


@require_POST
@organisation_required
@owner_required
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, organisation=organisation_of(request), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("members")
    try:
        changed = services.membership_role_change(
            membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": changed.user.get_username(), "role": changed.get_role_display()},
        )
    return redirect("members")


@organisation_required
@owner_required
def security(request: HttpRequest) -> HttpResponse:
    """Switch "every member signs in with two factors" on or off."""
    organisation = organisation_of(request)
    initial = {"require_two_factor": organisation.require_two_factor}
    form = TwoFactorRequirementForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["require_two_factor"]
        if required and not _verified(request):
            # Else the owner would be the first one sent to set-up, mid-change.
            form.add_error(
                "require_two_factor",
                _("Set up two-factor sign-in for yourself first, then require it of everyone."),
            )
        else:
            services.organisation_two_factor_set(organisation=organisation, required=required)
            messages.success(request, _("Saved."))
            return redirect("organisation-security")
    status = 400 if form.errors else 200
    return render(request, "accounts/organisation_security.html", {"form": form}, status=status)


def _verified(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(getattr(user, "is_verified", lambda: False)())
