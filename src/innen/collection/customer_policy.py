"""A customer's own dunning policy, chosen on the desk instead of its segment's or the default."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from innen.collection.models import CustomerCollection, Policy
from innen.dossier.models import EventKind
from innen.dossier.record import SYSTEM, NewEvent, append
from innen.ledger.models import Customer

OTHER_KIND = _("This policy is for another kind of customer.")
POLICY_CHOSEN = gettext_noop("Dunning policy chosen for this customer")


def own_policy(customer: Customer) -> Policy | None:
    """The policy chosen for the customer itself (None: its segment's or the default)."""
    own = (
        CustomerCollection.objects.filter(
            organisation_id=customer.organisation_id, customer=customer
        )
        .select_related("policy")
        .first()
    )
    return own.policy if own is not None else None


@transaction.atomic
def customer_policy_set(*, customer: Customer, policy: Policy | None, actor: str = SYSTEM) -> None:
    """Let the customer follow `policy` (None: its segment's or the default), noted when it
    changes. A consumer never follows a business ladder: it would skip the 14-day letter."""
    if policy is not None and policy.customer_kind != customer.kind:
        raise ValidationError({"policy": OTHER_KIND})
    own = (
        CustomerCollection.objects.select_for_update()
        .filter(organisation_id=customer.organisation_id, customer=customer)
        .first()
    )
    before = own.policy if own is not None and own.policy_id else None
    if before == policy:
        return
    own = own or CustomerCollection(organisation_id=customer.organisation_id, customer=customer)
    own.policy = policy
    own.full_clean()
    own.save()
    event = NewEvent(
        EventKind.NOTE,
        timezone.localdate(),
        customer_id=customer.pk,
        payload={
            "action": "policy_chosen",
            "text": POLICY_CHOSEN,
            "policy": policy.name if policy else "",
            "previous": before.name if before else "",
        },
        actor=actor,
    )
    append(customer.organisation_id, [event])
