"""POST /api/invoices/ubl: a UBL file or a ZIP of them, one result per file."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innen.bench.ubl import SELLER_VAT, an_invoice
from innen.ledger.models import Invoice

pytestmark = pytest.mark.django_db


def upload(api, name, data, path="/invoices/ubl"):
    return api.upload(path, {"file": SimpleUploadedFile(name, data)})


def test_a_ubl_invoice_is_imported_with_one_result_per_file(api, org):
    org.vat_number = SELLER_VAT
    org.save(update_fields=["vat_number"])
    response = upload(api, "a.xml", an_invoice(number="API-1"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ok"] is True
    (result,) = body["files"]
    assert (result["outcome"], result["number"], result["kind"]) == ("created", "API-1", "invoice")
    assert Invoice.objects.filter(organisation=org, number="API-1").exists()


def test_a_zip_is_imported_file_by_file_and_a_refused_file_says_its_rule(api, org):
    org.vat_number = SELLER_VAT
    org.save(update_fields=["vat_number"])
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("good.xml", an_invoice(number="Z-1"))
        zipped.writestr("bad.xml", an_invoice(number="Z-2", payable="120.00"))
    response = upload(api, "batch.zip", archive.getvalue())
    body = response.json()
    assert body["ok"] is False
    outcomes = {f["file"]: (f["outcome"], f["rules"]) for f in body["files"]}
    assert outcomes == {"bad.xml": ("refused", ["BR-CO-16"]), "good.xml": ("created", [])}


def test_a_file_that_cannot_be_imported_is_422_on_file_naming_the_rule(api, org):
    org.vat_number = SELLER_VAT
    org.save(update_fields=["vat_number"])
    response = upload(api, "bad.xml", an_invoice(payable="120.00"))
    assert response.status_code == 422
    (message,) = response.json()["errors"]["file"]
    assert message.startswith("bad.xml: BR-CO-16: the amount due is 120.00")


def test_a_dry_run_writes_nothing(api, org):
    org.vat_number = SELLER_VAT
    org.save(update_fields=["vat_number"])
    response = upload(api, "a.xml", an_invoice(number="D-1"), "/invoices/ubl/dry-run")
    assert response.json()["files"][0]["outcome"] == "created"
    assert not Invoice.objects.filter(organisation=org).exists()


def test_the_route_is_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    assert "post" in schema["paths"]["/api/invoices/ubl"]
