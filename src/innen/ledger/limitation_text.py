"""An invoice's limitation as people read it: the last day, what set it, and what follows.

The limitation itself is `innen.ledger.limitation` (the facts) and `innen.law.limitation`
(the law); this only says it in the reader's language, the same on the invoice and customer
pages, the worklist and the case file's summary. The day a demand or acknowledgement set
the term is `set_on`, for the template to format after `set_by`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

from innen.law.limitation import ACKNOWLEDGEMENT, DEMAND, Limitation
from innen.ledger.limitation import SOON_DAYS

BARRED = "barred"
SOON = "soon"


@dataclass(frozen=True)
class LimitationShown:
    limitation: Limitation
    state: str  # BARRED, SOON or ""
    set_by: str
    set_on: date | None  # the demand's or acknowledgement's day; None: the due date set it
    consequence: str
    assumed: str = ""  # why the shorter term is taken: the kind of supply is not known

    @property
    def last_day(self) -> date:
        return self.limitation.last_day


def limitation_shown(limitation: Limitation, *, consumer: bool, today: date) -> LimitationShown:
    if limitation.barred_on(today):
        state = BARRED
        if consumer:
            consequence = gettext(
                "Time-barred: collection has stopped, as a consumer's time-barred claim is "
                "not demanded."
            )
        else:
            consequence = gettext(
                "Time-barred: collection goes on, but the debtor may invoke limitation "
                "(art. 3:322 BW)."
            )
    elif limitation.barred_within(today, SOON_DAYS):
        state = SOON
        consequence = gettext(
            "Time-barred within %(days)s days: a written demand now starts a new term "
            "(art. 3:317 BW)."
        ) % {"days": SOON_DAYS}
    else:
        state, consequence = "", ""
    set_by, set_on = _set_by(limitation)
    assumed = ""
    if limitation.assumed:
        assumed = gettext(
            "Goods or services unknown: the shorter term of a consumer sale is assumed "
            "(a service: 5 years, art. 3:307 BW)."
        )
    return LimitationShown(limitation, state, set_by, set_on, consequence, assumed)


def _set_by(limitation: Limitation) -> tuple[str, date | None]:
    years = {"years": limitation.years}
    if limitation.set_by == DEMAND:
        text = gettext("a new term of %(years)s years from the written demand of") % years
        return text, limitation.set_on
    if limitation.set_by == ACKNOWLEDGEMENT:
        text = gettext(
            "a new term of %(years)s years from the acknowledgement (promise or plan) of"
        )
        return text % years, limitation.set_on
    if limitation.years == 2:
        return gettext("2 years from the due date (consumer sale, art. 7:28 BW)"), None
    return gettext("5 years from the due date (art. 3:307 BW)"), None
