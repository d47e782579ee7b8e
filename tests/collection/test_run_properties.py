"""The daily run over random ledgers, end to end: run, the debtor acts, then everything leaves.

Each simulated day: the invoices innen learns of that day arrive (some long overdue), the run
decides, then some debtors pay or are put on hold, and what the run queued is delivered (the
e-mails sent, the letters into the day's print batch). Whatever the ledger, three rules hold:
- no customer gets two messages from the run on one day;
- nothing is sent or posted on a Sunday or a Dutch public holiday;
- nothing leaves for an invoice that was settled, or put on hold, before it left.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innen.collection import services as collection
from innen.collection.models import Message, MessageStatus
from innen.daily import run_day
from innen.law.calendar import is_atw_holiday
from innen.ledger import services as ledger
from innen.ledger.models import CustomerKind, Invoice
from innen.outbox import delivery, sending
from innen.outbox.models import Delivery, DeliveryStatus
from innen.outbox.printing import build_print_batch
from tests import factories
from tests.collection.ladders import collecting_organisation

pytestmark = pytest.mark.django_db

FIRST_DAY = date(2026, 11, 2)  # a Monday; the simulation crosses weekends, not a holiday
DAYS = 24
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class NewInvoice:
    customer: int
    days_overdue_when_known: int  # negative: not due yet when innen learns of it
    known_day: int  # the simulated day innen learns of it (0: before the first run)
    amount: Decimal


@dataclass(frozen=True)
class DebtorAct:
    invoice: int
    day: int
    pays: bool  # else: a promise to pay puts it on hold for a week


new_invoices = st.builds(
    NewInvoice,
    customer=st.integers(0, 2),
    days_overdue_when_known=st.integers(-10, 90),
    known_day=st.integers(0, DAYS - 1),
    amount=st.sampled_from([Decimal("60.50"), Decimal("242.00"), Decimal("1210.00")]),
)


@st.composite
def ledgers(draw):
    invoices = draw(st.lists(new_invoices, min_size=1, max_size=6))
    acts = draw(
        st.lists(
            st.builds(
                DebtorAct,
                invoice=st.integers(0, len(invoices) - 1),
                day=st.integers(0, DAYS - 1),
                pays=st.booleans(),
            ),
            max_size=4,
        )
    )
    consumers = draw(st.lists(st.booleans(), min_size=3, max_size=3))
    return invoices, acts, consumers


def closed(day: date) -> bool:
    return day.weekday() == 6 or is_atw_holiday(day)


class Ledger:
    """One random organisation's ledger, played day by day."""

    def __init__(self, invoices, acts, consumers):
        self.org = collecting_organisation()
        self.customers = [
            factories.customer(
                self.org,
                kind=CustomerKind.CONSUMER if consumer else CustomerKind.BUSINESS,
                street="Kerkplein 2",
                postcode="3511 AA",
                city="Utrecht",
            )
            for consumer in consumers
        ]
        self.new = invoices
        self.acts = acts
        self.invoices: dict[int, Invoice] = {}

    def arrive(self, n: int, day: date) -> None:
        spec = self.new[n]
        due = day - timedelta(days=spec.days_overdue_when_known)
        invoice = factories.invoice(
            self.org,
            self.customers[spec.customer],
            total=str(spec.amount),
            due=due,
            issue_date=due - timedelta(days=30),
        )
        known = datetime.combine(day, time(7), tzinfo=AMSTERDAM)
        Invoice.objects.filter(pk=invoice.pk).update(created_at=known)
        self.invoices[n] = invoice

    def act(self, act: DebtorAct, day: date) -> None:
        invoice = self.invoices.get(act.invoice)
        if invoice is None:
            return
        invoice.refresh_from_db()
        if invoice.outstanding <= 0:
            return
        if act.pays:
            ledger.payment_register(
                organisation=self.org,
                customer=invoice.customer,
                date=day,
                amount=invoice.outstanding,
                designated=[invoice],
            )
        else:
            collection.hold_place(
                customer=invoice.customer,
                invoice=invoice,
                reason="promise",
                starts_on=day,
                ends_on=day + timedelta(days=7),
                today=day,
            )

    def day(self, n: int) -> None:
        day = FIRST_DAY + timedelta(days=n)
        for i, spec in enumerate(self.new):
            if spec.known_day == n:
                self.arrive(i, day)
        run_day(self.org, day)
        for act in self.acts:
            if act.day == n:
                self.act(act, day)
        self.deliver(day)

    def deliver(self, day: date) -> None:
        queued = Message.objects.filter(organisation=self.org, status=MessageStatus.QUEUED)
        delivery.deliver(list(queued.values_list("pk", flat=True)), day)
        ready = Message.objects.filter(organisation=self.org, status=MessageStatus.READY)
        for message_id in ready.values_list("pk", flat=True):
            sending.send_message(message_id, day)
        build_print_batch(self.org.pk, day)


def sent(org) -> list[Delivery]:
    return list(
        Delivery.objects.filter(
            organisation=org, message__isnull=False, status=DeliveryStatus.SENT
        ).select_related("message")
    )


def check_the_rules(org) -> None:
    per_customer_day: dict[tuple[int, date], set[int]] = {}
    for item in sent(org):
        assert item.sent_on is not None
        assert not closed(item.sent_on), f"{item.channel} sent on {item.sent_on:%A %d %B}"
        per_customer_day.setdefault((item.message.customer_id, item.sent_on), set()).add(
            item.message_id
        )
        for action in item.message.actions.select_related("invoice").exclude(
            status__in=("cancelled", "postponed")
        ):
            settled_on = action.invoice.settled_on
            assert settled_on is None or settled_on > item.sent_on, (
                f"{item.channel} on {item.sent_on} for {action.invoice.number}, "
                f"settled on {settled_on}"
            )
            held_before = action.invoice.holds.filter(
                starts_on__lte=item.sent_on, ends_on__gte=item.sent_on
            )
            assert not held_before.exists(), f"{item.channel} for a held invoice"
    twice = {key: ids for key, ids in per_customer_day.items() if len(ids) > 1}
    assert not twice, f"two messages to one customer on one day: {twice}"


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ledgers())
def test_one_message_a_day_none_on_a_sunday_and_none_after_the_debtor_acted(case):
    invoices, acts, consumers = case
    with transaction.atomic():
        book = Ledger(invoices, acts, consumers)
        for n in range(DAYS):
            book.day(n)
        check_the_rules(book.org)
        transaction.set_rollback(True)
