"""Editable texts: Jinja2 in a sandbox, with a fixed set of ready-formatted fields.

Templates are written by users of an organisation, so they run in Jinja2's sandbox (no
attribute access to Python internals) with `StrictUndefined` (a misspelt field is an error,
not an empty string), on a budget of time, steps and size (`sandbox`). Every field is a
ready-formatted string in the letter's language (money "€ 1.234,56", dates "23 november
2026"), except `invoice_count`, a number. The text is plain: autoescape is off here and the
HTML layout escapes what it prints.
"""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateSyntaxError, meta

from innen.letters import sandbox
from innen.letters.defaults import TemplateText
from innen.letters.formatting import join_words, long_date, money
from innen.letters.headers import one_line
from innen.letters.letter import Letter
from innen.letters.sandbox import LIMITS, Limits, TooCostly
from innen.translatable import N_

# What each field holds, for the template editor (which says it in the reader's language).
FIELDS: dict[str, str] = {
    "salutation": N_("Opening without comma: 'Geachte Anna de Vries' or 'Geachte heer, mevrouw'"),
    "customer_name": N_("The customer's name"),
    "contact_person": N_("The customer's contact person (may be empty)"),
    "customer_number": N_("The customer's number"),
    "organisation_name": N_("Your organisation's name"),
    "organisation_email": N_("Your organisation's e-mail address"),
    "organisation_phone": N_("Your organisation's phone number"),
    "invoice_count": N_("How many invoices the message is about (a number)"),
    "invoice_numbers": N_("The invoice numbers: 'F1, F2 en F3'"),
    "invoices": N_("'factuur F1' or 'facturen F1 en F2' ('invoice F1' / 'invoices F1 and F2')"),
    "oldest_due_date": N_("The earliest original due date of the invoices"),
    "total_open": N_("What the invoices still owe together"),
    "amount_due": N_("What the customer is asked to pay: the total open plus interest and costs"),
    "pay_before": N_("The last day to pay (empty when the step sets no term)"),
    "interest": N_("The interest claimed (empty when none)"),
    "interest_name": N_("'wettelijke rente' or 'wettelijke handelsrente'"),
    "collection_costs": N_(
        "The collection costs claimed, or stated in a 14-day letter (else empty)"
    ),
    "claim_items": N_("What the amount includes besides the invoices, in words (else empty)"),
    "term_ends": N_("The last day of a 14-day letter's term (empty for other steps)"),
    "portal_url": N_("The customer's link to view and pay the invoices online"),
    "reference": N_("Our reference for this message"),
    "payment_reference": N_("The reference to pay with"),
    "iban": N_("Your organisation's IBAN"),
    "signatory": N_("Who signs: the signatory, else the organisation's name"),
    "step_name": N_("The name of the dunning step"),
    "letter_date": N_("The date of the letter"),
}

_INTEREST_NAMES = {
    ("nl", "statutory"): "wettelijke rente",
    ("nl", "commercial"): "wettelijke handelsrente",
    ("en", "statutory"): "statutory interest",
    ("en", "commercial"): "statutory commercial interest",
}


def fields_for(letter: Letter) -> dict[str, Any]:
    """The value of every field in FIELDS for `letter`."""
    lang = letter.language
    claim = letter.claim
    numbers = join_words([invoice.number for invoice in letter.invoices], lang)
    interest_kind = (
        claim.interest_kind if claim else ("statutory" if letter.consumer else "commercial")
    )
    return {
        "salutation": _salutation(letter),
        "customer_name": letter.customer.name,
        "contact_person": letter.customer.contact_person,
        "customer_number": letter.customer.number,
        "organisation_name": letter.organisation.name,
        "organisation_email": letter.organisation.email,
        "organisation_phone": letter.organisation.phone,
        "invoice_count": len(letter.invoices),
        "invoice_numbers": numbers,
        "invoices": _invoices_phrase(len(letter.invoices), numbers, lang),
        "oldest_due_date": _oldest_due(letter),
        "total_open": money(letter.total_open, lang),
        "amount_due": money(letter.amount_due, lang),
        "pay_before": long_date(letter.pay_before, lang) if letter.pay_before else "",
        "interest": money(claim.interest, lang) if claim and claim.interest else "",
        "interest_name": _INTEREST_NAMES.get((lang, interest_kind), ""),
        "collection_costs": _costs(letter),
        "claim_items": _claim_items(letter),
        "term_ends": long_date(letter.fourteen_day.term_ends, lang) if letter.fourteen_day else "",
        "portal_url": letter.portal_url,
        "reference": letter.reference,
        "payment_reference": letter.payment.reference if letter.payment else "",
        "iban": letter.payment.iban if letter.payment else "",
        "signatory": letter.signatory or letter.organisation.name,
        "step_name": letter.step_name,
        "letter_date": long_date(letter.date, lang),
    }


def _salutation(letter: Letter) -> str:
    contact = letter.customer.contact_person.strip()
    if letter.language == "nl":
        return f"Geachte {contact}" if contact else "Geachte heer, mevrouw"
    return f"Dear {contact}" if contact else "Dear Sir or Madam"


def _invoices_phrase(count: int, numbers: str, language: str) -> str:
    if language == "nl":
        return f"factuur {numbers}" if count == 1 else f"facturen {numbers}"
    return f"invoice {numbers}" if count == 1 else f"invoices {numbers}"


