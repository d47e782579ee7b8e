"""Who owes what: customers, invoices, credit notes, payments and the allocations between them.

Every row belongs to one organisation. What an invoice still owes is never stored: it is
the total less its allocations (see `innen.balances` and `InvoiceQuerySet.with_balance`).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innen.balances import InvoiceBalance, invoice_balance
from innen.dunning import policy as dunning_policy
from innen.law import limitation as limitation_law
from innen.ledger.querysets import InvoiceQuerySet
from innen.matching.book import match_keys
from innen.money import ZERO
from innen.organisations.models import Language, Organisation
from innen.storedfiles import random_name
from innen.validators import (
    split_emails,
    validate_email_list,
    validate_iban,
    validate_kvk,
    validate_vat,
)

POSITIVE = [MinValueValidator(Decimal("0.01"))]
MATCH_KEY_FIELDS = ("reference_key", "number_key", "number_flat")


# Any, Any: whether the value may be None depends on `null` in kwargs, which a type cannot see.
def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


class CustomerKind(models.TextChoices):
    """`innen.dunning.policy.CustomerKind` with labels: the values are the pure enum's own."""

    BUSINESS = dunning_policy.CustomerKind.BUSINESS.value, _("Business")
    CONSUMER = dunning_policy.CustomerKind.CONSUMER.value, _("Consumer")


class Supply(models.TextChoices):
    """What an invoice was for, as limitation needs it (`innen.law.limitation.SUPPLIES`): a
    consumer's goods are barred after 2 years (art. 7:28 BW), services after 5 (art. 3:307)."""

    GOODS = limitation_law.GOODS, _("Goods")
    SERVICES = limitation_law.SERVICES, _("Services")
    UNKNOWN = limitation_law.UNKNOWN, _("Unknown")


class Customer(models.Model):
    """A debtor: a business or a consumer who buys from the organisation on credit."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="customers"
    )
    number = models.CharField(_("customer number"), max_length=50)
    kind = models.CharField(_("kind"), max_length=10, choices=CustomerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    emails = models.CharField(
        _("e-mail addresses"),
        max_length=500,
        blank=True,
        validators=[validate_email_list],
        help_text=_("One or more, separated by commas."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    kvk_number = models.CharField(
        _("KvK number"), max_length=8, blank=True, validators=[validate_kvk]
    )
    vat_number = models.CharField(
        _("VAT number"), max_length=20, blank=True, validators=[validate_vat]
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    segment = models.CharField(_("segment"), max_length=50, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    external_reference = models.CharField(_("external reference"), max_length=100, blank=True)
    peppol_id = models.CharField(
        _("Peppol ID"),
        max_length=100,
        blank=True,
        default="",
        db_default="",  # so that rows written beneath the ORM (COPY) get one too
        help_text=_("The customer's Peppol endpoint, as scheme:id (0106:12345678)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="customer_number_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"

    def clean(self) -> None:
        if self.kind == CustomerKind.CONSUMER and (self.kvk_number or self.vat_number):
            raise ValidationError(
                {"kind": _("A consumer has no KvK or VAT number; is this a business?")}
            )

    @property
    def email_list(self) -> list[str]:
        return split_emails(self.emails)

    @property
    def is_consumer(self) -> bool:
        return self.kind == CustomerKind.CONSUMER


class CustomerIban(models.Model):
    """A bank account the customer is known to pay from; bank matching looks these up."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="ibans")
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])

    class Meta:
        verbose_name = _("known IBAN")
        verbose_name_plural = _("known IBANs")
        constraints = [
            models.UniqueConstraint(fields=["customer", "iban"], name="customer_iban_unique")
        ]
        indexes = [models.Index(fields=["organisation", "iban"])]

    def __str__(self) -> str:
        return self.iban


def _pdf_path(instance: "Invoice", filename: str) -> str:
    return random_name(f"invoices/{instance.organisation_id}", filename)


