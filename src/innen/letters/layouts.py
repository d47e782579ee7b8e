"""The fixed layouts: the letter's HTML (made into the PDF), the HTML e-mail and the text e-mail.

Jinja2 templates in `templates/letters/`, autoescaped: every value from a `LetterView`,
including the user's own text, is escaped here.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from innen.letters.letter_view import LetterView, Line

TEMPLATES = Path(__file__).parent / "templates"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, safe inside <style> (no quote, backslash or "<")."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + " ".join(escaped.split()) + '"'


# A URL's scheme and host: where a line must not break (a printed "https://" on its own is
# useless). Its path may break after a slash, as any long word.
URL_HEAD = re.compile(r"\bhttps?://[^\s/]+")


def url_heads(text: str, keep: str = 'class="url"') -> Markup:
    """`text` escaped, each URL's scheme and host in a span that `keep` keeps on one line."""
    parts = []
    last = 0
    for found in URL_HEAD.finditer(text):
        parts.append(escape(text[last : found.start()]))
        parts.append(Markup(f"<span {keep}>") + escape(found.group()) + Markup("</span>"))
        last = found.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def url_heads_inline(text: str) -> Markup:
    """`url_heads` for an e-mail, whose clients drop style sheets."""
    return url_heads(text, 'style="white-space:nowrap;"')


_environment.filters["css_string"] = css_string
_environment.filters["url_heads"] = url_heads
_environment.filters["url_heads_inline"] = url_heads_inline


def letter_html(view: LetterView) -> str:
    """The letter as HTML for WeasyPrint (and a browser preview)."""
    css = _environment.get_template("letters/letter.css").render(
        footer_left=_footer(view),
        header_right=f"{view.recipient_lines[0]} · {view.words['our_reference']} {view.reference}",
        word_page=view.words["page"],
        word_of=view.words["of"],
    )
    return _environment.get_template("letters/letter.html").render(v=view, css=Markup(css))


def _footer(view: LetterView) -> str:
    # The registration numbers sit in the footer, on every page, as Dutch letters print them;
    # the head keeps the address, so a one-invoice letter fits its page.
    return " · ".join(part for part in (view.organisation, *view.registration_lines) if part)


def email_html(view: LetterView) -> str:
    """The HTML e-mail: inline styles, no images or other external resources."""
    return _environment.get_template("letters/email.html").render(v=view)


def email_text(view: LetterView) -> str:
    """The plain-text e-mail: the same content as the HTML one, in aligned columns."""
    sections = [
        "\n\n".join("\n".join(paragraph) for paragraph in view.paragraphs),
        _invoice_table(view),
    ]
    if view.claim:
        sections.append(view.claim_title + "\n" + _lines(view.claim))
    if view.claim_note:
        sections.append(view.claim_note)
    if view.notice:
        sections.append(view.words["notice_title"].upper() + "\n\n" + "\n\n".join(view.notice))
    if view.payment:
        sections.append(view.words["payment_title"] + "\n" + _lines(view.payment))
    if view.portal_url:
        sections.append(f"{view.words['portal']}\n{view.portal_url}")
    if view.portal_code:
        sections.append(view.portal_code)
    signature = [view.words["closing"], *([view.signatory] if view.signatory else [])]
    sections.append("\n".join([*signature, view.organisation]))
    sections.append("-- \n" + "\n".join([view.organisation, *view.sender_lines]))
    return "\n\n".join(sections) + "\n"


def _invoice_table(view: LetterView) -> str:
    words = view.words
    header = (words["invoice"], words["due_date"], words["amount"], words["open_amount"])
    rows = [header] + [(r.number, r.due_date, r.total, r.open_amount) for r in view.invoices]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(
            cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines) + "\n" + _lines((view.total_open,))


def _lines(lines: tuple[Line, ...]) -> str:
    width = max(len(line.label) for line in lines)
    return "\n".join(f"{line.label.ljust(width)}  {line.value}" for line in lines)
