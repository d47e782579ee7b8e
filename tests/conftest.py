"""Settings every test shares."""

import pytest

# One browser for every folder's browser tests (see tests/browser/support.py).
from tests.browser.support import browser, page  # noqa: F401


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    # Letters and e-mails kept as sent are files: never in the working tree's var/.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashes with Argon2 (about a second here, by design); tests make many users.
    # tests/accounts/test_passwords.py checks the production list itself.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
