"""Brute force: five wrong passwords lock that username from that address for a while."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, password, username="alice", address="192.0.2.10"):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def test_the_limit_is_five_failures_for_fifteen_minutes():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_four_wrong_passwords_still_let_the_right_one_in(client, alice):
    for _n in range(4):
        assert attempt(client, "wrong").status_code == 400
    assert attempt(client, PASSWORD).status_code == 302
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_after_five_wrong_passwords_even_the_right_one_is_refused_and_the_page_says_so(
    client, alice
):
    for _n in range(4):
        attempt(client, "wrong")
    fifth = attempt(client, "wrong")
    assert fifth.status_code == 429
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert "15 minuten geblokkeerd" in response.content.decode()


def test_the_lock_holds_only_that_username_from_that_address(client, alice, bob):
    for _n in range(5):
        attempt(client, "wrong")
    assert attempt(client, PASSWORD, address="198.51.100.7").status_code == 302
    client.logout()
    assert attempt(client, PASSWORD, username="bob").status_code == 302


def test_the_sign_in_page_states_the_rule(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "After 5 wrong passwords" in html


def attempt_via_proxy(client, password, forwarded_for, username="alice"):
    data = {"username": username, "password": password}
    return client.post(
        reverse("login"), data, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
    )


def test_behind_a_proxy_a_lock_holds_only_the_client_that_earned_it(client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _n in range(5):
        attempt_via_proxy(client, "wrong", "192.0.2.10")
    assert attempt_via_proxy(client, PASSWORD, "192.0.2.10").status_code == 429
    assert attempt_via_proxy(client, PASSWORD, "198.51.100.7").status_code == 302


def test_behind_a_proxy_a_forged_forwarded_for_does_not_lift_the_lock(client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        attempt_via_proxy(client, "wrong", f"198.51.100.{n}, 192.0.2.10")
    assert attempt_via_proxy(client, PASSWORD, "198.51.100.99, 192.0.2.10").status_code == 429
