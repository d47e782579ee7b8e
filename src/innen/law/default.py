"""When a debtor is in default and interest starts; the maximum payment terms.

* With an agreed due date (the last day to pay) interest starts the next day (art. 6:119a
  lid 1 BW; for consumers art. 6:83 sub a BW: a fatal due date puts the debtor in default
  without a reminder).
* A business with no agreed term pays interest from 30 days after the start of the day
  following receipt of the invoice (art. 6:119a lid 2 sub a BW), so the first interest day is
  receipt + 31 days.
* A consumer with no fatal due date is in default only after a notice of default with a
  reasonable term (art. 6:82 BW); innen cannot derive that date and asks for it.
* Agreed terms: at most 60 days (art. 6:119a lid 5 BW); a large company paying an SME at most
  60 days from 1 July 2017 and at most 30 days from 1 July 2022 (Stb. 2022, 146 and 175). A
  longer clause is void and the statutory 30 days apply; innen flags it, it does not rewrite it.

Worked example: an invoice received on 2 March 2026 with no agreed term has its first interest
day on 2 April 2026 (2 March + 31 days); the last day to pay is 1 April 2026.
"""

from __future__ import annotations

from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
STATUTORY_TERM_DAYS = 30  # art. 6:119a lid 2 BW
MAX_AGREED_TERM_DAYS = 60  # art. 6:119a lid 5 BW
LARGE_TO_SME_MAX_DAYS = ((date(2017, 7, 1), 60), (date(2022, 7, 1), 30))


def first_interest_day(
    *, due: date | None = None, received: date | None = None, consumer: bool = False
) -> date:
    """The first interest day: the day after `due`, or else receipt + 31 days for a business."""
    if due is not None:
        return due + ONE_DAY
    if consumer:
        raise ValueError(
            "a consumer without a fatal due date is in default only after a notice of default "
            "(art. 6:82 BW); pass the last day of that notice as the due date"
        )
    if received is None:
        raise ValueError("need the agreed due date or the day the invoice was received")
    return received + timedelta(days=STATUTORY_TERM_DAYS + 1)


def statutory_due_date(received: date) -> date:
    """The last day to pay for a business without an agreed term (art. 6:119a lid 2 sub a BW)."""
    return first_interest_day(received=received) - ONE_DAY


def payment_term_warnings(
    issued: date, due: date, *, large_debtor_paying_sme: bool = False
) -> tuple[str, ...]:
    """Warnings (Dutch) when the agreed term from `issued` to `due` exceeds a legal maximum."""
    term = (due - issued).days
    warnings = []
    if term > MAX_AGREED_TERM_DAYS:
        warnings.append(
            f"betaaltermijn van {term} dagen is langer dan 60 dagen: alleen geldig als "
            "uitdrukkelijk overeengekomen en niet kennelijk onbillijk (art. 6:119a lid 5 BW)"
        )
    if large_debtor_paying_sme:
        limit = None
        for since, days in LARGE_TO_SME_MAX_DAYS:
            if issued >= since:
                limit = days
        if limit is not None and term > limit and not (limit == 60 and term > 60):
            warnings.append(
                f"betaaltermijn van {term} dagen is langer dan {limit} dagen voor een grote "
                "onderneming tegenover een mkb-onderneming: het beding is nietig en de wettelijke "
                "termijn van 30 dagen geldt (art. 6:119a lid 6 BW)"
            )
    return tuple(warnings)
