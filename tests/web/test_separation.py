"""Strict separation: no page opens, changes or shows another organisation's data.

The test walks every URL pattern Django knows (so routes added later are covered without
touching this file), fills each id in the path with an object of ANOTHER organisation and,
signed in as an owner of the first one, expects 404 for GET and for POST (405 where the
view takes only the other method). A parameter it cannot fill fails the test: add the new
kind of object to RESOURCES or NAMED below. Routes without an id must not show the other
organisation's data either.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.views.static import serve

from innen.accounts import members
from innen.arrangements.models import (
    Dispute,
    DisputeReason,
    PaymentPlan,
    PlanStatus,
)
from innen.banking.models import BankAccount, BankEntry, MatchStatus, StatementImport
from innen.collection.models import Hold, HoldReason, MessageStatus, StepKind
from innen.collection.policies import policy_install_defaults
from innen.ledger.models import CustomerKind
from innen.organisations.models import Language, Membership, Role
from innen.outbox.links import portal_token
from innen.outbox.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    Document,
    MessageTemplate,
    PrintBatch,
)
from innen.webhooks.models import Endpoint, EventType, WebhookDelivery
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "GEHEIM-ANDER"  # in the other organisation's names, numbers and texts

# Not organisation pages: Django's admin (staff only, its own permissions) and the REST API
# (signs in with API tokens; it walks its routes with another organisation's ids itself).
# Stored files have no address of their own (tests/web/test_media_not_served.py): their
# download pages are walked here like every other page.
# The old outbox address /letters/ only redirects to /outbox/ (tests/web/test_outbox_moved.py).
SKIPPED_PREFIXES = ("admin/", "api/", "letters/")

# Routes whose parameter is not an id of an organisation's object.
# The portal's signed token: checked by test_a_forged_portal_token_is_refused; an invitation's
# token: tests/accounts/test_invitations.py (test_a_forged_link_is_refused); an accounting
# package's webhook names its connection by a random token: tests/connections/test_pages.py
# (test_moneybirds_webhook_makes_the_connection_sync_now, a guessed token is 404).
PUBLIC = {"portal", "invitation", "connection-webhook"}
# /readyz answers 503 while no worker has been seen, as in a test run (tests/config/test_health.py).
NOT_READY_IN_TESTS = {"readyz"}
CHOICES = {"kind": StepKind.values[0], "language": Language.DUTCH, "offer": "0"}


@dataclass
class Other:
    """The other organisation and one of each of its objects, by the URL segment naming it.

    A key with a slash ("webhooks/deliveries") wins over the last segment alone.
    """

    objects: dict[str, Any]

    def id_for(self, segment: str) -> str:
        return str(self.objects[segment].pk)


def build_other_organisation() -> Other:
    org = factories.organisation(f"{SECRET} B.V.", iban="NL02ABNA0123456789")
    owner = User.objects.create_user("mallory", password="x-long-password")
    membership = Membership.objects.create(user=owner, organisation=org, role=Role.OWNER)
    customer = factories.customer(org, name=f"{SECRET} Klant", kind=CustomerKind.BUSINESS)
    invoice = factories.invoice(org, customer, number=f"{SECRET}-F1")
    hold = Hold.objects.create(
        organisation=org, customer=customer, reason=HoldReason.MANUAL, starts_on=date(2026, 1, 1)
    )
    policy = policy_install_defaults(organisation=org)[0]
    step = policy.steps.all()[0]
    message = customer.messages.create(
        organisation=org,
        step=step,
        kind=step.kind,
        channels=["email", "call"],
        decided_on=date(2026, 2, 1),
        status=MessageStatus.AWAITING_APPROVAL,
        is_call_task=True,
    )
    document = Document.objects.create(
        organisation=org,
        sha256="ab" * 32,
        name=f"{SECRET}.pdf",
        content_type="application/pdf",
        size=4,
        file=ContentFile(b"%PDF", name="other.pdf"),
    )
    delivery = Delivery.objects.create(
        organisation=org,
        message=message,
        channel=DeliveryChannel.EMAIL,
        unique_id=f"<{SECRET}@example.nl>",
        status=DeliveryStatus.FAILED,
        email=document,
    )
    batch = PrintBatch.objects.create(
        organisation=org, day=date(2026, 2, 2), document=document, letter_count=1, page_count=1
    )
    account = BankAccount.objects.create(organisation=org, iban="NL02ABNA0123456789")
    statement = StatementImport.objects.create(
        organisation=org,
        account=account,
        file_name=f"{SECRET}.xml",
        file_sha256="cd" * 32,
        format="camt.053.001.02",
        entries=1,
        imported=1,
        duplicates=0,
    )
    entry = BankEntry.objects.create(
        organisation=org,
        account=account,
        statement_import=statement,
        identity="1",
        number=1,
        booking_date=date(2026, 2, 3),
        amount=Decimal("121.00"),
        counterparty_name=f"{SECRET} Klant",
        match_status=MatchStatus.REVIEW,
        candidates=[{"reason": "amount", "invoice_ids": [invoice.pk], "score": 50}],
    )
    MessageTemplate.objects.create(
        organisation=org,
        kind=CHOICES["kind"],
        language=CHOICES["language"],
        subject=f"{SECRET} onderwerp",
        body=f"{SECRET} tekst",
    )
    endpoint = Endpoint.objects.create(
        organisation=org,
        url="https://hooks.example.nl/innen",
        description=SECRET,
        events=[EventType.INVOICE_PAID],
        secret="s" * 32,
    )
    webhook_delivery = WebhookDelivery.objects.create(
        organisation=org,
        endpoint=endpoint,
        event_id=SECRET,
        event_type=EventType.INVOICE_PAID,
        payload={"invoice": f"{SECRET}-F1"},
    )
    dispute = Dispute.objects.create(
        organisation=org,
        customer=customer,
        reason=DisputeReason.OTHER,
        message=SECRET,
        opened_on=date(2026, 2, 4),
        attachment=ContentFile(b"%PDF", name="bewijs.pdf"),
        attachment_name="bewijs.pdf",
    )
    plan = PaymentPlan.objects.create(
        organisation=org,
        customer=customer,
        months=3,
        total=Decimal("121.00"),
        proposed_on=date(2026, 2, 4),
        status=PlanStatus.PROPOSED,
    )
    notice_email = Delivery.objects.create(
        organisation=org,
        customer=customer,
        channel="email",
        reference=f"{SECRET}-promise",
        subject=f"{SECRET} afspraak",
        recipients="ander@example.nl",
        unique_id=f"<{SECRET}-notice@example.nl>",
        email=document,
        pdf=document,
        status=DeliveryStatus.UNCERTAIN,
        last_error=SECRET,
    )
    return Other(
        {
            "organisation": org,
            "disputes": dispute,
            "plans": plan,
            "customers": customer,
            "invoices": invoice,
            "holds": hold,
            "messages": message,
            "calls": message,
            "documents": document,
            "deliveries": delivery,
            "notice-emails": notice_email,
            "print-batches": batch,
            "imports": statement,
            "entries": entry,
            "members": membership,
            "invitations": members.invitation_create(
                organisation=org, email="eve@example.nl", role=Role.VIEWER, invited_by=owner
            )[0],
            "policies": policy,
            "webhooks/endpoints": endpoint,
            "webhooks/deliveries": webhook_delivery,
        }
    )


# A parameter named for its object (`<int:customer>`, `<int:invoice_id>`) → RESOURCES key.
NAMED: dict[str, str] = {
    "customer": "customers",
    "invoice": "invoices",
    "hold": "holds",
    "message": "messages",
    "call": "calls",
    "document": "documents",
    "delivery": "deliveries",
    "print_batch": "print-batches",
    "statement_import": "imports",
    "entry": "entries",
    "membership": "members",
}


@dataclass(frozen=True)
class Route:
    route: str  # "invoices/<int:pk>/hold/"
    name: str | None
    pattern: RoutePattern

    def parameters(self) -> list[str]:
        return list(self.pattern.converters)


def walk(
    patterns: list[URLPattern | URLResolver], prefix: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, route)
        else:
            yield route, entry


def all_routes() -> list[Route]:
    routes = []
    for route, entry in walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or entry.callback is serve:
            continue
        if not isinstance(entry.pattern, RoutePattern):
            raise AssertionError(f"{route}: a regex route; use path() so this test can fill it")
        pattern = RoutePattern(route, name=entry.name, is_endpoint=True)
        routes.append(Route(route, entry.name, pattern))
    return routes


def value_for(route: Route, parameter: str, other: Other) -> str:
    """Another organisation's id for `parameter`, named by it or by the segment before it."""
    if parameter in CHOICES:
        return str(CHOICES[parameter])
    if parameter == "sha256":
        return str(other.objects["documents"].sha256)
    key = NAMED.get(parameter.removesuffix("_id"))
    if key is None and parameter in {"pk", "id"}:
        # "settings/webhooks/deliveries/<int:pk>/": "webhooks/deliveries", else "deliveries".
        before = route.route.split(f"<int:{parameter}>")[0].strip("/").split("/")
        key = next((k for k in ("/".join(before[-2:]), before[-1]) if k in other.objects), None)
    if key is None:
        raise AssertionError(
            f"{route.route}: do not know which object <{parameter}> names; "
            "add it to NAMED or to build_other_organisation() in tests/web/test_separation.py"
        )
    return other.id_for(key)


