"""The invitation link: a new colleague chooses a password (and, if asked, an authenticator).

Open to anyone with the link; the token in it is the only proof. A link that is unknown,
expired, used or withdrawn says so and changes nothing.
"""

from typing import Any

from django.contrib import auth
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

from innen.accounts import members
from innen.accounts.members import InvitationRefused, Refusal
from innen.accounts.models import Invitation
from innen.organisations.middleware import SESSION_KEY

REFUSALS = {
    Refusal.UNKNOWN: _(
        "This invitation link is not valid. Check that you copied the whole link, "
        "or ask for a new invitation."
    ),
    Refusal.EXPIRED: _("This invitation has expired. Ask whoever invited you for a new one."),
    Refusal.USED: _(
        "This invitation has been used already. Sign in with the account it made, "
        "or ask for a new invitation."
    ),
    Refusal.REVOKED: _("This invitation was withdrawn. Ask whoever invited you for a new one."),
}


def _refused(request: HttpRequest, reason: Refusal) -> HttpResponse:
    status = 404 if reason is Refusal.UNKNOWN else 410
    context = {"message": REFUSALS[reason]}
    return render(request, "accounts/invitation_refused.html", context, status=status)


@sensitive_post_parameters("new_password1", "new_password2")
@csrf_protect
@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = members.invitation_open(token)
    except InvitationRefused as exc:
        return _refused(request, exc.reason)
    existing = members.account_for(invitation.email)
    context: dict[str, Any] = {"invitation": invitation}
    if request.user.is_authenticated:
        if existing is None or existing.pk != request.user.pk:
            return render(request, "accounts/invitation.html", {**context, "state": "other"})
        if request.method == "POST":
            return _join_existing(request, invitation, token, existing)
        return render(request, "accounts/invitation.html", {**context, "state": "join"})
    if existing is not None:
        sign_in = reverse("login") + "?" + urlencode({"next": request.path})
        return render(
            request, "accounts/invitation.html", {**context, "state": "sign_in", "login": sign_in}
        )
    candidate = User(username=invitation.email, email=invitation.email)
    form = SetPasswordForm(candidate, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = members.invitation_accept_new(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except InvitationRefused as exc:
            return _refused(request, exc.reason)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _to_the_desk(request, invitation, user)
    context.update(state="new", form=form)
    return render(request, "accounts/invitation.html", context, status=400 if form.errors else 200)


def _join_existing(
    request: HttpRequest, invitation: Invitation, token: str, user: User
) -> HttpResponse:
    try:
        members.invitation_accept_existing(token=token, user=user)
    except InvitationRefused as exc:
        return _refused(request, exc.reason)
    except ValidationError as exc:
        context = {"message": " ".join(exc.messages)}
        return render(request, "accounts/invitation_refused.html", context, status=400)
    return _to_the_desk(request, invitation, user)


def _to_the_desk(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    """Into the organisation just joined; first to set-up if it asks for two factors."""
    request.session[SESSION_KEY] = invitation.organisation_id
    needs_app = (
        invitation.organisation.require_two_factor
        and not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )
    if needs_app:
        return redirect(reverse("two-factor-setup") + "?" + urlencode({"next": reverse("home")}))
    return redirect("home")
