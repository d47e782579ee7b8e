"""Which files a customer may attach to a question: PDF, PNG or JPEG, at most MAX_BYTES.

The type is read from the file's first bytes, not from its name or the browser's say-so: a
renamed program is not a PDF.
"""

from __future__ import annotations

import enum

MAX_BYTES = 5 * 1024 * 1024
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}
HEAD_BYTES = max(len(signature) for signature in SIGNATURES)


class UploadProblem(enum.Enum):
    EMPTY = "empty"
    TOO_BIG = "too_big"
    WRONG_TYPE = "wrong_type"


def content_type(head: bytes) -> str | None:
    """The type the first bytes of a file show (None: none of the allowed types)."""
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def upload_problem(size: int, head: bytes) -> UploadProblem | None:
    """Why a file of `size` bytes starting with `head` is refused (None: it is fine)."""
    if size == 0:
        return UploadProblem.EMPTY
    if size > MAX_BYTES:
        return UploadProblem.TOO_BIG
    if content_type(head) is None:
        return UploadProblem.WRONG_TYPE
    return None
