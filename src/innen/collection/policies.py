"""Policies between the database and the pure dunning package, and which one a customer follows."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from innen import dunning
from innen.collection.behaviour import behaviour_policies
from innen.collection.models import (
    CustomerCollection,
    Experiment,
    Policy,
    PolicyStep,
    SegmentPolicy,
)
from innen.dunning.checks import policy_problems
from innen.dunning.defaults import default_business_policy, default_consumer_policy
from innen.file_messages import translated
from innen.ledger.models import Customer, CustomerKind
from innen.organisations.models import Organisation


def step_to_domain(step: PolicyStep) -> dunning.policy.Step:
    return dunning.policy.Step(
        kind=dunning.policy.StepKind(step.kind),
        name=step.name,
        offset_days=step.offset_days,
        anchor=dunning.policy.Anchor(step.anchor),
        day_count=dunning.policy.DayCount(step.day_count),
        min_open_amount=Decimal(step.min_open_amount),
        channels=frozenset(dunning.policy.Channel(c) for c in step.channels),
        pay_term_days=step.pay_term_days,
        claims_costs=step.claims_costs,
        claims_interest=step.claims_interest,
        needs_approval=step.needs_approval,
    )


def policy_to_domain(policy: Policy) -> dunning.policy.Policy:
    """The policy as the pure planner sees it (steps in position order)."""
    steps = tuple(
        step_to_domain(step) for step in sorted(policy.steps.all(), key=lambda s: s.position)
    )
    return dunning.policy.Policy(
        name=policy.name,
        customer_kind=dunning.policy.CustomerKind(policy.customer_kind),
        steps=steps,
        skip_passed_steps=policy.skip_passed_steps,
        late_start=dunning.policy.LateStart(policy.late_start),
        min_days_between_messages=policy.min_days_between_messages,
    )


def policy_check(policy: Policy) -> None:
    """Refuse a policy the law does not allow (e.g. consumer costs without a 14-day letter)."""
    problems = policy_problems(policy_to_domain(policy))
    if problems:
        raise ValidationError([translated(problem.said()) for problem in problems])


@transaction.atomic
def policy_create(
    *, organisation: Organisation, domain: dunning.policy.Policy, is_default: bool = False
) -> Policy:
    """Store `domain` as a policy of `organisation`, refusing it when it breaks the law."""
    policy = Policy.objects.create(
        organisation=organisation,
        name=domain.name,
        customer_kind=domain.customer_kind,
        is_default=is_default,
        skip_passed_steps=domain.skip_passed_steps,
        late_start=domain.late_start.value,
        min_days_between_messages=domain.min_days_between_messages,
    )
    PolicyStep.objects.bulk_create(
        PolicyStep(
            organisation=organisation,
            policy=policy,
            position=position,
            kind=step.kind.value,
            name=step.name,
            offset_days=step.offset_days,
            anchor=step.anchor.value,
            day_count=step.day_count.value,
            min_open_amount=step.min_open_amount,
            channels=sorted(channel.value for channel in step.channels),
            pay_term_days=step.pay_term_days,
            claims_costs=step.claims_costs,
            claims_interest=step.claims_interest,
            needs_approval=step.needs_approval,
        )
        for position, step in enumerate(domain.steps)
    )
    policy_check(policy)
    return policy


def policy_install_defaults(*, organisation: Organisation) -> list[Policy]:
    """Give `organisation` the default business and consumer policies, unless it has defaults."""
    installed = []
    for kind, make in (
        (CustomerKind.BUSINESS, default_business_policy),
        (CustomerKind.CONSUMER, default_consumer_policy),
    ):
        if not Policy.objects.filter(
            organisation=organisation, customer_kind=kind, is_default=True
        ).exists():
            installed.append(
                policy_create(organisation=organisation, domain=make(), is_default=True)
            )
    return installed


class PolicyResolver:
    """Which policy each customer follows: their own, else their segment's, else their
    behaviour segment's, else the default. (A segment is a person's choice for a group of
    customers; the behaviour segment is computed daily, so the choice wins.)

    Loads an organisation's policy choices once, so a run over 100,000 customers asks the
    database nothing more per customer.
    """

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        policies = Policy.objects.filter(organisation=organisation).prefetch_related("steps")
        self.policies = {policy.pk: policy for policy in policies}
        self.domain = {pk: policy_to_domain(policy) for pk, policy in self.policies.items()}
        # step id → (policy id, index in the ladder), to read recorded actions back.
        self.step_position = {
            step.pk: (policy.pk, index)
            for policy in self.policies.values()
            for index, step in enumerate(sorted(policy.steps.all(), key=lambda s: s.position))
        }
        # (policy id, index) → step id, to record new ones.
        self.step_id = {value: key for key, value in self.step_position.items()}
        self.defaults = {p.customer_kind: p.pk for p in self.policies.values() if p.is_default}
        self.segments = {
            (s.segment, s.customer_kind): s.policy_id
            for s in SegmentPolicy.objects.filter(organisation=organisation)
        }
        self.behaviours = behaviour_policies(organisation)
        # While an experiment runs, its control group never gets its behaviour's policy.
        self.experiment = Experiment.objects.filter(organisation=organisation, active=True).exists()

    def settings_for(self, customer_ids: list[int]) -> dict[int, CustomerCollection]:
        return {
            c.customer_id: c
            for c in CustomerCollection.objects.filter(
                organisation=self.organisation, customer_id__in=customer_ids
            )
        }

    def policy_id(
        self,
        customer: Customer,
        own: CustomerCollection | None,
        behaviour: str = "",
        control: bool = False,
    ) -> int | None:
        own_policy_id = own.policy_id if own is not None else None
        return self.policy_for(customer.kind, customer.segment, own_policy_id, behaviour, control)

    def policy_for(
        self,
        kind: str,
        segment: str,
        own_policy_id: int | None,
        behaviour: str = "",
        control: bool = False,
    ) -> int | None:
        """The policy of a customer of `kind` in `segment` with `behaviour` (with her own, if
        she has one); `control`: she is in the experiment's control group."""
        # A policy for the other kind of customer is never used: a consumer must get the
        # consumer ladder with its 14-day letter, whatever a segment says.
        for candidate in (
            own_policy_id,
            self.segments.get((segment, kind)),
            None if control and self.experiment else self.behaviours.get((behaviour, kind)),
            self.defaults.get(kind),
        ):
            if candidate is not None and self.policies[candidate].customer_kind == kind:
                return candidate
        return None
