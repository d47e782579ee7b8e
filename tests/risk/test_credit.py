"""The suggested credit limit: monthly invoicing times the payment cycle, weighed by how the
customer pays; and the check of an order against the limit."""

from datetime import date, timedelta
from decimal import Decimal

from innen.risk.credit import HIGH, LOW, MEDIUM, UNKNOWN, passes, suggested_limit
from innen.risk.records import Record

TODAY = date(2026, 12, 6)


def monthly_invoices(count, *, amount="1000.00", late=0, term=30, **extra):
    """`count` invoices, one a month back from today, each paid `late` days after its due date."""
    records = []
    for n in range(count):
        issued = TODAY - timedelta(days=30 * (n + 1))
        due = issued + timedelta(days=term)
        records.append(
            Record("c1", f"F{n}", issued, due, Decimal(amount), due + timedelta(days=late), **extra)
        )
    return records


def test_a_punctual_customer_gets_half_as_much_again_as_a_cycle_of_invoicing():
    advice = suggested_limit(monthly_invoices(10), Decimal("0.00"), TODAY)
    # 10,000 over 10 months is 1,000 a month; a 30-day cycle; times 1.5 for paying on time
    assert advice.limit == Decimal("1500.00")
    assert advice.risk == LOW
    assert "paid 0% of its invoices late: half as much again" in advice.reasons


def test_a_late_payer_gets_a_longer_cycle_but_is_halved():
    advice = suggested_limit(monthly_invoices(10, late=30), Decimal("0.00"), TODAY)
    # a 60-day cycle (term 30 plus 30 late) of 1,000 a month, halved: 1,000
    assert advice.limit == Decimal("1000.00")
    assert advice.risk == HIGH
    assert any("pays in about 60 days" in reason for reason in advice.reasons)


def test_a_broken_promise_this_year_halves_the_limit():
    history = monthly_invoices(10)
    broken = [
        Record(
            "c1",
            "X",
            TODAY - timedelta(days=40),
            TODAY - timedelta(days=10),
            Decimal("0.00"),
            None,
            broken_promises=(TODAY - timedelta(days=5),),
        )
    ]
    advice = suggested_limit(history + broken, Decimal("0.00"), TODAY)
    assert advice.limit < suggested_limit(history, Decimal("0.00"), TODAY).limit
    assert advice.risk == HIGH


def test_an_invoice_long_past_due_halves_the_limit():
    history = monthly_invoices(10)
    open_one = Record(
        "c1", "O", TODAY - timedelta(days=90), TODAY - timedelta(days=60), Decimal("1000.00")
    )
    advice = suggested_limit([*history, open_one], Decimal("1000.00"), TODAY)
    assert "1 invoices more than 30 days past due: halved" in advice.reasons
    assert "owes € 1.000 now" in advice.reasons


def test_a_customer_without_a_payment_gets_its_largest_invoice_rounded_down():
    first = Record(
        "c1", "F1", TODAY - timedelta(days=3), TODAY + timedelta(days=27), Decimal("2345.67")
    )
    advice = suggested_limit([first], Decimal("2345.67"), TODAY)
    assert advice.limit == Decimal("2300.00")
    assert advice.risk == UNKNOWN
    assert advice.share_late is None


def test_a_customer_with_nothing_invoiced_gets_no_credit():
    assert suggested_limit([], Decimal("0.00"), TODAY).limit == Decimal("0.00")


def test_what_happens_on_or_after_today_is_not_known():
    history = monthly_invoices(10)
    later = [Record("c1", "L", TODAY, TODAY + timedelta(days=30), Decimal("99999.00"))]
    assert suggested_limit(history + later, Decimal("0"), TODAY) == suggested_limit(
        history, Decimal("0"), TODAY
    )


def test_sometimes_late_is_a_medium_risk():
    history = monthly_invoices(6) + monthly_invoices(4, late=5)
    assert suggested_limit(history, Decimal("0"), TODAY).risk == MEDIUM


def test_an_order_passes_the_limit_only_when_it_would_owe_more_than_the_limit():
    assert not passes(Decimal("600.00"), Decimal("1000.00"), Decimal("400.00"))
    assert passes(Decimal("600.00"), Decimal("1000.00"), Decimal("400.01"))
    assert passes(Decimal("1000.01"), Decimal("1000.00"))
