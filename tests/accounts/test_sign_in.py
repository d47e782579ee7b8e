"""Sign-in: the password, then for users with an app the code, and only then a session."""

import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from innen.accounts import services, signin_views
from tests.accounts.conftest import PASSWORD
from tests.accounts.helpers import app_code, confirmed_app, wrong_code

pytestmark = pytest.mark.django_db


def password_step(client, username="alice", password=PASSWORD, next_url=""):
    data = {"username": username, "password": password, "next": next_url}
    return client.post(reverse("login"), data)


def test_a_user_without_an_app_is_signed_in_by_password_alone(client, alice):
    response = password_step(client)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(alice.pk)
    assert client.get(reverse("home")).status_code == 200


def test_a_user_with_an_app_is_not_signed_in_by_the_password_alone(client, alice):
    confirmed_app(alice)
    response = password_step(client)
    assert response["Location"] == reverse("two-factor-verify")
    assert SESSION_KEY not in client.session
    assert reverse("login") in client.get(reverse("home"))["Location"]


def test_the_code_from_the_app_finishes_the_sign_in(client, alice):
    device = confirmed_app(alice)
    password_step(client, next_url=reverse("customers"))
    response = client.post(reverse("two-factor-verify"), {"code": app_code(device)})
    assert response["Location"] == reverse("customers")
    assert client.session[SESSION_KEY] == str(alice.pk)
    assert client.get(reverse("home")).status_code == 200


def test_a_wrong_code_is_refused_and_says_so(client, alice):
    device = confirmed_app(alice)
    password_step(client)
    response = client.post(reverse("two-factor-verify"), {"code": wrong_code(device)})
    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_code_from_the_app_works_only_once(client, alice):
    device = confirmed_app(alice)
    code = app_code(device)
    password_step(client)
    client.post(reverse("two-factor-verify"), {"code": code})
    client.logout()
    password_step(client)
    assert client.post(reverse("two-factor-verify"), {"code": code}).status_code == 400


def test_a_recovery_code_signs_in_once(client, alice):
    confirmed_app(alice)
    code = services.recovery_codes_make(alice)[3]
    password_step(client)
    assert client.post(reverse("two-factor-verify"), {"code": code}).status_code == 302
    assert client.session[SESSION_KEY] == str(alice.pk)
    assert services.recovery_codes_left(alice) == services.RECOVERY_CODE_COUNT - 1
    client.logout()
    password_step(client)
    assert client.post(reverse("two-factor-verify"), {"code": code}).status_code == 400
    assert SESSION_KEY not in client.session


def test_recovery_codes_are_read_as_people_type_them(client, alice):
    confirmed_app(alice)
    code = services.recovery_codes_make(alice)[0]
    password_step(client)
    typed = f" {code[:4].upper()}-{code[4:].upper()} "
    assert client.post(reverse("two-factor-verify"), {"code": typed}).status_code == 302


def test_the_password_step_expires_after_a_few_minutes(client, alice, monkeypatch):
    device = confirmed_app(alice)
    password_step(client)
    later = time.time() + signin_views.PENDING_SECONDS + 1
    monkeypatch.setattr(signin_views.time, "time", lambda: later)
    response = client.post(reverse("two-factor-verify"), {"code": app_code(device)})
    assert response["Location"] == reverse("login")
    assert SESSION_KEY not in client.session


def test_the_second_step_without_the_first_goes_back_to_sign_in(client, alice):
    response = client.get(reverse("two-factor-verify"))
    assert response["Location"] == reverse("login")


def test_a_next_page_on_another_site_is_ignored(client, alice):
    response = password_step(client, next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_ten_different_recovery_codes_are_made(alice):
    codes = services.recovery_codes_make(alice)
    assert len(codes) == services.RECOVERY_CODE_COUNT == len(set(codes))
    assert StaticToken.objects.filter(device__user=alice).count() == len(codes)
