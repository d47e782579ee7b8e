"""Tokens sealed at rest (Fernet), under a key derived from the site's secret.

`CONNECTIONS_KEY` (a setting) is used when set; else the key is derived from `SECRET_KEY`,
and `SECRET_KEY_FALLBACKS` still open what an older key sealed, so the secret can rotate.
"""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from innen.connectors.package import Tokens

PURPOSE = b"innen.connections.tokens"


def _fernet(secret: str) -> Fernet:
    digest = hashlib.sha256(PURPOSE + b"\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    own = getattr(settings, "CONNECTIONS_KEY", "")
    secrets = [own] if own else []
    secrets += [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(secret) for secret in secrets])


def seal(tokens: Tokens) -> str:
    data = {
        "access_token": tokens.access_token,
        "refresh_token": tokens.refresh_token,
        "expires_at": tokens.expires_at,
    }
    return _keys().encrypt(json.dumps(data).encode()).decode()


def unseal(sealed: str) -> Tokens:
    """The tokens `seal` sealed; empty tokens when there are none or no key opens them."""
    if not sealed:
        return Tokens(access_token="")
    try:
        data = json.loads(_keys().decrypt(sealed.encode()))
    except InvalidToken:
        return Tokens(access_token="")
    return Tokens(
        access_token=data["access_token"],
        refresh_token=data.get("refresh_token", ""),
        expires_at=float(data.get("expires_at", 0.0)),
    )
