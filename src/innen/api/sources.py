"""How the API signs what it does in the dossier."""

from __future__ import annotations

from innen.api.models import ApiToken
from innen.dossier.record import actor_name

# The ledger's events say where an invoice or payment came from: entered, import, bank, api.
SOURCE = "api"


def actor(token: ApiToken) -> str:
    """The person who made the token, as the web would name them; innen for a CLI token."""
    return actor_name(token.created_by)
