"""`innen run` as real, separate OS processes against PostgreSQL: exactly once, whatever happens.

Two runs started at once for the same day, and a run killed with SIGKILL halfway and started
again, must together record exactly what one clean run records: no action twice, none lost,
every message with its actions. The reference is a real run in this process, rolled back.

Only PostgreSQL locks rows (SQLite serialises whole writes), so these run only there; the CI
PostgreSQL pass runs them, and there they must not skip.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from innen.collection.models import Action, ActionStatus, CollectionSettings, Message, Run
from innen.collection.policies import policy_install_defaults
from innen.collection.run import RunSummary
from innen.daily import run_day
from innen.ledger.models import Customer, CustomerKind, Invoice
from tests import factories
from tests.cli.innen_process import REPO, database_url, stop, wait_for

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: concurrent runs lock customers with SELECT ... FOR UPDATE, "
        "which SQLite does not have (set DATABASE_URL=postgresql://...)",
    ),
    # Committed for real, so that the child processes see the data (and their work is seen).
    pytest.mark.django_db(transaction=True),
]

RUN_DATE = date(2026, 3, 20)
STARTS_ON = date(2026, 2, 2)
BATCH_SIZE = 20
CHILD_TIMEOUT = 45

# The real `innen run`, with the batch size made small so that a run has many transactions.
# `run_collection`'s default is bound when the module loads: the module constant won't do.
# With GO set, a child says it is ready (READY) and waits for the GO file: two runs then start
# within milliseconds of each other, whatever Python's start-up took.
CHILD = """
import os, sys, time, pathlib
from innen.cli import setup_django
setup_django()
import innen.collection.run
innen.collection.run.run_collection.__kwdefaults__["batch_size"] = int(os.environ["BATCH"])
from innen.cli.main import main
if os.environ.get("GO"):
    pathlib.Path(os.environ["READY"]).touch()
    while not os.path.exists(os.environ["GO"]):
        time.sleep(0.005)
