"""From which day a consumer owes collection costs: the one rule for letters and the case file.

Art. 6:96 lid 6 BW: a consumer owes costs only after a 14-day letter's term, and that term
counts from the day after the letter was received. So a sent 14-day letter opens costs on
the later of:

* the day after its statutory term, counted from the day it actually went out and presumed
  received by its channel (`innen.law.letter_term`; by post when it went by post and
  e-mail, because whether e-mail is valid here is not settled, so costs never start too
  early): a letter rendered on Friday and posted on Monday is received after Monday;
* the day after the pay-before day the letter stated, when that is later (a step with a
  longer term of its own): the consumer was given that term, so asking costs before it ends
  would contradict the letter.

An invoice's costs run from its earliest sent 14-day letter; without one, it has none.

`sent_demands` gives every demand that went out, for the law engine's `compute_claim(demands=)`
(`innen.law.demands` decides the costs from them): for a consumer each sent 14-day letter, for
a business each sent message whose step claimed costs (the written demand from which the
scale is due; before it, art. 6:96 lid 4 BW gives €40 per invoice). What a letter demanded
is taken as the principal it named (its actions' open amounts), without the interest it
added: the lower figure, so a consumer who paid what the letter asked is never charged costs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet

from innen.collection.models import Action, ActionStatus, Message, MessageStatus, StepKind
from innen.law.demands import Demand
from innen.law.letter_term import letter_costs_from
from innen.money import ZERO
from innen.outbox.models import Delivery, DeliveryChannel, DeliveryStatus

ONE_DAY = timedelta(days=1)
SentBy = tuple[date, str]  # (day sent, "post" or "email")


def consumer_costs_from(invoice_ids: Sequence[int]) -> dict[int, date]:
    """Per invoice with a sent 14-day letter: the first day a consumer owes costs on it."""
    actions = list(
        Action.objects.filter(
            invoice_id__in=invoice_ids,
            kind=StepKind.FOURTEEN_DAY_LETTER,
            status=ActionStatus.ACTIVE,
            message__status__in=[MessageStatus.SENT, MessageStatus.DONE],
        ).select_related("message")
    )
    sent = _sent_by({action.message_id for action in actions if action.message_id})
    starts: dict[int, date] = {}
    for action in actions:
        assert action.message is not None  # the filter on its status
        start = costs_from(
            sent.get(action.message.pk) or _decided(action.message),
            stated=action.pay_before or action.message.pay_before,
        )
        starts[action.invoice_id] = min(starts.get(action.invoice_id, start), start)
    return starts


@dataclass(frozen=True)
class SentDemand:
    """A demand that went out on `sent`; from `costs_from` it can bring costs; `demanded` is
    the open amount it named per invoice id."""

    sent: date
    costs_from: date
    demanded: dict[int, Decimal]


def sent_demands(invoice_ids: Sequence[int], *, consumer: bool) -> list[SentDemand]:
    """The demands that went out for `invoice_ids`, oldest first (see the module's docstring)."""
    rows = [a for a in sent_actions(invoice_ids) if is_demand(a, consumer=consumer)]
    return demands_of(rows, sent_by(rows), consumer=consumer)


def sent_actions(invoice_ids: Sequence[int]) -> QuerySet[Action]:
    """The active actions on `invoice_ids` of messages that went out, with their message."""
    return Action.objects.filter(
        invoice_id__in=list(invoice_ids),
        status=ActionStatus.ACTIVE,
        message__status__in=[MessageStatus.SENT, MessageStatus.DONE],
    ).select_related("message")


def is_demand(action: Action, *, consumer: bool) -> bool:
    """Whether `action`'s message was a demand: for a consumer a 14-day letter, for a business
    one whose step claimed costs."""
    return action.kind == StepKind.FOURTEEN_DAY_LETTER if consumer else action.claims_costs


def sent_by(actions: Sequence[Action]) -> dict[int, SentBy]:
    """The day and channel each message of `actions` went out."""
    return _sent_by({action.message_id for action in actions if action.message_id})


def demands_of(
    rows: Sequence[Action], sent: dict[int, SentBy], *, consumer: bool
) -> list[SentDemand]:
    """The demands `rows` (a consumer's or a business's, `is_demand`) are, oldest first, with
    the day and channel each message went out (`sent`)."""
    demands: dict[int, SentDemand] = {}
    for action in rows:
        message = action.message
        assert message is not None  # the filter on its status
        if message.pk not in demands:
            went = sent.get(message.pk) or _decided(message)
            starts = (
                costs_from(went, stated=action.pay_before or message.pay_before)
                if consumer
                else went[0]
            )
            demands[message.pk] = SentDemand(went[0], starts, {})
        named = demands[message.pk].demanded
        named[action.invoice_id] = named.get(action.invoice_id, ZERO) + action.open_amount
    return sorted(demands.values(), key=lambda d: (d.sent, d.costs_from))


def law_demands(demands: Sequence[SentDemand], order: Sequence[int]) -> list[Demand]:
    """`demands` for a claim on the invoices `order` (ids, in the claim's order)."""
    index = {pk: n for n, pk in enumerate(order)}
    found = []
    for demand in demands:
        named = sorted(index[pk] for pk in demand.demanded if pk in index)
        if named:
            amount = sum((demand.demanded[order[n]] for n in named), ZERO)
            found.append(
                Demand(
                    demand.sent,
                    amount if amount > 0 else None,
                    invoices=tuple(named),
                    costs_from=demand.costs_from,
                )
            )
    return found


def costs_from(sent: SentBy, *, stated: date | None) -> date:
    """The first day of costs after a 14-day letter `sent` that `stated` its own term."""
    return letter_costs_from(*sent, stated=stated)


def _sent_by(message_ids: set[int]) -> dict[int, SentBy]:
    """The day and channel each message went out: its first letter posted, else its e-mail."""
    deliveries: dict[int, list[tuple[date, str]]] = defaultdict(list)
    rows = Delivery.objects.filter(
        message_id__in=message_ids, status=DeliveryStatus.SENT
    ).values_list("message_id", "sent_on", "channel")
    for message_id, sent_on, channel in rows:
        if sent_on is not None:  # sent before the day was kept: the message's day counts
            deliveries[message_id].append((sent_on, channel))
    sent: dict[int, SentBy] = {}
    for message_id, found in deliveries.items():
        letters = [day for day, channel in found if channel == DeliveryChannel.LETTER]
        if letters:
            sent[message_id] = (min(letters), "post")
        else:
            sent[message_id] = (min(day for day, _ in found), "email")
    return sent


def _decided(message: Message) -> SentBy:
    """A message sent before deliveries were kept: the day it was decided, by its channels."""
    return message.decided_on, "post" if "letter" in message.channels else "email"


def sent_on(message: Message) -> date:
    """The day `message` went out: its first letter posted, else its e-mail, else its day."""
    return (_sent_by({message.pk}).get(message.pk) or _decided(message))[0]
