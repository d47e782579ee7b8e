"""What the daily run does for arrangements, before it plans: promises and plans checked.

`arrangements_daily(organisation, today)` is called by `innen.daily.before_the_ladder` (not
on a dry run) before the collection run plans, so a promise broken or a plan ended today is
settled and its holds are lifted before the planner looks at them. Safe to run twice on a day:
each promise, reminder and break is claimed with a conditional update.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext

from innen.arrangements import texts
from innen.arrangements.models import PaymentPlan, PlanInstalment, PlanStatus
from innen.arrangements.notices import notify
from innen.arrangements.schedule import Instalment, first_late, to_remind
from innen.arrangements.services import (
    arrangement_settings,
    invoice_numbers,
    lift_all,
    plan_instalments,
    plan_paid,
    promise_check,
    record_event,
    still_open,
)
from innen.dossier.models import EventKind
from innen.money import ZERO
from innen.organisations.models import Organisation


@dataclass
class DailySummary:
    promises_kept: int = 0
    promises_broken: int = 0
    plans_completed: int = 0
    plans_broken: int = 0
    reminders: int = 0
    errors: list[str] = field(default_factory=list)


def arrangements_daily(organisation: Organisation, today: date) -> DailySummary:
    summary = DailySummary()
    promises = promise_check(organisation, today)
    summary.promises_kept, summary.promises_broken = promises["kept"], promises["broken"]
    plans = PaymentPlan.objects.filter(organisation=organisation, status=PlanStatus.ACTIVE)
    for plan in plans.select_related("customer__organisation"):
        outcome, reminders = plan_check(plan, today)
        summary.plans_completed += outcome == PlanStatus.COMPLETED
        summary.plans_broken += outcome == PlanStatus.BROKEN
        summary.reminders += reminders
    return summary


def plan_check(plan: PaymentPlan, today: date) -> tuple[str, int]:
    """Settle one running plan on `today`: its status afterwards, and the reminders sent.

    Paid in full: completed. An instalment more than the grace days late: broken, the
    customer is told and the holds are lifted. Otherwise the reminders that are due.
    """
    grace = arrangement_settings(plan.customer.organisation).plan_grace_days
    if still_open(plan.invoices.all()) <= ZERO:
        _end(plan, PlanStatus.COMPLETED, today)
        return PlanStatus.COMPLETED, 0
    instalments = plan_instalments(plan)
    paid = plan_paid(plan)
    late = first_late(instalments, paid, today, grace)
    if late is not None:
        _end(plan, PlanStatus.BROKEN, today, late.instalment, grace)
        return PlanStatus.BROKEN, 0
    return PlanStatus.ACTIVE, _remind(plan, instalments, paid, today)


@transaction.atomic
def _end(
    plan: PaymentPlan,
    status: str,
    today: date,
    late: Instalment | None = None,
    grace: int = 0,
) -> bool:
    claimed = PaymentPlan.objects.filter(pk=plan.pk, status=PlanStatus.ACTIVE).update(
        status=status, ended_on=today
    )
    if not claimed:
        return False
    customer = plan.customer
    broken = status == PlanStatus.BROKEN
    why = "payment plan broken" if broken else "payment plan paid"
    lift_all(plan.holds.all(), today, why, None)
    payload: dict[str, object] = {
        "action": "payment_plan_broken" if broken else "payment_plan_completed",
        "invoices": invoice_numbers(plan.invoices.all()),
        "open_amount": str(still_open(plan.invoices.all())),
        "text": "Payment plan ended: an instalment is late; collection resumes on what is open"
        if broken
        else "Payment plan paid in full",
    }
    if broken and late is not None:
        notice = notify(
            customer,
            plan.invoices,
            texts.plan_broken(late, grace, customer.language),
            on=today,
            reference=f"plan-{plan.pk}-ended",
            step_name=gettext("Payment plan ended"),
        )
        payload.update(notice.facts())
        payload["instalment"] = late.number
    record_event(customer, EventKind.NOTE, today, payload)
    return True


def _remind(plan: PaymentPlan, instalments: list[Instalment], paid: Decimal, today: date) -> int:
    days = arrangement_settings(plan.customer.organisation).reminder_days
    sent = 0
    for state in to_remind(instalments, paid, today, days):
        with transaction.atomic():
            claimed = PlanInstalment.objects.filter(
                plan=plan, number=state.instalment.number, reminded_on__isnull=True
            ).update(reminded_on=today)
            if not claimed:
                continue
            customer = plan.customer
            notice = notify(
                customer,
                plan.invoices,
                texts.instalment_reminder(state.instalment, state.outstanding, customer.language),
                on=today,
                reference=f"plan-{plan.pk}-{state.instalment.number}",
                step_name=gettext("Instalment reminder"),
                amount=state.outstanding,
                pay_before=state.instalment.due_on,
            )
            record_event(
                customer,
                EventKind.NOTE,
                today,
                {
                    "action": "instalment_reminder",
                    "instalment": state.instalment.number,
                    "due_date": state.instalment.due_on.isoformat(),
                    "amount": str(state.outstanding),
                    **notice.facts(),
                    "text": f"Reminder of instalment {state.instalment.number} sent",
                },
            )
            sent += 1
    return sent
