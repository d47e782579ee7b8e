"""Which Dutch bank's CSV layout a file is: by its header, or, for the exports without one,
by what only that layout has in its first line. The readers of the layouts are in
`innen.formats.bank_csv_layouts` and `innen.formats.bank_csv_banks`.

Without a header each layout is told by its own marks, never by the number of columns alone:

* de Volksbank (ASN Bank, SNS, RegioBank): a Dutch date, the own IBAN, and a currency in
  the 8th and the 10th column; the bank is the one the IBAN's bank code names (ASNB, SNSB,
  RBRB);
* Triodos: a Dutch date, then "Credit" or "Debet" in the 4th column;
* Rabobank before 2018: a currency in the 2nd column, a yyyymmdd date in the 3rd and the
  8th, "C" or "D" in the 4th;
* ABN AMRO TXT/TAB: a currency in the 2nd column, a yyyymmdd date in the 3rd, amounts in
  the 4th, 5th and 7th.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from innen.formats.bank_csv_banks import (
    BUNQ,
    BUNQ_EN,
    RABOBANK_OLD,
    REVOLUT,
    TRIODOS,
    TRIODOS_SIGNS,
)
from innen.formats.bank_csv_layouts import ABN_TAB, IBAN, LAYOUTS, VOLKSBANK, Layout, _volksbank

_HEADED = (*LAYOUTS, BUNQ, BUNQ_EN, REVOLUT)
# A de Volksbank export of an account whose bank code is none of the three.
_VOLKSBANK_OTHER = Layout("csv-volksbank", (), _volksbank, balances=True)

_DUTCH_DATE = re.compile(r"\d{1,2}-\d{1,2}-\d{4}")
_COMPACT_DATE = re.compile(r"\d{8}")
_CURRENCY = re.compile(r"[A-Z]{3}")
_ACCOUNT = re.compile(r"[A-Z0-9 ]{7,34}")
_AMOUNT = re.compile(r"[+-]?\d[\d.,]*")


def layout_for(normalised: Sequence[str]) -> Layout | None:
    """The layout whose columns the (normalised) header names, None if no layout's."""
    present = set(normalised)
    for layout in _HEADED:
        if all(column in present for column in layout.required):
            return layout
    return None


def headerless_layout(first: Sequence[str]) -> Layout | None:
    """The layout of a file without a header, told by its first line; None if none fits."""
    width = len(first)
    c = [cell.strip() for cell in first] + [""] * 19
    iban = c[1].replace(" ", "").upper()
    dutch_date = _is(_DUTCH_DATE, c[0])
    currencies = _is(_CURRENCY, c[7]) and _is(_CURRENCY, c[9])
    if width >= 18 and dutch_date and IBAN.match(iban) and currencies:
        return VOLKSBANK.get(iban[4:8], _VOLKSBANK_OTHER)
    if width >= 8 and dutch_date and c[3].casefold() in TRIODOS_SIGNS:
        return TRIODOS
    if not (_is(_ACCOUNT, c[0]) and _is(_CURRENCY, c[1]) and _is(_COMPACT_DATE, c[2])):
        return None
    if width >= 16 and c[3] in ("C", "D") and _is(_COMPACT_DATE, c[7]):
        return RABOBANK_OLD
    if width >= 7 and all(_is(_AMOUNT, cell) for cell in (c[3], c[4], c[6])):
        return ABN_TAB
    return None


def _is(pattern: re.Pattern[str], text: str) -> bool:
    return pattern.fullmatch(text) is not None
