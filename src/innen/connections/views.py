"""The connections settings page (owners only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from innen.organisations.decorators import organisation_required, owners_only


@organisation_required
@owners_only("web/forbidden.html")
def connections(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
