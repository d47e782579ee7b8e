"""Reading the cells of one line into typed values, collecting every problem on the way.

A line is read completely even after a first problem, so the user gets all of a line's
problems at once instead of fixing them one upload at a time.
"""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal

from innen.formats import messages as m
from innen.formats.amounts import STYLE_NAMES, Style, parse_amount
from innen.formats.csv_table import Record, normalise_header
from innen.formats.dates import parse_date
from innen.formats.errors import LineError
from innen.formats.messages import Text, reason, say


class AmountStyles:
    """Remembers the first line that showed the file's amount style, to refuse a mix."""

    def __init__(self) -> None:
        self.first: tuple[Style, int] | None = None

    def conflict(self, style: Style | None, line: int, text: str) -> Text | None:
        """Return why `style` on `line` clashes with the file's style, or None."""
        if style is None:
            return None
        if self.first is None:
            self.first = (style, line)
            return None
        first_style, first_line = self.first
        if style == first_style:
            return None
        return say(
            m.STYLE_CLASH,
            text=text,
            style=STYLE_NAMES[style],
            first_line=first_line,
            first_style=STYLE_NAMES[first_style],
        )


class Cells:
    """Typed access to one record's cells; problems go to `errors` with line and column."""

    def __init__(
        self,
        record: Record,
        headers: Mapping[str, str],
        errors: list[LineError],
        styles: AmountStyles,
    ) -> None:
        self.record = record
        self.headers = headers
        self.errors = errors
        self.styles = styles
        self.ok = True
        self.style_reported = False  # one style clash per line is enough: the rest clash alike

    @property
    def line(self) -> int:
        return self.record.line

    def error(self, field: str, message: str) -> None:
        self.errors.append(LineError(self.line, self.headers.get(field, ""), message))
        self.ok = False

    def text(self, field: str) -> str:
        return self.record.cells.get(field, "")

    def required(self, field: str) -> str:
        value = self.text(field)
        if not value:
            self.error(field, say(m.REQUIRED))
        return value

    def amount(self, field: str) -> Decimal | None:
        text = self.text(field)
        if not text:
            return None
        try:
            parsed = parse_amount(text)
        except ValueError as exc:
            self.error(field, reason(exc))
            return None
        clash = self.styles.conflict(parsed.style, self.line, text)
        if clash:
            if not self.style_reported:
                self.error(field, clash)
                self.style_reported = True
            self.ok = False
            return None
        return parsed.value

    def date(self, field: str, *, required: bool = False) -> date | None:
        text = self.required(field) if required else self.text(field)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            self.error(field, reason(exc))
            return None

    def cleaned(self, field: str, clean: Callable[[str], str]) -> str:
        """Return the cell in normal form by `clean` (e.g. `clean_iban`), "" when empty."""
        text = self.text(field)
        if not text:
            return ""
        try:
            return clean(text)
        except ValueError as exc:
            self.error(field, say(m.CELL_PROBLEM, text=text, reason=reason(exc)))
            return ""

    def choice(self, field: str, choices: Mapping[str, str], default: str) -> str:
        """Return the value `choices` gives for the cell (compared like headers)."""
        text = self.text(field)
        if not text:
            return default
        value = choices.get(normalise_header(text))
        if value is None:
            allowed = ", ".join(sorted(choices))
            self.error(field, say(m.NOT_ONE_OF, text=text, allowed=allowed))
            return default
        return value

    def currency(self, field: str) -> None:
        text = self.text(field)
        if text and text.upper() != "EUR":
            self.error(field, say(m.ONLY_EUR, text=text))
