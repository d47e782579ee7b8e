"""Any bank statement file a Dutch bank gives: CAMT.053 or .052 (XML), MT940, a CSV export,
or a ZIP archive of several such files.

The format is told by the contents, never by the file name (banks name them .txt, .sta, .940,
.xml, .csv as they please); in a ZIP, each file's by its own contents, so an archive of a
month of MT940 files reads as well as one of CAMT.053 files.
"""

from __future__ import annotations

import re
from dataclasses import replace

from innen.formats import messages as m
from innen.formats.bank_csv import read_bank_csv
from innen.formats.messages import comma, say
from innen.formats.mt940 import read_mt940
from innen.formats.statement import Notice, Statement, StatementError, StatementFile
from innen.formats.zip_upload import zip_files

# A tag (`:20:`, `:25:`, ...), a SWIFT envelope `{1:`, Rabobank's `:940:`, or ABN AMRO's
# "ABNANL2A / 940" header.
_MT940_START = re.compile(rb"^\s*(?::\d{2}[A-Z]?:|\{1:|:940:|[A-Z]{6}[A-Z0-9]{2,5}\s*\n\s*940)")

# XML saved as "Unicode" starts with a byte order mark and "<" in two bytes.
_UTF16_XML = (b"\xff\xfe<\x00", b"\xfe\xff\x00<")


def statement_format(data: bytes) -> str:
    """Return "zip", "camt053", "mt940" or "csv": which reader `data` goes to."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        return "zip"  # banks zip their statements (one file per day or account)
    if head.startswith((b"<", *_UTF16_XML)):
        return "camt053"
    if _MT940_START.match(head) or b":60F:" in data or b":61:" in data[:65536]:
        return "mt940"
    return "csv"


def read_statement_file(data: bytes, name: str = "") -> StatementFile:
    """Return the statements in `data` whatever its format; raise StatementError if unreadable."""
    if statement_format(data) == "zip":
        return _read_zip(data, name)
    return _read_one(data, name)


def _read_one(data: bytes, name: str) -> StatementFile:
    if not data.strip():
        raise StatementError(name, say(m.EMPTY_FILE))
    kind = statement_format(data)
    if kind == "zip":
        raise StatementError(name, say(m.ZIP_IN_ZIP))
    if kind == "camt053":
        from innen.formats.camt053 import read_camt053  # imported when needed

        return read_camt053(data, name)
    if kind == "mt940":
        return read_mt940(data, name)
    return read_bank_csv(data, name)


def _read_zip(data: bytes, name: str) -> StatementFile:
    """The statements of every file in the archive, numbered on through the archive."""
    statements: list[Statement] = []
    notices: list[Notice] = []
    formats: list[str] = []
    for member, content in zip_files(data, name):
        try:
            read = _read_one(content, member)
        except StatementError as error:
            raise StatementError(_in(member, error.where), error.message) from None
        formats.append(read.format)
        first = len(statements) + 1
        statements += [replace(s, number=first + n) for n, s in enumerate(read.statements)]
        notices += read.notices
    shown = ", ".join(dict.fromkeys(formats))
    return StatementFile(
        format=f"{shown} (zip)", statements=tuple(statements), notices=tuple(notices)
    )


def _in(member: str, where: str) -> str:
    """`where` in the archive: named after its file, which the readers do not always do."""
    if not where or where == member:
        return member
    return where if where.startswith(f"{member},") else comma(member, where)
