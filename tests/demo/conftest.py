import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every load sets the demo user's password; the real hasher takes half a second on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
