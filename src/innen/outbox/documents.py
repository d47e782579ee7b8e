"""Keeping files exactly as sent, named by their SHA-256.

The same bytes are stored once per organisation; the dossier refers to them by hash, so
`innen dossier verify --documents` and any reader of an export can check a file is unchanged.
"""

from __future__ import annotations

import hashlib
import mimetypes

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from innen.outbox.models import Document


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_document(organisation_id: int, name: str, content_type: str, data: bytes) -> Document:
    """The stored document holding `data`: found by hash, or written now."""
    digest = sha256(data)
    found = Document.objects.filter(organisation_id=organisation_id, sha256=digest).first()
    if found is not None:
        return found
    extension = mimetypes.guess_extension(content_type) or ""
    document = Document(
        organisation_id=organisation_id,
        sha256=digest,
        name=name,
        content_type=content_type,
        size=len(data),
    )
    document.file.save(
        f"{organisation_id}/{digest[:2]}/{digest}{extension}", ContentFile(data), save=False
    )
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # another worker stored the same bytes a moment earlier
        return Document.objects.get(organisation_id=organisation_id, sha256=digest)
    return document


def read_document(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        data: bytes = handle.read()
        return data


def document_ref(document: Document) -> dict[str, str | int]:
    """How a dossier event names a stored document."""
    return {
        "sha256": document.sha256,
        "name": document.name,
        "content_type": document.content_type,
        "size": document.size,
    }
