"""The import page: upload a CSV file of customers, invoices or payments, see what happened.

Parse the form, call `innen.ledger.importing`, render its report. The rules (all or
nothing, idempotent) live in the service, so the page and `innen import-*` agree.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from innen.ledger.importing import import_file
from innen.ledger.importing.ubl import import_ubl_upload
from innen.organisations.decorators import organisation_required
from innen.organisations.requests import can_write, organisation_of

# An export of 50,000 invoices is about 5 MB; ten times that is not a ledger file.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("customers", _("Customers")),
            ("invoices", _("Invoices and credit notes")),
            ("payments", _("Payments")),
        ],
        widget=forms.RadioSelect,
        initial="invoices",
    )
    file = forms.FileField(label=_("CSV file"))
    dry_run = forms.BooleanField(label=_("Dry run: check the file, import nothing"), required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


class UblForm(forms.Form):
    file = forms.FileField(label=_("UBL file (XML) or ZIP of them"))
    dry_run = forms.BooleanField(label=_("Dry run: check the file, import nothing"), required=False)

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload


@organisation_required
def import_ubl(request: HttpRequest) -> HttpResponse:
    """The UBL form of the import page: each e-invoice imported on its own, said per file."""
    may_write = can_write(request)
    reports = None
    form = UblForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and not may_write:
        status = 403
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        reports = import_ubl_upload(
            organisation=organisation_of(request),
            name=upload.name,
            data=upload.read(),
            dry_run=form.cleaned_data["dry_run"],
        )
        status = 200 if all(report.ok for report in reports) else 400
    else:
        status = 400 if request.method == "POST" else 200
    context = {
        "form": ImportForm(),
        "ubl_form": form if request.method == "POST" else UblForm(),
        "ubl_reports": reports,
        "can_write": may_write,
    }
    return render(request, "web/import_upload.html", context, status=status)


@organisation_required
def import_upload(request: HttpRequest) -> HttpResponse:
    may_write = can_write(request)
    report = None
    if request.method == "POST" and not may_write:
        form = ImportForm()
        status = 403
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            report = import_file(
                kind=form.cleaned_data["kind"],
                organisation=organisation_of(request),
                data=form.cleaned_data["file"].read(),
                dry_run=form.cleaned_data["dry_run"],
            )
        # A file refused (all or nothing) is a bad request, as a form that does not check out.
        status = 200 if report is not None and report.ok else 400
    else:
        form = ImportForm()
        status = 200
    context = {"form": form, "ubl_form": UblForm(), "report": report, "can_write": may_write}
    return render(request, "web/import_upload.html", context, status=status)