def _oldest_due(letter: Letter) -> str:
    if not letter.invoices:
        return ""
    return long_date(min(invoice.due_date for invoice in letter.invoices), letter.language)


def _costs(letter: Letter) -> str:
    if letter.claim is not None and letter.claim.collection_costs:
        return money(letter.claim.collection_costs, letter.language)
    if letter.fourteen_day is not None:
        return money(letter.fourteen_day.collection_costs, letter.language)
    return ""


def _claim_items(letter: Letter) -> str:
    claim = letter.claim
    if claim is None:
        return ""
    items = []
    if claim.interest:
        items.append(_INTEREST_NAMES[(letter.language, claim.interest_kind)])
    if claim.collection_costs:
        nl = letter.language == "nl"
        items.append("buitengerechtelijke incassokosten" if nl else "collection costs")
    return join_words(items, letter.language)


def render_texts(
    template: TemplateText, letter: Letter, *, limits: Limits = LIMITS
) -> TemplateText:
    """The subject and body of `template` filled in for `letter`, within `limits` together.

    Raises `TooCostly` over a limit, or a jinja2 error (syntax, unknown field, sandbox) on a
    bad template; check it first with `template_problems`.
    """
    subject, body = sandbox.render([template.subject, template.body], fields_for(letter), limits)
    return TemplateText(one_line(subject), body.strip())


def template_problems(
    subject: str,
    body: str,
    letter: Letter,
    *,
    language: str | None = None,
    limits: Limits = LIMITS,
) -> list[str]:
    """What is wrong with a template, in `language` (default: the letter's); empty: it can be saved.

    Checks length and syntax (naming the line), unknown fields (naming them), and renders
    both parts for `letter` within `limits` to catch what only shows then.
    """
    words = _WORDS["nl" if (language or letter.language) == "nl" else "en"]
    problems = []
    for part, source in ((words["subject"], subject), (words["body"], body)):
        problems += _source_problems(part, source, words, limits)
    if not body.strip():
        problems.append(words["empty"].format(part=words["body"]))
    if not subject.strip():
        problems.append(words["empty"].format(part=words["subject"]))
    if problems:
        return problems
    try:
        render_texts(TemplateText(subject, body), letter, limits=limits)
    except TooCostly as exc:
        problems.append(_too_costly(exc, words))
    except Exception as exc:  # a sandbox or runtime error: any of them means "cannot send"
        problems.append(words["render"].format(error=exc))
    return problems


def _too_costly(exc: TooCostly, words: dict[str, str]) -> str:
    return words[f"too_{exc.limit}"].format(allowed=_number(exc.allowed, words))


def _number(value: float, words: dict[str, str]) -> str:
    """1,000,000 and 0.5 in English; 1.000.000 and 0,5 in Dutch."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,g}"
    return text.translate(str.maketrans(",.", ".,")) if words is _WORDS["nl"] else text


def _source_problems(part: str, source: str, words: dict[str, str], limits: Limits) -> list[str]:
    if len(source) > limits.source:
        return [words["too_long"].format(part=part, allowed=_number(limits.source, words))]
    try:
        parsed = sandbox.environment.parse(source)
        # Compiling also finds unknown filters and tests, which parsing lets through.
        used = meta.find_undeclared_variables(parsed)
    except TemplateSyntaxError as exc:
        return [words["syntax"].format(part=part, line=exc.lineno, error=exc.message)]
    return [words["unknown"].format(part=part, field=name) for name in sorted(used - FIELDS.keys())]


_WORDS = {
    "nl": {
        "subject": "Onderwerp",
        "body": "Tekst",
        "syntax": "{part}, regel {line}: {error}",
        "unknown": "{part}: onbekend veld '{field}'",
        "empty": "{part} is leeg",
        "render": "De tekst kan niet worden ingevuld: {error}",
        "too_long": "{part} is te lang: hoogstens {allowed} tekens",
        "too_seconds": "Het invullen van de tekst duurt te lang (meer dan {allowed} seconde). "
        "Maak de tekst eenvoudiger.",
        "too_steps": "De tekst vraagt te veel werk: meer dan {allowed} stappen (herhalingen, "
        "aanroepen en filters). Maak de tekst eenvoudiger.",
        "too_depth": "De tekst roept zichzelf te diep aan: meer dan {allowed} niveaus.",
        "too_size": "De ingevulde tekst wordt te groot: meer dan {allowed} tekens.",
        "too_number": "De tekst gebruikt een te groot getal: hoogstens {allowed} als breedte, "
        "aantal of macht.",
        "too_source": "De tekst is te lang: hoogstens {allowed} tekens.",
    },
    "en": {
        "subject": "Subject",
        "body": "Text",
        "syntax": "{part}, line {line}: {error}",
        "unknown": "{part}: unknown field '{field}'",
        "empty": "{part} is empty",
        "render": "The text cannot be filled in: {error}",
        "too_long": "{part} is too long: {allowed} characters at most",
        "too_seconds": "Filling in the text takes too long (more than {allowed} second). "
        "Make the text simpler.",
        "too_steps": "The text takes too much work: more than {allowed} steps (loop rounds, "
        "calls and filters). Make the text simpler.",
        "too_depth": "The text calls itself too deeply: more than {allowed} levels.",
        "too_size": "The filled-in text gets too large: more than {allowed} characters.",
        "too_number": "The text uses too large a number: at most {allowed} as a width, count "
        "or power.",
        "too_source": "The text is too long: {allowed} characters at most.",
    },
}
