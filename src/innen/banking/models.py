"""The organisation's bank accounts, each imported statement, and its entries.

An entry is stored once per account: its `identity` (the bank's own reference, else a
fingerprint, see `innen.formats.statement.entry_identities`) is unique per account, so
importing the same or an overlapping statement again adds nothing. Amounts are signed
from the account holder's side: positive is money in.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.ledger.models import money_field
from innen.organisations.models import Organisation
from innen.validators import validate_iban


class BankAccount(models.Model):
    """An account of the organisation whose statements innen reads."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="bank_accounts"
    )
    iban = models.CharField(_("IBAN"), max_length=34, validators=[validate_iban])
    name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["iban"]
        # Per organisation, not across them: unique across all, one tenant could claim
        # another's account first, or learn from the refusal which IBANs innen holds.
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "iban"], name="bank_account_iban_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.iban} {self.name}".strip()


class StatementImport(models.Model):
    """One statement of one imported file: what it said and what the import added."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="statement_imports"
    )
    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    format = models.CharField(_("format"), max_length=40)
    statement_id = models.CharField(_("statement id"), max_length=100, blank=True)
    sequence = models.CharField(_("sequence number"), max_length=50, blank=True)
    opening_balance = money_field(_("opening balance"), null=True, blank=True)
    opening_date = models.DateField(_("opening date"), null=True, blank=True)
    closing_balance = money_field(_("closing balance"), null=True, blank=True)
    closing_date = models.DateField(_("closing date"), null=True, blank=True)
    entries = models.PositiveIntegerField(_("entries in the statement"))
    imported = models.PositiveIntegerField(_("entries added"))
    duplicates = models.PositiveIntegerField(_("entries already there"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.account.iban} {self.statement_id or self.file_name}"


class MatchStatus(models.TextChoices):
    UNMATCHED = "unmatched", _("Unmatched")
    MATCHED = "matched", _("Matched")
    REVIEW = "review", _("To review")
    IGNORED = "ignored", _("Ignored")


class BankEntry(models.Model):
    """One booking on a statement, with everything Dutch matching reads."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="bank_entries"
    )
    account = models.ForeignKey(BankAccount, on_delete=models.PROTECT, related_name="entries")
    statement_import = models.ForeignKey(
        StatementImport, on_delete=models.PROTECT, related_name="bank_entries"
    )
    identity = models.CharField(_("identity"), max_length=255)
    number = models.PositiveIntegerField(_("number in the statement"))
    booking_date = models.DateField(_("booking date"))
    value_date = models.DateField(_("value date"), null=True, blank=True)
    amount = money_field(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    counterparty_iban = models.CharField(_("counterparty IBAN"), max_length=34, blank=True)
    counterparty_name = models.CharField(_("counterparty name"), max_length=200, blank=True)
    counterparty_bic = models.CharField(_("counterparty BIC"), max_length=11, blank=True)
    structured_reference = models.CharField(_("payment reference"), max_length=50, blank=True)
    remittance = models.TextField(_("description"), blank=True)
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=50, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    transaction_code = models.CharField(_("transaction code"), max_length=50, blank=True)
    is_return = models.BooleanField(_("returned or refused"), default=False)
    return_reason = models.CharField(_("return reason"), max_length=10, blank=True)
    match_status = models.CharField(
        _("match status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.UNMATCHED
    )
    # What matching found: the payment it registered, its reason, and for review its offers.
    payment = models.ForeignKey(
        "ledger.Payment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    repayment = models.ForeignKey(
        "ledger.Repayment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Database defaults: the import writes entries with plain INSERT/COPY, without these.
    match_note = models.CharField(_("why"), max_length=500, blank=True, db_default="")
    # The same note as `innen.translatable.to_record` keeps it, to say it translated.
    match_note_said = models.JSONField(null=True, blank=True)
    candidates = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank entry")
        verbose_name_plural = _("bank entries")
        ordering = ["booking_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "identity"], name="bank_entry_once_per_account"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "match_status"]),
            models.Index(fields=["account", "booking_date"]),
            # A storno names the collection it reverses by its end-to-end id.
            models.Index(fields=["organisation", "end_to_end_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.booking_date} {self.amount} {self.counterparty_name}".strip()
