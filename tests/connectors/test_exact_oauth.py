"""Exact Online's sign-in: the authorization code flow, single-use codes and refresh tokens,
and the divisions a signed-in user can choose from, against the fake."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from innen.connectors import exact_oauth
from innen.connectors.errors import SignInNeeded
from innen.connectors.exact import current_division, divisions
from innen.connectors.exact_http import ExactClient
from innen.connectors.exact_oauth import ExactApp
from innen.connectors.fakes.exact_data import generate
from innen.connectors.fakes.exact_fake import ExactFake
from tests.connectors.exact_support import MemoryStore, served, signed_in


def sign_in(app: ExactApp) -> str:
    """The owner's trip to Exact and back: the code on the redirect."""
    answer = requests.get(
        exact_oauth.authorize_url(app, "state-1"), allow_redirects=False, timeout=5
    )
    assert answer.status_code == 302
    back = urlparse(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == app.redirect_uri
    query = parse_qs(back.query)
    assert query["state"] == ["state-1"]
    return query["code"][0]


def test_the_code_from_the_redirect_buys_tokens_once():
    fake = ExactFake(generate(5))
    with served(fake) as url:
        app = ExactApp(fake.client_id, fake.client_secret, "http://innen.test/exact/back", url)
        code = sign_in(app)
        tokens = exact_oauth.exchange_code(app, code, now=1000.0)
        assert tokens.access_token and tokens.refresh_token and tokens.expires_at == 1600.0
        with pytest.raises(SignInNeeded):
            exact_oauth.exchange_code(app, code)


def test_a_refresh_token_works_once():
    fake = ExactFake(generate(5))
    with served(fake) as url:
        app = ExactApp(fake.client_id, fake.client_secret, "http://innen.test/exact/back", url)
        first = exact_oauth.exchange_code(app, sign_in(app))
        second = exact_oauth.refresh(app, first.refresh_token)
        assert second.refresh_token != first.refresh_token
        with pytest.raises(SignInNeeded):
            exact_oauth.refresh(app, first.refresh_token)
        assert exact_oauth.refresh(app, second.refresh_token).access_token


def test_a_wrong_client_secret_is_refused():
    fake = ExactFake(generate(5))
    with served(fake) as url:
        app = ExactApp(fake.client_id, "wrong", "http://innen.test/exact/back", url)
        with pytest.raises(SignInNeeded):
            exact_oauth.exchange_code(app, sign_in(app))


def test_the_signed_in_user_sees_the_current_division_and_the_list():
    fake = ExactFake(generate(5))
    with served(fake) as url:
        app = ExactApp(fake.client_id, fake.client_secret, "http://innen.test/exact/back", url)
        client = ExactClient(app, MemoryStore(exact_oauth.exchange_code(app, sign_in(app))))
        division = current_division(client)
        assert division == fake.admin.division
        assert divisions(client, division) == [(division, "Fake B.V.")]
        assert client.limits.minutely_remaining is not None


def test_another_division_is_refused_as_needing_a_new_sign_in():
    fake = ExactFake(generate(5))
    with served(fake) as url:
        package, _ = signed_in(fake, url)
        package.division = 999
        with pytest.raises(SignInNeeded):
            list(package.changes(""))


def test_the_exact_adapter_and_its_fake_import_no_django():
    probe = (
        "import sys, innen.connectors.exact, innen.connectors.fakes.exact_fake; "
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'django')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
