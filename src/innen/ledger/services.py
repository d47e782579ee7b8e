"""Every write to the ledger goes through one of these functions.

They are called alike from the web, the command line, imports and background tasks, take
keyword-only arguments, validate with the model's own validators and run in a transaction.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.dossier.record import SYSTEM
from innen.ledger import events, paying, refusals, settling
from innen.ledger.models import (
    Allocation,
    AllocationKind,
    CreditNote,
    Customer,
    CustomerIban,
    Invoice,
    PaidCharges,
    Payment,
    Repayment,
    RepaymentKind,
)
from innen.ledger.outstanding import refresh_outstanding
from innen.ledger.paying import NewPayment as NewPayment  # recorded from here too
from innen.ledger.repaying import NewRepayment, Repaying
from innen.ledger.repaying import credit_balances as credit_balances  # read from here too
from innen.ledger.repaying import customer_credit as customer_credit
from innen.ledger.selectors import recorded_references
from innen.money import ZERO
from innen.organisations.models import Organisation


@transaction.atomic
def customer_create(
    *,
    organisation: Organisation,
    ibans: list[str] | None = None,
    source: str = "entered",
    actor: str = SYSTEM,
    **fields: Any,
) -> Customer:
    customer = Customer(organisation=organisation, **fields)
    customer.full_clean()
    customer.save()
    known = [_iban_add(customer, iban)[0].iban for iban in ibans or []]
    events.record(organisation.pk, [events.customer_event(customer, known, source, actor)])
    return customer


@transaction.atomic
def customer_iban_add(
    *, customer: Customer, iban: str, source: str = "entered", actor: str = SYSTEM
) -> CustomerIban:
    """Know `iban` as the customer's (bank matching finds them by it); noted when new."""
    known, created = _iban_add(customer, iban)
    if created:
        event = events.iban_event(customer, known.iban, source, actor)
        events.record(customer.organisation_id, [event])
    return known


def _iban_add(customer: Customer, iban: str) -> tuple[CustomerIban, bool]:
    from innen.identifiers import clean_iban

    return CustomerIban.objects.get_or_create(
        organisation_id=customer.organisation_id, customer=customer, iban=clean_iban(iban)
    )


@transaction.atomic
def invoice_create(
    *,
    organisation: Organisation,
    customer: Customer,
    source: str = "entered",
    actor: str = SYSTEM,
    **fields: Any,
) -> Invoice:
    _same_organisation(organisation, customer)
    invoice = Invoice(organisation=organisation, customer=customer, **fields)
    _check_total(invoice.amount_excl_vat, invoice.vat_amount, invoice.total)
    invoice.full_clean()
    invoice.save()
    events.record(organisation.pk, [replace(events.invoice_event(invoice, source), actor=actor)])
    return invoice


@transaction.atomic
def customer_update(*, customer: Customer, actor: str, source: str, **changes: Any) -> Customer:
    """Change what may change of a customer and note it in the dossier."""
    changed = _store_changes(customer, changes)
    if changed:
        event = events.change_event(changed, source, actor, customer_id=customer.pk)
        events.record(customer.organisation_id, [event])
    return customer


@transaction.atomic
def invoice_update(*, invoice: Invoice, actor: str, source: str, **changes: Any) -> Invoice:
    """Change what may change of an invoice (due date, references) and note it in the
    dossier: its due date decides when collection acts."""
    changed = _store_changes(invoice, changes)
    if changed:
        event = events.change_event(
            changed, source, actor, customer_id=invoice.customer_id, invoice_id=invoice.pk
        )
        events.record(invoice.organisation_id, [event])
    return invoice


