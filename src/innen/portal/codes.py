"""The short code on a letter that, with the customer's postcode, opens their portal.

A code is 8 characters from an alphabet without look-alikes (no 0/O, no 1/I), printed as
"ABCD-EFGH": 32^8, about 10^12 codes, and the sign-in is rate-limited (ratelimit.py), so
guessing one that also matches its postcode is hopeless. The database keeps only a keyed
hash of the code, a random nonce and an offset; the code itself is computed with the site's
secret key whenever a letter needs it, so a copy of the database does not reveal codes
(code_keys.py).

Codes outlive a change of SECRET_KEY while the old key is in SECRET_KEY_FALLBACKS, and
`portal_codes_rekey` moves them under the new key so the old one can go. A code that no
configured key opens any more (the key changed and the old one was not kept) cannot be
printed again: the customer's next letter carries a new code, and the dossier says why.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from innen.dossier.record import SYSTEM
from innen.ledger.models import Customer
from innen.portal import code_keys
from innen.portal.code_keys import LENGTH, Sealed
from innen.portal.events import portal_event
from innen.portal.models import PortalCode

log = logging.getLogger(__name__)

RENEWED_TEXT = (
    "Portal code renewed: the site's secret key changed without the old key kept in "
    "SECRET_KEY_FALLBACKS, so the code on earlier letters no longer opens the portal"
)


def normalise_code(text: str) -> str:
    """'abcd-efgh ' → 'ABCDEFGH': what people type, as the code is stored."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def normalise_postcode(text: str) -> str:
    """'1234 ab' → '1234AB': postcodes compare without spaces, dashes or case."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def formatted(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def portal_code(customer: Customer) -> str:
    """The customer's code as a letter prints it ("ABCD-EFGH"), made the first time it is asked."""
    found = PortalCode.objects.filter(customer=customer).first()
    if found is None:
        found = _create(customer)
    opened = code_keys.unsealed(_sealed(found))
    if opened is None:
        return formatted(_renew_lost(found))
    return formatted(opened[0])


def _create(customer: Customer) -> PortalCode:
    while True:  # a clash of two codes is one in 10^12: draw again
        sealed = code_keys.new_code(settings.SECRET_KEY)
        try:
            with transaction.atomic():
                return PortalCode.objects.create(
                    organisation_id=customer.organisation_id,
                    customer=customer,
                    **_fields(sealed),
                )
        except IntegrityError:
            existing = PortalCode.objects.filter(customer=customer).first()
            if existing is not None:  # made meanwhile by another request
                return existing


@transaction.atomic
def _renew_lost(row: PortalCode) -> str:
    """A code no site key opens: give the customer a new one, and say so in the dossier."""
    row = PortalCode.objects.select_for_update().get(pk=row.pk)
    opened = code_keys.unsealed(_sealed(row))
    if opened is not None:  # renewed meanwhile by another request
        return opened[0]
    _store(row, code_keys.new_code(settings.SECRET_KEY))
    portal_event(
        row.organisation_id,
        row.customer_id,
        "code_renewed",
        timezone.localdate(),
        actor=SYSTEM,
        text=RENEWED_TEXT,
    )
    log.warning("Portal code of customer %s renewed: no site key opened it", row.customer_id)
    opened = code_keys.unsealed(_sealed(row))
    assert opened is not None  # sealed just now under SECRET_KEY
    return opened[0]


def portal_code_renew(customer: Customer) -> None:
    """Forget the customer's code: letters already printed no longer open the portal."""
    PortalCode.objects.filter(customer=customer).delete()


def customer_for_code(code: str, postcode: str) -> Customer | None:
    """The customer this code and postcode belong to, or None when either is wrong."""
    code = normalise_code(code)
    if len(code) != LENGTH:
        return None
    hashes = [code_keys.code_hash(code, key) for key in code_keys.site_keys()]
    found = (
        PortalCode.objects.filter(code_hash__in=hashes)
        .select_related("customer__organisation")
        .first()
    )
    if found is None:
        return None
    known = normalise_postcode(found.customer.postcode)
    if not known or not constant_time_compare(known, normalise_postcode(postcode)):
        return None
    return found.customer


@dataclass(frozen=True)
class CodeKeys:
    """How many codes each kind of key opens."""

    current: int  # SECRET_KEY
    old: int  # a key in SECRET_KEY_FALLBACKS: `portal_codes_rekey` moves them
    lost: int  # no key configured now: renewed on the customer's next letter


def portal_code_keys() -> CodeKeys:
    current = code_keys.key_id(settings.SECRET_KEY)
    fallbacks = [code_keys.key_id(key) for key in settings.SECRET_KEY_FALLBACKS]
    rows = PortalCode.objects.all()
    return CodeKeys(
        current=rows.filter(key_id=current).count(),
        old=rows.filter(key_id__in=fallbacks).exclude(key_id=current).count(),
        lost=rows.exclude(key_id__in=[current, *fallbacks]).count(),
    )


def portal_codes_rekey() -> int:
    """Seal every code an old key opens under SECRET_KEY, so the old key can go; how many."""
    moved = 0
    current = code_keys.key_id(settings.SECRET_KEY)
    for row in PortalCode.objects.exclude(key_id=current).iterator(chunk_size=500):
        opened = code_keys.unsealed(_sealed(row))
        if opened is None:
            continue  # lost: renewed when a letter needs it
        code, _key = opened
        _store(row, code_keys.rekeyed(_sealed(row), code, settings.SECRET_KEY))
        moved += 1
    return moved


def _sealed(row: PortalCode) -> Sealed:
    return Sealed(row.nonce, row.key_offset, row.code_hash, row.key_id)


def _fields(sealed: Sealed) -> dict[str, object]:
    return {
        "nonce": sealed.nonce,
        "key_offset": sealed.offset,
        "code_hash": sealed.code_hash,
        "key_id": sealed.key_id,
    }


def _store(row: PortalCode, sealed: Sealed) -> None:
    for name, value in _fields(sealed).items():
        setattr(row, name, value)
    row.save(update_fields=list(_fields(sealed)))
