"""The habits and funnel the daily run stores are the dashboard's own figures, read back."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.collection.models import MessageStatus, StepKind
from innen.collection.policies import policy_install_defaults
from innen.daily import run_day
from innen.insights.figures import dashboard, open_ledger
from innen.insights.models import PaymentHabit, Snapshot
from innen.insights.snapshot import take_snapshot
from tests import factories
from tests.dashboard.conftest import TODAY, invoice, pay
from tests.dashboard.test_figures import _paid_late, _reached, days

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def ledger(org, other):
    """Customers with habits of their own and without, open items, and steps of a year."""
    policy_install_defaults(organisation=org)
    regular = factories.customer(org)
    for late in (2, 10, 30):
        _paid_late(org, regular, late)
    early = factories.customer(org)
    for late in (-3, 0):  # median -1.5: a day and a half early, rounded away from zero
        _paid_late(org, early, late)
    newcomer = factories.customer(org)
    invoice(org, regular, "100.00", days(3))
    invoice(org, early, "300.00", days(20))
    invoice(org, newcomer, "400.00", days(10))
    invoice(org, newcomer, "600.00", days(-40))
    stepped = factories.customer(org)
    quick = invoice(org, stepped, "100.00", date(2026, 1, 3))
    _reached(quick, StepKind.REMINDER, date(2026, 1, 10))
    pay(quick, "100.00", date(2026, 1, 24))  # 21 days late
    slow = invoice(org, stepped, "200.00", date(2026, 1, 3))
    _reached(slow, StepKind.REMINDER, date(2026, 1, 10))
    _reached(slow, StepKind.CALL_TASK, date(2026, 1, 17), status=MessageStatus.DONE)
    pay(slow, "200.00", date(2026, 1, 30))  # 27 days late
    return org


def test_the_stored_figures_are_those_the_dashboard_computes_without_them(ledger):
    computed = dashboard(ledger, TODAY)

    snapshot = take_snapshot(ledger, TODAY)

    assert snapshot.habits.count() == 3
    assert snapshot.usual_late_days == 10  # the median of -3, 0, 2, 10, 21, 27, 30
    assert dashboard(ledger, TODAY) == replace(computed, from_run=True)
    assert [(s.kind, s.reached, s.paid_within) for s in computed.funnel.steps] == [
        ("reminder", 2, 1),
        ("call_task", 1, 1),
    ]


def test_the_dashboard_reads_todays_snapshot(ledger):
    take_snapshot(ledger, TODAY)
    # The newcomer's 400.00 (due in 10 days) is expected with the usual 10 days: week 2.
    assert weeks(ledger) == [D("0.00"), D("100.00"), D("700.00"), D("0.00")]

    Snapshot.objects.filter(organisation=ledger).update(usual_late_days=0)

    assert weeks(ledger) == [D("0.00"), D("500.00"), D("300.00"), D("0.00")]


def weeks(org):
    return [w.amount for w in open_ledger(org, TODAY).cash_in]


def test_a_snapshot_of_another_day_is_not_read(ledger):
    computed = dashboard(ledger, TODAY)
    take_snapshot(ledger, TODAY - timedelta(days=1))
    PaymentHabit.objects.update(late_days=100)
    Snapshot.objects.update(usual_late_days=100)

    assert dashboard(ledger, TODAY) == computed


def test_the_daily_run_stores_the_days_snapshot_in_place_of_the_last(ledger):
    run_day(ledger, TODAY - timedelta(days=1))
    run_day(ledger, TODAY)

    [snapshot] = Snapshot.objects.filter(organisation=ledger)
    assert snapshot.taken_on == TODAY
    assert snapshot.habits.count() == 3


def test_a_dry_run_stores_nothing(ledger):
    run_day(ledger, TODAY, dry_run=True)
    assert not Snapshot.objects.exists()
