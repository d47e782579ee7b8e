"""The dossier: every event about a customer or an invoice, appended, never changed.

`seq`, `prev_hash` and `hash` form a chain per organisation (see chain.py); `DossierHead`
keeps the newest link apart from the events, so that deleting the last events shows too.
Customer and invoice are referenced without a database constraint: the record of what
happened outlives the rows it is about.
"""

from typing import Any, NoReturn

from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.dossier.chain import EventContent
from innen.organisations.models import Organisation


class EventKind(models.TextChoices):
    CUSTOMER_CREATED = "customer_created", _("Customer created")
    INVOICE_IMPORTED = "invoice_imported", _("Invoice imported")
    CREDIT_NOTE_IMPORTED = "credit_note_imported", _("Credit note imported")
    PAYMENT_REGISTERED = "payment_registered", _("Payment registered")
    PAYMENT_MATCHED = "payment_matched", _("Payment matched")
    PAYMENT_RETURNED = "payment_returned", _("Payment returned (storno)")
    REFUND_PAID = "refund_paid", _("Refund paid")
    MESSAGE_DECIDED = "message_decided", _("Message decided")
    MESSAGE_APPROVED = "message_approved", _("Message approved")
    MESSAGE_REJECTED = "message_rejected", _("Message rejected")
    MESSAGE_WITHDRAWN = "message_withdrawn", _("Message withdrawn")
    MESSAGE_SENT = "message_sent", _("Message sent")
    MESSAGE_FAILED = "message_failed", _("Message not delivered")
    HOLD_PLACED = "hold_placed", _("Collection paused")
    HOLD_LIFTED = "hold_lifted", _("Collection resumed")
    NOTE = "note", _("Note")
    CALL = "call", _("Call")
    PORTAL = "portal", _("Portal action")
    HANDOVER = "handover", _("Handed over")
    CHARGES_WAIVED = "charges_waived", _("Interest or costs waived")
    CREDIT_LIMIT_SET = "credit_limit_set", _("Credit limit set")
    CREDIT_LIMIT_EXCEEDED = "credit_limit_exceeded", _("Credit limit exceeded")


class WithdrawnAt(models.TextChoices):
    """Where the last check before a message leaves withdrew it (a withdrawn event says)."""

    DELIVERY = "delivery", _("making it ready to send")
    SENDING = "sending", _("sending")
    PRINT_BATCH = "print batch", _("the print batch")
    CALL_LIST = "call list", _("the call list")
    WEBHOOK = "webhook", _("the webhook")


class EventQuerySet(models.QuerySet["Event"]):
    """Events are appended, never changed or removed: in bulk as one by one (`Event.save`).

    The database keeps the same rule where it can (`guards.py`): on PostgreSQL an event
    is never updated and disappears only with its organisation; on SQLite it is never updated.
    """

    def update(self, **kwargs: Any) -> NoReturn:
        raise ValueError("dossier events are never changed")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        # Refused here, before Django opens the transaction it would update in.
        raise ValueError("dossier events are never changed")

    def delete(self) -> NoReturn:
        raise ValueError("dossier events are never deleted")


def _loose_reference(to: str) -> models.ForeignKey[Any, Any]:
    """A reference the dossier keeps even when its row is gone: no constraint, no index."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="+",
    )


class Event(models.Model):
    # No single-column indexes: the composite ones below serve every lookup, and each index
    # is paid for on every one of the run's hundred thousand appends.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    seq = models.BigIntegerField(_("number"))
    occurred_at = models.DateTimeField(_("recorded at"))
    day = models.DateField(_("date"))
    kind = models.CharField(_("event"), max_length=30, choices=EventKind.choices)
    customer = _loose_reference("ledger.Customer")
    invoice = _loose_reference("ledger.Invoice")
    actor = models.CharField(_("by"), max_length=150)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["organisation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "seq"], name="event_seq_unique")
        ]
        indexes = [
            models.Index(fields=["customer", "seq"]),
            models.Index(fields=["invoice", "seq"]),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.get_kind_display()} ({self.day})"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("a dossier event is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("a dossier event is never deleted")

    @property
    def content(self) -> EventContent:
        return EventContent(
            seq=self.seq,
            occurred_at=self.occurred_at,
            day=self.day,
            kind=self.kind,
            customer_id=self.customer_id,
            invoice_id=self.invoice_id,
            actor=self.actor,
            payload=self.payload,
        )


class DossierHead(models.Model):
    """The newest event of an organisation's chain."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("dossier head")
        verbose_name_plural = _("dossier heads")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.seq}"


class ExportedHead(models.Model):
    """The head the newest export of the organisation's dossier printed.

    An export is handed to people outside innen, so the head it shows is an anchor: the
    chain must never again be shorter, nor hold another event at that number
    (`innen.casefile.integrity.chain_warnings`).
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    exported_on = models.DateField()

    class Meta:
        verbose_name = _("exported head")
        verbose_name_plural = _("exported heads")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.seq} ({self.exported_on})"
