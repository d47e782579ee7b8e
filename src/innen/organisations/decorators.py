"""Who may open an organisation's pages: its members; who may act: writers, or owners."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from innen.organisations.requests import can_write, is_owner, organisation_or_none

View = Callable[..., HttpResponse]


def organisation_required(view: View) -> View:
    """Let only signed-in members of an organisation in; the view reads `organisation_of`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if organisation_or_none(request) is None:
            return render(request, "web/no_organisation.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def write_required(view: View) -> View:
    """Let only owners and credit controllers act; a viewer gets 403.

    Goes inside `organisation_required`, which lets only members in.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_write(request):
            return render(request, "web/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def owners_only(refusal_page: str) -> Callable[[View], View]:
    """Let only the organisation's owners in; others get 403 with `refusal_page`.

    Goes inside `organisation_required`, which lets only members in.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_owner(request):
                return render(request, refusal_page, status=403)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# The members, roles and security pages: their refusal says what only owners manage.
owner_required = owners_only("accounts/owners_only.html")