class Invoice(models.Model):
    # No index of its own: every index below starts with the organisation, and each one
    # more is written again on every payment (`outstanding` is indexed: no HOT update).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invoices", db_index=False
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=50)
    issue_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"), help_text=_("The last day to pay."))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount_excl_vat = money_field(_("amount excl. VAT"))
    vat_amount = money_field(_("VAT"), default=ZERO)
    total = money_field(_("total"), validators=POSITIVE)
    payment_reference = models.CharField(_("payment reference"), max_length=35, blank=True)
    external_reference = models.CharField(_("external reference"), max_length=100, blank=True)
    supply = models.CharField(
        _("goods or services"),
        max_length=10,
        choices=Supply.choices,
        default=Supply.UNKNOWN,
        help_text=_("Decides a consumer's limitation: goods 2 years, services 5."),
    )
    pdf = models.FileField(_("PDF"), upload_to=_pdf_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What bank matching looks the invoice up by (`innen.matching.book.match_keys`), stored
    # and indexed so a statement finds its invoices by index, not by reading them all.
    reference_key = models.CharField(max_length=35, blank=True, default="", editable=False)
    number_key = models.CharField(max_length=50, blank=True, default="", editable=False)
    number_flat = models.CharField(max_length=50, blank=True, default="", editable=False)
    # The total less every allocation, and the day payments and credit notes covered the
    # total (none while they don't): stored, so the open items of a large ledger are an
    # index scan (`innen.ledger.outstanding` keeps them up to date on every write).
    outstanding = money_field(_("outstanding"), default=ZERO, editable=False)
    settled_on = models.DateField(_("settled on"), null=True, blank=True, editable=False)

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["due_date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="invoice_number_unique_per_org"
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="invoice_total_positive"),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("issue_date")),
                name="invoice_due_not_before_issue",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "due_date"]),
            # Payment references are looked up by their compacted key (`reference_key`).
            models.Index(fields=["organisation", "reference_key"]),
            models.Index(fields=["organisation", "number_key"]),
            models.Index(fields=["organisation", "number_flat"]),
            # The invoice search looks invoices up by amount.
            models.Index(fields=["organisation", "total"]),
            # Bank matching's name rule looks up open invoices by what they still owe: one
            # index scan, where a day's statement otherwise reads the whole table.
            models.Index(
                fields=["organisation", "outstanding"],
                condition=Q(outstanding__gt=0),
                name="invoice_open_amount_idx",
            ),
            # The dashboard sums recent sales per day (the total too: read from the index).
            models.Index(
                fields=["organisation", "issue_date", "total"], name="invoice_org_issued_idx"
            ),
            # The open items: the dashboard's aging and bank matching's account rule read
            # only this index (PostgreSQL covers the columns; SQLite ignores `include`).
            models.Index(
                fields=["organisation", "customer", "due_date"],
                include=["id", "outstanding", "issue_date"],
                condition=Q(outstanding__gt=0),
                name="invoice_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_match_keys()
        adding = self._state.adding
        if adding:
            self.set_outstanding()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"number", "payment_reference"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, *MATCH_KEY_FIELDS}
        super().save(*args, **kwargs)
        if not adding and (update_fields is None or "total" in update_fields):
            _refresh_outstanding([self.pk])
            self.outstanding, self.settled_on = (
                Invoice.objects.filter(pk=self.pk).values_list("outstanding", "settled_on").get()
            )

    def set_outstanding(self) -> None:
        """A new invoice owes its total (`save` and `bulk_create` say so)."""
        self.outstanding = self.total
        self.settled_on = None

    def set_match_keys(self) -> None:
        """Fill the keys bank matching finds this invoice by (`save` and `bulk_create` do)."""
        self.reference_key, self.number_key, self.number_flat = match_keys(
            self.number, self.payment_reference
        )

    def balance(self) -> InvoiceBalance:
        """Return the open amount and status from this invoice's allocations (one query)."""
        sums = {kind: ZERO for kind in AllocationKind.values}
        for row in self.allocations.values("kind").annotate(amount=models.Sum("amount")):
            sums[row["kind"]] = row["amount"]
        return invoice_balance(
            total=self.total,
            paid=sums[AllocationKind.PAYMENT],
            credited=sums[AllocationKind.CREDIT],
            written_off=sums[AllocationKind.WRITE_OFF],
        )


class CreditNote(models.Model):
    """A credit note reduces what the customer owes; it names the invoice it corrects, if any."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="credit_notes"
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="credit_notes")
    number = models.CharField(_("credit note number"), max_length=50)
    issue_date = models.DateField(_("date"))
    invoice = models.ForeignKey(
        Invoice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credited invoice"),
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    amount_excl_vat = money_field(_("amount excl. VAT"))
    vat_amount = money_field(_("VAT"), default=ZERO)
    total = money_field(_("total"), validators=POSITIVE)
    external_reference = models.CharField(_("external reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["issue_date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="credit_note_number_unique_per_org"
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="credit_note_total_positive"),
        ]

    def __str__(self) -> str:
        return self.number

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Its allocations go with it (a cascade): what they paid is open again."""
        paid = list(
            Allocation.objects.filter(credit_note=self).values_list("invoice_id", flat=True)
        )
        deleted = super().delete(*args, **kwargs)
        _refresh_outstanding(paid)
        return deleted


