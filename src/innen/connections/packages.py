"""Which adapter serves a connection: each package registers a factory when the apps load.

A third package is one module in `innen.connectors` and one `register` call here.
"""

from __future__ import annotations

from collections.abc import Callable

from innen.connections.models import Connection
from innen.connections.store import ConnectionTokens
from innen.connectors.package import Package

Factory = Callable[[Connection, ConnectionTokens], Package]

_factories: dict[str, Factory] = {}


def register(kind: str, factory: Factory) -> None:
    _factories[kind] = factory


def package_for(connection: Connection) -> Package:
    return _factories[connection.kind](connection, ConnectionTokens(connection))


def _moneybird(connection: Connection, tokens: ConnectionTokens) -> Package:
    from django.conf import settings

    from innen.connectors.moneybird import MoneybirdPackage

    return MoneybirdPackage(
        tokens=tokens,
        administration_id=connection.account_id,
        api_url=settings.MONEYBIRD_API_URL,
        oauth=settings.MONEYBIRD_OAUTH,
    )


register("moneybird", _moneybird)
