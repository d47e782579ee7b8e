"""The organisation's customers per behaviour segment, as the daily job last computed them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from innen.api.auth import organisation_of
from innen.api.errors import LIST_ERRORS
from innen.collection.behaviour import label, segment_counts
from innen.file_messages import translated
from innen.risk.segments import DESCRIPTIONS, Behaviour
from innen.translatable import say

router = Router(tags=["customers"])


class SegmentCountOut(Schema):
    code: str
    label: str = Field(description="The segment's name in the reader's language.")
    description: str
    customers: int


class SegmentsOut(Schema):
    segments: list[SegmentCountOut]
    not_computed: int = Field(description="Customers not yet put in a segment (new since).")
    computed_on: date | None = Field(description="The last day the segments were computed.")


@router.get("/", response={200: SegmentsOut, **LIST_ERRORS})
def segment_list(request: HttpRequest) -> Any:
    """How many customers are in each behaviour segment (every segment, 0 too); filter the
    customers with `GET /api/customers/?behaviour=CODE`."""
    found = segment_counts(organisation_of(request).pk)
    return {
        "segments": [
            {
                "code": behaviour.value,
                "label": translated(label(behaviour)),
                "description": translated(say(DESCRIPTIONS[behaviour])),
                "customers": found.counts[behaviour.value],
            }
            for behaviour in Behaviour
        ],
        "not_computed": found.not_computed,
        "computed_on": found.computed_on,
    }
