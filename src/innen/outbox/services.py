"""What a controller does with deliveries that need a person (confirm, send again, print),
and with the organisation's own message texts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from innen.collection.models import ActionStatus, MessageStatus
from innen.letters.letter import Letter
from innen.organisations.models import Organisation
from innen.outbox.forms import text_problems
from innen.outbox.models import Delivery, DeliveryStatus, MessageTemplate, PrintBatch
from innen.outbox.notices import notice_confirm_sent, notice_send_again
from innen.outbox.printing import build_print_batch
from innen.outbox.sending import record_failed, record_sent, settle_message


@transaction.atomic
def delivery_confirm_sent(delivery: Delivery, *, today: date, user: Any = None) -> None:
    """A "perhaps sent" e-mail the controller found in the sent mail: record it as sent."""
    if delivery.message is None:  # a notice: noted in the dossier as the sender notes it
        notice_confirm_sent(delivery, user=user)
        return
    if delivery.status != DeliveryStatus.UNCERTAIN:
        raise ValidationError({"status": "only a delivery that was perhaps sent can be confirmed"})
    started = delivery.started_at.date() if delivery.started_at else today
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENT, sent_at=delivery.started_at, sent_on=started, last_error=""
    )
    documents = [d for d in (delivery.pdf, delivery.email) if d is not None]
    record_sent(delivery.message, delivery, started, documents)
    settle_message(delivery.message, today)


@transaction.atomic
def delivery_send_again(delivery: Delivery, *, today: date, user: Any = None) -> None:
    """Try a failed or perhaps-sent delivery once more (after fixing the address, say)."""
    if delivery.status not in (DeliveryStatus.FAILED, DeliveryStatus.UNCERTAIN):
        raise ValidationError({"status": "only a failed or perhaps-sent delivery is sent again"})
    message = delivery.message
    if message is None:  # a notice goes again as kept, to the addresses it was written to
        notice_send_again(delivery, user=user)
        return
    if delivery.channel == "email":
        recipients = ", ".join(message.customer.email_list)
        if not recipients:
            raise ValidationError({"recipients": "the customer has no e-mail address"})
    else:
        recipients = delivery.recipients
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, recipients=recipients, next_attempt_at=None
    )
    message.actions.filter(status=ActionStatus.FAILED).update(status=ActionStatus.ACTIVE, reason="")
    type(message).objects.filter(pk=message.pk).update(status=MessageStatus.SENDING)
    from innen.outbox.tasks import send_message_task

    transaction.on_commit(lambda: send_message_task.enqueue(message.pk))


@transaction.atomic
def delivery_bounced(unique_id: str, *, reason: str, today: date) -> Delivery:
    """A bounce that came back after the e-mail was accepted: it did not reach the customer.

    Mail servers report most refused addresses later, by a bounce message to the sender;
    whatever reads that mailbox passes the Message-ID it names here.
    """
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("message__step")
        .filter(unique_id=unique_id.strip(), message__isnull=False)
        .first()
    )
    if delivery is None:
        raise ValidationError({"message_id": f"no message was sent with Message-ID {unique_id}"})
    if delivery.status != DeliveryStatus.SENT or delivery.channel != "email":
        raise ValidationError({"message_id": "only an e-mail that was sent can bounce"})
    documents = [d for d in (delivery.pdf, delivery.email) if d is not None]
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, last_error=f"bounced: {reason}"
    )
    message = delivery.message
    assert message is not None  # a notice's Message-ID is not looked up
    record_failed(message, delivery, today, f"bounced: {reason}", documents)
    others = message.deliveries.exclude(pk=delivery.pk).filter(status=DeliveryStatus.SENT)
    if not others.exists():
        message.actions.filter(status=ActionStatus.ACTIVE).update(
            status=ActionStatus.FAILED, reason="not delivered"
        )
        type(message).objects.filter(pk=message.pk).update(status=MessageStatus.FAILED)
    delivery.refresh_from_db()
    return delivery


def print_batch_now(organisation_id: int, *, today: date) -> PrintBatch | None:
    return build_print_batch(organisation_id, today)


@transaction.atomic
def template_save(
    *,
    organisation: Organisation,
    kind: str,
    language: str,
    subject: str,
    body: str,
    letters: Sequence[Letter],
    problems_in: str,
    user: Any = None,
) -> MessageTemplate:
    """Store the organisation's own text for `kind` in `language`.

    A text that does not render for each of `letters` is refused (ValidationError, the
    problems named in `problems_in`): the run would send nothing with it.
    """
    problems = text_problems(subject, body, list(letters), problems_in)
    if problems:
        raise ValidationError(problems)
    template = MessageTemplate.objects.select_for_update().filter(
        organisation=organisation, kind=kind, language=language
    ).first() or MessageTemplate(organisation=organisation, kind=kind, language=language)
    template.subject, template.body = subject, body
    template.updated_by = user
    template.full_clean()
    template.save()
    return template


def template_reset(*, organisation: Organisation, kind: str, language: str) -> None:
    """Go back to the default text: the organisation's own is removed."""
    MessageTemplate.objects.filter(organisation=organisation, kind=kind, language=language).delete()
