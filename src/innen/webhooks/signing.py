"""Signing a webhook body, and checking a signature the way a receiver should.

The signature is an HMAC-SHA256, keyed with the endpoint's secret, over the timestamp and
the body joined by a dot: `f"{timestamp}.{body}"`. Signing the timestamp too lets a receiver
refuse an old delivery replayed by someone who caught it. The header reads
`t=<timestamp>,v1=<hex>`; a receiver ignores schemes it does not know, so a later `v2` can be
added beside `v1` while secrets are changed.

Pure: no Django, no clock (the timestamp is passed in).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from typing import Any

SCHEME = "v1"
SECRET_PREFIX = "whsec_"
# How old a delivery a receiver accepts, in seconds (the default of `verify`).
TOLERANCE = 300


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def body_bytes(payload: Mapping[str, Any]) -> bytes:
    """The body as sent: compact JSON with sorted keys, the same bytes on every retry."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},{SCHEME}={signature(secret, timestamp, body)}"


def headers(
    secret: str, *, event_type: str, delivery_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "innen-webhooks/1",
        "Innen-Event": event_type,
        "Innen-Delivery": delivery_id,
        "Innen-Timestamp": str(timestamp),
        "Innen-Signature": signature_header(secret, timestamp, body),
    }


def verify(secret: str, header: str, body: bytes, now: int, tolerance: int = TOLERANCE) -> bool:
    """Return whether `header` signs `body` with `secret`, at most `tolerance` seconds ago."""
    parts = [part.split("=", 1) for part in header.split(",") if "=" in part]
    timestamps = [value for key, value in parts if key.strip() == "t"]
    candidates = [value.strip() for key, value in parts if key.strip() == SCHEME]
    if len(timestamps) != 1 or not timestamps[0].strip().isdigit() or not candidates:
        return False
    timestamp = int(timestamps[0])
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
