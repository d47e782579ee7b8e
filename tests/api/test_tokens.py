"""API tokens: shown once, stored as a hash, found by their secret, dead once revoked."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from innen.api.models import ApiToken
from innen.api.tokens import api_token_create, api_token_find, api_token_revoke

pytestmark = pytest.mark.django_db


def test_only_the_hash_of_a_token_is_stored(org):
    made = api_token_create(organisation=org, name="boekhouding", scope="read")
    stored = ApiToken.objects.get()
    assert stored.secret_hash == hashlib.sha256(made.secret.encode()).hexdigest()
    assert made.secret not in {str(value) for value in ApiToken.objects.values().get().values()}
    assert made.secret.startswith(f"innen_{stored.prefix}_")


def test_two_tokens_never_share_a_secret_or_prefix(org):
    first = api_token_create(organisation=org, name="a", scope="read")
    second = api_token_create(organisation=org, name="b", scope="read")
    assert first.secret != second.secret
    assert first.token.prefix != second.token.prefix


def test_a_token_is_found_by_its_secret_and_its_use_is_noted(org):
    made = api_token_create(organisation=org, name="a", scope="write")
    found = api_token_find(made.secret)
    assert found == made.token
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_is_not_found(org):
    made = api_token_create(organisation=org, name="a", scope="write")
    api_token_revoke(made.token)
    assert api_token_find(made.secret) is None


def test_a_token_needs_a_name_and_a_known_scope(org):
    with pytest.raises(ValidationError) as refused:
        api_token_create(organisation=org, name=" ", scope="admin")
    assert set(refused.value.message_dict) == {"name", "scope"}
    assert not ApiToken.objects.exists()
