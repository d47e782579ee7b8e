"""The short code on a letter that, with the customer's postcode, opens their portal.

A code is 8 characters from an alphabet without look-alikes (no 0/O, no 1/I), printed as
"ABCD-EFGH": 32^8, about 10^12 codes, and the sign-in is rate-limited (ratelimit.py), so
guessing one that also matches its postcode is hopeless. The database keeps only a keyed
hash of the code and a random nonce; the code itself is derived from the nonce with the
site's secret whenever a letter needs it, so a copy of the database does not reveal codes.
"""

from __future__ import annotations

import secrets

from django.db import IntegrityError, transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from innen.ledger.models import Customer
from innen.portal.models import PortalCode

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8
_CODE_SALT = "innen.portal.code"
_HASH_SALT = "innen.portal.code-hash"


def normalise_code(text: str) -> str:
    """'abcd-efgh ' → 'ABCDEFGH': what people type, as the code is stored."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def normalise_postcode(text: str) -> str:
    """'1234 ab' → '1234AB': postcodes compare without spaces, dashes or case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def formatted(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _derive(nonce: str) -> str:
    number = int.from_bytes(salted_hmac(_CODE_SALT, nonce, algorithm="sha256").digest()[:8], "big")
    chars = []
    for _ in range(LENGTH):
        number, index = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[index])
    return "".join(chars)


def _hash(code: str) -> str:
    return salted_hmac(_HASH_SALT, code, algorithm="sha256").hexdigest()


def portal_code(customer: Customer) -> str:
    """The customer's code as a letter prints it ("ABCD-EFGH"), made the first time it is asked."""
    found = PortalCode.objects.filter(customer=customer).first()
    if found is None:
        found = _create(customer)
    return formatted(_derive(found.nonce))


def _create(customer: Customer) -> PortalCode:
    while True:  # a clash of two codes is one in 10^12: draw again
        nonce = secrets.token_hex(16)
        try:
            with transaction.atomic():
                return PortalCode.objects.create(
                    organisation_id=customer.organisation_id,
                    customer=customer,
                    nonce=nonce,
                    code_hash=_hash(_derive(nonce)),
                )
        except IntegrityError:
            existing = PortalCode.objects.filter(customer=customer).first()
            if existing is not None:  # made meanwhile by another request
                return existing


def portal_code_renew(customer: Customer) -> None:
    """Forget the customer's code: letters already printed no longer open the portal."""
    PortalCode.objects.filter(customer=customer).delete()


def customer_for_code(code: str, postcode: str) -> Customer | None:
    """The customer this code and postcode belong to, or None when either is wrong."""
    code = normalise_code(code)
    if len(code) != LENGTH:
        return None
    found = (
        PortalCode.objects.filter(code_hash=_hash(code))
        .select_related("customer__organisation")
        .first()
    )
    if found is None:
        return None
    known = normalise_postcode(found.customer.postcode)
    if not known or not constant_time_compare(known, normalise_postcode(postcode)):
        return None
    return found.customer
