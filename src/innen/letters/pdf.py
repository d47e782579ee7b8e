"""HTML to PDF (WeasyPrint) and a PDF page to PNG (pdfium), for sending and for previews.

WeasyPrint needs Pango from the system; `python -m innen.letters.pdf_support` says when it is
missing. It is imported on first use so that importing innen.letters stays cheap.
"""

from __future__ import annotations

import io
import os
from functools import cache
from typing import Any


@cache
def _weasyprint() -> Any:
    # Without HarfBuzz's subsetter WeasyPrint subsets fonts with fontTools, which stamps each
    # font with the current second unless SOURCE_DATE_EPOCH says otherwise; a PDF must not
    # depend on the second it was made (the dossier export gives the same bytes all day).
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    import weasyprint

    return weasyprint


@cache
def _fonts() -> Any:
    # One FontConfiguration for the process: it caches the fonts between renders.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page (images as data: URIs, no external files)."""
    document = _weasyprint().HTML(string=html, url_fetcher=_data_only())
    pdf: bytes = document.write_pdf(font_config=_fonts())
    return pdf


def _data_only() -> Any:
    # A letter never loads anything from the network or disk: an address in a user's text or
    # logo must not make the server fetch it. One fetcher per render: it keeps request state.
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def page_png(pdf: bytes, *, page: int = 0, dpi: int = 100) -> bytes:
    """Page `page` (0-based) of `pdf` as a PNG image at `dpi` dots per inch."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[page].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    # A palette keeps a text page small (tens of kB instead of hundreds) and sharp.
    image.convert("RGB").quantize(colors=64).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()
