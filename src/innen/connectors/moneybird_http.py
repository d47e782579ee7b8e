"""Talking to Moneybird's API: the bearer token, its refresh, and its errors as the sync's.

Moneybird (developer.moneybird.com): JSON at `{api}/{path}.json`, a bearer token (a personal
token, or OAuth 2.0 whose access token is refreshed with the refresh token at
`/oauth/token`), 429 with `Retry-After` when the rate limit (`RateLimit-*` headers) is
reached, 401 when the token is no longer valid.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from innen.connectors.errors import RateLimited, SignInNeeded, Unavailable
from innen.connectors.package import Tokens, TokenStore

TIMEOUT = 30.0
REFRESH_MARGIN = 60.0  # refresh a token that expires within a minute before using it


@dataclass(frozen=True)
class OAuthApp:
    """innen's registered application at Moneybird (empty for a personal token only)."""

    authorize_url: str = "https://moneybird.com/oauth/authorize"
    token_url: str = "https://moneybird.com/oauth/token"
    client_id: str = ""
    client_secret: str = ""

    @classmethod
    def from_settings(cls, values: Mapping[str, str]) -> OAuthApp:
        return cls(**{k: v for k, v in values.items() if k in cls.__dataclass_fields__})


@dataclass
class MoneybirdHttp:
    """One client per sync. Short waits (a 5xx, a 429 asking for a few seconds) are waited
    out here, `retries` times; longer ones end the sync with the error the sync handles."""

    api_url: str
    tokens: TokenStore
    oauth: OAuthApp = field(default_factory=OAuthApp)
    retries: int = 2
    wait_at_most: float = 10.0  # seconds: a longer Retry-After ends the sync (RateLimited)
    sleep: Callable[[float], None] | None = None  # time.sleep, looked up when waiting
    clock: Callable[[], float] = time.time
    session: requests.Session = field(default_factory=requests.Session)

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        return self.call("GET", path, params=params)

    def post(self, path: str, body: Mapping[str, Any]) -> Any:
        return self.call("POST", path, json=body)

    def call(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self.api_url.rstrip('/')}/{path.lstrip('/')}.json"
        refreshed = False
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            response = self._send(method, url, last, **kwargs)
            if response is None:
                continue
            if response.status_code == 401 and not refreshed:
                self.refresh(self.tokens.load())
                refreshed = True
                continue
            if response.status_code == 429:
                wait = retry_after(response.headers, self.clock())
                if wait > self.wait_at_most or last:
                    raise RateLimited(wait)
                self._wait(wait)
                continue
            if response.status_code >= 500:
                if last:
                    raise Unavailable(f"Moneybird answered {response.status_code} on {path}")
                self._wait(2.0**attempt)
                continue
            return _body(response, path)
        raise Unavailable(f"Moneybird did not answer on {path}")

    def _wait(self, seconds: float) -> None:
        (self.sleep or time.sleep)(seconds)

    def _send(self, method: str, url: str, last: bool, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self._access_token()}"}
        try:
            return self.session.request(method, url, headers=headers, timeout=TIMEOUT, **kwargs)
        except requests.RequestException as problem:
            if last:
                raise Unavailable(f"Moneybird could not be reached: {problem}") from problem
            return None

    def _access_token(self) -> str:
        tokens = self.tokens.load()
        if not tokens.access_token:
            raise SignInNeeded("no Moneybird token: connect again")
        if tokens.expires_at and tokens.expires_at - REFRESH_MARGIN < self.clock():
            tokens = self.refresh(tokens)
        return tokens.access_token

    def refresh(self, tokens: Tokens) -> Tokens:
        """A new access token from the refresh token, stored before it is used."""
        if not tokens.refresh_token or not self.oauth.client_id:
            raise SignInNeeded("Moneybird refused the token: connect again")
        fresh = token_request(
            self.oauth,
            {"grant_type": "refresh_token", "refresh_token": tokens.refresh_token},
            self.clock(),
            self.session,
        )
        self.tokens.save(fresh)
        return fresh


def token_request(
    oauth: OAuthApp, grant: Mapping[str, str], now: float, session: Any = requests
) -> Tokens:
    """POST to Moneybird's token endpoint; the tokens it gives, or SignInNeeded."""
    data = {**grant, "client_id": oauth.client_id, "client_secret": oauth.client_secret}
    try:
        response = session.post(oauth.token_url, data=data, timeout=TIMEOUT)
    except requests.RequestException as problem:
        raise Unavailable(f"Moneybird's sign-in could not be reached: {problem}") from problem
    if response.status_code >= 500:
        raise Unavailable(f"Moneybird's sign-in answered {response.status_code}")
    if response.status_code != 200:
        raise SignInNeeded(f"Moneybird refused the sign-in ({response.status_code})")
    body = response.json()
    expires_in = body.get("expires_in")
    return Tokens(
        access_token=body["access_token"],
        refresh_token=body.get("refresh_token") or grant.get("refresh_token", ""),
        expires_at=now + float(expires_in) if expires_in else 0.0,
    )


def retry_after(headers: Mapping[str, str], now: float) -> float:
    """Seconds to wait: `Retry-After` (seconds), else `RateLimit-Reset` (a unix time)."""
    value = headers.get("Retry-After", "")
    if value.strip().isdigit():
        return float(value)
    reset = headers.get("RateLimit-Reset", "")
    if reset.strip().isdigit():
        return max(float(reset) - now, 1.0)
    return 60.0


def _body(response: Any, path: str) -> Any:
    if response.status_code in (401, 403, 404):
        raise SignInNeeded(f"Moneybird refused {path} ({response.status_code}): connect again")
    if response.status_code >= 400:
        raise Unavailable(f"Moneybird answered {response.status_code} on {path}")
    return response.json() if response.content else None
