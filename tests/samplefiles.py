"""Files as customers send them: real PDFs and images, and web pages dressed up as PDFs."""

from __future__ import annotations

import io

from PIL import Image
from pypdf import PdfWriter

# What a script in an uploaded page would do if it ever ran on innen's own address: leave a
# mark the tests look for (an attacker's script would create an API token instead).
SCRIPT = "<script>localStorage.setItem('innen-script-ran', '1'); document.title = 'RAN';</script>"
PAGE = f"<html><body>{SCRIPT}<p>Zie bijlage</p></body></html>\n".encode()


def a_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def an_image(kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, kind)
    return out.getvalue()


def a_page_starting_with_pdf() -> bytes:
    """A web page whose first bytes say PDF: no PDF reader opens it."""
    return b"%PDF-1.7\n" + PAGE


def a_pdf_with_a_page_after_it() -> bytes:
    """A real PDF with a web page after its end: a PDF reader opens it, and so would a browser
    that took it for a web page."""
    return a_pdf() + PAGE
