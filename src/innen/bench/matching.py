"""Matching bank lines to open invoices: quality on a generated set, and speed at scale.

100,000 statement lines against 1,000,000 open invoices of one organisation (100,000
customers with their accounts), made by `innen.matching.bench.generated` with its ground truth
(typos, combined and partial payments, unrelated money, stornos):

* `match_precision`, `match_recall`: the engine on the generated book, in memory;
* `match_lines_per_second`: the same lines against the same ledger in the database (COPY on
  PostgreSQL, not timed): `load_book` (set-based lookups of what the lines can reach) plus
  `match_entries`, timed together, in a process that no longer holds the generated ledger;
  `match_load_seconds`, `match_load_database_seconds` and `match_decide_seconds` say where
  that time goes: loading the book, of which waiting for the database's answers, and
  deciding the lines;
* `match_cpu_seconds`: the processor time that part costs, this process's and (where
  PostgreSQL runs on this machine) its server process's; `match_lines_per_second_ceiling`:
  the lines per second it would reach if that work kept every core busy all the time, the
  most this design can do on this machine however its parts are overlapped;
* `statement_apply_lines_per_second`: the first 20,000 of those lines as an imported
  statement's bank lines, matched and applied by `match_pending` as an import does (the
  payments, allocations, dossier events, stornos and the review list written).
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from innen.bench import Figure, benchmark, refresh_if_allocations

LINES = 100_000
INVOICES = 1_000_000
CUSTOMERS = 100_000
TARGET_LINES_PER_SECOND = 50_000
# Lines of the set matched and applied as an import does (`statement_apply_lines_per_second`).
APPLIED_LINES = 20_000
TODAY = date(2026, 12, 1)
PAID_ON = date(2026, 1, 1)  # settled invoices were paid then: within the storno window


@benchmark
def matching() -> Iterator[Figure]:
    from django.db import connection

    from innen.banking.reachable import load_book
    from innen.matching.bench.generated import generate
    from innen.matching.bench.quality import evaluate
    from innen.matching.match import match_entries
    from innen.organisations.models import Organisation

    made = generate(CUSTOMERS, INVOICES, LINES, seed=5)
    quality = evaluate(match_entries(made.entries, made.book), made.truth)
    yield Figure("match_precision", quality.precision, "")
    yield Figure("match_recall", quality.recall, "")

    organisation = Organisation.objects.create(name="Bench Matching B.V.")
    write_generated(organisation, made.book)
    entries = made.entries
    # The generated ledger is in the database now: millions of objects no server holds,
    # which the garbage collector would otherwise walk while the timed part runs.
    del made
    gc.collect()
    database = _QueryClock()
    server = _ServerClock.of(connection)
    with connection.execute_wrapper(database):
        server_before, process_before = server.seconds(), time.process_time()
        started = time.perf_counter()
        book = load_book(organisation, entries, TODAY)
        loaded = time.perf_counter()
        match_entries(entries, book)
        done = time.perf_counter()
        cpu = time.process_time() - process_before + server.seconds() - server_before
    yield Figure(
        "match_lines_per_second",
        len(entries) / (done - started),
        "lines/s",
        floor=TARGET_LINES_PER_SECOND,
        floor_label="target",
    )
    # Where those seconds go: the target leaves two for all of it.
    yield Figure("match_load_seconds", loaded - started, "s")
    yield Figure("match_load_database_seconds", database.seconds, "s")
    yield Figure("match_decide_seconds", done - loaded, "s")
    if server.readable:
        # Work, not waiting: split over every core, it still takes cpu / cores seconds.
        yield Figure("match_cpu_seconds", cpu, "s")
        yield Figure(
            "match_lines_per_second_ceiling",
            len(entries) / (max(cpu, 1e-9) / _cores()),
            "lines/s",
            floor=TARGET_LINES_PER_SECOND,
            floor_label="target",
        )
    del book
    yield Figure("statement_apply_lines_per_second", apply_rate(organisation, entries), "lines/s")


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _QueryClock:
    """A database execute wrapper that adds up how long the queries took to answer."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


