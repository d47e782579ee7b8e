"""What the Moneybird fake holds: administrations, contacts, sales invoices, payments, tokens.

Invoices are kept as the JSON Moneybird returns; every change gives the invoice a new
`version` and `updated_at`, as Moneybird does. `seed` makes a deterministic administration
with open, partly paid, paid, credited and uncollectible invoices.
"""

from __future__ import annotations

import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from innen.money import round_cents

OPEN_STATES = {"open", "pending_payment", "reminded", "late"}


@dataclass
class Grant:
    access_token: str
    refresh_token: str
    expires_at: float | None  # None: a personal token, or OAuth without expiry


@dataclass
class Administration:
    id: str
    name: str
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    invoices: dict[str, dict[str, Any]] = field(default_factory=dict)
    webhooks: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class MoneybirdData:
    clock: Callable[[], float] = time.time
    administrations: dict[str, Administration] = field(default_factory=dict)
    grants: dict[str, Grant] = field(default_factory=dict)  # by access token
    codes: dict[str, str] = field(default_factory=dict)  # authorization code -> redirect_uri
    client_id: str = "innen-client"
    client_secret: str = "innen-secret"
    expires_in: int | None = 3600
    _ids: Any = field(default_factory=lambda: itertools.count(400_000_000_000_000_001))
    _versions: Any = field(default_factory=lambda: itertools.count(1_700_000_000))

    def next_id(self) -> str:
        return str(next(self._ids))

    def administration(self, admin_id: str, name: str = "") -> Administration:
        if admin_id not in self.administrations:
            self.administrations[admin_id] = Administration(admin_id, name or f"Bedrijf {admin_id}")
        return self.administrations[admin_id]

    # Tokens -----------------------------------------------------------------------------

    def personal_token(self) -> str:
        token = secrets.token_hex(16)
        self.grants[token] = Grant(token, "", None)
        return token

    def issue(self) -> Grant:
        expires = self.clock() + self.expires_in if self.expires_in else None
        grant = Grant(secrets.token_hex(16), secrets.token_hex(16), expires)
        self.grants[grant.access_token] = grant
        return grant

    def refresh(self, refresh_token: str) -> Grant | None:
        """A new grant for a known refresh token; the old one stops working (rotation)."""
        for token, grant in list(self.grants.items()):
            if grant.refresh_token and grant.refresh_token == refresh_token:
                del self.grants[token]
                return self.issue()
        return None

    def valid(self, token: str) -> bool:
        grant = self.grants.get(token)
        return grant is not None and (grant.expires_at is None or grant.expires_at > self.clock())

    def expire_tokens(self) -> None:
        """Every access token expires now (their refresh tokens still work)."""
        for grant in self.grants.values():
            grant.expires_at = self.clock() - 1

    def revoke_all(self) -> None:
        self.grants.clear()

    # Records -----------------------------------------------------------------------------

    def touch(self, record: dict[str, Any]) -> None:
        record["version"] = next(self._versions)
        record["updated_at"] = self.clock()

    def add_contact(self, admin: Administration, number: int) -> dict[str, Any]:
        company = number % 4 != 0
        contact = {
            "id": self.next_id(),
            "administration_id": admin.id,
            "company_name": f"Klant {number} B.V." if company else "",
            "firstname": "" if company else "Jan",
            "lastname": "" if company else f"Jansen {number}",
            "customer_id": str(1000 + number),
            "email": f"klant{number}@example.nl",
            "address1": f"Dorpsstraat {number}",
            "zipcode": "1234 AB",
            "city": "Utrecht",
            "country": "NL",
        }
        self.touch(contact)
        admin.contacts[contact["id"]] = contact
        return contact

    def add_invoice(
        self,
        admin: Administration,
        contact: dict[str, Any],
        number: str,
        total: Decimal,
        day: date,
        state: str = "open",
        credits: str = "",
    ) -> dict[str, Any]:
        excl = round_cents(total / Decimal("1.21"))
        invoice = {
            "id": self.next_id(),
            "administration_id": admin.id,
            "contact_id": contact["id"],
            "contact": contact,
            "invoice_id": number,
            "state": state,
            "invoice_date": day.isoformat(),
            "due_date": (day + timedelta(days=14)).isoformat(),
            "currency": "EUR",
            "total_price_excl_tax": str(excl),
            "total_price_incl_tax": str(total),
            "original_sales_invoice_id": credits or None,
            "payment_reference": f"RF{number.replace('-', '')}",
            "payments": [],
            "url": f"https://moneybird.com/{admin.id}/sales_invoices/{number}",
        }
        self.touch(invoice)
        admin.invoices[invoice["id"]] = invoice
        return invoice

    def pay(
        self,
        admin: Administration,
        invoice: dict[str, Any],
        amount: Decimal,
        day: date,
        credit_invoice_id: str = "",
    ) -> dict[str, Any]:
        payment = {
            "id": self.next_id(),
            "invoice_type": "SalesInvoice",
            "invoice_id": invoice["id"],
            "price": str(amount),
            "payment_date": day.isoformat(),
            "credit_invoice_id": credit_invoice_id or None,
            "updated_at": self.clock(),
        }
        invoice["payments"].append(payment)
        if unpaid(invoice) <= 0:
            invoice["state"] = "paid"
        self.touch(invoice)
        return payment

    def pay_back(self, invoice: dict[str, Any], amount: Decimal, day: date) -> dict[str, Any]:
        """Money paid back on the invoice (a refund): a payment of minus `amount`, as
        Moneybird books one; what it paid back is open again, a paid invoice open."""
        payment = {
            "id": self.next_id(),
            "invoice_type": "SalesInvoice",
            "invoice_id": invoice["id"],
            "price": str(-amount),
            "payment_date": day.isoformat(),
            "credit_invoice_id": None,
            "updated_at": self.clock(),
        }
        invoice["payments"].append(payment)
        if invoice["state"] == "paid" and unpaid(invoice) > 0:
            invoice["state"] = "open"
        self.touch(invoice)
        return payment

    def unpay(self, invoice: dict[str, Any]) -> dict[str, Any]:
        """Delete the invoice's last payment: a paid invoice is open again."""
        payment: dict[str, Any] = invoice["payments"].pop()
        if invoice["state"] == "paid" and unpaid(invoice) > 0:
            invoice["state"] = "open"
        self.touch(invoice)
        return payment

    def credit(self, admin: Administration, invoice: dict[str, Any], day: date) -> dict[str, Any]:
        """A credit invoice for the whole invoice: both are paid, as in Moneybird."""
        total = Decimal(invoice["total_price_incl_tax"])
        note = self.add_invoice(
            admin,
            invoice["contact"],
            f"C{invoice['invoice_id']}",
            -total,
            day,
            "paid",
            credits=invoice["id"],
        )
        self.pay(admin, invoice, unpaid(invoice), day, credit_invoice_id=note["id"])
        return note

    def open_items(self, admin_id: str) -> dict[str, Decimal]:
        """Invoice number -> what is still open, as Moneybird sees it."""
        admin = self.administrations[admin_id]
        return {
            inv["invoice_id"]: unpaid(inv)
            for inv in admin.invoices.values()
            if inv["state"] in OPEN_STATES and unpaid(inv) > 0
        }


