"""The `:86:` details of an MT940 entry as Dutch (and German) banks write them: pure reader.

Each bank writes them its own way:

* structured `/TAG/value/` (ING, Rabobank, ABN AMRO and Knab SEPA, bunq): `/CNTP/iban/bic/name/`,
  `/IBAN/`, `/BIC/`, `/NAME/`, `/REMI/USTD//text/` or `/REMI/STRD/CUR/reference/`, `/EREF/`,
  `/RTRN/reason/`;
* labelled (older ABN AMRO): `IBAN: ... BIC: ... NAAM: ... OMSCHRIJVING: ... KENMERK: ...`;
* Triodos sub-fields `>20`..`>29` (description), `>31` (account), `>32`/`>33` (name);
* plain text (SNS, ASN, old ING, Knab): the counterparty account and name on the first line,
  the description after it.
"""

from __future__ import annotations

import re

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
    lines = [line.rstrip() for line in raw.split("\n")]
    text = "".join(lines).strip()
    if _KEYWORD.match(text) or (text.startswith("/") and _KEYWORD.search(text)):
        return _structured(text)
    if _TRIODOS.search(raw) and re.match(r"^\d{3}>\d{2}|^>\d{2}", raw.strip()):
        return _triodos(raw)
    joined = " ".join(line.strip() for line in lines if line.strip())
    if re.search(r"(IBAN|NAAM|OMSCHRIJVING)\s*:", joined, re.IGNORECASE):
        return _labelled(joined)
    return _plain(lines)


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


def _plain(lines: list[str]) -> dict[str, str]:
    """Read plain text: an account (IBAN or number) and name may open the first line."""
    lines = [line.strip() for line in lines]
    first = lines[0] if lines else ""
    out: dict[str, str] = {}
    match = re.match(r"^([A-Z]{2}\d{2}[A-Z0-9]{11,30}|\d{7,10})\s+(.*)$", first)
    rest = lines
    if match:
        out["counterparty_iban"] = iban(match.group(1)) or match.group(1)
        out["counterparty_name"] = match.group(2).strip()
        rest = lines[1:]
    out["remittance"] = _clean(" ".join(line for line in rest if line))
    out["structured_reference"] = _betalingskenmerk(out["remittance"])
    return {k: v for k, v in out.items() if v}


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
