"""A debtor's upload opened by the organisation's owner runs nothing on innen's address.

The debtor attaches x.html: a real PDF with a web page and its script after the PDF's end,
the file a PDF check passes. The owner opens it the ways one could: the link on the dispute
page, and the addresses under /media/ where such files used to be served as they were named.
Had the script run on innen's address it could have done what the owner may (make an API
token); here it would leave a mark in the site's storage, which must stay empty.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from innen.api.models import ApiToken
from innen.arrangements.models import Dispute
from innen.organisations.models import Role
from innen.outbox.links import portal_url
from tests import factories
from tests.browser.test_desk import controller, sign_in
from tests.samplefiles import a_pdf_with_a_page_after_it

pytestmark = pytest.mark.django_db(transaction=True)


def open_in_the_browser(page, path: str) -> None:
    """Go to `path` as a person would; a file the browser saves instead is fine too."""
    try:
        page.goto(path)
    except PlaywrightError as error:  # the download started instead of a page
        assert "Download is starting" in str(error) or "ERR_ABORTED" in str(error)
    page.wait_for_timeout(300)  # room for a script to run, had one started


def script_ran(page) -> bool:
    page.goto("/login/")
    return page.evaluate("localStorage.getItem('innen-script-ran')") is not None


def test_an_uploaded_pdf_carrying_a_script_runs_nothing_when_the_owner_opens_it(page, tmp_path):
    org = factories.organisation()
    customer = factories.customer(org, postcode="1234 AB")
    factories.invoice(org, customer, total="80.00")
    upload = tmp_path / "x.html"
    upload.write_bytes(a_pdf_with_a_page_after_it())

    link = portal_url(org.pk, customer.pk).split("/portal/", 1)[1]
    page.goto(f"/portal/{link}dispute/")
    page.check("input[name=reason][value=not_delivered]")
    page.fill("textarea[name=message]", "Zie de bijlage.")
    page.set_input_files("input[name=attachment]", str(upload))
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    dispute = Dispute.objects.get()

    sign_in(page, controller(org, "olga", Role.OWNER))
    page.goto(f"/arrangements/disputes/{dispute.pk}/")
    attachment = page.locator("a", has_text="x.html").get_attribute("href")
    served = page.request.get(attachment)
    assert served.headers["content-type"] == "application/pdf"
    assert served.headers["x-content-type-options"] == "nosniff"
    for path in (
        attachment,
        f"/media/disputes/{org.pk}/x.html",
        f"/media/{dispute.attachment.name}",
    ):
        open_in_the_browser(page, path)
        assert page.title() != "RAN"

    assert not script_ran(page)
    assert not ApiToken.objects.exists()