def url_for(route: Route, other: Other) -> str:
    path = route.route
    for parameter, converter in route.pattern.converters.items():
        kind = {"IntConverter": "int", "StringConverter": "str"}.get(type(converter).__name__)
        if kind is None:
            raise AssertionError(f"{route.route}: <{parameter}> has an unexpected converter")
        path = path.replace(f"<{kind}:{parameter}>", value_for(route, parameter, other))
    return "/" + path


def id_routes() -> list[Route]:
    return [
        r
        for r in all_routes()
        if r.parameters()
        and r.name not in PUBLIC
        and not set(r.parameters()) <= set(CHOICES)
        # The customer's portal pages are reached by token: tests/portal walks those.
        and not r.route.startswith("portal/<str:token>/")
    ]


@pytest.fixture
def other():
    return build_other_organisation()


@pytest.fixture
def owner_client(client):
    user = User.objects.create_user("alice", password="x-long-password")
    org = factories.organisation("Alice B.V.")
    Membership.objects.create(user=user, organisation=org, role=Role.OWNER)
    own_customer = factories.customer(org, name="Eigen Klant")
    factories.invoice(org, own_customer, number="EIGEN-F1")
    client.force_login(user)
    return client


def check(responses: list[tuple[str, int]], failures: list[str], route: str) -> None:
    statuses = dict(responses)
    if set(statuses.values()) - {404, 405} or set(statuses.values()) == {405}:
        failures.append(f"{route}: {statuses}")


