"""Every write about arrangements: promises, payment plans, disputes, and their settings.

Each service checks its input (ValidationError by field, nothing changed), places or lifts
holds through `innen.collection.services`, and appends its dossier event in the same
transaction: "portal" for what the customer did, "note" for what a controller or the daily
check decided. Letters and e-mails go out through `notices`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext

from innen.arrangements import texts
from innen.arrangements.labels import plan_problem_labels
from innen.arrangements.models import (
    ArrangementSettings,
    Dispute,
    DisputeAnswer,
    DisputeReason,
    DisputeStatus,
    PaymentPlan,
    PlanInstalment,
    PlanStatus,
    Promise,
    PromiseStatus,
)
from innen.arrangements.notices import Notice, notice_letter, send_notice
from innen.arrangements.rules import (
    PromiseProblem,
    plan_problems,
    promise_deadline,
    promise_problem,
    refused,
)
from innen.arrangements.schedule import Instalment, plan_schedule
from innen.arrangements.uploads import Attachment
from innen.collection.models import Hold, HoldReason
from innen.collection.promises import promise_barred, refusal_to_customer
from innen.collection.services import hold_lift, hold_place
from innen.dossier.models import EventKind
from innen.dossier.record import NewEvent, actor_name, append
from innen.ledger.models import Customer, Invoice
from innen.money import ZERO, round_cents
from innen.organisations.models import Organisation
from innen.storedfiles import kept_only_if_committed

# The first instalment of an accepted plan is due this long after the acceptance.
FIRST_INSTALMENT_AFTER = timedelta(days=14)
ACTIVE_PLAN = (PlanStatus.PROPOSED, PlanStatus.ACTIVE)
PORTAL_ACTOR = "portal"  # as innen.portal.events names the customer in the portal


def arrangement_settings(organisation: Organisation) -> ArrangementSettings:
    """The organisation's rules; the defaults (unsaved) when it never set them."""
    found = ArrangementSettings.objects.filter(organisation=organisation).first()
    return found or ArrangementSettings(organisation=organisation)


def open_invoices(customer: Customer) -> list[Invoice]:
    """The customer's open invoices with `open_amount`, oldest due first."""
    return list(
        Invoice.objects.filter(customer=customer).open().order_by("due_date", "number", "pk")
    )


def chosen_invoices(customer: Customer, invoice_ids: Sequence[int]) -> list[Invoice]:
    """The customer's open invoices among `invoice_ids` (none named: all of them).

    Raises ValidationError on "invoices" when one is not the customer's open invoice or
    nothing is open.
    """
    found = open_invoices(customer)
    if invoice_ids:
        wanted = set(invoice_ids)
        found = [invoice for invoice in found if invoice.pk in wanted]
        if len(found) != len(wanted):
            raise ValidationError({"invoices": gettext("Choose among your open invoices.")})
    if not found:
        raise ValidationError({"invoices": gettext("You have no open invoices.")})
    return found


def still_open(invoices: QuerySet[Invoice] | Sequence[Invoice]) -> Decimal:
    """What `invoices` owe now, from the ledger."""
    if isinstance(invoices, QuerySet):
        ids: Any = invoices.values("pk")
    else:
        ids = [invoice.pk for invoice in invoices]
    found = Invoice.objects.filter(pk__in=ids).with_balance()
    total = found.aggregate(open=Sum("open_amount"))["open"]
    return round_cents(Decimal(str(total or ZERO)))


def _numbers(invoices: Iterable[Invoice]) -> list[str]:
    return sorted(invoice.number for invoice in invoices)


def _event(
    customer: Customer,
    kind: str,
    day: date,
    payload: dict[str, Any],
    user: AbstractBaseUser | None = None,
) -> None:
    """One dossier event: the customer's own actions (kind "portal") are by "portal"."""
    actor = PORTAL_ACTOR if kind == EventKind.PORTAL else actor_name(user)
    append(
        customer.organisation_id,
        [NewEvent(kind, day, customer_id=customer.pk, payload=payload, actor=actor)],
    )


def _hold_all(
    customer: Customer,
    invoices: list[Invoice],
    reason: str,
    today: date,
    ends_on: date | None,
    note: str,
) -> list[Hold]:
    return [
        hold_place(
            customer=customer,
            invoice=invoice,
            reason=reason,
            starts_on=today,
            ends_on=ends_on,
            note=note,
            today=today,
        )
        for invoice in invoices
    ]


def _lift_all(holds: Iterable[Hold], today: date, why: str, user: AbstractBaseUser | None) -> None:
    for hold in holds:
        if hold.ends_on is None or hold.ends_on >= today:
            hold_lift(hold, on=today, user=user, reason=why)


# --- promises --------------------------------------------------------------------------


