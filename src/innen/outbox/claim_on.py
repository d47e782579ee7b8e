"""The claim on a customer's invoices as of a day: the one function every place computes it with.

The letters, the desk's invoice and customer pages, the portal, payment plans, the API and
the dossier export all call `claim_on`, so they give the same figures for the same day. It
is the claim as the law allows it (`innen.law.claim.compute_claim` with `innen.law.demands`),
on the principal the ledger leaves open (`outstanding`: payments are booked to principal):

* **interest** from the day after the due date: commercial (art. 6:119a BW) for a business,
  statutory (art. 6:119 BW) for a consumer, whose due date is a fatal term (art. 6:83 sub a);
* **collection costs**: a business owes €40 per invoice in default (art. 6:96 lid 4 BW) and
  the scale only from a written demand that went out; a consumer only on the invoices a
  14-day letter named, after its term ran unpaid, never more than it stated (art. 6:96 lid 6);
  the demands that went out are `consumer_costs.sent_demands`;
* what the organisation claims at all: interest when the customer's dunning policy claims
  interest at any step, costs when it claims costs at any step (`policy_claims`; without a
  policy, both), or when a letter that went out claimed them;
* less what a person waived (`waivers`, a logged action).

A letter passes its own step's flags (a friendly reminder states the principal only) and
counts itself as a written demand when its step claims costs (`letter=True`): a letter sent
on the day then shows exactly what the other places show that day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from innen.collection.models import (
    Action,
    ActionStatus,
    CustomerCollection,
    MessageStatus,
    Policy,
    PolicyStep,
    SegmentPolicy,
)
from innen.law.claim import (
    NO_COSTS,
    NO_INTEREST,
    STATUTORY_COSTS,
    Claim,
    Demand,
    RateTables,
    compute_claim,
    default_interest,
)
from innen.law.claim import Invoice as LawInvoice
from innen.ledger.models import Customer
from innen.letters.law_parts import claim_lines
from innen.letters.letter import ClaimLines, InvoiceLine
from innen.outbox.consumer_costs import SentDemand, law_demands, sent_demands
from innen.outbox.waivers import without_waived
from innen.rates.selectors import rate_tables

if TYPE_CHECKING:
    from innen.outbox.claim_facts import ClaimFacts

# Interest and costs claimed on an invoice: (claims_interest, claims_costs).
Flags = tuple[bool, bool]
OpenInvoice = tuple[int, InvoiceLine]  # (invoice id, the invoice at its open principal)


@dataclass(frozen=True)
class ClaimOn:
    """The claim on `day`: the letters' lines and the law's claims, one per group of invoices
    claimed alike (`parts`: the invoice ids and their claim)."""

    day: date
    lines: ClaimLines
    parts: tuple[tuple[tuple[int, ...], Claim], ...]


def policy_claims(customer: Customer) -> Flags:
    """Whether the customer's dunning policy (its own, else its segment's, else the default
    for its kind) claims interest at any step, and costs. Without a policy the organisation
    decided nothing: the law's claim, both."""
    return policies_claim([customer])[customer.pk]


def policies_claim(customers: Iterable[Customer]) -> dict[int, Flags]:
    """`policy_claims` per customer id, for any number of customers in five queries."""
    chosen = _policy_ids(list(customers))
    steps = PolicyStep.objects.filter(
        policy_id__in={pk for pk in chosen.values() if pk is not None}
    ).values_list("policy_id", "claims_interest", "claims_costs")
    claims: dict[int, Flags] = {}
    for policy_id, interest, costs in steps:
        before = claims.get(policy_id, (False, False))
        claims[policy_id] = (before[0] or interest, before[1] or costs)
    return {
        customer_id: (True, True) if policy_id is None else claims.get(policy_id, (False, False))
        for customer_id, policy_id in chosen.items()
    }


