"""The administration the Exact Online fake serves: accounts, sales invoices, receivables.

Generated from a seed, so a test knows the truth it must end up with. Every change moves the
fake's clock (milliseconds) and stamps the record's `Modified`, as Exact does; the clock ticks
once per few generated records, so several records share one `Modified` (Exact's bulk imports
do the same), which the adapter's cursor must get right across page boundaries.

A receivable is one piece of an invoice's outstanding item, as in Exact's cashflow/Receivables:
a partial payment splits the open piece into a paid piece (`IsFullyPaid`) and what stays open.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from innen.money import D, round_cents

SALES_INVOICE = 8020
SALES_CREDIT_NOTE = 8021
PROCESSED = 50
DRAFT = 10
SALES_INVOICE_ENTITY = 13  # sync/Deleted's EntityType of a sales invoice (SalesInvoices)
START_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z


@dataclass
class Account:
    id: str
    code: str
    name: str
    email: str
    kvk: str
    city: str
    modified: int


@dataclass
class Invoice:
    id: str
    number: int | None  # a draft has no number yet
    account_id: str
    invoice_date: date
    due_date: date
    amount: Decimal  # including VAT; negative for a credit note
    vat: Decimal
    type: int
    status: int
    modified: int
    currency: str = "EUR"

    @property
    def reference(self) -> str:
        return f"RF{self.number:010d}" if self.number else ""


@dataclass
class Receivable:
    id: str
    invoice_number: int
    account_id: str
    transaction_amount: Decimal  # the invoice's total, signed
    amount: Decimal  # this piece, signed
    fully_paid: bool
    last_payment: date | None
    modified: int
    created: int


@dataclass
class Deletion:
    """A row of `sync/Deleted`: a record deleted in the division."""

    id: str
    timestamp: int  # a rowversion: grows with every deletion, no relation to the clock
    entity_type: int
    entity_key: str
    deleted_date: int  # milliseconds


@dataclass
class Administration:
    """One Exact division's data, with the changes an accountant makes in Exact."""

    division: int = 1234567
    accounts: dict[str, Account] = field(default_factory=dict)
    invoices: dict[str, Invoice] = field(default_factory=dict)
    receivables: dict[str, Receivable] = field(default_factory=dict)
    deleted: list[Deletion] = field(default_factory=list)
    clock: int = START_MS
    last_number: int = 26000000
    rowversion: int = 1000
    _pieces: dict[int, list[str]] = field(default_factory=dict)  # invoice number -> receivables
    _numbers: dict[int, str] = field(default_factory=dict)  # invoice number -> invoice id
    _rng: random.Random = field(default_factory=lambda: random.Random(1))

    def tick(self, ms: int = 1) -> int:
        self.clock += ms
        return self.clock

    def new_id(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def pieces(self, number: int) -> list[Receivable]:
        return [self.receivables[i] for i in self._pieces.get(number, [])]

    def open_amount(self, number: int) -> Decimal:
        return sum((r.amount for r in self.pieces(number) if not r.fully_paid), D("0"))

    def paid_amount(self, number: int) -> Decimal:
        return sum((r.amount for r in self.pieces(number) if r.fully_paid), D("0"))

    def by_number(self, number: int) -> Invoice:
        return self.invoices[self._numbers[number]]

    def add_account(self, name: str, city: str = "Utrecht") -> Account:
        code = str(len(self.accounts) + 1)
        email, kvk = f"debiteur{code}@example.nl", f"{10000000 + len(self.accounts)}"
        account = Account(self.new_id(), code, name, email, kvk, city, self.tick())
        self.accounts[account.id] = account
        return account

    def add_invoice(
        self,
        account_id: str,
        amount: Decimal,
        on: date,
        *,
        credit: bool = False,
        draft: bool = False,
    ) -> Invoice:
        number = None if draft else self._next_number()
        signed = -amount if credit else amount
        vat = round_cents(signed * D("21") / D("121"))
        invoice = Invoice(
            self.new_id(), number, account_id, on, on + timedelta(days=30), signed, vat,
            SALES_CREDIT_NOTE if credit else SALES_INVOICE, DRAFT if draft else PROCESSED,
            self.tick(),
        )  # fmt: skip
        self.invoices[invoice.id] = invoice
        if number is not None:
            self._numbers[number] = invoice.id
            self._add_piece(invoice, signed, fully_paid=False, paid_on=None)
        return invoice

    def _next_number(self) -> int:
        self.last_number += 1
        return self.last_number

    def _add_piece(
        self, invoice: Invoice, amount: Decimal, *, fully_paid: bool, paid_on: date | None
    ) -> Receivable:
        assert invoice.number is not None
        now = self.tick()
        piece = Receivable(
            self.new_id(), invoice.number, invoice.account_id, invoice.amount, amount, fully_paid,
            paid_on, now, now,
        )  # fmt: skip
        self.receivables[piece.id] = piece
        self._pieces.setdefault(invoice.number, []).append(piece.id)
        return piece

    def pay(self, number: int, amount: Decimal, on: date) -> None:
        """Match `amount` (positive; for a credit note: the part used) against the open piece."""
        invoice = self.by_number(number)
        open_piece = next(r for r in self.pieces(number) if not r.fully_paid)
        signed = amount if invoice.amount > 0 else -amount
        if abs(signed) > abs(open_piece.amount):
            raise ValueError(f"{amount} is more than invoice {number} has open")
        open_piece.modified = self.tick()
        open_piece.last_payment = on
        if signed == open_piece.amount:
            open_piece.fully_paid = True
            return
        open_piece.amount -= signed
        self._add_piece(invoice, signed, fully_paid=True, paid_on=on)

    def unpay(self, number: int) -> Receivable:
        """Undo the last payment matched against invoice `number` (Exact: unmatch): its piece
        is open again, with a new Modified."""
        piece = [r for r in self.pieces(number) if r.fully_paid][-1]
        piece.fully_paid, piece.last_payment = False, None
        piece.modified = self.tick()
        return piece

    def credit(self, number: int, amount: Decimal, on: date) -> Invoice:
        """A credit note for `amount` of invoice `number`, matched against it at once."""
        invoice = self.by_number(number)
        note = self.add_invoice(invoice.account_id, amount, on, credit=True)
        assert note.number is not None
        self.pay(number, amount, on)
        self.pay(note.number, amount, on)
        return note

    def change_due_date(self, number: int, due: date) -> None:
        invoice = self.by_number(number)
        invoice.due_date = due
        invoice.modified = self.tick()

    def change_account(self, account_id: str, **fields: str) -> Account:
        """Change an account's name, email or city, as an accountant does in Exact."""
        account = self.accounts[account_id]
        for name, value in fields.items():
            setattr(account, name, value)
        account.modified = self.tick()
        return account

    def delete_invoice(self, number: int) -> Invoice:
        """Delete invoice `number` with its outstanding item, as Exact allows for an entry
        not yet matched or reported; `sync/Deleted` lists it by its GUID."""
        invoice = self.invoices.pop(self._numbers.pop(number))
        for piece_id in self._pieces.pop(number, []):
            del self.receivables[piece_id]
        self.rowversion += 1 + self._rng.randrange(5)  # shared by all entities: gaps
        row = Deletion(self.new_id(), self.rowversion, SALES_INVOICE_ENTITY, invoice.id,
                       self.tick())  # fmt: skip
        self.deleted.append(row)
        return invoice

    def rename(self, account_id: str, name: str) -> None:
        account = self.accounts[account_id]
        account.name = name
        account.modified = self.tick()


def generate(invoices: int, seed: int = 1, records_per_tick: int = 7) -> Administration:
    """An administration with `invoices` sales invoices, credit notes among them, partly paid.

    Of the documents about 5% are drafts, 8% credit notes (each matched against an invoice of
    the same customer), and of the invoices 45% are paid in full and 15% in part.
    """
    admin = Administration(_rng=random.Random(seed))
    rng = random.Random(seed)
    real_tick = admin.tick
    counter = [0]

    def slow_tick(ms: int = 1) -> int:  # several records share one Modified
        counter[0] += 1
        return real_tick(1) if counter[0] % records_per_tick == 0 else admin.clock

    admin.tick = slow_tick  # type: ignore[method-assign]
    customers = [admin.add_account(f"Debiteur {n} B.V.") for n in range(max(1, invoices // 20))]
    made = 0
    issued: list[Invoice] = []
    while made < invoices:
        _generate_one(admin, rng, customers, issued, date(2026, 1, 2) + timedelta(days=made % 300))
        made += 1
    admin.tick = real_tick  # type: ignore[method-assign]
    admin.tick(1000)
    return admin


def _generate_one(
    admin: Administration,
    rng: random.Random,
    customers: list[Account],
    issued: list[Invoice],
    on: date,
) -> None:
    roll = rng.random()
    if roll < 0.08 and issued:
        target = issued[rng.randrange(len(issued))]
        assert target.number is not None
        open_now = admin.open_amount(target.number)
        if open_now > D("1.00"):
            admin.credit(target.number, round_cents(open_now * D(rng.randint(10, 100)) / 100), on)
            return
    customer = customers[rng.randrange(len(customers))]
    amount = round_cents(D(rng.randint(5000, 500000)) / 100)
    invoice = admin.add_invoice(customer.id, amount, on, draft=roll > 0.95)
    if invoice.number is None:
        return
    issued.append(invoice)
    pay_roll = rng.random()
    if pay_roll < 0.45:
        admin.pay(invoice.number, amount, on + timedelta(days=rng.randint(1, 40)))
    elif pay_roll < 0.60:
        part = round_cents(amount * D(rng.randint(10, 90)) / 100)
        admin.pay(invoice.number, part, on + timedelta(days=rng.randint(1, 40)))
