"""Every page of the desk and the portal, as the demo owner sees it in Dutch, is Dutch.

The walk follows every link from the menu's pages (one page of each kind, and many customers
and invoices, whose words depend on the data) and the portals of several demo customers.
"""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from innen.demo.loader import DEMO_USERNAME, demo_load
from innen.ledger.models import Customer, Invoice
from innen.letters.defaults import KINDS, default_template
from innen.letters.layouts import email_html, email_text, letter_html
from innen.letters.letter_view import letter_view
from innen.letters.samples import sample_letter
from innen.letters.templating import render_texts
from innen.outbox.links import portal_token
from tests.web.dutch_walk import ENGLISH, missing_msgids, page_text, walk

pytestmark = pytest.mark.django_db

STARTS = [
    "/",
    "/dashboard/",
    "/worklist/",
    "/collection/",
    "/outbox/",
    "/bank/",
    "/import/",
    "/customers/",
    "/claim/",
    "/settings/webhooks/",
    "/portal/settings/",
]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return demo_load(today=timezone.localdate(), customers=24).organisation


def test_every_desk_and_portal_page_reads_dutch_to_a_dutch_owner(demo, client):
    client.force_login(User.objects.get(username=DEMO_USERNAME))
    customers = Customer.objects.filter(organisation=demo).order_by("number")[:6]
    starts = STARTS + [f"/portal/{portal_token(demo.pk, c.pk)}/" for c in customers]
    english: dict[str, list[str]] = {}
    visited = 0
    with missing_msgids("nl") as missing:
        for url, text in walk(lambda u: client.get(u, HTTP_ACCEPT_LANGUAGE="nl"), starts):
            visited += 1
            found = [text[max(0, m.start() - 40) : m.end() + 40] for m in ENGLISH.finditer(text)]
            if found:
                english[url] = [" ".join(bit.split()) for bit in found[:5]]
    assert visited > 60, "the walk reached too few pages to say much"
    assert sorted(missing) == [], "msgids without a Dutch translation"
    assert english == {}, "English words on Dutch pages"


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_letter_and_email_is_dutch_in_dutch(kind):
    letter = sample_letter(kind, "nl", date(2026, 11, 23))
    template = default_template(kind, "nl")
    texts = render_texts(template, letter)
    view = letter_view(letter, texts)
    for made in (texts.subject, email_text(view), email_html(view), letter_html(view)):
        text, _ = page_text(made)
        assert [m.group(0) for m in ENGLISH.finditer(text)] == [], kind


def test_an_english_reader_gets_the_explanation_and_the_dossier_in_english(demo, client):
    client.force_login(User.objects.get(username=DEMO_USERNAME))
    invoice = Invoice.objects.filter(organisation=demo).open().order_by("due_date").first()
    english = client.get(f"/invoices/{invoice.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    dutch = client.get(f"/invoices/{invoice.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Policy: " in english and "Next: " in english
    assert "Beleid: " in dutch and "Volgende: " in dutch
    assert "Policy: " not in dutch
