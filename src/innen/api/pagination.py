"""Cursor pagination for every list: stable order by id, an opaque cursor to the next page.

The cursor only says "after id N" (base64), so a page never skips or repeats a row that
existed when the list was read, however many rows are added meanwhile.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from innen.api.errors import FieldErrors

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_START = "after:"


def encode_cursor(after: int) -> str:
    return base64.urlsafe_b64encode(f"{CURSOR_START}{after}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """Return the id a cursor continues after; refuse anything this API did not hand out."""
    padded = cursor + "=" * (-len(cursor) % 4)
    try:
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    number = text.removeprefix(CURSOR_START)
    if not text.startswith(CURSOR_START) or not number.isdigit() or len(number) > 18:
        raise FieldErrors({"cursor": [_("This is not a cursor from this API; start without.")]})
    return int(number)


class CursorPagination(PaginationBase):
    class Input(Schema):
        cursor: str | None = Field(
            None, max_length=100, description="The `next` of the previous page; empty: the first."
        )
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items a page holds at most."
        )

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(description="The cursor of the next page; null on the last.")

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        limit = pagination.limit
        rows = queryset.order_by("pk")
        if pagination.cursor:
            rows = rows.filter(pk__gt=decode_cursor(pagination.cursor))
        page = list(rows[: limit + 1])
        following = encode_cursor(page[limit - 1].pk) if len(page) > limit else None
        return {"items": page[:limit], "next": following}
