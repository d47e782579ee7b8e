"""Bank statements through the API: the Bank page's import and its review of lines."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innen.banking.models import BankEntry, MatchStatus, StatementImport
from innen.ledger.models import Invoice
from innen.translatable import to_record
from tests.api.conftest import IBANS, bank_statement, mt940, overdue_invoice, populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(org, owner, today):
    return populate(org, owner, today)


def upload(api, data, path="/bank-statements/"):
    return api.upload(path, {"file": SimpleUploadedFile("nov.940", data)})


def refused_on(response, status, *fields):
    assert response.status_code == status, response.content
    assert set(fields) <= set(response.json()["errors"]), response.json()
    return response.json()["errors"]


# Importing -------------------------------------------------------------------------------


def test_a_dry_run_says_what_it_would_add_and_writes_nothing(api, org):
    data = bank_statement(org)
    response = upload(api, data, "/bank-statements/dry-run")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["dry_run"], body["format"], body["imported"]) == (True, "mt940", 2)
    assert body["import_ids"] == [] and body["matching"] is None
    assert not StatementImport.objects.filter(organisation=org).exists()


def test_a_statement_is_imported_and_matched_once(api, org):
    data = bank_statement(org)
    response = upload(api, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["imported"] == 2 and len(body["import_ids"]) == 1
    assert body["matching"]["review"] == 1
    again = upload(api, data).json()
    assert (again["imported"], again["duplicates"]) == (0, 2)


def test_a_file_that_does_not_add_up_imports_nothing_and_names_the_statement(api, org):
    broken = bank_statement(org).replace(b"EUR1071,00", b"EUR1171,00")
    messages = refused_on(upload(api, broken), 422, "file")["file"]
    assert "statement" in messages[0]
    assert not StatementImport.objects.filter(organisation=org).exists()


def test_a_file_that_is_no_statement_is_refused_on_the_file(api, org):
    refused_on(upload(api, b"dit is geen afschrift"), 422, "file")


def test_a_statement_of_an_account_the_organisation_lacks_is_refused(api, org):
    refused_on(upload(api, mt940(IBANS[0])), 422, "file")


def test_a_read_token_cannot_import(read_api, org):
    assert upload(read_api, bank_statement(org)).status_code == 403


def test_without_a_file_the_file_is_named(api):
    refused_on(api.upload("/bank-statements/dry-run", {}), 422, "file")


# Reading ---------------------------------------------------------------------------------


def test_imports_and_their_entries_are_listed(read_api, ids):
    imports = read_api.get("/bank-statements/").json()["items"]
    assert [i["id"] for i in imports] == [ids["import_id"]]
    assert imports[0]["entries"] == 2 and imports[0]["format"] == "mt940"
    entries = read_api.get(f"/bank-statements/{ids['import_id']}/entries").json()["items"]
    assert [e["amount"] for e in entries] == ["121.00", "-50.00"]
    review = read_api.get("/bank-entries/", match_status="review").json()["items"]
    assert [e["id"] for e in review] == [ids["entry_id"]]


# Reviewing a line ------------------------------------------------------------------------


def test_setting_a_line_aside_is_done_once(api, ids):
    url = f"/bank-entries/{ids['entry_id']}/set-aside"
    response = api.post(url)
    assert response.status_code == 200, response.content
    assert response.json()["match_status"] == "ignored"
    refused_on(api.post(url), 409, "entry")


def test_a_line_assigned_to_invoices_pays_them(api, org, ids, today):
    invoice = overdue_invoice(org, today, 30, total="121.00")
    url = f"/bank-entries/{ids['entry_id']}/assign"
    response = api.post(url, {"invoices": [invoice.number]})
    assert response.status_code == 200, response.content
    assert response.json()["match_status"] == "matched"
    assert response.json()["payment_id"] is not None
    assert Invoice.objects.with_balance().get(pk=invoice.pk).open_amount == 0
    refused_on(api.post(url, {"invoices": [invoice.number]}), 409, "entry")


def test_assigning_an_unknown_invoice_number_is_refused_on_the_invoices(api, ids):
    url = f"/bank-entries/{ids['entry_id']}/assign"
    refused_on(api.post(url, {"invoices": ["BESTAAT-NIET"]}), 422, "invoices")
    assert BankEntry.objects.get(pk=ids["entry_id"]).match_status == MatchStatus.REVIEW


def test_accepting_an_offer_applies_it(api, org, ids, today):
    invoice = overdue_invoice(org, today, 30, total="121.00")
    offer = {
        "invoices": [invoice.number],
        "invoice_ids": [invoice.pk],
        "customer_id": invoice.customer_id,
        "amounts": ["121.00"],
        "score": 80,
        "reason": "the amount is the invoice's",
        "said": to_record("the amount is the invoice's"),
        "rule": "amount",
    }
    BankEntry.objects.filter(pk=ids["entry_id"]).update(candidates=[offer])
    url = f"/bank-entries/{ids['entry_id']}/accept"
    listed = api.get(f"/bank-entries/{ids['entry_id']}").json()
    assert listed["offers"][0]["invoice_ids"] == [invoice.pk]
    refused_on(api.post(url, {"offer": 1}), 409, "offer")
    response = api.post(url, {"offer": 0})
    assert response.status_code == 200, response.content
    assert response.json()["match_status"] == "matched"


# The dossier export ----------------------------------------------------------------------


def test_the_dossier_export_is_the_zip_of_the_customers_page(read_api, ids):
    response = read_api.get(f"/customers/{ids['customer_id']}/dossier-export")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert names[0] == "summary.pdf" and "dossier.json" in names


def test_the_dossier_summary_alone_is_a_pdf(read_api, ids):
    url = f"/customers/{ids['customer_id']}/dossier-export"
    response = read_api.get(url, format="pdf", invoice_id=ids["invoice_id"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")


def test_an_invoice_of_another_customer_is_not_found_in_the_dossier(read_api, org, ids, today):
    other = overdue_invoice(org, today, 5)
    url = f"/customers/{ids['customer_id']}/dossier-export"
    assert read_api.get(url, invoice_id=other.pk).status_code == 404