def _policy_ids(customers: list[Customer]) -> dict[int, int | None]:
    """Per customer id: the policy it follows, the first of its own, its segment's and the
    default that is for its kind of customer (`PolicyResolver`), or None."""
    organisations = {customer.organisation_id for customer in customers}
    own = dict(
        CustomerCollection.objects.filter(
            organisation_id__in=organisations, customer__in=customers
        ).values_list("customer_id", "policy_id")
    )
    segments = {customer.segment for customer in customers if customer.segment}
    of_segment = SegmentPolicy.objects.filter(
        organisation_id__in=organisations, segment__in=segments
    ).values_list("organisation_id", "segment", "customer_kind", "policy_id")
    by_segment = {(org, segment, kind): pk for org, segment, kind, pk in of_segment}
    defaults = Policy.objects.filter(organisation_id__in=organisations, is_default=True)
    by_default = {
        (org, kind): pk
        for org, kind, pk in defaults.values_list("organisation_id", "customer_kind", "pk")
    }
    candidates = {
        customer.pk: (
            own.get(customer.pk),
            by_segment.get((customer.organisation_id, customer.segment, customer.kind)),
            by_default.get((customer.organisation_id, customer.kind)),
        )
        for customer in customers
    }
    named = {pk for found in candidates.values() for pk in found if pk is not None}
    kinds = dict(Policy.objects.filter(pk__in=named).values_list("pk", "customer_kind"))
    return {
        customer.pk: next(
            (pk for pk in candidates[customer.pk] if pk is not None and kinds[pk] == customer.kind),
            None,
        )
        for customer in customers
    }


def claimed(customer: Customer, invoice_ids: Iterable[int], day: date) -> dict[int, Flags]:
    """Per invoice: whether the organisation claims interest on it on `day`, and costs: its
    policy's choice, or a sent letter's that claimed them; less what a person waived."""
    ids = list(invoice_ids)
    rows = Action.objects.filter(
        invoice_id__in=ids,
        status=ActionStatus.ACTIVE,
        message__status__in=[MessageStatus.SENT, MessageStatus.DONE],
        message__decided_on__lte=day,
    ).values_list("invoice_id", "claims_interest", "claims_costs")
    return without_waived(with_letters(policy_claims(customer), ids, rows), day)


def with_letters(
    policy: Flags, invoice_ids: Iterable[int], letters: Iterable[tuple[int, bool, bool]]
) -> dict[int, Flags]:
    """Per invoice: the `policy`'s flags, or those of a letter sent on it that claimed more
    (`letters`: invoice id, claimed interest, claimed costs)."""
    flags: dict[int, Flags] = {pk: policy for pk in invoice_ids}
    for invoice_id, interest, costs in letters:
        before = flags.get(invoice_id, (False, False))
        flags[invoice_id] = (before[0] or interest, before[1] or costs)
    return flags


def claim_on(
    customer: Customer,
    invoices: list[OpenInvoice],
    day: date,
    *,
    flags: dict[int, Flags] | None = None,
    letter: bool = False,
    facts: ClaimFacts | None = None,
) -> ClaimOn | None:
    """The claim on `invoices` (at their open principal) as of `day` (None: nothing is claimed
    besides the principal). `flags` default to `claimed`; a letter passes its step's and sets
    `letter`: for a business a letter that claims costs is itself the written demand.
    `facts`, loaded once for many invoices, save the queries (`claim_facts`)."""
    ids = [pk for pk, _ in invoices]
    if flags is None:
        flags = facts.flags(customer, ids, day) if facts else claimed(customer, ids, day)
    if not invoices or not any(any(flags.get(pk, (False, False))) for pk, _ in invoices):
        return None
    debtor = "consumer" if customer.is_consumer else "business"
    consumer = customer.is_consumer
    demands = facts.sent(ids, consumer=consumer) if facts else sent_demands(ids, consumer=consumer)
    sent = [d for d in demands if d.sent <= day]
    groups: dict[Flags, list[OpenInvoice]] = defaultdict(list)
    for pk, line in invoices:
        groups[flags.get(pk, (False, False))].append((pk, line))
    rates = facts.rates if facts else rate_tables()
    parts = tuple(
        (
            tuple(pk for pk, _ in group),
            _group_claim(debtor, key, group, sent, day, rates, letter=letter),
        )
        for key, group in groups.items()
    )
    return ClaimOn(day, claim_lines([claim for _, claim in parts]), parts)


def _group_claim(
    debtor: str,
    key: Flags,
    group: list[OpenInvoice],
    sent: list[SentDemand],
    on: date,
    rates: RateTables,
    *,
    letter: bool,
) -> Claim:
    interest, costs = key
    demands = law_demands(sent, [pk for pk, _ in group]) if costs else []
    if costs and letter and debtor == "business" and not any(d.sent == on for d in demands):
        demands.append(Demand(on, invoices=tuple(range(len(group)))))
    return compute_claim(
        debtor=debtor,
        invoices=[
            LawInvoice(line.open_amount, line.due_date, line.issue_date) for _, line in group
        ],
        until=on,
        interest=default_interest(debtor) if interest else NO_INTEREST,
        costs=STATUTORY_COSTS if costs else NO_COSTS,
        demands=demands,
        rates=rates,
    )
