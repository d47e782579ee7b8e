from datetime import date

import pytest

from innen.law.default import first_interest_day, payment_term_warnings, statutory_due_date


def test_agreed_due_date_interest_starts_the_next_day():
    assert first_interest_day(due=date(2026, 3, 31)) == date(2026, 4, 1)


def test_business_without_agreed_term_pays_interest_from_receipt_plus_31_days():
    # art. 6:119a lid 2 sub a BW: 30 days after the start of the day after receipt
    assert first_interest_day(received=date(2026, 3, 2)) == date(2026, 4, 2)
    assert statutory_due_date(date(2026, 3, 2)) == date(2026, 4, 1)


def test_consumer_without_fatal_due_date_needs_a_notice_of_default():
    with pytest.raises(ValueError, match=r"6:82"):
        first_interest_day(received=date(2026, 3, 2), consumer=True)


def test_agreed_term_over_60_days_is_flagged():
    warnings = payment_term_warnings(date(2026, 1, 1), date(2026, 3, 15))
    assert len(warnings) == 1 and "6:119a lid 5" in warnings[0]


def test_term_of_60_days_is_not_flagged():
    assert payment_term_warnings(date(2026, 1, 1), date(2026, 3, 2)) == ()


def test_large_company_paying_an_sme_may_take_at_most_30_days_since_july_2022():
    warnings = payment_term_warnings(
        date(2026, 1, 1), date(2026, 2, 15), large_debtor_paying_sme=True
    )
    assert len(warnings) == 1 and "30 dagen" in warnings[0]


def test_large_company_paying_an_sme_before_july_2022_could_take_60_days():
    before = payment_term_warnings(
        date(2022, 6, 1), date(2022, 7, 15), large_debtor_paying_sme=True
    )
    assert before == ()
