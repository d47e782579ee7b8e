"""The dashboard's figures for one organisation on one day, from a few set-based queries.

Three queries, each grouped in the database, so their cost does not grow with rows sent to
Python: the open items (aging, top overdue customers, expected cash-in from each customer's
own payment habit), the day totals of recent sales and settlements (DSO and its trend, CEI,
see `innen.insights.metrics`), and the collection funnel. Written for PostgreSQL and SQLite
alike; the one difference, day arithmetic, is in `_days_between` and `_plus_days`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection

from innen.balances import AGING_BUCKETS
from innen.collection.models import ActionStatus, MessageStatus, StepKind
from innen.insights import metrics
from innen.insights.models import FunnelCount, Snapshot
from innen.ledger.models import Customer
from innen.money import ZERO, round_cents
from innen.organisations.models import Organisation

TOP_CUSTOMERS = 10
CASH_IN_WEEKS = 4
# A customer's habit is the median days late of the payments of the last year.
HABIT_DAYS = 365
TREND_MONTHS = 12
CEI_MONTHS = (1, 3)
FUNNEL_PAID_WITHIN = 14
FUNNEL_MONTHS = 12


@dataclass(frozen=True)
class Bucket:
    key: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class OverdueCustomer:
    customer: Customer
    invoices: int
    amount: Decimal


@dataclass(frozen=True)
class Week:
    first: date
    last: date
    invoices: int
    amount: Decimal


@dataclass(frozen=True)
class OpenLedger:
    buckets: list[Bucket]
    top_overdue: list[OverdueCustomer]
    cash_in: list[Week]
    # Open, overdue and past the day their customer's habit said they would be paid.
    behind_habit: Decimal

    @property
    def total(self) -> Decimal:
        return sum((b.amount for b in self.buckets), ZERO)

    @property
    def count(self) -> int:
        return sum(b.count for b in self.buckets)

    @property
    def not_due(self) -> Decimal:
        return next(b.amount for b in self.buckets if b.key == "not_due")

    @property
    def overdue(self) -> Decimal:
        return self.total - self.not_due


@dataclass(frozen=True)
class FunnelStep:
    kind: str
    label: str
    reached: int
    paid_within: int

    @property
    def paid_share(self) -> Decimal | None:
        if not self.reached:
            return None
        return (Decimal(self.paid_within) * 100 / self.reached).quantize(metrics.ONE_PLACE)


@dataclass(frozen=True)
class Funnel:
    first: date
    last: date
    steps: list[FunnelStep]


@dataclass(frozen=True)
class Cei:
    months: int
    first: date
    value: Decimal | None


@dataclass(frozen=True)
class Dashboard:
    today: date
    ledger: OpenLedger
    dso: Decimal
    dso_capped: bool
    dso_trend: list[tuple[date, Decimal]]
    cei: list[Cei]
    funnel: Funnel
    # The habits and the funnel are those today's collection run stored (else computed now).
    from_run: bool = False


def dashboard(organisation: Organisation, today: date) -> Dashboard:
    """Every figure of the dashboard of `organisation` as of the end of `today`."""
    snapshot = todays_snapshot(organisation, today)
    ledger = _open_ledger(organisation, today, snapshot)
    history = ledger_history(organisation, today, ledger.total)
    return Dashboard(
        today=today,
        ledger=ledger,
        dso=metrics.dso_on(history, today),
        dso_capped=metrics.dso_is_capped(history, today),
        dso_trend=[
            (day, metrics.dso_on(history, day)) for day in metrics.month_ends(today, TREND_MONTHS)
        ],
        cei=[
            Cei(months, *metrics.cei_over(history, months, ledger.not_due)) for months in CEI_MONTHS
        ],
        funnel=_funnel(organisation, today, snapshot),
        from_run=snapshot is not None,
    )


# --- SQL helpers ------------------------------------------------------------------------------


def _days_between(later: str, earlier: str) -> str:
    """SQL for the whole days from `earlier` to `later` (two date expressions)."""
    if connection.vendor == "postgresql":
        return f"({later} - {earlier})"
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


def _plus_days(day: str, days: int) -> str:
    if connection.vendor == "postgresql":
        return f"({day} + {int(days)})"
    return f"date({day}, '+{int(days)} days')"


def _date_param() -> str:
    return "CAST(%(today)s AS DATE)" if connection.vendor == "postgresql" else "%(today)s"


def _money(value: Any) -> Decimal:
    """A sum from the database as money (SQLite sums decimals as floats)."""
    if value is None:
        return ZERO
    return round_cents(Decimal(str(value)))


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _rows(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# --- the open items ---------------------------------------------------------------------------


def _bucket_case() -> str:
    """SQL for the aging bucket of an item `due_in` days from today (negative: overdue)."""
    whens = []
    for key, first, last in AGING_BUCKETS:
        # days overdue = -due_in; "first..last days overdue" in terms of due_in:
        conditions = []
        if first is not None:
            conditions.append(f"due_in <= {-first}")
        if last is not None:
            conditions.append(f"due_in >= {-last}")
        whens.append(f"WHEN {' AND '.join(conditions)} THEN '{key}'")
    return f"CASE {' '.join(whens)} END"


def _median(values: str, partition: str) -> str:
    """SQL selecting the median of `values`.late, per `partition` (or overall when empty)."""
    over = f"PARTITION BY {partition} " if partition else ""
    columns = f"{partition}, " if partition else ""
    return (
        f"SELECT {columns}AVG(late) AS late FROM ("
        f" SELECT {columns}late, ROW_NUMBER() OVER ({over}ORDER BY late) AS n,"
        f" COUNT(*) OVER ({over.strip() or ''}) AS total FROM {values}"
        f") ranked WHERE n IN ((total + 1) / 2, (total + 2) / 2)"
        + (f" GROUP BY {partition}" if partition else "")
    )


def _lateness_sql() -> str:
    """SQL for the days late of every payment of the last year, with its customer."""
    late = _days_between("a.date", "i.due_date")
    return f"""
        SELECT i.customer_id, {late} AS late
        FROM ledger_allocation a JOIN ledger_invoice i ON i.id = a.invoice_id
        WHERE a.organisation_id = %(org)s AND a.kind = 'payment'
          AND a.date > %(habit_since)s AND a.date <= %(today)s
    """


def habits_sql() -> str:
    """SQL for each customer's habit (`customer_id`, `late`): the median of their lateness."""
    return f"WITH lateness AS ({_lateness_sql()}) {_median('lateness', 'customer_id')}"


