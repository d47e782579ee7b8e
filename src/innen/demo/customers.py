"""Believable Dutch customers: two thirds businesses, one third consumers, each with a profile."""

import random
import unicodedata
from collections.abc import Callable, Sequence

from innen.demo import identity
from innen.demo.facts import DemoCustomer, Profile
from innen.demo.names import (
    BUSINESS_STREETS,
    CITIES,
    COMPANY_PATTERNS,
    CONSUMER_MAIL_DOMAINS,
    ENGLISH_COMPANY_NAMES,
    ENGLISH_FIRST_NAMES,
    ENGLISH_SURNAMES,
    FIRST_NAMES,
    HOME_STREETS,
    NEARBY_CITIES,
    PLACE_NAMES,
    SHOP_STREETS,
    SURNAMES,
)

BUSINESS_SHARE = 2 / 3
ENGLISH_SHARE = 0.06
BUSINESS_TERM_DAYS = 30
CONSUMER_TERM_DAYS = 14
SEGMENTS = (("horeca", 35), ("retail", 25), ("bouw", 22), ("zorg", 9), ("kantoor", 9))
CONSUMER_SEGMENT = "particulier"

# Most customers pay fine; the rest give credit control its work. Every business profile
# gets at least one customer, so even a small demo shows them all.
PROFILE_MIX = {
    "business": (
        (Profile.PUNCTUAL, 40),
        (Profile.LATE, 27),
        (Profile.FORGETFUL, 10),
        (Profile.IN_TROUBLE, 9),
        (Profile.DISPUTING, 8),
        (Profile.GONE, 6),
    ),
    "consumer": (
        (Profile.PUNCTUAL, 50),
        (Profile.LATE, 20),
        (Profile.FORGETFUL, 15),
        (Profile.IN_TROUBLE, 5),
        (Profile.DISPUTING, 3),
        (Profile.GONE, 7),
    ),
}


def make_customers(rng: random.Random, count: int) -> tuple[DemoCustomer, ...]:
    businesses = round(count * BUSINESS_SHARE)
    kinds = ["business"] * businesses + ["consumer"] * (count - businesses)
    rng.shuffle(kinds)
    profiles = {
        kind: _shuffled(
            rng, quota(PROFILE_MIX[kind], kinds.count(kind), minimum=kind == "business")
        )
        for kind in ("business", "consumer")
    }
    names: set[str] = set()
    customers = []
    for index, kind in enumerate(kinds):
        english = rng.random() < ENGLISH_SHARE
        make = _business if kind == "business" else _consumer
        customer = make(rng, f"{10001 + index}", profiles[kind].pop(), english, names)
        names.add(customer.name)
        customers.append(customer)
    return tuple(customers)


def quota(weights: Sequence[tuple[Profile, int]], count: int, minimum: bool) -> list[Profile]:
    """Return `count` profiles in proportion to `weights` (largest remainder).

    With `minimum`, every profile gets at least one when `count` allows it.
    """
    floor = 1 if minimum and count >= len(weights) else 0
    rest = count - floor * len(weights)
    total = sum(weight for _, weight in weights)
    exact = [(profile, rest * weight / total) for profile, weight in weights]
    counts = {profile: floor + int(share) for profile, share in exact}
    by_remainder = sorted(exact, key=lambda pair: pair[1] - int(pair[1]), reverse=True)
    for profile, _ in by_remainder[: count - sum(counts.values())]:
        counts[profile] += 1
    return [profile for profile, _ in weights for _ in range(counts[profile])]


