"""The UBL reader and the rules it checks, on small documents made here."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from innen.bench.ubl import an_invoice
from innen.formats.ubl import UblError, due_date, read_ubl
from innen.formats.ubl_ledger import Identity, ledger_entry, supplier_problem
from innen.formats.ubl_rules import RULES, check, xpath_round

DOCS = Path(__file__).resolve().parents[2] / "docs" / "ubl.md"


def test_a_dtd_is_refused_before_anything_is_read():
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">]><Invoice>&a;</Invoice>'
    with pytest.raises(UblError, match="declares a DTD"):
        read_ubl(bomb)


def test_a_document_that_is_not_ubl_is_refused_naming_its_root():
    with pytest.raises(UblError, match="its root element is Order"):
        read_ubl(b"<Order/>")


def test_amounts_are_exact_decimals():
    document = read_ubl(an_invoice(payable="121.00"))
    assert document.totals.payable == Decimal("121.00")
    assert document.vat_in_currency == Decimal("21.00")


def test_an_amount_that_is_not_one_is_refused_naming_the_element():
    with pytest.raises(UblError, match='cbc:PayableAmount "12,1" is not an amount'):
        read_ubl(an_invoice(payable="12,1"))


def test_the_due_date_comes_from_the_terms_else_the_statutory_days():
    terms = "<cac:PaymentTerms><cbc:Note>Net within 14 days</cbc:Note></cac:PaymentTerms>"
    assert due_date(read_ubl(an_invoice(due="", extra=terms)), 30) == date(2026, 11, 15)
    assert due_date(read_ubl(an_invoice(due="")), 30) == date(2026, 12, 1)


def test_xpath_round_rounds_half_towards_positive_infinity():
    assert xpath_round(Decimal("2.345")) == Decimal("2.35")
    assert xpath_round(Decimal("-2.345")) == Decimal("-2.34")


def test_a_payable_that_does_not_add_up_fails_br_co_16_only():
    assert [f.rule for f in check(read_ubl(an_invoice(payable="120.00")))] == ["BR-CO-16"]


def test_the_seller_must_be_the_organisation_by_kvk_vat_or_iban():
    document = read_ubl(an_invoice())
    assert supplier_problem(document, Identity(vat_number="NL 8200.98.395.B01")) is None
    problem = supplier_problem(document, Identity(kvk_number="12345678"))
    assert problem is not None and "is not this organisation" in problem


def test_an_invoice_in_another_currency_is_refused():
    data = an_invoice().replace(
        b">EUR</cbc:DocumentCurrencyCode>", b">SEK</cbc:DocumentCurrencyCode>"
    )
    with pytest.raises(UblError, match='the invoice is in "SEK"'):
        ledger_entry(read_ubl(data))


def test_the_docs_list_exactly_the_rules_innen_checks():
    table = DOCS.read_text().split("## The EN 16931 rules innen checks")[1].split("Not checked")[0]
    assert set(re.findall(r"^\| (BR-[A-Z0-9-]+) \|", table, re.M)) == set(RULES)


def test_an_amount_beyond_what_the_ledger_keeps_is_refused():
    with pytest.raises(UblError, match=r'"1E\+999999" is larger than any amount'):
        read_ubl(an_invoice(payable="1E+999999"))


def test_an_encoding_python_does_not_know_is_not_xml():
    with pytest.raises(UblError, match="the file is not XML"):
        read_ubl(b'<?xml version="1.0" encoding="bogus"?><Invoice/>')
