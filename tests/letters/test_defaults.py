"""The texts innen ships with: one per step kind and language, and lawful in what they say."""

from dataclasses import replace

import pytest

from innen.letters.defaults import KINDS, default_template
from innen.letters.samples import sample_letter
from innen.letters.templating import render_texts

from .helpers import ON

STEP_KINDS = {
    "pre_due_notice",
    "reminder",
    "friendly_reminder",
    "call_task",
    "second_reminder",
    "aanmaning",
    "fourteen_day_letter",
    "ingebrekestelling",
    "suspension_notice",
    "handover",
    "custom",
}


def test_there_is_a_text_for_every_step_kind_in_dutch_and_english():
    assert set(KINDS) == STEP_KINDS
    for kind in KINDS:
        assert default_template(kind, "nl") != default_template(kind, "en")


def test_the_step_kinds_are_those_of_the_collection_app():
    from innen.dunning.policy import StepKind

    assert {kind.value for kind in StepKind} == STEP_KINDS


@pytest.mark.parametrize("kind", sorted(STEP_KINDS - {"fourteen_day_letter"}))
def test_no_text_mentions_costs_to_a_consumer_when_none_are_claimed(kind):
    consumer = sample_letter("fourteen_day_letter", "nl", ON)
    letter = replace(consumer, kind=kind, fourteen_day=None, claim=None)
    for language, word in (("nl", "kosten"), ("en", "costs")):
        texts = render_texts(default_template(kind, language), replace(letter, language=language))
        assert word not in (texts.subject + texts.body).lower()


def test_the_friendly_reminder_is_warm_and_threatens_nothing():
    for language, warm in (("nl", "overkomt iedereen"), ("en", "happens to all of us")):
        text = default_template("friendly_reminder", language)
        assert warm in text.body
        assert warm not in default_template("reminder", language).body
        words = (text.subject + text.body).lower()
        threats = ("kosten", "rente", "incasso", "gebreke", "aanman", "maatregel", "stappen")
        threats += ("costs", "interest", "collection", "default", "demand", "steps")
        assert not [word for word in threats if word in words]


def test_the_hand_over_announces_a_collection_agency():
    assert "incassobureau" in default_template("handover", "nl").body
    assert "collection agency" in default_template("handover", "en").body


def test_the_suspension_notice_rests_on_the_agreement():
    assert "overeenkomst" in default_template("suspension_notice", "nl").body
    assert "agreement" in default_template("suspension_notice", "en").body


def test_an_unknown_kind_or_language_is_refused():
    with pytest.raises(ValueError, match="kind"):
        default_template("threat", "nl")
    with pytest.raises(ValueError, match="language"):
        default_template("reminder", "fr")
