"""The dates of an MT940 file must be days that exist: pure check, before the file is read.

The `mt-940` package moves a day past the end of February to its last day (German banks write
30 February as an interest date); a statement importing an entry on a day other than the one
the file gives would mislead, so such a file is refused, naming the line and the date.
"""

from __future__ import annotations

import re
from calendar import monthrange

from innen.formats import messages as m
from innen.formats.messages import say
from innen.formats.statement import StatementError

# `:61:YYMMDD[MMDD]...` (value date, booking date) and `:60F:C` + YYMMDD for the balances.
_STATEMENT_LINE = re.compile(r"^:61:(\d{6})(\d{4})?(?=R?[CD])", re.M)
_BALANCE = re.compile(r"^:(6[02][FM]|64|65):[CD](\d{6})", re.M)


def refuse_impossible_dates(text: str, name: str) -> None:
    """Raise StatementError naming the line of the first date that is not a day of the year."""
    for match in _STATEMENT_LINE.finditer(text):
        if not _exists(match.group(1)):
            _refuse(text, match.start(), name, "61", match.group(1))
        booking = match.group(2)
        # The booking date has no year: 29 February is let through, the year is not known yet.
        if booking and not _exists("00" + booking):
            _refuse(text, match.start(), name, "61", booking, m.NO_SUCH_BOOKING_DAY)
    for match in _BALANCE.finditer(text):
        if not _exists(match.group(2)):
            _refuse(text, match.start(), name, match.group(1), match.group(2))


def _exists(yymmdd: str) -> bool:
    year, month, day = 2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    return 1 <= month <= 12 and 1 <= day <= monthrange(year, month)[1]


def _refuse(
    text: str, at: int, name: str, tag: str, value: str, message: str = m.NO_SUCH_MT940_DAY
) -> None:
    line = text.count("\n", 0, at) + 1
    where = say(m.FILE_LINE, name=name, line=line) if name else say(m.LINE, line=line)
    raise StatementError(where, say(message, tag=tag, value=value, shown=_shown(value)))


def _shown(value: str) -> str:
    """`160230` as "30-02-2016", `0230` as "30-02": how a person reads the date."""
    if len(value) == 6:
        return f"{value[4:]}-{value[2:4]}-20{value[:2]}"
    return f"{value[2:]}-{value[:2]}"