class _ServerClock:
    """The processor time of the database server's process that serves the connection,
    read from /proc where the server runs on this machine. SQLite runs in this process:
    its time is this process's, and there is no other to read."""

    LOCAL_HOSTS = ("", "localhost", "127.0.0.1", "::1")

    def __init__(self, stat: str | None, readable: bool) -> None:
        self.stat = stat
        self.readable = readable

    @classmethod
    def of(cls, connection: Any) -> _ServerClock:
        if connection.vendor == "sqlite":
            return cls(None, readable=True)
        if connection.settings_dict.get("HOST") not in cls.LOCAL_HOSTS:
            return cls(None, readable=False)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        stat = f"/proc/{pid}/stat"
        return cls(stat, readable=True) if os.access(stat, os.R_OK) else cls(None, False)

    def seconds(self) -> float:
        if self.stat is None:
            return 0.0
        with open(self.stat) as file:
            # After the command's name (which may hold spaces): utime and stime are 11 and 12.
            fields = file.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def apply_rate(organisation: Any, entries: Sequence[Any]) -> float:
    """Lines per second of `match_pending` on the first `APPLIED_LINES` of `entries` as bank
    lines of the organisation: what an import of a statement waits for, matching and
    applying included (payments, allocations, events, stornos, the review list)."""
    from innen.banking.applying import match_pending
    from innen.banking.models import BankAccount, BankEntry, StatementImport

    account = BankAccount.objects.get(organisation=organisation)
    statement = StatementImport.objects.get(organisation=organisation)
    lines = entries[:APPLIED_LINES]
    BankEntry.objects.bulk_create(
        (
            BankEntry(
                organisation=organisation,
                account=account,
                statement_import=statement,
                identity=f"apply-{entry.number}",
                number=entry.number,
                booking_date=entry.booking_date,
                value_date=entry.value_date,
                amount=entry.amount,
                counterparty_iban=entry.counterparty_iban,
                counterparty_name=entry.counterparty_name,
                structured_reference=entry.structured_reference,
                remittance=entry.remittance,
                end_to_end_id=entry.end_to_end_id,
                is_return=entry.is_return,
                return_reason=entry.return_reason,
            )
            for entry in lines
        ),
        batch_size=2_000,
    )
    _settle([BankEntry])
    started = time.perf_counter()
    match_pending(organisation, today=TODAY)
    return len(lines) / (time.perf_counter() - started)


