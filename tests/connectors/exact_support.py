"""The Exact Online fake on a local port, and the adapter pointed at it (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from innen.connectors.exact import ExactPackage
from innen.connectors.exact_http import ExactClient
from innen.connectors.exact_oauth import ExactApp
from innen.connectors.fakes.exact_data import Administration
from innen.connectors.fakes.exact_fake import ExactFake, serve
from innen.connectors.package import Tokens
from innen.connectors.records import Batch, ExternalInvoice, ExternalPayment, InvoiceState

served = serve


@dataclass
class MemoryStore:
    tokens: Tokens
    saved: list[Tokens] = field(default_factory=list)

    def load(self) -> Tokens:
        return self.tokens

    def save(self, tokens: Tokens) -> None:
        self.tokens = tokens
        self.saved.append(tokens)


def signed_in(
    fake: ExactFake, base_url: str, **client_options: object
) -> tuple[ExactPackage, MemoryStore]:
    """The adapter with tokens as an owner's sign-in left them."""
    issued = fake.issue_tokens()
    store = MemoryStore(Tokens(issued["access_token"], issued["refresh_token"], 0.0))
    app = ExactApp(fake.client_id, fake.client_secret, "http://innen.test/exact/back", base_url)
    client = ExactClient(app, store, **client_options)  # type: ignore[arg-type]
    return ExactPackage(client, fake.admin.division), store


@dataclass
class Applied:
    """What a sync applying the batches would hold: records upserted by external id."""

    invoices: dict[str, ExternalInvoice] = field(default_factory=dict)
    payments: dict[str, ExternalPayment] = field(default_factory=dict)
    contacts: set[str] = field(default_factory=set)
    delivered: int = 0  # records delivered, duplicates included
    cursor: str = ""

    def apply(self, batch: Batch) -> None:
        self.delivered += len(batch.invoices) + len(batch.payments) + len(batch.contacts)
        self.invoices.update((i.external_id, i) for i in batch.invoices)
        self.payments.update((p.external_id, p) for p in batch.payments)
        self.contacts.update(c.external_id for c in batch.contacts)
        self.cursor = batch.cursor

    @property
    def distinct(self) -> int:
        return len(self.invoices) + len(self.payments) + len(self.contacts)

    def open_items(self) -> dict[str, Decimal]:
        """Per sent invoice: what is open (credit notes are matched on the invoice's side)."""
        paid: dict[str, Decimal] = {}
        for p in self.payments.values():
            paid[p.invoice_external_id] = paid.get(p.invoice_external_id, Decimal(0)) + p.amount
        open_items = {}
        for key, invoice in self.invoices.items():
            if invoice.state is InvoiceState.OPEN and not invoice.is_credit_note:
                open_items[key] = invoice.total - paid.get(key, Decimal(0))
        return open_items


def package_open_items(admin: Administration) -> dict[str, Decimal]:
    """The truth in the fake: each sent invoice's open pieces."""
    return {
        str(i.number): admin.open_amount(i.number)
        for i in admin.invoices.values()
        if i.number is not None and i.amount > 0
    }
