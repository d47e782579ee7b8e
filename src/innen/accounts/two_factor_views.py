"""The user's own security page: set up the authenticator, recovery codes, remove it."""

from base64 import b32encode
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from innen.accounts import services
from innen.accounts.forms import AppCodeForm, CodeForm


def _verified(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


def qr_svg(text: str) -> SafeString:
    """The QR code of `text` as inline SVG, made here: the secret never leaves the server."""
    # segno writes the SVG from the data alone (no user text in the markup), so it is safe.
    return mark_safe(segno.make(text, error="m").svg_inline(scale=4, border=2))


def readable_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@never_cache
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "device": services.totp_device(user),  # type: ignore[arg-type]
        "codes_left": services.recovery_codes_left(user),  # type: ignore[arg-type]
        "code_form": CodeForm(),
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@never_cache
def setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code, type the first code: the app is confirmed and recovery codes made."""
    user: Any = request.user
    if services.totp_device(user) is not None:
        return redirect("two-factor")
    device = services.totp_device_start(user)
    form = AppCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(device, form.cleaned_data["code"]):
            otp_login(request, device)
            codes = services.recovery_codes_make(user)
            messages.success(request, _("Two-factor sign-in is on."))
            return _show_codes(request, codes)
        form.add_error("code", _("That code is not right. Check the time on your phone."))
    context = {
        "form": form,
        "qr": qr_svg(device.config_url),
        "secret": readable_secret(device),
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/setup.html", context, status=400 if form.errors else 200)


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    # Rendered straight from the POST and never stored readable: this is the only time.
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
@login_required
def recovery_codes_new(request: HttpRequest) -> HttpResponse:
    """New recovery codes; the old ones stop working. Needs a session verified by a code."""
    user: Any = request.user
    if services.totp_device(user) is None or not _verified(request):
        return redirect("two-factor")
    return _show_codes(request, services.recovery_codes_make(user))


@require_POST
@login_required
def remove(request: HttpRequest) -> HttpResponse:
    """Switch two-factor sign-in off; a current code proves it is the user asking."""
    user: Any = request.user
    form = CodeForm(request.POST)
    if form.is_valid() and services.device_for_code(user, form.cleaned_data["code"]):
        services.two_factor_remove(user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("two-factor")
    messages.error(request, _("That code is not right: two-factor sign-in stays on."))
    return redirect("two-factor")
