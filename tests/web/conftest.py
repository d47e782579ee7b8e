"""The web pages' tests call the owner persona (tests/personas.py) by her name."""

import pytest


@pytest.fixture
def alice(owner):
    return owner


@pytest.fixture
def client_alice(owner_client):
    return owner_client
