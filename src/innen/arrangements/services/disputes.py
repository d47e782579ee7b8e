"""Disputes: a customer's question about invoices, holding them until it is answered."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from innen.arrangements import texts
from innen.arrangements.models import Dispute, DisputeAnswer, DisputeReason, DisputeStatus
from innen.arrangements.notices import Notice, notify
from innen.arrangements.services.shared import (
    chosen_invoices,
    hold_all,
    invoice_numbers,
    lift_all,
    record_event,
)
from innen.arrangements.uploads import Attachment
from innen.collection.models import HoldReason
from innen.dossier.models import EventKind
from innen.ledger.models import Customer, Invoice
from innen.storedfiles import kept_only_if_committed


def dispute_open(
    *,
    customer: Customer,
    reason: str,
    message: str,
    invoice_ids: Sequence[int],
    today: date,
    attachment: Attachment | None = None,
) -> Dispute:
    """The customer questions the invoices: collection of them waits for the answer.

    The attachment was checked (`uploads.attachment_or_problem`) before it gets here. Its
    file is written first and deleted again when the rows do not commit.
    """
    errors = {}
    if reason not in DisputeReason.values:
        errors["reason"] = gettext("Choose what your question is about.")
    if not message.strip():
        errors["message"] = gettext("Write your question or complaint.")
    if errors:
        raise ValidationError(errors)
    invoices = chosen_invoices(customer, invoice_ids)
    dispute = Dispute(
        organisation_id=customer.organisation_id,
        customer=customer,
        reason=reason,
        message=message.strip(),
        opened_on=today,
    )
    if attachment is not None:
        dispute.attachment_name = attachment.name[-200:]
        stored_as = f"attachment{attachment.kind.extension}"  # only to give the extension
        dispute.attachment.save(stored_as, ContentFile(attachment.data), save=False)
    with kept_only_if_committed(dispute.attachment):
        _dispute_write(dispute, customer, invoices, today)
    return dispute


def _dispute_write(
    dispute: Dispute, customer: Customer, invoices: list[Invoice], today: date
) -> None:
    dispute.save()
    theirs = {"organisation_id": dispute.organisation_id}  # each link is keyed too
    dispute.invoices.set(invoices, through_defaults=theirs)
    label = DisputeReason(dispute.reason).label
    note = f"{label}: {dispute.message}"[:1000]
    holds = hold_all(customer, invoices, HoldReason.DISPUTE, today, None, note)
    dispute.holds.set(holds, through_defaults=theirs)
    record_event(
        customer,
        EventKind.PORTAL,
        today,
        {
            "action": "dispute",
            "reason": dispute.reason,
            "invoices": invoice_numbers(invoices),
            "note": dispute.message,
            "attachment": dispute.attachment_name,
            "text": f"Question or dispute: {label}",
        },
    )


@transaction.atomic
def dispute_answer(
    dispute: Dispute, *, text: str, resolve: bool, user: AbstractBaseUser | None, today: date
) -> DisputeAnswer:
    """Answer the customer (by e-mail and in the portal); resolving it resumes collection."""
    if not text.strip():
        raise ValidationError({"text": gettext("Write the answer to the customer.")})
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if dispute.status == DisputeStatus.RESOLVED:
        raise ValidationError({"text": gettext("This dispute has already been resolved.")})
    customer = dispute.customer
    notice: Notice = notify(
        customer,
        dispute.invoices,
        texts.dispute_answered(dispute.opened_on, text, resolve, customer.language),
        on=today,
        reference=f"dispute-{dispute.pk}",
        step_name=gettext("Answer to your question"),
    )
    answer = DisputeAnswer.objects.create(
        organisation_id=dispute.organisation_id,
        dispute=dispute,
        text=text.strip(),
        resolved=resolve,
        answered_on=today,
        answered_by_id=user.pk if user is not None else None,
        emailed_to=", ".join(notice.to) if notice.queued else "",
    )
    dispute.status = DisputeStatus.RESOLVED if resolve else DisputeStatus.ANSWERED
    dispute.resolved_on = today if resolve else None
    dispute.save(update_fields=["status", "resolved_on"])
    if resolve:
        lift_all(dispute.holds.all(), today, "dispute resolved", user)
    record_event(
        customer,
        EventKind.NOTE,
        today,
        {
            "action": "dispute_resolved" if resolve else "dispute_answered",
            "invoices": invoice_numbers(dispute.invoices.all()),
            "note": answer.text,
            **notice.facts(),
            "text": "Dispute answered and resolved: collection resumes"
            if resolve
            else "Dispute answered; collection stays on hold",
        },
        user,
    )
    return answer
