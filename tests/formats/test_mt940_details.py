"""The `:86:` details: wrapped lines, German `?NN` sub-fields, old ING plain text.

Fixtures written for these tests in each bank's published layout.
"""

from innen.formats.mt940_details import read_details, unwrap


def test_a_line_cut_at_the_width_goes_on_without_a_space():
    # SNS fills every line to 65 characters and cuts wherever the width falls.
    first = "Europese incasso door:VITENS NV NL-Factuurnr 072304597540 VNKlant"
    assert len(first) == 65
    assert unwrap([first, "nr 00000000000 BTW 0,77"]).endswith("VNKlantnr 00000000000 BTW 0,77")


def test_a_line_the_bank_ended_early_ended_a_word():
    assert unwrap(["BETAALAUTOMAAT 13-03-2015 10:23", "TERMINALID: 3ABC01"]) == (
        "BETAALAUTOMAAT 13-03-2015 10:23 TERMINALID: 3ABC01"
    )


def test_a_space_at_the_end_of_a_full_line_is_kept():
    first = "/REMI/USTD//Omschrijving: 123123444 01-01-2014  3 "
    first = first + " " * (65 - len(first) - 1) + "3 "  # a full line that ends in its space
    assert unwrap([first, "MND 8888888888"]).endswith("3 MND 8888888888")


def test_structured_details_join_references_and_keywords_as_written():
    # A short line inside a reference or a keyword is still one word.
    lines = ["/EREF/NOTPROVIDED//RE", "MI/USTD//Factuurnummer 201801-00", "1/"]
    assert read_details("\n".join(lines))["remittance"] == "Factuurnummer 201801-001"
    bic = ["/IBAN/NL12RABO0888888888/BIC/SXPYDEHHXX", "X/NAME/STRIPE/REMI/X"]
    assert read_details("\n".join(bic))["counterparty_bic"] == "SXPYDEHHXXX"


def test_structured_free_text_ended_early_gets_its_space():
    lines = ["/ORDP//NAME/Jansen/REMI/NR.201303-111/11.3.2013", "NR.201303-112/11.3.2013/"]
    details = read_details("\n".join(lines))
    assert details["remittance"] == "NR.201303-111/11.3.2013 NR.201303-112/11.3.2013"


def test_structured_text_cut_at_the_width_is_not_split():
    first = "/ORDP//NAME/R. SMITH/ADDR/Green market 74 3311BE Sheepcity Nederl"
    lines = [first, "and NL/REMI/Factuur 2026-001/"]
    assert len(":86:" + first) == 69
    details = read_details("\n".join(lines))
    assert (details["counterparty_name"], details["remittance"]) == ("R. SMITH", "Factuur 2026-001")


GERMAN = (
    "166?00SEPA-GUTSCHRIFT?100399?20EREF+E2E-2026-001?21SVWZ+Rechnung 2026-0\n"
    "01 Jansen?30INGBNL2A?31NL32INGB0000012345?32Jansen Handel?33 B.V.?34000"
)


def test_german_sub_fields_give_the_counterparty_and_the_remittance():
    details = read_details(GERMAN)
    assert details["counterparty_name"] == "Jansen Handel B.V."
    assert details["counterparty_iban"] == "NL32INGB0000012345"
    assert details["counterparty_bic"] == "INGBNL2A"
    assert details["remittance"] == "Rechnung 2026-001 Jansen"
    assert details["end_to_end_id"] == "E2E-2026-001"


def test_german_remittance_without_sepa_tags_is_the_sub_fields_joined():
    details = read_details("805?00ENTGELTABSCHLUSS?106666?20Pauschalen?21 Maerz?3012345678")
    assert details["remittance"] == "Pauschalen Maerz"
    assert "counterparty_bic" not in details  # a German bank code, not a BIC


def test_old_ing_plain_details_put_the_bic_apart_and_find_the_kenmerk():
    raw = (
        "NL20INGB0002222222 INGBNL2A Jansen Handel B.V. E2E20260301XYZ12345 1\n"
        "234567890123456 ULTCREDNM07"
    )
    details = read_details(raw)
    assert details["counterparty_iban"] == "NL20INGB0002222222"
    assert details["counterparty_bic"] == "INGBNL2A"
    assert details["counterparty_name"] == "Jansen Handel B.V."
    assert details["structured_reference"] == "1234567890123456"


def test_old_ing_plain_details_with_a_return_reason_and_an_rf_reference():
    raw = "AC04 NL20INGB0002222222 INGBNL2A Jansen E2E-0001-ABCDEF RF18539007547034"
    details = read_details(raw)
    assert details["return_reason"] == "AC04"
    assert details["counterparty_name"] == "Jansen"
    assert details["structured_reference"] == "RF18539007547034"


def test_old_ing_account_number_then_iban_then_bic():
    details = read_details("0123456789 NL69INGB0123456789 INGBNL2A J. Janssen\nFactuur 12")
    assert details["counterparty_iban"] == "NL69INGB0123456789"
    assert details["counterparty_bic"] == "INGBNL2A"
    assert details["counterparty_name"] == "J. Janssen"
    assert details["remittance"] == "Factuur 12"


def test_a_blank_line_ends_a_word():
    assert unwrap(["Factuur 2026-001", "", "Betaling sieraden"]) == (
        "Factuur 2026-001 Betaling sieraden"
    )
    assert read_details("Factuur 2026-001\n\nBetaling sieraden\n")["remittance"] == (
        "Factuur 2026-001 Betaling sieraden"
    )
