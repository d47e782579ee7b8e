"""Pages of the web app: parse the request, ask a selector or service, render."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_POST

from innen.ledger import selectors
from innen.organisations.decorators import organisation_required
from innen.organisations.middleware import SESSION_KEY
from innen.organisations.models import Membership
from innen.organisations.requests import organisation_of, signed_in_user

PAGE_SIZE = 50


@organisation_required
def home(request: HttpRequest) -> HttpResponse:
    """The open invoices, by aging bucket, with totals."""
    today = timezone.localdate()
    bucket = request.GET.get("bucket") or None
    if bucket is not None and bucket not in selectors.BUCKET_KEYS:
        return HttpResponseBadRequest("unknown aging bucket")
    invoices = selectors.invoice_list_open(
        organisation=organisation_of(request),
        today=today,
        bucket=bucket,
    )
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = selectors.aging_summary(
        organisation=organisation_of(request),
        today=today,
    )
    rows = [(invoice, (today - invoice.due_date).days) for invoice in page.object_list]
    context = {"summary": summary, "page": page, "rows": rows, "bucket": bucket, "today": today}
    return render(request, "web/home.html", context)


@require_POST
@organisation_required
def switch_organisation(request: HttpRequest) -> HttpResponse:
    try:
        chosen = int(request.POST.get("organisation", ""))
    except ValueError:
        return HttpResponseBadRequest("no organisation chosen")
    user = signed_in_user(request)
    membership = Membership.objects.filter(user=user, organisation__pk=chosen).first()
    if membership is None:
        return HttpResponseBadRequest("not a member of that organisation")
    request.session[SESSION_KEY] = membership.organisation_id
    return redirect("home")


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin, the API's
    docs): the desk's SVG icon."""
    return redirect(static("web/favicon.svg"), permanent=True)
