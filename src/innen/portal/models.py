"""The portal's rows: sign-in codes, revoked links, Mollie settings and online payments.

Every row belongs to one organisation. A code is stored only as a hash; the code itself is
computed from a random nonce and the site's secret key when a letter needs it (code_keys.py).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.ledger.models import Customer, Invoice, Payment, money_field
from innen.organisations.models import Organisation


class PortalCode(models.Model):
    """The short code printed on a customer's letters; with the postcode it opens the portal."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.OneToOneField(Customer, on_delete=models.CASCADE, related_name="portal_code")
    nonce = models.CharField(max_length=64)
    # With the nonce and the key named by key_id, the code; alone, nothing (code_keys.py).
    key_offset = models.BigIntegerField(default=0)
    code_hash = models.CharField(max_length=64, unique=True)
    key_id = models.CharField(max_length=16, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("portal code")
        verbose_name_plural = _("portal codes")

    def __str__(self) -> str:
        return f"{self.customer} ({self.created_at:%Y-%m-%d})"


class PortalRevocation(models.Model):
    """Links to a customer's portal made before `links_valid_from` no longer open it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="portal_revocation"
    )
    links_valid_from = models.DateTimeField(_("links valid from"))

    class Meta:
        verbose_name = _("portal revocation")
        verbose_name_plural = _("portal revocations")

    def __str__(self) -> str:
        return f"{self.customer}: {self.links_valid_from:%Y-%m-%d %H:%M}"


class MollieMethod(models.TextChoices):
    # Mollie's own method ids (docs.mollie.com, "Payment methods").
    IDEAL = "ideal", "iDEAL"
    BANCONTACT = "bancontact", "Bancontact"
    CREDITCARD = "creditcard", _("Credit card")
    APPLEPAY = "applepay", "Apple Pay"
    PAYPAL = "paypal", "PayPal"
    BANKTRANSFER = "banktransfer", _("Bank transfer")
    BELFIUS = "belfius", "Belfius"
    KBC = "kbc", "KBC/CBC"
    EPS = "eps", "EPS"
    PRZELEWY24 = "przelewy24", "Przelewy24"
    TRUSTLY = "trustly", "Trustly"


class MollieSettings(models.Model):
    """An organisation's own Mollie account: its API key and the methods it offers."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="mollie_settings"
    )
    enabled = models.BooleanField(_("online payment on"), default=False)
    api_key = models.CharField(_("Mollie API key"), max_length=100, blank=True)
    methods = models.JSONField(_("payment methods"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Mollie settings")
        verbose_name_plural = _("Mollie settings")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.masked_key or '-'}"

    @property
    def is_ready(self) -> bool:
        return self.enabled and bool(self.api_key)

    @property
    def masked_key(self) -> str:
        """The key as the settings page shows it: its kind and last four characters."""
        if not self.api_key:
            return ""
        kind = self.api_key.split("_", 1)[0]
        return f"{kind}_…{self.api_key[-4:]}"


class OnlinePaymentStatus(models.TextChoices):
    # Mollie's payment statuses, as its API reports them.
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    AUTHORIZED = "authorized", _("Authorised")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELED = "canceled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class OnlinePayment(models.Model):
    """A payment a customer started in the portal; the webhook brings its outcome."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="+")
    mollie_id = models.CharField(_("Mollie id"), max_length=40, unique=True)
    # The customer comes back with this in the address: it names the payment, not the id.
    reference = models.CharField(max_length=32, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=OnlinePaymentStatus.choices)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    invoices: models.ManyToManyField[Invoice, OnlinePaymentInvoice] = models.ManyToManyField(
        Invoice, related_name="+", through="OnlinePaymentInvoice"
    )
    checkout_url = models.URLField(max_length=500, blank=True)
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("online payment")
        verbose_name_plural = _("online payments")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "customer"])]

    def __str__(self) -> str:
        return f"{self.mollie_id} {self.amount} ({self.status})"


class OnlinePaymentInvoice(models.Model):
    """An invoice an online payment pays, in the table Django first made for the many-to-many
    field, with the payment's organisation (written with it: `through_defaults`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    onlinepayment = models.ForeignKey(OnlinePayment, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "portal_onlinepayment_invoices"
        unique_together = [("onlinepayment", "invoice")]

    def __str__(self) -> str:
        return f"{self.onlinepayment_id}: {self.invoice_id}"
