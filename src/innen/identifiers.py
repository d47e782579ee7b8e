"""Validation of the numbers a Dutch ledger carries: IBAN, BIC, KvK, VAT, postcode.

Each `clean_*` function returns the number in its normal written form or raises
`ValueError` with a reason a person can act on, in English that the Django layer
translates (`innen.file_messages.translated`). Libraries do the checking (schwifty,
python-stdnum); this module only gives them one shape.
"""

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import exceptions as stdnum_exceptions
from stdnum.eu import vat
from stdnum.nl import postcode
from stdnum.util import clean, isdigits

from innen.translatable import N_, say

NOT_AN_IBAN = N_("not a valid IBAN (%(reason)s)")
NOT_A_BIC = N_("not a valid BIC (%(reason)s)")
KVK_DIGITS = N_("a KvK number has exactly 8 digits")
NOT_A_VAT_NUMBER = N_("not a valid EU VAT number (%(reason)s)")
NOT_A_POSTCODE = N_("not a valid Dutch postcode (%(reason)s)")


def clean_iban(value: str) -> str:
    try:
        return str(IBAN(value).compact)
    except SchwiftyException as exc:
        raise ValueError(say(NOT_AN_IBAN, reason=exc)) from exc


def clean_bic(value: str) -> str:
    try:
        return str(BIC(value).compact)
    except SchwiftyException as exc:
        raise ValueError(say(NOT_A_BIC, reason=exc)) from exc


def clean_kvk(value: str) -> str:
    # A KvK number is eight digits; it has carried no check digit since 2016, so the
    # form is all there is to check (python-stdnum has no module for it for that reason).
    number = clean(value, " -.").strip()
    if not (isdigits(number) and len(number) == 8):
        raise ValueError(say(KVK_DIGITS))
    return number


def clean_vat(value: str) -> str:
    try:
        return str(vat.validate(value))
    except stdnum_exceptions.ValidationError as exc:
        raise ValueError(say(NOT_A_VAT_NUMBER, reason=exc)) from exc


def clean_dutch_postcode(value: str) -> str:
    try:
        return str(postcode.validate(value))
    except stdnum_exceptions.ValidationError as exc:
        raise ValueError(say(NOT_A_POSTCODE, reason=exc)) from exc
