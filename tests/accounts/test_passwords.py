"""Passwords are stored as Argon2 hashes; older hashes are still read."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password

from innen.config import settings as production

pytestmark = pytest.mark.django_db


def test_argon2_hashes_new_passwords(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    encoded = make_password("correct-horse-battery-staple")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert encoded.startswith("argon2$argon2id$")


def test_a_pbkdf2_hash_made_before_still_signs_in(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    old = make_password("old-password", hasher="pbkdf2_sha256")
    assert check_password("old-password", old)
