"""The dashboard benchmark: its ledger is what the figures say, end to end on a small scale."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from innen.bench import dashboard as bench
from innen.collection.models import Action
from innen.insights.figures import dashboard
from innen.ledger.models import Invoice
from innen.organisations.models import Organisation

pytestmark = pytest.mark.django_db

SMALL = bench.Scale(customers=40, invoices=3_000)


def test_the_benchmark_reports_the_p95_against_the_target(monkeypatch):
    monkeypatch.setattr(bench, "LOADS", 3)

    [figure] = bench.dashboard(SMALL)

    assert figure.name == "dashboard_p95_ms"
    assert figure.unit == "ms" and figure.value > 0
    assert (figure.floor, figure.floor_label) == (150, "target")


def test_the_bench_ledger_has_open_overdue_paid_invoices_and_collection_steps():
    organisation = bench.build(SMALL)

    figures = dashboard(organisation, bench.TODAY)

    open_invoices = Invoice.objects.filter(organisation=organisation).open()
    assert figures.ledger.total == open_invoices.aggregate(s=Sum("open_amount"))["s"]
    assert figures.ledger.count == open_invoices.count()
    assert figures.ledger.overdue > Decimal(0)
    assert Invoice.objects.filter(organisation=organisation).count() == SMALL.invoices
    assert open_invoices.count() < SMALL.invoices / 10  # five years, nearly all paid
    assert Action.objects.filter(organisation=organisation).exists()
    assert [step.kind for step in figures.funnel.steps] == [
        "reminder",
        "call_task",
        "second_reminder",
        "handover",
    ]
    assert Organisation.objects.count() == 1
