"""Dunning policies, holds, and what the daily run decided (actions and their messages).

The decisions themselves are made by the pure package `innen.dunning`; these models store
the policies it reads and the actions it decided, so that a second run never decides the
same step for the same invoice again (a database uniqueness rule, not a check in Python).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innen.dunning import policy as dunning_policy
from innen.dunning import timing as dunning_timing
from innen.ledger.models import Customer, CustomerKind, Invoice, money_field
from innen.money import ZERO
from innen.organisations.models import Organisation

# The database refuses it too (`innen.collection.guards`); this says so in a form.
OTHER_ORGANISATIONS_POLICY = _("That policy is another organisation's.")


class CollectionSettings(models.Model):
    """An organisation's collection settings.

    `starts_on`: when it started collecting with innen: no step is due before that day.
    Without it, the first run for an organisation with years of history would send every
    reminder, letter and hand-over of every old invoice at once; with it, old invoices start
    at the first step on that day and follow the ladder from there.

    `broken_promise_days`: after a broken promise to pay, how long the customer may not
    promise again (`innen.collection.promises`), so promises cannot pause collection for ever.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="collection_settings"
    )
    starts_on = models.DateField(_("collect from"), null=True, blank=True)
    broken_promise_days = models.PositiveSmallIntegerField(
        _("after a broken promise, no new promise for this many days"),
        default=90,
        validators=[MaxValueValidator(730)],
        help_text=_("0: a new promise may follow at once."),
    )

    class Meta:
        verbose_name = _("collection settings")
        verbose_name_plural = _("collection settings")

    def __str__(self) -> str:
        return str(self.organisation)


class LateStart(models.TextChoices):
    """`innen.dunning.policy.LateStart` with labels: the values are the pure enum's own."""

    FIRST_REMINDER = dunning_policy.LateStart.FIRST_REMINDER.value, _("with a reminder")
    AGE = dunning_policy.LateStart.AGE.value, _("at the step its age reaches")


