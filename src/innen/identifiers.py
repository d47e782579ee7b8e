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


# --- Dutch account numbers from before the IBAN ----------------------------------------------
#
# A Dutch IBAN is NLkk + the bank's four-letter code + the old account number padded to ten
# digits. Some banks still write the bare number (ABN AMRO's MT940 and TAB export, ING's and
# Rabobank's old exports); with the bank known, the IBAN follows. Bank numbers had nine or ten
# digits and passed the eleven-test (elfproef); ING's former Postbank (giro) numbers have one to
# seven digits and no check. Since IBANnext banks may hand out numbers that fail the test, so a
# number a bank writes in its own file is not refused for it; one a person types is.

NOT_AN_ACCOUNT = N_("%(number)s is neither an IBAN nor a Dutch account number (one to ten digits)")
NEEDS_A_BANK = N_(
    "%(number)s is a Dutch account number, not an IBAN; name its bank (ABN AMRO, ING, "
    "Rabobank, ...) or give the IBAN"
)
NOT_A_DUTCH_BANK = N_("no Dutch bank is known as %(bank)s; give its four-letter code, e.g. ABNA")
ONLY_ING_HAS_SHORT_NUMBERS = N_(
    "%(number)s has %(digits)s digits: only ING (the former Postbank) has account numbers of "
    "seven digits or fewer"
)
OTHER_BANKS_IBAN = N_("%(iban)s is an IBAN of %(code)s, not of %(bank)s")
FAILS_ELEVEN_TEST = N_(
    "%(number)s fails the eleven-test of Dutch account numbers (a digit may be mistyped); "
    "if the bank gave it to you like this, give the account's IBAN instead"
)

# The names people call the banks by, for `bank-account add --bank`; a four-letter bank code or
# a BIC is taken as it is.
BANK_NAMES = {
    "abnamro": "ABNA",
    "abn": "ABNA",
    "ing": "INGB",
    "postbank": "INGB",
    "rabobank": "RABO",
    "rabo": "RABO",
    "triodos": "TRIO",
    "sns": "SNSB",
    "asn": "ASNB",
    "regiobank": "RBRB",
    "knab": "KNAB",
    "bunq": "BUNQ",
    "vanlanschot": "FVLB",
    "moneyou": "MOYO",
}
ING = "INGB"
_SEPARATORS = " .-"


def dutch_account_digits(value: str) -> str | None:
    """The digits of a Dutch account number as banks write it (`1291.99.348`), else None."""
    digits = "".join(ch for ch in value if ch not in _SEPARATORS)
    if digits.isascii() and digits.isdigit() and 1 <= len(digits) <= 10:
        return digits
    return None


def dutch_bank_code(bank: str) -> str:
    """The four-letter code of a Dutch bank named by name, code or BIC; ValueError if unknown."""
    key = "".join(ch for ch in bank.casefold() if ch.isalnum())
    code = BANK_NAMES.get(key) or BANK_NAMES.get(key.removesuffix("bank"), "")
    if not code and (len(key) == 4 or (len(key) in (8, 11) and key[4:6] == "nl")):
        code = key[:4].upper()  # a bank code, or a Dutch BIC
    if not code or _bank(code) is None:
        raise ValueError(say(NOT_A_DUTCH_BANK, bank=bank.strip()))
    return code


def _bank(code: str) -> object | None:
    try:
        return IBAN.generate("NL", bank_code=code, account_code="0").bank
    except SchwiftyException:
        return None


def iban_from_dutch_account(number: str, bank_code: str, *, eleven_test: bool = False) -> str:
    """The IBAN of the Dutch account `number` at the bank `bank_code` (ABNA, INGB, RABO, ...).

    ValueError when the number cannot be one of that bank's; with `eleven_test`, also when a
    bank number fails the eleven-test.
    """
    digits = dutch_account_digits(number)
    if digits is None:
        raise ValueError(say(NOT_AN_ACCOUNT, number=number.strip()))
    significant = digits.lstrip("0")
    if len(significant) < 8 and bank_code != ING:
        raise ValueError(
            say(ONLY_ING_HAS_SHORT_NUMBERS, number=number.strip(), digits=len(significant))
        )
    if eleven_test and len(significant) >= 8 and not passes_eleven_test(digits):
        raise ValueError(say(FAILS_ELEVEN_TEST, number=number.strip()))
    try:
        iban = IBAN.generate("NL", bank_code=bank_code, account_code=digits.zfill(10))
    except SchwiftyException as exc:
        raise ValueError(say(NOT_AN_IBAN, reason=exc)) from exc
    return str(iban.compact)


def passes_eleven_test(digits: str) -> bool:
    """The elfproef: the digits weighted 10 down to 1 (padded to ten) add up to a multiple of 11."""
    padded = digits.zfill(10)
    return sum(int(d) * (10 - i) for i, d in enumerate(padded)) % 11 == 0


def clean_account(value: str, bank: str = "") -> str:
    """The IBAN `value` is, or that of the Dutch account number `value` at `bank`.

    A number of seven digits or fewer can only be ING's (the former Postbank), so it needs no
    bank; a longer one does. A typed bank number must pass the eleven-test.
    """
    digits = dutch_account_digits(value)
    if digits is None:
        iban = clean_iban(value)
        if bank.strip() and iban.startswith("NL") and iban[4:8] != dutch_bank_code(bank):
            raise ValueError(say(OTHER_BANKS_IBAN, iban=iban, code=iban[4:8], bank=bank.strip()))
        return iban
    code = dutch_bank_code(bank) if bank.strip() else ""
    if not code:
        if len(digits.lstrip("0")) > 7:
            raise ValueError(say(NEEDS_A_BANK, number=value.strip()))
        code = ING
    return iban_from_dutch_account(value, code, eleven_test=True)