sys.exit(main(sys.argv[1:]))
"""


def _ledger(customers: int, invoices_each: int) -> Any:
    """An organisation whose invoices, due over three months, have steps due on RUN_DATE."""
    org = factories.organisation()
    policy_install_defaults(organisation=org)
    CollectionSettings.objects.create(organisation=org, starts_on=STARTS_ON)
    Customer.objects.bulk_create(
        Customer(
            organisation=org,
            number=f"P{n:05d}",
            kind=CustomerKind.CONSUMER if n % 4 == 0 else CustomerKind.BUSINESS,
            name=f"Klant {n}",
            emails=f"klant{n}@example.nl",
        )
        for n in range(customers)
    )
    ids = list(
        Customer.objects.filter(organisation=org).order_by("pk").values_list("pk", flat=True)
    )
    rows = []
    for c, customer_id in enumerate(ids):
        for i in range(invoices_each):
            n = c * invoices_each + i
            due = date(2026, 1, 1) + timedelta(days=(n * 7) % 85)  # 1 Jan to 26 Mar
            rows.append(
                Invoice(
                    organisation=org,
                    customer_id=customer_id,
                    number=f"F{n:06d}",
                    issue_date=due - timedelta(days=30),
                    due_date=due,
                    amount_excl_vat=Decimal("100.00"),
                    vat_amount=Decimal("21.00"),
                    total=Decimal("121.00"),
                )
            )
    Invoice.objects.bulk_create(rows, batch_size=2000)
    return org


def _recorded(org: Any) -> tuple[Counter, Counter]:
    """Every action and every message of `org`, as comparable values (ids of rows left out)."""
    messages: dict[int | None, list] = {}
    actions: Counter = Counter()
    for row in Action.objects.filter(organisation=org).values_list(
        "invoice_id",
        "step_id",
        "kind",
        "scheduled_on",
        "decided_on",
        "pay_before",
        "open_amount",
        "claims_costs",
        "claims_interest",
        "status",
        "reason",
        "message_id",
    ):
        actions[row[:-1]] += 1
        messages.setdefault(row[-1], []).append(row[0])
    by_message: Counter = Counter()
    for pk, *fields, channels in Message.objects.filter(organisation=org).values_list(
        "pk", "customer_id", "step_id", "kind", "decided_on", "pay_before", "status", "channels"
    ):
        invoices = tuple(sorted(messages.pop(pk, [])))
        by_message[(*fields, tuple(channels), invoices)] += 1
    # What is left: actions that point at no message; only a skipped step may.
    assert set(messages) <= {None}
    return actions, by_message


def _reference(org: Any) -> tuple[RunSummary, Counter, Counter]:
    """A clean, single run, in this process, rolled back: what the processes must record."""
    with transaction.atomic():
        summary = run_day(org, RUN_DATE)  # batches of another size than the processes
        actions, messages = _recorded(org)
        transaction.set_rollback(True)
    assert not Action.objects.filter(organisation=org).exists()
    assert not Run.objects.filter(organisation=org).exists()
    assert summary.actions_planned == summary.actions_recorded == sum(actions.values())
    return summary, actions, messages


def _start(
    org: Any, batch_size: int = BATCH_SIZE, barrier: tuple[Path, Path] | None = None
) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url(), "BATCH": str(batch_size)}
    if barrier is not None:
        env["READY"], env["GO"] = (str(path) for path in barrier)
    args = ["run", "--date", RUN_DATE.isoformat(), "--organisation", str(org.pk), "--json"]
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen) -> dict[str, Any]:
    out, err = process.communicate(timeout=CHILD_TIMEOUT)
    assert process.returncode == 0, err
    return json.loads(out)


def _assert_as_one_clean_run(org: Any, reference: tuple[RunSummary, Counter, Counter]) -> None:
    summary, actions, messages = reference
    got_actions, got_messages = _recorded(org)
    assert max(got_actions.values()) == 1  # no step twice for an invoice
    assert got_actions == actions  # none twice, none lost, none different
    assert got_messages == messages  # the same messages, each with the same invoices
    assert all(invoices for *_, invoices in got_messages)  # no message without actions
    assert not Action.objects.filter(
        organisation=org, message__isnull=True, status=ActionStatus.ACTIVE
    ).exists()
    assert sum(got_messages.values()) == (
        summary.messages_queued + summary.call_tasks + summary.awaiting_approval
    )


@pytest.mark.parametrize(
    "batch_sizes",
    [
        # Two `innen run`s alike: the one that locks the first batch first leads, the other
        # follows it batch by batch, each time waiting for its lock and finding the work done.
        pytest.param((BATCH_SIZE, BATCH_SIZE), id="same-batches"),
        # Batches that straddle each other's: the runs may overtake each other.
        pytest.param((BATCH_SIZE, BATCH_SIZE * 3 // 2 + 1), id="straddling-batches"),
    ],
)
def test_two_runs_started_at_once_record_one_runs_actions(batch_sizes, tmp_path):
    org = _ledger(customers=300, invoices_each=6)
    reference = _reference(org)
    summary = reference[0]
    assert summary.actions_recorded > 2000, "too little work to interleave"

    go = tmp_path / "go"
    ready = [tmp_path / f"ready-{n}" for n in range(len(batch_sizes))]
    processes = [
        _start(org, size, (flag, go)) for size, flag in zip(batch_sizes, ready, strict=True)
    ]
    try:
        ready_all = lambda: all(flag.exists() for flag in ready)  # noqa: E731
        wait_for("the runs to get ready", ready_all, processes, timeout=CHILD_TIMEOUT, every=0.01)
        go.touch()
        outputs = [_finish(process) for process in processes]
    finally:
        stop(processes)

    _assert_as_one_clean_run(org, reference)
    assert sum(o["actions_recorded"] for o in outputs) == summary.actions_recorded
    for name in ("messages_queued", "call_tasks", "awaiting_approval"):
        assert sum(o[name] for o in outputs) == getattr(summary, name), name

    # The two really ran at the same time: otherwise this proved nothing about concurrency.
    first, second = Run.objects.filter(organisation=org).order_by("started_at")
    assert first.finished_at and second.finished_at
    assert second.started_at < first.finished_at, "the runs did not overlap"
    print("actions recorded by each run:", [o["actions_recorded"] for o in outputs])


def test_a_run_killed_halfway_and_run_again_records_one_runs_actions():
    org = _ledger(customers=300, invoices_each=6)
    reference = _reference(org)
    total = reference[0].actions_recorded
    actions = Action.objects.filter(organisation=org)

    process = _start(org)
    try:
        quarter = lambda: actions.count() >= total // 4  # noqa: E731
        wait_for("a quarter of the actions", quarter, [process], timeout=CHILD_TIMEOUT, every=0.005)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=CHILD_TIMEOUT)
    finally:
        stop([process])
    assert process.returncode == -signal.SIGKILL

    # Killed mid-run: some batches committed, not all; the open one was rolled back whole.
    at_kill = actions.count()
    assert 0 < at_kill < total, f"{at_kill} of {total} actions: the kill did not land mid-run"
    killed = Run.objects.get(organisation=org)
    assert killed.finished_at is None
    assert not Action.objects.filter(
        organisation=org, message__isnull=True, status=ActionStatus.ACTIVE
    ).exists()

    again = _start(org)
    try:
        output = _finish(again)
    finally:
        stop([again])

    _assert_as_one_clean_run(org, reference)
    assert output["actions_recorded"] == total - at_kill
    print(f"killed after {at_kill} of {total} actions; the second run recorded the rest")
