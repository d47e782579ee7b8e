"""Codes as an authenticator app makes them, and clients signed in with two factors."""

import hashlib
import hmac
import struct
import time
from binascii import unhexlify

from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The six digits an app shows for the device's key now (RFC 6238, SHA-1, 30 s)."""
    counter = int(time.time()) // device.step + steps_ahead
    digest = hmac.new(unhexlify(device.key), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**6:06d}"


def wrong_code(device: TOTPDevice) -> str:
    """Six digits the app does not show now, nor a step before or after."""
    near = {app_code(device, steps) for steps in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in near)


def confirmed_app(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def sign_in_verified(client: Client, user: User) -> TOTPDevice:
    """Sign `user` in as if both steps were taken: password and a code from their app."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or confirmed_app(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
