"""When each customer bought from the wholesaler, and when things turned for the worse."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from innen.demo.facts import DemoCustomer, Profile
from innen.dunning.days import add_business_days, is_business_day

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


# --- what a credit controller paused: disputes and promises, each its own -----------------

# (reason, the customer's words): the reasons are `arrangements.models.DisputeReason`'s.
DISPUTES = (
    ("amount_wrong", "Klant betwist de geleverde aantallen: 4 dozen in plaats van 6."),
    ("not_delivered", "Levering kwam beschadigd aan; foto's volgen per e-mail."),
    ("not_received", "Factuur niet ontvangen, graag opnieuw sturen naar de administratie."),
    ("already_paid", "Klant zegt al betaald te hebben op de 3e; afschrift opgevraagd."),
    ("amount_wrong", "Prijs wijkt af van de offerte: korting van 5% ontbreekt."),
    ("not_delivered", "Tweede deel van de bestelling is nooit geleverd."),
    ("other", "Klant wacht op een creditnota voor retour gezonden emballage."),
)
PROMISES = (
    "Belofte: betaalt alles vóór het einde van de maand.",
    "Belooft te betalen zodra de klant van zijn afnemer betaald is.",
    "Betaalt na ontvangst van de subsidie; belde zelf op.",
    "Toezegging telefonisch: overboeking staat klaar voor vrijdag.",
    "Betaalt de helft nu, de rest bij de volgende levering.",
)


@dataclass(frozen=True)
class Pause:
    """A dispute (`reason` set) or a promise (`until` set), on business days."""

    starts_on: date
    note: str
    reason: str = ""
    until: date | None = None


def dispute_pause(customer_number: str, today: date) -> Pause:
    """The dispute a customer raised: its reason, words and a business day in the last weeks."""
    rng = random.Random(f"dispute-{customer_number}")
    reason, note = rng.choice(DISPUTES)
    return Pause(_business_day_before(today, rng.randint(3, 35)), note, reason=reason)


def promise_pause(customer_number: str, today: date) -> Pause:
    """A promise made on a business day in the last fortnight, for a business day ahead."""
    rng = random.Random(f"promise-{customer_number}")
    made = _business_day_before(today, rng.randint(1, 12))
    until = add_business_days(today, rng.randint(2, 10))
    return Pause(made, rng.choice(PROMISES), until=until)


def _business_day_before(today: date, days: int) -> date:
    """The business day `days` days before `today` (or the one before that, if it is not)."""
    day = today - timedelta(days=days)
    while not is_business_day(day):
        day -= timedelta(days=1)
    return day
