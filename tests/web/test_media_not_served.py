"""Stored files have no public address, in any mode: not with DEBUG on either (the demo)."""

import importlib
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver
from django.views.static import serve

import innen.config.urls
from innen.organisations.models import Membership, Role
from tests import factories
from tests.samplefiles import a_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls_as_the_demo_serves_them(settings) -> Iterator[None]:
    """The URLconf read with DEBUG on, as `make demo` reads it."""
    settings.DEBUG = True
    importlib.reload(innen.config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(innen.config.urls)
    clear_url_caches()


def views(patterns: list[URLPattern | URLResolver]) -> Iterator[object]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from views(pattern.url_patterns)
        else:
            yield pattern.callback


def test_no_route_serves_files_from_a_folder(urls_as_the_demo_serves_them):
    assert serve not in list(views(get_resolver().url_patterns))


def test_an_invoice_pdf_is_not_at_any_media_address(urls_as_the_demo_serves_them, client):
    org = factories.organisation()
    invoice = factories.invoice(org, factories.customer(org))
    invoice.pdf.save("F-1.pdf", ContentFile(a_pdf()))
    owner = User.objects.create_user("olga", password="x-long-password")
    Membership.objects.create(user=owner, organisation=org, role=Role.OWNER)

    for path in (f"/media/{invoice.pdf.name}", f"/{invoice.pdf.name}"):
        assert client.get(path).status_code == 404
        client.force_login(owner)
        assert client.get(path).status_code == 404
        client.logout()