PROMISE_MESSAGES = {
    PromiseProblem.NOT_AFTER_TODAY: "Choose a day after today.",
    PromiseProblem.TOO_FAR: "Choose a day on or before %(latest)s.",
}


@transaction.atomic
def promise_make(
    *, customer: Customer, promised_on: date, invoice_ids: Sequence[int], today: date
) -> Promise:
    """The customer promises to pay the invoices by `promised_on`: collection waits till then.

    The holds last until the promise's deadline (one business day after the day), so a
    transfer made on the promised day is not chased.
    """
    _refuse_a_chained_promise(customer, today)
    rules = arrangement_settings(customer.organisation)
    problem = promise_problem(promised_on, today, rules.promise_max_days)
    if problem is not None:
        latest = today + timedelta(days=rules.promise_max_days)
        raise ValidationError(
            {"promised_on": gettext(PROMISE_MESSAGES[problem]) % {"latest": latest.isoformat()}}
        )
    invoices = chosen_invoices(customer, invoice_ids)
    promise = Promise.objects.create(
        organisation_id=customer.organisation_id,
        customer=customer,
        promised_on=promised_on,
        made_on=today,
    )
    promise.invoices.set(invoices)
    note = f"promised in the portal to pay by {promised_on.isoformat()}"
    deadline = promise_deadline(promised_on)
    promise.holds.set(_hold_all(customer, invoices, HoldReason.PROMISE, today, deadline, note))
    _event(
        customer,
        EventKind.PORTAL,
        today,
        {
            "action": "promise",
            "promised_on": promised_on.isoformat(),
            "ends_on": deadline.isoformat(),
            "invoices": _numbers(invoices),
            "open_amount": str(still_open(invoices)),
            "text": f"Promised to pay by {promised_on.isoformat()}",
        },
    )
    return promise


def _refuse_a_chained_promise(customer: Customer, today: date) -> None:
    barred = promise_barred(customer, today)
    if barred is not None:
        raise ValidationError({NON_FIELD_ERRORS: refusal_to_customer(barred)})


def promise_check(organisation: Organisation, today: date) -> dict[str, int]:
    """Mark the organisation's open promises kept or broken on `today`; tell who broke one.

    Safe to run twice a day: each promise is settled once (a conditional update).
    """
    counts = {"kept": 0, "broken": 0}
    promises = Promise.objects.filter(organisation=organisation, status=PromiseStatus.OPEN)
    for promise in promises.select_related("customer__organisation"):
        state = _promise_state(promise, today)
        if state is not None and _settle_promise(promise, state, today):
            counts[state] += 1
    return counts


def _promise_state(promise: Promise, today: date) -> str | None:
    from innen.arrangements.rules import PromiseState, promise_state

    state = promise_state(promise.promised_on, today, still_open(promise.invoices.all()))
    return None if state is PromiseState.OPEN else state.value


@transaction.atomic
def _settle_promise(promise: Promise, state: str, today: date) -> bool:
    claimed = Promise.objects.filter(pk=promise.pk, status=PromiseStatus.OPEN).update(
        status=state, settled_on=today
    )
    if not claimed:
        return False
    customer = promise.customer
    payload: dict[str, Any] = {
        "action": f"promise_{state}",
        "promised_on": promise.promised_on.isoformat(),
        "invoices": _numbers(promise.invoices.all()),
    }
    if state == PromiseStatus.KEPT:
        payload["text"] = f"Promise to pay by {promise.promised_on.isoformat()} kept"
    else:
        notice = send_notice(
            notice_letter(
                customer,
                invoice_ids=promise.invoices.values_list("pk", flat=True),
                on=today,
                reference=f"promise-{promise.pk}",
                step_name=gettext("Broken promise"),
            ),
            texts.promise_broken(promise.promised_on, customer.language),
            customer,
        )
        payload.update(notice.facts())
        payload["open_amount"] = str(still_open(promise.invoices.all()))
        payload["text"] = (
            f"Promise to pay by {promise.promised_on.isoformat()} broken: collection resumes"
        )
    _event(customer, EventKind.NOTE, today, payload)
    return True


# --- payment plans ---------------------------------------------------------------------


