"""Write the demo organisation to the database: once, fast, and by the ledger's rules.

The data comes from `generator` (pure); what each payment and credit note settles comes
from `replay`, which applies the same rule as `ledger.services.payment_register`. Rows go
in with bulk inserts inside one transaction, so a failed load leaves nothing behind. What
settles the invoices goes in day by day beside the replayed daily runs of the last weeks,
so each run saw the ledger of its day; the reminders before those weeks are `earlier`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from innen.collection.models import (
    Action,
    CollectionSettings,
    Hold,
    HoldReason,
    Message,
    MessageStatus,
)
from innen.dbcopy import count_for_the_planner, update_rows
from innen.demo import replay
from innen.demo.clock import WorkingHours
from innen.demo.facts import Demo, Profile
from innen.demo.generator import DEFAULT_CUSTOMERS, DEFAULT_SEED, ORGANISATION, generate
from innen.demo.logo import DEMO_LOGO
from innen.demo.situations import dispute_pause, promise_pause
from innen.dossier.models import Event
from innen.dossier.record import replaying_with
from innen.dunning.days import is_business_day
from innen.ledger import selectors
from innen.ledger.models import (
    Allocation,
    CreditNote,
    Customer,
    CustomerIban,
    Invoice,
    Payment,
    Supply,
)
from innen.ledger.outstanding import refresh_outstanding
from innen.organisations.models import Membership, Organisation, Role

DEMO_USERNAME = "demo"
# A fixed, published password: the demo runs on 127.0.0.1 with made-up data only.
DEMO_PASSWORD = "demo-innen-2026"

# What a credit controller would have noted about such a customer.
NOTES = {
    Profile.PUNCTUAL: "",
    Profile.LATE: "Betaalt meestal een week of twee na de vervaldatum.",
    Profile.FORGETFUL: "Vergeet facturen; betaalt dan vaak meerdere tegelijk.",
    Profile.IN_TROUBLE: "Betalingsproblemen: betaalt in delen, achterstand loopt op.",
    Profile.DISPUTING: "Betwist regelmatig facturen (levering, kwaliteit).",
    Profile.GONE: "Reageert niet meer; betaalt niet meer.",
}


@dataclass(frozen=True)
class LoadResult:
    organisation: Organisation
    created: bool


@dataclass(frozen=True)
class DemoSummary:
    customers: int
    invoices: int
    open_total: Decimal
    overdue_total: Decimal
    buckets: list[dict[str, Any]]


def demo_organisation() -> Organisation | None:
    return Organisation.objects.filter(
        name=ORGANISATION.name, kvk_number=ORGANISATION.kvk_number
    ).first()


@transaction.atomic
def demo_load(
    *,
    today: date,
    seed: int = DEFAULT_SEED,
    customers: int = DEFAULT_CUSTOMERS,
    reset: bool = False,
) -> LoadResult:
    """Create the demo organisation as of `today`, unless it exists (then change nothing).

    With `reset`, an existing demo organisation is deleted first; nothing else is touched.
    """
    from innen.collection.policies import policy_install_defaults
    from innen.demo.earlier_rows import earlier_reminders_write

    existing = demo_organisation()
    if existing is not None and not reset:
        return LoadResult(existing, created=False)
    if existing is not None:
        _delete(existing)
    demo = generate(today, seed=seed, customers=customers)
    ledger = _write(demo)
    history_from = today - timedelta(days=COLLECTING_DAYS)
    # The past's events at working hours on their own days, not all at this minute.
    with replaying_with(WorkingHours(today, timezone.get_current_timezone(), seed)):
        _write_allocations(ledger, None, history_from)
        # The reminders of the months before: a segment needs more than a few weeks to show.
        policy_install_defaults(organisation=ledger.organisation)
        earlier = earlier_reminders_write(ledger.organisation, demo, history_from)
        _record_ledger_events(ledger.organisation, None, history_from, also=earlier)
        _grant_demo_user(ledger.organisation)
        count_for_the_planner(WRITTEN)  # the replayed runs join it as thousands, not a few
        _collection_history(ledger, demo, history_from, today)
        ledger.settle(today, None)
    count_for_the_planner(WRITTEN)
    return LoadResult(ledger.organisation, created=True)


def demo_summary(*, organisation: Organisation, today: date) -> DemoSummary:
    aging = selectors.aging_summary(organisation=organisation, today=today)
    return DemoSummary(
        customers=Customer.objects.filter(organisation=organisation).count(),
        invoices=Invoice.objects.filter(organisation=organisation).count(),
        open_total=aging["total"],
        overdue_total=aging["overdue"],
        buckets=aging["buckets"],
    )


# The demo started collecting with innen this many days before its today, so the first
# screens show reminders sent, calls made and letters out, as after weeks of daily runs.
COLLECTING_DAYS = 42
WRITTEN = [Customer, Invoice, Payment, Allocation, Message, Action, Hold, Event]


def _holds(organisation: Organisation, demo: Demo, starts_on: date, today: date) -> None:
    """Pauses a credit controller would have made before innen's first run on `starts_on`.

    A disputing customer's disputed invoices (those still open then) wait for the answer to
    the dispute; a gone customer's old debts were handed to a collection agency; half of
    those in trouble promised to pay. Each dispute has its own reason, words and day, each
    promise its own day and words (`situations.dispute_pause`, `promise_pause`), all on
    business days.
    """

    numbers = {c.number: c.profile for c in demo.customers}
    customers = Customer.objects.filter(organisation=organisation).order_by("number")
    for customer in customers:
        profile = numbers[customer.number]
        old_debts = list(
            Invoice.objects.filter(customer=customer, due_date__lt=starts_on)
            .open()
            .order_by("due_date", "pk")
        )
        if profile is Profile.DISPUTING:
            _dispute(customer, old_debts, starts_on, today)
        elif profile is Profile.GONE:
            Hold.objects.bulk_create(
                Hold(
                    organisation=organisation,
                    customer=customer,
                    invoice=invoice,
                    reason=HoldReason.HANDED_OVER,
                    starts_on=starts_on,
                    note="Overgedragen aan het incassobureau vóór de start met innen.",
                )
                for invoice in old_debts
            )
        elif profile is Profile.IN_TROUBLE and customer.pk % 2 == 0:
            pause = promise_pause(customer.number, today)
            Hold.objects.create(
                organisation=organisation,
                customer=customer,
                reason=HoldReason.PROMISE,
                starts_on=pause.starts_on,
                ends_on=pause.until,
                note=pause.note,
            )


def _dispute(customer: Customer, old_debts: list[Invoice], starts_on: date, today: date) -> None:
    """The disputing customer's open invoices (or the newest) wait for the dispute's answer."""
    from innen.arrangements.models import Dispute, DisputeStatus

    disputed = old_debts or list(customer.invoices.order_by("-due_date")[:1])
    if not disputed:
        return
    pause = dispute_pause(customer.number, min(today, starts_on + timedelta(days=21)))
    dispute = Dispute.objects.create(
        organisation_id=customer.organisation_id,
        customer=customer,
        reason=pause.reason,
        message=pause.note,
        opened_on=pause.starts_on,
        status=DisputeStatus.OPEN,
    )
    theirs = {"organisation_id": customer.organisation_id}  # each link is keyed too
    dispute.invoices.set(disputed, through_defaults=theirs)
    dispute.holds.set(
        [
            Hold.objects.create(
                organisation_id=customer.organisation_id,
                customer=customer,
                invoice=invoice,
                reason=HoldReason.DISPUTE,
                starts_on=min(pause.starts_on, starts_on),
                note=pause.note,
            )
            for invoice in disputed
        ],
        through_defaults=theirs,
    )


def _collection_history(ledger: _Ledger, demo: Demo, starts_on: date, today: date) -> None:
    """Replay the daily runs on the default ladders from `starts_on` to yesterday.

    Each day's payments and credit notes are settled first, then (on business days) that
    day's run decides what it would have decided then (the planner is a pure function of the
    ledger and the day), and its messages are taken as sent that day, so a reminder paid a
    week later stays sent, as it would have. Today's run is left to `innen run`, so
    `make demo` shows it.
    """
    from innen.daily import run_day
    from innen.predictions.behaviours import behaviours_update

    organisation = ledger.organisation  # its default ladders are installed (`demo_load`)
    CollectionSettings.objects.create(organisation=organisation, starts_on=starts_on)
    _holds(organisation, demo, starts_on, today)
    day = starts_on
    while day < today:
        ledger.settle(day, day + timedelta(days=1))
        if is_business_day(day):  # nobody runs collection on weekends and holidays
            run_day(organisation, day)
            # The day's messages went out that day: a payment next week does not unsend them.
            todays = Message.objects.filter(organisation=organisation, decided_on=day)
            sent = todays.filter(status__in=[MessageStatus.QUEUED, MessageStatus.READY]).exclude(
                is_call_task=True
            )
            _record_history_sent(organisation, list(sent.select_related("step")))
            sent.update(status=MessageStatus.SENT)
            todays.filter(status=MessageStatus.QUEUED, is_call_task=True).update(
                status=MessageStatus.DONE
            )
        day += timedelta(days=1)
    past = Message.objects.filter(organisation=organisation, decided_on__lt=today)
    _forget_history_deliveries(set(past.values_list("pk", flat=True)))
    behaviours_update(organisation, today - timedelta(days=1))  # as the daily task left them


def _record_history_sent(organisation: Organisation, messages: list[Any]) -> None:
    """The replayed messages count as sent on their day; their documents were never made."""
    from innen.demo.earlier_rows import sent_event
    from innen.dossier.record import append_many

    append_many(
        organisation.pk,
        [
            sent_event(message, sorted(message.actions.values_list("invoice__number", flat=True)))
            for message in messages
        ],
    )


def _forget_history_deliveries(message_ids: set[int]) -> None:
    """Drop the delivery tasks the replayed runs queued: their messages count as sent."""
    from django_tasks_db.models import DBTaskResult

    from innen.outbox.tasks import deliver_messages

    queued = DBTaskResult.objects.filter(task_path=deliver_messages.module_path, status="READY")
    DBTaskResult.objects.filter(
        pk__in=[
            task.pk
            for task in queued.only("pk", "args_kwargs")
            if set(task.args_kwargs["args"][0]) <= message_ids
        ]
    ).delete()


def _delete(organisation: Organisation) -> None:
    # Invoices and customers are PROTECTed against deletion while anything refers to them,
    # so the ledger goes from the leaves up; the organisation's delete cascades the rest.
    for model in (Allocation, Payment, CreditNote, Invoice, CustomerIban, Customer):
        model.objects.filter(organisation=organisation).delete()
    organisation.delete()


@dataclass
class _Ledger:
    """The demo's rows, written; what settles them goes in day by day (`settle`)."""

    organisation: Organisation
    demo: Demo
    invoices: dict[str, int]
    notes: dict[str, int]
    payments: dict[str, int]

    def settle(self, first: date | None, last: date | None) -> None:
        """Allocations, and the dossier's ledger events, of the days from `first` up to (not
        including) `last`; None: without that bound."""
        _write_allocations(self, first, last)
        _record_ledger_events(self.organisation, first, last)


