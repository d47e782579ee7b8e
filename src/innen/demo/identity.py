"""Valid Dutch identifiers made from a random source: IBAN, VAT, KvK, postcode, phone.

Pure functions; each takes the `random.Random` to draw from, so a seed fixes the result.
"""

import random

from schwifty import IBAN

from innen.demo.names import BANKS, POSTCODE_LETTERS, POSTCODE_PAIRS_NOT_USED


def iban(rng: random.Random, bank_code: str | None = None) -> str:
    """Return a Dutch IBAN at a real bank, its account number passing the old 11-test."""
    if bank_code is None:
        codes, weights = zip(*BANKS, strict=True)
        bank_code = rng.choices(codes, weights)[0]
    return str(IBAN.generate("NL", bank_code=bank_code, account_code=_account_number(rng)))


def _account_number(rng: random.Random) -> str:
    # Before the IBAN, Dutch bank accounts were ten digits with an 11-test; banks still
    # hand out numbers that pass it, so demo accounts do too.
    while True:
        digits = [0, rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        if _weighted(digits, range(10, 0, -1)) % 11 == 0:
            return "".join(map(str, digits))


def kvk_number(rng: random.Random) -> str:
    """Return eight digits: KvK numbers carry no check digit since 2016."""
    return str(rng.randint(10_000_000, 99_999_999))


def vat_number_company(rng: random.Random) -> str:
    """Return the VAT number of a B.V. or V.O.F.: nine digits passing the 11-test, then B01."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        check = _weighted(digits, range(9, 1, -1)) % 11
        if check < 10 and digits[0] != 0:
            return "NL" + "".join(map(str, [*digits, check])) + "B01"


def vat_number_sole_trader(rng: random.Random) -> str:
    """Return a btw-id of a sole trader (since 2020): valid under ISO 7064 mod 97-10."""
    body = "".join(str(rng.randint(0, 9)) for _ in range(9))
    # Letters count as numbers (N=23, L=21, B=11); pick the two last digits so that the
    # whole number leaves 1 modulo 97, as the check requires.
    prefix = int("2321" + body + "11") * 100
    suffix = (1 - prefix) % 97
    if suffix < 2:  # "00" and "01" are not issued as sequence numbers
        suffix += 97
    return f"NL{body}B{suffix:02d}"


def postcode(rng: random.Random, first: int, last: int) -> str:
    while True:
        letters = "".join(rng.choice(POSTCODE_LETTERS) for _ in range(2))
        if letters not in POSTCODE_PAIRS_NOT_USED:
            return f"{rng.randint(first, last)} {letters}"


def landline(rng: random.Random, area_code: str) -> str:
    """Return a number written as Dutch companies do: 038 421 55 00 or 0570 61 23 45."""
    local = str(rng.randint(2, 9)) + "".join(
        str(rng.randint(0, 9)) for _ in range(9 - len(area_code))
    )
    if len(local) == 7:
        return f"{area_code} {local[:3]} {local[3:5]} {local[5:]}"
    return f"{area_code} {local[:2]} {local[2:4]} {local[4:]}"


def mobile(rng: random.Random) -> str:
    return "06 " + "".join(str(rng.randint(0, 9)) for _ in range(8))


def _weighted(digits: list[int], weights: range) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=True))
