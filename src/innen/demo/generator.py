"""The demo organisation's data, made from a seed and a date: pure Python, no Django.

`generate(today)` returns the same `Demo` for the same `today` and seed, so a demo can be
rebuilt exactly and tests can rely on it. The date is always passed in, never read here.

>>> demo = generate(date(2026, 11, 23), customers=12)
>>> len(demo.customers), demo.organisation.name
(12, 'Groothandel Van der Berg B.V.')
"""

import random
from dataclasses import replace
from datetime import date

from innen.demo.behaviour import Behaviour, behave
from innen.demo.customers import make_customers
from innen.demo.facts import (
    Demo,
    DemoCreditNote,
    DemoCustomer,
    DemoInvoice,
    DemoPayment,
    OrganisationFacts,
)
from innen.demo.invoices import make_invoices
from innen.demo.situations import make_situation
from innen.law.references import make_payment_reference

DEFAULT_SEED = 20261123
DEFAULT_CUSTOMERS = 300
INVOICES_PER_CUSTOMER = 50 / 3  # 5,000 invoices for 300 customers

ORGANISATION = OrganisationFacts(
    name="Groothandel Van der Berg B.V.",
    kvk_number="71842396",
    vat_number="NL908301662B01",
    iban="NL07RABO0485280841",
    bic="RABONL2U",
    street="Handelsweg 14",
    postcode="8013 NP",
    city="Zwolle",
    email="debiteuren@groothandelvanderberg.example",
    phone="038 421 55 00",
    website="https://www.groothandelvanderberg.example",
)


def generate(
    today: date,
    seed: int = DEFAULT_SEED,
    customers: int = DEFAULT_CUSTOMERS,
    invoices: int | None = None,
) -> Demo:
    """Return the demo data for `today`: about 50/3 invoices a customer unless `invoices` says."""
    if customers < 1:
        raise ValueError("the demo needs at least one customer")
    people = make_customers(random.Random(f"{seed}/customers"), customers)
    situations = {
        c.number: make_situation(random.Random(f"{seed}/situation/{c.number}"), c, today)
        for c in people
    }
    total = invoices if invoices is not None else round(customers * INVOICES_PER_CUSTOMER)
    billed = make_invoices(
        random.Random(f"{seed}/invoices"), people, situations, total, _payment_reference
    )
    grouped = _by_customer(people, billed)
    behaviours = [
        behave(
            random.Random(f"{seed}/behaviour/{c.number}"),
            c,
            situations[c.number],
            grouped[c.number],
            today,
        )
        for c in people
    ]
    return Demo(
        today=today,
        seed=seed,
        organisation=ORGANISATION,
        customers=people,
        invoices=billed,
        credit_notes=_number_credit_notes(behaviours),
        payments=_number_payments(behaviours),
    )


def _by_customer(
    customers: tuple[DemoCustomer, ...], invoices: tuple[DemoInvoice, ...]
) -> dict[str, list[DemoInvoice]]:
    grouped: dict[str, list[DemoInvoice]] = {c.number: [] for c in customers}
    for invoice in invoices:
        grouped[invoice.customer_number].append(invoice)
    return grouped


def _payment_reference(invoice_number: str) -> str:
    # The 16-digit betalingskenmerk carries the invoice number's digits, so a bank line
    # quoting it leads straight back to the invoice.
    return make_payment_reference(invoice_number.replace("-", ""))


def _number_credit_notes(behaviours: list[Behaviour]) -> tuple[DemoCreditNote, ...]:
    notes = sorted(
        (n for b in behaviours for n in b.credit_notes),
        key=lambda n: (n.issue_date, n.invoice_number),
    )
    counters: dict[int, int] = {}
    numbered = []
    for note in notes:
        year = note.issue_date.year
        counters[year] = counters.get(year, 0) + 1
        numbered.append(replace(note, number=f"CN{year}-{counters[year]:04d}"))
    return tuple(numbered)


def _number_payments(behaviours: list[Behaviour]) -> tuple[DemoPayment, ...]:
    # The reference stands for the bank's transaction id: unique, in booking order.
    payments = sorted(
        (p for b in behaviours for p in b.payments),
        key=lambda p: (p.date, p.customer_number, p.designated, p.amount),
    )
    return tuple(
        replace(p, reference=f"DEMO-{p.date:%Y%m%d}-{i:05d}") for i, p in enumerate(payments, 1)
    )
