"""A letter and its text made into what is sent: subject, text and HTML e-mail, PDF letter."""

from __future__ import annotations

from dataclasses import dataclass

from innen.letters.defaults import TemplateText
from innen.letters.layouts import email_html, email_text
from innen.letters.layouts import letter_html as _letter_html
from innen.letters.letter import Letter
from innen.letters.letter_view import letter_view
from innen.letters.pdf import html_to_pdf
from innen.letters.templating import render_texts


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str  # the plain-text e-mail
    html: str  # the HTML e-mail
    pdf: bytes  # the letter


def render_message(letter: Letter, template: TemplateText) -> RenderedMessage:
    """Everything one message needs: both e-mail bodies and the PDF letter."""
    texts = render_texts(template, letter)
    view = letter_view(letter, texts)
    return RenderedMessage(
        subject=texts.subject,
        text=email_text(view),
        html=email_html(view),
        pdf=html_to_pdf(_letter_html(view)),
    )


def letter_html(letter: Letter, template: TemplateText) -> str:
    """The HTML the PDF letter is made from (for a live preview in the browser)."""
    return _letter_html(letter_view(letter, render_texts(template, letter)))


def letter_pdf(letter: Letter, template: TemplateText) -> bytes:
    """The PDF letter."""
    return html_to_pdf(letter_html(letter, template))