def usual_sql() -> str:
    """SQL for the organisation's usual habit (`late`): the median of all its lateness."""
    return f"WITH lateness AS ({_lateness_sql()}) {_median('lateness', '')}"


def _habit_ctes(stored: bool) -> str:
    """The CTEs `habits` (customer_id, late) and `usual` (late): stored today, or computed."""
    if stored:
        return (
            "habits AS (SELECT customer_id, late_days AS late FROM insights_paymenthabit"
            " WHERE organisation_id = %(org)s AND snapshot_id = %(snapshot)s),"
            " usual AS (SELECT usual_late_days AS late FROM insights_snapshot"
            " WHERE id = %(snapshot)s)"
        )
    return (
        f"lateness AS ({_lateness_sql()}),"
        f" habits AS ({_median('lateness', 'customer_id')}),"
        f" usual AS ({_median('lateness', '')})"
    )


def _open_items_sql(stored: bool) -> str:
    """The open items with their customer's habit; `stored`: the habits of today's snapshot.

    An invoice's open amount on `today` is its stored outstanding amount plus what was
    allocated to it after `today` (seldom anything): the partial index of open invoices
    holds the rest.
    """
    today = _date_param()
    due_in = _days_between("o.due_date", today)
    return f"""
    WITH later AS (
        SELECT invoice_id, SUM(amount) AS amount FROM ledger_allocation
        WHERE organisation_id = %(org)s AND date > %(today)s
        GROUP BY invoice_id
    ),
    open_items AS (
        SELECT i.customer_id, i.due_date, ROUND(i.outstanding + COALESCE(l.amount, 0), 2)
            AS open_amount
        FROM ledger_invoice i LEFT JOIN later l ON l.invoice_id = i.id
        WHERE i.organisation_id = %(org)s AND i.outstanding > 0 AND i.issue_date <= %(today)s
        UNION ALL
        SELECT i.customer_id, i.due_date, ROUND(i.outstanding + l.amount, 2)
        FROM later l JOIN ledger_invoice i ON i.id = l.invoice_id
        WHERE i.organisation_id = %(org)s AND i.outstanding <= 0
          AND ROUND(i.outstanding + l.amount, 2) > 0 AND i.issue_date <= %(today)s
    ),
    {_habit_ctes(stored)},
    items AS (
        SELECT o.customer_id, o.open_amount, {due_in} AS due_in,
               CAST(ROUND(COALESCE(h.late, (SELECT late FROM usual), 0)) AS INTEGER) AS late
        FROM open_items o LEFT JOIN habits h ON h.customer_id = o.customer_id
    )
    SELECT 'bucket', {_bucket_case()}, COUNT(*), SUM(open_amount) FROM items GROUP BY 2
    UNION ALL
    SELECT 'week', CAST((due_in + late) / 7 AS TEXT), COUNT(*), SUM(open_amount) FROM items
    WHERE due_in + late >= 0 AND due_in + late < %(horizon)s GROUP BY 2
    UNION ALL
    SELECT 'behind', '', COUNT(*), SUM(open_amount) FROM items
    WHERE due_in < 0 AND due_in + late < 0
    UNION ALL
    SELECT * FROM (
        SELECT 'customer', CAST(customer_id AS TEXT), COUNT(*), SUM(open_amount) FROM items
        WHERE due_in < 0 GROUP BY customer_id ORDER BY 4 DESC, 2 LIMIT %(top)s
    ) top
    """