def unpaid(invoice: dict[str, Any]) -> Decimal:
    paid = sum((Decimal(p["price"]) for p in invoice["payments"]), Decimal("0"))
    return Decimal(invoice["total_price_incl_tax"]) - paid


def seed(data: MoneybirdData, admin_id: str, invoices: int, contacts: int = 200) -> None:
    """An administration with `invoices` sent invoices (and their credit notes on top)."""
    admin = data.administration(admin_id, "Bakkerij De Korenschoof")
    people = [data.add_contact(admin, n) for n in range(contacts)]
    start = date(2026, 1, 1)
    for n in range(invoices):
        day = start + timedelta(days=n % 300)
        total = Decimal("100.00") + Decimal("10.50") * (n % 37)
        invoice = data.add_invoice(admin, people[n % contacts], f"2026-{n:05d}", total, day)
        if n % 4 == 0:
            data.pay(admin, invoice, total, day + timedelta(days=10))
        elif n % 4 == 1:
            data.pay(admin, invoice, Decimal("50.00"), day + timedelta(days=5))
        elif n % 10 == 7:
            data.credit(admin, invoice, day + timedelta(days=2))
        elif n % 50 == 3:
            invoice["state"] = "uncollectible"
        elif n % 10 == 5:
            invoice["state"] = "late"
    data.add_invoice(admin, people[0], "", Decimal("99.00"), start).update(
        state="draft", invoice_id=None
    )
