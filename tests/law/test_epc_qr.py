from decimal import Decimal

import pytest

from innen.law.epc_qr import InvalidEpcData, epc_payload, epc_qr

IBAN = "NL91ABNA0417164300"


def test_payload_with_rf_reference_follows_epc069_12_version_002():
    payload = epc_payload(
        name="innen BV", iban=IBAN, amount=Decimal("125.50"), reference="RF18539007547034"
    )
    assert payload.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "",
        "innen BV",
        IBAN,
        "EUR125.50",
        "",
        "RF18539007547034",
    ]


def test_payload_with_text_leaves_the_structured_reference_empty():
    payload = epc_payload(name="innen BV", iban=IBAN, amount=Decimal("20.00"), text="Factuur 12")
    assert payload.split("\n")[-3:] == ["", "", "Factuur 12"]


def test_qr_uses_error_correction_m_and_at_most_version_13():
    payload = epc_payload(name="innen BV", iban=IBAN, amount=Decimal("20.00"), text="x" * 140)
    qr = epc_qr(payload)
    assert qr.error == "M" and qr.version <= 13


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"iban": "NL00ABNA0417164300"}, "iban"),
        ({"amount": Decimal("0.00")}, "amount"),
        ({"amount": Decimal("1000000000.00")}, "amount"),
        ({"name": "x" * 71}, "name"),
        ({"reference": "5000056789012345", "text": None}, "reference"),
        ({"reference": "RF18539007547034", "text": "both"}, "reference"),
    ],
)
def test_bad_epc_data_names_the_field(kwargs, field):
    args = {"name": "innen BV", "iban": IBAN, "amount": Decimal("1.00"), "text": "t"}
    with pytest.raises(InvalidEpcData) as error:
        epc_payload(**{**args, **kwargs})
    assert error.value.argument == field
