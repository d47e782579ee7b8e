"""A customer's behaviour segment, from its history as known on a day, with the reason.

Six behaviours (and "new" while there is too little history to say), each a plain rule over
the customer's invoice records (`innen.risk.records.Record`) and the days it got in touch
(promises, plans proposed). Only what was known on `today` counts: a payment once made, a
dispute once opened, a reminder once sent. The rules are tried in the order of `RULES`, the
first that holds decides: a dispute explains lateness better than the lateness itself, a
customer who stopped answering needs a call whatever its past, and trouble outweighs habit.

This is a behaviour segment, computed; the customer's own `segment` on the ledger is typed in
by a person and stays what it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import median

from innen.risk.records import Record
from innen.translatable import N_, Text, comma, say

RECENT_PAID = 12  # the last invoices paid are the customer's current habit
YEAR = timedelta(days=365)
PART_PAID_WINDOW = timedelta(days=90)
MIN_PAID = 3  # fewer paid invoices than this: too little to call a habit
LATE_SHARE_SLOW = 0.5  # at least half paid late: slow
FORGETFUL_DAYS = 10  # paid within this many days after a reminder: the reminder worked
# Forgetful: usually late (at least `LATE_SHARE_SLOW` of the invoices paid), and most of the
# late ones (this share) paid soon after a reminder sent once they were due. A customer who
# pays late on its own, reminded or not, is slow; one late now and then is punctual.
FORGETFUL_SHARE = 0.75
MIN_LATE_FORGETFUL = 2
# Growing lateness: the last three paid this much later on average than the ones before, and
# each of them later than the earlier ones' median (one late payment among on-time ones is not
# a trend).
TREND_DAYS = 10.0
SILENT_OVERDUE_DAYS = 30  # an invoice this far past due with this many reminders unanswered,
SILENT_REMINDERS = 2
SILENT_LONG_OVERDUE_DAYS = 60  # or one this far past due (reminders not recorded, e.g. imported)
SILENT_DAYS = 60  # and nothing heard for this long


class Behaviour(StrEnum):
    PUNCTUAL = "punctual"
    FORGETFUL = "forgetful"
    SLOW = "slow"
    IN_TROUBLE = "in_trouble"
    DISPUTING = "disputing"
    SILENT = "silent"
    NEW = "new"


LABELS = {
    Behaviour.PUNCTUAL: N_("punctual"),
    Behaviour.FORGETFUL: N_("forgetful"),
    Behaviour.SLOW: N_("slow but steady"),
    Behaviour.IN_TROUBLE: N_("in trouble"),
    Behaviour.DISPUTING: N_("disputing"),
    Behaviour.SILENT: N_("gone silent"),
    Behaviour.NEW: N_("new"),
}
DESCRIPTIONS = {
    Behaviour.PUNCTUAL: N_("pays on time"),
    Behaviour.FORGETFUL: N_("pays soon after a reminder"),
    Behaviour.SLOW: N_("pays late, but steadily and without reminders mattering"),
    Behaviour.IN_TROUBLE: N_("growing lateness, partial payments or broken arrangements"),
    Behaviour.DISPUTING: N_("disputes invoices"),
    Behaviour.SILENT: N_("no payment and no reply for a long time despite reminders"),
    Behaviour.NEW: N_("too little history to say yet"),
}

OPEN_DISPUTED = N_("%(count)s open invoices disputed")
DISPUTES_YEAR = N_("disputed %(count)s times this year")
SILENT_FOR = N_("nothing paid or heard for %(days)s days, %(reminders)s reminders unanswered")
LATER = N_("paying %(days)s days later than before")
PART_PAID = N_("paid part of %(count)s invoices in the last 90 days")
BROKEN_PLANS = N_("broke %(count)s payment plans this year")
BROKEN_PROMISES = N_("broke %(count)s promises to pay this year")
FEW_PAID = N_("only %(count)s invoices paid so far")
AFTER_REMINDER = N_(
    "paid %(count)s of its %(late)s late invoices within %(days)s days of a reminder"
)
SLOW_STEADY = N_("paid %(percent)s%% of its last %(paid)s invoices late, usually %(days)s days")
ON_TIME = N_("paid %(on_time)s of its last %(paid)s invoices on time")


@dataclass(frozen=True)
class Segment:
    behaviour: Behaviour
    reason: Text


@dataclass(frozen=True)
class Facts:
    """What the rules read, once: the history as known on `today`."""

    today: date
    paid: list[Record]  # the last `RECENT_PAID` paid, oldest payment first
    all_paid: int
    open: list[Record]  # issued and not yet paid on `today`
    history: Sequence[Record]
    contacts: Sequence[date]


def segment(history: Sequence[Record], today: date, contacts: Sequence[date] = ()) -> Segment:
    """The behaviour of the customer whose invoices are `history`, as known on `today`.

    `history` may hold anything, later invoices too: what was not yet known on `today` is
    left out. `contacts` are the days the customer got in touch (a promise, a plan proposed).
    """
    known = [r for r in history if r.issued <= today]
    paid = sorted(
        (r for r in known if r.settled is not None and r.settled <= today),
        key=lambda r: (r.settled, r.issued),
    )
    open_ = [r for r in known if r.settled is None or r.settled > today]
    facts = Facts(
        today,
        paid[-RECENT_PAID:],
        len(paid),
        open_,
        known,
        [day for day in contacts if day <= today],
    )
    for rule in RULES:
        found = rule(facts)
        if found is not None:
            return found
    raise AssertionError("the last rule always holds")  # pragma: no cover


def disputing(facts: Facts) -> Segment | None:
    """An open invoice is disputed, or two or more disputes were opened this year."""
    open_disputed = sum(
        1 for r in facts.open if r.disputed_on is not None and r.disputed_on <= facts.today
    )
    if open_disputed:
        return Segment(Behaviour.DISPUTING, say(OPEN_DISPUTED, count=open_disputed))
    this_year = _within_year(
        [r.disputed_on for r in facts.history if r.disputed_on is not None], facts.today
    )
    if this_year >= 2:
        return Segment(Behaviour.DISPUTING, say(DISPUTES_YEAR, count=this_year))
    return None


def silent(facts: Facts) -> Segment | None:
    """Nothing heard (no payment, part payment or contact) for a long time while an invoice is
    past due with reminders unanswered since the last sign of life, or long past due."""
    overdue = [r for r in facts.open if (facts.today - r.due).days >= SILENT_OVERDUE_DAYS]
    if not overdue:
        return None
    signs = [
        *(r.settled for r in facts.paid if r.settled is not None),
        *(day for r in facts.history for day in r.part_paid if day <= facts.today),
        *facts.contacts,
    ]
    last_sign = max(signs, default=min(r.due for r in overdue))
    reminders = sum(1 for r in facts.open for day in r.reminded if last_sign < day <= facts.today)
    quiet = (facts.today - last_sign).days
    long_overdue = max((facts.today - r.due).days for r in overdue) >= SILENT_LONG_OVERDUE_DAYS
    if quiet >= SILENT_DAYS and (reminders >= SILENT_REMINDERS or long_overdue):
        return Segment(Behaviour.SILENT, say(SILENT_FOR, days=quiet, reminders=reminders))
    return None


def in_trouble(facts: Facts) -> Segment | None:
    """Growing lateness, partial payments lately, or a plan or promise broken this year."""
    signs: list[Text] = []
    trend = _trend([_late(r) for r in facts.paid])
    if trend is not None:
        signs.append(say(LATER, days=round(trend)))
    part_paid = sum(
        1
        for r in facts.open
        if any(facts.today - PART_PAID_WINDOW <= day <= facts.today for day in r.part_paid)
    )
    if part_paid:
        signs.append(say(PART_PAID, count=part_paid))
    plans = _within_year([d for r in facts.history for d in r.broken_plans], facts.today)
    if plans:
        signs.append(say(BROKEN_PLANS, count=plans))
    promises = _within_year([d for r in facts.history for d in r.broken_promises], facts.today)
    if promises:
        signs.append(say(BROKEN_PROMISES, count=promises))
    if not signs:
        return None
    return Segment(Behaviour.IN_TROUBLE, signs[0] if len(signs) == 1 else comma(*signs))


def new(facts: Facts) -> Segment | None:
    """Too few invoices paid to call anything a habit."""
    if facts.all_paid < MIN_PAID:
        return Segment(Behaviour.NEW, say(FEW_PAID, count=facts.all_paid))
    return None


def forgetful(facts: Facts) -> Segment | None:
    """Usually late, and most late invoices were paid within days of a reminder: the
    reminder is what works."""
    late = [r for r in facts.paid if _late(r) > 0]
    soon = [r for r in late if _paid_soon_after_reminder(r)]
    usually_late = len(late) >= LATE_SHARE_SLOW * len(facts.paid)
    if (
        usually_late
        and len(late) >= MIN_LATE_FORGETFUL
        and len(soon) >= FORGETFUL_SHARE * len(late)
    ):
        return Segment(
            Behaviour.FORGETFUL,
            say(AFTER_REMINDER, count=len(soon), late=len(late), days=FORGETFUL_DAYS),
        )
    return None


def slow(facts: Facts) -> Segment | None:
    """At least half paid late (and none of the above: not growing, not after reminders)."""
    late = [_late(r) for r in facts.paid if _late(r) > 0]
    if len(late) >= LATE_SHARE_SLOW * len(facts.paid):
        return Segment(
            Behaviour.SLOW,
            say(
                SLOW_STEADY,
                percent=round(100 * len(late) / len(facts.paid)),
                paid=len(facts.paid),
                days=round(median(late)),
            ),
        )
    return None


def punctual(facts: Facts) -> Segment:
    """Everything else: mostly on time."""
    on_time = sum(1 for r in facts.paid if _late(r) == 0)
    return Segment(Behaviour.PUNCTUAL, say(ON_TIME, on_time=on_time, paid=len(facts.paid)))


RULES: tuple[Callable[[Facts], Segment | None], ...] = (
    disputing,
    silent,
    in_trouble,
    new,
    forgetful,
    slow,
    punctual,
)


def _late(record: Record) -> int:
    return record.days_late or 0


def _paid_soon_after_reminder(record: Record) -> bool:
    """Paid within `FORGETFUL_DAYS` of a reminder sent after the due date (a notice before
    it reminds of nothing forgotten)."""
    settled = record.settled
    assert settled is not None
    return any(
        day > record.due and 0 <= (settled - day).days <= FORGETFUL_DAYS for day in record.reminded
    )


def _trend(lateness: list[int]) -> float | None:
    """How much later the last three were paid than the ones before, when that is growing
    lateness (`TREND_DAYS` or more, each of the three later than the earlier median)."""
    if len(lateness) < 4:
        return None
    recent, before = lateness[-3:], lateness[:-3]
    growth = sum(recent) / len(recent) - sum(before) / len(before)
    if growth < TREND_DAYS or min(recent) <= median(before):
        return None
    return growth


def _within_year(days: Sequence[date], today: date) -> int:
    return sum(1 for day in days if today - YEAR < day <= today)
