"""Each invoice's limitation ("verjaring") from what the database holds: the one selector the
pages, the collection run, the worklist and the case file's export read.

The law is `innen.law.limitation`; this gathers its facts per invoice:

* **The due date**: the last day to pay (the term starts the day after, art. 3:307 BW).
* **Consumer sale or not** (2 years, art. 7:28 BW, or 5): a consumer's invoice for goods is
  the price of a consumer sale, one for services a general claim, as is every business's
  (`Invoice.supply`, `innen.law.limitation.consumer_kind`). A consumer's invoice whose supply
  is not known counts as a sale, the safe side (innen warns and stops early, never too
  late), and its limitation says the term is assumed.
* **Written demands that went out** (art. 3:317 BW): the letters and e-mails the outbox sent
  for the invoice, on the day they went out (receipt, art. 3:37 lid 3, is later, so the term
  counted from sending never ends too late).
* **Acknowledgements** (art. 3:318 BW): the debtor's promises to pay and payment plans.

Demands and acknowledgements are kept above the ledger (the outbox, the arrangements), so
those apps hand in a function each when they load (`demands_from`, `acknowledgements_from`)
and the ledger imports nothing from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet

from innen.law.limitation import CONSUMER_SALE, Limitation, LimitationFacts, limitation_of
from innen.law.limitation import consumer_kind as kind_of_claim
from innen.ledger.models import CustomerKind, Invoice, Supply
from innen.organisations.models import Organisation

# invoice ids → per invoice, the days something happened to it
Days = Callable[[Sequence[int]], Mapping[int, Iterable[date]]]
SHORTEST_YEARS = 2  # art. 7:28 BW
LONGEST_YEARS = 5  # art. 3:307 BW
SOON_DAYS = 60  # the worklist lists claims barred within this many days

_demands: Days | None = None
_acknowledgements: Days | None = None


def demands_from(days: Days) -> None:
    """The days written demands about each invoice went out: the outbox's, handed in."""
    global _demands
    _demands = days


def acknowledgements_from(days: Days) -> None:
    """The days the debtor acknowledged each invoice: the arrangements', handed in."""
    global _acknowledgements
    _acknowledgements = days


def limitations(invoices: Iterable[tuple[int, date, str, str]]) -> dict[int, Limitation]:
    """Per (invoice id, due date, customer kind, supply): its limitation (two queries in all)."""
    rows = list(invoices)
    if _demands is None or _acknowledgements is None:
        # Leaving them out would show a claim barred that was interrupted.
        raise ImproperlyConfigured(
            "No demands or acknowledgements: are outbox and arrangements installed?"
        )
    ids = [pk for pk, _, _, _ in rows]
    demands = _demands(ids) if ids else {}
    acknowledged = _acknowledgements(ids) if ids else {}
    found = {}
    for pk, due, kind, supply in rows:
        claim_kind, assumed = kind_of_claim(consumer=kind == CustomerKind.CONSUMER, supply=supply)
        facts = LimitationFacts(
            due,
            consumer_sale=claim_kind == CONSUMER_SALE,
            demands=tuple(demands.get(pk, ())),
            acknowledgements=tuple(acknowledged.get(pk, ())),
            assumed=assumed,
        )
        found[pk] = limitation_of(facts)
    return found


def invoice_limitations(invoices: Iterable[Invoice]) -> dict[int, Limitation]:
    """Per invoice: its limitation (select the customer with the invoices)."""
    return limitations((i.pk, i.due_date, i.customer.kind, i.supply) for i in invoices)


def supplies(invoice_ids: Sequence[int]) -> dict[int, str]:
    """Per invoice id: what it was for (one query), for callers that read rows, not models."""
    if not invoice_ids:
        return {}
    rows = Invoice.objects.filter(pk__in=invoice_ids).values_list("pk", "supply")
    return dict(rows)


def invoice_limitation(invoice: Invoice) -> Limitation:
    return invoice_limitations([invoice])[invoice.pk]


def could_be_barred_by(organisation: Organisation, day: date) -> QuerySet[Invoice]:
    """The open invoices whose claim could be barred by `day`: due long enough before it for
    the shortest term (a consumer sale's) or the longest (a general claim's) to have run;
    interruptions only move the day later, so no other invoice can be."""
    consumer = Q(
        customer__kind=CustomerKind.CONSUMER,
        due_date__lt=could_be_barred_due_before(day, consumer=True),
    ) & ~Q(supply=Supply.SERVICES)
    business = Q(due_date__lt=could_be_barred_due_before(day, consumer=False))
    return Invoice.objects.filter(organisation=organisation, outstanding__gt=0).filter(
        consumer | business
    )


def barred_soon(
    organisation: Organisation, today: date, days: int = SOON_DAYS
) -> list[tuple[Invoice, Limitation]]:
    """The open invoices not yet barred on `today` whose claim is barred within `days`, the
    soonest first: a written demand now would interrupt it."""
    candidates = list(
        could_be_barred_by(organisation, today + timedelta(days=days)).select_related("customer")
    )
    found = invoice_limitations(candidates)
    soon = [
        (invoice, found[invoice.pk])
        for invoice in candidates
        if not found[invoice.pk].barred_on(today) and found[invoice.pk].barred_within(today, days)
    ]
    return sorted(soon, key=lambda pair: (pair[1].barred_from, pair[0].number))


def could_be_barred_due_before(day: date, *, consumer: bool) -> date:
    """The first due date whose claim cannot be barred by `day`: its shortest term (a
    consumer's 2 years, a business's 5) has not run by then (29 February counts as 1 March
    after whole years, as `add_years` has it)."""
    years = SHORTEST_YEARS if consumer else LONGEST_YEARS
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)
