"""A connection's rows stay with their organisation (`innen.dbguards`)."""

from innen.connections.models import Connection, ExternalRef, Unmapped
from innen.dbguards import same_organisation

GUARDS = [
    same_organisation(Connection),
    same_organisation(ExternalRef, "connection", "customer", "invoice", "credit_note", "payment"),
    same_organisation(Unmapped, "connection"),
]
