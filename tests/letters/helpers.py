"""Reading back what the letters say: the PDF's text, normalised for matching."""

import io
import re
from datetime import date
from decimal import Decimal

import pypdf

ON = date(2026, 11, 23)  # a Monday


def pdf_text(pdf: bytes) -> str:
    """All text of `pdf`, with every run of whitespace (also non-breaking) as one space."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def squeezed(text: str) -> str:
    """`text` without any whitespace: for URLs and references a line break may split."""
    return re.sub(r"\s+", "", text)


def eur(amount: Decimal) -> str:
    """`amount` as the Dutch letters print it, with a plain space: "€ 1.234,56"."""
    return "€ " + f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
