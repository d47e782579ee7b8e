"""One invoice's story: why the run does (or does not) act on it, and what it recorded."""

from __future__ import annotations

from datetime import date, timedelta

from innen.collection.facts import BatchFacts, batch_facts, collection_starts_on
from innen.collection.models import Action
from innen.collection.policies import PolicyResolver
from innen.dunning.explain import explain, hold_label
from innen.dunning.grouping import DEFAULT_MIN_DAYS_BETWEEN_MESSAGES, first_allowed
from innen.dunning.planner import Decision, StepState, plan_invoice
from innen.dunning.policy import CustomerKind
from innen.dunning.timing import BEFORE_KNOWN, HoldPeriod
from innen.ledger.models import Invoice
from innen.money import format_eur
from innen.translatable import N_, Text, say


def explain_invoice(invoice: Invoice, today: date) -> list[Text]:
    """Why the run does (or does not) act on `invoice`, step by step, as lines of text: each
    a `Text`, which `innen.file_messages.translated` says in the reader's language."""
    organisation = invoice.organisation
    resolver = PolicyResolver(organisation)
    horizon = today + timedelta(days=120)
    facts = batch_facts(
        organisation,
        [invoice.customer_id],
        resolver,
        collection_starts_on(organisation),
        barred_by=horizon,
    )
    planned = next((p for p in facts.invoices if p.facts.invoice_id == invoice.pk), None)
    lines = [
        say(
            N_("Invoice %(number)s of %(customer)s, due %(date)s"),
            number=invoice.number,
            customer=invoice.customer.name,
            date=invoice.due_date,
        )
    ]
    if planned is None:
        lines.append(say(N_("Next: nothing happens: nothing is open on this invoice.")))
    else:
        decision = plan_invoice(
            planned.facts,
            planned.policy,
            today,
            horizon=horizon,
            customer_kind=CustomerKind(planned.customer_kind),
        )
        lines.append(say(N_("Open: %(amount)s"), amount=format_eur(planned.facts.open_amount)))
        lines.extend(hold_line(hold) for hold in planned.facts.holds)
        if planned.facts.known_on and any(
            plan.starts_late or plan.note == BEFORE_KNOWN for plan in decision.ladder
        ):
            lines.append(
                say(
                    N_(
                        "Known to innen since %(date)s: it arrived after some of its"
                        " steps' moments, so it starts at one step"
                    ),
                    date=planned.facts.known_on,
                )
            )
        lines.extend(explain(decision, planned.policy, today))
        lines.extend(_spacing(decision, facts, today))
    recorded = recorded_actions(invoice)
    if recorded:
        lines.append(say(N_("Recorded:")))
        lines.extend(recorded)
    return lines


def _spacing(decision: Decision, facts: BatchFacts, today: date) -> list[Text]:
    """The days between two messages to the customer: whether they hold this invoice's step."""
    last = facts.last_message_on.get(decision.customer_id)
    spacing = facts.min_days.get(decision.customer_id, DEFAULT_MIN_DAYS_BETWEEN_MESSAGES)
    step = next((p for p in decision.ladder if p.state in (StepState.DUE, StepState.PLANNED)), None)
    if last is None or step is None or step.on is None or step.step.is_call_only:
        return []
    allowed = first_allowed(step.step, last, spacing)
    if allowed <= max(step.on, today):
        return []
    return [
        say(
            N_(
                "Spacing: the customer last got a message on %(last)s; with %(days)s days"
                " between messages, %(step)s waits until %(allowed)s"
            ),
            last=last,
            days=str(spacing),
            step=step.step.name,
            allowed=allowed,
        )
    ]


def hold_line(hold: HoldPeriod) -> Text:
    values = {"reason": hold_label(hold.reason), "date": hold.starts_on}
    if hold.ends_on:
        return say(
            N_("Hold: %(reason)s from %(date)s until %(until)s"),
            until=hold.ends_on,
            **values,
        )
    return say(N_("Hold: %(reason)s from %(date)s until lifted"), **values)


def recorded_actions(invoice: Invoice) -> list[Text]:
    lines = []
    for action in Action.objects.filter(invoice=invoice).select_related("step", "message"):
        message = action.message
        values: dict[str, object] = {
            "date": action.scheduled_on,
            "step": action.step.name,
            # Labels are lazy translations: `str` in the reader's language when shown.
            "status": _Lower(action.get_status_display()),
            "decided": action.decided_on,
            "reason": say(action.reason) if action.reason else "",
        }
        msgid = N_("  %(date)s %(step)s: %(status)s, decided %(decided)s")
        if action.reason and message:
            msgid = N_(
                "  %(date)s %(step)s: %(status)s (%(reason)s), decided %(decided)s,"
                " message %(delivery)s"
            )
        elif action.reason:
            msgid = N_("  %(date)s %(step)s: %(status)s (%(reason)s), decided %(decided)s")
        elif message:
            msgid = N_("  %(date)s %(step)s: %(status)s, decided %(decided)s, message %(delivery)s")
        if message:
            values["delivery"] = _Lower(message.get_status_display())
        lines.append(Text(msgid, values))
    return lines


class _Lower:
    """A choice label in lower case, read when the line is said (so in the reader's language)."""

    def __init__(self, label: object) -> None:
        self.label = label

    def __str__(self) -> str:
        return str(self.label).lower()
