from datetime import date
from decimal import Decimal

from innen.law.letter_term import costs_to_state, letter_term, presumed_receipt


def test_post_sent_on_friday_counts_as_received_on_tuesday():
    # flib.nl: Sundays, Mondays and holidays do not count
    assert presumed_receipt(date(2026, 11, 20), "post") == date(2026, 11, 24)


def test_post_sent_on_tuesday_counts_as_received_on_thursday():
    assert presumed_receipt(date(2026, 11, 24), "post") == date(2026, 11, 26)


def test_public_holidays_do_not_count_for_post():
    # sent Thursday 2 April 2026: Good Friday, Sunday and Easter Monday do not count,
    # Saturday 4 April is day one, Tuesday 7 April day two
    assert presumed_receipt(date(2026, 4, 2), "post") == date(2026, 4, 7)


def test_email_counts_as_received_the_next_day():
    assert presumed_receipt(date(2026, 11, 23), "email") == date(2026, 11, 24)


def test_the_14_days_start_the_day_after_receipt_and_costs_the_day_after_the_term():
    term = letter_term(date(2026, 11, 20), "post")
    assert (term.term_ends, term.costs_from) == (date(2026, 12, 8), date(2026, 12, 9))


def test_a_term_ending_on_a_saturday_moves_to_monday():
    term = letter_term(date(2026, 11, 20), "post", received=date(2026, 11, 23))
    # 23 Nov + 14 = Monday 7 Dec: no move; received 21 Nov + 14 = Sat 5 Dec -> Mon 7 Dec
    assert term.term_ends == date(2026, 12, 7)
    assert letter_term(date(2026, 11, 20), "post", received=date(2026, 11, 21)).term_ends == (
        date(2026, 12, 7)
    )


def test_a_term_ending_on_christmas_moves_to_the_next_working_day():
    term = letter_term(date(2026, 12, 10), "email", received=date(2026, 12, 11))
    assert term.term_ends == date(2026, 12, 28)  # 25 Dec Fri, 26 Sat, 27 Sun


def test_liberation_day_counts_as_a_holiday_every_year():
    term = letter_term(date(2026, 4, 15), "email", received=date(2026, 4, 21))
    assert term.term_ends == date(2026, 5, 6)  # 5 May 2026 is a holiday (Atw art. 3)


def test_the_letter_states_the_scale_on_the_sum_of_the_principals_it_claims():
    costs = costs_to_state([Decimal("100.00"), Decimal("150.00"), Decimal("200.00")])
    assert costs.amount == Decimal("67.50")


def test_the_letter_states_costs_including_vat_when_the_uplift_applies():
    costs = costs_to_state([Decimal("100.00")], vat_uplift=True, on=date(2026, 11, 20))
    assert (costs.amount, costs.vat) == (Decimal("48.40"), Decimal("8.40"))
