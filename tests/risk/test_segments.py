"""Each behaviour segment is a rule over the customer's history as known on a day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from innen.risk.records import Record
from innen.risk.segments import LABELS, Behaviour, segment

TODAY = date(2026, 12, 6)


def invoice(number, issued, *, late=None, term=30, **more):
    """An invoice issued on `issued`, paid `late` days after its due date (None: open)."""
    due = issued + timedelta(days=term)
    settled = None if late is None else due + timedelta(days=late)
    return Record(
        customer="C1",
        number=str(number),
        issued=issued,
        due=due,
        amount=Decimal("100.00"),
        settled=settled,
        **more,
    )


def monthly(lateness, *, start=date(2026, 1, 5), **more):
    """One invoice a month, paid with the given days late each."""
    return [
        invoice(n, start + timedelta(days=30 * n), late=days, **more)
        for n, days in enumerate(lateness)
    ]


def test_a_customer_who_pays_on_time_is_punctual_and_says_how_often():
    found = segment(monthly([0, 0, 0, 2, 0, 0]), TODAY)
    assert found.behaviour == Behaviour.PUNCTUAL
    assert str(found.reason) == "paid 5 of its last 6 invoices on time"


def test_too_few_payments_are_new():
    found = segment(monthly([0, 3]), TODAY)
    assert found.behaviour == Behaviour.NEW
    assert str(found.reason) == "only 2 invoices paid so far"


def test_late_invoices_paid_soon_after_a_reminder_are_forgetful():
    history = []
    for n in range(6):
        issued = date(2026, 1, 5) + timedelta(days=30 * n)
        reminder = issued + timedelta(days=37)
        history.append(invoice(n, issued, late=10, reminded=(reminder,)))
    found = segment(history, TODAY)
    assert found.behaviour == Behaviour.FORGETFUL
    assert str(found.reason) == "paid 6 of its 6 late invoices within 10 days of a reminder"


def test_a_notice_before_the_due_date_is_not_a_reminder_of_something_forgotten():
    history = []
    for n in range(6):
        issued = date(2026, 1, 5) + timedelta(days=30 * n)
        notice = issued + timedelta(days=27)  # three days before the due date
        history.append(invoice(n, issued, late=5, reminded=(notice,)))
    assert segment(history, TODAY).behaviour == Behaviour.SLOW


def test_late_now_and_then_after_a_reminder_is_punctual_not_forgetful():
    history = []
    for n in range(8):
        issued = date(2026, 1, 5) + timedelta(days=30 * n)
        if n in (2, 5):
            reminder = issued + timedelta(days=37)
            history.append(invoice(n, issued, late=10, reminded=(reminder,)))
        else:
            history.append(invoice(n, issued, late=0))
    assert segment(history, TODAY).behaviour == Behaviour.PUNCTUAL


def test_paying_late_on_its_own_as_often_as_after_a_reminder_is_slow_not_forgetful():
    history = []
    for n in range(8):
        issued = date(2026, 1, 5) + timedelta(days=30 * n)
        reminder = issued + timedelta(days=37)
        late = 10 if n % 2 else 4  # every other one paid before the reminder came
        history.append(invoice(n, issued, late=late, reminded=(reminder,)))
    assert segment(history, TODAY).behaviour == Behaviour.SLOW


def test_paying_late_steadily_without_reminders_mattering_is_slow_but_steady():
    found = segment(monthly([20, 18, 22, 20, 0, 21]), TODAY)
    assert found.behaviour == Behaviour.SLOW
    assert str(found.reason) == "paid 83% of its last 6 invoices late, usually 20 days"


def test_growing_lateness_is_trouble():
    found = segment(monthly([0, 2, 0, 1, 15, 25, 40]), TODAY)
    assert found.behaviour == Behaviour.IN_TROUBLE
    assert "days later than before" in found.reason


def test_partial_payments_and_broken_plans_are_trouble_with_every_sign_named():
    history = [
        *monthly([0, 0, 0, 0]),
        invoice(
            9,
            date(2026, 10, 1),
            part_paid=(date(2026, 11, 20),),
            broken_plans=(date(2026, 11, 25),),
        ),
    ]
    found = segment(history, TODAY)
    assert found.behaviour == Behaviour.IN_TROUBLE
    assert str(found.reason) == (
        "paid part of 1 invoices in the last 90 days, broke 1 payment plans this year"
    )


def test_an_open_disputed_invoice_makes_a_customer_disputing_before_anything_else():
    history = [
        *monthly([0, 2, 0, 1, 15, 25, 40]),
        invoice(9, date(2026, 11, 1), disputed_on=date(2026, 11, 20)),
    ]
    found = segment(history, TODAY)
    assert found.behaviour == Behaviour.DISPUTING
    assert str(found.reason) == "1 open invoices disputed"


def test_reminders_unanswered_for_long_are_gone_silent():
    old = invoice(
        9, date(2026, 7, 1), reminded=(date(2026, 8, 10), date(2026, 8, 24), date(2026, 9, 1))
    )
    history = [*monthly([0, 0, 0], start=date(2026, 3, 1)), old]
    found = segment(history, TODAY)
    assert found.behaviour == Behaviour.SILENT
    assert str(found.reason) == "nothing paid or heard for 190 days, 3 reminders unanswered"


def test_a_contact_is_a_sign_of_life():
    old = invoice(
        9, date(2026, 7, 1), reminded=(date(2026, 8, 10), date(2026, 8, 24), date(2026, 9, 1))
    )
    history = [*monthly([0, 0, 0], start=date(2026, 3, 1)), old]
    assert segment(history, TODAY, contacts=[date(2026, 11, 30)]).behaviour != Behaviour.SILENT


def test_every_behaviour_has_a_label():
    assert set(LABELS) == set(Behaviour)


lateness = st.lists(st.integers(min_value=0, max_value=60), min_size=0, max_size=14)


@settings(max_examples=60, deadline=None)
@given(lateness, lateness, st.integers(min_value=0, max_value=400))
def test_what_happened_after_today_changes_nothing(before, after, days_on):
    """Invoices issued, paid, disputed or reminded after `today` never change the segment."""
    today = date(2026, 1, 1) + timedelta(days=days_on)
    history = monthly(before, start=date(2025, 1, 1))
    later = [
        invoice(
            f"later{n}",
            today + timedelta(days=1 + n),
            late=days,
            disputed_on=today + timedelta(days=2),
            reminded=(today + timedelta(days=3),),
        )
        for n, days in enumerate(after)
    ]
    assert segment(history, today) == segment(history + later, today)


@settings(max_examples=60, deadline=None)
@given(lateness, st.integers(min_value=0, max_value=400))
def test_every_history_gets_one_segment_with_a_reason(days_late, days_on):
    today = date(2026, 1, 1) + timedelta(days=days_on)
    found = segment(monthly(days_late, start=date(2025, 1, 1)), today)
    assert found.behaviour in set(Behaviour)
    assert str(found.reason)
