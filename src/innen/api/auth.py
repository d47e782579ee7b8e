"""`Authorization: Bearer <token>`: which organisation a call is for, and whether it may write.

An unknown, malformed or revoked token is 401; a read token on a route that writes is 403.
The organisation comes from the token only, never from the URL, as on the web pages.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from innen.api.models import ApiToken
from innen.api.tokens import api_token_find
from innen.organisations.models import Organisation
from innen.organisations.requests import as_organisation_request


class TokenAuth(HttpBearer):
    def __init__(self, *, write: bool = False) -> None:
        super().__init__()
        self.write = write

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_find(token.strip())
        if found is None:
            return None
        if self.write and not found.can_write:
            raise AuthorizationError(message=_("This token may read, not write."))
        as_organisation_request(request).organisation = found.organisation
        return found


READ = TokenAuth()
WRITE = TokenAuth(write=True)


def token_of(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


def organisation_of(request: HttpRequest) -> Organisation:
    return token_of(request).organisation


def user_of(request: HttpRequest) -> Any:
    """The person answerable for the call: who made the token (None for one made on the CLI)."""
    return token_of(request).created_by
