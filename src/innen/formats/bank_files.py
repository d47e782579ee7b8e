"""Any bank statement file a Dutch bank gives: CAMT.053 (XML or ZIP), MT940 or a CSV export.

The format is told by the contents, never by the file name (banks name them .txt, .sta, .940,
.xml, .csv as they please).
"""

from __future__ import annotations

import re

from innen.formats import messages as m
from innen.formats.bank_csv import read_bank_csv
from innen.formats.messages import say
from innen.formats.mt940 import read_mt940
from innen.formats.statement import StatementError, StatementFile

# A tag (`:20:`, `:25:`, ...), a SWIFT envelope `{1:`, Rabobank's `:940:`, or ABN AMRO's
# "ABNANL2A / 940" header.
_MT940_START = re.compile(rb"^\s*(?::\d{2}[A-Z]?:|\{1:|:940:|[A-Z]{6}[A-Z0-9]{2,5}\s*\n\s*940)")

# XML saved as "Unicode" starts with a byte order mark and "<" in two bytes.
_UTF16_XML = (b"\xff\xfe<\x00", b"\xfe\xff\x00<")


def statement_format(data: bytes) -> str:
    """Return "camt053", "mt940" or "csv": which reader `data` goes to."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return "camt053"  # banks zip their CAMT.053 files (one per day or account)
    if head.startswith((b"<", *_UTF16_XML)):
        return "camt053"
    if _MT940_START.match(head) or b":60F:" in data or b":61:" in data[:65536]:
        return "mt940"
    return "csv"


def read_statement_file(data: bytes, name: str = "") -> StatementFile:
    """Return the statements in `data` whatever its format; raise StatementError if unreadable."""
    if not data.strip():
        raise StatementError(name, say(m.EMPTY_FILE))
    kind = statement_format(data)
    if kind == "camt053":
        from innen.formats.camt053 import read_camt053  # imported when needed

        return read_camt053(data, name)
    if kind == "mt940":
        return read_mt940(data, name)
    return read_bank_csv(data, name)