class Policy(models.Model):
    """A dunning ladder: the ordered steps an open invoice goes through."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="policies"
    )
    name = models.CharField(_("name"), max_length=100)
    customer_kind = models.CharField(_("for"), max_length=10, choices=CustomerKind.choices)
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Used for every customer of its kind by default.")
    )
    skip_passed_steps = models.BooleanField(
        _("skip steps whose moment passed"),
        default=False,
        help_text=_("After a pause, go straight to the step that is due now."),
    )
    late_start = models.CharField(
        _("an invoice that arrives overdue starts"),
        max_length=20,
        choices=LateStart.choices,
        default=LateStart.FIRST_REMINDER,
        help_text=_(
            "The steps whose moment passed before innen knew the invoice are skipped; it starts"
            " at one step. A consumer never starts past the 14-day letter."
        ),
    )
    min_days_between_messages = models.PositiveSmallIntegerField(
        _("days between messages"),
        default=7,
        help_text=_(
            "The run sends a customer no second message within this many days; "
            "a 14-day letter or other legal letter is never held back."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dunning policy")
        verbose_name_plural = _("dunning policies")
        ordering = ["customer_kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="policy_name_unique_per_org"
            ),
            models.UniqueConstraint(
                fields=["organisation", "customer_kind"],
                condition=Q(is_default=True),
                name="one_default_policy_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PolicyChange(models.Model):
    """A change an owner saved to a policy: the policy as it was and as it became.

    The steps are changed in place (`innen.collection.policy_edit`), so this is where the
    ladder an invoice followed before a change can still be read.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("policy change")
        verbose_name_plural = _("policy changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.policy} {self.changed_at:%Y-%m-%d %H:%M}"


class StepKind(models.TextChoices):
    """`innen.dunning.policy.StepKind` with labels: the values are the pure enum's own."""

    PRE_DUE_NOTICE = dunning_policy.StepKind.PRE_DUE_NOTICE.value, _("Pre-due notice")
    REMINDER = dunning_policy.StepKind.REMINDER.value, _("Reminder")
    FRIENDLY_REMINDER = dunning_policy.StepKind.FRIENDLY_REMINDER.value, _("Friendly reminder")
    CALL_TASK = dunning_policy.StepKind.CALL_TASK.value, _("Call")
    SECOND_REMINDER = dunning_policy.StepKind.SECOND_REMINDER.value, _("Second reminder")
    AANMANING = dunning_policy.StepKind.AANMANING.value, _("Formal demand (aanmaning)")
    FOURTEEN_DAY_LETTER = dunning_policy.StepKind.FOURTEEN_DAY_LETTER.value, _("14-day letter")
    INGEBREKESTELLING = (
        dunning_policy.StepKind.INGEBREKESTELLING.value,
        _("Notice of default (ingebrekestelling)"),
    )
    SUSPENSION_NOTICE = (
        dunning_policy.StepKind.SUSPENSION_NOTICE.value,
        _("Service suspension notice"),
    )
    HANDOVER = dunning_policy.StepKind.HANDOVER.value, _("Hand-over to collection agency")
    CUSTOM = dunning_policy.StepKind.CUSTOM.value, _("Custom")


class Anchor(models.TextChoices):
    """`innen.dunning.policy.Anchor` with labels: the values are the pure enum's own."""

    DUE_DATE = dunning_policy.Anchor.DUE_DATE.value, _("after the invoice's due date")
    PREVIOUS_STEP = dunning_policy.Anchor.PREVIOUS_STEP.value, _("after the previous step")
    PREVIOUS_TERM = (
        dunning_policy.Anchor.PREVIOUS_TERM.value,
        _("after the previous step's term expired"),
    )


class DayCount(models.TextChoices):
    """`innen.dunning.policy.DayCount` with labels: the values are the pure enum's own."""

    CALENDAR = dunning_policy.DayCount.CALENDAR.value, _("calendar days")
    BUSINESS = dunning_policy.DayCount.BUSINESS.value, _("business days")


class Channel(models.TextChoices):
    """`innen.dunning.policy.Channel` with labels: the values are the pure enum's own."""

    EMAIL = dunning_policy.Channel.EMAIL.value, _("E-mail")
    LETTER = dunning_policy.Channel.LETTER.value, _("Letter")
    CALL = dunning_policy.Channel.CALL.value, _("Call task")


class PolicyStep(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=30, choices=StepKind.choices)
    name = models.CharField(_("name"), max_length=100)
    offset_days = models.SmallIntegerField(_("days"))
    anchor = models.CharField(_("counted"), max_length=20, choices=Anchor.choices)
    day_count = models.CharField(
        _("day count"), max_length=10, choices=DayCount.choices, default=DayCount.CALENDAR
    )
    min_open_amount = money_field(_("minimum open amount"), default=ZERO)
    channels = models.JSONField(_("channels"), default=list)
    pay_term_days = models.PositiveSmallIntegerField(
        _("new pay-before term (days)"), null=True, blank=True
    )
    claims_costs = models.BooleanField(_("claims collection costs"), default=False)
    claims_interest = models.BooleanField(_("claims interest"), default=False)
    needs_approval = models.BooleanField(_("needs approval"), default=False)

    class Meta:
        verbose_name = _("policy step")
        verbose_name_plural = _("policy steps")
        ordering = ["policy", "position"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "position"], name="step_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.position}. {self.name}"


class SegmentPolicy(models.Model):
    """Customers of a segment (and kind) follow this policy instead of the default."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    segment = models.CharField(_("segment"), max_length=50)
    customer_kind = models.CharField(_("for"), max_length=10, choices=CustomerKind.choices)
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="segments")

    class Meta:
        verbose_name = _("segment policy")
        verbose_name_plural = _("segment policies")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "segment", "customer_kind"], name="one_policy_per_segment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.segment} ({self.customer_kind}) → {self.policy}"

    def clean(self) -> None:
        if self.policy_id and self.organisation_id != self.policy.organisation_id:
            raise ValidationError({"policy": OTHER_ORGANISATIONS_POLICY})


class CustomerCollection(models.Model):
    """Per-customer collection settings: a policy of its own, or no collection at all."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="collection")
    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, null=True, blank=True, related_name="customers"
    )
    excluded = models.BooleanField(_("excluded from collection"), default=False)

    class Meta:
        verbose_name = _("customer collection setting")
        verbose_name_plural = _("customer collection settings")

    def __str__(self) -> str:
        return str(self.customer)

    def clean(self) -> None:
        policy = self.policy if self.policy_id else None
        if policy and self.customer_id and policy.organisation_id != self.customer.organisation_id:
            raise ValidationError({"policy": OTHER_ORGANISATIONS_POLICY})


