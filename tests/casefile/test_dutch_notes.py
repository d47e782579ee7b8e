"""The dossier keeps what innen wrote in English and shows it in the reader's language."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.translation import gettext

from innen.casefile.timeline import describe
from innen.collection.calls import CallOutcome, _summary
from innen.collection.models import HoldReason, StepKind
from innen.dossier.said import STORED, said
from innen.dunning.explain import HOLD_TEXT, KIND_LABELS

PAYLOAD = {
    "text": "Payment plan ended: an instalment is late; collection resumes on what is open",
    "channel": "email, letter",
    "invoice_steps": {"F1": "pre_due_notice"},
    "payment_reference": "8000000202600246",
    "note": "demo history: recorded as sent, no document was rendered",
    "why": "payment plan broken",
}


def test_a_stored_note_reads_dutch_to_a_dutch_reader_its_values_by_their_labels():
    with translation.override("nl"):
        text = describe(PAYLOAD)
    assert text.startswith("Betalingsregeling beëindigd: een termijn is te laat")
    assert "kanaal: E-mail, Brief" in text
    assert "stappen: F1: Vooraankondiging" in text
    assert "betalingskenmerk: 8000000202600246" in text
    assert "notitie: demogeschiedenis: vastgelegd als verstuurd" in text
    assert "waarom: betalingsregeling niet nagekomen" in text


def test_a_stored_note_reads_as_written_to_an_english_reader():
    with translation.override("en"):
        text = describe(PAYLOAD)
    assert text.startswith(PAYLOAD["text"])
    assert "channel: E-mail, Letter" in text
    assert "steps: F1: Pre-due notice" in text
    assert "payment reference: 8000000202600246" in text


def test_a_sentence_with_values_is_recognised_and_its_values_kept():
    with translation.override("nl"):
        assert said("Promised to pay by 2026-12-01") == "Belooft te betalen uiterlijk 2026-12-01"
        assert said(
            "Proposed a payment plan of 3 monthly instalments for 300.00: within the rules,"
            " accepted at once"
        ) == (
            "Betalingsregeling voorgesteld van 3 maandelijkse termijnen voor 300.00:"
            " binnen de regels, meteen aanvaard"
        )


def test_what_a_person_typed_is_shown_as_typed():
    with translation.override("nl"):
        assert said("Klant belt morgen terug") == "Klant belt morgen terug"
        assert describe({"note": "Dispute"}) == "notitie: Dispute"


def test_every_stored_sentence_has_a_dutch_wording():
    with translation.override("nl"):
        untranslated = [msgid for msgid in STORED if gettext(msgid) == msgid]
    assert untranslated == []


@pytest.mark.parametrize("kind", list(StepKind))
def test_the_explanation_names_a_kind_as_the_desk_labels_it(kind):
    with translation.override("en"):
        assert KIND_LABELS[kind] == str(StepKind(kind).label)


def test_the_explanation_names_every_hold_reason():
    assert {reason.value for reason in HoldReason} <= {reason.value for reason in HOLD_TEXT}


def test_a_call_and_a_withdrawal_read_dutch():
    with translation.override("nl"):
        assert said("not reached (2 of 3): voicemail") == "niet bereikt (2 van 3): voicemail"
        assert said("the instalment was paid before the reminder went out") == (
            "de termijn was betaald voordat de herinnering uitging"
        )


@pytest.mark.parametrize("outcome", list(CallOutcome))
@pytest.mark.parametrize("note", ["", "belt terug"])
def test_every_call_result_innen_writes_reads_dutch(outcome, note):
    written = _summary(outcome, note, date(2026, 12, 1), 2)
    with translation.override("nl"):
        shown = said(written)
    assert shown != written
    assert shown.endswith(note)
