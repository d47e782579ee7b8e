"""The outbox moved from /letters/ to /outbox/: old bookmarks are sent on for good."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_outbox_lives_at_outbox():
    assert reverse("outbox") == "/outbox/"
    assert reverse("template-list") == "/outbox/templates/"


def test_an_old_letters_address_redirects_permanently(client_alice):
    response = client_alice.get("/letters/templates/?kind=reminder")
    assert response.status_code == 301
    assert response["Location"] == "/outbox/templates/?kind=reminder"


def test_the_old_outbox_root_redirects_permanently(client_alice):
    response = client_alice.get("/letters/")
    assert response.status_code == 301
    assert response["Location"] == "/outbox/"