class InvoiceExclusion(models.Model):
    """An invoice that collection leaves alone."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    invoice = models.OneToOneField(Invoice, on_delete=models.CASCADE, related_name="exclusion")
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("excluded invoice")
        verbose_name_plural = _("excluded invoices")

    def __str__(self) -> str:
        return str(self.invoice)


class HoldReason(models.TextChoices):
    """The reasons a user can give a hold: `innen.dunning.planner.HoldReason` less BEFORE_START,
    which the planner makes up itself and nobody stores."""

    DISPUTE = dunning_timing.HoldReason.DISPUTE.value, _("Dispute")
    PAYMENT_PLAN = dunning_timing.HoldReason.PAYMENT_PLAN.value, _("Payment plan")
    PROMISE = dunning_timing.HoldReason.PROMISE.value, _("Promise to pay")
    HANDED_OVER = dunning_timing.HoldReason.HANDED_OVER.value, _("Handed over")
    MANUAL = dunning_timing.HoldReason.MANUAL.value, _("Manual")


class Hold(models.Model):
    """A pause in collection for one invoice, or for all of a customer's invoices."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="holds")
    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, null=True, blank=True, related_name="holds"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=HoldReason.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("until"),
        null=True,
        blank=True,
        help_text=_("The last day of the pause; empty: until lifted."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="hold_ends_after_start",
            )
        ]
        indexes = [models.Index(fields=["customer", "starts_on"])]

    def __str__(self) -> str:
        scope = self.invoice or self.customer
        return f"{self.get_reason_display()}: {scope} from {self.starts_on}"


class MessageStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    QUEUED = "queued", _("Queued")
    READY = "ready", _("Ready to send")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")
    FAILED = "failed", _("Failed")


class Message(models.Model):
    """One message to a customer for one step, listing every invoice at that step.

    A call task is a message whose channels include "call": it waits on the call list.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="messages")
    step = models.ForeignKey(PolicyStep, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(_("kind"), max_length=30, choices=StepKind.choices)
    channels = models.JSONField(_("channels"), default=list)
    decided_on = models.DateField(_("decided on"))
    pay_before = models.DateField(_("pay before"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MessageStatus.choices)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    is_call_task = models.BooleanField(_("call task"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-decided_on", "customer"]
        indexes = [
            models.Index(fields=["organisation", "status", "decided_on"]),
            models.Index(fields=["customer", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.customer} ({self.decided_on})"


class ActionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SKIPPED = "skipped", _("Skipped")
    # Final: the invoice was settled, or a controller rejected the step.
    CANCELLED = "cancelled", _("Cancelled")
    # Undone by a hold before it went out: the step is decided again when the hold ends.
    POSTPONED = "postponed", _("Postponed")
    # It did not reach the customer (refused address, bounce): on the controller's list.
    FAILED = "failed", _("Not delivered")


class Action(models.Model):
    """A step decided for one invoice. At most one per invoice and step, ever."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="actions")
    step = models.ForeignKey(PolicyStep, on_delete=models.PROTECT, related_name="actions")
    message = models.ForeignKey(
        Message, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=StepKind.choices)
    scheduled_on = models.DateField(_("due on"))
    decided_on = models.DateField(_("decided on"))
    pay_before = models.DateField(_("pay before"), null=True, blank=True)
    open_amount = money_field(_("open amount"))
    claims_costs = models.BooleanField(default=False)
    claims_interest = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.ACTIVE
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["invoice", "scheduled_on"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "step"], name="one_action_per_invoice_step")
        ]
        indexes = [models.Index(fields=["organisation", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.invoice}: {self.get_kind_display()} ({self.scheduled_on})"


class Run(models.Model):
    """One daily collection run for one organisation, with what it found and did."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    run_date = models.DateField(_("date"))
    dry_run = models.BooleanField(default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict)
    # A run split into tasks per batch of customers (the daily run): how many; else empty.
    batches_total = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("collection run")
        verbose_name_plural = _("collection runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.run_date}"


class RunBatch(models.Model):
    """One batch of customers of a split run, done by whichever worker takes its task.

    Marked done in the batch's own transaction, so its summary counts once; the batch that
    finds all the others done adds them up into the run's summary.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    customer_ids = models.JSONField(default=list)
    finished_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("collection run batch")
        verbose_name_plural = _("collection run batches")
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="run_batch_once"),
        ]

    def __str__(self) -> str:
        return f"{self.run} #{self.number}"


# Kept in their own modules so this one stays small; named here so Django and callers find them.
from innen.collection.behaviour_models import BEHAVIOUR_CHOICES as BEHAVIOUR_CHOICES  # noqa: E402
from innen.collection.behaviour_models import BehaviourPolicy as BehaviourPolicy  # noqa: E402
from innen.collection.behaviour_models import CustomerBehaviour as CustomerBehaviour  # noqa: E402
from innen.collection.experiment_models import Experiment as Experiment  # noqa: E402
from innen.collection.experiment_models import ExperimentGroup as ExperimentGroup  # noqa: E402
