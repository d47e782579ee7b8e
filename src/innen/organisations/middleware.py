"""Sets `request.organisation` and `request.membership` for signed-in members.

Views read them through `innen.organisations.requests` (`organisation_of`, `can_write`).

The current organisation is the one the user chose last (kept in the session), else their
first. Every organisation-scoped view reads it from here, never from a URL parameter.

It also holds back a signed-in user who still owes their second factor: one who has an
authenticator but whose session is not verified with it, or a member of an organisation
that requires two factors who has none yet. They only reach the pages that settle that.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from innen.organisations.models import Membership
from innen.organisations.requests import as_organisation_request, organisation_or_none

SESSION_KEY = "organisation_id"

# Pages open to a user who still owes a second factor: the steps themselves, signing out,
# choosing a language or another organisation, and the customer portal (no account).
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "switch-organisation",
        "two-factor-verify",
        "two-factor-setup",
    }
)
# The portal's pages are the customer's (signed in by token or code), except these two.
PORTAL_STAFF_PAGES = frozenset({"portal-settings", "portal-revoke"})


def _open_before_second_factor(url_name: str) -> bool:
    if url_name.startswith("portal"):
        return url_name not in PORTAL_STAFF_PAGES
    return url_name in OPEN_BEFORE_SECOND_FACTOR


class CurrentOrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership = current_membership(request)
        typed = as_organisation_request(request)
        typed.membership = membership
        typed.organisation = membership.organisation if membership else None
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or _open_before_second_factor(match.url_name or ""):
            return None
        step = second_factor_step(request)
        if step is None:
            return None
        target = reverse(step)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)


def current_membership(request: HttpRequest) -> Membership | None:
    if not request.user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=request.user).select_related("organisation")
    chosen = request.session.get(SESSION_KEY)
    if chosen is not None:
        membership = memberships.filter(organisation_id=chosen).first()
        if membership is not None:
            return membership
    return memberships.order_by("organisation__name").first()


def second_factor_step(request: HttpRequest) -> str | None:
    """The URL name of the step a signed-in user must take first, or None when done."""
    user = request.user
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return None
    if TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists():
        return "two-factor-verify"
    organisation = organisation_or_none(request)
    if organisation is not None and organisation.require_two_factor:
        return "two-factor-setup"
    return None
