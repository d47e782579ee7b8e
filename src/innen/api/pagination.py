"""Cursor pagination for every list: stable order by id, a cursor to the next page.

The cursor is the id the page ended at: the next page holds the rows after it, so a page
never skips or repeats a row that existed when the list was read, however many rows are
added meanwhile. Every cursor the schema allows (up to 18 digits) is one the API takes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_PATTERN = r"^[0-9]{1,18}$"


def encode_cursor(after: int) -> str:
    return str(after)


def decode_cursor(cursor: str) -> int:
    """Return the id a cursor continues after; the schema's pattern made sure it is one."""
    return int(cursor)


class CursorPagination(PaginationBase):
    class Input(Schema):
        cursor: str | None = Field(
            None,
            pattern=CURSOR_PATTERN,
            description="The `next` of the previous page; leave it out for the first.",
        )
        limit: int = Field(
            DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="How many items a page holds at most."
        )

    class Output(Schema):
        items: list[Any]
        next: str | None = Field(description="The cursor of the next page; null on the last.")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        limit = pagination.limit
        rows = queryset.order_by("pk")
        if pagination.cursor:
            rows = rows.filter(pk__gt=decode_cursor(pagination.cursor))
        page = list(rows[: limit + 1])
        following = encode_cursor(page[limit - 1].pk) if len(page) > limit else None
        return {"items": page[:limit], "next": following}
