"""Making, finding and revoking API tokens.

A token reads `innen_<prefix>_<secret>`: the prefix (8 hex characters) is public and finds
the row; the secret (32 random bytes) is never stored, only the SHA-256 of the whole token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innen.api.models import ApiToken, Scope
from innen.organisations.models import Organisation

TOKEN_START = "innen_"
TOKEN_SHAPE = re.compile(r"innen_(?P<prefix>[0-9a-f]{8})_[A-Za-z0-9_-]{20,100}")
# Writing last_used_at on every call would make every read a write; a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token, to show once


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, organisation: Organisation, name: str, scope: str, created_by: Any = None
) -> NewToken:
    """Make a token for `organisation`; the returned secret is the only copy there will be."""
    name = name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the token a name, e.g. the system that uses it.")]
    elif len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        errors["name"] = [_("A name holds at most 100 characters.")]
    if scope not in Scope.values:
        errors["scope"] = [_("The scope is read or write.")]
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    user = created_by if created_by is not None and created_by.is_authenticated else None
    token = ApiToken.objects.create(
        organisation=organisation,
        name=name,
        scope=scope,
        prefix=prefix,
        secret_hash=_digest(raw),
        created_by=user,
    )
    return NewToken(token=token, secret=raw)


def api_token_revoke(token: ApiToken) -> ApiToken:
    """Revoke `token` from now on; revoking twice keeps the first moment."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_find(raw: str) -> ApiToken | None:
    """Return the active token `raw` is, or None for a revoked, unknown or malformed one."""
    found = TOKEN_SHAPE.fullmatch(raw)
    if found is None:
        return None
    prefix = found["prefix"]
    token = (
        ApiToken.objects.select_related("organisation", "created_by")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(raw)):
        return None
    _mark_used(token)
    return token


def _mark_used(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # With its organisation, as every write names it (tests/tenant_queries.py).
        mine = ApiToken.objects.filter(organisation_id=token.organisation_id, pk=token.pk)
        mine.update(last_used_at=now)
        token.last_used_at = now
