"""Who a portal request is for: one customer of one organisation, or a plain refusal.

Every portal view starts with `portal_access(request, token)`; a token that does not check
out (forged, expired, revoked, another organisation's) raises `PortalRefused`, and the view
answers with the same plain refusal whatever the reason, so a guess learns nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.http import HttpRequest

from innen.ledger.models import Customer
from innen.organisations.models import Organisation
from innen.outbox.links import read_portal_token
from innen.outbox.models import SenderSettings
from innen.portal.revocation import is_revoked

# The longest any organisation may let a link live; its own setting is checked after.
LONGEST = timedelta(days=366)


class PortalRefused(Exception):
    """The request is not for any customer: answer with the plain refusal."""


@dataclass(frozen=True)
class PortalAccess:
    organisation: Organisation
    customer: Customer
    token: str


def portal_access(request: HttpRequest, token: str) -> PortalAccess:
    found = read_portal_token(token, LONGEST)
    if found is None:
        raise PortalRefused
    customer = (
        Customer.objects.filter(pk=found.customer_id, organisation_id=found.organisation_id)
        .select_related("organisation")
        .first()
    )
    if customer is None:
        raise PortalRefused
    sender = SenderSettings.objects.filter(organisation_id=found.organisation_id).first()
    days = sender.portal_link_days if sender else SenderSettings().portal_link_days
    if read_portal_token(token, timedelta(days=days)) is None:
        raise PortalRefused
    if is_revoked(customer, token):
        raise PortalRefused
    return PortalAccess(customer.organisation, customer, token)
