"""A prediction agrees with itself: its three figures come from three fits (or shares), so
the chance of being paid within 14 days is read against the other two."""

import pytest

from innen.risk.model import Model, Prediction, coherent, given_age


def test_paid_on_time_is_paid_within_14_days_too():
    said = coherent(Prediction(days_late=3, p_late=0.3, p_within=0.6))
    assert said.p_within == pytest.approx(0.7)


def test_a_median_beyond_14_days_leaves_at_most_half_a_chance_within_them():
    said = coherent(Prediction(days_late=24, p_late=0.99, p_within=0.58))
    assert said.p_within == 0.5


def test_a_median_within_14_days_leaves_at_least_half_a_chance_within_them():
    said = coherent(Prediction(days_late=3, p_late=0.9, p_within=0.3))
    assert said.p_within == 0.5


def test_the_fallback_does_not_say_certain_within_14_days_while_unsure_of_late():
    # Nothing known: even odds of late, half the late ones within 14 days: 75%, not 100%.
    untrained = Model(rows=0, share_late=0.5, share_within=0.75)
    row = {"paid_before": 0.0, "share_late": float("nan"), "median_days_late": float("nan")}
    [said] = untrained.predict([row])
    assert (said.p_late, said.p_within) == (0.5, 0.75)


def test_an_overdue_invoices_chance_within_14_days_is_given_that_it_is_late():
    # 30% late, 90% within 14 days: of the late 30%, 20 points came within them: two thirds.
    said = given_age(Prediction(days_late=2, p_late=0.3, p_within=0.9), days_overdue=5)
    assert (said.p_late, said.p_within) == (1.0, pytest.approx(2 / 3))
    assert given_age(said, days_overdue=15).p_within == 0.0
