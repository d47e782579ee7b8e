"""The portal link in every message: it opens the customer's own open items, and nothing else."""

from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from django.core import signing

from innen.outbox.links import SALT, portal_token, portal_url, read_portal_token
from innen.outbox.models import SenderSettings
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer():
    org = factories.organisation()
    customer = factories.customer(org)
    factories.invoice(org, customer, total="250.00", due=date(2026, 10, 1), number="F-2026-0042")
    return customer


def test_the_link_shows_the_customers_open_invoices(client, customer):
    response = client.get(f"/portal/{portal_token(customer.organisation_id, customer.pk)}/")
    assert response.status_code == 200
    assert "F-2026-0042" in response.content.decode()
    assert "NL91ABNA0417164300" in response.content.decode()
    assert response.context["qr"].startswith("data:image/svg+xml")
    assert "xmlns" in unquote(response.context["qr"])  # an <img> shows only a namespaced SVG


def test_the_link_is_built_on_the_site_url(settings, customer):
    settings.SITE_URL = "https://innen.example/"
    assert portal_url(1, 2).startswith("https://innen.example/portal/")


def test_a_forged_token_is_refused_without_saying_why(client, customer):
    token = portal_token(customer.organisation_id, customer.pk)
    forged = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    response = client.get(f"/portal/{forged}/")
    assert response.status_code == 404
    assert "F-2026-0042" not in response.content.decode()


def test_a_token_for_another_organisations_customer_is_refused(client, customer):
    other = factories.organisation(name="Ander B.V.")
    response = client.get(f"/portal/{portal_token(other.pk, customer.pk)}/")
    assert response.status_code == 404


def test_an_expired_token_is_refused(client, customer, monkeypatch):
    SenderSettings.objects.create(organisation=customer.organisation, portal_link_days=1)
    token = portal_token(customer.organisation_id, customer.pk)
    assert read_portal_token(token, timedelta(days=1)) is not None
    real_time = signing.time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + 2 * 86400)
    response = client.get(f"/portal/{token}/")
    assert response.status_code == 404


def test_a_refusal_is_the_plain_page_whatever_the_reason(client, customer):
    response = client.get("/portal/not-a-token/")
    assert response.status_code == 404
    assert response.templates[0].name == "portal/refused.html"


def test_a_token_signed_for_something_else_is_refused(client, customer):
    token = signing.dumps({"o": customer.organisation_id, "c": customer.pk}, salt="other")
    assert read_portal_token(token, timedelta(days=1)) is None
    assert SALT != "other"
    assert client.get(f"/portal/{token}/").status_code == 404


def test_a_link_signed_with_the_old_key_opens_while_that_key_is_a_fallback(settings, customer):
    settings.SECRET_KEY = "old-" + "o" * 50
    token = portal_token(customer.organisation_id, customer.pk)
    settings.SECRET_KEY = "new-" + "n" * 50
    settings.SECRET_KEY_FALLBACKS = ["old-" + "o" * 50]
    assert read_portal_token(token, timedelta(days=30)) is not None
    settings.SECRET_KEY_FALLBACKS = []
    assert read_portal_token(token, timedelta(days=30)) is None
