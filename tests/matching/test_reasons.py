"""Matching's reasons are English records that keep what they were made from, so the review
page can say them in Dutch; stored as JSON and read back, they still translate."""

import json
from decimal import Decimal

from django.utils import translation

from innen.file_messages import translated
from innen.matching import reasons as r
from innen.translatable import from_record, say, to_record


def _reasons() -> list[str]:
    return [value for name, value in vars(r).items() if name.isupper() and isinstance(value, str)]


def test_every_reason_has_its_dutch():
    same = {r.WITH_NOTE}  # only places its parts
    with translation.override("nl"):
        untranslated = {msgid for msgid in _reasons() if translation.gettext(msgid) == msgid}
    assert untranslated <= same


def test_a_reason_stored_as_json_reads_back_and_says_itself_in_dutch():
    why = say(r.RETURNED, why=say(r.NO_REASON_GIVEN), how="the description", invoices="F1")
    reason = r.noted(
        say(r.ACCOUNT_ONE, name="Jansen", amount=Decimal("80.00"), invoice="F2"),
        say(r.PARTIAL, amount=Decimal("50.00"), open=Decimal("80.00")),
    )
    assert reason == "the account is Jansen's and 80.00 is what is open on invoice F2" + (
        "; a partial payment of 50.00 of 80.00 open"
    )
    for text in (why, reason):
        again = from_record(json.loads(json.dumps(to_record(text))))
        assert again == text
    with translation.override("nl"):
        assert translated(from_record(to_record(reason))) == (
            "de rekening is van Jansen en 80.00 is wat openstaat op factuur F2"
            "; een deelbetaling van 50.00 van 80.00 openstaand"
        )


def test_plain_text_and_broken_records_stay_what_they_are():
    assert from_record(to_record("set aside by carla")) == "set aside by carla"
    assert from_record(None) == ""
    assert from_record({"msgid": "%(missing)s", "values": {"other": "x"}}) == ""
