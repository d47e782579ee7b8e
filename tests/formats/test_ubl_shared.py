"""The EN 16931 rule checks against the published UBL test sets and examples in
../shared/data/ubl (skipped when absent).

The CEN/TC 434 unit tests (`test/*-unit-UBL/*.xml`) are `testSet`s of small `Invoice` or
`CreditNote` fragments, each with the outcome the official schematron must give for one rule:
`<success>BR-CO-10</success>` (the fragment passes the rule) or `<error>BR-CO-10</error>` (it
fails it). Every such outcome for a rule innen checks is a test here; the examples
(full documents) must pass every rule innen checks, except the two listed in FAILING.
"""

from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring

from innen.formats.ubl import UblError, is_ubl, read_element, read_ubl
from innen.formats.ubl_rules import RULES, check

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ubl"
UNIT = SHARED / "ConnectingEurope_eInvoicing-EN16931" / "test"
VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"

# Examples that fail a rule innen checks, and the rule.
FAILING = {
    # SimplerInvoicing's 2013 test invoice (before EN 16931): its four lines add up to
    # -198.88, its LegalMonetaryTotal says 107.16; its 21% VAT on 107.16 is 20.36, not 22.50.
    "patrickvanamstel_SimplerInvoicing/si-sender/src/test/resources/nl/kaninefatendreef/si/"
    "document/ubl.xml": ["BR-CO-10", "BR-CO-17"],
}

# Unit tests whose fragment passes the rule but which innen refuses as unreadable: BR-03 only
# asks for an issue date, and "123" is one to it; it is not a date (the UBL schema's rule).
UNREADABLE = {("Invoice-unit-UBL/BR-03.xml", 1), ("CreditNote-unit-UBL/BR-03.xml", 1)}

shared_data = pytest.mark.shared_data
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")


def unit_outcomes() -> list[tuple[str, int, str, str]]:
    """(file, test number, "success" or "error", rule) for each outcome of a checked rule."""
    if not UNIT.is_dir():
        return []
    found = []
    for path in sorted(UNIT.glob("*-unit-UBL/*.xml")):
        root = fromstring(path.read_bytes(), forbid_dtd=True)
        for number, test in enumerate(root.findall(f"{VEFA}test"), start=1):
            for said in test.find(f"{VEFA}assert") or ():
                outcome = said.tag.removeprefix(VEFA)
                rule = (said.text or "").strip()
                if outcome in ("success", "error") and rule in RULES:
                    found.append((str(path.relative_to(UNIT)), number, outcome, rule))
    return found


def examples() -> list[str]:
    if not SHARED.is_dir():
        return []
    return sorted(
        str(path.relative_to(SHARED))
        for path in SHARED.rglob("*.xml")
        if "-unit-UBL" not in str(path)
    )


def fragment(relative: str, number: int):
    root = fromstring((UNIT / relative).read_bytes(), forbid_dtd=True)
    test = root.findall(f"{VEFA}test")[number - 1]
    return next(element for element in test if is_ubl(element))


@shared_data
@needs_shared
def test_the_shared_folder_holds_the_test_sets_and_examples():
    assert len(unit_outcomes()) >= 230
    assert len(examples()) >= 70
    assert set(FAILING) <= set(examples())


@shared_data
@needs_shared
@pytest.mark.parametrize(
    ("relative", "number", "outcome", "rule"),
    unit_outcomes() or [("(none)", 0, "", "")],
    ids=lambda value: str(value),
)
def test_each_unit_test_of_a_checked_rule_gives_the_official_outcome(
    relative, number, outcome, rule
):
    element = fragment(relative, number)
    if (relative, number) in UNREADABLE:
        with pytest.raises(UblError, match='cbc:IssueDate "123" is not a date'):
            read_element(element)
        return
    failed = RULES[rule](read_element(element)) is not None
    assert failed == (outcome == "error")


@shared_data
@needs_shared
@pytest.mark.parametrize("relative", examples() or ["(none)"])
def test_each_example_passes_the_rules_innen_checks_or_fails_the_named_one(relative):
    document = read_ubl((SHARED / relative).read_bytes())
    assert [failure.rule for failure in check(document)] == FAILING.get(relative, [])


@shared_data
@needs_shared
def test_a_failed_rule_is_named_in_its_message():
    document = read_ubl((SHARED / next(iter(FAILING))).read_bytes())
    lines, vat = check(document)
    assert lines.message.startswith("BR-CO-10: ")
    assert "107.16" in lines.message and "-198.88" in lines.message
    assert vat.message.startswith("BR-CO-17: ")
    assert "20.36" in vat.message and "22.50" in vat.message