def test_the_walk_finds_the_organisations_pages():
    routes = {route.name for route in id_routes()}
    assert {"invoice-detail", "customer-detail", "hold-lift", "member-role"} <= routes


def test_every_id_of_another_organisation_gives_404(owner_client, other):
    failures: list[str] = []
    for route in id_routes():
        url = url_for(route, other)
        responses = [(method, send(owner_client, method, url)) for method in ("GET", "POST")]
        check(responses, failures, route.route)
    assert not failures, "pages that did not answer 404:\n" + "\n".join(failures)


def test_pages_without_an_id_never_show_another_organisations_data(owner_client, other):
    failures = []
    for route in all_routes():
        if route.parameters() and not set(route.parameters()) <= set(CHOICES):
            continue
        response = owner_client.get(url_for(route, other))
        body = b"" if response.streaming else response.content
        broken = response.status_code >= 500 and route.route not in NOT_READY_IN_TESTS
        if broken or SECRET.encode() in body:
            failures.append(f"{route.route}: {response.status_code}")
    assert not failures, "pages that showed the other organisation:\n" + "\n".join(failures)


def test_posting_to_pages_named_by_choice_leaves_the_other_organisations_texts(owner_client, other):
    for route in all_routes():
        if route.parameters() and set(route.parameters()) <= set(CHOICES):
            owner_client.post(url_for(route, other), {"subject": "x", "body": "x"})
    assert MessageTemplate.objects.filter(
        organisation=other.objects["organisation"], subject__startswith=SECRET
    ).exists()


def test_a_forged_portal_token_is_refused_plainly(client, other):
    customer = other.objects["customers"]
    token = portal_token(customer.organisation_id, customer.pk)
    for forged in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "1", "x" * 40):
        response = client.get(f"/portal/{forged}/")
        assert response.status_code == 404
        assert response.templates[0].name == "portal/refused.html"
        assert SECRET not in response.content.decode()


def send(client: Any, method: str, url: str) -> int:
    request: Callable[..., Any] = client.get if method == "GET" else client.post
    return int(request(url).status_code)
