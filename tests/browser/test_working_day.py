"""A credit controller's working day at the desk, in Dutch, in a real browser.

Olga owns Drukkerij De Vries B.V., which asks everyone to sign in with two factors. She signs
in with her password and a code from her app, enters a new customer and its invoice with the
PDF, moves the payment reminder of the business ladder after looking at what that does to the
coming weeks, invites Dirk as a credit controller (who chooses a password, sets up his own
app and is in), and works her worklist: approves the hand-over waiting for her, records the
call she made, and settles a dispute with a credit note and an answer.

Every page she and Dirk see is checked for English (tests/browser/dutch.py) and kept as a
screenshot, day-NN-<what it shows>.png (docs/screenshots/ by `make screenshots`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from innen.arrangements.models import Dispute, DisputeStatus
from innen.arrangements.services import dispute_open
from innen.collection.models import Hold, HoldReason, Message, MessageStatus, Policy
from innen.ledger.models import CreditNote, Customer, Invoice
from innen.organisations.models import Membership, Organisation, Role
from tests.accounts.helpers import app_code, confirmed_app
from tests.browser.dutch import english_in, shown_text
from tests.browser.support import screenshot
from tests.browser.test_desk import PASSWORD
from tests.personas import collecting_organisation
from tests.web.test_invoice_records import a_pdf
from tests.web.test_worklist import awaiting_approval, call_task, overdue_invoice

pytestmark = pytest.mark.django_db(transaction=True)
DIRK_PASSWORD = "paars-olifant-zeilt-7"


@dataclass
class Day:
    """What the day has seen so far: each page's screenshot and the English on it."""

    page: object
    seen: list[str] = field(default_factory=list)
    english: dict[str, list[str]] = field(default_factory=dict)

    def look(self, name: str, page=None) -> None:
        shown = page or self.page
        shown.wait_for_load_state()
        name = f"day-{len(self.seen) + 1:02d}-{name}"
        self.seen.append(name)
        screenshot(shown, name)
        self.read(f"{name} ({shown.url})", shown_text(shown))

    def read(self, what: str, text: str) -> None:
        found = english_in(text)
        if found:
            self.english[what] = found


def submit(page, form: str = "main form") -> None:
    page.locator(f"{form} button[type=submit]").first.click()
    page.wait_for_load_state()


def the_organisation(today) -> tuple[Organisation, User, object]:
    """Drukkerij De Vries, collecting since a year, two factors for all; its owner Olga."""
    org = collecting_organisation("Drukkerij De Vries B.V.", today)
    org.require_two_factor = True
    org.save()
    olga = User.objects.create_user("olga", password=PASSWORD)
    Membership.objects.create(user=olga, organisation=org, role=Role.OWNER)
    return org, olga, confirmed_app(olga)


def the_days_work(org: Organisation, today) -> dict[str, object]:
    """What waits on the worklist this morning: a hand-over to approve, a call to make, and a
    customer who disputes an invoice in the portal."""
    handover = awaiting_approval(org, today)
    _, call = call_task(org, today)
    disputed = overdue_invoice(org, today, 20, total="242.00")
    dispute = dispute_open(
        customer=disputed.customer,
        reason="amount_wrong",
        message="Er staan twee dozen te veel op de factuur.",
        invoice_ids=[disputed.pk],
        today=today,
    )
    return {"handover": handover, "call": call, "dispute": dispute, "disputed": disputed}


def sign_in_with_a_code(day: Day, olga: User, device) -> None:
    page = day.page
    page.goto("/login/")
    day.look("sign-in")
    page.fill("#id_username", olga.get_username())
    page.fill("#id_password", PASSWORD)
    submit(page)
    page.wait_for_url("**/account/two-factor/verify/**")
    day.look("two-factor-code")
    page.fill("input[name=code]", app_code(device))
    submit(page)
    page.wait_for_selector("header nav")
    assert "/account/" not in page.url and "/login/" not in page.url
    day.look("home")


