"""What an invoice's claim adds to its principal on a day: the interest and collection costs
a payment beyond the principal pays (art. 6:44 BW).

The claim (what the law allows and the organisation claims, less what was waived) is
computed above the ledger, by the outbox (`outbox.invoice_claim.charges_owed`), which hands
it in when the apps load; the ledger imports nothing from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

# {invoice id: principal open just before the payment}, the payment's day → {id: charges}
Owed = Callable[[Mapping[int, Decimal], date], Mapping[int, Decimal]]

_owed: Owed | None = None


def charges_from(owed: Owed) -> None:
    """The interest and costs claimed on invoices at a principal on a day: the outbox's."""
    global _owed
    _owed = owed


def charges_owed(principals: Mapping[int, Decimal], day: date) -> Mapping[int, Decimal]:
    """Per invoice of `principals` (its principal open before the payment): the interest and
    costs claimed on it on `day`."""
    if _owed is None:
        # Without it a payment of the whole claim would pay the next invoice instead.
        raise ImproperlyConfigured("the outbox app hands in the claim's charges when it loads")
    return _owed(principals, day) if principals else {}
