"""An emptied dossier, or one shorter than its last export, is not "intact" (issue 20, item 13).

Deleting every event and the head leaves a chain that links up perfectly: nothing. So
`innen dossier verify`, the customer page, the export and the API warn when an organisation
with a ledger has no events, or when the chain ends before (or differs at) the head its last
export printed. Tampering here is by someone who owns the database (see tampering.py).
"""

import io
import json
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from innen.api.tokens import api_token_create
from innen.casefile.export import dossier_export_bytes
from innen.cli.main import main
from innen.dossier.models import DossierHead, Event, EventKind, ExportedHead
from innen.dossier.record import NewEvent, append
from innen.ledger import services as ledger
from innen.organisations.models import Membership, Role
from tests import factories
from tests.dossier.tampering import guards_off

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


@pytest.fixture
def org():
    return factories.organisation("Alice B.V.")


@pytest.fixture
def customer(org):
    customer = factories.customer(org, number="K-1")
    ledger.invoice_create(
        organisation=org,
        customer=customer,
        number="F-1",
        issue_date=DAY - timedelta(days=30),
        due_date=DAY,
        amount_excl_vat=Decimal("100.00"),
        vat_amount=Decimal("21.00"),
        total=Decimal("121.00"),
    )
    append(org.pk, [NewEvent(EventKind.NOTE, DAY, customer_id=customer.pk, payload={"n": 1})])
    return customer


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def delete_everything(org):
    guards_off()
    sql(f"DELETE FROM {Event._meta.db_table} WHERE organisation_id = %s", [org.pk])
    sql(f"DELETE FROM {DossierHead._meta.db_table} WHERE organisation_id = %s", [org.pk])


def delete_the_newest_and_move_the_head_back(org):
    guards_off()
    last = Event.objects.filter(organisation=org).order_by("-seq").first()
    before = Event.objects.get(organisation=org, seq=last.seq - 1)
    sql(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [last.pk])
    sql(
        f"UPDATE {DossierHead._meta.db_table} SET seq = %s, hash = %s WHERE organisation_id = %s",
        [before.seq, before.hash, org.pk],
    )


def export(customer):
    data, _ = dossier_export_bytes(customer=customer, today=DAY)
    return json.loads(zipfile.ZipFile(io.BytesIO(data)).read("dossier.json"))


def verify(capsys):
    code = main(["dossier", "verify"])
    return code, capsys.readouterr().out.splitlines()


def test_an_emptied_dossier_of_an_organisation_with_a_ledger_is_not_intact(org, customer, capsys):
    delete_everything(org)
    code, lines = verify(capsys)
    assert code == 1
    assert f"Alice B.V. ({org.pk}): 0 events, chain intact" in lines
    assert (
        f"Alice B.V. ({org.pk}): WARNING: The dossier holds no events, yet the ledger holds "
        "invoices or payments (were the events deleted?)."
    ) in lines
    assert lines[-1] == "dossier: 0 events, chain intact but 1 warning(s) above"


def test_an_organisation_without_a_ledger_or_events_is_intact(org, capsys):
    assert verify(capsys) == (
        0,
        [f"Alice B.V. ({org.pk}): 0 events, chain intact", "dossier: 0 events, chain intact"],
    )


def test_an_export_records_the_head_it_printed(org, customer):
    export(customer)
    head = DossierHead.objects.get(organisation=org)
    kept = ExportedHead.objects.get(organisation=org)
    assert (kept.seq, kept.hash, kept.exported_on) == (head.seq, head.hash, DAY)


def test_a_chain_shorter_than_its_last_export_is_not_intact(org, customer, capsys):
    export(customer)
    exported = ExportedHead.objects.get(organisation=org).seq
    delete_the_newest_and_move_the_head_back(org)
    code, lines = verify(capsys)
    assert code == 1
    assert (
        f"Alice B.V. ({org.pk}): WARNING: The chain ends at event {exported - 1}, but the "
        f"export of 2026-03-02 showed event {exported} (were events deleted?)."
    ) in lines


def test_a_chain_rewritten_up_to_the_exported_head_is_named(org, customer, capsys):
    export(customer)
    exported = ExportedHead.objects.get(organisation=org)
    guards_off()
    sql(
        f"UPDATE {Event._meta.db_table} SET hash = %s WHERE organisation_id = %s AND seq = %s",
        ["ab" * 32, org.pk, exported.seq],
    )
    code, lines = verify(capsys)
    assert code == 1
    assert any(
        f"Event {exported.seq} is not the one the export of 2026-03-02" in line for line in lines
    )


def test_a_later_export_moves_the_anchor_forward_an_earlier_one_never_back(org, customer):
    export(customer)
    append(org.pk, [NewEvent(EventKind.NOTE, DAY, customer_id=customer.pk, payload={"n": 2})])
    export(customer)
    newest = DossierHead.objects.get(organisation=org).seq
    assert ExportedHead.objects.get(organisation=org).seq == newest


def test_the_export_itself_carries_the_warning(org, customer):
    export(customer)
    delete_the_newest_and_move_the_head_back(org)
    warnings = export(customer)["chain"]["warnings"]
    assert (
        len(warnings) == 1 and "zijn er gebeurtenissen verwijderd?" in warnings[0]
    )  # its language


def test_the_customer_page_shows_the_warning(client, org, customer):
    user = User.objects.create_user("victor", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=Role.VIEWER)
    client.force_login(user)
    page = reverse("customer-detail", args=[customer.pk])
    assert "Waarschuwing" not in client.get(page).content.decode()
    delete_everything(org)
    shown = client.get(page).content.decode()
    assert "Waarschuwing: Het dossier bevat geen gebeurtenissen" in shown


def test_the_api_shows_the_warning(client, org, customer):
    secret = api_token_create(organisation=org, name="feed", scope="read").secret
    headers = {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}
    chain = client.get("/api/dossier-events/chain", headers=headers).json()
    head = DossierHead.objects.get(organisation=org)
    assert chain == {
        "last_seq": head.seq,
        "head_seq": head.seq,
        "head_hash": head.hash,
        "warnings": [],
    }
    delete_everything(org)
    chain = client.get("/api/dossier-events/chain", headers=headers).json()
    assert (chain["last_seq"], chain["head_seq"], chain["head_hash"]) == (0, 0, None)
    assert chain["warnings"] == [
        "The dossier holds no events, yet the ledger holds invoices or payments "
        "(were the events deleted?)."
    ]
