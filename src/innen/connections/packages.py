"""Which adapter serves a connection: each package registers a factory when the apps load.

A third package is one module in `innen.connectors` and one `register` call here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from innen.connections.models import Connection
from innen.connections.store import ConnectionTokens
from innen.connectors.package import Package

if TYPE_CHECKING:
    from innen.connectors.moneybird_http import MoneybirdHttp

Factory = Callable[[Connection, ConnectionTokens], Package]
Accounts = Callable[[Connection, ConnectionTokens], list[tuple[str, str]]]

_factories: dict[str, Factory] = {}
_accounts: dict[str, Accounts] = {}


def register(kind: str, factory: Factory, accounts: Accounts | None = None) -> None:
    """`factory` makes the package's adapter for a connection; `accounts` lists the
    administrations (divisions) its tokens may read, as (id, name)."""
    _factories[kind] = factory
    if accounts is not None:
        _accounts[kind] = accounts


def package_for(connection: Connection) -> Package:
    return _factories[connection.kind](connection, ConnectionTokens(connection))


def accounts_for(connection: Connection) -> list[tuple[str, str]]:
    """The administrations an owner may choose from (raises the connectors' errors)."""
    return _accounts[connection.kind](connection, ConnectionTokens(connection))


def _moneybird(connection: Connection, tokens: ConnectionTokens) -> Package:
    from django.conf import settings

    from innen.connectors.moneybird import MoneybirdPackage

    return MoneybirdPackage(
        tokens=tokens,
        administration_id=connection.account_id,
        api_url=settings.MONEYBIRD_API_URL,
        oauth=settings.MONEYBIRD_OAUTH,
    )


def _moneybird_http(tokens: ConnectionTokens) -> MoneybirdHttp:
    from django.conf import settings

    from innen.connectors.moneybird_http import MoneybirdHttp, OAuthApp

    oauth = OAuthApp.from_settings(settings.MONEYBIRD_OAUTH)
    return MoneybirdHttp(settings.MONEYBIRD_API_URL, tokens, oauth)


def _moneybird_accounts(connection: Connection, tokens: ConnectionTokens) -> list[tuple[str, str]]:
    from innen.connectors.moneybird import administrations

    return administrations(_moneybird_http(tokens))


def moneybird_webhook(connection: Connection, url: str) -> tuple[str, str]:
    """Ask Moneybird to call `url` when a sales invoice changes: the webhook's id and token."""
    from innen.connectors.moneybird import register_webhook

    http = _moneybird_http(ConnectionTokens(connection))
    return register_webhook(http, connection.account_id, url)


register("moneybird", _moneybird, _moneybird_accounts)


def _exact(connection: Connection, tokens: ConnectionTokens) -> Package:
    from innen.connections.exact_views import exact_app
    from innen.connectors.exact import ExactPackage
    from innen.connectors.exact_http import ExactClient

    return ExactPackage(ExactClient(exact_app(), tokens), int(connection.account_id))


def _exact_accounts(connection: Connection, tokens: ConnectionTokens) -> list[tuple[str, str]]:
    from innen.connections.exact_views import exact_app
    from innen.connectors.exact import current_division, divisions
    from innen.connectors.exact_http import ExactClient

    client = ExactClient(exact_app(), tokens)
    return [(str(code), name) for code, name in divisions(client, current_division(client))]


register("exact", _exact, _exact_accounts)
