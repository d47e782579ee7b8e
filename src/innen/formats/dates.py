"""Dates as ISO (2026-11-23) or the Dutch way (23-11-2026, 3-1-2026); nothing that needs guessing.

Slashes are refused on purpose: 03/01/2026 is 3 January to a Dutch reader and 1 March to
an American spreadsheet, and a wrong due date is worse than an error.
"""

from datetime import date

from innen.formats import messages as m
from innen.formats.messages import say

# A year outside this range is a typo ("0226", "20266"), not a ledger date.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def parse_date(text: str) -> date:
    """Return the date written in `text`, or raise ValueError naming the formats that work."""
    parts = text.strip().split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        raise ValueError(say(m.NOT_A_DATE, text=text))
    if len(parts[0]) == 4 and all(1 <= len(part) <= 2 for part in parts[1:]):
        year, month, day = parts
    elif len(parts[2]) == 4 and all(1 <= len(part) <= 2 for part in parts[:2]):
        day, month, year = parts
    else:
        raise ValueError(say(m.NOT_A_DATE, text=text))
    if not FIRST_YEAR <= int(year) <= LAST_YEAR:
        raise ValueError(say(m.UNLIKELY_YEAR, text=text, year=year))
    try:
        return date(int(year), int(month), int(day))
    except ValueError as exc:
        raise ValueError(say(m.NO_SUCH_DATE, text=text, error=exc)) from exc
