"""Sign-in: the password first, then, for users with an authenticator, the second step.

A user who has set up two factors is not signed in after the password alone: the session
only remembers who they said they were (for a few minutes) until a code confirms it. Then
`login` and `django_otp.login` run together, so no page ever sees a half-signed-in user.
Wrong passwords are counted by django-axes (settings.AXES_*), wrong codes by django-otp.
"""

import time
from typing import Any

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from innen.accounts import services
from innen.accounts.forms import CodeForm

PENDING_KEY = "accounts_pending_user"
# How long the password stays good for while the user finds their phone.
PENDING_SECONDS = 5 * 60


def _next_url(request: HttpRequest, fallback: str = settings.LOGIN_REDIRECT_URL) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else fallback


def _lockout_context() -> dict[str, Any]:
    return {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = AuthenticationForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if services.totp_device(user) is None:
            auth.login(request, user)
            return redirect(_next_url(request))
        request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,  # type: ignore[attr-defined]  # set by authenticate()
            "at": time.time(),
            "next": _next_url(request),
        }
        return redirect("two-factor-verify")
    context = {"form": form, "next": _next_url(request, ""), **_lockout_context()}
    return render(request, "web/login.html", context, status=400 if form.errors else 200)


def locked_out(request: HttpRequest, response: Any = None, credentials: Any = None) -> HttpResponse:
    """What django-axes shows instead of the sign-in once a username and address are locked."""
    context = {"form": AuthenticationForm(request), "locked_out": True, **_lockout_context()}
    return render(request, "web/login.html", context, status=429)


def _pending_user(request: HttpRequest) -> tuple[User, str, str] | None:
    """The user who gave the right password moments ago, their backend, and where to go."""
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return None
    return user, pending["backend"], pending["next"]


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app, or a recovery code, finishes the sign-in."""
    if request.user.is_authenticated:
        if request.user.is_verified():  # type: ignore[attr-defined]
            return redirect(_next_url(request))
        user, backend, next_url = request.user, "", _next_url(request)
    else:
        pending = _pending_user(request)
        if pending is None:
            request.session.pop(PENDING_KEY, None)
            messages.error(request, _("Please sign in again."))
            return redirect("login")
        user, backend, next_url = pending
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = services.device_for_code(user, form.cleaned_data["code"])
        if device is not None:
            if backend:
                auth.login(request, user, backend=backend)
            otp_login(request, device)
            request.session.pop(PENDING_KEY, None)
            if isinstance(device, StaticDevice):
                _recovery_code_used(request, user)
            return redirect(next_url)
        form.add_error("code", _("That code is not right, or it was used already."))
    status = 400 if form.errors else 200
    return render(request, "accounts/verify.html", {"form": form}, status=status)


def _recovery_code_used(request: HttpRequest, user: Any) -> None:
    left = services.recovery_codes_left(user)
    messages.warning(
        request,
        _("You used a recovery code; %(left)d are left. Make new ones on the security page.")
        % {"left": left},
    )