def habit_params(organisation: Organisation, today: date) -> dict[str, Any]:
    return {
        "org": organisation.pk,
        "today": today,
        "habit_since": today - timedelta(days=HABIT_DAYS),
    }


def open_ledger(organisation: Organisation, today: date) -> OpenLedger:
    """Aging, top overdue customers and expected cash-in, as of the end of `today`.

    An invoice is expected on its due date plus its customer's habit: the median days late
    (negative: early) of the customer's payments in the last year, or the organisation's
    median for a customer without payments then. Week 0 runs from today for 7 days. The
    habits are those the daily run stored today (`innen.insights.snapshot`), if it has run.
    """
    return _open_ledger(organisation, today, todays_snapshot(organisation, today))


def _open_ledger(organisation: Organisation, today: date, snapshot: Snapshot | None) -> OpenLedger:
    rows = _rows(
        _open_items_sql(stored=snapshot is not None),
        {
            **habit_params(organisation, today),
            "snapshot": snapshot.pk if snapshot else None,
            "horizon": CASH_IN_WEEKS * 7,
            "top": TOP_CUSTOMERS,
        },
    )
    found: dict[str, dict[str, tuple[int, Decimal]]] = {}
    for kind, key, count, amount in rows:
        found.setdefault(kind, {})[key] = (count, _money(amount))
    buckets = [
        Bucket(key, *found.get("bucket", {}).get(key, (0, ZERO))) for key, _, _ in AGING_BUCKETS
    ]
    weeks = [
        Week(
            today + timedelta(days=7 * n),
            today + timedelta(days=7 * n + 6),
            *found.get("week", {}).get(str(n), (0, ZERO)),
        )
        for n in range(CASH_IN_WEEKS)
    ]
    return OpenLedger(
        buckets=buckets,
        top_overdue=_overdue_customers(organisation, found.get("customer", {})),
        cash_in=weeks,
        behind_habit=found.get("behind", {}).get("", (0, ZERO))[1],
    )


def _overdue_customers(
    organisation: Organisation, top: dict[str, tuple[int, Decimal]]
) -> list[OverdueCustomer]:
    customers = Customer.objects.filter(organisation=organisation, pk__in=[int(k) for k in top])
    by_id = {str(c.pk): c for c in customers}
    listed = [OverdueCustomer(by_id[key], count, amount) for key, (count, amount) in top.items()]
    return sorted(listed, key=lambda c: (-c.amount, c.customer.name))


# --- recent sales and settlements -------------------------------------------------------------


def history_since(today: date) -> tuple[date, date]:
    """From which days the sales and the settlements are needed for the trend and the CEI."""
    earliest_end = min([*metrics.month_ends(today, TREND_MONTHS), today])
    settled_since = min(earliest_end, metrics.months_before(today, max(CEI_MONTHS)))
    sales_since = metrics.countback_periods(settled_since)[-1][0]
    return sales_since, settled_since


