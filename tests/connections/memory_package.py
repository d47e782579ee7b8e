"""A package held in memory: the smallest `Package`, for the sync's own tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from innen.connectors.errors import PackageError
from innen.connectors.records import Batch, ExternalContact, ExternalInvoice, ExternalPayment


@dataclass
class MemoryPackage:
    """Records in order; a batch is `size` invoices with their contacts and payments.

    The cursor is the number of invoices already given. `fail_after` raises `failure` after
    that many batches of one `changes` call (then forgets it)."""

    contacts: dict[str, ExternalContact] = field(default_factory=dict)
    invoices: list[ExternalInvoice] = field(default_factory=list)
    payments: list[ExternalPayment] = field(default_factory=list)
    size: int = 10
    fail_after: int | None = None
    failure: BaseException = field(default_factory=lambda: PackageError("boom"))
    name: str = "memory"

    def changes(self, cursor: str) -> Iterator[Batch]:
        start = int(cursor or 0)
        for given, at in enumerate(range(start, len(self.invoices), self.size)):
            if self.fail_after is not None and given == self.fail_after:
                self.fail_after = None
                raise self.failure
            some = self.invoices[at : at + self.size]
            ids = {i.external_id for i in some}
            yield Batch(
                contacts=tuple({self.contacts[i.contact_external_id] for i in some}),
                invoices=tuple(some),
                payments=tuple(p for p in self.payments if p.invoice_external_id in ids),
                cursor=str(at + len(some)),
                progress=(at + len(some), len(self.invoices)),
            )
