"""What the daily run stores for the dashboard: the figures that read a year of history.

The customers' payment habits and the collection funnel each read a year of payments or
steps, hundreds of thousands of rows in a large ledger, and change little in a day. The
daily run computes them with the same SQL as the dashboard would (`innen.insights.snapshot`);
the dashboard reads today's snapshot when there is one and computes them itself otherwise.
"""

from __future__ import annotations

from django.db import models

from innen.ledger.models import Customer
from innen.organisations.models import Organisation


class Snapshot(models.Model):
    """An organisation's stored figures, as of the end of `taken_on` (one per organisation)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="insights_snapshot"
    )
    taken_on = models.DateField()
    # The median days late of all the organisation's payments: the habit of a customer
    # without payments of their own (none without any payments).
    usual_late_days = models.IntegerField(null=True)

    def __str__(self) -> str:
        return f"{self.organisation} {self.taken_on}"


class PaymentHabit(models.Model):
    """A customer's habit: the median days late (negative: early) of their payments."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="habits")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    late_days = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "customer"], name="one_habit_a_customer")
        ]

    def __str__(self) -> str:
        return f"{self.customer_id}: {self.late_days}"


class FunnelCount(models.Model):
    """Of one step kind: the invoices that reached it in the funnel's year, and those paid."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="funnel")
    kind = models.CharField(max_length=30)
    reached = models.IntegerField()
    paid_within = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "kind"], name="one_count_a_step_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.paid_within}/{self.reached}"
