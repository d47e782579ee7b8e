"""Deliveries stay with their organisation (`innen.dbguards`): a notice names only its
organisation's customer, documents and posted letter; a delivery only its documents."""

from innen.dbguards import same_organisation
from innen.outbox.models import Delivery

GUARDS = [
    same_organisation(Delivery, "customer", "email", "pdf", "posted_letter"),
]
