"""What leaves the building: templates, each delivery of a message, the documents as sent.

A `Delivery` is one message by one channel (e-mail or letter), or one notice e-mailed to a
customer outside the ladder (an arrangement's confirmation, say: no message, its e-mail kept
when it was written). It is written, with its unique Message-ID, before anything is handed
to a mail server or a printer, so that a retry after a crash finds it and does not send the
message a second time.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.collection.models import Message, StepKind
from innen.organisations.models import Language, Organisation
from innen.validators import validate_one_line


class SenderSettings(models.Model):
    """How an organisation's messages go out: sender, reply address, signature, link term."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="sender_settings"
    )
    # The name and subject lines reach mail headers: one line each (validate_one_line).
    from_name = models.CharField(
        _("sender name"), max_length=200, blank=True, validators=[validate_one_line]
    )
    from_email = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_("Empty: the server's default sender; replies go to the reply address."),
    )
    reply_to = models.EmailField(_("reply address"), blank=True)
    signatory = models.CharField(
        _("signed by"), max_length=200, blank=True, validators=[validate_one_line]
    )
    portal_link_days = models.PositiveSmallIntegerField(
        _("portal link valid for (days)"), default=90
    )

    class Meta:
        verbose_name = _("sender settings")
        verbose_name_plural = _("sender settings")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.from_email or '-'}"


class MessageTemplate(models.Model):
    """An organisation's own text for one step kind in one language (else the default text)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="message_templates"
    )
    kind = models.CharField(_("step kind"), max_length=30, choices=StepKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=300, validators=[validate_one_line])
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "language"], name="one_template_per_kind_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class Document(models.Model):
    """A file exactly as it was sent (PDF letter, e-mail), stored under its sha256."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    sha256 = models.CharField(max_length=64)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="documents/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha256"], name="document_once")
        ]

    def __str__(self) -> str:
        return self.name


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    RETRYING = "retrying", _("Waiting to try again")
    PRINTING = "printing", _("In the print batch")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The sender stopped between handing the e-mail over and recording it: it may have gone.
    UNCERTAIN = "uncertain", _("Perhaps sent")
    # The last check found the debtor had acted (paid, a hold, another amount): it stayed home.
    WITHDRAWN = "withdrawn", _("Withdrawn before it went out")


class Delivery(models.Model):
    """One message by one channel, with every attempt's outcome and the documents as sent.

    A notice (`message` empty) names its `customer` and `reference`; its e-mail and PDF are
    kept before it is queued, and `posted_letter` is the letter posted with it or instead."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    customer = models.ForeignKey(
        "ledger.Customer",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notice_deliveries",
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=DeliveryChannel.choices)
    unique_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    recipients = models.CharField(_("to"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    pdf = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.ForeignKey(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    print_batch = models.ForeignKey(
        "PrintBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    # A notice's letter posted with the e-mail or, when the e-mail failed, instead: one at most.
    posted_letter = models.ForeignKey(
        "PostedLetter", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_on = models.DateField(null=True, blank=True)
    # The interest rate rows the letter's claim used, as rendered (see innen.rates):
    # {"rows": [...], "known_until": "2026-12-31" when interest after it was provisional}.
    rates = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["message", "channel"], name="one_delivery_per_channel"),
            models.CheckConstraint(
                condition=models.Q(message__isnull=False) | models.Q(customer__isnull=False),
                name="delivery_of_a_message_or_a_notice",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        what = self.message if self.message_id is not None else f"{self.customer}: {self.subject}"
        return f"{what} ({self.channel}: {self.status})"

    @property
    def is_notice(self) -> bool:
        """A notice outside the ladder: no message, sent as kept (`innen.outbox.notices`)."""
        return self.message_id is None


class PostedLetter(models.Model):
    """A letter outside the dunning ladder (a payment plan's confirmation, say) to be posted.

    It waits for the day's print batch beside the ladder's letters; the batch sends it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    customer = models.ForeignKey(
        "ledger.Customer", on_delete=models.CASCADE, related_name="posted_letters"
    )
    subject = models.CharField(_("subject"), max_length=300)
    pdf = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    print_batch = models.ForeignKey(
        "PrintBatch", on_delete=models.PROTECT, null=True, blank=True, related_name="posted"
    )
    # What it is about, as its notice says (`Delivery.reference`): the batch asks whether
    # it still applies (`innen.outbox.notices.no_longer_applies`).
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    # The day the last check kept it home (the debtor acted): it is never printed.
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("letter to post")
        verbose_name_plural = _("letters to post")
        indexes = [models.Index(fields=["organisation", "print_batch"])]

    def __str__(self) -> str:
        return f"{self.customer}: {self.subject}"


class PrintBatch(models.Model):
    """The day's letters to be posted, as one PDF: one page set per letter."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("date"))
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="+")
    letter_count = models.PositiveIntegerField(_("letters"))
    page_count = models.PositiveIntegerField(_("pages"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.day} ({self.letter_count})"
