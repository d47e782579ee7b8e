"""Each dashboard figure against a small ledger whose right answer is worked out here."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from innen.collection.models import (
    Action,
    ActionStatus,
    Message,
    MessageStatus,
    PolicyStep,
    StepKind,
)
from innen.collection.policies import policy_install_defaults
from innen.insights.figures import dashboard, funnel, open_ledger
from tests import factories
from tests.dashboard.conftest import TODAY, invoice, pay

pytestmark = pytest.mark.django_db

D = Decimal


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_aging_puts_each_open_amount_in_its_bucket_of_days_overdue(org, other):
    cust = factories.customer(org)
    invoice(org, cust, "100.00", days(0))  # due today: not overdue yet
    invoice(org, cust, "200.00", days(-1))
    part_paid = invoice(org, cust, "300.00", days(-45))
    pay(part_paid, "120.00", days(-10))
    invoice(org, cust, "400.00", days(-75))
    invoice(org, cust, "500.00", days(-120))
    paid = invoice(org, cust, "50.00", days(-100))
    pay(paid, "50.00", days(-90))

    ledger = open_ledger(org, TODAY)

    assert [(b.key, b.count, b.amount) for b in ledger.buckets] == [
        ("not_due", 1, D("100.00")),
        ("1_30", 1, D("200.00")),
        ("31_60", 1, D("180.00")),
        ("61_90", 1, D("400.00")),
        ("over_90", 1, D("500.00")),
    ]
    assert ledger.total == D("1380.00")
    assert ledger.overdue == D("1280.00")


def test_aging_is_as_of_today_a_later_payment_does_not_count_yet(org):
    cust = factories.customer(org)
    inv = invoice(org, cust, "100.00", days(-5))
    pay(inv, "100.00", days(3))
    assert open_ledger(org, TODAY).overdue == D("100.00")
    assert open_ledger(org, days(3)).total == D("0.00")


def test_top_overdue_customers_are_the_largest_overdue_totals_first(org, other):
    big = factories.customer(org, name="Groot B.V.")
    small = factories.customer(org, name="Klein B.V.")
    current = factories.customer(org, name="Op tijd B.V.")
    invoice(org, big, "700.00", days(-40))
    invoice(org, big, "300.00", days(-2))
    invoice(org, small, "50.00", days(-1))
    invoice(org, current, "5000.00", days(10))

    top = open_ledger(org, TODAY).top_overdue

    assert [(c.customer.name, c.invoices, c.amount) for c in top] == [
        ("Groot B.V.", 2, D("1000.00")),
        ("Klein B.V.", 1, D("50.00")),
    ]


def _paid_late(org, cust, late_days: int, total: str = "10.00") -> None:
    """A paid invoice of `cust`, paid `late_days` after its due date, within the last year."""
    due = days(-60)
    pay(invoice(org, cust, total, due), total, due + timedelta(days=late_days))


def test_cash_in_expects_each_invoice_on_its_due_date_plus_its_customers_median_lateness(org):
    usual_10 = factories.customer(org)
    for late in (2, 10, 30):  # median 10
        _paid_late(org, usual_10, late)
    usual_2 = factories.customer(org)
    for late in (0, 4):  # median 2, between the two
        _paid_late(org, usual_2, late)
    newcomer = factories.customer(org)  # no payments: the organisation's median
    # All payments' lateness: 0, 2, 4, 10, 30 → the organisation's median is 4.
    invoice(org, usual_10, "100.00", days(3))  # expected on day 13: week 1
    invoice(org, usual_10, "200.00", days(-5))  # expected on day 5: week 0
    invoice(org, usual_2, "300.00", days(20))  # expected on day 22: week 3
    invoice(org, newcomer, "400.00", days(10))  # expected on day 14: week 2
    invoice(org, newcomer, "500.00", days(30))  # expected on day 34: after the 4 weeks
    invoice(org, newcomer, "600.00", days(-40))  # expected 36 days ago: behind the habit

    ledger = open_ledger(org, TODAY)

    assert [(w.first, w.last, w.invoices, w.amount) for w in ledger.cash_in] == [
        (days(0), days(6), 1, D("200.00")),
        (days(7), days(13), 1, D("100.00")),
        (days(14), days(20), 1, D("400.00")),
        (days(21), days(27), 1, D("300.00")),
    ]
    assert ledger.behind_habit == D("600.00")


def test_cash_in_only_learns_from_payments_of_the_last_year(org):
    cust = factories.customer(org)
    due = days(-500)
    pay(invoice(org, cust, "10.00", due), "10.00", due + timedelta(days=60))  # 440 days ago
    invoice(org, cust, "100.00", days(2))
    # Without a habit of the last year: the organisation's median, none: on its due date.
    assert ledger_week_amounts(org) == [D("100.00"), D("0.00"), D("0.00"), D("0.00")]


def ledger_week_amounts(org):
    return [w.amount for w in open_ledger(org, TODAY).cash_in]


@pytest.fixture
def history(org):
    """Sold 100 in December (paid 5 January), 900 on 10 February (400 paid 1 March), 1000 on
    10 March (due in April): on 15 March 1500 is owed, 1000 of it not due yet."""
    cust = factories.customer(org)
    december = invoice(org, cust, "100.00", date(2025, 12, 31), issue_date=date(2025, 12, 1))
    pay(december, "100.00", date(2026, 1, 5))
    february = invoice(org, cust, "900.00", date(2026, 3, 12), issue_date=date(2026, 2, 10))
    pay(february, "400.00", date(2026, 3, 1))
    invoice(org, cust, "1000.00", date(2026, 4, 9), issue_date=date(2026, 3, 10))
    return org


def test_dso_counts_back_from_today_through_the_recent_months_sales(history, other):
    figures = dashboard(history, TODAY)
    # 1500 owed: March's 15 days cover 1000, the other 500 is 5/9 of February's 28 days.
    assert figures.dso == D("30.6")
    assert not figures.dso_capped


def test_the_dso_trend_rolls_the_receivables_back_to_each_month_end(history, other):
    trend = dict(dashboard(history, TODAY).dso_trend)
    assert len(trend) == 12
    # 28 February: 900 owed (the March invoice not issued, the 400 not paid): all of February.
    assert trend[date(2026, 2, 28)] == D("28.0")
    # 31 January: nothing owed.
    assert trend[date(2026, 1, 31)] == D("0.0")
    # 31 December: the 100 of December, all of December's sales.
    assert trend[date(2025, 12, 31)] == D("31.0")
    assert trend[date(2025, 3, 31)] == D("0.0")


def test_cei_over_one_and_three_months(history, other):
    cei = {c.months: (c.first, c.value) for c in dashboard(history, TODAY).cei}
    # Since 15 February: opening 900, sales 1000, closing 1500 of which 1000 current:
    # (900 + 1000 - 1500) / (900 + 1000 - 1000) = 400 / 900.
    assert cei[1] == (date(2026, 2, 16), D("44.4"))
    # Since 15 December: opening 100, sales 1900: (2000 - 1500) / (2000 - 1000).
    assert cei[3] == (date(2025, 12, 16), D("50.0"))


def _step(org, kind: str) -> PolicyStep:
    return PolicyStep.objects.get(
        policy__organisation=org, policy__customer_kind="business", kind=kind
    )


def _reached(inv, kind: str, on: date, status: str = MessageStatus.SENT) -> Action:
    step = _step(inv.organisation, kind)
    message = Message.objects.create(
        organisation=inv.organisation,
        customer=inv.customer,
        step=step,
        kind=kind,
        channels=["email"],
        decided_on=on,
        status=status,
    )
    return Action.objects.create(
        organisation=inv.organisation,
        invoice=inv,
        step=step,
        message=message,
        kind=kind,
        scheduled_on=on,
        decided_on=on,
        open_amount=inv.total,
        status=ActionStatus.ACTIVE,
    )


def test_the_funnel_counts_steps_reached_and_paid_within_14_days(org):
    policy_install_defaults(organisation=org)
    cust = factories.customer(org)
    quick = invoice(org, cust, "100.00", date(2026, 1, 3))
    _reached(quick, StepKind.REMINDER, date(2026, 1, 10))
    pay(quick, "100.00", date(2026, 1, 24))  # the 14th day after: in time

    slow = invoice(org, cust, "200.00", date(2026, 1, 3))
    _reached(slow, StepKind.REMINDER, date(2026, 1, 10))
    _reached(slow, StepKind.SECOND_REMINDER, date(2026, 1, 24))
    pay(slow, "200.00", date(2026, 2, 1))  # late for the reminder, in time for the second

    half = invoice(org, cust, "300.00", date(2026, 1, 25))
    _reached(half, StepKind.REMINDER, date(2026, 2, 1))
    pay(half, "150.00", date(2026, 2, 5))  # half is not paid

    queued = invoice(org, cust, "400.00", date(2026, 1, 25))
    _reached(queued, StepKind.REMINDER, date(2026, 2, 1), status=MessageStatus.QUEUED)
    recent = invoice(org, cust, "500.00", date(2026, 3, 3))
    _reached(recent, StepKind.REMINDER, date(2026, 3, 10))  # not yet 14 days behind it

    other = factories.organisation("Other B.V.")
    policy_install_defaults(organisation=other)
    stranger = invoice(other, factories.customer(other), "100.00", date(2026, 1, 3))
    _reached(stranger, StepKind.REMINDER, date(2026, 1, 10))
    pay(stranger, "100.00", date(2026, 1, 11))

    result = funnel(org, TODAY)

    assert (result.first, result.last) == (date(2025, 3, 2), date(2026, 3, 1))
    assert [(s.kind, s.reached, s.paid_within) for s in result.steps] == [
        ("reminder", 3, 1),
        ("second_reminder", 1, 1),
    ]
    assert result.steps[0].paid_share == D("33.3")


def test_a_credit_note_settles_but_a_write_off_is_no_payment(org):
    from innen.ledger import services

    policy_install_defaults(organisation=org)
    cust = factories.customer(org)
    credited = invoice(org, cust, "100.00", date(2026, 1, 3))
    _reached(credited, StepKind.REMINDER, date(2026, 1, 10))
    services.credit_note_create(
        organisation=org,
        customer=cust,
        number="CN-1",
        issue_date=date(2026, 1, 12),
        invoice=credited,
        amount_excl_vat=D("82.64"),
        vat_amount=D("17.36"),
        total=D("100.00"),
    )
    written_off = invoice(org, cust, "100.00", date(2026, 1, 3))
    _reached(written_off, StepKind.REMINDER, date(2026, 1, 10))
    services.invoice_write_off(invoice=written_off, date=date(2026, 1, 12))

    [reminder] = funnel(org, TODAY).steps
    assert (reminder.reached, reminder.paid_within) == (2, 1)
