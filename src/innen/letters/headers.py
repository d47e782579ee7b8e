"""What may go into an e-mail header: one line, without control characters.

A line break in a header value starts a new header ("Bcc: …") or, where the mail library
refuses it, stops the e-mail from being written at all. Names and subjects typed by people
are refused with line breaks or control characters in them (`is_one_line`, through
`innen.validators.validate_one_line`); what is made from other data is put on one line
(`one_line`) before it reaches a header.
"""

from __future__ import annotations

import unicodedata

# Control characters, and the line and paragraph separators `str.splitlines` also breaks on.
_NOT_IN_A_LINE = {"Cc", "Zl", "Zp"}


def is_one_line(text: str) -> bool:
    return not any(unicodedata.category(char) in _NOT_IN_A_LINE for char in text)


def one_line(text: str) -> str:
    """`text` on one line: control characters become spaces, and each run of spaces one.

    one_line("Bakkerij\\r\\nBcc: x@y") -> "Bakkerij Bcc: x@y"
    """
    spaced = "".join(" " if unicodedata.category(char) in _NOT_IN_A_LINE else char for char in text)
    return " ".join(spaced.split())
