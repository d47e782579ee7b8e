"""What the file readers (`innen.formats`) say about a file, in the reader's language.

The readers import nothing from Django, so their messages come as English `Text` that keep
their msgid and values (`innen.formats.messages`). This is the one place they are
translated, in the active language: the ledger import and the bank statement import call it
before their report leaves them, so the import page, the bank page and the command line
(which speaks English) all show the same words. The model validators use it for the reasons
`innen.identifiers` gives. A day among the values is said as the reader's language says
days (`said_day`), so the pure packages hand over dates, never formatted text.
"""

import re
from dataclasses import replace
from datetime import date

from babel.dates import format_date
from django.utils.translation import get_language, gettext

from innen.formats.errors import LineError
from innen.formats.statement import StatementError
from innen.translatable import Text

PLACEHOLDERS = re.compile(r"%\([a-z0-9_]+\)s")
WORDS = re.compile(r"[^\W\d_]")


def said_day(day: date) -> str:
    """A day as the desk says it: 12-12-2026 in Dutch; in English as ever, 2026-12-12."""
    if (get_language() or "").startswith("nl"):
        return format_date(day, format="dd-MM-yyyy", locale="nl_NL")
    return day.isoformat()


def _said_value(value: object) -> object:
    if isinstance(value, str):
        return translated(value)
    if isinstance(value, date):
        return said_day(value)
    return value


def translated(text: str) -> str:
    """`text` in the active language when it is a formats `Text`; other text as it is."""
    if not isinstance(text, Text) or not text.msgid:  # gettext("") is the catalogue's header
        return text
    values = {name: _said_value(value) for name, value in text.values.items()}
    # A message of values only (parts joined by `comma`) has no words of its own to translate.
    said = gettext(text.msgid) if WORDS.search(PLACEHOLDERS.sub("", text.msgid)) else text.msgid
    return said % values if values else said


def translated_line_error(error: LineError) -> LineError:
    return replace(error, message=translated(error.message))


def translated_statement_error(error: StatementError) -> StatementError:
    return StatementError(translated(error.where), translated(error.message))