def create_a_customer(day: Day, org: Organisation) -> Customer:
    page = day.page
    page.goto("/customers/")
    day.look("customers")
    page.locator("main a.button", has_text="Nieuwe klant").click()
    page.wait_for_url("**/customers/new/")
    for name, value in {
        "number": "K-2001",
        "name": "Schildersbedrijf Bakker B.V.",
        "contact_person": "Joke Bakker",
        "emails": "administratie@bakkerschilders.nl",
        "phone": "030 123 4567",
        "street": "Lindelaan 12",
        "postcode": "3581ab",
        "city": "Utrecht",
        "kvk_number": "87654321",
        "segment": "bouw",
        "ibans": "NL44 RABO 0123 4567 89",
    }.items():
        page.fill(f"#id_{name}", value)
    day.look("customer-new")
    submit(page, "main form.record-form")
    customer = Customer.objects.get(organisation=org, number="K-2001")
    page.wait_for_url(f"**/customers/{customer.pk}/")
    assert customer.postcode == "3581 AB" and customer.city == "Utrecht"
    day.look("customer")
    return customer


def create_an_invoice(day: Day, customer: Customer, today, pdf_path) -> Invoice:
    page = day.page
    page.locator("main a.button", has_text="Nieuwe factuur").click()
    page.wait_for_url(f"**/customers/{customer.pk}/invoices/new/")
    page.fill("#id_number", "2026-0815")
    page.fill("#id_issue_date", (today - timedelta(days=25)).isoformat())
    page.fill("#id_due_date", (today + timedelta(days=5)).isoformat())
    page.fill("#id_amount_excl_vat", "1.250,00")
    page.fill("#id_vat_amount", "262,50")
    page.set_input_files("#id_pdf", str(pdf_path))
    day.look("invoice-new")
    submit(page, "main form.record-form")
    invoice = Invoice.objects.get(customer=customer, number="2026-0815")
    page.wait_for_url(f"**/invoices/{invoice.pk}/")
    assert invoice.total == Decimal("1512.50") and invoice.pdf
    day.look("invoice")
    return invoice


def change_a_policy_after_its_preview(day: Day, org: Organisation, invoice: Invoice) -> None:
    """The business ladder's payment reminder goes from 7 to 10 days after the due date."""
    page = day.page
    policy = Policy.objects.get(organisation=org, customer_kind="business", is_default=True)
    reminder = policy.steps.get(kind="reminder")
    page.goto("/collection/policies/")
    day.look("policies")
    page.locator("main a", has_text=policy.name).first.click()
    page.wait_for_url(f"**/collection/policies/{policy.pk}/")
    day.look("policy")
    row = page.locator(f'table.policy-steps tr:has(input[name$="-id"][value="{reminder.pk}"])')
    row.locator("input[name$=offset_days]").fill("10")
    page.locator("#policy-form button[name=preview]").click()
    page.wait_for_selector("#preview")
    preview = page.locator("#preview").inner_text()
    assert "→" in preview and invoice.number in preview
    reminder.refresh_from_db()
    assert reminder.offset_days == 7, "the preview saves nothing"
    day.look("policy-preview")
    page.locator("#policy-form button[name=save]").click()
    page.wait_for_selector("ul.messages")
    reminder.refresh_from_db()
    assert reminder.offset_days == 10
    day.look("policy-saved")


def invite_a_colleague(day: Day, org: Organisation, mailoutbox) -> str:
    """The path of the link in the invitation Dirk receives."""
    page = day.page
    page.goto("/account/members/")
    page.fill("#id_email", "dirk@drukkerijdevries.nl")
    page.select_option("#id_role", Role.CONTROLLER)
    day.look("members-invite")
    page.locator("main form", has=page.locator("#id_email")).locator("button").click()
    page.wait_for_load_state()
    assert "dirk@drukkerijdevries.nl" in page.inner_text("main")
    day.look("members-invited")
    (mail,) = mailoutbox
    assert mail.to == ["dirk@drukkerijdevries.nl"]
    day.read("invitation-mail", mail.subject + "\n" + mail.body)
    link = re.search(r"https?://\S+(/account/invitation/\S+/)", mail.body)
    assert link, mail.body
    return link.group(1)


def the_colleague_joins(day: Day, browser, base_url: str, link: str) -> None:
    """Dirk, on his own computer: a password, then his authenticator app, and he is in."""
    context = browser.new_context(
        base_url=base_url, locale="nl-NL", viewport={"width": 1280, "height": 900}
    )
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(link)
        day.look("invitation", page)
        page.fill("#id_new_password1", DIRK_PASSWORD)
        page.fill("#id_new_password2", DIRK_PASSWORD)
        submit(page)
        page.wait_for_url("**/account/two-factor/setup/**")
        day.look("colleague-two-factor-setup", page)
        secret = page.locator("main code").first.inner_text()
        page.fill("input[name=code]", code_for(secret))
        submit(page)
        day.look("colleague-recovery-codes", page)
        page.goto("/")
        page.wait_for_selector("header nav")
        assert "dirk@drukkerijdevries.nl" in page.locator("header .account").inner_text()
        day.look("colleague-home", page)
    finally:
        context.close()
    dirk = Membership.objects.get(user__username="dirk@drukkerijdevries.nl")
    assert dirk.role == Role.CONTROLLER


