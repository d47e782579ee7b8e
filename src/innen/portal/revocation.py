"""Revoking a customer's portal links: every link made before now stops opening the portal.

A link carries the moment it was signed (Django's signing timestamp, in whole seconds), so
one row per customer with "links valid from" refuses all older links at once, including
those in letters already posted. The printed code is renewed too. A link signed within the
same second as the revocation still opens: revocation is for links that went out earlier.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from innen.dossier.record import actor_name
from innen.ledger.models import Customer
from innen.portal.codes import portal_code_renew
from innen.portal.events import portal_event
from innen.portal.models import PortalRevocation


@transaction.atomic
def portal_links_revoke(customer: Customer, user: Any) -> PortalRevocation:
    """Make every portal link and code the customer has useless; new ones work again."""
    now = timezone.now()
    revocation, _created = PortalRevocation.objects.update_or_create(
        customer=customer,
        defaults={"organisation_id": customer.organisation_id, "links_valid_from": now},
    )
    portal_code_renew(customer)
    portal_event(
        customer.organisation_id,
        customer.pk,
        "links_revoked",
        timezone.localdate(now),
        actor=actor_name(user),
    )
    return revocation


def signed_at(token: str) -> datetime | None:
    """When a token was signed (whole seconds), read from a token whose signature checked out."""
    parts = token.rsplit(":", 2)  # value:timestamp:signature (django.core.signing)
    if len(parts) != 3:
        return None
    try:
        return datetime.fromtimestamp(signing.b62_decode(parts[1]), tz=UTC)
    except (ValueError, OverflowError):
        return None


def is_revoked(customer: Customer, token: str) -> bool:
    revocation = PortalRevocation.objects.filter(customer=customer).first()
    if revocation is None:
        return False
    moment = signed_at(token)
    return moment is None or moment < revocation.links_valid_from.replace(microsecond=0)
