"""Cursor pagination: by id, at most `limit` a page, `next` until the last page."""

import pytest

from innen.api.pagination import MAX_LIMIT, encode_cursor
from tests import factories

pytestmark = pytest.mark.django_db


def test_pages_follow_each_other_by_id_without_gaps_or_repeats(api, org):
    made = [factories.customer(org, name=f"{letter} B.V.").pk for letter in "ECADB"]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api.get("/customers/", **params).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == sorted(made)


def test_a_row_added_meanwhile_does_not_shift_the_pages(api, org):
    first = factories.customer(org)
    second = factories.customer(org)
    page = api.get("/customers/", limit=1).json()
    factories.customer(org)
    following = api.get("/customers/", limit=1, cursor=page["next"]).json()
    assert [page["items"][0]["id"], following["items"][0]["id"]] == [first.pk, second.pk]


def test_the_last_page_has_no_next(api, org):
    factories.customer(org)
    assert api.get("/customers/", limit=1).json()["next"] is None


def test_a_limit_above_the_maximum_is_refused_on_limit(api):
    response = api.get("/customers/", limit=MAX_LIMIT + 1)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


def test_a_cursor_this_api_did_not_make_is_refused_on_cursor(api):
    for cursor in ("nonsense", encode_cursor(5)[:-2] + "!!", "YWZ0ZXI6LTE"):
        response = api.get("/customers/", cursor=cursor)
        assert response.status_code == 422
        assert list(response.json()["errors"]) == ["cursor"]
