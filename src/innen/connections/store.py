"""The adapter's `TokenStore` on a connection row: sealed, written at once."""

from __future__ import annotations

from innen.connections import sealing
from innen.connections.models import Connection
from innen.connectors.package import Tokens


class ConnectionTokens:
    """Tokens kept sealed on `connection`; `save` writes through (outside any batch's
    transaction: a rotated refresh token must survive a batch that rolls back)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def load(self) -> Tokens:
        return sealing.unseal(self.connection.sealed_tokens)

    def save(self, tokens: Tokens) -> None:
        self.connection.sealed_tokens = sealing.seal(tokens)
        Connection.objects.filter(pk=self.connection.pk).update(
            sealed_tokens=self.connection.sealed_tokens
        )
