"""When each customer bought from the wholesaler, and when things turned for the worse."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from innen.demo.facts import DemoCustomer, Profile

HISTORY_DAYS = 548  # eighteen months
NEW_CUSTOMER_SHARE = 0.18


@dataclass(frozen=True)
class Situation:
    """The customer's invoices fall between `active_from` and `active_until`.

    `turning_point` is when an in-trouble customer started paying only in part, or when a
    gone customer stopped paying; None for the other profiles.
    """

    active_from: date
    active_until: date
    turning_point: date | None


def history_start(today: date) -> date:
    return today - timedelta(days=HISTORY_DAYS)


def make_situation(rng: random.Random, customer: DemoCustomer, today: date) -> Situation:
    start = history_start(today)
    active_from = start
    if rng.random() < NEW_CUSTOMER_SHARE:
        active_from = start + timedelta(days=rng.randint(30, HISTORY_DAYS - 90))
    turning_point = _turning_point(rng, customer.profile, today)
    active_until = today
    if turning_point is not None:
        # A customer whose troubles show must have bought well before them.
        active_from = min(active_from, turning_point - timedelta(days=120))
    if customer.profile == Profile.GONE and turning_point is not None:
        # The wholesaler keeps delivering for some weeks before it notices and stops.
        active_until = turning_point + timedelta(days=rng.randint(14, 45))
    return Situation(active_from, active_until, turning_point)


def _turning_point(rng: random.Random, profile: Profile, today: date) -> date | None:
    if profile == Profile.IN_TROUBLE:
        return today - timedelta(days=rng.randint(120, 210))
    if profile == Profile.GONE:
        return today - timedelta(days=rng.randint(110, 240))
    return None
