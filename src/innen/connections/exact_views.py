"""Connecting Exact Online from the connections settings page: the OAuth dance.

`exact_connect` (POST, owners) sends the owner to Exact's sign-in with a one-time `state`;
Exact sends them back to `exact_back` with a code, which becomes the connection's tokens
(sealed). The administration is the division the owner works in at Exact (`current/Me`); the
first sync is due at once and the scheduler picks it up.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from innen.connections import services
from innen.connections.models import Kind
from innen.connections.store import ConnectionTokens
from innen.connections.tasks import sync_connection
from innen.connectors import exact_oauth
from innen.connectors.errors import PackageError
from innen.connectors.exact import current_division, divisions
from innen.connectors.exact_http import ExactClient
from innen.connectors.exact_oauth import ExactApp
from innen.organisations.decorators import organisation_required, owners_only
from innen.organisations.requests import organisation_of

STATE_KEY = "connections.exact.state"


def exact_app(request: HttpRequest | None = None) -> ExactApp:
    """innen's Exact app from the settings; the redirect address from the request if unset."""
    conf = settings.EXACT_OAUTH
    back = conf.get("redirect_uri", "")
    if not back and request is not None:
        back = request.build_absolute_uri(reverse("connections_exact_back"))
    return ExactApp(conf["client_id"], conf["client_secret"], back, conf["base_url"])


@organisation_required
@owners_only("web/forbidden.html")
@require_POST
def exact_connect(request: HttpRequest) -> HttpResponse:
    app = exact_app(request)
    if not app.client_id:
        messages.error(request, gettext("Exact Online is not set up on this server."))
        return redirect("connections")
    state = secrets.token_urlsafe(24)
    request.session[STATE_KEY] = state
    return redirect(exact_oauth.authorize_url(app, state))


@organisation_required
@owners_only("web/forbidden.html")
def exact_back(request: HttpRequest) -> HttpResponse:
    expected = request.session.pop(STATE_KEY, None)
    code = request.GET.get("code", "")
    if not expected or not code or request.GET.get("state") != expected:
        messages.error(request, gettext("Exact Online did not confirm the sign-in; connect again."))
        return redirect("connections")
    app = exact_app(request)
    try:
        tokens = exact_oauth.exchange_code(app, code)
        connection = services.connect(
            organisation=organisation_of(request), kind=Kind.EXACT, tokens=tokens
        )
        client = ExactClient(app, ConnectionTokens(connection))
        division = current_division(client)
        name = dict(divisions(client, division)).get(division, "") or str(division)
    except PackageError:
        messages.error(request, gettext("Exact Online refused the connection; connect again."))
        return redirect("connections")
    services.choose_account(connection=connection, account_id=str(division), name=name)
    sync_connection.enqueue(connection.pk)
    messages.success(
        request,
        gettext("Connected to Exact Online (%(name)s); the first sync has started.")
        % {"name": name},
    )
    return redirect("connections")
