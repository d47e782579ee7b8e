"""Setting up the authenticator app, recovery codes, and turning it off again."""

from base64 import b32encode
from binascii import unhexlify

import pytest
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from innen.accounts import services
from tests.accounts.helpers import app_code, sign_in_verified, wrong_code

pytestmark = pytest.mark.django_db


def test_setup_shows_the_qr_code_inline_and_the_secret(client, alice):
    client.force_login(alice)
    response = client.get(reverse("two-factor-setup"))
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    assert response.status_code == 200
    assert html.count("<svg") == 1 and "<img" not in html  # drawn here, no QR service
    assert response.context["secret"].replace(" ", "") == b32encode(unhexlify(device.key)).decode()
    assert response.context["secret"] in html


def test_reloading_setup_keeps_the_secret_already_scanned(client, alice):
    client.force_login(alice)
    first = client.get(reverse("two-factor-setup")).context["secret"]
    assert client.get(reverse("two-factor-setup")).context["secret"] == first


def test_the_first_code_turns_it_on_and_shows_ten_recovery_codes_once(client, alice):
    client.force_login(alice)
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=alice)
    response = client.post(reverse("two-factor-setup"), {"code": app_code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10
    assert all(code in response.content.decode() for code in codes)
    assert services.totp_device(alice) == device
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    again = client.get(reverse("two-factor"))
    assert not any(code in again.content.decode() for code in codes)


def test_a_wrong_first_code_leaves_it_off(client, alice):
    client.force_login(alice)
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=alice)
    response = client.post(reverse("two-factor-setup"), {"code": wrong_code(device)})
    assert response.status_code == 400
    assert services.totp_device(alice) is None
    assert services.recovery_codes_left(alice) == 0


def test_a_first_code_that_is_not_six_digits_is_named(client, alice):
    client.force_login(alice)
    response = client.post(reverse("two-factor-setup"), {"code": "12ab"})
    assert response.status_code == 400
    assert "zes cijfers" in response.content.decode()


def test_new_recovery_codes_replace_the_old_ones(client, alice):
    sign_in_verified(client, alice)
    old = services.recovery_codes_make(alice)
    response = client.post(reverse("two-factor-recovery-codes"))
    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert services.device_for_code(alice, new[0]) is not None
    assert services.device_for_code(alice, old[0]) is None


def test_a_wrong_code_does_not_turn_it_off(client, alice):
    device = sign_in_verified(client, alice)
    response = client.post(reverse("two-factor-remove"), {"code": wrong_code(device)})
    assert response["Location"] == reverse("two-factor")
    assert services.totp_device(alice) is not None


def test_a_right_code_turns_it_off_with_the_recovery_codes(client, alice):
    device = sign_in_verified(client, alice)
    services.recovery_codes_make(alice)
    client.post(reverse("two-factor-remove"), {"code": app_code(device)})
    assert services.totp_device(alice) is None
    assert services.recovery_codes_left(alice) == 0


def test_after_a_wrong_code_even_the_right_one_waits(client, alice):
    # django-otp's throttling: each wrong code doubles the wait, so guessing takes forever.
    device = sign_in_verified(client, alice)
    assert services.device_for_code(alice, wrong_code(device)) is None
    assert services.device_for_code(alice, app_code(device)) is None
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_setup_is_not_offered_again_while_it_is_on(client, alice):
    sign_in_verified(client, alice)
    assert client.get(reverse("two-factor-setup"))["Location"] == reverse("two-factor")
