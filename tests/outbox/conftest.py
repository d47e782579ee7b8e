"""The outbox tests' mail server and organisation (a tests module may bring its own)."""

from __future__ import annotations

from datetime import date

import pytest

from innen.collection.models import CollectionSettings
from innen.collection.policies import policy_install_defaults
from tests import factories
from tests.outbox.smtp_server import SmtpServer


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        yield server


@pytest.fixture
def org(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    organisation = factories.organisation(
        street="Molenstraat 1", postcode="1234 AB", city="Utrecht", email="debiteuren@bakkerij.nl"
    )
    policy_install_defaults(organisation=organisation)
    CollectionSettings.objects.create(organisation=organisation, starts_on=date(2026, 1, 1))
    return organisation
