"""What a credit controller records after a call, and what collection does because of it.

The outcomes of a call task (a message on the call list):

- reached: the call is done; the note says what was said. The policy's ladder goes on.
- not reached: the call stays on the list and comes back the next business day. After
  MAX_ATTEMPTS calls nobody answered it is done, noted "not reached", and the ladder goes
  on with its next step: a letter reaches whom the phone does not.
- promised: the customer promised to pay by a day (after today, at most PROMISE_MAX_DAYS
  ahead; refused while another promise runs or soon after a broken one, see `promises`).
  The call's invoices get a promise-to-pay hold until that day; like any hold with an end,
  it pushes the next step to the day after, so if the money has not come by then,
  collection resumes by itself (`innen.dunning.planner`, rule 4).
- dispute: the customer disputes the invoices; the call's invoices get a dispute hold,
  until lifted, with the customer's reason (required). It waits on the worklist for an answer.
- payment plan requested: the call's invoices get a payment-plan hold, until lifted: the
  controller decides, and lifts it when refused.

The attempts of a call are read back from the dossier's "call" events: the dossier is the
record of every call, so the count cannot drift from what it shows. Every outcome writes one
such event (and a hold writes its own), all in one transaction: nothing or everything.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innen.collection import services
from innen.collection.models import ActionStatus, Hold, HoldReason, Message, MessageStatus
from innen.collection.promises import promise_barred, refusal_to_desk
from innen.collection.services import message_facts
from innen.dossier.models import Event, EventKind
from innen.dossier.record import NewEvent, actor_name, append
from innen.dunning.days import add_business_days

# Three tries on three business days; then a letter is the better way to reach them.
MAX_ATTEMPTS = 3
# A promise further ahead is a payment plan, not a promise.
PROMISE_MAX_DAYS = 30
OPEN_CALL = (MessageStatus.QUEUED, MessageStatus.READY)


class CallOutcome(models.TextChoices):
    REACHED = "reached", _("Reached")
    NOT_REACHED = "not_reached", _("Not reached")
    PROMISED = "promised", _("Promised to pay on a date")
    DISPUTE = "dispute", _("Disputes the invoice")
    PAYMENT_PLAN_REQUESTED = "payment_plan_requested", _("Asks for a payment plan")


# The hold each outcome places on the call's invoices.
HOLDS = {
    CallOutcome.PROMISED: HoldReason.PROMISE,
    CallOutcome.DISPUTE: HoldReason.DISPUTE,
    CallOutcome.PAYMENT_PLAN_REQUESTED: HoldReason.PAYMENT_PLAN,
}


@dataclass(frozen=True)
class Attempts:
    """The unanswered calls of one call task: how many, and when the next try is."""

    count: int = 0
    last_on: date | None = None

    @property
    def retry_on(self) -> date | None:
        """The next business day after the last unanswered call (None: never tried)."""
        return add_business_days(self.last_on, 1) if self.last_on else None

    def due(self, today: date) -> bool:
        return self.retry_on is None or self.retry_on <= today


@dataclass(frozen=True)
class CallRecorded:
    message: Message
    outcome: CallOutcome
    holds: list[Hold]
    attempts: Attempts

    @property
    def done(self) -> bool:
        return self.message.status == MessageStatus.DONE


def call_attempts(messages: Collection[Message]) -> dict[int, Attempts]:
    """The unanswered calls of each of `messages` (by message id), in one query."""
    if not messages:
        return {}
    ids = {m.pk for m in messages}
    events = Event.objects.filter(
        organisation_id__in={m.organisation_id for m in messages},
        customer_id__in={m.customer_id for m in messages},
        kind=EventKind.CALL,
        payload__outcome=CallOutcome.NOT_REACHED.value,
    ).values_list("payload", "day")
    events = events.order_by()  # not by organisation name: that would join the organisations
    days: dict[int, list[date]] = defaultdict(list)
    for payload, day in events:
        if payload.get("message") in ids:
            days[payload["message"]].append(day)
    return {pk: Attempts(len(found), max(found)) for pk, found in days.items()}


def _check(
    outcome: str, note: str, promised_date: date | None, today: date, attempts: Attempts
) -> CallOutcome:
    """The outcome, or ValidationError naming each field that is wrong."""
    if outcome not in CallOutcome.values:
        raise ValidationError({"outcome": gettext("Choose what came of the call.")})
    errors: dict[str, str] = {}
    chosen = CallOutcome(outcome)
    if chosen is CallOutcome.PROMISED:
        latest = today + timedelta(days=PROMISE_MAX_DAYS)
        if promised_date is None:
            errors["promised_date"] = gettext("Give the day the customer promised to pay.")
        elif promised_date <= today:
            errors["promised_date"] = gettext("The promised day must be after today.")
        elif promised_date > latest:
            errors["promised_date"] = gettext(
                "A promise is at most %(days)s days ahead; longer is a payment plan."
            ) % {"days": PROMISE_MAX_DAYS}
    if chosen is CallOutcome.DISPUTE and not note.strip():
        errors["note"] = gettext("Note what the customer disputes.")
    if chosen is CallOutcome.NOT_REACHED and not attempts.due(today):
        errors["outcome"] = gettext("Already tried; the next try is on %(day)s.") % {
            "day": attempts.retry_on
        }
    if errors:
        raise ValidationError(errors)
    return chosen


def _refuse_a_chained_promise(message: Message, today: date) -> None:
    barred = promise_barred(message.customer, today)
    if barred is not None:
        raise ValidationError({"promised_date": refusal_to_desk(barred)})


def _summary(outcome: CallOutcome, note: str, promised_date: date | None, tries: int) -> str:
    """What the call list and the message show as the call's result (at most 200 characters)."""
    if outcome is CallOutcome.NOT_REACHED:
        head = f"not reached ({tries} of {MAX_ATTEMPTS})"
    elif outcome is CallOutcome.PROMISED:
        head = f"promised to pay by {promised_date}"
    else:
        head = outcome.value.replace("_", " ")
    return (f"{head}: {note}" if note else head)[:200]


