"""Webhooks: the addresses an organisation registered, and every delivery made to them.

An `Endpoint` is a URL with the event types it wants and the secret its deliveries are signed
with. The secret is kept as it is, not hashed (signing needs it), and shown only once, when
the endpoint is made. A `WebhookDelivery` is one event for one endpoint: written in the same
transaction as the dossier event it comes from, so an event that is rolled back is never
announced, then sent by a worker; `DeliveryAttempt` keeps what every try got back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from innen.organisations.models import Organisation


class EventType(models.TextChoices):
    INVOICE_PAID = "invoice.paid", _("Invoice paid")
    ACTION_SENT = "action.sent", _("Collection step sent")
    DISPUTE_OPENED = "dispute.opened", _("Dispute opened")
    HANDOVER = "handover", _("Handed over to a collection agency")
    SUSPENSION_NOTICE = "suspension_notice", _("Service suspension notice sent")
    CREDIT_LIMIT_EXCEEDED = "credit.limit_exceeded", _("Credit limit exceeded")
    # Only sent on request, from the settings page; nobody subscribes to it.
    TEST = "test", _("Test event")


SUBSCRIBABLE = [choice for choice in EventType.choices if choice[0] != EventType.TEST]


class Endpoint(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=100)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["created_at", "pk"]
        # Asked on every dossier append: which endpoints of this organisation listen?
        indexes = [models.Index(fields=["organisation", "active"])]

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        labels = dict(EventType.choices)
        return [str(labels.get(event, event)) for event in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    RETRYING = "retrying", _("Waiting to try again")
    SUCCEEDED = "succeeded", _("Delivered")
    FAILED = "failed", _("Failed")
    # A suspension notice whose invoices were all settled before it went: it stayed home.
    WITHDRAWN = "withdrawn", _("Withdrawn before it went out")


class WebhookDelivery(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    # The same event has the same id at every endpoint and on every retry: the receiver's key
    # for doing something once.
    event_id = models.CharField(_("event id"), max_length=64)
    event_type = models.CharField(_("event"), max_length=30, choices=EventType.choices)
    payload = models.JSONField(_("body"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.TextField(_("error"), blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="one_delivery_per_event_and_endpoint"
            )
        ]
        indexes = [models.Index(fields=["organisation", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} → {self.endpoint_id} ({self.status})"


class DeliveryAttempt(models.Model):
    """One try at one delivery: when, how long, and what came back."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("at"))
    duration_ms = models.PositiveIntegerField(_("took (ms)"))
    status_code = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)

    class Meta:
        verbose_name = _("webhook delivery attempt")
        verbose_name_plural = _("webhook delivery attempts")
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}: {self.status_code or self.error[:40]}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
