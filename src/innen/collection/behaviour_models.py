"""Customers' behaviour segments as stored, and the policy an organisation gives each segment.

Imported by `innen.collection.models` (kept apart so that file stays small).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.ledger.models import Customer, CustomerKind
from innen.organisations.models import Organisation
from innen.risk.segments import LABELS, Behaviour

# The behaviour segments of `innen.risk.segments`, with their labels translated.
BEHAVIOUR_CHOICES = [(b.value, _(LABELS[b])) for b in Behaviour]


class CustomerBehaviour(models.Model):
    """A customer's behaviour segment as computed on `computed_on`, with its reason (a
    translatable record, `innen.translatable.to_record`). Recomputed by the daily job."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="behaviour")
    behaviour = models.CharField(_("behaviour"), max_length=20, choices=BEHAVIOUR_CHOICES)
    reason = models.JSONField(_("reason"), default=dict)
    computed_on = models.DateField(_("computed on"))

    class Meta:
        verbose_name = _("customer behaviour")
        verbose_name_plural = _("customer behaviours")
        indexes = [models.Index(fields=["organisation", "behaviour"])]

    def __str__(self) -> str:
        return f"{self.customer}: {self.behaviour} ({self.computed_on})"


class BehaviourPolicy(models.Model):
    """Customers (of a kind) in a behaviour segment follow this policy, unless they have their
    own or their segment's."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    behaviour = models.CharField(_("behaviour"), max_length=20, choices=BEHAVIOUR_CHOICES)
    customer_kind = models.CharField(_("for"), max_length=10, choices=CustomerKind.choices)
    policy = models.ForeignKey(
        "collection.Policy", on_delete=models.CASCADE, related_name="behaviours"
    )

    class Meta:
        verbose_name = _("behaviour policy")
        verbose_name_plural = _("behaviour policies")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "behaviour", "customer_kind"],
                name="one_policy_per_behaviour",
            )
        ]

    def __str__(self) -> str:
        return f"{self.behaviour} ({self.customer_kind}) → {self.policy}"
