"""The controller's desk in a real browser: sign in with a code, accept a bank match."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from innen.banking import services as banking
from innen.banking.models import BankEntry, MatchStatus
from innen.ledger.models import Invoice
from innen.organisations.models import Membership, Role
from tests import factories
from tests.accounts.helpers import app_code, confirmed_app, wrong_code
from tests.banking.conftest import FakeReader, entry, statement
from tests.browser.support import screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "een-lang-wachtwoord-42"


def controller(org, name="carla", role=Role.CONTROLLER) -> User:
    user = User.objects.create_user(name, password=PASSWORD)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def sign_in(page, user: User, device=None) -> None:
    page.goto("/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    if device is not None:
        page.wait_for_url("**/account/two-factor/verify/**")
        page.fill("input[name=code]", app_code(device))
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("header nav")


def test_signing_in_asks_for_the_code_from_the_app_and_a_right_code_lets_one_in(page):
    org = factories.organisation("Alice B.V.")
    user = controller(org)
    device = confirmed_app(user)

    sign_in(page, user, device)

    assert "/account/" not in page.url
    assert page.locator("header .account").inner_text().count(user.get_username()) == 1


def test_a_wrong_code_keeps_one_out(page):
    org = factories.organisation("Alice B.V.")
    user = controller(org)
    device = confirmed_app(user)
    page.goto("/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/account/two-factor/verify/**")

    page.fill("input[name=code]", wrong_code(device))
    page.locator("main form button[type=submit]").first.click()

    assert "/account/two-factor/verify/" in page.url
    page.goto("/worklist/")
    assert "/login/" in page.url or "/account/two-factor/verify/" in page.url


def test_a_controller_accepts_the_match_the_engine_offers(page, monkeypatch):
    org = factories.organisation("Alice B.V.")
    customer = factories.customer(org, name="Bakkerij Jansen")
    invoice = factories.invoice(org, customer, total="150.00", number="F2026-00042")
    factories.invoice(org, customer, total="80.00", number="F2026-00043")
    banking.bank_account_add(organisation=org, iban="NL91ABNA0417164300", name="ABN")
    reader = FakeReader()
    monkeypatch.setattr(banking, "read_file", reader)
    # A number one typo away and not the amount that is open: offered, not applied.
    line = entry(1, "100.00", remittance="factuur F2026-00024", counterparty_iban="")
    banking.statement_import(
        data=reader.add(b"nov", statement([line])), name="nov.xml", organisation=org, dry_run=False
    )
    row = BankEntry.objects.get()
    assert row.match_status == MatchStatus.REVIEW and row.candidates

    sign_in(page, controller(org))
    page.goto("/bank/review/")
    screenshot(page, "bank-review")
    page.get_by_role("button", name="Overnemen").first.click()
    page.wait_for_selector("text=Er hoeft niets beoordeeld te worden")

    row.refresh_from_db()
    assert row.match_status == MatchStatus.MATCHED
    paid = Invoice.objects.filter(pk=invoice.pk).with_balance().get()
    assert Decimal(paid.open_amount) == Decimal("50.00")


def test_a_controller_records_a_promise_from_the_worklist(page):
    from datetime import timedelta

    from django.utils import timezone

    from innen.collection.models import Hold, HoldReason
    from tests.personas import collecting_organisation
    from tests.web.test_worklist import call_task

    today = timezone.localdate()
    org = collecting_organisation("Alice B.V.", today)
    invoice, _call = call_task(org, today)
    promised = today + timedelta(days=7)

    sign_in(page, controller(org))
    page.goto("/worklist/")
    screenshot(page, "worklist")
    form = page.locator("form[data-form=record-call]").first
    form.locator("input[name=outcome][value=promised]").check()
    form.locator("input[name=promised_date]").fill(promised.isoformat())
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/worklist/#calls")

    hold = Hold.objects.get()
    assert (hold.invoice, hold.reason, hold.ends_on) == (invoice, HoldReason.PROMISE, promised)


def test_the_dashboard_draws_its_charts(page):
    from datetime import timedelta

    from django.utils import timezone

    from innen.ledger.services import payment_register

    today = timezone.localdate()
    org = factories.organisation("Alice B.V.")
    for n, (days, total) in enumerate(
        [(-10, "300.00"), (5, "121.00"), (40, "80.00"), (95, "45.50")]
    ):
        customer = factories.customer(org, name=f"Klant {n} B.V.")
        due = today - timedelta(days=days)
        factories.invoice(org, customer, total=total, due=due, issue_date=due - timedelta(days=30))
    paid = factories.invoice(
        org,
        customer,
        total="200.00",
        due=today - timedelta(days=60),
        issue_date=today - timedelta(days=90),
    )
    payment_register(
        organisation=org,
        customer=customer,
        date=today - timedelta(days=50),
        amount=Decimal("200.00"),
        designated=[paid],
    )

    sign_in(page, controller(org))
    page.goto("/dashboard/")
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas')].length > 0 && "
        "[...document.querySelectorAll('canvas')].every(c => c.width > 0)"
    )
    assert page.locator("canvas").count() >= 3
    screenshot(page, "dashboard")