def code_for(secret: str) -> str:
    """The code an app shows for the key the setup page spells out (base32, in groups)."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    return app_code(TOTPDevice(key=key.hex(), step=30))


def work_the_worklist(day: Day, work: dict, today) -> None:
    """Approve the hand-over and record the call, each on its own row of the worklist."""
    page = day.page
    page.goto("/worklist/")
    day.look("worklist")
    handover: Message = work["handover"]
    page.locator(f"#approval-{handover.pk} [data-action=approve]").click()
    page.wait_for_load_state()
    handover.refresh_from_db()
    assert handover.status != MessageStatus.AWAITING_APPROVAL
    day.look("worklist-approved")

    call: Message = work["call"]
    form = page.locator(f"#call-{call.pk} form:has([data-action=record-call])")
    form.locator("input[name=outcome][value=promised]").check()
    form.locator("input[name=promised_date]").fill((today + timedelta(days=7)).isoformat())
    form.locator("[name=note]").fill("Betaalt volgende week, zegt mevrouw De Wit.")
    form.locator("[data-action=record-call]").click()
    page.wait_for_load_state()
    hold = Hold.objects.get(invoice__customer=call.customer, reason=HoldReason.PROMISE)
    assert hold.ends_on == today + timedelta(days=7)
    day.look("worklist-call-recorded")


def settle_the_dispute(day: Day, work: dict, today) -> None:
    """The customer is right about part of the invoice: a credit note, then the answer."""
    page = day.page
    dispute: Dispute = work["dispute"]
    page.goto("/worklist/")
    page.locator(f"tr[data-dispute='{dispute.pk}'] [data-action=answer-dispute]").click()
    page.wait_for_url(f"**/arrangements/disputes/{dispute.pk}/")
    day.look("dispute")
    page.locator("main [data-action=credit-note]").first.click()
    page.wait_for_url("**/credit-note/")
    page.fill("#id_number", "CN-2026-007")
    page.fill("#id_issue_date", today.isoformat())
    page.fill("#id_amount_excl_vat", "40,00")
    page.fill("#id_vat_amount", "8,40")
    day.look("credit-note")
    submit(page, "main form.record-form")
    page.wait_for_url(f"**/arrangements/disputes/{dispute.pk}/")
    assert CreditNote.objects.get(number="CN-2026-007").total == Decimal("48.40")
    page.fill("main form textarea", "U heeft gelijk: de twee dozen zijn gecrediteerd.")
    page.locator("main form input[name=resolve]").check()
    day.look("dispute-answer")
    page.locator("main [data-action=send-answer]").click()
    page.wait_for_load_state()
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.RESOLVED
    day.look("dispute-settled")
    page.goto("/worklist/")
    assert page.locator(f"tr[data-dispute='{dispute.pk}']").count() == 0
    day.look("worklist-done")


def test_a_controller_does_a_whole_days_work_at_the_desk_and_reads_only_dutch(
    page, browser, live_server, mailoutbox, tmp_path
):
    today = timezone.localdate()
    org, olga, device = the_organisation(today)
    work = the_days_work(org, today)
    pdf = tmp_path / "factuur-2026-0815.pdf"
    pdf.write_bytes(a_pdf())
    day = Day(page)

    sign_in_with_a_code(day, olga, device)
    customer = create_a_customer(day, org)
    invoice = create_an_invoice(day, customer, today, pdf)
    change_a_policy_after_its_preview(day, org, invoice)
    link = invite_a_colleague(day, org, mailoutbox)
    the_colleague_joins(day, browser, live_server.url, link)
    work_the_worklist(day, work, today)
    settle_the_dispute(day, work, today)

    assert len(day.seen) >= 20
    english = [f"{where}: {found}" for where, bits in day.english.items() for found in bits]
    assert english == [], "English on the Dutch pages:\n" + "\n".join(english)


def test_the_check_for_english_finds_it_on_the_english_sign_in_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        page = context.new_page()
        page.goto("/login/")
        english = english_in(shown_text(page))
    finally:
        context.close()
    assert any("Sign in" in found or "Password" in found for found in english), english
