"""What follows in the layers above when a customer's invoices are paid, credited or written off.

Collection sits above the ledger, so the ledger cannot withdraw the letters collection queued
for an invoice that is settled now. Collection hands its withdrawal in when the apps load
(`innen.collection.apps`); the services call it in their own transaction, so a payment and the
withdrawal it causes, with its dossier event, are written together or not at all, whoever
records the payment (bank, portal, API, CSV import, the desk).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date

from django.utils import timezone

Settled = Callable[[Collection[int], date], object]

_settled: Settled | None = None


def when_settled(settled: Settled) -> None:
    """Let `settled(customer_ids, today)` follow every payment, credit note and write-off."""
    global _settled
    _settled = settled


def settled(customer_ids: Collection[int], today: date | None = None) -> None:
    """Tell the layers above that these customers' invoices may be settled now."""
    if _settled is not None and customer_ids:
        _settled(customer_ids, today or timezone.localdate())
