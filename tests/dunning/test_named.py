"""A consumer's 14-day letter names her claims in default: each gets its letter, once."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from innen.dunning.defaults import default_consumer_policy
from innen.dunning.grouping import group_messages
from innen.dunning.named import NAMED_IN_LETTER, Ladder, name_claims_in_default
from innen.dunning.planner import InvoiceFacts, plan_invoice
from innen.dunning.policy import CustomerKind, StepKind

TODAY = date(2026, 11, 5)  # a Thursday
POLICY = default_consumer_policy()


def ladder(invoice_id: int, days_overdue: int) -> Ladder:
    facts = InvoiceFacts(invoice_id, 10, TODAY - timedelta(days=days_overdue), Decimal("100.00"))
    decision = plan_invoice(facts, POLICY, TODAY, customer_kind=CustomerKind.CONSUMER)
    return Ladder(facts, POLICY, decision)


def named_day(*ladders: Ladder):
    due = [item for one in ladders for item in one.decision.due]
    plans = group_messages(due, TODAY).messages
    return name_claims_in_default(plans, {10: list(ladders)}, TODAY)


def test_art_6_96_lid_7_each_claim_in_default_gets_the_letter_and_its_earlier_steps_pass():
    letter_due, reminded = ladder(1, 30), ladder(2, 8)
    plans, passed = named_day(letter_due, reminded)
    (letter,) = [p for p in plans if p.step.kind is StepKind.FOURTEEN_DAY_LETTER]
    kinds = {(item.invoice_id, item.step.kind) for item in letter.items}
    assert (2, StepKind.FOURTEEN_DAY_LETTER) in kinds
    assert {item.invoice_id for item in passed} == {2}
    assert {item.skipped_reason for item in passed} == {NAMED_IN_LETTER}


def test_a_step_due_in_another_message_the_same_day_is_recorded_once():
    # The second invoice's call falls today: it stays on the call list, and is not also
    # recorded as passed over.
    letter_due, calling = ladder(1, 30), ladder(2, 14)
    plans, passed = named_day(letter_due, calling)
    recorded = [(i.invoice_id, i.index) for p in plans for i in p.items]
    recorded += [(i.invoice_id, i.index) for i in passed]
    assert [key for key, n in Counter(recorded).items() if n > 1] == []
