"""Features are what was known before the cut-off day: nothing from later changes them."""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from innen.risk.features import FEATURES, features
from innen.risk.records import Record

START = date(2024, 1, 1)
CUT = date(2024, 7, 1)


def invoice(number, issued, *, paid_after=None, amount="100.00", disputed_on=None, **more):
    due = issued + timedelta(days=30)
    settled = None if paid_after is None else due + timedelta(days=paid_after)
    return Record(
        customer="C1",
        number=str(number),
        issued=issued,
        due=due,
        amount=Decimal(amount),
        settled=settled,
        disputed_on=disputed_on,
        **more,
    )


def same(left, right):
    return all(
        left[name] == right[name]
        or (isinstance(left[name], float) and math.isnan(left[name]) and math.isnan(right[name]))
        for name in FEATURES
    )


days = st.integers(min_value=0, max_value=400)
past_invoice = st.builds(
    lambda n, offset, paid, dispute: invoice(
        n,
        START + timedelta(days=offset),
        paid_after=paid,
        disputed_on=None if dispute is None else START + timedelta(days=offset + dispute),
        broken_promises=() if dispute is None else (START + timedelta(days=offset + dispute),),
    ),
    st.integers(min_value=100, max_value=10_000),
    days,
    st.one_of(st.none(), st.integers(min_value=-30, max_value=90)),
    st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
)


def as_known_on(record: Record, day: date) -> Record:
    """`record` with everything that happened on or after `day` taken away."""
    return Record(
        customer=record.customer,
        number=record.number,
        issued=record.issued,
        due=record.due,
        amount=record.amount,
        settled=record.settled if record.settled and record.settled < day else None,
        disputed_on=record.disputed_on if record.disputed_on and record.disputed_on < day else None,
        broken_promises=tuple(d for d in record.broken_promises if d < day),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(past_invoice, max_size=12))
def test_nothing_on_or_after_the_cut_off_changes_the_features(history):
    record = invoice(1, CUT, amount="250.00")
    before = [h for h in history if h.issued < CUT]
    known = [as_known_on(h, CUT) for h in before]
    assert same(features(record, history, CUT), features(record, known, CUT))


def test_the_customer_history_counts_payments_settled_before_the_cut_off():
    history = [
        invoice(2, date(2024, 1, 1), paid_after=9),
        invoice(3, date(2024, 2, 1), paid_after=0),
        invoice(4, date(2024, 3, 1), paid_after=9),
        invoice(5, date(2024, 6, 20)),  # open at the cut-off
    ]
    row = features(invoice(1, CUT), history, CUT)
    assert row["paid_before"] == 3
    assert row["share_late"] == 2 / 3
    assert row["median_days_late"] == 9
    assert row["open_before"] == 1
    assert row["overdue_before"] == 0


def test_an_invoice_disputed_before_the_decision_day_counts_as_disputed():
    record = invoice(1, date(2024, 5, 1), disputed_on=date(2024, 5, 10))
    assert features(record, [record], date(2024, 6, 1))["disputed"] == 1.0
    assert features(record, [record], date(2024, 5, 1))["disputed"] == 0.0


def test_a_new_customer_has_no_history_but_its_invoice_has_features():
    row = features(invoice(1, CUT, amount="80.00"), [], CUT)
    assert row["paid_before"] == 0
    assert math.isnan(row["share_late"])
    assert row["term_days"] == 30
    assert row["due_weekday"] == (CUT + timedelta(days=30)).weekday()


scored_invoice = st.builds(
    lambda n, offset, paid, cents, dispute: invoice(
        n,
        START + timedelta(days=offset),
        paid_after=paid,
        amount=str(Decimal(cents) / 100),
        disputed_on=None if dispute is None else START + timedelta(days=offset + dispute),
    ),
    st.integers(min_value=1, max_value=40),  # numbers repeat now and then
    days,
    st.one_of(st.none(), st.integers(min_value=-30, max_value=90)),
    st.integers(min_value=0, max_value=50_000),
    st.one_of(st.none(), st.integers(min_value=0, max_value=200)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(scored_invoice, max_size=14), st.integers(min_value=0, max_value=420))
def test_scoring_a_customer_at_once_gives_each_invoice_its_own_features(history, cut):
    from innen.risk.features import customer_rows

    day = START + timedelta(days=cut)
    outsider = invoice(99_999, day - timedelta(days=3), amount="75.00")
    records = [*history, outsider]
    for record, row in zip(records, customer_rows(records, history, day), strict=True):
        assert same(row, features(record, history, day)), record
