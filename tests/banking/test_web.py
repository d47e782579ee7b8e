import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from innen.banking.models import BankAccount, BankEntry, StatementImport
from innen.banking.services import bank_account_add, statement_import
from innen.formats.zip_upload import MAX_UNPACKED_BYTES
from innen.organisations.models import Membership, Role
from tests import factories
from tests.banking.conftest import IBAN, entry, statement
from tests.formats.test_bank_csv import ING_HEADER, ING_ROWS, csv
from tests.formats.test_zip_upload import bomb

pytestmark = pytest.mark.django_db

THREE = [entry(1, "121.00"), entry(2, "-50.00"), entry(3, "60.50")]


def member(client, org, role):
    user = User.objects.create_user(f"user-{role}-{org.pk}", password="x-long-password")
    Membership.objects.create(user=user, organisation=org, role=role)
    client.force_login(user)
    return client


def upload(client, data, **extra):
    return client.post(reverse("bank"), {"file": SimpleUploadedFile("nov.xml", data), **extra})


def test_the_pages_are_under_bank():
    assert reverse("bank") == "/bank/"
    assert reverse("bank-import", args=[7]) == "/bank/imports/7/"


def test_an_upload_imports_shows_the_summary_and_lists_the_import(client, reader, org, account):
    data = reader.add(b"nov", statement(THREE, statement_id="S11"))
    response = upload(member(client, org, Role.CONTROLLER), data)
    assert response.status_code == 200
    summary = response.context["summary"]
    assert (summary.imported, summary.duplicates) == (3, 0)
    html = response.content.decode()
    assert 'class="card import-report statement-summary"' in html and "S11" in html
    assert list(response.context["imports"]) == list(StatementImport.objects.all())
    assert BankEntry.objects.filter(organisation=org).count() == 3
    assert upload(client, data).context["summary"].duplicates == 3


def test_a_dry_run_of_an_unknown_account_writes_nothing(client, reader, org):
    data = reader.add(b"nov", statement(THREE))
    response = upload(member(client, org, Role.OWNER), data, dry_run="on")
    summary = response.context["summary"]
    assert summary.ok and summary.dry_run and not summary.statements[0].known_account
    # ... and says that the real import would refuse it, and how to add the account.
    assert not summary.would_import and IBAN in summary.would_refuse[0].message
    assert "would-refuse" in response.content.decode()
    assert BankEntry.objects.count() == 0
    refused = upload(client, data).context["summary"]
    assert not refused.ok and IBAN in refused.errors[0].message
    assert StatementImport.objects.count() == 0


def test_a_viewer_sees_the_page_but_cannot_upload_or_add_accounts(client, reader, org, account):
    viewer = member(client, org, Role.VIEWER)
    page = viewer.get(reverse("bank"))
    assert page.status_code == 200 and 'enctype="multipart/form-data"' not in page.content.decode()
    data = reader.add(b"nov", statement(THREE))
    assert upload(viewer, data).status_code == 403
    new_iban = "NL20INGB0001234567"
    response = viewer.post(reverse("bank-account-add"), {"iban": new_iban})
    assert response.status_code == 403
    assert BankEntry.objects.count() == 0 and BankAccount.objects.count() == 1


def test_an_account_is_added_from_the_page(client, org):
    owner = member(client, org, Role.OWNER)
    response = owner.post(reverse("bank-account-add"), {"iban": "NL20 INGB 0001 2345 67"})
    assert response.status_code == 302
    assert BankAccount.objects.get().organisation == org
    again = owner.post(reverse("bank-account-add"), {"iban": "NL20INGB0001234567"})
    assert again.status_code == 400 and "al een van uw rekeningen" in again.content.decode()


def test_an_old_account_number_is_added_from_the_page_with_its_bank(client, org):
    owner = member(client, org, Role.OWNER)
    bare = owner.post(reverse("bank-account-add"), {"iban": "500950253"})
    assert bare.status_code == 400 and "noem de bank" in bare.content.decode()
    named = {"iban": "500950253", "bank": "ABN AMRO"}
    assert owner.post(reverse("bank-account-add"), named).status_code == 302
    assert BankAccount.objects.get().iban == "NL71ABNA0500950253"


def test_an_import_page_lists_its_entries(client, reader, org, account):
    returned = entry(4, "-60.50", is_return=True, return_reason="MD06")
    data = reader.add(b"nov", statement([*THREE, returned]))
    summary = statement_import(data=data, name="nov.xml", organisation=org, dry_run=False)
    response = member(client, org, Role.VIEWER).get(reverse("bank-import", args=summary.import_ids))
    assert response.status_code == 200
    assert len(response.context["entries"]) == 4
    html = response.content.decode()
    assert "Klant 1 B.V." in html and "Factuur F00003" in html and "MD06" in html


def test_another_organisations_import_is_not_found(client, reader, org):
    other = factories.organisation("Bob B.V.")
    bank_account_add(organisation=other, iban=IBAN)
    data = reader.add(b"nov", statement(THREE))
    summary = statement_import(data=data, name="nov.xml", organisation=other, dry_run=False)
    response = member(client, org, Role.OWNER).get(reverse("bank-import", args=summary.import_ids))
    assert response.status_code == 404
    assert "Bob" not in member(client, org, Role.CONTROLLER).get(reverse("bank")).content.decode()


def test_a_refused_upload_is_answered_400_and_says_why(client, org, account):
    rows = [row.replace("Kosten", "Kos\x00ten") for row in ING_ROWS]
    response = upload(member(client, org, Role.OWNER), csv(ING_HEADER, *rows))
    assert response.status_code == 400
    html = response.content.decode()
    # The default language, Dutch: the reader's message translated, naming file and line.
    assert "nov.xml, regel 3" in html and "bevat een NUL-teken" in html
    assert BankEntry.objects.count() == 0


def test_a_zip_bomb_is_answered_400_naming_the_limit(client, org, account):
    response = upload(member(client, org, Role.OWNER), bomb(MAX_UNPACKED_BYTES + 1024 * 1024))
    assert response.status_code == 400
    assert "pakt uit tot meer dan 200 MB" in response.content.decode()


def test_a_dutch_reader_sees_a_bank_files_problem_in_dutch_naming_line_and_field(
    client, org, account
):
    rows = [ING_ROWS[0].replace('"1.210,00"', '"1.21O,00"'), *ING_ROWS[1:]]
    response = upload(member(client, org, Role.OWNER), csv(ING_HEADER, *rows))
    assert response.status_code == 400
    (error,) = response.context["summary"].errors
    assert error.where == "nov.xml, regel 2"
    assert error.message.startswith('Bedrag (EUR): "1.21O,00" is geen bedrag: gebruik cijfers')
    assert "nov.xml, regel 2" in response.content.decode()
    assert BankEntry.objects.count() == 0


def test_the_summary_shows_what_was_not_checked(client, org, account):
    from tests.formats.test_camt053 import document, statement
    from tests.formats.test_camt_as_banks_write import batch

    body = statement(batch("TA", "TB", "TC"), "0.00", "1.00")
    data = document(body.replace("OPBD", "OPAV").replace("CLBD", "CLAV"))
    response = upload(member(client, org, Role.CONTROLLER), data, dry_run="on")
    assert response.status_code == 200
    assert "alleen beschikbare saldi (OPAV, CLAV)" in response.content.decode()
