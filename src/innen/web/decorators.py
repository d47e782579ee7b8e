from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def organisation_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let only signed-in members of an organisation in; the view uses `request.organisation`."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "organisation", None) is None:
            return render(request, "web/no_organisation.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that passed `organisation_required` (so never anonymous)."""
    if not isinstance(request.user, User):
        raise PermissionError("this view needs a signed-in user")
    return request.user


def write_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let only owners and credit controllers act; a viewer gets 403.

    Goes inside `organisation_required`, which has set `request.membership`.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = getattr(request, "membership", None)
        if membership is None or not membership.can_write:
            return render(request, "web/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def owner_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Let only the organisation's owners in (members, roles, security); others get 403.

    Goes inside `organisation_required`, which has set `request.membership`.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = getattr(request, "membership", None)
        if membership is None or not membership.is_owner:
            return render(request, "accounts/owners_only.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper
