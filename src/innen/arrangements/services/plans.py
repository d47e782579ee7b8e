"""Payment plans: proposed in the portal, accepted or rejected by a controller (or at once,
within the rules and below the approval limit), paid by instalments.

A plan is for what the letters demand on the day (`innen.outbox.demanded`): the principal
plus the interest and costs already claimed, each kept apart on the plan. A person may
waive the interest and costs when accepting it; that is recorded in the dossier.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from innen.arrangements import texts
from innen.arrangements.labels import plan_problem_labels
from innen.arrangements.models import PaymentPlan, PlanInstalment, PlanStatus
from innen.arrangements.notices import notify
from innen.arrangements.rules import plan_problems, refused
from innen.arrangements.schedule import Instalment, plan_schedule
from innen.arrangements.services.shared import (
    arrangement_settings,
    chosen_invoices,
    hold_all,
    invoice_numbers,
    lift_all,
    record_event,
    still_open,
)
from innen.collection.models import HoldReason
from innen.dossier.models import EventKind
from innen.ledger.models import Customer, Invoice
from innen.money import ZERO
from innen.outbox.demanded import Demanded, demanded_on

# The first instalment of an accepted plan is due this long after the acceptance.
FIRST_INSTALMENT_AFTER = timedelta(days=14)
ACTIVE_PLAN = (PlanStatus.PROPOSED, PlanStatus.ACTIVE)


@transaction.atomic
def plan_propose(
    *, customer: Customer, months: int, invoice_ids: Sequence[int], today: date
) -> PaymentPlan:
    """The customer proposes `months` monthly instalments for the invoices.

    Within the organisation's rules it is accepted at once (and confirmed in writing);
    otherwise it waits for a controller. Collection of the invoices waits either way.
    """
    invoices = chosen_invoices(customer, invoice_ids)
    _refuse_invoices_in_a_plan(invoices)
    owed = demanded_on(customer, [i.pk for i in invoices], today)
    total = owed.total
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
        principal=owed.principal,
        interest=owed.interest,
        costs=owed.costs,
        proposed_on=today,
        problems=[problem.value for problem in problems],
        status=PlanStatus.PROPOSED,
    )
    theirs = {"organisation_id": plan.organisation_id}  # each link is keyed too
    plan.invoices.set(invoices, through_defaults=theirs)
    note = f"payment plan of {months} instalments proposed in the portal"
    holds = hold_all(customer, invoices, HoldReason.PAYMENT_PLAN, today, None, note)
    plan.holds.set(holds, through_defaults=theirs)
    _record_proposal(plan, owed, invoices, today)
    if not problems:
        _activate(plan, today, user=None)
    return plan


def _refuse_invoices_in_a_plan(invoices: Sequence[Invoice]) -> None:
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


def _record_proposal(
    plan: PaymentPlan, owed: Demanded, invoices: Sequence[Invoice], today: date
) -> None:
    record_event(
        plan.customer,
        EventKind.PORTAL,
        today,
        {
            "action": "payment_plan",
            "months": plan.months,
            "total": str(plan.total),
            "principal": str(owed.principal),
            "interest": str(owed.interest),
            "costs": str(owed.costs),
            "invoices": invoice_numbers(invoices),
            "outside_rules": ", ".join(plan.problems),
            "text": f"Proposed a payment plan of {plan.months} monthly instalments for "
            f"{plan.total}" + ("" if plan.problems else ": within the rules, accepted at once"),
        },
    )


def _owed_today(plan: PaymentPlan, today: date) -> Demanded:
    """What the plan is for on `today`: what the letters demand, less any waived charges."""
    owed = demanded_on(plan.customer, plan.invoices.values_list("pk", flat=True), today)
    if plan.charges_waived:
        return Demanded(today, owed.principal, ZERO, ZERO)
    return owed


def _store_instalments(plan: PaymentPlan, schedule: Sequence[Instalment]) -> None:
    PlanInstalment.objects.bulk_create(
        PlanInstalment(
            organisation_id=plan.organisation_id,
            plan=plan,
            number=i.number,
            due_on=i.due_on,
            amount=i.amount,
        )
        for i in schedule
    )


def _activate(plan: PaymentPlan, today: date, user: AbstractBaseUser | None) -> None:
    """Fix the instalments (on what is owed today), confirm them in writing."""
    owed = _owed_today(plan, today)
    total = owed.total
    if owed.principal <= ZERO:
        raise ValidationError(gettext("Nothing is open on these invoices any more."))
    schedule = plan_schedule(total, plan.months, today + FIRST_INSTALMENT_AFTER)
    _store_instalments(plan, schedule)
    plan.total = total
    plan.principal, plan.interest, plan.costs = owed.principal, owed.interest, owed.costs
    plan.status = PlanStatus.ACTIVE
    plan.decided_on = today
    plan.decided_by = user  # type: ignore[assignment]
    plan.save(
        update_fields=[
            "total",
            "principal",
            "interest",
            "costs",
            "status",
            "decided_on",
            "decided_by",
        ]
    )
    customer = plan.customer
    grace = arrangement_settings(customer.organisation).plan_grace_days
    notice = notify(
        customer,
        plan.invoices,
        texts.plan_confirmed(schedule, total, grace, customer.language),
        on=today,
        reference=f"plan-{plan.pk}",
        step_name=gettext("Payment plan"),
        amount=schedule[0].amount,
        pay_before=schedule[0].due_on,
        post=True,  # a plan is confirmed by letter and e-mail
    )
    record_event(
        customer,
        EventKind.NOTE,
        today,
        {
            "action": "payment_plan_accepted",
            "months": plan.months,
            "total": str(total),
            "principal": str(owed.principal),
            "interest": str(owed.interest),
            "costs": str(owed.costs),
            "invoices": invoice_numbers(plan.invoices.all()),
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
def plan_accept(
    plan: PaymentPlan,
    *,
    user: AbstractBaseUser | None,
    today: date,
    waive_charges: bool = False,
    note: str = "",
) -> PaymentPlan:
    """Accept a proposed plan; with `waive_charges`, for its principal only (logged)."""
    plan = _proposed(plan)
    if waive_charges:
        plan = plan_waive_charges(plan, user=user, today=today, note=note)
    _activate(plan, today, user)
    return plan


@transaction.atomic
def plan_waive_charges(
    plan: PaymentPlan, *, user: AbstractBaseUser | None, today: date, note: str = ""
) -> PaymentPlan:
    """A person waives the interest and costs of a proposed plan: it is for the principal."""
    plan = _proposed(plan)
    owed = demanded_on(plan.customer, plan.invoices.values_list("pk", flat=True), today)
    plan.charges_waived = True
    plan.principal, plan.interest, plan.costs = owed.principal, ZERO, ZERO
    plan.total = owed.principal
    plan.save(update_fields=["charges_waived", "principal", "interest", "costs", "total"])
    record_event(
        plan.customer,
        EventKind.NOTE,
        today,
        {
            "action": "payment_plan_charges_waived",
            "invoices": invoice_numbers(plan.invoices.all()),
            "interest": str(owed.interest),
            "costs": str(owed.costs),
            "note": note[:500],
            "text": f"Interest ({owed.interest}) and costs ({owed.costs}) waived for the "
            "payment plan: it is for the principal only",
        },
        user,
    )
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
    lift_all(plan.holds.all(), today, "payment plan rejected", user)
    record_event(
        plan.customer,
        EventKind.NOTE,
        today,
        {
            "action": "payment_plan_rejected",
            "invoices": invoice_numbers(plan.invoices.all()),
            "note": note,
            "text": "Payment plan rejected: collection resumes",
        },
        user,
    )
    return plan


def plan_instalments(plan: PaymentPlan) -> list[Instalment]:
    return [Instalment(i.number, i.due_on, i.amount) for i in plan.instalments.all()]


def plan_paid(plan: PaymentPlan) -> Decimal:
    """What has been paid toward `plan`: its principal less what its invoices owe now.

    The ledger books payments on the invoices' principal only, so this is what it shows paid.
    """
    paid: Decimal = max(plan.principal - still_open(plan.invoices.all()), ZERO)
    return paid