def ledger_history(
    organisation: Organisation, today: date, receivables: Decimal
) -> metrics.LedgerHistory:
    """Day totals of sales and settlements, enough to roll `receivables` back a year and more."""
    sales_since, settled_since = history_since(today)
    rows = _rows(
        """
        SELECT 'sales', issue_date, SUM(total) FROM ledger_invoice
        WHERE organisation_id = %(org)s AND issue_date >= %(sales_since)s
          AND issue_date <= %(today)s
        GROUP BY issue_date
        UNION ALL
        SELECT 'settled', date, SUM(amount) FROM ledger_allocation
        WHERE organisation_id = %(org)s AND date > %(settled_since)s AND date <= %(today)s
        GROUP BY date
        """,
        {
            "org": organisation.pk,
            "today": today,
            "sales_since": sales_since,
            "settled_since": settled_since,
        },
    )
    sales = {_day(d): _money(v) for kind, d, v in rows if kind == "sales"}
    settled = {_day(d): _money(v) for kind, d, v in rows if kind == "settled"}
    return metrics.LedgerHistory(today=today, receivables=receivables, sales=sales, settled=settled)


# --- the collection funnel --------------------------------------------------------------------


def funnel_window(today: date) -> tuple[date, date]:
    """The days whose steps the funnel counts: a year, up to the last with 14 days behind it."""
    last = today - timedelta(days=FUNNEL_PAID_WITHIN)
    return metrics.months_before(last, FUNNEL_MONTHS) + timedelta(days=1), last


def funnel(organisation: Organisation, today: date) -> Funnel:
    """Per step kind: the invoices that reached it, and how many were paid within 14 days.

    A step is reached when its message went out (sent; for a call, done), on the day it was
    decided. Paid within 14 days: the invoice's payments and credit notes dated up to 14 days
    after that day cover its total (a write-off is not a payment). The steps counted are those
    reached in the year up to 14 days ago, so every one has had its full 14 days. The counts
    are those the daily run stored today (`innen.insights.snapshot`), if it has run.
    """
    return _funnel(organisation, today, todays_snapshot(organisation, today))


def _funnel(organisation: Organisation, today: date, snapshot: Snapshot | None) -> Funnel:
    first, last = funnel_window(today)
    if snapshot is None:
        counts = funnel_counts(organisation, today)
    else:
        stored = FunnelCount.objects.filter(organisation=organisation, snapshot=snapshot)
        counts = {c.kind: (c.reached, c.paid_within) for c in stored}
    steps = [
        FunnelStep(kind.value, str(kind.label), *counts[kind.value])
        for kind in StepKind
        if kind.value in counts
    ]
    return Funnel(first, last, steps)


def funnel_counts(organisation: Organisation, today: date) -> dict[str, tuple[int, int]]:
    """Per step kind reached in the funnel's year: (reached, paid within 14 days).

    Paid within 14 days: the day payments and credit notes covered the total
    (`Invoice.settled_on`) is at most 14 days after the step's.
    """
    first, last = funnel_window(today)
    paid_by = _plus_days("m.decided_on", FUNNEL_PAID_WITHIN)
    rows = _rows(
        f"""
        SELECT a.kind, COUNT(*),
               SUM(CASE WHEN i.settled_on <= {paid_by} THEN 1 ELSE 0 END)
        FROM collection_action a
        JOIN collection_message m ON m.id = a.message_id
        JOIN ledger_invoice i ON i.id = a.invoice_id
        WHERE a.organisation_id = %(org)s AND m.organisation_id = %(org)s
          AND m.status IN (%(sent)s, %(done)s) AND a.status <> %(failed)s
          AND m.decided_on >= %(first)s AND m.decided_on <= %(last)s
        GROUP BY a.kind
        """,
        {
            "org": organisation.pk,
            "first": first,
            "last": last,
            "sent": MessageStatus.SENT.value,
            "done": MessageStatus.DONE.value,
            "failed": ActionStatus.FAILED.value,
        },
    )
    return {kind: (reached, paid or 0) for kind, reached, paid in rows}


def todays_snapshot(organisation: Organisation, today: date) -> Snapshot | None:
    """The figures the daily run stored for `today`, if it has run (see `insights.snapshot`)."""
    return Snapshot.objects.filter(organisation=organisation, taken_on=today).first()
