"""The ladders innen ships with, following Dutch practice; every organisation can edit them.

Business: pre-due notice 3 days before due, reminder at +7, call at +14, second reminder at
+21, aanmaning and ingebrekestelling at +30, hand-over 14 days after its term expired.
Consumer: the same, with the statutory 14-day letter (art. 6:96 lid 6 BW) in place of the
ingebrekestelling; only the hand-over, after the letter's term, claims the costs it named.
"""

from __future__ import annotations

from innen.dunning.policy import Anchor, Channel, CustomerKind, Policy, Step, StepKind

EMAIL = frozenset({Channel.EMAIL})
EMAIL_AND_LETTER = frozenset({Channel.EMAIL, Channel.LETTER})
CALL = frozenset({Channel.CALL})


def _first_steps() -> tuple[Step, ...]:
    return (
        Step(StepKind.PRE_DUE_NOTICE, "Vriendelijke herinnering vooraf", -3, channels=EMAIL),
        Step(StepKind.REMINDER, "Betalingsherinnering", 7, channels=EMAIL, pay_term_days=7),
        Step(StepKind.CALL_TASK, "Bellen", 14, channels=CALL),
        Step(
            StepKind.SECOND_REMINDER,
            "Tweede herinnering",
            21,
            channels=EMAIL,
            pay_term_days=7,
        ),
    )


def _handover() -> Step:
    return Step(
        StepKind.HANDOVER,
        "Overdracht aan incassobureau",
        14,
        anchor=Anchor.PREVIOUS_TERM,
        channels=EMAIL_AND_LETTER,
        claims_costs=True,
        claims_interest=True,
        needs_approval=True,
    )


def default_business_policy() -> Policy:
    return Policy(
        name="Zakelijk (standaard)",
        customer_kind=CustomerKind.BUSINESS,
        steps=(
            *_first_steps(),
            Step(
                StepKind.INGEBREKESTELLING,
                "Aanmaning en ingebrekestelling",
                30,
                channels=EMAIL_AND_LETTER,
                pay_term_days=14,
                claims_costs=True,
                claims_interest=True,
            ),
            _handover(),
        ),
    )


def default_consumer_policy() -> Policy:
    return Policy(
        name="Particulier (standaard)",
        customer_kind=CustomerKind.CONSUMER,
        steps=(
            *_first_steps(),
            Step(
                StepKind.FOURTEEN_DAY_LETTER,
                "Veertiendagenbrief",
                30,
                channels=EMAIL_AND_LETTER,
                pay_term_days=14,
            ),
            _handover(),
        ),
    )
