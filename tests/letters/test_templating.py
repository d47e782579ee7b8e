from dataclasses import replace

import pytest

from innen.letters.defaults import KINDS, TemplateText, default_template
from innen.letters.samples import sample_letter
from innen.letters.templating import FIELDS, fields_for, render_texts, template_problems

from .helpers import ON


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_default_text_can_be_saved_and_fills_in(kind, language):
    letter = sample_letter(kind, language, ON)
    template = default_template(kind, language)
    assert template_problems(template.subject, template.body, letter) == []
    texts = render_texts(template, letter)
    assert texts.subject and "{" not in texts.subject
    assert "{{" not in texts.body and "{%" not in texts.body


def test_every_field_has_a_value_and_every_value_a_description():
    letter = sample_letter("ingebrekestelling", "nl", ON)
    assert fields_for(letter).keys() == FIELDS.keys()


def test_a_syntax_error_is_refused_naming_its_line():
    letter = sample_letter("reminder", "nl", ON)
    problems = template_problems("Herinnering", "Beste klant,\n\n{{ total_open }\n", letter)
    assert len(problems) == 1
    assert "regel 3" in problems[0]


def test_an_unknown_field_is_refused_naming_it():
    letter = sample_letter("reminder", "en", ON)
    problems = template_problems("Reminder {{ klantnaam }}", "{{ total_open }}", letter)
    assert problems == ["Subject: unknown field 'klantnaam'"]


def test_an_unknown_filter_is_refused():
    letter = sample_letter("reminder", "en", ON)
    assert template_problems("Reminder", "{{ total_open|shout }}", letter)


def test_an_error_that_shows_only_when_filling_in_is_refused():
    letter = sample_letter("reminder", "en", ON)
    problems = template_problems("Reminder", "{{ total_open + 1 }}", letter)
    assert len(problems) == 1 and "cannot be filled in" in problems[0]


def test_the_sandbox_refuses_reaching_into_python():
    letter = sample_letter("reminder", "en", ON)
    body = "{{ customer_name.__class__.__mro__ }}"
    assert template_problems("Reminder", body, letter)


def test_an_empty_text_is_refused():
    letter = sample_letter("reminder", "nl", ON)
    assert template_problems("Herinnering", "  ", letter) == ["Tekst is leeg"]


def test_problems_can_be_told_in_the_editors_language():
    letter = sample_letter("reminder", "nl", ON)
    problems = template_problems("x", "{{ nope }}", letter, language="en")
    assert problems == ["Text: unknown field 'nope'"]


def test_money_and_dates_are_filled_in_in_the_letters_language():
    letter = sample_letter("reminder", "en", ON)
    texts = render_texts(TemplateText("{{ amount_due }}", "{{ pay_before }}"), letter)
    assert texts == TemplateText("€847.00", "30 November 2026")


def test_the_salutation_names_the_contact_person_or_stays_formal():
    business = sample_letter("reminder", "nl", ON)
    consumer = sample_letter("fourteen_day_letter", "nl", ON)
    assert fields_for(business)["salutation"] == "Geachte Anna de Vries"
    assert fields_for(consumer)["salutation"] == "Geachte heer, mevrouw"
    assert fields_for(replace(consumer, language="en"))["salutation"] == "Dear Sir or Madam"


def test_one_invoice_or_several_read_right():
    one = sample_letter("second_reminder", "nl", ON)
    three = sample_letter("aanmaning", "en", ON)
    assert fields_for(one)["invoices"] == "factuur 2026-1101"
    assert fields_for(three)["invoices"] == "invoices 2026-1101, 2026-1102 and 2026-1103"


def test_claim_items_name_what_the_amount_includes():
    letter = sample_letter("ingebrekestelling", "nl", ON)
    items = fields_for(letter)["claim_items"]
    assert items == "wettelijke handelsrente en buitengerechtelijke incassokosten"
    assert fields_for(sample_letter("reminder", "nl", ON))["claim_items"] == ""


def test_a_text_over_a_limit_is_refused_with_the_reason_in_the_editors_language():
    letter = sample_letter("reminder", "nl", ON)
    body = '{{ "a" * 100000000 }}'
    assert template_problems("Herinnering", body, letter) == [
        "De ingevulde tekst wordt te groot: meer dan 1.000.000 tekens."
    ]
    assert template_problems("Herinnering", body, letter, language="en") == [
        "The filled-in text gets too large: more than 1,000,000 characters."
    ]


def test_a_text_that_is_too_long_is_refused_before_it_is_read():
    letter = sample_letter("reminder", "en", ON)
    problems = template_problems("Reminder", "x" * 20_001, letter)
    assert problems == ["Text is too long: 20,000 characters at most"]


def test_the_subject_comes_out_on_one_line_whatever_the_data_holds():
    letter = sample_letter("reminder", "nl", ON)
    letter = replace(letter, customer=replace(letter.customer, name="Kruimel\r\nBcc: x@y\x00"))
    texts = render_texts(TemplateText("Herinnering {{ customer_name }}", "Tekst"), letter)
    assert texts.subject == "Herinnering Kruimel Bcc: x@y"
