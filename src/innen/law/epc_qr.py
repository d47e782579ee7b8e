"""The EPC QR code ("GiroCode", EPC069-12 version 002) for a SEPA credit transfer.

Payload: up to 12 lines separated by LF, nothing after the last one given: BCD, 002, 1 (UTF-8),
SCT, BIC (optional in 002, left empty), name (≤ 70), IBAN, EUR amount (0.01–999999999.99),
purpose (empty), structured reference (ISO 11649 RF, ≤ 35) or unstructured text (≤ 140),
never both. At most 331 bytes; QR error correction level M, version ≤ 13 (segno checks).

innen puts only RF references in the structured field: whether Dutch banking apps accept a
betalingskenmerk there is unverified (research note §5.3), so a betalingskenmerk goes in the
text field.

Worked example: name "innen BV", IBAN NL91ABNA0417164300, €125.50, reference
RF18539007547034 gives "BCD\\n002\\n1\\nSCT\\n\\ninnen BV\\nNL91ABNA0417164300\\nEUR125.50\\n\\n
RF18539007547034".
"""

from __future__ import annotations

from decimal import Decimal

import segno
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError

from innen.law.references import InvalidReference, validate_rf_reference
from innen.money import round_cents

MAX_BYTES = 331
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")


class InvalidEpcData(ValueError):
    """Data that cannot go into an EPC QR code; `argument` names the field."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(f"{argument}: {message}")
        self.argument = argument


def epc_payload(
    *,
    name: str,
    iban: str,
    amount: Decimal,
    reference: str | None = None,
    text: str | None = None,
) -> str:
    """The EPC069-12 version 002 payload for a transfer of `amount` euros to `iban`."""
    name = name.strip()
    if not 1 <= len(name) <= 70:
        raise InvalidEpcData("name", "must be 1 to 70 characters")
    try:
        account = stdnum_iban.validate(iban)
    except ValidationError as exc:
        raise InvalidEpcData("iban", f"not a valid IBAN ({exc})") from None
    if amount != round_cents(amount) or not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise InvalidEpcData("amount", "must be 0.01 to 999999999.99 in whole cents")
    if (reference is None) == (text is None):
        raise InvalidEpcData("reference", "give either a reference or a text, not both")
    lines = ["BCD", "002", "1", "SCT", "", name, account, f"EUR{amount:.2f}", ""]
    if reference is not None:
        try:
            lines.append(validate_rf_reference(reference))
        except InvalidReference as exc:
            raise InvalidEpcData(
                "reference",
                f"must be an ISO 11649 RF reference ({exc}); put a betalingskenmerk in the text",
            ) from None
    else:
        text = (text or "").strip()
        if not 1 <= len(text) <= 140:
            raise InvalidEpcData("text", "must be 1 to 140 characters")
        lines += ["", text]
    payload = "\n".join(lines)
    if len(payload.encode("utf-8")) > MAX_BYTES:
        raise InvalidEpcData("payload", f"longer than {MAX_BYTES} bytes")
    return payload


def epc_qr(payload: str) -> segno.QRCode:
    """The QR code for `payload`: error correction M, at most version 13."""
    qr = segno.make_qr(payload, error="m", boost_error=False, encoding="utf-8")
    if not isinstance(qr.version, int) or qr.version > 13:  # "M1".."M4" would be Micro QR
        raise InvalidEpcData("payload", f"needs QR version {qr.version}; at most 13 allowed")
    return qr
