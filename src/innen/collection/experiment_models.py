"""An organisation's experiment: a fixed share of customers kept on the plain policy.

Imported by `innen.collection.models` (kept apart so that file stays small).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.ledger.models import Customer
from innen.organisations.models import Organisation


class Experiment(models.Model):
    """The experiment an organisation turned on: `control_share` of its customers (drawn with
    `seed`, `innen.risk.uplift.in_control`) keep the plain policy, the others follow their
    behaviour segment's."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="experiment"
    )
    control_share = models.FloatField(_("control share"), default=0.2)
    seed = models.CharField(max_length=64)
    started_on = models.DateField(_("started on"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.control_share:.0%} control from {self.started_on}"


class ExperimentGroup(models.Model):
    """A customer's group in its organisation's experiment, assigned once."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="experiment_group"
    )
    control = models.BooleanField(_("control group"))
    assigned_on = models.DateField(_("assigned on"))

    class Meta:
        verbose_name = _("experiment group")
        verbose_name_plural = _("experiment groups")

    def __str__(self) -> str:
        return f"{self.customer}: {'control' if self.control else 'recommended'}"