class Payment(models.Model):
    """Money received from (or on behalf of) a customer; allocations say what it paid."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="payments"
    )
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    date = models.DateField(_("date"))
    amount = money_field(_("amount"), validators=POSITIVE)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    payer_name = models.CharField(_("payer name"), max_length=200, blank=True)
    payer_iban = models.CharField(_("payer IBAN"), max_length=34, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    external_reference = models.CharField(_("external reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(
                fields=["organisation", "external_reference"],
                condition=~Q(external_reference=""),
                name="payment_reference_unique_per_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Its allocations go with it (a cascade): what they paid is open again."""
        paid = list(Allocation.objects.filter(payment=self).values_list("invoice_id", flat=True))
        deleted = super().delete(*args, **kwargs)
        _refresh_outstanding(paid)
        return deleted


class RepaymentKind(models.TextChoices):
    STORNO = "storno", _("Returned payment (storno)")
    REFUND = "refund", _("Refund")


class Repayment(models.Model):
    """Money that went back to a customer: a returned payment (storno) or a refund.

    A storno undoes what the returned payment paid: its allocations shrink by the amount
    returned, so the invoices are open again as if never paid (a reversed direct debit is
    no payment). A refund pays out the customer's credit. Either way this row is the record.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="repayments")
    kind = models.CharField(_("kind"), max_length=10, choices=RepaymentKind.choices)
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repayments",
        verbose_name=_("payment returned"),
    )
    date = models.DateField(_("date"))
    amount = money_field(_("amount"), validators=POSITIVE)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    reopened = models.JSONField(_("invoices re-opened"), default=list, blank=True)
    external_reference = models.CharField(_("external reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repayment")
        verbose_name_plural = _("repayments")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive"),
            models.UniqueConstraint(
                fields=["organisation", "external_reference"],
                condition=~Q(external_reference=""),
                name="repayment_reference_unique_per_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} {self.amount}"


class AllocationKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    CREDIT = "credit", _("Credit note")
    WRITE_OFF = "write_off", _("Write-off")


class Allocation(models.Model):
    """Part of a payment or credit note applied to an invoice, or an amount written off."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="allocations")
    kind = models.CharField(_("kind"), max_length=10, choices=AllocationKind.choices)
    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, null=True, blank=True, related_name="allocations"
    )
    credit_note = models.ForeignKey(
        CreditNote, on_delete=models.CASCADE, null=True, blank=True, related_name="allocations"
    )
    amount = money_field(_("amount"), validators=POSITIVE)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_amount_positive"),
            models.CheckConstraint(
                condition=(
                    Q(kind="payment", payment__isnull=False, credit_note__isnull=True)
                    | Q(kind="credit", payment__isnull=True, credit_note__isnull=False)
                    | Q(kind="write_off", payment__isnull=True, credit_note__isnull=True)
                ),
                name="allocation_source_matches_kind",
            ),
        ]
        indexes = [
            models.Index(fields=["invoice", "kind"]),
            # The dashboard: what was settled per day, and what paid an invoice by a day.
            models.Index(fields=["organisation", "date", "amount"], name="allocation_org_date_idx"),
            models.Index(
                fields=["invoice", "kind", "date", "amount"], name="allocation_invoice_paid_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.kind} → {self.invoice}"


class PaidCharges(models.Model):
    """What a payment paid of an invoice's interest and collection costs, beyond its principal.

    The ledger books a payment against principal (`Allocation`); when the payer named the
    invoice and paid more than its principal, the rest pays what the claim adds to it as of
    the payment's day (art. 6:44 BW: costs, interest, principal, all of this invoice) instead of
    the next invoice (art. 6:43 BW). It never changes `Invoice.outstanding`.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="paid_charges")
    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="paid_charges")
    amount = money_field(_("amount"), validators=POSITIVE)
    date = models.DateField(_("date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interest and costs paid")
        verbose_name_plural = _("interest and costs paid")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="paid_charges_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} charges → {self.invoice}"


def _refresh_outstanding(invoice_ids: list[int]) -> None:
    # Imported here: innen.ledger.outstanding computes from these models.
    from innen.ledger.outstanding import refresh_outstanding

    refresh_outstanding(invoice_ids)