@transaction.atomic
def plan_propose(
    *, customer: Customer, months: int, invoice_ids: Sequence[int], today: date
) -> PaymentPlan:
    """The customer proposes `months` monthly instalments for the invoices.

    Within the organisation's rules it is accepted at once (and confirmed in writing);
    otherwise it waits for a controller. Collection of the invoices waits either way.
    """
    invoices = chosen_invoices(customer, invoice_ids)
    taken = Invoice.objects.filter(
        pk__in=[i.pk for i in invoices], payment_plans__status__in=ACTIVE_PLAN
    ).values_list("number", flat=True)
    if taken:
        raise ValidationError(
            {
                "invoices": gettext("Already in a payment plan: %(numbers)s.")
                % {"numbers": ", ".join(sorted(taken))}
            }
        )
    total = still_open(invoices)
    problems = plan_problems(total, months, arrangement_settings(customer.organisation).plan_rules)
    if refused(problems):
        raise ValidationError(
            {"months": [str(m) for m in plan_problem_labels([p.value for p in problems])]}
        )
    plan = PaymentPlan.objects.create(
        organisation_id=customer.organisation_id,
        customer=customer,
        months=months,
        total=total,
        proposed_on=today,
        problems=[problem.value for problem in problems],
        status=PlanStatus.PROPOSED,
    )
    plan.invoices.set(invoices)
    note = f"payment plan of {months} instalments proposed in the portal"
    plan.holds.set(_hold_all(customer, invoices, HoldReason.PAYMENT_PLAN, today, None, note))
    _event(
        customer,
        EventKind.PORTAL,
        today,
        {
            "action": "payment_plan",
            "months": months,
            "total": str(total),
            "invoices": _numbers(invoices),
            "outside_rules": ", ".join(plan.problems),
            "text": f"Proposed a payment plan of {months} monthly instalments for {total}"
            + ("" if problems else ": within the rules, accepted at once"),
        },
    )
    if not problems:
        _activate(plan, today, user=None)
    return plan


def _activate(plan: PaymentPlan, today: date, user: AbstractBaseUser | None) -> None:
    """Fix the instalments (on what is open today), confirm them in writing."""
    total = still_open(plan.invoices.all())
    if total <= ZERO:
        raise ValidationError(gettext("Nothing is open on these invoices any more."))
    schedule = plan_schedule(total, plan.months, today + FIRST_INSTALMENT_AFTER)
    PlanInstalment.objects.bulk_create(
        PlanInstalment(plan=plan, number=i.number, due_on=i.due_on, amount=i.amount)
        for i in schedule
    )
    plan.total = total
    plan.status = PlanStatus.ACTIVE
    plan.decided_on = today
    plan.decided_by = user  # type: ignore[assignment]
    plan.save(update_fields=["total", "status", "decided_on", "decided_by"])
    customer = plan.customer
    grace = arrangement_settings(customer.organisation).plan_grace_days
    notice = send_notice(
        notice_letter(
            customer,
            invoice_ids=plan.invoices.values_list("pk", flat=True),
            on=today,
            reference=f"plan-{plan.pk}",
            step_name=gettext("Payment plan"),
            amount=schedule[0].amount,
            pay_before=schedule[0].due_on,
        ),
        texts.plan_confirmed(schedule, total, grace, customer.language),
        customer,
        post=True,  # a plan is confirmed by letter and e-mail
    )
    _event(
        customer,
        EventKind.NOTE,
        today,
        {
            "action": "payment_plan_accepted",
            "months": plan.months,
            "total": str(total),
            "invoices": _numbers(plan.invoices.all()),
            "instalments": [f"{i.due_on.isoformat()} {i.amount}" for i in schedule],
            **notice.facts(),
            "text": f"Payment plan accepted: {plan.months} instalments, confirmed in writing",
        },
        user,
    )


def _proposed(plan: PaymentPlan) -> PaymentPlan:
    locked = PaymentPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.status != PlanStatus.PROPOSED:
        raise ValidationError(gettext("This payment plan has already been decided."))
    return locked


@transaction.atomic
def plan_accept(plan: PaymentPlan, *, user: AbstractBaseUser | None, today: date) -> PaymentPlan:
    plan = _proposed(plan)
    _activate(plan, today, user)
    return plan


@transaction.atomic
def plan_reject(
    plan: PaymentPlan, *, user: AbstractBaseUser | None, today: date, note: str = ""
) -> PaymentPlan:
    """Refuse a proposed plan: collection of its invoices resumes today."""
    plan = _proposed(plan)
    plan.status = PlanStatus.REJECTED
    plan.decided_on = today
    plan.decided_by = user  # type: ignore[assignment]
    plan.decision_note = note[:500]
    plan.save(update_fields=["status", "decided_on", "decided_by", "decision_note"])
    _lift_all(plan.holds.all(), today, "payment plan rejected", user)
    _event(
        plan.customer,
        EventKind.NOTE,
        today,
        {
            "action": "payment_plan_rejected",
            "invoices": _numbers(plan.invoices.all()),
            "note": note,
            "text": "Payment plan rejected: collection resumes",
        },
        user,
    )
    return plan


def plan_instalments(plan: PaymentPlan) -> list[Instalment]:
    return [Instalment(i.number, i.due_on, i.amount) for i in plan.instalments.all()]