def _write(demo: Demo) -> _Ledger:
    organisation = Organisation.objects.create(**asdict(demo.organisation))
    organisation.logo.save("demo-logo.svg", ContentFile(DEMO_LOGO))
    customers = _write_customers(organisation, demo)
    invoices = _write_invoices(organisation, demo, customers)
    notes = _write_credit_notes(organisation, demo, customers, invoices)
    payments = _write_payments(organisation, demo, customers)
    return _Ledger(organisation, demo, invoices, notes, payments)


def _within(field: str, first: date | None, last: date | None) -> dict[str, date]:
    bounds = {f"{field}__gte": first, f"{field}__lt": last}
    return {key: day for key, day in bounds.items() if day is not None}


def _record_ledger_events(
    organisation: Organisation,
    first: date | None,
    last: date | None,
    also: Sequence[tuple[date, int, Any]] = (),
) -> None:
    """The dossier of the demo's past: each invoice, credit note and payment on its day,
    and `also` (other events of those days) in its place among them."""
    from innen.ledger import events

    found = [
        (i.issue_date, 0, events.invoice_event(i, "demo", i.issue_date))
        for i in Invoice.objects.filter(
            organisation=organisation, **_within("issue_date", first, last)
        )
    ]
    found += [
        (n.issue_date, 1, events.credit_note_event(n, "demo", n.issue_date))
        for n in CreditNote.objects.filter(
            organisation=organisation, **_within("issue_date", first, last)
        ).select_related("invoice")
    ]
    payments = Payment.objects.filter(organisation=organisation, **_within("date", first, last))
    parts: dict[int | None, list[tuple[Invoice, Decimal]]] = {}
    for allocation in Allocation.objects.filter(
        organisation=organisation, payment__in=payments
    ).select_related("invoice"):
        parts.setdefault(allocation.payment_id, []).append((allocation.invoice, allocation.amount))
    found += [
        (p.date, 2, events.payment_event(p, parts.get(p.pk, []), "demo", day=p.date))
        for p in payments
    ]
    found += also
    found.sort(key=lambda item: (item[0], item[1]))
    events.record(organisation.pk, (event for _, _, event in found))


