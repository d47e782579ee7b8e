"""What a file is, found by opening it: a PDF, a PNG, a JPEG, or none of those.

A file's first bytes only say what it claims to be: `%PDF` followed by a web page is no PDF.
So a file is called a PDF only when a PDF reader finds its pages, and an image only when an
image reader checks it. Uploads are accepted, and stored files shown in a browser, on this
answer alone (`innen.downloads`); the name a customer gave a file decides nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from PIL import Image
from pypdf import PdfReader


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


PDF = FileKind("application/pdf", ".pdf")
PNG = FileKind("image/png", ".png")
JPEG = FileKind("image/jpeg", ".jpg")
KINDS = (PDF, PNG, JPEG)
_IMAGES = {"PNG": PNG, "JPEG": JPEG}


def kind_of(data: bytes) -> FileKind | None:
    """The kind `data` is, read by parsing it; None when it is not a PDF, PNG or JPEG."""
    if data.startswith(b"%PDF-"):
        return PDF if _opens_as_pdf(data) else None
    if data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        return _image_kind(data)
    return None


def _opens_as_pdf(data: bytes) -> bool:
    # Readers of untrusted bytes fail in many ways (broken tables, loops, odd values);
    # every one of them means "not a PDF we show".
    try:
        return len(PdfReader(io.BytesIO(data), strict=False).pages) > 0
    except Exception:
        return False


def _image_kind(data: bytes) -> FileKind | None:
    try:
        with Image.open(io.BytesIO(data), formats=list(_IMAGES)) as image:
            image.verify()
            return _IMAGES.get(image.format or "")
    except Exception:  # as above; a decompression bomb is refused here too
        return None


def download_name(name: str, kind: FileKind | None) -> str:
    """`name` (as a customer gave it) ending in what the file is: x.html holding a PDF is x.pdf.

    A file of no known kind gets ".bin", so no program on the reader's computer takes it
    for a web page or a script because of its name.
    """
    stem = PurePosixPath(name.replace("\\", "/")).stem.strip() or "attachment"
    return stem + (kind.extension if kind is not None else ".bin")
