"""Payment references: the Dutch betalingskenmerk and the ISO 11649 RF creditor reference.

Betalingskenmerk (Betaalvereniging Nederland, "Specificaties betalingskenmerk"): 7 digits (no
check), 16 digits (check digit C + 15 digits) or 9–14 digits (C + length code L + digits, L =
number of digits after L, mod 10); 8 and 15 digits are not allowed. C = 11 − (Σ digit × weight
mod 11) over all digits after C, weights 2, 4, 8, 5, 10, 9, 7, 3, 6, 1 from the right,
repeating; 10 becomes 1 and 11 becomes 0.

Worked example (the official one): 000056789012345 gives Σ = 215, 215 mod 11 = 6, C = 5, so
the kenmerk is 5000056789012345.
"""

from __future__ import annotations

from stdnum import iso11649
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_97_10

WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6, 1)
LENGTHS = (7, 9, 10, 11, 12, 13, 14, 16)


class InvalidReference(ValueError):
    """A reference that does not validate; the message says why."""


def check_digit(digits: str) -> int:
    """The betalingskenmerk check digit over `digits` (everything to the right of C)."""
    total = sum(int(d) * WEIGHTS[i % len(WEIGHTS)] for i, d in enumerate(reversed(digits)))
    c = 11 - total % 11
    return {10: 1, 11: 0}.get(c, c)


def make_payment_reference(number: int | str, length: int = 16) -> str:
    """A betalingskenmerk of `length` digits carrying `number` (e.g. an invoice number)."""
    digits = str(number).strip()
    if not digits.isdigit():
        raise InvalidReference(f"number must be digits only, not {number!r}")
    if length not in LENGTHS:
        raise InvalidReference(f"length {length} not allowed (7, 9-14 or 16)")
    if length == 7:
        room = 7
    elif length == 16:
        room = 15
    else:
        room = length - 2
    if len(digits.lstrip("0") or "0") > room:
        raise InvalidReference(f"number {digits} does not fit in {room} digits")
    body = digits.zfill(room)[-room:]
    if length == 7:
        return body
    if length != 16:
        body = str(room % 10) + body
    return str(check_digit(body)) + body


def validate_payment_reference(reference: str) -> str:
    """Return the compact betalingskenmerk, or raise InvalidReference with the reason."""
    digits = reference.replace(" ", "").replace(".", "")
    if not digits.isdigit():
        raise InvalidReference("contains characters other than digits")
    if len(digits) not in LENGTHS:
        raise InvalidReference(f"{len(digits)} digits; a betalingskenmerk has 7, 9-14 or 16")
    if len(digits) == 7:
        return digits
    if len(digits) != 16 and int(digits[1]) != (len(digits) - 2) % 10:
        raise InvalidReference(f"length code {digits[1]} does not match {len(digits)} digits")
    expected = check_digit(digits[1:])
    if int(digits[0]) != expected:
        raise InvalidReference(f"check digit is {digits[0]}, expected {expected}")
    return digits


def make_rf_reference(reference: str) -> str:
    """The ISO 11649 creditor reference ("RF" + 2 check digits + `reference`), compact."""
    body = reference.replace(" ", "").upper()
    if not body.isalnum() or not 1 <= len(body) <= 21:
        raise InvalidReference("an RF reference holds 1 to 21 letters and digits")
    return "RF" + mod_97_10.calc_check_digits(body + "RF") + body


def validate_rf_reference(reference: str) -> str:
    """Return the compact RF reference, or raise InvalidReference with the reason."""
    try:
        return iso11649.validate(reference)
    except ValidationError as exc:
        raise InvalidReference(str(exc)) from None
