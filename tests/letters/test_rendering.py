"""The letters as sent: what the PDF, the HTML and the text e-mail say, read back."""

from dataclasses import replace
from decimal import Decimal
from functools import cache

import pytest

from innen.law.epc_qr import epc_payload
from innen.letters.defaults import KINDS, TemplateText, default_template
from innen.letters.law_parts import fourteen_day_notice
from innen.letters.letter import PaymentDetails
from innen.letters.pdf import html_to_pdf, page_count, page_png
from innen.letters.qr import payment_payload, payment_qr_uri
from innen.letters.rendering import RenderedMessage, letter_html, letter_pdf, render_message
from innen.letters.samples import sample_letter

from .helpers import ON, eur, pdf_text, squeezed


@cache
def rendered(kind: str, language: str) -> RenderedMessage:
    return render_message(sample_letter(kind, language, ON), default_template(kind, language))


@cache
def text_of(kind: str, language: str) -> str:
    return pdf_text(rendered(kind, language).pdf)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_a_letter_and_both_e_mails_in_both_languages(kind, language):
    message = rendered(kind, language)
    assert message.pdf.startswith(b"%PDF")
    assert message.subject and "\n" not in message.subject
    letter = sample_letter(kind, language, ON)
    for invoice in letter.invoices:
        assert invoice.number in message.text and invoice.number in message.html
    assert letter.portal_url in message.text and letter.portal_url in message.html


@pytest.mark.parametrize("kind", ["reminder", "fourteen_day_letter", "ingebrekestelling"])
def test_the_pdf_states_who_what_how_much_by_when_and_how_to_pay(kind):
    letter = sample_letter(kind, "nl", ON)
    text = text_of(kind, "nl")
    assert letter.organisation.name in text
    customer = letter.customer
    for part in (customer.name, customer.street, customer.postcode, customer.city):
        assert part in text
    for invoice in letter.invoices:
        assert invoice.number in text
        assert eur(invoice.open_amount) in text
    assert "Totaal openstaand" in text
    assert letter.pay_before is not None
    if kind == "fourteen_day_letter":  # the term as the law counts it, see below
        assert "binnen veertien dagen na de dag van ontvangst van deze brief" in text
    else:
        assert f"Uiterlijk betalen op {letter.pay_before.day} " in text
    assert "NL91 ABNA 0417 1643 00" in text
    assert letter.payment is not None and squeezed(letter.payment.reference) in squeezed(text)
    assert letter.portal_url in squeezed(text)


def test_the_total_open_is_printed_with_the_invoices():
    assert "Totaal openstaand € 4.267,00" in text_of("aanmaning", "nl")


def test_every_page_is_numbered_page_n_of_m():
    pdf = rendered("fourteen_day_letter", "nl").pdf
    pages = page_count(pdf)
    text = text_of("fourteen_day_letter", "nl")
    for number in range(1, pages + 1):
        assert f"Pagina {number} van {pages}" in text
    assert "Page 1 of" in text_of("reminder", "en")


def test_a_fourteen_day_letter_states_the_exact_costs():
    # €100 + €150 + €200: the scale on their sum, €450, is €67.50 (art. 6:96 lid 7 BW).
    assert "incassokosten verschuldigd van € 67,50" in text_of("fourteen_day_letter", "nl")
    assert "collection costs of €67.50" in text_of("fourteen_day_letter", "en")


def test_a_fourteen_day_letter_states_the_term_in_the_words_the_law_requires():
    text = text_of("fourteen_day_letter", "nl")
    assert "binnen veertien dagen, beginnende na de dag van ontvangst van deze aanmaning" in text
    assert "Besluit vergoeding voor buitengerechtelijke incassokosten" in text


def test_a_fourteen_day_letter_states_the_day_its_term_ends():
    # Posted Monday 23 November 2026: presumed received Wednesday 25 November (Monday
    # does not count), the term runs to Wednesday 9 December.
    letter = sample_letter("fourteen_day_letter", "nl", ON)
    assert letter.fourteen_day is not None
    assert str(letter.fourteen_day.term_ends) == "2026-12-09"
    text = text_of("fourteen_day_letter", "nl")
    assert "op 25 november 2026 bij u wordt bezorgd" in text
    assert "tot en met 9 december 2026" in text


def test_a_fourteen_day_letter_names_the_vat_on_the_costs_when_raised():
    letter = sample_letter("fourteen_day_letter", "nl", ON)
    notice = fourteen_day_notice(
        [i.open_amount for i in letter.invoices], sent=ON, channel="letter", vat_uplift=True
    )
    text = pdf_text(
        letter_pdf(
            replace(letter, fourteen_day=notice), default_template("fourteen_day_letter", "nl")
        )
    )
    assert "€ 81,68 (inclusief € 14,18 btw)" in text
    # art. 2 lid 3 Besluit BIK: the uplift only when the creditor says it cannot deduct it
    assert "Wij kunnen de btw over de incassokosten niet verrekenen" in text


def test_the_14_day_letters_payment_box_gives_no_fixed_day_before_the_legal_term_art_6_96_lid_6():
    # The letter is dated 23 November but may be posted days later: a fixed "pay before
    # 9 December" could end before the term the law gives. The box states the term instead.
    text = text_of("fourteen_day_letter", "nl")
    box = text.split("Betaalgegevens")[1]
    assert "Uiterlijk betalen op" not in box
    assert "Betaaltermijn binnen veertien dagen na de dag van ontvangst van deze brief" in box
    english = text_of("fourteen_day_letter", "en").split("Payment details")[1]
    assert "within fourteen days after the day you received this letter" in english


