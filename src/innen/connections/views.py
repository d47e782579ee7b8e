"""The connections settings page: connect Moneybird, choose the administration, see the
sync's state, sync now, disconnect; and the webhook Moneybird calls.

Owners only: a connection decides what innen's ledger holds. Every lookup is scoped to
`request.organisation`. The webhook is public but names a connection by a random token and
only makes it due: what changed is read from Moneybird itself.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import secrets

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from innen.connections import packages, selectors, services
from innen.connections.models import Connection, Kind, State
from innen.connections.tasks import sync_connection
from innen.connectors import moneybird_oauth
from innen.connectors.errors import PackageError
from innen.connectors.moneybird_http import OAuthApp
from innen.organisations.decorators import organisation_required, owners_only
from innen.organisations.requests import organisation_of

SESSION_STATE = "connections_oauth_state"
owners = owners_only("web/forbidden.html")


def _connection(request: HttpRequest, kind: str = Kind.MONEYBIRD) -> Connection:
    found = Connection.objects.filter(organisation=organisation_of(request), kind=kind).first()
    if found is None:
        raise Http404
    return found


def _oauth() -> OAuthApp:
    return OAuthApp.from_settings(settings.MONEYBIRD_OAUTH)


@organisation_required
@owners
def connections(request: HttpRequest) -> HttpResponse:
    organisation = organisation_of(request)
    connection = selectors.connections_of(organisation).filter(kind=Kind.MONEYBIRD).first()
    accounts: list[tuple[str, str]] = []
    problem = ""
    if connection is not None and connection.state == State.CHOOSE:
        try:
            accounts = packages.accounts_for(connection)
        except PackageError as error:
            problem = str(error)
    exact = selectors.connections_of(organisation).filter(kind=Kind.EXACT).first()
    context = {
        "exact": exact,
        "exact_oauth": bool(settings.EXACT_OAUTH.get("client_id")),
        "exact_percent": _percent(exact),
        "connection": connection,
        "accounts": accounts,
        "problem": problem,
        "unmapped": [
            *(selectors.unmapped_of(connection) if connection else []),
            *(selectors.unmapped_of(exact) if exact else []),
        ],
        "oauth": bool(_oauth().client_id),
        "percent": _percent(connection),
    }
    return render(request, "connections/connections.html", context)


def _percent(connection: Connection | None) -> int:
    if connection is None or not connection.progress_total:
        return 0
    return min(100, round(100 * connection.progress_done / connection.progress_total))


@organisation_required
@owners
def moneybird_connect(request: HttpRequest) -> HttpResponse:
    """Off to Moneybird, to allow innen to read the administration (OAuth)."""
    state = secrets.token_urlsafe(24)
    request.session[SESSION_STATE] = state
    callback = request.build_absolute_uri(reverse("connection-moneybird-callback"))
    return redirect(moneybird_oauth.authorize_url(_oauth(), callback, state))


@organisation_required
@owners
def moneybird_callback(request: HttpRequest) -> HttpResponse:
    """Back from Moneybird with a code: exchanged for tokens, stored sealed."""
    expected = request.session.pop(SESSION_STATE, None)
    if not expected or request.GET.get("state") != expected or not request.GET.get("code"):
        messages.error(request, gettext("Moneybird did not confirm the connection. Try again."))
        return redirect("connections")
    callback = request.build_absolute_uri(reverse("connection-moneybird-callback"))
    try:
        tokens = moneybird_oauth.exchange_code(_oauth(), request.GET["code"], callback)
    except PackageError:
        messages.error(request, gettext("Moneybird did not confirm the connection. Try again."))
        return redirect("connections")
    services.connect(organisation=organisation_of(request), kind=Kind.MONEYBIRD, tokens=tokens)
    return redirect("connections")


@require_POST
@organisation_required
@owners
def moneybird_token(request: HttpRequest) -> HttpResponse:
    """A personal API token pasted by the owner."""
    token = request.POST.get("token", "").strip()
    if not token:
        messages.error(request, gettext("Paste the token Moneybird gave you."))
        return redirect("connections")
    tokens = moneybird_oauth.personal_token(token)
    services.connect(organisation=organisation_of(request), kind=Kind.MONEYBIRD, tokens=tokens)
    return redirect("connections")


@require_POST
@organisation_required
@owners
def choose(request: HttpRequest) -> HttpResponse:
    connection = _connection(request)
    chosen = request.POST.get("account", "")
    try:
        names = dict(packages.accounts_for(connection))
    except PackageError as error:
        messages.error(request, str(error))
        return redirect("connections")
    if chosen not in names:
        messages.error(request, gettext("Choose one of the administrations listed."))
        return redirect("connections")
    services.choose_account(connection=connection, account_id=chosen, name=names[chosen])
    _listen(request, connection)
    sync_connection.enqueue(connection.pk)
    messages.success(request, gettext("Connected. The first sync has started."))
    return redirect("connections")


def _listen(request: HttpRequest, connection: Connection) -> None:
    """Ask Moneybird for its webhook; without it the schedule still syncs."""
    url = request.build_absolute_uri(reverse("connection-webhook", args=[connection.webhook_token]))
    with contextlib.suppress(PackageError):
        _, token = packages.moneybird_webhook(connection, url)
        services.webhook_registered(connection=connection, token=token)


@require_POST
@organisation_required
@owners
def sync_now(request: HttpRequest) -> HttpResponse:
    connection = _connection(request, request.POST.get("kind", Kind.MONEYBIRD))
    services.sync_soon(connection=connection)
    sync_connection.enqueue(connection.pk)
    messages.success(request, gettext("The sync has started."))
    return redirect("connections")


@require_POST
@organisation_required
@owners
def disconnect(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", Kind.MONEYBIRD)
    services.disconnect(connection=_connection(request, kind))
    messages.success(
        request, gettext("Disconnected: the tokens are deleted. What was synced stays.")
    )
    return redirect("connections")


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, token: str) -> HttpResponse:
    """Moneybird says a sales invoice, a payment or a contact changed: the connection syncs
    now. The call must carry the `webhook_token` Moneybird gave when the webhook was
    registered; without it (or with another) it is refused and changes nothing."""
    connection = Connection.objects.filter(webhook_token=token).exclude(webhook_token="").first()
    if connection is None or connection.state in (State.OFF, State.SIGN_IN, State.CHOOSE):
        return HttpResponse(status=404)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponse(status=400)
    if not isinstance(body, dict) or not _from_moneybird(connection, body.get("webhook_token")):
        return HttpResponse(status=403)
    if str(body.get("administration_id", "")) != connection.account_id:
        return HttpResponse(status=404)
    services.sync_soon(connection=connection)
    sync_connection.enqueue(connection.pk)
    return HttpResponse(status=200)


def _from_moneybird(connection: Connection, sent: object) -> bool:
    expected = connection.package_webhook_token
    if not expected or not isinstance(sent, str):
        return False
    return hmac.compare_digest(sent.encode(), expected.encode())