def _write_customers(organisation: Organisation, demo: Demo) -> dict[str, int]:
    Customer.objects.bulk_create(
        Customer(
            organisation=organisation,
            notes=NOTES[c.profile],
            **{
                k: v
                for k, v in asdict(c).items()
                if k not in {"profile", "ibans", "payment_term_days"}
            },
        )
        for c in demo.customers
    )
    ids = _ids(Customer, organisation, "number")
    CustomerIban.objects.bulk_create(
        CustomerIban(organisation=organisation, customer_id=ids[c.number], iban=iban)
        for c in demo.customers
        for iban in c.ibans
    )
    return ids


def _write_invoices(
    organisation: Organisation, demo: Demo, customers: dict[str, int]
) -> dict[str, int]:
    for invoice in demo.invoices:
        _check_total(invoice.number, invoice.amount_excl_vat, invoice.vat_amount, invoice.total)
    rows = [
        Invoice(
            organisation=organisation,
            customer_id=customers[i.customer_number],
            number=i.number,
            issue_date=i.issue_date,
            due_date=i.due_date,
            amount_excl_vat=i.amount_excl_vat,
            vat_amount=i.vat_amount,
            total=i.total,
            payment_reference=i.payment_reference,
            # A wholesaler delivers goods: a consumer's claim is barred after 2 years (7:28).
            supply=Supply.GOODS,
        )
        for i in demo.invoices
    ]
    Invoice.objects.bulk_create(rows)
    # innen knew each invoice from its invoice date, as if it was imported then: otherwise
    # today's run would take every open one for a late arrival and skip its passed steps.
    for row in rows:
        row.created_at = timezone.make_aware(datetime.combine(row.issue_date, time(9)))
    update_rows(Invoice, ["created_at"], rows)
    return _ids(Invoice, organisation, "number")


