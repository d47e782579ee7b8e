"""The XML beneath the CAMT reader: documents in a file, their parsing, elements by local name.

XML is parsed by defusedxml over the standard library's parser, which refuses any document
type declaration (and so every entity) as the parser meets it, whatever the file's encoding:
a bank statement never has one.

Files as banks hand them out:

* several XML documents one after the other in a single file (some exports do this);
* a document inside a business application header envelope: a root element of any name
  (`BizMsg`, `Envelope`, `Message`, ...) holding the head.001 `AppHdr` and the message's
  `Document`; the `Document` is read, the envelope only carries it;
* a file that declares UTF-8 (or nothing, which means UTF-8) but holds Windows-1252 /
  Latin-1 bytes: when the declaration is the file's only problem it is read as Latin-1,
  and the reader says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

from innen.formats import messages as m
from innen.formats.messages import Text, say
from innen.formats.statement import StatementError

ISO_NAMESPACE = re.compile(
    r"^urn:iso:std:iso:20022:tech:xsd:([a-z]{4})\.(\d{3})\.(\d{3})\.(\d{2})$"
)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_UTF8_NAMES = {"utf-8", "utf8"}
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Parsed:
    """One XML document of a file: its message root (`Document`) and what reading it noticed."""

    root: ElementTree.Element
    notes: tuple[Text, ...] = ()


def documents(data: bytes) -> list[bytes]:
    """The XML documents in `data`: itself, or each of several written one after the other."""
    starts = [found.start() for found in re.finditer(rb"<\?xml[ \t\r\n]", data)]
    if len(starts) <= 1 or data[: starts[0]].strip(b"\xef\xbb\xbf \t\r\n"):
        return [data]
    return [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


def parse(data: bytes, name: str) -> Parsed:
    """The document's message root; StatementError when the file is not XML or has a DOCTYPE."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    notes: list[Text] = []
    repaired = _latin1_declared_utf8(data)
    if repaired is not None:
        data, line = repaired
        notes.append(say(m.DECLARED_UTF8_HOLDS_LATIN1, line=line))
    try:
        root: ElementTree.Element = fromstring(data.lstrip(b" \t\r\n"), forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden):
        raise StatementError(name, say(m.XML_DOCTYPE)) from None
    except ElementTree.ParseError as error:
        raise StatementError(name, say(m.NOT_XML, guess=_guess(head), error=error)) from None
    return Parsed(root=unwrapped(root), notes=tuple(notes))


def _latin1_declared_utf8(data: bytes) -> tuple[bytes, int] | None:
    """The file re-encoded as UTF-8, and the line of its first non-UTF-8 byte, when it says
    (or defaults to) UTF-8 but is not; None when it is UTF-8 or declares something else."""
    if data.startswith(_BOMS[1:]):
        return None  # UTF-16: the parser reads its byte order mark
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        declared = _DECLARATION.match(data.removeprefix(_BOMS[0]))
        if declared is not None and declared.group(1).decode().lower() not in _UTF8_NAMES:
            return None  # declared Latin-1 or another encoding: the parser reads that
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")  # the five bytes Windows-1252 leaves undefined
        return text.encode("utf-8"), data.count(b"\n", 0, error.start) + 1
    return None


def unwrapped(root: ElementTree.Element) -> ElementTree.Element:
    """The ISO 20022 `Document` inside a business application header envelope, else `root`."""
    if local(root.tag) == "Document":
        return root
    for element in root.iter():
        if local(element.tag) == "Document" and ISO_NAMESPACE.match(namespace(element.tag)):
            return element
    return root


def _guess(head: bytes) -> str:
    """What a file that is not XML probably is, for the message."""
    text = head.lstrip()
    if text.startswith((b"{1:", b":20:", b"\r\n:20:", b"\n:20:")) or b"\n:20:" in text[:200]:
        return say(m.LOOKS_LIKE_MT940)
    if text.startswith(b"%PDF"):
        return say(m.IS_A_PDF)
    if text.startswith(b"<"):
        return say(m.MALFORMED)
    return say(m.NO_ANGLE_BRACKET)


# -- elements by local name -------------------------------------------------------------------


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def children(element: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [child for child in element if local(child.tag) == name]


def child(element: ElementTree.Element, *path: str) -> ElementTree.Element | None:
    """The first element along `path` (local names), or None. (A plain loop: a statement's
    entries ask this tens of thousands of times.)"""
    current = element
    for name in path:
        for candidate in current:
            if candidate.tag.rpartition("}")[2] == name:
                current = candidate
                break
        else:
            return None
    return current


def text(element: ElementTree.Element, *path: str) -> str:
    found = child(element, *path)
    return (found.text or "").strip() if found is not None else ""


def clean(value: str) -> str:
    return " ".join(value.split())


# -- values -----------------------------------------------------------------------------------


def signed_amount(element: ElementTree.Element, where: str) -> tuple[Decimal, str]:
    """The element's `Amt`, negative when its `CdtDbtInd` is DBIT, and its currency."""
    amount = child(element, "Amt")
    shown = (amount.text or "").strip() if amount is not None else ""
    if amount is None or not shown:
        raise StatementError(where, say(m.NO_AMOUNT))
    value = decimal(shown)
    if value is None or value < 0:
        raise StatementError(where, say(m.INVALID_AMOUNT, text=repr(shown)))
    indicator = text(element, "CdtDbtInd").upper()
    if indicator not in ("CRDT", "DBIT"):
        sign = f" {indicator!r}" if indicator else ""
        raise StatementError(where, say(m.NO_SIGN, shown=sign))
    return (value if indicator == "CRDT" else -value), amount.get("Ccy", "").upper()


def decimal(value: str | None) -> Decimal | None:
    try:
        number = Decimal((value or "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def day(element: ElementTree.Element, name: str, where: str) -> date | None:
    """The date in <name><Dt> or <name><DtTm> (its date part); also a bare <name>2024-…</name>."""
    holder = child(element, name)
    if holder is None:
        return None
    value = text(holder, "Dt") or text(holder, "DtTm") or (holder.text or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise StatementError(where, say(m.XML_DATE, name=name, text=repr(value))) from None
