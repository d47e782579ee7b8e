"""A consumer's time-barred claim stops the ladder (planner rule 6); a business's goes on."""

from datetime import date
from decimal import Decimal

from innen.dunning.defaults import default_business_policy, default_consumer_policy
from innen.dunning.explain import explain
from innen.dunning.planner import InvoiceFacts, StepState, Waiting, plan_invoice
from innen.dunning.policy import CustomerKind

DUE = date(2024, 3, 1)
BARRED_FROM = date(2026, 3, 2)  # art. 7:28 BW: two years from the day after the due date


def facts(barred_from: date = BARRED_FROM) -> InvoiceFacts:
    return InvoiceFacts(1, 10, DUE, Decimal("100.00"), barred_from=barred_from)


def test_art_7_28_a_consumers_barred_claim_gets_no_step_and_says_why():
    decision = plan_invoice(facts(), default_consumer_policy(), BARRED_FROM)
    assert decision.due == ()
    assert decision.waiting is Waiting.TIME_BARRED
    assert decision.skip_reason is Waiting.TIME_BARRED
    assert StepState.TIME_BARRED in [plan.state for plan in decision.ladder]
    assert "time-barred" in explain(decision, default_consumer_policy(), BARRED_FROM)[-1]


def test_art_7_28_the_day_before_it_is_barred_a_consumers_claim_is_still_collected():
    # (the very day before, 1 March 2026, is a Sunday: nothing goes out, so a Friday)
    decision = plan_invoice(facts(), default_consumer_policy(), date(2026, 2, 27))
    assert decision.actions != ()


def test_art_3_322_a_business_claim_goes_on_as_the_debtor_must_invoke_limitation():
    decision = plan_invoice(
        facts(), default_business_policy(), date(2030, 1, 2), customer_kind=CustomerKind.BUSINESS
    )
    assert decision.actions != ()
    assert decision.waiting is not Waiting.TIME_BARRED


def test_a_consumers_step_planned_after_the_claim_is_barred_is_not_planned():
    decision = plan_invoice(
        facts(barred_from=date(2024, 3, 20)),
        default_consumer_policy(),
        date(2024, 3, 10),
        horizon=date(2024, 6, 1),
    )
    states = [plan.state for plan in decision.ladder]
    assert StepState.TIME_BARRED in states
    later = [plan for plan in decision.ladder if plan.state is StepState.PLANNED]
    assert all(plan.on < date(2024, 3, 20) for plan in later if plan.on)
