"""The EPC QR code ("scan to pay") for a letter's payment details, as an SVG data URI."""

from __future__ import annotations

from innen.law.epc_qr import MAX_AMOUNT, MIN_AMOUNT, InvalidEpcData, epc_payload, epc_qr
from innen.law.references import InvalidReference, validate_rf_reference
from innen.letters.letter import PaymentDetails

NAME_MAX = 70
TEXT_MAX = 140


def payment_payload(payment: PaymentDetails) -> str | None:
    """The EPC payload for `payment`, or None when no code can be made (no IBAN, amount out
    of range). An RF reference goes in the structured field; any other reference (a
    betalingskenmerk, invoice numbers) in the text field, see innen.law.epc_qr."""
    if not payment.iban or not MIN_AMOUNT <= payment.amount <= MAX_AMOUNT:
        return None
    reference, text = _reference_or_text(payment.reference)
    try:
        return epc_payload(
            name=payment.name[:NAME_MAX],
            iban=payment.iban,
            amount=payment.amount,
            reference=reference,
            text=text,
        )
    except InvalidEpcData:
        return None


def _reference_or_text(reference: str) -> tuple[str | None, str | None]:
    try:
        return validate_rf_reference(reference), None
    except InvalidReference:
        return None, (reference.strip()[:TEXT_MAX] or "-")


def payment_qr_uri(payment: PaymentDetails | None) -> str | None:
    """The QR code for `payment` as an SVG data URI, or None when there is none to show."""
    payload = payment_payload(payment) if payment is not None else None
    if payload is None:
        return None
    try:
        return epc_qr(payload).svg_data_uri(scale=4, border=0)
    except InvalidEpcData:
        return None
