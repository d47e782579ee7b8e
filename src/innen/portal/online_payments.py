"""Paying open invoices online through Mollie, with the organisation's own Mollie account.

Starting: the customer picks open invoices; a Mollie payment is created for their open
amounts (client: mollie-api-python) and an `OnlinePayment` row remembers it. Finishing: Mollie
posts only the payment's id to the webhook; the payment is fetched from Mollie's API with the
organisation's key (the POST itself is never trusted) and, once paid, registered in the
ledger exactly once: `external_reference="mollie:<id>"` is unique per organisation, and the
row is locked while it is done. The invoices are then paid, so collection stops for them and
what it had queued for them is withdrawn.
"""

from __future__ import annotations

import re
import secrets
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from mollie.api.client import Client
from mollie.api.error import Error as MollieError

from innen.ledger.models import Invoice, Payment
from innen.ledger.services import payment_register
from innen.money import ZERO
from innen.outbox.demanded import demanded_on, last_letter_demand
from innen.portal.access import PortalAccess
from innen.portal.events import MOLLIE, portal_event
from innen.portal.models import MollieSettings, OnlinePayment, OnlinePaymentStatus
from innen.portal.settings_defaults import mollie_api_endpoint

# Mollie's checkout speaks the customer's language.
LOCALES = {"nl": "nl_NL", "en": "en_US"}
FINAL = {OnlinePaymentStatus.PAID, OnlinePaymentStatus.FAILED}
FINAL |= {OnlinePaymentStatus.CANCELED, OnlinePaymentStatus.EXPIRED}
# The shapes of a Mollie payment id and of the reference a return link carries: what has
# another shape names no payment, and is refused before it reaches the database.
_MOLLIE_PAYMENT_ID = re.compile(r"tr_[0-9A-Za-z]{1,37}")  # fits OnlinePayment.mollie_id
_REFERENCE_BYTES = 16
_RETURN_REFERENCE = re.compile(rf"[0-9a-f]{{{2 * _REFERENCE_BYTES}}}")


class MollieUnavailable(Exception):
    """Mollie could not be reached, or refused the request: nothing was changed here."""


CLAIM = "claim"  # the whole claim on the chosen invoices
LETTER = "letter"  # what the last letter demanded


def is_mollie_payment_id(text: str) -> bool:
    return _MOLLIE_PAYMENT_ID.fullmatch(text) is not None


def is_return_reference(text: str) -> bool:
    return _RETURN_REFERENCE.fullmatch(text) is not None


def mollie_settings_ready(organisation_id: int) -> MollieSettings | None:
    """The organisation's Mollie settings when online payment is on and has a key, else None."""
    found = MollieSettings.objects.filter(organisation_id=organisation_id).first()
    return found if found is not None and found.is_ready else None


def mollie_client(mollie_settings: MollieSettings) -> Client:
    client = Client(api_endpoint=mollie_api_endpoint())
    client.set_api_key(mollie_settings.api_key)
    return client


def online_payment_start(
    *,
    access: PortalAccess,
    invoice_ids: list[int],
    return_url: str,
    webhook_url: str,
    language: str,
    today: date,
    amount_of: str = CLAIM,
) -> OnlinePayment:
    """Create a Mollie payment for the chosen invoices of this customer.

    With `amount_of` CLAIM it is for their whole claim today (principal, and the interest
    and costs the letters claimed: `demanded_on`, the figure every page shows); with LETTER
    for what the last letter demanded, on the invoices it named that are still open.

    `return_url` is where Mollie sends the customer back; the payment's reference is added.
    Raises ValidationError (nothing created) for a choice that is not the customer's open
    invoices, MollieUnavailable when Mollie does not take the payment.
    """
    mollie_settings = mollie_settings_ready(access.organisation.pk)
    if mollie_settings is None:
        raise ValidationError({"invoices": _("Online payment is not available.")})
    invoices, amount = _what_to_pay(access, invoice_ids, amount_of, today)
    reference = secrets.token_hex(_REFERENCE_BYTES)
    data: dict[str, Any] = {
        "amount": {"currency": "EUR", "value": f"{amount:.2f}"},
        "description": _description(access.organisation.name, invoices),
        "redirectUrl": f"{return_url}?payment={reference}&lang={language}",
        "webhookUrl": webhook_url,
        "locale": LOCALES.get(language, "nl_NL"),
        "metadata": {
            "organisation": access.organisation.pk,
            "customer": access.customer.pk,
            "invoices": [invoice.pk for invoice in invoices],
            "reference": reference,
        },
    }
    if mollie_settings.methods:
        data["method"] = list(mollie_settings.methods)
    try:
        created = mollie_client(mollie_settings).payments.create(data)
    except MollieError as error:
        raise MollieUnavailable(str(error)) from error
    return _record_start(access, invoices, amount, reference, created, today)


def _chosen_invoices(access: PortalAccess, invoice_ids: list[int]) -> list[Invoice]:
    chosen = set(invoice_ids)
    invoices = list(
        Invoice.objects.filter(
            organisation=access.organisation, customer=access.customer, pk__in=chosen
        )
        .open()
        .order_by("due_date", "pk")
    )
    if not chosen or len(invoices) != len(chosen):
        raise ValidationError({"invoices": _("Choose one or more of your open invoices.")})
    if any(invoice.currency != "EUR" for invoice in invoices):
        raise ValidationError({"invoices": _("Online payment is for invoices in euros only.")})
    return invoices


