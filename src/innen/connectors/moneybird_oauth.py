"""Connecting to Moneybird: OAuth 2.0's authorization code, or a personal API token."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from innen.connectors.moneybird_http import OAuthApp, token_request
from innen.connectors.package import Tokens

SCOPES = "sales_invoices settings"


def authorize_url(oauth: OAuthApp, redirect_uri: str, state: str) -> str:
    """Where the owner is sent to allow innen to read their administration."""
    query = {
        "client_id": oauth.client_id,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": SCOPES,
        "state": state,
    }
    return f"{oauth.authorize_url}?{urlencode(query)}"


def exchange_code(oauth: OAuthApp, code: str, redirect_uri: str) -> Tokens:
    """The tokens for the code Moneybird sent the owner back with."""
    grant = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    return token_request(oauth, grant, time.time())


def personal_token(token: str) -> Tokens:
    """A personal API token (made in Moneybird under Developers): it does not expire."""
    return Tokens(access_token=token.strip())
