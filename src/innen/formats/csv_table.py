"""From the bytes of a CSV file to records keyed by field name, as real exports come.

Handles what spreadsheets and accounting packages produce: UTF-8 with or without BOM,
Windows-1252 (older Dutch Excel), UTF-16 (Excel's "Unicode text"); `,`, `;` (Dutch Excel)
or tab as delimiter; headers in any case with spaces, underscores or dots, in Dutch or
English. Unknown columns are ignored and named in `Table.ignored` so the user sees them.
"""

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from innen.formats import messages as m
from innen.formats.errors import LineError
from innen.formats.messages import say

DELIMITERS = (";", ",", "\t")
# No database column stores a NUL character (PostgreSQL refuses one), and no ledger holds one.
NUL = "\x00"
NUL_MESSAGE = say(m.CELL_NUL)


@dataclass(frozen=True)
class Column:
    """A field a file may carry: `label` is its English name, `aliases` every accepted header."""

    field: str
    label: str
    aliases: tuple[str, ...]
    required: bool = False

    @property
    def display(self) -> str:
        """How a missing column is named in a message: English, with the first Dutch alias."""
        return f"{self.label} ({self.aliases[0]})" if self.aliases else self.label


@dataclass(frozen=True)
class Record:
    line: int
    cells: Mapping[str, str]  # field -> stripped cell text ("" when empty or absent)


@dataclass(frozen=True)
class Table:
    headers: Mapping[str, str]  # field -> the header as written in the file
    records: tuple[Record, ...]
    ignored: tuple[str, ...]  # headers that name no known column
    errors: tuple[LineError, ...]  # problems with the file as a whole: nothing else is read


def normalise_header(header: str) -> str:
    """Return `header` without case, spaces, underscores or punctuation: "Bedrag_excl. BTW"."""
    return "".join(ch for ch in header.casefold() if ch.isalnum())


def decode(data: bytes) -> str:
    """Return the text of `data`: UTF-16 or UTF-8 (BOM optional), else Windows-1252.

    Every line ends in "\n" (`one_line_end`), so lines are counted as a text editor counts them.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return one_line_end(data.decode("utf-16"))
    try:
        return one_line_end(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; a file with those is neither encoding.
        return one_line_end(data.decode("cp1252"))


# `\r\r\n` is one line end: a Windows file whose line ends were converted once more on the way
# (a download saved as text, an FTP transfer in ASCII mode). Read as two, every line after the
# first would be numbered twice its place.
_LINE_END = re.compile(r"\r+\n|\r")


def one_line_end(text: str) -> str:
    """`text` with each line end ("\r\n", "\r\r\n", a lone "\r") written "\n"."""
    return _LINE_END.sub("\n", text)


def detect_delimiter(header_line: str) -> str:
    """Return the delimiter that occurs most often outside quotes in the header line."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(DELIMITERS, key=lambda d: counts[d])


def read_table(data: bytes, columns: Sequence[Column]) -> Table:
    """Return the records of the CSV `data`, their cells keyed by the fields of `columns`."""
    try:
        text = decode(data)
    except UnicodeDecodeError:
        return _failed(say(m.TABLE_NOT_TEXT))
    try:
        rows = iter(list(_csv_rows(text)))
    except csv.Error as exc:
        return _failed(say(m.NOT_CSV, error=exc))
    header = next(rows, None)
    if header is None or not any(cell.strip() for cell in header):
        return _failed(say(m.TABLE_EMPTY))
    if any(NUL in cell for cell in header):
        return _failed(NUL_MESSAGE)
    positions, ignored, problems = _map_header(header, columns)
    if problems:
        return Table({}, (), tuple(ignored), tuple(problems))
    headers = {field: header[index].strip() for field, index in positions.items()}
    records, errors = _records(rows, positions, header)
    return Table(headers, tuple(records), tuple(ignored), tuple(errors))


def _failed(message: str) -> Table:
    return Table({}, (), (), (LineError(1, "", message),))


def _csv_rows(text: str) -> Iterator[list[str]]:
    first_line = text.split("\n", 1)[0]
    # Each record is one spreadsheet row, even when a quoted cell spans several text lines.
    return csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(first_line))


def _map_header(
    header: list[str], columns: Sequence[Column]
) -> tuple[dict[str, int], list[str], list[LineError]]:
    by_alias = {normalise_header(alias): column for column in columns for alias in column.aliases}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    problems: list[LineError] = []
    for index, raw in enumerate(header):
        column = by_alias.get(normalise_header(raw))
        if column is None:
            if raw.strip():
                ignored.append(raw.strip())
        elif column.field in positions:
            first = header[positions[column.field]].strip()
            problems.append(
                LineError(
                    1, raw.strip(), say(m.COLUMN_TWICE, label=column.label, first=repr(first))
                )
            )
        else:
            positions[column.field] = index
    missing = [c.display for c in columns if c.required and c.field not in positions]
    if missing:
        problems.append(LineError(1, "", say(m.MISSING_COLUMNS, columns=", ".join(missing))))
    return positions, ignored, problems


def _records(
    rows: Iterator[list[str]], positions: Mapping[str, int], header: Sequence[str]
) -> tuple[list[Record], list[LineError]]:
    records: list[Record] = []
    errors: list[LineError] = []
    width = len(header)
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank rows (";;;;" from Excel) carry nothing
        if any(cell.strip() for cell in row[width:]):
            errors.append(LineError(line, "", say(m.TOO_MANY_CELLS)))
            continue
        nul = next((index for index, cell in enumerate(row) if NUL in cell), None)
        if nul is not None:
            column = header[nul].strip() if nul < width else ""
            errors.append(LineError(line, column, NUL_MESSAGE))
            continue
        cells = {f: row[i].strip() if i < len(row) else "" for f, i in positions.items()}
        records.append(Record(line, cells))
    return records, errors
