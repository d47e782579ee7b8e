"""A snapshot's figures stay with their organisation (`innen.dbguards`): habits and funnel
counts are their snapshot's organisation's, and a habit is of one of its customers."""

from innen.dbguards import same_organisation
from innen.insights.models import FunnelCount, PaymentHabit, Snapshot

GUARDS = [
    same_organisation(Snapshot),
    same_organisation(PaymentHabit, "snapshot", "customer"),
    same_organisation(FunnelCount, "snapshot"),
]
