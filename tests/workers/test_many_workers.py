"""Three `innen worker` processes share the daily run on PostgreSQL; one is killed with SIGKILL
in the middle of a batch. Every step is recorded once, every message sent once, the run's
summary written once: the killed worker's batch ran out its lease and another worker took it.

The kill lands mid-batch for certain: this test holds a lock on one batch's customers, so the
worker that takes that batch waits inside its transaction; that worker is the one killed.
Only PostgreSQL has many workers on one queue (SQLite serialises writes), so this runs there.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from innen.collection.models import Action, CollectionSettings, Message, MessageStatus, Run
from innen.collection.policies import policy_install_defaults
from innen.collection.tasks import run_split_batch_task
from innen.daily import run_day, run_organisation
from innen.ledger.models import Customer, CustomerKind, Invoice
from innen.outbox.models import Delivery, DeliveryChannel, DeliveryStatus
from innen.workers.models import WorkerBeat
from tests import factories
from tests.cli.innen_process import REPO, database_url, environment, stop, wait_for

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: workers claim tasks with SELECT ... FOR UPDATE SKIP LOCKED "
        "(set DATABASE_URL=postgresql://...)",
    ),
    # Committed for real, so that the workers see the data (and their work is seen).
    pytest.mark.django_db(transaction=True),
]

RUN_DATE = date(2026, 3, 20)
STARTS_ON = date(2026, 2, 2)
BATCH_SIZE = 4
LEASE_SECONDS = 2
TIMEOUT = 60


def _ledger(customers: int) -> Any:
    """An organisation whose customers each have two invoices with steps due on RUN_DATE."""
    org = factories.organisation()
    policy_install_defaults(organisation=org)
    CollectionSettings.objects.create(organisation=org, starts_on=STARTS_ON)
    Customer.objects.bulk_create(
        Customer(
            organisation=org,
            number=f"W{n:04d}",
            kind=CustomerKind.BUSINESS,
            name=f"Klant {n}",
            emails=f"klant{n}@example.nl",
        )
        for n in range(customers)
    )
    ids = Customer.objects.filter(organisation=org).order_by("pk").values_list("pk", flat=True)
    Invoice.objects.bulk_create(
        Invoice(
            organisation=org,
            customer_id=customer_id,
            number=f"F{c:04d}-{i}",
            issue_date=due - timedelta(days=30),
            due_date=due,
            amount_excl_vat=Decimal("100.00"),
            vat_amount=Decimal("21.00"),
            total=Decimal("121.00"),
        )
        for c, customer_id in enumerate(ids)
        for i, due in enumerate([RUN_DATE - timedelta(days=7 + c % 20), RUN_DATE + timedelta(3)])
    )
    return org


def _recorded(org: Any) -> tuple[Counter, Counter]:
    actions = Counter(
        Action.objects.filter(organisation=org).values_list(
            "invoice_id", "step_id", "kind", "scheduled_on", "open_amount"
        )
    )
    messages = Counter(
        Message.objects.filter(organisation=org).values_list("customer_id", "step_id", "kind")
    )
    return actions, messages


def _reference(org: Any) -> tuple[Any, Counter, Counter]:
    """One clean run in this process, rolled back: what the workers must record."""
    with transaction.atomic():
        summary = run_day(org, RUN_DATE)
        recorded = _recorded(org)
        transaction.set_rollback(True)
    assert not Run.objects.filter(organisation=org).exists()
    return summary, *recorded


def _workers(tmp_path: Path, count: int) -> list[subprocess.Popen]:
    env = environment(
        tmp_path / "var",
        DATABASE_URL=database_url(),
        WORKER_LEASE_SECONDS=str(LEASE_SECONDS),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
    )
    return [
        subprocess.Popen(
            [sys.executable, "-m", "innen.cli.main", "worker"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / f"worker-{n}.log", "w"),
        )
        for n in range(count)
    ]


def _all_delivered(org: Any) -> bool:
    waiting = Message.objects.filter(
        organisation=org,
        status__in=[MessageStatus.QUEUED, MessageStatus.READY, MessageStatus.SENDING],
        is_call_task=False,  # a call waits on the call list, queued, until someone calls
    )
    open_deliveries = Delivery.objects.filter(
        organisation=org,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.RETRYING],
    )
    finished = Run.objects.filter(organisation=org, finished_at__isnull=False).exists()
    return finished and not waiting.exists() and not open_deliveries.exists()


def _emails_sent(folder: Path) -> Counter:
    """Each e-mail the workers handed over, by its Message-ID."""
    ids: Counter = Counter()
    for file in folder.glob("*.log"):
        ids.update(re.findall(r"^Message-ID: (\S+)", file.read_text(), re.MULTILINE))
    return ids


def test_three_workers_one_killed_mid_batch_record_every_step_and_send_every_message_once(
    tmp_path,
):
    org = _ledger(customers=24)
    summary, actions, messages = _reference(org)
    assert summary.actions_recorded >= 24 and summary.messages_queued >= 12

    # The third batch's customers, held by this test: its worker will wait mid-batch.
    ordered = list(Customer.objects.filter(organisation=org).order_by("pk"))
    held = [c.pk for c in ordered[2 * BATCH_SIZE : 3 * BATCH_SIZE]]
    lock = psycopg.connect(database_url())
    lock.execute("SELECT id FROM ledger_customer WHERE id = ANY(%s) FOR UPDATE", [held])

    workers = _workers(tmp_path, 3)
    try:
        run_organisation.enqueue(org.pk, RUN_DATE.isoformat(), split=True, batch_size=BATCH_SIZE)
        run = wait_for(
            "the split run",
            lambda: Run.objects.filter(organisation=org).first(),
            workers,
            timeout=TIMEOUT,
        )
        batch_id = run.batches.get(number=3).pk
        task = DBTaskResult.objects.filter(
            task_path=run_split_batch_task.module_path, args_kwargs__args=[batch_id]
        )
        claimed = wait_for(
            "a worker to take the held batch",
            lambda: task.filter(status="RUNNING").values_list("worker_ids", flat=True).first(),
            workers,
            timeout=TIMEOUT,
        )
        killed = WorkerBeat.objects.get(worker_id=claimed[-1]).pid
        (victim,) = [w for w in workers if w.pid == killed]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=10)
        lock.rollback()  # the killed worker's transaction goes with its connection

        wait_for(
            "the run and every delivery", lambda: _all_delivered(org), workers, timeout=TIMEOUT
        )
    finally:
        lock.close()
        stop(workers, grace=20)

    assert victim.returncode == -signal.SIGKILL
    # Every step once, the same as one clean run; the messages too.
    got_actions, got_messages = _recorded(org)
    assert got_actions == actions and max(got_actions.values()) == 1
    assert got_messages == messages
    # The run's summary, once, as one clean run's.
    (finished,) = Run.objects.filter(organisation=org)
    assert finished.summary["actions_recorded"] == summary.actions_recorded
    assert finished.summary["messages_queued"] == summary.messages_queued
    # The held batch's lease ran out and another worker took it.
    taken = task.get()
    assert taken.status == "SUCCESSFUL" and len(taken.worker_ids) == 2
    assert taken.worker_ids[0] == claimed[-1] != taken.worker_ids[1]
    # Every e-mail message sent once: one delivery each, and each handed over once.
    emails = Delivery.objects.filter(organisation=org, channel=DeliveryChannel.EMAIL)
    per_message = Counter(emails.values_list("message_id", flat=True))
    assert per_message and max(per_message.values()) == 1
    assert set(emails.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    sent = _emails_sent(tmp_path / "mail")
    assert max(sent.values()) == 1
    assert len(sent) == emails.count()
    print(f"{len(per_message)} e-mails sent once by 3 workers; batch 3 retaken after SIGKILL")