def test_the_e_mail_of_a_fourteen_day_letter_carries_the_legal_block_too():
    message = rendered("fourteen_day_letter", "nl")
    for body in (message.text, message.html):
        assert "beginnende na de dag van ontvangst van deze aanmaning" in body
        assert "67,50" in body


def test_only_a_fourteen_day_letter_has_the_legal_block():
    assert "veertien dagen" not in text_of("ingebrekestelling", "nl").split("Berekening")[1]
    assert "incassokosten als u niet binnen veertien dagen" not in text_of("handover", "nl")


def test_later_steps_show_principal_interest_and_costs_on_separate_lines():
    letter = sample_letter("ingebrekestelling", "nl", ON)
    claim = letter.claim
    assert claim is not None and claim.interest > 0 and claim.collection_costs > 0
    text = text_of("ingebrekestelling", "nl")

    assert f"Hoofdsom {eur(claim.principal)}" in text
    assert f"Wettelijke handelsrente (art. 6:119a BW) {eur(claim.interest)}" in text
    assert f"Buitengerechtelijke incassokosten {eur(claim.collection_costs)}" in text
    assert f"Totaal te betalen {eur(claim.total)}" in text
    assert f"Te betalen {eur(claim.total)}" in text


def test_a_consumers_claim_names_statutory_interest():
    letter = sample_letter("handover", "en", ON)
    claim = replace(letter.claim, interest_kind="statutory")
    text = pdf_text(letter_pdf(replace(letter, claim=claim), default_template("handover", "en")))
    assert "Statutory interest (art. 6:119 Dutch Civil Code)" in text


def test_the_qr_code_pays_the_amount_due_with_the_reference():
    letter = sample_letter("ingebrekestelling", "nl", ON)
    payment = letter.payment
    assert payment is not None
    expected = epc_payload(
        name=payment.name, iban=payment.iban, amount=letter.amount_due, text=payment.reference
    )
    assert payment_payload(payment) == expected
    assert f"EUR{letter.amount_due:.2f}" in expected


def test_an_rf_reference_goes_into_the_structured_field():
    letter = sample_letter("second_reminder", "nl", ON)  # one invoice, with an RF reference
    assert letter.payment is not None and letter.payment.reference.startswith("RF")
    payload = payment_payload(letter.payment)
    assert payload is not None and payload.endswith("\n" + letter.payment.reference)


@pytest.mark.parametrize(
    ("iban", "amount"),
    [("", "10.00"), ("NL91ABNA0417164300", "0.00"), ("NL91ABNA0417164300", "1000000000.00")],
)
def test_no_qr_code_without_an_iban_or_a_payable_amount(iban, amount):
    payment = PaymentDetails("Drukkerij", iban, "", Decimal(amount), "F1")
    assert payment_qr_uri(payment) is None


def test_the_letter_shows_the_qr_code_and_the_logo_as_embedded_images():
    html = letter_html(sample_letter("reminder", "nl", ON), default_template("reminder", "nl"))
    assert 'src="data:image/svg+xml;base64,' in html  # the logo
    assert 'alt="EPC QR"' in html
    assert "http://" not in html.split("<body>")[0]  # nothing loaded from elsewhere


def test_a_users_text_is_escaped_in_the_html():
    letter = sample_letter("reminder", "nl", ON)
    template = TemplateText("<b>Let op</b>", '{{ salutation }},\n\n<script>alert("x")</script>')
    message = render_message(letter, template)
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert "<script>" not in letter_html(letter, template)
    assert message.subject == "<b>Let op</b>"  # plain text; the mail's header is not HTML


def test_paragraphs_of_the_text_stay_paragraphs():
    letter = sample_letter("reminder", "nl", ON)
    message = render_message(letter, TemplateText("x", "Een\ntwee\n\nDrie"))
    assert '<p style="margin:0 0 12px 0;overflow-wrap:break-word;">Een<br>twee</p>' in message.html
    assert message.text.startswith("Een\ntwee\n\nDrie\n")


def test_the_recipient_address_sits_in_the_envelope_window():
    html = letter_html(sample_letter("reminder", "nl", ON), default_template("reminder", "nl"))
    # 50 mm from the top of the sheet (15 mm margin + 35 mm), 20 mm from the left (margin).
    assert "margin: 15mm 20mm 11mm 20mm" in html
    assert ".window { position: absolute; top: 35mm; left: 0; width: 85mm; height: 35mm;" in html


def test_a_page_renders_to_png():
    png = page_png(rendered("reminder", "nl").pdf, dpi=50)
    assert png.startswith(b"\x89PNG")
    assert len(png) < 60_000


def test_a_letter_without_an_iban_has_no_payment_block_but_keeps_the_portal_link():
    letter = replace(sample_letter("reminder", "nl", ON), payment=None)
    text = pdf_text(letter_pdf(letter, default_template("reminder", "nl")))
    assert "Betaalgegevens" not in text
    assert letter.portal_url in squeezed(text)


def test_a_letter_never_fetches_files_or_urls(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(page_png(rendered("reminder", "nl").pdf, dpi=20))
    html = f'<p>x</p><img src="file://{secret}"><img src="http://127.0.0.1:9/x.png">'
    with_images = html_to_pdf(html)
    assert with_images.startswith(b"%PDF")
    assert b"/Image" not in with_images  # neither image was loaded


def test_costs_raised_by_vat_under_a_claim_say_the_vat_cannot_be_deducted_art_2_lid_3_bik():
    from innen.letters.letter_view import claim_note

    letter = sample_letter("ingebrekestelling", "nl", ON)
    assert letter.claim is not None
    assert "btw" not in claim_note(letter)
    with_vat = replace(letter, claim=replace(letter.claim, collection_costs_vat=Decimal("8.40")))
    assert "niet verrekenen" in claim_note(with_vat)
