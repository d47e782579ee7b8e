"""Files innen stores (uploads, invoice PDFs, documents as sent): names, reading, serving.

Nothing under MEDIA_ROOT has a public address. A view first checks who asks (a member of the
file's organisation, or the customer's own signed portal link), then answers with
`file_response`. A browser may show a file itself only when parsing proves it a PDF, PNG or
JPEG (`innen.filetypes`); anything else downloads, and `nosniff` stops the browser from
guessing a type of its own, such as a web page with scripts.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from innen.filetypes import KINDS, download_name, kind_of

OCTET_STREAM = "application/octet-stream"
_EXTENSIONS = {kind.extension for kind in KINDS}


def random_name(folder: str, filename: str) -> str:
    """A name under `folder` nobody can guess or choose; only a known extension is kept."""
    extension = PurePosixPath(filename).suffix.lower()
    return f"{folder}/{secrets.token_hex(16)}{extension if extension in _EXTENSIONS else ''}"


@contextmanager
def kept_only_if_committed(file: FieldFile) -> Iterator[None]:
    """Run the block as the outermost transaction; if it or its commit fails, delete `file`.

    Django runs nothing on a rollback, so a file written for rows that never commit would stay
    behind with nothing pointing at it. `durable` makes sure no outer transaction is left to
    roll the rows back after the block has ended well.
    """
    try:
        with transaction.atomic(durable=True):
            yield
    except BaseException:
        if file:
            file.delete(save=False)
        raise


def stored_bytes(file: FieldFile) -> bytes:
    """The stored file's bytes; 404 when the row has no file or the storage lost it."""
    if not file:
        raise Http404("no file")
    try:
        with file.open("rb") as handle:
            data: bytes = handle.read()
            return data
    except OSError as exc:
        raise Http404("the file is missing from storage") from exc


def file_response(
    data: bytes, *, filename: str, content_type: str | None = None, inline: bool = False
) -> HttpResponse:
    """`data` as a download named `filename`; shown in the browser when `inline` and it may be.

    Without `content_type` the type is what parsing finds, else application/octet-stream.
    """
    kind = kind_of(data) if inline or content_type is None else None
    content_type = content_type or (kind.content_type if kind else OCTET_STREAM)
    shown = inline and kind is not None and kind.content_type == content_type
    return _response(data, filename, content_type, shown)


def upload_response(data: bytes, *, name: str) -> HttpResponse:
    """A customer's upload, shown when it is a PDF, PNG or JPEG, else downloaded as bytes.

    The download is named after what the file is: x.html holding a PDF comes as x.pdf.
    """
    kind = kind_of(data)
    content_type = kind.content_type if kind else OCTET_STREAM
    return _response(data, download_name(name, kind), content_type, kind is not None)


def _response(data: bytes, filename: str, content_type: str, shown: bool) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not shown, filename) or (
        "inline" if shown else "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
