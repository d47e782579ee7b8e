"""Exact Online's faults: an access token expiring mid-sync, rate limits, a failing page, a
refused refresh; each leaves a cursor the sync resumes from without losing or doubling a record."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
import requests

from innen.connectors import exact_oauth
from innen.connectors.errors import RateLimited, SignInNeeded, Unavailable
from innen.connectors.fakes.exact_data import generate
from innen.connectors.fakes.exact_fake import ExactFake
from tests.connectors.exact_support import Applied, package_open_items, served, signed_in


class Recorded(requests.Session):
    """A session that notes which access token each API call carried."""

    def __init__(self, events: list[tuple[str, str]]) -> None:
        super().__init__()
        self.events = events

    def get(self, url, **kwargs):  # type: ignore[no-untyped-def, override]
        token = kwargs.get("headers", {}).get("Authorization", "").removeprefix("Bearer ")
        self.events.append(("use", token))
        return super().get(url, **kwargs)


def sync_through(package, cursor: str, applied: Applied) -> None:
    for batch in package.changes(cursor):
        applied.apply(batch)


@pytest.fixture
def fake() -> ExactFake:
    return ExactFake(generate(400, seed=11))


def test_a_token_expiring_mid_sync_is_refreshed_and_the_sync_goes_on(fake):
    with served(fake) as url:
        package, store = signed_in(fake, url)
        old_refresh = store.tokens.refresh_token
        fake.fault("expire", after=12)
        applied = Applied()
        sync_through(package, "", applied)
        assert len(store.saved) == 1
        assert old_refresh in fake.used_refresh_tokens
        with pytest.raises(SignInNeeded):
            exact_oauth.refresh(package.client.app, old_refresh)
    assert applied.open_items() == package_open_items(fake.admin)


def test_the_rotated_refresh_token_is_saved_before_the_new_access_token_is_used(fake):
    events: list[tuple[str, str]] = []
    with served(fake) as url:
        package, store = signed_in(fake, url, session=Recorded(events))
        original_save = store.save
        store.save = lambda tokens: (
            events.append(("save", tokens.access_token)),
            original_save(tokens),
        )
        fake.fault("expire", after=5)
        sync_through(package, "", Applied())
    new_access = store.tokens.access_token
    assert events.index(("save", new_access)) < events.index(("use", new_access))


def test_an_access_token_near_its_end_is_refreshed_before_the_call(fake):
    with served(fake) as url:
        package, store = signed_in(fake, url)
        package.client._tokens = None
        store.tokens = replace(store.tokens, expires_at=1.0)
        sync_through(package, "", Applied())
    assert len(store.saved) == 1


def test_a_refused_refresh_asks_an_owner_to_sign_in_again(fake):
    fake.refuse_refresh = True
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        fake.fault("expire", after=3)
        with pytest.raises(SignInNeeded):
            sync_through(package, "", Applied())


def test_a_429_raises_rate_limited_with_exacts_wait_and_the_sync_resumes_after_it(fake):
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        fake.fault("429", after=9, retry_after=42)
        applied = Applied()
        with pytest.raises(RateLimited) as raised:
            sync_through(package, "", applied)
        assert raised.value.retry_after == 42
        sync_through(signed_in(fake, url)[0], applied.cursor, applied)
    assert applied.open_items() == package_open_items(fake.admin)
    assert applied.delivered == applied.distinct


def test_the_minutes_calls_used_up_raise_rate_limited_before_spending_another(fake):
    fake.minutely_limit = 6
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        with pytest.raises(RateLimited) as raised:
            sync_through(package, "", Applied())
    assert 0 < raised.value.retry_after <= 60
    assert fake.api_requests == 6


def test_a_short_wait_for_the_minute_is_slept_when_the_client_may_wait(fake):
    fake.minutely_limit = 6
    slept: list[float] = []
    with served(fake) as url:
        package, _ = signed_in(fake, url, max_wait=61, sleep=slept.append)
        with pytest.raises(RateLimited):  # the fake's minute has not really passed
            sync_through(package, "", Applied())
    assert slept and 0 < slept[0] <= 60


def test_a_page_that_fails_raises_unavailable_and_the_sync_resumes_from_the_last_batch(fake):
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        fake.fault("500", after=14)
        applied = Applied()
        with pytest.raises(Unavailable):
            sync_through(package, "", applied)
        assert applied.cursor
        sync_through(signed_in(fake, url)[0], applied.cursor, applied)
    assert applied.open_items() == package_open_items(fake.admin)
    assert applied.delivered == applied.distinct


def test_a_server_that_cannot_be_reached_is_unavailable():
    fake = ExactFake(generate(10))
    with served(fake) as url:
        package, _ = signed_in(fake, url)
    with pytest.raises(Unavailable):
        sync_through(package, "", Applied())


def test_the_days_calls_used_up_wait_until_exacts_daily_reset(fake):
    fake.daily_limit = 4
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        with pytest.raises(RateLimited) as raised:
            sync_through(package, "", Applied())
    to_midnight = 86400 - time.time() % 86400  # the fake's day ends at midnight UTC
    assert abs(raised.value.retry_after - to_midnight) < 5
    assert fake.api_requests == 4
