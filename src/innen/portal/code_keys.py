"""How a portal code is kept under the site's secret key, so it outlives a change of that key.

A row holds a random nonce, an offset and a keyed hash of the code. The code is
(pad + offset) mod 32^8, written in the code alphabet, where the pad is an HMAC of the
nonce under a secret key: without that key the row says nothing about the code. A new code
has offset 0. When SECRET_KEY changes and the old key stays in SECRET_KEY_FALLBACKS, a code
is still read with the old key, and `rekeyed` moves it under the new one by choosing the
offset that gives the same code: letters already printed keep working.

    under the old key: code = pad_old(nonce) + 0          → "KX7P-M2QD" on the letters
    under the new key: offset = code − pad_new(nonce)     → pad_new + offset = "KX7P-M2QD"
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8
SPACE = len(ALPHABET) ** LENGTH
_CODE_SALT = "innen.portal.code"
_HASH_SALT = "innen.portal.code-hash"
_KEY_ID_SALT = "innen.portal.code-key"


@dataclass(frozen=True)
class Sealed:
    """What the database keeps of a code: never the code itself."""

    nonce: str
    offset: int
    code_hash: str
    key_id: str


def site_keys() -> Iterator[str]:
    """SECRET_KEY first, then the keys it replaced that are still accepted."""
    yield settings.SECRET_KEY
    yield from settings.SECRET_KEY_FALLBACKS


def key_id(key: str) -> str:
    """A short name for `key` that does not reveal it: which key a row was sealed with."""
    return salted_hmac(_KEY_ID_SALT, "", secret=key, algorithm="sha256").hexdigest()[:16]


def code_hash(code: str, key: str) -> str:
    return salted_hmac(_HASH_SALT, code, secret=key, algorithm="sha256").hexdigest()


def new_code(key: str) -> Sealed:
    """A new random code, sealed under `key`."""
    nonce = secrets.token_hex(16)
    return Sealed(nonce, 0, code_hash(_code(_pad(nonce, key)), key), key_id(key))


def rekeyed(row: Sealed, code: str, key: str) -> Sealed:
    """The same `code` (as `unsealed` read it), sealed under `key` instead."""
    offset = (_number(code) - _pad(row.nonce, key)) % SPACE
    return Sealed(row.nonce, offset, code_hash(code, key), key_id(key))


def unsealed(row: Sealed) -> tuple[str, str] | None:
    """The code in `row` and the site key that opened it, or None when no key does."""
    for key in site_keys():
        code = _code(_pad(row.nonce, key) + row.offset)
        if code_hash(code, key) == row.code_hash:
            return code, key
    return None


def _pad(nonce: str, key: str) -> int:
    digest = salted_hmac(_CODE_SALT, nonce, secret=key, algorithm="sha256").digest()
    return int.from_bytes(digest[:8], "big")


def _code(number: int) -> str:
    """The code for `number` (mod 32^8): its base-32 digits, least significant first."""
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def _number(code: str) -> int:
    """The inverse of `_code`, modulo 32^8."""
    return sum(ALPHABET.index(ch) * len(ALPHABET) ** place for place, ch in enumerate(code))