def _what_to_pay(
    access: PortalAccess, invoice_ids: list[int], amount_of: str, today: date
) -> tuple[list[Invoice], Decimal]:
    """The invoices paid for and the amount: the chosen ones' claim, or the last letter's."""
    if amount_of == LETTER:
        letter = last_letter_demand(access.customer)
        if letter is None:
            raise ValidationError({"invoices": _("No letter demands a payment now.")})
        invoice_ids = list(letter.invoice_ids)
        return _chosen_invoices(access, invoice_ids), letter.demanded.total
    invoices = _chosen_invoices(access, invoice_ids)
    return invoices, demanded_on(access.customer, [i.pk for i in invoices], today).total


def _description(organisation_name: str, invoices: list[Invoice]) -> str:
    # Shown on the customer's bank statement; Mollie allows 255 characters at most.
    numbers = ", ".join(invoice.number for invoice in invoices)
    return f"{organisation_name}: {numbers}"[:255]


@transaction.atomic
def _record_start(
    access: PortalAccess,
    invoices: list[Invoice],
    amount: Decimal,
    reference: str,
    created: Any,
    today: date,
) -> OnlinePayment:
    payment = OnlinePayment.objects.create(
        organisation=access.organisation,
        customer=access.customer,
        mollie_id=created.id,
        reference=reference,
        status=str(created.status or OnlinePaymentStatus.OPEN)[:20],
        amount=amount,
        checkout_url=created.checkout_url or "",
    )
    payment.invoices.set(invoices, through_defaults={"organisation": access.organisation})
    portal_event(
        access.organisation.pk,
        access.customer.pk,
        "online_payment_started",
        today,
        invoice_id=invoices[0].pk if len(invoices) == 1 else None,
        mollie_id=created.id,
        amount=str(amount),
        invoices=[invoice.number for invoice in invoices],
    )
    return payment


def online_payment_sync(mollie_id: str, *, today: date) -> OnlinePayment | None:
    """Bring a payment up to date from Mollie's API; register it in the ledger once paid.

    Returns None, changing nothing, for an id this site did not create. Raises
    MollieUnavailable when Mollie cannot be asked (Mollie tries the webhook again later).
    """
    if not is_mollie_payment_id(mollie_id):
        return None
    known = OnlinePayment.objects.filter(mollie_id=mollie_id).first()
    if known is None:
        return None
    mollie_settings = MollieSettings.objects.filter(organisation_id=known.organisation_id).first()
    if mollie_settings is None or not mollie_settings.api_key:
        raise MollieUnavailable("the organisation has no Mollie key any more")
    try:
        fetched = mollie_client(mollie_settings).payments.get(mollie_id)
    except MollieError as error:
        raise MollieUnavailable(str(error)) from error
    return _apply(known.pk, fetched, today)


@transaction.atomic
def _apply(pk: int, fetched: Any, today: date) -> OnlinePayment:
    payment = OnlinePayment.objects.select_for_update().get(pk=pk)
    if fetched.id != payment.mollie_id or not _metadata_matches(payment, fetched.metadata):
        return payment
    payment.status = str(fetched.status or payment.status)[:20]
    if payment.status == OnlinePaymentStatus.PAID and payment.payment_id is None:
        payment.payment = _register(payment, fetched, today)
    payment.save(update_fields=["status", "payment", "updated_at"])
    return payment


def _metadata_matches(payment: OnlinePayment, metadata: Any) -> bool:
    """The payment Mollie reports carries the organisation and customer it was made for."""
    if not isinstance(metadata, dict):
        return False
    return (metadata.get("organisation"), metadata.get("customer")) == (
        payment.organisation_id,
        payment.customer_id,
    )


def _register(payment: OnlinePayment, fetched: Any, today: date) -> Payment | None:
    amount = _amount(fetched.amount)
    if amount is None:
        return None
    reference = f"mollie:{payment.mollie_id}"
    invoices = list(payment.invoices.order_by("due_date", "pk"))
    customer = payment.customer
    try:
        with transaction.atomic():
            registered = payment_register(
                organisation=customer.organisation,
                customer=customer,
                date=_paid_on(fetched.paid_at, today),
                amount=amount,
                designated=invoices,
                description=str(fetched.description or "")[:500],
                external_reference=reference,
                source="portal",
            )
    except (IntegrityError, ValidationError):
        # Registered meanwhile by a repeated webhook or the customer's return: the unique
        # reference refused the second (as a database error, or found by full_clean).
        existing = Payment.objects.filter(
            organisation_id=payment.organisation_id, external_reference=reference
        ).first()
        if existing is None:
            raise
        return existing
    portal_event(
        payment.organisation_id,
        customer.pk,
        "online_payment_received",
        today,
        actor=MOLLIE,
        invoice_id=invoices[0].pk if len(invoices) == 1 else None,
        mollie_id=payment.mollie_id,
        amount=str(amount),
        method=str(fetched.method or ""),
        invoices=[invoice.number for invoice in invoices],
    )
    return registered


def _amount(value: Any) -> Decimal | None:
    """What Mollie received, in euros; None for anything else (left for a person)."""
    if not isinstance(value, dict) or value.get("currency") != "EUR":
        return None
    try:
        amount = Decimal(str(value.get("value")))
    except InvalidOperation:
        return None
    return amount if amount > ZERO else None


def _paid_on(paid_at: Any, today: date) -> date:
    try:
        return timezone.localdate(datetime.fromisoformat(str(paid_at)))
    except (TypeError, ValueError):
        return today
