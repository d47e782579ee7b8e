"""What an invoice's claim adds to its principal on a day: the interest and collection costs
a payment beyond the principal pays (art. 6:44 BW).

The claim (what the law allows and the organisation claims, less what was waived) is
computed above the ledger, by the outbox (`outbox.invoice_claim.charges_owed`), which hands
it in when the apps load; the ledger imports nothing from it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

# {invoice id: principal open just before the payment}, the payment's day → {id: charges}
ChargesOn = Callable[[Mapping[int, Decimal], date], Mapping[int, Decimal]]
# The invoices' ids → their `ChargesOn`, which reads what it needs of them once, here.
Owed = Callable[[Collection[int]], ChargesOn]

_owed: Owed | None = None


def charges_from(owed: Owed) -> None:
    """The interest and costs claimed on invoices at a principal on a day: the outbox's."""
    global _owed
    _owed = owed


def charges_owed(invoice_ids: Collection[int]) -> ChargesOn:
    """For `invoice_ids`: per invoice of the principals it is given (each open before a
    payment), the interest and costs claimed on it on the payment's day. Load it once for
    all the invoices a batch of payments names: it reads the rows it needs at once."""
    if _owed is None:
        # Without it a payment of the whole claim would pay the next invoice instead.
        raise ImproperlyConfigured("the outbox app hands in the claim's charges when it loads")
    return _owed(invoice_ids)
