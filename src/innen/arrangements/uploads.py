"""Which files a customer may attach to a question: a PDF, PNG or JPEG of at most MAX_BYTES.

What a file is comes from opening it (`innen.filetypes`), not from its name, its first bytes
or the browser's say-so: a web page that starts with `%PDF` is not a PDF. The file is stored
under a random name; the name the customer gave it is kept as data only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from innen.filetypes import FileKind, kind_of

MAX_BYTES = 5 * 1024 * 1024


class UploadProblem(enum.Enum):
    EMPTY = "empty"
    TOO_BIG = "too_big"
    WRONG_TYPE = "wrong_type"


@dataclass(frozen=True)
class Attachment:
    """A checked file: its bytes, what they are, and what the customer called it."""

    name: str
    data: bytes
    kind: FileKind


def size_problem(size: int) -> UploadProblem | None:
    """Why a file of `size` bytes is refused before it is read (None: it may be read)."""
    if size == 0:
        return UploadProblem.EMPTY
    if size > MAX_BYTES:
        return UploadProblem.TOO_BIG
    return None


def attachment_or_problem(name: str, data: bytes) -> Attachment | UploadProblem:
    """The file `name` holding `data` as an attachment, or why it is refused."""
    problem = size_problem(len(data))
    if problem is not None:
        return problem
    kind = kind_of(data)
    if kind is None:
        return UploadProblem.WRONG_TYPE
    return Attachment(name=name, data=data, kind=kind)
