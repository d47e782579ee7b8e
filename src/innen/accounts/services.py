"""Two factors: every write about how a user signs in (members and roles: `members`).

A user's second factor is one confirmed TOTP device (an authenticator app) plus one static
device holding their single-use recovery codes. Both come and go together.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from innen.organisations.models import Organisation

RECOVERY_CODE_COUNT = 10


def totp_device(user: AbstractBaseUser) -> TOTPDevice | None:
    """Return the user's confirmed authenticator, or None when they have not set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def totp_device_start(user: AbstractBaseUser) -> TOTPDevice:
    """Return the authenticator being set up (not yet confirmed), making it if needed.

    The same secret is shown until it is confirmed, so reloading the page does not
    invalidate what the user already scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(device: TOTPDevice, code: str) -> bool:
    """Confirm the authenticator with its first code; return whether the code was right."""
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not locked.verify_token(normalise(code)):
        return False
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=locked.user_id, confirmed=False).delete()
    device.refresh_from_db()
    return True


@transaction.atomic
def recovery_codes_make(user: AbstractBaseUser) -> list[str]:
    """Replace the user's recovery codes with new ones and return them (shown only once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: AbstractBaseUser) -> int:
    left: int = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return left


def normalise(code: str) -> str:
    """A code as typed: spaces and dashes people add for reading are dropped."""
    return "".join(code.split()).replace("-", "").lower()


def device_for_code(user: AbstractBaseUser, code: str) -> Device | None:
    """Return the device that accepts `code` (six digits: the app; else a recovery code).

    A recovery code is used up by this call. Each device counts its wrong codes and makes
    the user wait longer after each (django-otp's throttling), so codes cannot be guessed.
    """
    code = normalise(code)
    if not code:
        return None
    devices: type[TOTPDevice] | type[StaticDevice] = (
        TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    )
    with transaction.atomic():
        for device in devices.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


@transaction.atomic
def two_factor_remove(user: AbstractBaseUser) -> None:
    """Remove the authenticator and the recovery codes: sign-in is by password alone again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def organisation_two_factor_set(*, organisation: Organisation, required: bool) -> None:
    organisation.require_two_factor = required
    organisation.save(update_fields=["require_two_factor"])
