"""Limitation ("verjaring") of a claim to payment.

* 5 years (art. 3:307 lid 1 BW; interest and periodic payments art. 3:308); 2 years for the
  price in a consumer sale (art. 7:28 BW), which includes energy supplied to consumers
  (art. 7:5 lid 5) but not piped water or services.
* The term starts at the beginning of the day after the claim became due ("opeisbaar"). innen
  takes the last day to pay as that day, the earlier of the two readings, so it never warns
  too late.
* A written demand (art. 3:317 lid 1 BW) and the debtor's acknowledgement (art. 3:318 BW: a
  promise to pay, a payment plan proposed) interrupt it. A new term starts the next day
  (art. 3:319 lid 1), equal to the original one but at most 5 years, and the claim is never
  barred earlier than the original term would have made it (art. 3:319 lid 2). A demand or
  acknowledgement after the claim is barred revives nothing and is ignored (an acknowledgement
  then may waive the limitation, art. 3:322 lid 3, but that is for a person to judge); one
  before the claim fell due interrupts nothing that runs.
* Terms in years are not extended for weekends or holidays (art. 4 sub a Atw).
* What was supplied decides a consumer's term (`consumer_kind`): goods 2 years (7:28), services
  5 (3:307). When it is not known, 2 years are assumed: the shorter term, so innen warns
  and stops early, never too late; the result then says the term is assumed.

Worked example: due 15 March 2024, general claim: last day 15 March 2029, barred from
16 March 2029. A reminder received on 1 June 2026 moves the last day to 1 June 2031.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
GENERAL = "general"
CONSUMER_SALE = "consumer-sale"
YEARS = {GENERAL: 5, CONSUMER_SALE: 2}
MAX_NEW_TERM_YEARS = 5  # art. 3:319 lid 2 BW

# What set the last day: the due date, or the latest interruption that moved it.
DUE = "due"
DEMAND = "demand"
ACKNOWLEDGEMENT = "acknowledgement"

# What an invoice was for: goods (a sale, art. 7:1 BW), services, or not known.
GOODS = "goods"
SERVICES = "services"
UNKNOWN = "unknown"
SUPPLIES = (GOODS, SERVICES, UNKNOWN)


def consumer_kind(*, consumer: bool, supply: str) -> tuple[str, bool]:
    """The kind of claim ("general" or "consumer-sale") an invoice is, and whether that is
    assumed: a consumer's goods are a consumer sale (art. 7:28 BW), a consumer's services and
    every business claim general (art. 3:307 BW); a consumer's invoice whose supply is not
    known counts as a sale, the shorter term (assumed)."""
    if supply not in SUPPLIES:
        raise ValueError(f"supply must be one of {', '.join(SUPPLIES)}, not {supply!r}")
    if not consumer or supply == SERVICES:
        return GENERAL, False
    return CONSUMER_SALE, supply == UNKNOWN


@dataclass(frozen=True)
class Limitation:
    """When a claim is barred: `last_day` is the last day to interrupt, `barred_from` the next.

    `set_by` says what set the last day (`DUE`, `DEMAND` or `ACKNOWLEDGEMENT`) and `set_on`
    the day of that demand or acknowledgement (the due date for `DUE`)."""

    kind: str
    years: int
    last_day: date
    barred_from: date
    warning_from: date
    interruptions: tuple[date, ...]
    ignored: tuple[date, ...]
    set_by: str = DUE
    set_on: date | None = None
    # The kind was assumed (a consumer's invoice of unknown supply taken as a sale).
    assumed: bool = False

    def barred_on(self, day: date) -> bool:
        """Whether the claim is time-barred on `day`."""
        return day >= self.barred_from

    def barred_within(self, day: date, days: int) -> bool:
        """Whether the claim is barred on `day` or becomes so within `days` after it."""
        return self.barred_from <= day + timedelta(days=days)


@dataclass(frozen=True)
class LimitationFacts:
    """What innen knows of one claim: when it fell due, whether it is the price of a consumer
    sale (and whether that is assumed, `consumer_kind`), the days written demands went out
    and the days the debtor acknowledged it."""

    due: date
    consumer_sale: bool = False
    demands: tuple[date, ...] = ()
    acknowledgements: tuple[date, ...] = ()
    assumed: bool = False


def add_years(day: date, years: int) -> date:
    """`day` moved `years` on; 29 February becomes 1 March (the full years have run by then)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def limitation(
    due: date,
    kind: str,
    interrupted: Sequence[date] = (),
    *,
    acknowledged: Sequence[date] = (),
    warn_days: int = 90,
    assumed: bool = False,
) -> Limitation:
    """The limitation of a claim due on `due` of `kind` ("general" or "consumer-sale").

    `interrupted` are the days written demands reached the debtor (art. 3:317 BW),
    `acknowledged` the days the debtor acknowledged the claim (art. 3:318 BW); neither may be
    before `due`. `warning_from` is `warn_days` before the last day; `assumed` says the
    kind was assumed, not known.
    """
    if kind not in YEARS:
        raise ValueError(f"kind must be general or consumer-sale, not {kind!r}")
    events = sorted(
        [(day, DEMAND) for day in interrupted] + [(d, ACKNOWLEDGEMENT) for d in acknowledged]
    )
    years = YEARS[kind]
    barred_from = add_years(due + ONE_DAY, years)
    set_by, set_on = DUE, due
    applied, ignored = [], []
    for day, what in events:
        if day < due:
            raise ValueError(f"interruption {day} is before the due date {due}")
        if day >= barred_from:
            ignored.append(day)  # already barred: nothing left to interrupt
            continue
        applied.append(day)
        # art. 3:319 BW: a new term from the next day, as long as the original (at most 5
        # years); never barred before the running term would have barred it
        renewed = add_years(day + ONE_DAY, min(years, MAX_NEW_TERM_YEARS))
        if renewed > barred_from:
            barred_from, set_by, set_on = renewed, what, day
    last_day = barred_from - ONE_DAY
    return Limitation(
        kind,
        years,
        last_day,
        barred_from,
        last_day - timedelta(days=warn_days),
        tuple(applied),
        tuple(ignored),
        set_by,
        set_on,
        assumed,
    )


def limitation_of(facts: LimitationFacts, *, warn_days: int = 90) -> Limitation:
    """The limitation of the claim `facts` describe.

    A demand or acknowledgement before the due date is left out: the term had not begun, so
    there was nothing to interrupt (a notice before the due date is not a demand to pay what
    is due)."""
    return limitation(
        facts.due,
        CONSUMER_SALE if facts.consumer_sale else GENERAL,
        [day for day in facts.demands if day >= facts.due],
        acknowledged=[day for day in facts.acknowledgements if day >= facts.due],
        warn_days=warn_days,
        assumed=facts.consumer_sale and facts.assumed,
    )
