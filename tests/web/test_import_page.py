import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innen.ledger.models import Invoice
from innen.organisations.models import Membership, Role
from tests import factories

pytestmark = pytest.mark.django_db

INVOICES = (
    "Factuurnummer;Klantnummer;Factuurdatum;Vervaldatum;Totaal\n"
    "F1;K1;01-11-2026;01-12-2026;121,00\n"
    "F2;K1;01-11-2026;01-12-2026;50,00\n"
)


@pytest.fixture
def org():
    org = factories.organisation("Alice B.V.")
    factories.customer(org, number="K1")
    return org


def member(client, org, role):
    user = User.objects.create_user(f"user-{role}", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    return client


def upload(client, text, kind="invoices", **extra):
    data = {"kind": kind, "file": SimpleUploadedFile("f.csv", text.encode()), **extra}
    return client.post(reverse("import-upload"), data)


def test_the_page_is_under_import_in_the_project_urls():
    assert reverse("import-upload") == "/import/"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("import-upload"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_offers_the_three_kinds_of_file(client, org):
    html = member(client, org, Role.OWNER).get(reverse("import-upload")).content.decode()
    assert 'value="customers"' in html and 'value="payments"' in html
    assert 'enctype="multipart/form-data"' in html


def test_an_upload_imports_and_shows_the_counts(client, org):
    response = upload(member(client, org, Role.CONTROLLER), INVOICES)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.unchanged) == (2, 0)
    assert Invoice.objects.filter(organisation=org).count() == 2
    again = upload(client, INVOICES).context["report"]
    assert (again.created, again.unchanged) == (0, 2)


def test_a_bad_file_shows_every_problem_in_a_table_and_imports_nothing(client, org):
    broken = INVOICES + "F3;K9;31-02-2026;01-12-2026;1.234\n"
    response = upload(member(client, org, Role.OWNER), broken, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="import-errors"' in html
    assert "Klantnummer" in html and "Factuurdatum" in html and "Totaal" in html
    assert len(response.context["report"].errors) == 3
    assert Invoice.objects.count() == 0


def test_a_dry_run_writes_nothing(client, org):
    response = upload(member(client, org, Role.OWNER), INVOICES, dry_run="on")
    assert response.context["report"].dry_run
    assert response.context["report"].created == 2
    assert Invoice.objects.count() == 0


def test_a_viewer_may_see_the_page_but_not_upload(client, org):
    client = member(client, org, Role.VIEWER)
    assert client.get(reverse("import-upload")).status_code == 200
    assert upload(client, INVOICES).status_code == 403
    assert Invoice.objects.count() == 0


def test_a_form_without_a_file_is_refused(client, org):
    client = member(client, org, Role.OWNER)
    response = client.post(reverse("import-upload"), {"kind": "invoices"})
    assert response.status_code == 400


NUL_FILES = {
    "customers": "Klantnummer;Naam;Plaats\nK2;Jan\x00sen;Utrecht\n",
    "invoices": INVOICES.replace("F2;", "F\x002;"),
    "payments": "Datum;Bedrag;Klantnummer;Omschrijving\n01-11-2026;10,00;K1;Factuur F1\x00\n",
}


@pytest.mark.parametrize("kind", NUL_FILES)
def test_a_nul_character_in_a_cell_is_refused_naming_line_and_column(client, org, kind):
    response = upload(member(client, org, Role.OWNER), NUL_FILES[kind], kind=kind)
    assert response.status_code == 400
    report = response.context["report"]
    assert not report.ok and report.created == 0
    # The default language, Dutch: the reader's message translated.
    assert "NUL-teken" in str(report.errors)
    assert "NUL-teken" in response.content.decode()
    assert Invoice.objects.count() == 0


BAD_DATE = INVOICES + "F3;K1;2026/11/01;01-12-2026;10,00\n"


def test_a_dutch_reader_sees_the_files_problems_in_dutch_naming_line_and_column(client, org):
    response = upload(member(client, org, Role.OWNER), BAD_DATE)
    assert response.status_code == 400
    (error,) = response.context["report"].errors
    assert (error.line, error.column) == (4, "Factuurdatum")
    assert error.message.startswith('"2026/11/01" is geen datum: gebruik JJJJ-MM-DD')
    html = response.content.decode()
    assert "<td>Factuurdatum</td>" in html and "is geen datum" in html


def test_an_english_reader_sees_them_in_english(client, org):
    client = member(client, org, Role.OWNER)
    data = {"kind": "invoices", "file": SimpleUploadedFile("f.csv", BAD_DATE.encode())}
    response = client.post(reverse("import-upload"), data, HTTP_ACCEPT_LANGUAGE="en")
    (error,) = response.context["report"].errors
    assert error.message.startswith('"2026/11/01" is not a date: use YYYY-MM-DD')


def test_ubl_files_are_imported_with_a_dutch_result_per_file(client, org):
    from innen.bench.ubl import SELLER_VAT, an_invoice

    org.vat_number = SELLER_VAT
    org.save(update_fields=["vat_number"])
    member(client, org, Role.OWNER)
    files = {"file": SimpleUploadedFile("e.xml", an_invoice(number="E-1"))}
    response = client.post(reverse("import-ubl"), files, headers={"Accept-Language": "nl"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "e.xml" in html and "Aangemaakt" in html and "E-1" in html
    assert Invoice.objects.filter(organisation=org, number="E-1").exists()


def test_a_refused_ubl_file_says_why_in_dutch(client, org):
    from innen.bench.ubl import an_invoice

    member(client, org, Role.OWNER)
    files = {"file": SimpleUploadedFile("e.xml", an_invoice(payable="120.00"))}
    response = client.post(reverse("import-ubl"), files, headers={"Accept-Language": "nl"})
    assert response.status_code == 400
    assert "BR-CO-16: het te betalen bedrag is 120.00" in response.content.decode()
