"""The 14-day letter ("veertiendagenbrief") to a consumer: when its term ends and costs may start.

Art. 6:96 lid 6 BW: collection costs are due from a consumer only after a reminder, sent after
default, giving a term of fourteen days "aanvangende de dag na aanmaning", i.e. starting the
day after the debtor received it (receipt theory, art. 3:37 lid 3 BW; HR 13-06-2014,
ECLI:NL:HR:2014:1405). Rules innen uses (see docs/law.md):

* post: presumed received on the second day after sending, not counting Sundays, Mondays and
  public holidays (the presumption flib.nl attributes to the HR: sent on Friday, received on
  Tuesday);
* e-mail: presumed received the day after sending. Whether e-mail is valid here is not
  settled (research note §8.4); the day after is the cautious reading, so costs never start
  too early;
* an actual day of receipt, when known, replaces the presumption;
* the term is days receipt+1 to receipt+14; when the last day is a Saturday, Sunday or holiday
  it moves to the next working day (art. 1 Algemene termijnenwet; the safe choice, [VERIFY]);
* costs may be charged from the day after the term ends;
* the letter must state the exact costs (HR 25-11-2016, ECLI:NL:HR:2016:2704): the scale on
  the sum of the principals it claims (art. 6:96 lid 7 BW), see `costs_to_state`.

Worked example: a letter posted on Friday 20 November 2026 is presumed received on Tuesday 24
November (Saturday counts, Sunday and Monday do not); the term runs from 25 November to
Tuesday 8 December; costs are due from 9 December 2026. A letter for invoices of €100, €150
and €200 states costs of €67.50 (the scale on €450).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from innen.law.calendar import ONE_DAY, is_atw_holiday, next_working_day
from innen.law.collection_costs import CollectionCosts, CostsRule, collection_costs

TERM_DAYS = 14
CHANNELS = ("post", "email")


@dataclass(frozen=True)
class LetterTerm:
    """The dates of a 14-day letter; `received` is the day the term is counted from."""

    sent: date
    channel: str
    presumed_receipt: date
    received: date
    term_ends: date
    costs_from: date


def presumed_receipt(sent: date, channel: str) -> date:
    """The day a letter sent on `sent` by `channel` ("post" or "email") is presumed received."""
    if channel == "email":
        return sent + ONE_DAY
    if channel != "post":
        raise ValueError(f"channel must be post or email, not {channel!r}")
    day, counted = sent, 0
    while counted < 2:
        day += ONE_DAY
        # Sundays, Mondays and holidays do not count (no ordinary post delivery then).
        if day.weekday() not in (0, 6) and not is_atw_holiday(day):
            counted += 1
    return day


def letter_term(sent: date, channel: str, received: date | None = None) -> LetterTerm:
    """The term of a 14-day letter sent on `sent`; `received` overrides the presumed receipt."""
    presumed = presumed_receipt(sent, channel)
    if received is not None and received < sent:
        raise ValueError(f"received {received} is before sent {sent}")
    start_from = received if received is not None else presumed
    term_ends = next_working_day(start_from + timedelta(days=TERM_DAYS))
    return LetterTerm(sent, channel, presumed, start_from, term_ends, term_ends + ONE_DAY)


def letter_costs_from(
    sent: date, channel: str, *, stated: date | None = None, received: date | None = None
) -> date:
    """The first day a consumer owes costs after a 14-day letter: the day after its term.

    When the letter `stated` a later last day to pay than the statutory term, the consumer
    was given that term: costs start the day after it (HR 13-06-2014, ECLI:NL:HR:2014:1405;
    a letter cannot shorten nor silently extend what it says).
    """
    statutory = letter_term(sent, channel, received).costs_from
    return max(statutory, stated + ONE_DAY) if stated is not None else statutory


def costs_to_state(
    principals: Sequence[Decimal], *, vat_uplift: bool = False, on: date | None = None
) -> CollectionCosts:
    """The costs a 14-day letter claiming `principals` must state: the scale on their sum.

    `on` (the day the letter is sent) picks the VAT rate for the uplift.
    """
    if not principals or any(p <= 0 for p in principals):
        raise ValueError("principals must be more than 0")
    return collection_costs(
        sum(principals, Decimal(0)),
        consumer=True,
        rule=CostsRule("statutory", vat_uplift=vat_uplift),
        invoices=len(principals),
        on=on,
    )