def plan_paid(plan: PaymentPlan) -> Decimal:
    """What has been paid toward `plan`: its total less what its invoices owe now."""
    return max(plan.total - still_open(plan.invoices.all()), ZERO)


# --- disputes --------------------------------------------------------------------------


def dispute_open(
    *,
    customer: Customer,
    reason: str,
    message: str,
    invoice_ids: Sequence[int],
    today: date,
    attachment: Attachment | None = None,
) -> Dispute:
    """The customer questions the invoices: collection of them waits for the answer.

    The attachment was checked (`uploads.attachment_or_problem`) before it gets here. Its
    file is written first and deleted again when the rows do not commit.
    """
    errors = {}
    if reason not in DisputeReason.values:
        errors["reason"] = gettext("Choose what your question is about.")
    if not message.strip():
        errors["message"] = gettext("Write your question or complaint.")
    if errors:
        raise ValidationError(errors)
    invoices = chosen_invoices(customer, invoice_ids)
    dispute = Dispute(
        organisation_id=customer.organisation_id,
        customer=customer,
        reason=reason,
        message=message.strip(),
        opened_on=today,
    )
    if attachment is not None:
        dispute.attachment_name = attachment.name[-200:]
        stored_as = f"attachment{attachment.kind.extension}"  # only to give the extension
        dispute.attachment.save(stored_as, ContentFile(attachment.data), save=False)
    with kept_only_if_committed(dispute.attachment):
        _dispute_write(dispute, customer, invoices, today)
    return dispute


def _dispute_write(
    dispute: Dispute, customer: Customer, invoices: list[Invoice], today: date
) -> None:
    dispute.save()
    dispute.invoices.set(invoices)
    label = DisputeReason(dispute.reason).label
    note = f"{label}: {dispute.message}"[:1000]
    dispute.holds.set(_hold_all(customer, invoices, HoldReason.DISPUTE, today, None, note))
    _event(
        customer,
        EventKind.PORTAL,
        today,
        {
            "action": "dispute",
            "reason": dispute.reason,
            "invoices": _numbers(invoices),
            "note": dispute.message,
            "attachment": dispute.attachment_name,
            "text": f"Question or dispute: {label}",
        },
    )


@transaction.atomic
def dispute_answer(
    dispute: Dispute, *, text: str, resolve: bool, user: AbstractBaseUser | None, today: date
) -> DisputeAnswer:
    """Answer the customer (by e-mail and in the portal); resolving it resumes collection."""
    if not text.strip():
        raise ValidationError({"text": gettext("Write the answer to the customer.")})
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.status == DisputeStatus.RESOLVED:
        raise ValidationError({"text": gettext("This dispute has already been resolved.")})
    customer = dispute.customer
    notice: Notice = send_notice(
        notice_letter(
            customer,
            invoice_ids=dispute.invoices.values_list("pk", flat=True),
            on=today,
            reference=f"dispute-{dispute.pk}",
            step_name=gettext("Answer to your question"),
        ),
        texts.dispute_answered(dispute.opened_on, text, resolve, customer.language),
        customer,
    )
    answer = DisputeAnswer.objects.create(
        dispute=dispute,
        text=text.strip(),
        resolved=resolve,
        answered_on=today,
        answered_by_id=user.pk if user is not None else None,
        emailed_to=", ".join(notice.to) if notice.queued else "",
    )
    dispute.status = DisputeStatus.RESOLVED if resolve else DisputeStatus.ANSWERED
    dispute.resolved_on = today if resolve else None
    dispute.save(update_fields=["status", "resolved_on"])
    if resolve:
        _lift_all(dispute.holds.all(), today, "dispute resolved", user)
    _event(
        customer,
        EventKind.NOTE,
        today,
        {
            "action": "dispute_resolved" if resolve else "dispute_answered",
            "invoices": _numbers(dispute.invoices.all()),
            "note": answer.text,
            **notice.facts(),
            "text": "Dispute answered and resolved: collection resumes"
            if resolve
            else "Dispute answered; collection stays on hold",
        },
        user,
    )
    return answer


def settings_changed(
    *,
    organisation: Organisation,
    changed: Sequence[str],
    values: dict[str, Any],
    user: AbstractBaseUser | None,
    today: date,
) -> None:
    """The dossier's record of an owner changing the arrangement rules."""
    if not changed:
        return
    payload = {name: str(values[name]) for name in changed}
    text = "Arrangement rules changed: " + ", ".join(f"{k} {v}" for k, v in payload.items())
    event = NewEvent(
        EventKind.NOTE,
        today,
        payload={"action": "arrangement_rules", "text": text},
        actor=actor_name(user),
    )
    append(organisation.pk, [event])
