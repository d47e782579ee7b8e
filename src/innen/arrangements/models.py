"""Promises to pay, payment plans and disputes: what a customer arranged, and its outcome.

Each arrangement pauses collection through ordinary holds (`innen.collection`), one per
invoice, kept here so that ending the arrangement ends exactly its own holds. What has been
paid toward an arrangement is never stored: it follows from the ledger (what its invoices
still owe), so it cannot drift from the payments.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.arrangements.rules import MONTHS_CEILING, PlanRules
from innen.collection.models import Hold
from innen.ledger.models import Customer, Invoice, money_field
from innen.organisations.models import Organisation
from innen.storedfiles import random_name


class ArrangementSettings(models.Model):
    """An organisation's rules for what customers arrange themselves in the portal."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="arrangement_settings"
    )
    promise_max_days = models.PositiveSmallIntegerField(
        _("a promise names a day at most this many days ahead"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    plan_min_instalment = money_field(
        _("smallest instalment"),
        default=Decimal("25.00"),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    plan_max_months = models.PositiveSmallIntegerField(
        _("most instalments (months)"),
        default=6,
        validators=[MinValueValidator(2), MaxValueValidator(MONTHS_CEILING)],
    )
    plan_min_total = money_field(
        _("no plan below this total"),
        default=Decimal("100.00"),
        help_text=_("A smaller total waits for a credit controller."),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    plan_approval_above = money_field(
        _("a plan above this total waits for approval"),
        default=Decimal("2500.00"),
        help_text=_("Interest and costs included. A person accepts or rejects it on the worklist."),
        validators=[MinValueValidator(Decimal("0.00"))],
    )
    plan_grace_days = models.PositiveSmallIntegerField(
        _("a plan ends when an instalment is this many days late"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("remind this many days before an instalment"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(28)],
    )

    class Meta:
        verbose_name = _("arrangement settings")
        verbose_name_plural = _("arrangement settings")

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def plan_rules(self) -> PlanRules:
        return PlanRules(
            self.plan_min_instalment,
            self.plan_max_months,
            self.plan_min_total,
            self.plan_approval_above,
        )


class PromiseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept")
    BROKEN = "broken", _("Broken")


class Promise(models.Model):
    """The customer's word to pay the invoices by a day."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="promises")
    invoices: models.ManyToManyField[Invoice, PromiseInvoice] = models.ManyToManyField(
        Invoice, related_name="promises", through="PromiseInvoice"
    )
    holds: models.ManyToManyField[Hold, PromiseHold] = models.ManyToManyField(
        Hold, related_name="+", through="PromiseHold"
    )
    promised_on = models.DateField(_("promised to pay on"))
    made_on = models.DateField(_("made on"))
    status = models.CharField(
        _("status"), max_length=10, choices=PromiseStatus.choices, default=PromiseStatus.OPEN
    )
    settled_on = models.DateField(_("kept or broken on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("promise to pay")
        verbose_name_plural = _("promises to pay")
        ordering = ["-made_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.customer}: {self.promised_on}"


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Awaiting a decision")
    ACTIVE = "active", _("Running")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Paid in full")
    BROKEN = "broken", _("Ended: an instalment was late")


class PaymentPlan(models.Model):
    """Monthly instalments for what some invoices owe; its instalments once accepted."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="payment_plans")
    invoices: models.ManyToManyField[Invoice, PlanInvoice] = models.ManyToManyField(
        Invoice, related_name="payment_plans", through="PlanInvoice"
    )
    holds: models.ManyToManyField[Hold, PlanHold] = models.ManyToManyField(
        Hold, related_name="+", through="PlanHold"
    )
    months = models.PositiveSmallIntegerField(_("instalments"))
    # The total is what the letters demand (`innen.outbox.demanded`): the principal, plus the
    # interest and costs already claimed unless a person waived them.
    total = money_field(_("total"))
    principal = money_field(_("principal"), default=Decimal("0.00"))
    interest = money_field(_("interest"), default=Decimal("0.00"))
    costs = money_field(_("collection costs"), default=Decimal("0.00"))
    charges_waived = models.BooleanField(_("interest and costs waived"), default=False)
    proposed_on = models.DateField(_("proposed on"))
    problems = models.JSONField(_("outside the rules"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment plan")
        verbose_name_plural = _("payment plans")
        ordering = ["-proposed_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.customer}: {self.months} × ({self.total})"

    @property
    def charges(self) -> Decimal:
        """The interest and costs the plan includes (none once waived)."""
        charges: Decimal = self.interest + self.costs
        return charges


class PlanInstalment(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(PaymentPlan, on_delete=models.CASCADE, related_name="instalments")
    number = models.PositiveSmallIntegerField(_("number"))
    due_on = models.DateField(_("due on"))
    amount = money_field(_("amount"))
    reminded_on = models.DateField(_("reminded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_instalment_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.number} ({self.due_on})"


class DisputeReason(models.TextChoices):
    NOT_RECEIVED = "not_received", _("I did not receive the invoice")
    AMOUNT_WRONG = "amount_wrong", _("The amount is wrong")
    NOT_DELIVERED = "not_delivered", _("Not delivered, or I am not satisfied")
    ALREADY_PAID = "already_paid", _("I have already paid")
    OTHER = "other", _("Something else")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered, still on hold")
    RESOLVED = "resolved", _("Resolved")


def _attachment_path(instance: Dispute, filename: str) -> str:
    return random_name(f"disputes/{instance.organisation_id}", filename)


class Dispute(models.Model):
    """A customer's question or complaint about invoices: collection waits for the answer."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="disputes")
    invoices: models.ManyToManyField[Invoice, DisputeInvoice] = models.ManyToManyField(
        Invoice, related_name="disputes", through="DisputeInvoice"
    )
    holds: models.ManyToManyField[Hold, DisputeHold] = models.ManyToManyField(
        Hold, related_name="disputes", through="DisputeHold"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=DisputeReason.choices)
    message = models.TextField(_("message"))
    # Stored under a random name; the customer's own name for the file is data only.
    attachment = models.FileField(_("attachment"), upload_to=_attachment_path, blank=True)
    attachment_name = models.CharField(_("attachment's name"), max_length=200, blank=True)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"), max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.customer}: {self.get_reason_display()}"


class DisputeAnswer(models.Model):
    """What a controller answered; the customer reads it by e-mail and in the portal."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"))
    resolved = models.BooleanField(_("resolved with this answer"), default=False)
    answered_on = models.DateField(_("answered on"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    emailed_to = models.CharField(_("e-mailed to"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["dispute", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dispute}: {self.answered_on}"


class _Link(models.Model):
    """An arrangement's link to an invoice or hold, in the table Django first made for the
    many-to-many field (same name and columns), with the arrangement's organisation so the
    table can be distributed by it. Written with it: `promise.invoices.set(invoices,
    through_defaults={"organisation_id": promise.organisation_id})`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.db_table} #{self.pk}"


class PromiseInvoice(_Link):
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "arrangements_promise_invoices"
        unique_together = [("promise", "invoice")]


class PromiseHold(_Link):
    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="+")
    hold = models.ForeignKey(Hold, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "arrangements_promise_holds"
        unique_together = [("promise", "hold")]


class PlanInvoice(_Link):
    paymentplan = models.ForeignKey(PaymentPlan, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "arrangements_paymentplan_invoices"
        unique_together = [("paymentplan", "invoice")]


class PlanHold(_Link):
    paymentplan = models.ForeignKey(PaymentPlan, on_delete=models.CASCADE, related_name="+")
    hold = models.ForeignKey(Hold, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "arrangements_paymentplan_holds"
        unique_together = [("paymentplan", "hold")]


class DisputeInvoice(_Link):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "arrangements_dispute_invoices"
        unique_together = [("dispute", "invoice")]


class DisputeHold(_Link):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="+")
    hold = models.ForeignKey(Hold, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "arrangements_dispute_holds"
        unique_together = [("dispute", "hold")]
