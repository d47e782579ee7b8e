"""What the file readers (`innen.formats`) say about a file, in the reader's language.

The readers import nothing from Django, so their messages come as English `Text` that keep
their msgid and values (`innen.formats.messages`). This is the one place they are
translated, in the active language: the ledger import and the bank statement import call it
before their report leaves them, so the import page, the bank page and the command line
(which speaks English) all show the same words. The model validators use it for the reasons
`innen.identifiers` gives.
"""

import re
from dataclasses import replace

from django.utils.translation import gettext

from innen.formats.errors import LineError
from innen.formats.statement import StatementError
from innen.translatable import Text

PLACEHOLDERS = re.compile(r"%\([a-z0-9_]+\)s")
WORDS = re.compile(r"[^\W\d_]")


def translated(text: str) -> str:
    """`text` in the active language when it is a formats `Text`; other text as it is."""
    if not isinstance(text, Text) or not text.msgid:  # gettext("") is the catalogue's header
        return text
    values = {
        name: translated(value) if isinstance(value, str) else value
        for name, value in text.values.items()
    }
    # A message of values only (parts joined by `comma`) has no words of its own to translate.
    said = gettext(text.msgid) if WORDS.search(PLACEHOLDERS.sub("", text.msgid)) else text.msgid
    return said % values if values else said


def translated_line_error(error: LineError) -> LineError:
    return replace(error, message=translated(error.message))


def translated_statement_error(error: StatementError) -> StatementError:
    return StatementError(translated(error.where), translated(error.message))
