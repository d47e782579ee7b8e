"""One signed-in conversation with Exact Online's REST API: tokens, limits, errors.

- The access token is refreshed shortly before it expires (Exact: 600 seconds), and once more
  when Exact answers 401 (expired early, clock skew). The new pair goes through
  `TokenStore.save` BEFORE the new access token is used (Exact's refresh tokens are single use).
  A second 401 straight after a refresh, or a refused refresh: `SignInNeeded`.
- Rate limits (Exact: per company a limit per minute and one per day; every answer carries
  `X-RateLimit-Limit/-Remaining/-Reset` for the day and `X-RateLimit-Minutely-Limit/-Remaining/
  -Reset` for the minute, the resets in milliseconds since the epoch; past a limit: 429).
  When the minute's calls are used up the client waits for the reset itself if that is at most
  `max_wait` seconds away (default 0: never), else raises `RateLimited(retry_after)` before
  spending a call; a 429 the same. The sync resumes from the last batch's cursor after the wait,
  so nothing is lost by raising; waiting in-process only saves a task round trip.
- 5xx, timeouts and broken connections: `Unavailable` (the sync retries with back-off).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests

from innen.connectors import exact_oauth
from innen.connectors.errors import PackageError, RateLimited, SignInNeeded, Unavailable
from innen.connectors.exact_oauth import ExactApp
from innen.connectors.package import Tokens, TokenStore

REFRESH_MARGIN = 30.0  # seconds before expiry the access token is renewed
TIMEOUT = 60.0


@dataclass
class Limits:
    """What Exact's last answer said about the rate limits (None: not told yet)."""

    daily_remaining: int | None = None
    daily_reset: float | None = None  # unix time
    minutely_remaining: int | None = None
    minutely_reset: float | None = None


class ExactClient:
    """GETs against `{base}/api/v1/...` with the stored tokens; JSON numbers come back Decimal."""

    def __init__(
        self,
        app: ExactApp,
        store: TokenStore,
        *,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float = 0.0,
    ) -> None:
        self.app = app
        self.store = store
        self.http = session or requests.Session()
        self.clock = clock
        self.sleep = sleep
        self.max_wait = max_wait
        self.limits = Limits()
        self.calls = 0
        self._tokens: Tokens | None = None

    def url(self, path: str) -> str:
        return f"{self.app.base_url.rstrip('/')}/api/v1/{path.lstrip('/')}"

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any]:
        """The JSON answer to GET `url` (absolute, e.g. a `__next` link, or from `self.url`)."""
        self._respect_minute_limit()
        response = self._send(url, params, self._access_token())
        if response.status_code == 401:
            self._refresh()
            response = self._send(url, params, self._access_token())
            if response.status_code == 401:
                raise SignInNeeded("Exact refused the new access token")
        return self._answer(response)

    def _access_token(self) -> str:
        if self._tokens is None:
            self._tokens = self.store.load()
        expires = self._tokens.expires_at
        if expires and expires - REFRESH_MARGIN <= self.clock():
            self._refresh()
        assert self._tokens is not None
        return self._tokens.access_token

    def _refresh(self) -> None:
        current = self._tokens or self.store.load()
        fresh = exact_oauth.refresh(self.app, current.refresh_token, self.http, self.clock())
        self.store.save(fresh)  # durable first: the old refresh token is already dead
        self._tokens = fresh

    def _send(self, url: str, params: dict[str, str] | None, token: str) -> requests.Response:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        try:
            response = self.http.get(url, params=params, headers=headers, timeout=TIMEOUT)
        except requests.RequestException as error:
            raise Unavailable(f"Exact: {error}") from error
        self.calls += 1
        self._read_limits(response)
        return response

    def _answer(self, response: requests.Response) -> dict[str, Any]:
        status = response.status_code
        if status == 429:
            wait = self._retry_after(response)
            raise RateLimited(wait, f"Exact rate limit reached, retry after {wait:.0f} s")
        if status >= 500:
            raise Unavailable(f"Exact answered {status}")
        if status == 403:
            raise SignInNeeded("Exact refused access to this division (403)")
        if status != 200:
            raise PackageError(f"Exact answered {status}: {response.text[:300]}")
        try:
            payload: dict[str, Any] = response.json(parse_float=Decimal)
        except ValueError as error:
            raise Unavailable("Exact sent an answer that is not JSON") from error
        return payload

    def _read_limits(self, response: requests.Response) -> None:
        headers = response.headers
        self.limits = Limits(
            daily_remaining=_int(headers.get("X-RateLimit-Remaining")),
            daily_reset=_moment(headers.get("X-RateLimit-Reset"), self.clock()),
            minutely_remaining=_int(headers.get("X-RateLimit-Minutely-Remaining")),
            minutely_reset=_moment(headers.get("X-RateLimit-Minutely-Reset"), self.clock()),
        )

    def _retry_after(self, response: requests.Response) -> float:
        told = response.headers.get("Retry-After")
        if told and told.replace(".", "", 1).isdigit():
            return float(told)
        limits, now = self.limits, self.clock()
        if limits.minutely_remaining == 0 and limits.minutely_reset:
            return max(1.0, limits.minutely_reset - now)
        if limits.daily_reset:
            return max(1.0, limits.daily_reset - now)
        return 60.0

    def _respect_minute_limit(self) -> None:
        limits, now = self.limits, self.clock()
        for remaining, reset in (
            (limits.daily_remaining, limits.daily_reset),
            (limits.minutely_remaining, limits.minutely_reset),
        ):
            if remaining == 0 and reset and reset > now:
                wait = reset - now
                if wait > self.max_wait:
                    raise RateLimited(wait, f"Exact's limit is used up, retry after {wait:.0f} s")
                self.sleep(wait)
                self.limits = Limits()
                now = self.clock()


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _moment(value: str | None, now: float) -> float | None:
    """A reset as unix time: Exact sends milliseconds since the epoch; seconds are taken too."""
    number = _int(value)
    if number is None:
        return None
    if number > 10_000_000_000:
        return number / 1000
    if number > 1_000_000_000:
        return float(number)
    return now + number  # a count of seconds