def _write_credit_notes(
    organisation: Organisation, demo: Demo, customers: dict[str, int], invoices: dict[str, int]
) -> dict[str, int]:
    for note in demo.credit_notes:
        _check_total(note.number, note.amount_excl_vat, note.vat_amount, note.total)
    CreditNote.objects.bulk_create(
        CreditNote(
            organisation=organisation,
            customer_id=customers[n.customer_number],
            invoice_id=invoices[n.invoice_number],
            number=n.number,
            issue_date=n.issue_date,
            amount_excl_vat=n.amount_excl_vat,
            vat_amount=n.vat_amount,
            total=n.total,
        )
        for n in demo.credit_notes
    )
    return _ids(CreditNote, organisation, "number")


def _write_payments(
    organisation: Organisation, demo: Demo, customers: dict[str, int]
) -> dict[str, int]:
    Payment.objects.bulk_create(
        Payment(
            organisation=organisation,
            customer_id=customers[p.customer_number],
            date=p.date,
            amount=p.amount,
            payer_name=p.payer_name,
            payer_iban=p.payer_iban,
            description=p.description,
            external_reference=p.reference,
        )
        for p in demo.payments
    )
    return _ids(Payment, organisation, "external_reference")


def _write_allocations(ledger: _Ledger, first: date | None, last: date | None) -> None:
    written = Allocation.objects.bulk_create(
        Allocation(
            organisation=ledger.organisation,
            invoice_id=ledger.invoices[a.invoice_number],
            kind=a.kind,
            payment_id=ledger.payments[a.source] if a.kind == "payment" else None,
            credit_note_id=ledger.notes[a.source] if a.kind == "credit" else None,
            amount=a.amount,
            date=a.date,
        )
        for a in replay.allocations(ledger.demo)
        if (first is None or a.date >= first) and (last is None or a.date < last)
    )
    refresh_outstanding(allocation.invoice_id for allocation in written)


def _grant_demo_user(organisation: Organisation) -> None:
    # The password is set on every build so that the login printed is the one that works.
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "email": "demo@innen.example"}
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)


def _ids(model: Any, organisation: Organisation, key: str) -> dict[str, int]:
    # Looked up again rather than read from bulk_create, which sets primary keys only on
    # databases that return them.
    return dict(model.objects.filter(organisation=organisation).values_list(key, "pk"))


def _check_total(number: str, excl: Decimal, vat: Decimal, total: Decimal) -> None:
    if excl + vat != total:
        raise ValueError(f"{number}: total {total} is not {excl} plus VAT {vat}")