def _business(
    rng: random.Random, number: str, profile: Profile, english: bool, taken: set[str]
) -> DemoCustomer:
    segment = _weighted_choice(rng, SEGMENTS)
    form = _weighted_choice(rng, (("B.V.", 55), ("V.O.F.", 15), ("", 30)))
    name = _unique(taken, lambda: _company_name(rng, segment, form, english))
    contact = _person(rng, english)
    domain = _slug(name.removesuffix(" " + form)) + ".example"
    emails = [f"{rng.choice(('facturen', 'administratie', 'info', 'boekhouding'))}@{domain}"]
    if rng.random() < 0.3:
        emails.append(f"{_slug(contact.split()[0])}@{domain}")
    city, first, last, area = _city(rng, english)
    streets = SHOP_STREETS if segment in {"horeca", "retail"} else BUSINESS_STREETS
    sole_trader = form == ""
    vat = identity.vat_number_sole_trader if sole_trader else identity.vat_number_company
    return DemoCustomer(
        number=number,
        kind="business",
        name=name,
        contact_person=contact,
        emails=", ".join(emails),
        phone=identity.landline(rng, area),
        street=_street(rng, streets),
        postcode=identity.postcode(rng, first, last),
        city=city,
        kvk_number=identity.kvk_number(rng),
        vat_number=vat(rng),
        language="en" if english else "nl",
        segment=segment,
        profile=profile,
        payment_term_days=BUSINESS_TERM_DAYS,
        ibans=_ibans(rng, second_chance=0.12),
    )


def _consumer(
    rng: random.Random, number: str, profile: Profile, english: bool, taken: set[str]
) -> DemoCustomer:
    name = _unique(taken, lambda: _person(rng, english))
    city, first, last, _ = _city(rng, english)
    first_name, _, surname = name.partition(" ")
    local = f"{_slug(first_name)}.{_slug(surname)}"
    return DemoCustomer(
        number=number,
        kind="consumer",
        name=name,
        contact_person="",
        emails=f"{local}@{rng.choice(CONSUMER_MAIL_DOMAINS)}",
        phone=identity.mobile(rng),
        street=_street(rng, HOME_STREETS),
        postcode=identity.postcode(rng, first, last),
        city=city,
        kvk_number="",
        vat_number="",
        language="en" if english else "nl",
        segment=CONSUMER_SEGMENT,
        profile=profile,
        payment_term_days=CONSUMER_TERM_DAYS,
        ibans=_ibans(rng, second_chance=0.0),
    )


def _company_name(rng: random.Random, segment: str, form: str, english: bool) -> str:
    if english:
        base = rng.choice(ENGLISH_COMPANY_NAMES[segment])
    else:
        tussenvoegsel, surname = rng.choice(SURNAMES)
        # Without a first name before it, the tussenvoegsel takes a capital: "Van den Berg".
        written = f"{tussenvoegsel} {surname}".strip()
        base = rng.choice(COMPANY_PATTERNS[segment]).format(
            surname=written[0].upper() + written[1:], place=rng.choice(PLACE_NAMES)
        )
    return f"{base} {form}".strip()


def _person(rng: random.Random, english: bool) -> str:
    if english:
        return f"{rng.choice(ENGLISH_FIRST_NAMES)} {rng.choice(ENGLISH_SURNAMES)}"
    tussenvoegsel, surname = rng.choice(SURNAMES)
    return " ".join(part for part in (rng.choice(FIRST_NAMES), tussenvoegsel, surname) if part)


def _city(rng: random.Random, english: bool) -> tuple[str, int, int, str]:
    if english:  # expats and international firms: mostly in the Randstad
        return rng.choice([c for c in CITIES if c[0] in {"Amsterdam", "Utrecht", "Den Haag"}])
    nearby = rng.random() < 0.7
    return rng.choice(CITIES[:NEARBY_CITIES] if nearby else CITIES[NEARBY_CITIES:])


def _street(rng: random.Random, streets: Sequence[str]) -> str:
    number = str(rng.randint(1, 180))
    if rng.random() < 0.12:
        number += rng.choice(("a", "b", "-1", "-2"))
    return f"{rng.choice(streets)} {number}"


def _ibans(rng: random.Random, second_chance: float) -> tuple[str, ...]:
    first = identity.iban(rng)
    if rng.random() < second_chance:
        return (first, identity.iban(rng))
    return (first,)


def _unique(taken: set[str], make: Callable[[], str]) -> str:
    # Small towns do have two "Café De Zwaan"s, but a demo list reads better without.
    for _ in range(20):
        name = make()
        if name not in taken:
            return name
    return name


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in ascii_text.lower() if ch.isalnum())


def _weighted_choice(rng: random.Random, options: Sequence[tuple[str, int]]) -> str:
    values, weights = zip(*options, strict=True)
    choice: str = rng.choices(values, weights)[0]
    return choice


def _shuffled(rng: random.Random, items: list[Profile]) -> list[Profile]:
    rng.shuffle(items)
    return items