def write_generated(organisation: Any, book: Any) -> dict[str, int]:
    # Long because: one bulk write of every table in foreign-key order, sharing id offsets.
    """Write a generated book's customers, accounts, open and settled invoices (paid by a
    collected direct debit each, on a matched bank line) for `organisation`.

    Returns the database id of each generated invoice id; the database ids are the
    generated ones moved past what the tables hold already.
    """
    from django.db.models import Max

    from innen.banking.models import BankAccount, BankEntry, MatchStatus, StatementImport
    from innen.ledger.models import (
        Allocation,
        AllocationKind,
        Customer,
        CustomerIban,
        Invoice,
        Payment,
        Supply,
    )
    from innen.matching.book import match_keys

    now = datetime.now(UTC)
    org = organisation.pk
    base_c = Customer.objects.aggregate(m=Max("pk"))["m"] or 0
    base_i = Invoice.objects.aggregate(m=Max("pk"))["m"] or 0
    base_p = Payment.objects.aggregate(m=Max("pk"))["m"] or 0
    customers = sorted(book.customer.values(), key=lambda c: c.id)
    _insert(
        Customer,
        ["id", "organisation_id", "number", "kind", "name", "country", "language", "created_at"],
        [(base_c + c.id, org, f"G{c.id}", "business", c.name, "NL", "nl", now) for c in customers],
        defaults=[
            "contact_person",
            "emails",
            "phone",
            "street",
            "postcode",
            "city",
            "kvk_number",
            "vat_number",
            "segment",
            "notes",
            "external_reference",
        ],
    )
    _insert(
        CustomerIban,
        ["organisation_id", "customer_id", "iban"],
        [(org, base_c + c.id, iban) for c in customers for iban in dict.fromkeys(c.ibans)],
    )
    invoices = sorted([*book.invoice.values(), *book.settled_invoice.values()], key=lambda i: i.id)
    _insert(
        Invoice,
        [
            "id",
            "organisation_id",
            "customer_id",
            "number",
            "issue_date",
            "due_date",
            "currency",
            "amount_excl_vat",
            "vat_amount",
            "total",
            "payment_reference",
            "external_reference",
            "pdf",
            "created_at",
            "reference_key",
            "number_key",
            "number_flat",
            "outstanding",
            "settled_on",
            "supply",
        ],
        [
            (
                base_i + i.id,
                org,
                base_c + i.customer_id,
                i.number,
                min(i.due_date, PAID_ON),
                i.due_date,
                "EUR",
                i.open_amount,
                Decimal("0.00"),
                i.open_amount,
                i.payment_reference,
                "",
                "",
                now,
                *match_keys(i.number, i.payment_reference),
                # Settled invoices are paid in full on PAID_ON by the allocations below.
                *(
                    (Decimal("0.00"), PAID_ON)
                    if i.id in book.settled_invoice
                    else (i.open_amount, None)
                ),
                Supply.UNKNOWN,
            )
            for i in invoices
        ],
    )
    settled = sorted(book.settled_invoice.values(), key=lambda i: i.id)
    _insert(
        Payment,
        ["id", "organisation_id", "customer_id", "date", "amount", "currency", "created_at"],
        [
            (base_p + n, org, base_c + i.customer_id, PAID_ON, i.open_amount, "EUR", now)
            for n, i in enumerate(settled, 1)
        ],
        defaults=["payer_name", "payer_iban", "description", "external_reference"],
    )
    _insert(
        Allocation,
        [
            "organisation_id",
            "invoice_id",
            "kind",
            "payment_id",
            "amount",
            "date",
            "note",
            "created_at",
        ],
        [
            (
                org,
                base_i + i.id,
                AllocationKind.PAYMENT,
                base_p + n,
                i.open_amount,
                PAID_ON,
                "",
                now,
            )
            for n, i in enumerate(settled, 1)
        ],
    )
    account = BankAccount.objects.create(organisation=organisation, iban=_own_iban(org))
    statement = StatementImport.objects.create(
        organisation=organisation,
        account=account,
        file_name="generated",
        file_sha256="0" * 64,
        format="generated",
        entries=len(book.e2e),
        imported=len(book.e2e),
        duplicates=0,
    )
    payment_of = {i.id: base_p + n for n, i in enumerate(settled, 1)}
    collected = [(e2e, ids[0]) for e2e, ids in sorted(book.e2e.items()) if ids[0] in payment_of]
    _insert(
        BankEntry,
        [
            "organisation_id",
            "account_id",
            "statement_import_id",
            "identity",
            "number",
            "booking_date",
            "amount",
            "currency",
            "end_to_end_id",
            "is_return",
            "match_status",
            "payment_id",
            "match_note",
            "created_at",
        ],
        [
            (
                org,
                account.pk,
                statement.pk,
                e2e,
                n,
                PAID_ON,
                book.settled_invoice[i].open_amount,
                "EUR",
                e2e,
                False,
                MatchStatus.MATCHED,
                payment_of[i],
                "",
                now,
            )
            for n, (e2e, i) in enumerate(collected, 1)
        ],
        defaults=[
            "counterparty_iban",
            "counterparty_name",
            "counterparty_bic",
            "structured_reference",
            "remittance",
            "bank_reference",
            "transaction_code",
            "return_reason",
        ],
    )
    _reset_sequences([Customer, Invoice, Payment])
    _settle([Customer, CustomerIban, Invoice, Payment, Allocation, BankEntry])
    return {i.id: base_i + i.id for i in invoices}


def _own_iban(seed: int) -> str:
    import random

    from innen.matching.bench.generated import make_iban

    return make_iban(random.Random(f"own account {seed}"))


def _insert(
    model: Any, fields: list[str], rows: Sequence[tuple[Any, ...]], defaults: Sequence[str] = ()
) -> None:
    """Rows in: COPY on PostgreSQL, bulk_create elsewhere. `defaults`: text columns left ""."""
    from django.db import connection

    from innen.dbcopy import copy_rows

    if connection.vendor == "postgresql":
        blanks = ("",) * len(defaults)
        copy_rows(model, [*fields, *defaults], [row + blanks for row in rows])
        return
    created = model.objects.bulk_create(
        (model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=2_000
    )
    refresh_if_allocations(model, created)


def _reset_sequences(models: list[Any]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _settle(models: list[Any]) -> None:
    """What a server's autovacuum does to tables after a bulk load, done at once: statistics
    for the planner, and the rows marked visible (else the first query to read each row
    writes that down, and the timed part pays for the load)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run in a transaction (a test's); statistics can be gathered in one.
    settle = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"{settle} {model._meta.db_table}")
