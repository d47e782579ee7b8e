"""A connection to an accounting package, what it mapped, and what it could not."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.ledger.models import CreditNote, Customer, Invoice, Payment
from innen.organisations.models import Organisation


class Kind(models.TextChoices):
    MONEYBIRD = "moneybird", "Moneybird"
    EXACT = "exact", "Exact Online"


class State(models.TextChoices):
    CHOOSE = "choose", _("Choose an administration")
    FIRST_SYNC = "first_sync", _("First sync under way")
    ACTIVE = "active", _("In sync")
    FAILING = "failing", _("Trying again")
    SIGN_IN = "sign_in", _("Needs sign-in")
    OFF = "off", _("Disconnected")


class Connection(models.Model):
    """One organisation's link to one package administration. Tokens are sealed (Fernet)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="connections"
    )
    kind = models.CharField(_("package"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    sealed_tokens = models.TextField(blank=True, editable=False)
    account_id = models.CharField(_("administration"), max_length=100, blank=True)
    account_name = models.CharField(_("administration name"), max_length=200, blank=True)
    cursor = models.TextField(blank=True, editable=False)
    full_sync_done = models.BooleanField(default=False)
    last_success = models.DateTimeField(_("last success"), null=True, blank=True)
    next_try = models.DateTimeField(_("next try"), null=True, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_error = models.TextField(_("what failed"), blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    webhook_token = models.CharField(max_length=64, blank=True, editable=False)
    # The secret the package gave when innen registered its webhook; each call must carry it.
    package_webhook_token = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("connection")
        verbose_name_plural = _("connections")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="one_connection_per_package"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.account_name or self.account_id})"


class RefKind(models.TextChoices):
    CONTACT = "contact", _("contact")
    INVOICE = "invoice", _("invoice")
    CREDIT_NOTE = "credit_note", _("credit note")
    PAYMENT = "payment", _("payment")


class ExternalRef(models.Model):
    """A package record (id and version) and the innen row it became."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="refs")
    kind = models.CharField(max_length=20, choices=RefKind.choices)
    external_id = models.CharField(max_length=100)
    version = models.CharField(max_length=100, blank=True)
    # The package's own key when it is not `external_id` (Exact names a deleted invoice by
    # its GUID, innen keys Exact's invoices by number).
    internal_id = models.CharField(max_length=100, blank=True, db_index=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    credit_note = models.ForeignKey(
        CreditNote, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "kind", "external_id"], name="one_ref_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.external_id}@{self.version}"


class Unmapped(models.Model):
    """A package record innen could not take, and why; the rest of the sync went on."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="unmapped")
    kind = models.CharField(max_length=20, choices=RefKind.choices)
    external_id = models.CharField(max_length=100)
    reason = models.TextField()
    # What it lacked ("contact:<id>", "invoice:<id>") and the record itself, kept so the sync
    # can take it over as soon as that arrives, without reading it from the package again.
    waiting_for = models.CharField(max_length=120, blank=True, db_index=True)
    record = models.JSONField(default=dict, blank=True)
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-seen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["connection", "kind", "external_id"], name="one_unmapped_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.external_id}: {self.reason}"

    @property
    def waits_for(self) -> str:
        """What it waits for, in words: "factuur 42" for `invoice:42`."""
        kind, _, external_id = self.waiting_for.partition(":")
        label = RefKind(kind).label if kind in RefKind.values else kind
        return f"{label} {external_id}".strip()
