"""A real browser signs in through the production server (gunicorn, DEBUG off)."""

from __future__ import annotations

from tests.cli.innen_process import python
from tests.config.production_server import prepared, serving

PASSWORD = "a-long-production-password-2026"

MEMBER = f"""
import django; django.setup()
from django.contrib.auth import get_user_model
from tests import factories
from innen.organisations.models import Membership
org = factories.organisation()
user = get_user_model().objects.create_user("controller", password="{PASSWORD}")
Membership.objects.create(user=user, organisation=org)
"""


def test_a_browser_signs_in_through_the_production_server(tmp_path, browser):
    env = prepared(tmp_path)
    python(env, MEMBER)
    with serving(env, tmp_path / "server.log") as port:
        origin = f"http://127.0.0.1:{port}"
        context = browser.new_context(
            base_url=origin,
            locale="nl-NL",
            # As the proxy would say: the browser reached it over https.
            extra_http_headers={"X-Forwarded-Proto": "https"},
        )
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            page.goto("/login/")
            page.fill("#id_username", "controller")
            page.fill("#id_password", PASSWORD)
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_load_state()
            # Signed in: the home page, which sends anyone not signed in back to /login/.
            log = (tmp_path / "server.log").read_text()[-3000:]
            assert page.url == f"{origin}/", f"{page.url}\n{log}"
            assert '"POST /login/ 302"' in log
            assert "/static/web/innen." in log  # the hashed stylesheet, through WhiteNoise
        finally:
            context.close()