@transaction.atomic
def call_outcome(
    message: Message,
    outcome: str,
    *,
    today: date,
    user: AbstractBaseUser | None,
    note: str = "",
    promised_date: date | None = None,
) -> CallRecorded:
    """Record what came of the call `message` on `today`; see the module docstring.

    Raises ValidationError (by field: outcome, promised_date, note) and changes nothing when
    the input is wrong or the call is no longer on the list.
    """
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.is_call_task or message.status not in OPEN_CALL:
        raise ValidationError({"outcome": gettext("This call is no longer on the call list.")})
    note = note.strip()
    earlier = call_attempts([message]).get(message.pk, Attempts())
    chosen = _check(outcome, note, promised_date, today, earlier)
    if chosen is CallOutcome.PROMISED:
        _refuse_a_chained_promise(message, today)
    attempts = Attempts(earlier.count + 1, today) if chosen is CallOutcome.NOT_REACHED else earlier
    if chosen is not CallOutcome.NOT_REACHED or attempts.count >= MAX_ATTEMPTS:
        message.status = MessageStatus.DONE
    done = message.status == MessageStatus.DONE
    extra = _event_facts(chosen, note, promised_date, attempts, done=done)
    message.status_reason = _summary(chosen, note, promised_date, attempts.count)
    message.save(update_fields=["status", "status_reason"])
    _call_event(message, today, user, extra)
    holds = _place_holds(message, chosen, note, promised_date, today, user)
    return CallRecorded(message, chosen, holds, attempts)


def _event_facts(
    outcome: CallOutcome,
    note: str,
    promised_date: date | None,
    attempts: Attempts,
    *,
    done: bool,
) -> dict[str, object]:
    facts: dict[str, object] = {"outcome": outcome.value, "note": note}
    if outcome is CallOutcome.NOT_REACHED:
        facts["attempt"] = attempts.count
        if not done and attempts.retry_on is not None:
            facts["retry_on"] = attempts.retry_on.isoformat()
    if outcome is CallOutcome.PROMISED and promised_date is not None:
        facts["promised_on"] = promised_date.isoformat()
    return facts


def _call_event(
    message: Message, today: date, user: AbstractBaseUser | None, extra: dict[str, object]
) -> None:
    event = NewEvent(
        EventKind.CALL,
        today,
        customer_id=message.customer_id,
        payload={**message_facts(message), **extra},
        actor=actor_name(user),
    )
    append(message.organisation_id, [event])


def _place_holds(
    message: Message,
    outcome: CallOutcome,
    note: str,
    promised_date: date | None,
    today: date,
    user: AbstractBaseUser | None,
) -> list[Hold]:
    """The outcome's hold on each invoice the call is about (after the call is done).

    Done first, the call is no longer pending, so the hold does not withdraw it; it does
    postpone whatever else is queued for those invoices.
    """
    reason = HOLDS.get(outcome)
    if reason is None:
        return []
    actions = message.actions.filter(status=ActionStatus.ACTIVE).select_related("invoice")
    return [
        services.hold_place(
            customer=message.customer,
            invoice=action.invoice,
            reason=reason,
            starts_on=today,
            ends_on=promised_date if outcome is CallOutcome.PROMISED else None,
            note=note,
            user=user,
            today=today,
        )
        for action in actions.order_by("invoice__due_date", "invoice__number")
    ]
