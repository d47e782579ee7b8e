"""A sent letter claiming interest and costs, for tests of the claim on the ledger."""

from innen.collection.models import Action, Message, MessageStatus, PolicyStep, StepKind


def demand_letter(
    org,
    customer,
    invoices,
    *,
    decided_on,
    status=MessageStatus.SENT,
    kind=None,
    channels=("letter",),
):
    """A letter of the policy's step `kind` (default: its last written step) for `invoices`,
    claiming interest and costs."""
    steps = PolicyStep.objects.filter(
        policy__organisation=org, policy__customer_kind=customer.kind
    ).exclude(kind=StepKind.CALL_TASK)
    step = steps.get(kind=kind) if kind else steps.last()
    message = Message.objects.create(
        organisation=org,
        customer=customer,
        step=step,
        kind=step.kind,
        channels=list(channels),
        decided_on=decided_on,
        status=status,
    )
    for invoice in invoices:
        Action.objects.create(
            organisation=org,
            invoice=invoice,
            step=step,
            message=message,
            kind=step.kind,
            scheduled_on=decided_on,
            decided_on=decided_on,
            open_amount=invoice.total,
            claims_costs=True,
            claims_interest=True,
        )
    return message


def claims_no_charges(org):
    """`org` follows innen's default ladders with no step claiming interest or costs: the
    organisation claims the principal only (`innen.outbox.claim_on.policy_claims`)."""
    from innen.collection.policies import policy_install_defaults

    policy_install_defaults(organisation=org)
    PolicyStep.objects.filter(policy__organisation=org).update(
        claims_interest=False, claims_costs=False
    )
