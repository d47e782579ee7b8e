"""The customer's link to the portal: signed, expiring, naming one customer of one organisation.

The token carries no secret itself; Django's signing (HMAC with SECRET_KEY) makes it
unforgeable and its timestamp lets it expire. The portal (issue 8) reads it with
`read_portal_token`; anything wrong reads as None, so a refusal reveals nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "innen.portal"


@dataclass(frozen=True)
class PortalAccess:
    organisation_id: int
    customer_id: int


def portal_token(organisation_id: int, customer_id: int) -> str:
    return signing.dumps({"o": organisation_id, "c": customer_id}, salt=SALT, compress=True)


def portal_url(organisation_id: int, customer_id: int) -> str:
    base = settings.SITE_URL.rstrip("/")
    return f"{base}/portal/{portal_token(organisation_id, customer_id)}/"


def portal_entry_url() -> str:
    """Where a customer with a letter on paper types its code and postcode."""
    return f"{settings.SITE_URL.rstrip('/')}{reverse('portal-code')}"


def read_portal_token(token: str, valid_for: timedelta) -> PortalAccess | None:
    """The customer a token names, or None when it is forged, garbled or older than allowed."""
    try:
        data = signing.loads(token, salt=SALT, max_age=valid_for)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not {"o", "c"} <= data.keys():
        return None
    try:
        return PortalAccess(int(data["o"]), int(data["c"]))
    except (TypeError, ValueError):
        return None
