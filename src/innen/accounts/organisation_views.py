"""Owners' page: the organisation's sign-in rule (members: `member_views`)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innen.accounts import services
from innen.accounts.forms import TwoFactorRequirementForm
from innen.organisations.decorators import organisation_required, owner_required
from innen.organisations.requests import organisation_of


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
