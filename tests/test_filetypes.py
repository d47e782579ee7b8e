"""What a file is comes from opening it: the name and the first bytes decide nothing."""

import pytest

from innen.filetypes import JPEG, PDF, PNG, download_name, kind_of
from tests.samplefiles import a_page_starting_with_pdf, a_pdf, a_pdf_with_a_page_after_it, an_image


def test_a_pdf_a_png_and_a_jpeg_are_known_by_opening_them():
    assert kind_of(a_pdf()) == PDF
    assert kind_of(an_image("PNG")) == PNG
    assert kind_of(an_image("JPEG")) == JPEG


@pytest.mark.parametrize(
    "data",
    [
        a_page_starting_with_pdf(),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        b"\x89PNG\r\n\x1a\n0000",
        an_image("PNG")[:40],
        b"\xff\xd8\xff\xe0<script>",
        b"<svg onload='alert(1)'/>",
        b"",
    ],
    ids=["page-as-pdf", "pdf-without-pages", "png-head", "cut-png", "jpeg-head", "svg", "empty"],
)
def test_first_bytes_alone_make_no_known_file(data):
    assert kind_of(data) is None


def test_a_pdf_with_a_page_after_its_end_is_a_pdf_and_is_only_ever_served_as_one():
    assert kind_of(a_pdf_with_a_page_after_it()) == PDF


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("x.html", PDF, "x.pdf"),
        ("Scan 3.JPEG", JPEG, "Scan 3.jpg"),
        ("C:\\Users\\jan\\bon.pdf", PDF, "bon.pdf"),
        ("x.html", None, "x.bin"),
        ("", PNG, "attachment.png"),
    ],
)
def test_a_download_is_named_after_what_the_file_is(name, kind, expected):
    assert download_name(name, kind) == expected
