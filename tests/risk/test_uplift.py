"""The experiment's measurement finds a known effect within its interval, and none where there
is none: a simulation over demo-like customers with a set true effect of the earlier call."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from innen.risk.uplift import Outcome, in_control, measure, welch

TODAY = date(2026, 12, 6)
# The demo's mix of behaviours (innen.demo.customers.PROFILE_MIX, businesses), with how late
# each usually pays (mean days after the due date, the spread between its customers).
MIX = {
    "punctual": (40, -3.0, 3.0),
    "slow": (27, 12.0, 5.0),
    "forgetful": (10, 35.0, 10.0),
    "in_trouble": (9, 30.0, 12.0),
    "disputing": (8, 20.0, 15.0),
}
EFFECT = 7  # days: the earlier call gets an "in trouble" customer's invoices paid this much sooner


def simulate(seed: int, effect: int, customers: int = 2000) -> list[Outcome]:
    """Demo-like customers, 20% of them kept on the plain policy; the recommended variant takes
    `effect` days off the in-trouble customers' payments, and changes nothing for the rest."""
    rng = random.Random(seed)
    names, weights = list(MIX), [share for share, _, _ in MIX.values()]
    outcomes = []
    for n in range(customers):
        segment = rng.choices(names, weights)[0]
        _, mean, spread = MIX[segment]
        habit = rng.gauss(mean, spread)
        control = in_control(f"simulation-{seed}", f"C{n}")
        for month in range(12):
            due = TODAY - timedelta(days=400 - 30 * month)
            days = habit + rng.gauss(0, 6)
            if segment == "in_trouble" and not control:
                days -= effect
            outcomes.append(Outcome(f"C{n}", segment, control, due, due + timedelta(round(days))))
    return outcomes


def test_a_known_effect_of_the_earlier_call_is_found_within_the_interval():
    found = measure(simulate(seed=1, effect=EFFECT), TODAY, per_customer=True)
    days = found["in_trouble"].days_to_pay
    assert days is not None
    assert days.low <= -EFFECT <= days.high
    assert days.significant and days.difference < 0
    assert found["in_trouble"].paid_within is not None


def test_without_an_effect_no_difference_is_claimed():
    found = measure(simulate(seed=1, effect=0), TODAY, per_customer=True)
    for result in found.values():
        assert result.days_to_pay is not None
        assert result.days_to_pay.low <= 0 <= result.days_to_pay.high
        assert not result.days_to_pay.significant


def test_over_many_experiments_the_interval_holds_the_truth_about_95_times_in_100():
    covered = claimed_without_effect = 0
    runs = 40
    for seed in range(runs):
        with_effect = measure(simulate(seed, EFFECT, 800), TODAY, per_customer=True)
        days = with_effect["in_trouble"].days_to_pay
        covered += days.low <= -EFFECT <= days.high
        without = measure(simulate(seed, 0, 800), TODAY, per_customer=True)
        claimed_without_effect += without["in_trouble"].days_to_pay.significant
    assert covered >= 0.85 * runs
    assert claimed_without_effect <= 0.125 * runs


def test_the_control_group_is_a_fixed_fifth():
    picks = [in_control("org-7", f"C{n}") for n in range(10_000)]
    assert 0.19 < sum(picks) / len(picks) < 0.21
    assert picks == [in_control("org-7", f"C{n}") for n in range(10_000)]


def test_too_few_in_a_group_gives_no_interval():
    assert welch([1.0, 2.0, 3.0], [1.0, 2.0, 3.0, 4.0, 5.0]) is None


samples = st.lists(st.floats(min_value=-60, max_value=120), min_size=5, max_size=40)


@settings(max_examples=60, deadline=None)
@given(samples, samples)
def test_the_interval_holds_the_difference_and_turns_with_the_groups(left, right):
    forward, backward = welch(left, right), welch(right, left)
    assert forward is not None and backward is not None
    assert forward.low <= forward.difference <= forward.high
    assert abs(forward.difference + backward.difference) < 1e-9
    assert abs(forward.low + backward.high) < 1e-6
    assert forward.significant == backward.significant
