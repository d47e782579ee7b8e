"""A letter about one invoice fits its page; the logo is shown whole; URLs break sensibly."""

import io
from dataclasses import replace

import pypdf
import pytest
from PIL import Image

from innen.letters.defaults import KINDS, TemplateText, default_template
from innen.letters.pdf import page_count, page_png
from innen.letters.rendering import letter_pdf
from innen.letters.samples import sample_letter

from .helpers import ON

# As long as a real portal link: a long host and a signed token.
SITE = "https://debiteuren.groothandel-vanderberg.example"
TOKEN = "eyJvIjoxMiwiYyI6MzQ1Nn0:1vRk3X:q8Zt3bF0yQm1sH7d9vK2pL4wN6cX8aE5rT0uI3oP1jG"
LONG_LINK = f"{SITE}/portal/{TOKEN}/"


def one_invoice(kind, language, **changes):
    return replace(sample_letter(kind, language, ON, invoices=1), **changes)


def lines_of(pdf: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [line for page in reader.pages for line in page.extract_text().splitlines()]


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_letter_about_one_invoice_fits_one_page(kind, language):
    letter = one_invoice(kind, language)
    assert len(letter.invoices) == 1
    assert page_count(letter_pdf(letter, default_template(kind, language))) == 1


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", ["reminder", "fourteen_day_letter", "ingebrekestelling"])
def test_it_fits_with_a_real_length_portal_link_too(kind, language):
    letter = one_invoice(kind, language, portal_url=LONG_LINK, portal_entry=f"{SITE}/portal/code/")
    pdf = letter_pdf(letter, default_template(kind, language))
    assert page_count(pdf) == 1
    assert not [line for line in lines_of(pdf) if line.rstrip().endswith(("https://", "//"))]


def test_a_url_in_the_text_never_breaks_after_its_scheme():
    # The URL lands at every position of the line in turn: wherever the line ends, its
    # scheme and host stay together (a line ending in "https://" is useless on paper).
    body = "\n\n".join(
        "x " * filler + "Betaal via {{ portal_url }} vandaag." for filler in range(30, 76)
    )
    letter = one_invoice("reminder", "nl", portal_url=LONG_LINK)
    lines = lines_of(letter_pdf(letter, TemplateText("Herinnering", body)))
    assert not [line for line in lines if line.rstrip().endswith(("https://", "https:", "//"))]
    assert sum(SITE in line for line in lines) >= 46


def red_box(logo: bytes) -> tuple[int, int, int, int]:
    """Where the logo's red shows on page 1 (left, top, right, bottom, in pixels at 72 dpi)."""
    letter = replace(one_invoice("reminder", "nl"), logo=logo, logo_mime="image/svg+xml")
    pdf = letter_pdf(letter, default_template("reminder", "nl"))
    red, green, _ = Image.open(io.BytesIO(page_png(pdf, dpi=72))).convert("RGB").split()
    reds = Image.eval(red, lambda v: 255 if v > 150 else 0)
    no_green = Image.eval(green, lambda v: 255 if v < 80 else 0)
    box = Image.composite(reds, no_green, no_green).getbbox()
    assert box is not None
    return box


@pytest.mark.parametrize(
    "size",
    ['width="600" height="300"', 'width="60" height="30"', ""],
    ids=["large", "small", "without a size"],
)
def test_the_logo_is_scaled_into_its_box_whole(size):
    # A red logo twice as wide as high: shown whole, it keeps that shape, whatever its size.
    logo = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {size} viewBox="0 0 600 300">'
        '<rect width="600" height="300" fill="#cc0000"/></svg>'
    ).encode()
    left, top, right, bottom = red_box(logo)
    width, height = right - left, bottom - top
    assert abs(width / height - 2) < 0.1
    assert height <= 20 / 25.4 * 72 + 2  # at most the logo box's 20 mm
    assert right >= 595 - 20 / 25.4 * 72 - 2  # at the right margin
