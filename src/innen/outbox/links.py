"""The customer's way into the portal: a signed link, and the code a letter on paper prints.

The token carries no secret itself; Django's signing (HMAC with SECRET_KEY) makes it
unforgeable and its timestamp lets it expire. The portal (issue 8) reads it with
`read_portal_token`; anything wrong reads as None, so a refusal reveals nothing.

The code belongs to the portal, which sits above the outbox: the portal hands in how a
customer's code is made when the apps load (`portal_codes_from`, innen.portal.apps), so the
outbox prints it without importing the portal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.urls import reverse

if TYPE_CHECKING:
    from innen.ledger.models import Customer

SALT = "innen.portal"
CodeFor = Callable[["Customer"], str]
_code_for: CodeFor | None = None


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


def portal_codes_from(code_for: CodeFor) -> None:
    """Make letters print `code_for(customer)`: the portal's code, handed in by the portal."""
    global _code_for
    _code_for = code_for


def portal_code(customer: Customer) -> str:
    """The code a letter prints for `customer` ("ABCD-EFGH"); "" without the portal app."""
    return _code_for(customer) if _code_for is not None else ""