def _store_changes(row: Customer | Invoice, changes: dict[str, Any]) -> dict[str, list[str]]:
    """Set `changes` on `row`, validate it, and store the fields whose value changed;
    those are returned as [old, new]."""
    before = {name: getattr(row, name) for name in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    row.full_clean()
    changed = events.changed_fields(before, changes)
    if changed:
        row.save(update_fields=list(changed))
    return changed


@transaction.atomic
def credit_note_create(
    *,
    organisation: Organisation,
    customer: Customer,
    invoice: Invoice | None = None,
    source: str = "entered",
    actor: str = SYSTEM,
    **fields: Any,
) -> CreditNote:
    """Record a credit note; when it names an invoice, it settles that invoice's open amount."""
    _same_organisation(organisation, customer)
    if invoice is not None and invoice.customer_id != customer.pk:
        raise ValidationError({"invoice": refusals.CREDITED_INVOICE_OF_ANOTHER_CUSTOMER})
    note = CreditNote(organisation=organisation, customer=customer, invoice=invoice, **fields)
    _check_total(note.amount_excl_vat, note.vat_amount, note.total)
    note.full_clean()
    note.save()
    if invoice is not None:
        part = min(note.total, _locked_open_amount(invoice))
        if part > ZERO:
            Allocation.objects.create(
                organisation=organisation,
                invoice=invoice,
                kind=AllocationKind.CREDIT,
                credit_note=note,
                amount=part,
                date=note.issue_date,
            )
            refresh_outstanding([invoice.pk])
    events.record(organisation.pk, [replace(events.credit_note_event(note, source), actor=actor)])
    if invoice is not None:
        settling.settled([customer.pk])
    return note


@transaction.atomic
def payment_register(
    *,
    organisation: Organisation,
    customer: Customer | None,
    date: date,
    amount: Decimal,
    designated: list[Invoice] | None = None,
    source: str = "entered",
    actor: str = SYSTEM,
    **fields: Any,
) -> Payment:
    """Record a payment and let it pay the customer's open invoices (art. 6:43 BW).

    The invoices the payer named come first, their principal and then the interest and
    costs their claim adds (`innen.ledger.paying`); then the oldest due. What is left over
    stays on the payment unallocated: the customer's credit. What collection queued for the
    invoices it settles is withdrawn (`innen.ledger.settling`).
    """
    payment = Payment(
        organisation=organisation, customer=customer, date=date, amount=amount, **fields
    )
    if customer is None:
        payment.full_clean()
        payment.save()
        event = replace(events.payment_event(payment, [], source), actor=actor)
        events.record(organisation.pk, [event])
        return payment
    for invoice in designated or []:
        if invoice.organisation_id != organisation.pk:
            raise ValidationError({"designated": refusals.INVOICE_OF_ANOTHER_ORGANISATION})
    designated_ids = tuple(invoice.pk for invoice in designated or [])
    payments_register(
        organisation=organisation,
        payments=[NewPayment(payment, designated_ids)],
        source=source,
        actor=actor,
    )
    return payment


@transaction.atomic
def payments_register(
    *,
    organisation: Organisation,
    payments: Sequence[NewPayment],
    source: str = "entered",
    today: date | None = None,
    actor: str = SYSTEM,
) -> None:
    """Record customers' payments in this order, each as `payment_register` records one.

    A bank statement brings thousands: the open invoices they can pay are locked and read
    once (`paying.locked_open_invoices`: those named, and all of a customer's only where
    its payments bring more), each payment pays what the ones before it left open
    (`paying.spread`), and payments, allocations and events are written in one statement
    each. Nothing is written when one is wrong. What collection queued for the invoices
    they settle is withdrawn, dated `today` (default: the local date).
    """
    if not payments:
        return
    for new in payments:
        _check_payment(organisation, new.payment)
    _check_unique_references(organisation, [new.payment for new in payments])
    spread = paying.spread(payments, paying.locked_open_invoices(organisation, payments))
    _write_paid(organisation, payments, spread)
    events.record(
        organisation.pk,
        [
            event
            for new, paid in zip(payments, spread, strict=True)
            for event in (
                replace(
                    events.payment_event(new.payment, paid.principal, source, paid.charges),
                    actor=actor,
                ),
                *new.followed_by,
            )
        ],
    )
    customers = {new.payment.customer_id for new in payments}
    settling.settled([pk for pk in customers if pk is not None], today)


def _write_paid(
    organisation: Organisation, payments: Sequence[NewPayment], spread: list[paying.Spread]
) -> None:
    """The payments, what they pay of principal and of interest and costs: a statement each."""
    Payment.objects.bulk_create([new.payment for new in payments])
    Allocation.objects.bulk_create(
        Allocation(
            organisation_id=organisation.pk,
            invoice_id=invoice.pk,
            kind=AllocationKind.PAYMENT,
            payment_id=new.payment.pk,
            amount=part,
            date=new.payment.date,
        )
        for new, paid in zip(payments, spread, strict=True)
        for invoice, part in paid.principal
    )
    PaidCharges.objects.bulk_create(
        PaidCharges(
            organisation_id=organisation.pk,
            invoice_id=invoice.pk,
            payment_id=new.payment.pk,
            amount=part,
            date=new.payment.date,
        )
        for new, paid in zip(payments, spread, strict=True)
        for invoice, part in paid.charges
    )
    refresh_outstanding(invoice.pk for paid in spread for invoice, _ in paid.principal)


def _check_payment(organisation: Organisation, payment: Payment) -> None:
    if payment.organisation_id != organisation.pk:
        raise ValidationError({"organisation": refusals.PAYMENT_OF_ANOTHER_ORGANISATION})
    if payment.customer is None:
        raise ValidationError({"customer": refusals.NAME_THE_CUSTOMER})
    _same_organisation(organisation, payment.customer)
    # Checked above instead of a query each: the organisation and the customer. Uniqueness
    # is checked for the lot at once (`_check_unique_references`).
    payment.full_clean(
        exclude=["organisation", "customer"], validate_unique=False, validate_constraints=False
    )


def _check_unique_references(organisation: Organisation, payments: Sequence[Payment]) -> None:
    """An external reference (a bank line, a payment provider's id) pays only once."""
    references = Counter(p.external_reference for p in payments if p.external_reference)
    twice = {ref for ref, times in references.items() if times > 1}
    twice.update(recorded_references(Payment.objects.filter(organisation=organisation), references))
    if twice:
        raise ValidationError(
            {
                "external_reference": refusals.ALREADY_RECORDED
                % {"references": ", ".join(sorted(twice))}
            }
        )


@transaction.atomic
def invoice_write_off(
    *,
    invoice: Invoice,
    date: date,
    amount: Decimal | None = None,
    note: str = "",
    source: str = "entered",
    actor: str = SYSTEM,
) -> Allocation:
    """Write off `amount` (default: all that is open) of an invoice, noted in the dossier."""
    open_amount = _locked_open_amount(invoice)
    amount = open_amount if amount is None else amount
    if not ZERO < amount <= open_amount:
        raise ValidationError({"amount": refusals.WRITE_OFF_AMOUNT % {"open": open_amount}})
    written_off = Allocation.objects.create(
        organisation_id=invoice.organisation_id,
        invoice=invoice,
        kind=AllocationKind.WRITE_OFF,
        amount=amount,
        date=date,
        note=note,
    )
    refresh_outstanding([invoice.pk])
    events.record(invoice.organisation_id, [events.write_off_event(written_off, source, actor)])
    settling.settled([invoice.customer_id])
    return written_off


@transaction.atomic
def write_off_undo(
    *, written_off: Allocation, reason: str = "", source: str = "entered", actor: str = SYSTEM
) -> None:
    """Undo a write-off: its amount is open again. The dossier keeps the write-off and says
    it was undone, with why; the ledger no longer counts it."""
    if written_off.kind != AllocationKind.WRITE_OFF or written_off.pk is None:
        raise ValidationError({"kind": refusals.NOT_A_WRITE_OFF})
    invoice = written_off.invoice
    Invoice.objects.select_for_update().filter(pk=invoice.pk).first()
    undone = events.write_off_undone_event(written_off, reason, source, actor)
    written_off.delete()
    refresh_outstanding([invoice.pk])
    events.record(invoice.organisation_id, [undone])


@transaction.atomic
def payment_return(
    *,
    organisation: Organisation,
    customer: Customer,
    date: date,
    amount: Decimal,
    reopen: list[tuple[Invoice, Decimal]],
    payment: Payment | None = None,
    reason: str = "",
    external_reference: str = "",
    source: str = "entered",
) -> Repayment:
    """Record a returned payment (storno) of `amount`: re-open each invoice by its amount.

    What an invoice had received is taken back from its payment allocations: those of the
    returned `payment` first, then the newest. A reversed payment counts as never made, so
    the law engine sees the invoice unpaid again from its due date. What the storno returns
    beyond the re-opened amounts came out of the customer's credit.
    """
    storno = Repayment(
        organisation=organisation,
        customer=customer,
        kind=RepaymentKind.STORNO,
        payment=payment,
        date=date,
        amount=amount,
        reason=reason[:200],
        external_reference=external_reference,
    )
    return _one(organisation, NewRepayment(storno, [(i.pk, part) for i, part in reopen]), source)


@transaction.atomic
def refund_register(
    *,
    organisation: Organisation,
    customer: Customer,
    date: date,
    amount: Decimal,
    reason: str = "",
    external_reference: str = "",
    source: str = "entered",
) -> Repayment:
    """Record money paid back to a customer out of their credit (an over-payment, say)."""
    refund = Repayment(
        organisation=organisation,
        customer=customer,
        kind=RepaymentKind.REFUND,
        date=date,
        amount=amount,
        reason=reason[:200],
        external_reference=external_reference,
    )
    return _one(organisation, NewRepayment(refund), source)


def _one(organisation: Organisation, new: NewRepayment, source: str) -> Repayment:
    problem = repayments_register(organisation=organisation, repayments=[new], source=source)[0]
    if problem is not None:
        raise problem
    return new.repayment


@transaction.atomic
def repayments_register(
    *, organisation: Organisation, repayments: Sequence[NewRepayment], source: str = "entered"
) -> list[ValidationError | None]:
    """Record stornos and refunds in this order, each as `payment_return` or
    `refund_register` records one; per repayment, why it could not be (None: recorded).

    One that cannot be recorded is left out, and the ones after it see the books without it.
    """
    if not repayments:
        return []
    books = Repaying(organisation.pk, repayments)
    problems: list[ValidationError | None] = []
    recorded = []
    for new in repayments:
        try:
            reopened = books.take(new)
        except ValidationError as problem:
            problems.append(problem)
            continue
        problems.append(None)
        recorded.append((new.repayment, reopened))
    books.write()
    Repayment.objects.bulk_create([repayment for repayment, _ in recorded])
    events.record(
        organisation.pk,
        [
            events.repayment_event(
                repayment,
                [(paying.Paid(pk, number), part) for pk, number, part in reopened],
                source,
            )
            for repayment, reopened in recorded
        ],
    )
    return problems


def _locked_open_amount(invoice: Invoice) -> Decimal:
    locked = Invoice.objects.select_for_update().with_balance().get(pk=invoice.pk)
    return Decimal(locked.open_amount)


def _same_organisation(organisation: Organisation, customer: Customer) -> None:
    if customer.organisation_id != organisation.pk:
        raise ValidationError({"customer": refusals.OF_ANOTHER_ORGANISATION})


def _check_total(excl: Decimal | None, vat: Decimal | None, total: Decimal | None) -> None:
    if excl is not None and total is not None and excl + (vat or ZERO) != total:
        raise ValidationError(
            {"total": refusals.TOTAL_NOT_SUM % {"total": total, "excl": excl, "vat": vat or ZERO}}
        )
