"""Exact Online's OAuth 2.0: the authorization code flow and its rotating refresh tokens.

Exact (developer documentation, "OAuth 2.0" and "Refresh token"): an owner signs in at
`{base}/api/oauth2/auth`, Exact redirects back with a `code` (valid for minutes, single use),
which `POST {base}/api/oauth2/token` exchanges for an access token (valid 600 seconds) and a
refresh token. Each refresh (`grant_type=refresh_token`) returns a NEW refresh token and the old
one stops working, so the new pair must be stored durably before it is used: a crash after the
refresh and before the save would leave only a dead token. A refused grant (`invalid_grant`:
old, revoked or expired refresh token) means an owner must connect again: `SignInNeeded`.

The base address differs per country: start.exactonline.nl, .be, .de, .co.uk, .fr, .es and
exactonline.com; the connection keeps the one its owner chose.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests

from innen.connectors.errors import PackageError, RateLimited, SignInNeeded, Unavailable
from innen.connectors.package import Tokens

AUTH_PATH = "/api/oauth2/auth"
TOKEN_PATH = "/api/oauth2/token"
DEFAULT_BASE = "https://start.exactonline.nl"
TIMEOUT = 30.0


@dataclass(frozen=True)
class ExactApp:
    """innen's app as registered in Exact's App Center, and the country it talks to."""

    client_id: str
    client_secret: str
    redirect_uri: str
    base_url: str = DEFAULT_BASE


def authorize_url(app: ExactApp, state: str) -> str:
    """Where an owner goes to sign in at Exact and allow innen to read the administration."""
    query = urlencode({
        "client_id": app.client_id, "redirect_uri": app.redirect_uri,
        "response_type": "code", "state": state,
    })  # fmt: skip
    return f"{app.base_url.rstrip('/')}{AUTH_PATH}?{query}"


def exchange_code(
    app: ExactApp, code: str, session: requests.Session | None = None, now: float | None = None
) -> Tokens:
    """The tokens for the `code` Exact sent back to the redirect address."""
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": app.redirect_uri}
    return _token_request(app, data, session, now)


def refresh(
    app: ExactApp, refresh_token: str, session: requests.Session | None = None,
    now: float | None = None,
) -> Tokens:  # fmt: skip
    """A new access token and a new refresh token; the old refresh token is dead afterwards."""
    if not refresh_token:
        raise SignInNeeded("no refresh token stored")
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return _token_request(app, data, session, now)


def _token_request(
    app: ExactApp, data: dict[str, str], session: requests.Session | None, now: float | None
) -> Tokens:
    http = session or requests.Session()
    body = {**data, "client_id": app.client_id, "client_secret": app.client_secret}
    try:
        response = http.post(f"{app.base_url.rstrip('/')}{TOKEN_PATH}", data=body, timeout=TIMEOUT)
    except requests.RequestException as error:
        raise Unavailable(f"Exact token endpoint: {error}") from error
    if response.status_code in (400, 401):
        raise SignInNeeded(f"Exact refused the sign-in: {_error_text(response)}")
    if response.status_code == 429:
        raise RateLimited(float(response.headers.get("Retry-After", "60")))
    if response.status_code >= 500:
        raise Unavailable(f"Exact token endpoint answered {response.status_code}")
    if response.status_code != 200:
        raise PackageError(f"Exact token endpoint answered {response.status_code}")
    return _tokens(response.json(), time.time() if now is None else now)


def _tokens(payload: dict[str, Any], now: float) -> Tokens:
    try:
        return Tokens(
            access_token=str(payload["access_token"]),
            refresh_token=str(payload["refresh_token"]),
            expires_at=now + float(payload.get("expires_in", 600)),
        )
    except (KeyError, ValueError) as error:
        raise Unavailable(f"Exact sent a token answer without {error}") from error


def _error_text(response: requests.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return response.text[:200]
    if isinstance(payload, dict):
        return str(payload.get("error_description") or payload.get("error") or payload)
    return str(payload)[:200]
