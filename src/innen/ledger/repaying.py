"""Money back to customers, worked out for many at once: what each storno takes back from
which payment allocation, and whether each customer's credit covers the rest or a refund.

`Repaying` reads what a lot of repayments touches once (the allocations of the invoices
they re-open, locked; the customers' credit), then takes them in order, each seeing what
the ones before it changed, exactly as they would be recorded one by one. One that cannot
be recorded raises and changes nothing, so the ones after it see the books without it.
`write()` stores what changed: allocations shrunk or gone, what payments paid of re-opened
invoices' interest and costs gone (their claim is computed anew), and the open amounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Sum

from innen.dbcopy import update_rows
from innen.inlists import pieces
from innen.ledger.models import (
    Allocation,
    AllocationKind,
    CreditNote,
    Customer,
    Invoice,
    PaidCharges,
    Payment,
    Repayment,
    RepaymentKind,
)
from innen.ledger.outstanding import refresh_outstanding
from innen.ledger.selectors import recorded_references
from innen.money import ZERO


@dataclass(frozen=True)
class NewRepayment:
    """Money back to a customer to record (unsaved): a storno re-opening the invoices of
    `reopen` (id, amount), or a refund out of the customer's credit.

    A storno may name `reopen_received` instead: invoices re-opened, in this order, each by
    what it had received, up to the amount returned (what a bank's storno says).
    """

    repayment: Repayment
    reopen: Sequence[tuple[int, Decimal]] = ()
    reopen_received: Sequence[int] = ()


@dataclass
class _Received:
    """A payment allocation a storno may take back."""

    id: int
    payment_id: int | None
    amount: Decimal


class Repaying:
    def __init__(self, organisation_id: int, repayments: Sequence[NewRepayment]) -> None:
        self.organisation_id = organisation_id
        customers = sorted({new.repayment.customer_id for new in repayments})
        named = sorted(
            {pk for new in repayments for pk, _ in new.reopen}
            | {pk for new in repayments for pk in new.reopen_received}
        )
        self.invoices = {
            pk: (organisation_id, customer_id, number)
            for some in pieces(named)
            for pk, organisation_id, customer_id, number in Invoice.objects.filter(
                pk__in=some
            ).values_list("pk", "organisation_id", "customer_id", "number")
        }
        self.received: dict[int, list[_Received]] = {pk: [] for pk in named}
        for some in pieces(named):
            for pk, invoice_id, payment_id, amount in (
                Allocation.objects.select_for_update()
                .filter(invoice_id__in=some, kind=AllocationKind.PAYMENT)
                .order_by("-date", "-pk")
                .values_list("pk", "invoice_id", "payment_id", "amount")
            ):
                self.received[invoice_id].append(_Received(pk, payment_id, amount))
        # What payments paid of these invoices' interest and costs: a storno that re-opens an
        # invoice takes it back too, as the claim is computed anew on the principal re-opened.
        self.charges: dict[int, list[tuple[int, Decimal]]] = {pk: [] for pk in named}
        for some in pieces(named):
            for pk, invoice_id, amount in (
                PaidCharges.objects.select_for_update()
                .filter(invoice_id__in=some)
                .values_list("pk", "invoice_id", "amount")
            ):
                self.charges[invoice_id].append((pk, amount))
        self.charges_gone: set[int] = set()
        self.credit = raw_credits(organisation_id, customers)
        self.references = recorded_references(
            Repayment.objects.filter(organisation_id=organisation_id),
            [new.repayment.external_reference for new in repayments],
        )
        self.changed: dict[int, _Received] = {}
        self.touched: set[int] = set()

    def take(self, new: NewRepayment) -> list[tuple[int, str, Decimal]]:
        """Record `new` in the books in memory; return what it re-opens (invoice id, number,
        amount). ValidationError, and nothing changed, when it cannot be recorded."""
        repayment = new.repayment
        if repayment.customer.organisation_id != self.organisation_id:
            raise ValidationError({"customer": "belongs to another organisation"})
        reference = repayment.external_reference
        if reference and reference in self.references:
            raise ValidationError({"external_reference": f"already recorded: {reference}"})
        customer_id = repayment.customer_id
        credit = self.credit.get(customer_id, ZERO)
        charges: list[tuple[int, Decimal]] = []
        if repayment.kind == RepaymentKind.REFUND:
            reopened: list[tuple[int, str, Decimal]] = []
            changed: dict[int, _Received] = {}
            if repayment.amount <= 0 or repayment.amount > max(credit, ZERO):
                raise ValidationError(
                    {
                        "amount": "must be more than 0 and at most the customer's credit of "
                        f"{max(credit, ZERO)}"
                    }
                )
            credit -= repayment.amount
        else:
            reopen = new.reopen or self._received_parts(new.reopen_received, repayment.amount)
            reopened, changed = self._storno(repayment, reopen)
            total = sum((part for _, _, part in reopened), ZERO)
            charges = [
                row
                for pk in dict.fromkeys(pk for pk, _, _ in reopened)
                for row in self.charges[pk]
                if row[0] not in self.charges_gone
            ]
            # What is taken back counts as credit now; the rest must have been credit.
            credit += total + sum((amount for _, amount in charges), ZERO)
            if repayment.amount - total > max(credit, ZERO) - total:
                raise ValidationError(
                    {
                        "amount": f"{repayment.amount - total} returned beyond the invoices is "
                        "more than the customer's credit"
                    }
                )
            credit -= repayment.amount
        repayment.reopened = [
            {"invoice": number, "amount": str(part)} for _, number, part in reopened
        ]
        # The organisation, customer and payment are checked above; uniqueness for the lot.
        repayment.full_clean(
            exclude=["organisation", "customer", "payment"],
            validate_unique=False,
            validate_constraints=False,
        )
        self.credit[customer_id] = credit
        self.changed.update(changed)
        self.charges_gone.update(pk for pk, _ in charges)
        self.touched.update(pk for pk, _, _ in reopened)
        if reference:
            self.references.add(reference)
        return reopened

    def _received_parts(
        self, invoice_ids: Sequence[int], amount: Decimal
    ) -> list[tuple[int, Decimal]]:
        """Each invoice re-opened by what it received (of this organisation's), up to `amount`."""
        out = []
        left = amount
        for pk in invoice_ids:
            ours = self.invoices.get(pk, (0, 0, ""))[0] == self.organisation_id
            part = min(left, self._now(pk)) if ours else ZERO
            if part > 0:
                out.append((pk, part))
                left -= part
        return out

    def _now(self, invoice_id: int) -> Decimal:
        """What the invoice received, less what the stornos taken so far took back."""
        return sum((self._current(a).amount for a in self.received[invoice_id]), ZERO)

    def _current(self, allocation: _Received) -> _Received:
        return self.changed.get(allocation.id, allocation)

    def _storno(
        self, repayment: Repayment, reopen: Sequence[tuple[int, Decimal]]
    ) -> tuple[list[tuple[int, str, Decimal]], dict[int, _Received]]:
        payment = repayment.payment
        if payment is not None and payment.organisation_id != self.organisation_id:
            raise ValidationError({"payment": "a payment of another organisation"})
        total = sum((part for _, part in reopen), ZERO)
        if repayment.amount <= 0 or total > repayment.amount:
            raise ValidationError(
                {"amount": f"must be more than 0 and at least the {total} re-opened"}
            )
        changed: dict[int, _Received] = {}
        reopened = []
        for invoice_id, part in reopen:
            organisation_id, customer_id, number = self.invoices.get(invoice_id, (0, 0, ""))
            if organisation_id != self.organisation_id or customer_id != repayment.customer_id:
                raise ValidationError(
                    {"invoices": f"invoice {number or invoice_id} is not this customer's"}
                )
            self._take_back(invoice_id, number, part, payment, changed)
            reopened.append((invoice_id, number, part))
        return reopened, changed

    def _take_back(
        self,
        invoice_id: int,
        number: str,
        amount: Decimal,
        payment: Payment | None,
        changed: dict[int, _Received],
    ) -> None:
        """Take `amount` back from the invoice's payment allocations: those of the returned
        `payment` first, then the newest."""
        allocations = [changed.get(a.id) or self._current(a) for a in self.received[invoice_id]]
        if payment is not None:
            allocations.sort(key=lambda a: a.payment_id != payment.pk)
        received = sum((a.amount for a in allocations), ZERO)
        if amount <= 0 or amount > received:
            raise ValidationError(
                {"invoices": f"invoice {number} received {received}, cannot re-open {amount}"}
            )
        left = amount
        for allocation in allocations:
            if left == 0:
                break
            take = min(left, allocation.amount)
            if take:
                changed[allocation.id] = _Received(
                    allocation.id, allocation.payment_id, allocation.amount - take
                )
            left -= take

    def write(self) -> None:
        """Store the allocations taken back (gone when nothing is left of them) and the open
        amounts of the invoices they re-opened."""
        gone = sorted(pk for pk, a in self.changed.items() if a.amount == 0)
        shrunk = [Allocation(pk=a.id, amount=a.amount) for a in self.changed.values() if a.amount]
        table = connection.ops.quote_name(Allocation._meta.db_table)
        with connection.cursor() as cursor:
            for some in pieces(gone):
                marks = ", ".join(["%s"] * len(some))
                cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", list(some))
        update_rows(Allocation, ["amount"], shrunk)
        for some in pieces(sorted(self.charges_gone)):
            PaidCharges.objects.filter(pk__in=some).delete()
        refresh_outstanding(self.touched)


def raw_credits(
    organisation_id: int, customer_ids: Sequence[int] | None = None
) -> dict[int, Decimal]:
    """Per customer (of `customer_ids`, or all): payments and credit notes, less what they
    settled and what paid interest and costs, less repayments. Above zero it is the
    customer's credit."""
    if customer_ids is None:
        return _sums(organisation_id, None)
    totals: dict[int, Decimal] = {}
    for some in pieces(customer_ids):
        totals.update(_sums(organisation_id, some))
    return totals


def _sums(organisation_id: int, customer_ids: Sequence[int] | None) -> dict[int, Decimal]:
    scope: dict[str, object] = {"organisation_id": organisation_id}
    settled: dict[str, object] = {
        "organisation_id": organisation_id,
        "kind__in": [AllocationKind.PAYMENT, AllocationKind.CREDIT],
    }
    charged: dict[str, object] = {"organisation_id": organisation_id}
    if customer_ids is not None:
        scope["customer_id__in"] = settled["invoice__customer_id__in"] = list(customer_ids)
        charged["invoice__customer_id__in"] = list(customer_ids)
    sums = [
        (Payment.objects.filter(**scope), "customer_id", "amount", 1),
        (CreditNote.objects.filter(**scope), "customer_id", "total", 1),
        (Allocation.objects.filter(**settled), "invoice__customer_id", "amount", -1),
        (PaidCharges.objects.filter(**charged), "invoice__customer_id", "amount", -1),
        (Repayment.objects.filter(**scope), "customer_id", "amount", -1),
    ]
    totals: dict[int, Decimal] = {}
    for rows, key, field, sign in sums:
        for customer_id, amount in (
            rows.order_by().values(key).annotate(s=Sum(field)).values_list(key, "s")
        ):
            if customer_id is not None:
                totals[customer_id] = totals.get(customer_id, ZERO) + sign * (amount or ZERO)
    return totals


def customer_credit(customer: Customer) -> Decimal:
    """What the customer has paid or been credited beyond their invoices, less repayments."""
    balances = credit_balances(customer.organisation_id, [customer.pk])
    return balances.get(customer.pk, ZERO)


def credit_balances(
    organisation_id: int, customer_ids: list[int] | None = None
) -> dict[int, Decimal]:
    """The credit of each customer that has some (of `customer_ids`, or all), in four sums:
    payments and credit notes, less what they settled, less repayments."""
    totals = raw_credits(organisation_id, customer_ids)
    return {c: amount for c, amount in totals.items() if amount > 0}
