"""The desk and the portal show an icon in the browser's tab, served by the app itself."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "icon"),
    [("login", "web/favicon.svg"), ("portal-code", "portal/favicon.svg")],
    ids=["desk", "portal"],
)
def test_the_desk_and_the_portal_link_their_own_svg_favicon(client, page, icon):
    html = client.get(reverse(page)).content.decode()
    assert f'<link rel="icon" href="/static/{icon}" type="image/svg+xml">' in html
    found = finders.find(icon)
    assert found is not None
    with open(found, encoding="utf-8") as svg:
        assert svg.read().startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_favicon_ico_leads_to_the_desk_s_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/web/favicon.svg"
