"""Whether an arrangement's notice still applies when it is about to leave.

Notices are written when something happens (an instalment's reminder day comes) and leave a
little later: their e-mail after the writer's transaction, their letter with the day's print
batch. A reminder of an instalment paid in the meantime, or of a plan that ended (paid in
full, or broken), would only confuse: the outbox asks here, just before it sends or prints,
and keeps such a notice home (`innen.outbox.notices.no_longer_applies`). Confirmations and
answers stay true whatever happens next, so they always go.
"""

from __future__ import annotations

import re
from datetime import date

from innen.arrangements.models import PaymentPlan, PlanStatus
from innen.arrangements.schedule import covered
from innen.arrangements.services import plan_instalments, plan_paid, still_open
from innen.money import ZERO

# `innen.arrangements.daily` writes an instalment's reminder as "plan-<plan>-<instalment>".
INSTALMENT_REMINDER = re.compile(r"plan-(\d+)-(\d+)")


def notice_no_longer_applies(reference: str, today: date) -> str:
    """Why the notice `reference` should not go out on `today` ("": it still applies)."""
    found = INSTALMENT_REMINDER.fullmatch(reference)
    if found is None:
        return ""
    plan = PaymentPlan.objects.filter(pk=int(found[1])).first()
    if plan is None:
        return ""
    if plan.status != PlanStatus.ACTIVE or still_open(plan.invoices.all()) <= ZERO:
        return "the payment plan was paid or ended before the reminder went out"
    number = int(found[2])
    for state in covered(plan_instalments(plan), plan_paid(plan)):
        if state.instalment.number == number and state.settled:
            return "the instalment was paid before the reminder went out"
    return ""
