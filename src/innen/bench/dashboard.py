"""The credit controller's dashboard over a million invoices: how long its figures take.

One organisation with five years of history: 20,000 business customers, 1,000,000 invoices
issued evenly up to the bench's "today" (30 days to pay), each customer with its own habit
(from 10 days early to 30 days late, give or take 5 days). An invoice whose payment day has
come is paid (a payment and its allocation); every 250th is never paid and every 97th only
half. Collection started 18 months ago: an invoice still open on a step's day has that step
(reminder, call, second reminder, hand-over) as an action with its message sent.

`dashboard_p95_ms` is the 95th percentile over `LOADS` computations of every figure on the
page (`innen.insights.figures.dashboard`); building the data is not timed. On PostgreSQL the
rows go in by COPY; on SQLite (a quick look only) by bulk inserts.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from innen.bench import Figure, benchmark, percentile, refresh_if_allocations
from innen.money import round_cents

TODAY = date(2026, 11, 23)
LOADS = 20
TARGET_MS = 150
HISTORY_DAYS = 5 * 365
TERM_DAYS = 30
COLLECTING_DAYS = 548
NEVER_PAID_EVERY = 250
HALF_PAID_EVERY = 97
# (step kind, days after the due date): the default business ladder, roughly.
STEPS = (("reminder", 7), ("call_task", 14), ("second_reminder", 21), ("handover", 35))
CHUNK = 50_000
VAT_FACTOR = Decimal("1.21")  # every invoice at the standard 21%


@dataclass(frozen=True)
class Scale:
    customers: int = 20_000
    invoices: int = 1_000_000


@benchmark
def dashboard(scale: Scale | None = None) -> Iterator[Figure]:
    from innen.insights.figures import dashboard as figures

    organisation = build(scale or Scale())
    figures(organisation, TODAY)  # warm the caches, as a page someone keeps open would
    samples = []
    for _ in range(LOADS):
        started = time.perf_counter()
        figures(organisation, TODAY)
        samples.append((time.perf_counter() - started) * 1000)
    yield Figure(
        "dashboard_p95_ms", percentile(samples, 0.95), "ms", floor=TARGET_MS, floor_label="target"
    )


def build(scale: Scale) -> Any:
    """The bench organisation with its ledger and collection history (not timed)."""
    from django.db import connection, transaction

    from innen.collection.models import CollectionSettings, PolicyStep
    from innen.collection.policies import policy_install_defaults
    from innen.insights.snapshot import take_snapshot
    from innen.organisations.models import Organisation

    with transaction.atomic():
        organisation = Organisation.objects.create(name="Bench Groothandel B.V.")
        policy_install_defaults(organisation=organisation)
        CollectionSettings.objects.create(
            organisation=organisation, starts_on=TODAY - timedelta(days=COLLECTING_DAYS)
        )
        steps = {
            step.kind: step.pk
            for step in PolicyStep.objects.filter(
                policy__organisation=organisation, policy__customer_kind="business"
            )
        }
        _skip_foreign_key_checks()
        _Writer(organisation.pk, steps, scale).write()
        if connection.vendor == "postgresql":
            # Statistics of the rows just written, as autovacuum keeps them in a database in
            # use: without them the planner takes a million-row table for an empty one.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        # What this morning's collection run stored for the dashboard.
        take_snapshot(organisation, TODAY)
    # Fresh statistics and visibility maps, as a database in use has (not inside a test's
    # transaction, where VACUUM cannot run).
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return organisation


def _skip_foreign_key_checks() -> None:
    """The rows are consistent by construction: let a superuser load them unchecked."""
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        pass  # not a superuser: the checks just take longer


def habit(customer: int) -> int:
    """Days after the due date customer number `customer` usually pays (negative: early)."""
    return (customer * 37) % 41 - 10


class _Writer:
    """Makes the rows in id order, so that actions can name their messages without asking."""

    def __init__(self, organisation: int, steps: dict[str, int], scale: Scale) -> None:
        self.organisation = organisation
        self.steps = steps
        self.scale = scale
        self.now = datetime.now().astimezone()
        self.first_day = TODAY - timedelta(days=HISTORY_DAYS)

    def write(self) -> None:
        from innen.collection.models import Action, Message
        from innen.ledger.models import Allocation, Customer, Invoice, Payment

        base = {model: _next_id(model) for model in (Customer, Invoice, Payment, Message)}
        self.ids = base
        self._insert(Customer, self.customers())
        invoices, payments, allocations, messages, actions = [], [], [], [], []
        for row in self.invoices():
            invoices.append(row["invoice"])
            payments.extend(row["payments"])
            allocations.extend(row["allocations"])
            messages.extend(row["messages"])
            actions.extend(row["actions"])
            if len(invoices) >= CHUNK:
                self._flush(invoices, payments, allocations, messages, actions)
        self._flush(invoices, payments, allocations, messages, actions)
        for model in (Customer, Invoice, Payment, Message, Allocation, Action):
            _reset_sequence(model)

    def _flush(self, *batches: list[dict[str, Any]]) -> None:
        from innen.collection.models import Action, Message
        from innen.ledger.models import Allocation, Invoice, Payment

        for model, rows in zip(
            (Invoice, Payment, Allocation, Message, Action), batches, strict=True
        ):
            self._insert(model, rows)
            rows.clear()

    def _insert(self, model: Any, rows: Any) -> None:
        from django.db import connection

        rows = list(rows)
        if not rows:
            return
        if connection.vendor == "postgresql":
            from innen.dbcopy import copy_rows

            # Every column, with the model's defaults for those not given (COPY has none).
            columns = [
                f for f in model._meta.concrete_fields if f.attname != "id" or "id" in rows[0]
            ]
            instances = (model(**row) for row in rows)
            copy_rows(
                model,
                [f.attname for f in columns],
                [
                    tuple(f.get_prep_value(getattr(i, f.attname)) for f in columns)
                    for i in instances
                ],
            )
        else:
            created = model.objects.bulk_create([model(**row) for row in rows], batch_size=2_000)
            refresh_if_allocations(model, created)

    def customers(self) -> Iterator[dict[str, Any]]:
        first = self.ids_of("Customer")
        for n in range(self.scale.customers):
            yield {
                "id": first + n,
                "organisation_id": self.organisation,
                "number": f"C{n:07d}",
                "kind": "business",
                "name": f"Klant {n} B.V.",
                "emails": f"klant{n}@example.nl",
                "country": "NL",
                "language": "nl",
                "created_at": self.now,
            }

    def ids_of(self, name: str) -> int:
        return next(first for model, first in self.ids.items() if model.__name__ == name)

    def invoices(self) -> Iterator[dict[str, Any]]:
        # Long because: one invoice row with its payment, messages and actions, field by field.
        customers, count = self.scale.customers, self.scale.invoices
        first_invoice, first_customer = self.ids_of("Invoice"), self.ids_of("Customer")
        next_payment, next_message = self.ids_of("Payment"), self.ids_of("Message")
        collecting_from = TODAY - timedelta(days=COLLECTING_DAYS)
        for n in range(count):
            customer = n % customers
            issued = self.first_day + timedelta(days=n * HISTORY_DAYS // count)
            due = issued + timedelta(days=TERM_DAYS)
            cents = 5_000 + (n * 7_919) % 400_000
            total = Decimal(cents) / 100
            invoice_id = first_invoice + n
            paid_on = due + timedelta(days=habit(customer) + (n * 13) % 11 - 5)
            paid_on = max(paid_on, issued)
            if n % NEVER_PAID_EVERY == 0 or paid_on >= TODAY:
                paid = None
            else:
                paid = total if n % HALF_PAID_EVERY else (Decimal(cents // 2) / 100)
            row: dict[str, Any] = {
                "invoice": {
                    "id": invoice_id,
                    "organisation_id": self.organisation,
                    "customer_id": first_customer + customer,
                    "number": f"F{n:08d}",
                    "issue_date": issued,
                    "due_date": due,
                    "currency": "EUR",
                    "amount_excl_vat": round_cents(total / VAT_FACTOR),
                    "vat_amount": total - round_cents(total / VAT_FACTOR),
                    "total": total,
                    "outstanding": total - (paid or 0),
                    "settled_on": paid_on if paid == total else None,
                    "created_at": self.now,
                },
                "payments": [],
                "allocations": [],
                "messages": [],
                "actions": [],
            }
            if paid is not None:
                row["payments"].append(
                    {
                        "id": next_payment,
                        "organisation_id": self.organisation,
                        "customer_id": first_customer + customer,
                        "date": paid_on,
                        "amount": paid,
                        "currency": "EUR",
                        "created_at": self.now,
                    }
                )
                row["allocations"].append(
                    {
                        "organisation_id": self.organisation,
                        "invoice_id": invoice_id,
                        "payment_id": next_payment,
                        "kind": "payment",
                        "amount": paid,
                        "date": paid_on,
                        "created_at": self.now,
                    }
                )
                next_payment += 1
            settled_on = paid_on if paid == total else None
            for kind, offset in STEPS:
                day = due + timedelta(days=offset)
                if day < collecting_from or day >= TODAY:
                    continue
                if settled_on is not None and settled_on <= day:
                    break
                row["messages"].append(
                    {
                        "id": next_message,
                        "organisation_id": self.organisation,
                        "customer_id": first_customer + customer,
                        "step_id": self.steps[kind],
                        "kind": kind,
                        "channels": ["call"] if kind == "call_task" else ["email"],
                        "decided_on": day,
                        "status": "done" if kind == "call_task" else "sent",
                        "is_call_task": kind == "call_task",
                        "created_at": self.now,
                    }
                )
                row["actions"].append(
                    {
                        "organisation_id": self.organisation,
                        "invoice_id": invoice_id,
                        "step_id": self.steps[kind],
                        "message_id": next_message,
                        "kind": kind,
                        "scheduled_on": day,
                        "decided_on": day,
                        "open_amount": total,
                        "status": "active",
                        "created_at": self.now,
                    }
                )
                next_message += 1
            yield row


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return int(model.objects.aggregate(last=Max("id"))["last"] or 0) + 1


def _reset_sequence(model: Any) -> None:
    """After rows with explicit ids, new rows must get ids past them (PostgreSQL)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )
