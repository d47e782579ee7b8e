"""The `:86:` details of an MT940 entry as Dutch (and German) banks write them: pure reader.

Each bank writes them its own way:

* structured `/TAG/value/` (ING, Rabobank, ABN AMRO and Knab SEPA, bunq): `/CNTP/iban/bic/name/`,
  `/IBAN/`, `/BIC/`, `/NAME/`, `/REMI/USTD//text/` or `/REMI/STRD/CUR/reference/`, `/EREF/`,
  `/RTRN/reason/`;
* labelled (older ABN AMRO): `IBAN: ... BIC: ... NAAM: ... OMSCHRIJVING: ... KENMERK: ...`;
* Triodos sub-fields `>20`..`>29` (description), `>31` (account), `>32`/`>33` (name);
* German `?NN` sub-fields (`?20`..`?29` remittance, `?30` BIC, `?31` account, `?32`/`?33` name);
* plain text (SNS, ASN, old ING, Knab): `[reason] account [IBAN] [BIC] name` on the first line,
  the description after it.

Lines wrapped at the width are joined by `unwrap` (the rule is at its definition).
"""

from __future__ import annotations

import re

from stdnum import iso11649

_BIC = re.compile(r"^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_IBAN = re.compile(r"\b([A-Z]{2}\d{2}[A-Z0-9]{11,30})\b")
# "EREF"/"PREF"/"MARF" in the :61: reference only say which :86: field holds the reference.
NO_REFERENCE = {"", "NONREF", "NOTPROVIDED", "NOREF", "NONE", "EREF", "PREF", "MARF", "KREF"}
_KENMERK = re.compile(r"BETALINGSKENM(?:ERK|\.)?:?\s*(\d[\d ]{5,22}\d)")
# Top-level keywords of the structured `:86:` (Dutch banks follow the SWIFT/NVB usage).
_KEYWORDS = (
    "TRTP|CNTP|IBAN|BIC|NAME|ADDR|REMI|EREF|MARF|CSID|RTRN|ORDP|BENM|ULTC|ULTD|ULTB|ULTE|PURP|"
    "PREF|KREF|IREF|OCMT|CHGS|EXCH|ISDT|TRCD|BUSP|FX|SVCL|RTYP|CDTRREF|CDTRREFTP|CD|ID"
)
_KEYWORD = re.compile(rf"/({_KEYWORDS})/")
_LABELS = (
    "IBAN|BIC|NAAM|NAME|OMSCHRIJVING|KENMERK|BETALINGSKENM\\.?|MACHTIGING|INCASSANT|"
    "MACHTIGINGSNR\\.?|ID CRED\\.?|REF\\.?|TRANSACTIEDATUM|VALUTADATUM|VOOR|ID DEBITEUR"
)
# ABN AMRO pads each part to 32 characters, but a name that fills its part runs into the next
# label: "Naam: NETFLIX INTERNATIONAL B.V.Machtiging: DD-0123".
_LABEL = re.compile(rf"(?:^|\s|(?<=\.))({_LABELS})\s*:\s*", re.IGNORECASE)
_TRIODOS = re.compile(r">(\d{2})")


def read_details(raw: str) -> dict[str, str]:
    """Return the Entry fields (counterparty, remittance, references) the `:86:` text carries."""
    lines = raw.split("\n")
    compact = "".join(line.rstrip() for line in lines).strip()
    if _KEYWORD.match(compact) or (compact.startswith("/") and _KEYWORD.search(compact)):
        return _structured(unwrap(lines, structured=True).strip())
    if _GERMAN.match(compact):
        return _german(compact)
    if _TRIODOS.search(raw) and re.match(r"^\d{3}>\d{2}|^>\d{2}", raw.strip()):
        return _triodos(raw)
    joined = " ".join(line.strip() for line in lines if line.strip())
    if re.search(r"(IBAN|NAAM|OMSCHRIJVING)\s*:", joined, re.IGNORECASE):
        return _labelled(joined)
    return _plain(lines)


# A `:86:` line holds 65 characters (ING counts the `:86:` in them). A line at (or near) that
# width was cut there, in the middle of a word as often as not: the next line goes on without a
# space. A line the bank ended well before the width ended a word: the next line starts a new
# one. In structured details that holds only inside free text (REMI, NAME, ADDR) and before a
# letter: references, BICs and keywords are cut anywhere, and a number that goes on is one number.
# A space at the end of a line or the start of the next is the bank's and is kept as it is.
FULL_LINE = 60
_FREE_TEXT = {"REMI", "NAME", "ADDR"}


def unwrap(lines: list[str], *, structured: bool = False) -> str:
    """The `:86:` text of `lines` as one line, a space where a line ended a word."""
    text = ""
    before: str | None = None  # the line before; None at the start and after a blank line
    for index, line in enumerate(lines):
        if not line.strip():
            if text and not text[-1].isspace():
                text += " "  # a blank line ends a word too
            before = None
            continue
        word_ended = False
        if before is not None:
            width = len(before) + (len(":86:") if index == 1 else 0)
            cut = width >= FULL_LINE or before[-1].isspace()
            word_ended = not cut and not line[0].isspace()
            if word_ended and structured:
                word_ended = line[0].isalpha() and before[-1] != "/" and _in_free_text(text)
        text += (" " + line) if word_ended else line
        before = line
    return text


def _in_free_text(text: str) -> bool:
    keys = [match.group(1) for match in _KEYWORD.finditer(text)]
    return bool(keys) and keys[-1] in _FREE_TEXT


def _structured(text: str) -> dict[str, str]:
    """Read `/TAG/value/TAG/value/`: the value runs to the next known keyword."""
    fields: dict[str, str] = {}
    matches = list(_KEYWORD.finditer(text))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        key = match.group(1)
        value = text[match.end() : end]
        if key in fields and not fields[key]:
            fields[key] = value
        else:
            fields.setdefault(key, value)
    out: dict[str, str] = {}
    for key in ("CNTP", "BENM", "ORDP"):
        if key in fields and fields[key].strip("/"):
            parts = fields[key].split("/")
            parts += [""] * (3 - len(parts))
            out.setdefault("counterparty_iban", iban(parts[0]))
            out.setdefault("counterparty_bic", parts[1].strip())
            out.setdefault("counterparty_name", parts[2].strip())
    if fields.get("IBAN", "").strip("/"):
        out["counterparty_iban"] = iban(fields["IBAN"].strip("/"))
    if fields.get("BIC", "").strip("/"):
        out["counterparty_bic"] = fields["BIC"].strip("/").strip()
    if fields.get("NAME", "").strip("/"):
        out["counterparty_name"] = fields["NAME"].strip("/").strip()
    remi = fields.get("REMI", "")
    if remi.startswith("USTD/"):
        out["remittance"] = _clean(remi[len("USTD/") :].strip("/"))
    elif remi.startswith("STRD/"):
        parts = remi.split("/")
        reference = parts[2] if len(parts) > 2 else ""
        out["structured_reference"] = _reference(reference)
        out["remittance"] = _clean(reference)
    else:
        out["remittance"] = _clean(remi.strip("/"))
    if fields.get("EREF", "").strip("/") and fields["EREF"].strip("/").upper() not in (
        NO_REFERENCE
    ):
        out["end_to_end_id"] = fields["EREF"].strip("/").strip()
    if "RTRN" in fields:
        out["return_reason"] = fields["RTRN"].strip("/").split("/")[0].strip() or "RTRN"
    if not out.get("structured_reference"):
        out["structured_reference"] = _betalingskenmerk(out.get("remittance", ""))
    return {k: v for k, v in out.items() if v}


def _labelled(text: str) -> dict[str, str]:
    """Read ABN AMRO's `IBAN: ... NAAM: ... OMSCHRIJVING: ...`."""
    matches = list(_LABEL.finditer(text))
    fields: dict[str, str] = {}
    lead = text[: matches[0].start()].strip() if matches else text
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        fields.setdefault(match.group(1).rstrip(".").upper(), _clean(text[match.end() : end]))
    out = {
        "counterparty_iban": iban(fields.get("IBAN", "")),
        "counterparty_bic": fields.get("BIC", ""),
        "counterparty_name": fields.get("NAAM") or fields.get("NAME", ""),
        "remittance": fields.get("OMSCHRIJVING", "") or lead,
        "end_to_end_id": fields.get("KENMERK", "")
        if fields.get("KENMERK", "").upper() not in NO_REFERENCE
        else "",
        "structured_reference": _reference(fields.get("BETALINGSKENM", "")),
    }
    if not out["structured_reference"]:
        out["structured_reference"] = _betalingskenmerk(out["remittance"])
    return {k: v for k, v in out.items() if v}


def _triodos(raw: str) -> dict[str, str]:
    """Read Triodos' `000>100...>20text>21text>31account>32name`."""
    text = raw.replace("\n", "")
    parts = re.split(r">(\d{2})", text)
    fields: dict[str, list[str]] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        fields.setdefault(code, []).append(value)
    # >31 is the account holder's own account; SEPA entries start with >20 BIC, >21 IBAN.
    codes = [code for code in sorted(fields) if code[0] == "2"]
    out: dict[str, str] = {}
    if len(codes) >= 2 and _BIC.match(fields[codes[0]][0].strip()) and iban(fields[codes[1]][0]):
        out["counterparty_bic"] = fields[codes[0]][0].strip()
        out["counterparty_iban"] = iban(fields[codes[1]][0])
        codes = codes[2:]
    out["remittance"] = _clean("".join(v for code in codes for v in fields[code]))
    out["structured_reference"] = _betalingskenmerk(out["remittance"])
    return {k: v for k, v in out.items() if v}


# German banks' (and some others') `:86:`: a three-digit transaction code, then `?NN` sub-fields:
# ?00 booking text, ?20-?29 and ?60-?63 the remittance in pieces of 27 characters (cut anywhere,
# so joined as they are), ?30 the counterparty's BIC (or bank code), ?31 its account, ?32-?33 its
# name. SEPA payments tag the remittance: EREF+ end-to-end id, SVWZ+ the payer's description.
_GERMAN = re.compile(r"^(?:\d{3})?\?\d{2}")
_SEPA_TAG = re.compile(r"(?<![A-Z])(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|OAMT|COAM)\+")
_REMITTANCE_FIELDS = [f"{n}" for n in (*range(20, 30), *range(60, 64))]


def _german(text: str) -> dict[str, str]:
    """Read `166?00GUTSCHRIFT?20EREF+E2E-1?21SVWZ+Factuur 7?30INGBNL2A?31NL...?32Jansen`."""
    parts = re.split(r"\?(\d{2})", text)
    fields: dict[str, str] = {}
    for code, value in zip(parts[1::2], parts[2::2], strict=True):
        fields[code] = fields.get(code, "") + value
    remittance = "".join(fields.get(code, "") for code in _REMITTANCE_FIELDS)
    tagged = _sepa_tags(remittance)
    account = fields.get("31", "").strip()
    end_to_end = tagged.get("EREF", "")
    out = {
        "counterparty_bic": fields.get("30", "").strip()
        if _BIC.match(fields.get("30", "").strip())
        else "",
        "counterparty_iban": iban(account) or account,
        "counterparty_name": _clean(fields.get("32", "") + fields.get("33", "")),
        "remittance": _clean(tagged.get("SVWZ", remittance) or fields.get("00", "")),
        "end_to_end_id": "" if end_to_end.upper() in NO_REFERENCE else end_to_end,
    }
    out["structured_reference"] = _betalingskenmerk(out["remittance"])
    return {k: v for k, v in out.items() if v}


def _sepa_tags(remittance: str) -> dict[str, str]:
    """The `EREF+...SVWZ+...` parts of a German remittance, each up to the next tag."""
    matches = list(_SEPA_TAG.finditer(remittance))
    tagged: dict[str, str] = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(remittance)
        tagged.setdefault(match.group(1), _clean(remittance[match.end() : end]))
    return tagged


# Plain text (old ING, SNS, ASN, Knab): `[reason] account [IBAN] [BIC] name`, then the rest.
# Old ING writes a return reason first (`AC04 NL20INGB...`), the BIC after the account, and the
# betalingskenmerk or RF reference somewhere in the text.
_PLAIN_START = re.compile(
    r"^(?:(?P<reason>[A-Z]{2}\d{2})\s+(?=[A-Z]{2}\d{2}[A-Z0-9]))?"
    r"(?P<account>[A-Z]{2}\d{2}[A-Z0-9]{11,30}|\d{7,10})"
    r"(?:\s+(?P<iban>[A-Z]{2}\d{2}[A-Z0-9]{11,30}))?"
    r"(?:\s+(?P<bic>[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)(?=\s|$))?"
    r"(?:\s+(?P<name>.*))?$"
)
# A name ends where an id begins: a word of ten or more characters with a digit in it.
_ID_WORD = re.compile(r"^(?=.*\d)\S{10,}$")
_KENMERK_WORD = re.compile(r"(?<!\w)(\d{16}|RF\d{2}[A-Z0-9]{1,21})(?!\w)")


def _plain(lines: list[str]) -> dict[str, str]:
    """Read plain text: an account (IBAN or number), BIC and name may open the first line."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[0].strip():
        lines = lines[1:]
    text = unwrap(lines)
    first = lines[0] if lines else ""
    start = len(first) - len(first.lstrip())
    out: dict[str, str] = {}
    match = _PLAIN_START.match(first.strip())
    rest = text
    if match:
        account = match.group("iban") or match.group("account")
        out["counterparty_iban"] = iban(account) or account
        out["counterparty_bic"] = match.group("bic") or ""
        out["return_reason"] = match.group("reason") or ""
        name_end = match.end("account")
        for word in re.finditer(r"\S+", first.strip()):
            if word.start() < match.end("account"):
                continue
            if match.group("name") and word.start() >= match.start("name"):
                if _ID_WORD.match(word.group()):
                    break
                out["counterparty_name"] = first.strip()[match.start("name") : word.end()]
            name_end = word.end()
        # The first line up to the end of the name is read; the rest of the text is the
        # remittance (old ING goes on with ids and the description on the same line).
        rest = text[start + name_end :] if name_end < len(first.strip()) else text[len(first) :]
    out["remittance"] = _clean(rest)
    out["structured_reference"] = _betalingskenmerk(out["remittance"]) or _kenmerk_word(
        out["remittance"]
    )
    return {k: v for k, v in out.items() if v}


def _kenmerk_word(text: str) -> str:
    """A betalingskenmerk (16 digits) or a valid RF creditor reference standing in the text."""
    for match in _KENMERK_WORD.finditer(text.upper()):
        word = match.group(1)
        if word.isdigit() or iso11649.is_valid(word):
            return word
    return ""


def iban(text: str) -> str:
    compact = text.replace(" ", "").upper()
    return compact if _IBAN.fullmatch(compact) else ""


def _clean(text: str) -> str:
    return " ".join(text.split())


def _reference(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum()).upper()


def _betalingskenmerk(remittance: str) -> str:
    """Return the betalingskenmerk: labelled as such, or 16 digits that are all the text."""
    labelled = _KENMERK.search(remittance.upper())
    if labelled:
        kenmerk = ""
        for group in labelled.group(1).split():  # "0000 0000 3007 6145", at most 16 digits
            if len(kenmerk + group) > 16:
                break
            kenmerk += group
        return kenmerk
    compact = remittance.replace(" ", "").replace(".", "")
    return compact if len(compact) == 16 and compact.isdigit() else ""
