"""Views read the organisation and the user's role in one way: `innen.organisations.requests`."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from innen.organisations.middleware import CurrentOrganisationMiddleware
from innen.organisations.models import Membership, Role
from innen.organisations.requests import can_write, is_owner, membership_of, organisation_of
from tests import factories

SRC = Path(__file__).resolve().parents[2] / "src" / "innen"
HOME = SRC / "organisations" / "requests.py"


def _through_the_middleware(user: User | AnonymousUser) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    CurrentOrganisationMiddleware(lambda _: HttpResponse())(request)
    return request


def _member(role: str) -> Membership:
    user = User.objects.create_user(f"someone-{role}")
    org = factories.organisation()
    return Membership.objects.create(user=user, organisation=org, role=role)


@pytest.mark.django_db
def test_a_member_s_request_carries_their_organisation_and_membership():
    membership = _member(Role.CONTROLLER)
    request = _through_the_middleware(membership.user)
    assert organisation_of(request) == membership.organisation
    assert membership_of(request) == membership


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "writes", "owns"),
    [(Role.OWNER, True, True), (Role.CONTROLLER, True, False), (Role.VIEWER, False, False)],
)
def test_owners_and_controllers_write_and_only_owners_own(role, writes, owns):
    request = _through_the_middleware(_member(role).user)
    assert can_write(request) is writes
    assert is_owner(request) is owns


@pytest.mark.django_db
def test_a_signed_out_visitor_has_no_organisation_and_may_do_nothing():
    request = _through_the_middleware(AnonymousUser())
    assert membership_of(request) is None
    assert not can_write(request)
    assert not is_owner(request)
    with pytest.raises(PermissionError):
        organisation_of(request)


def _reads_of_request_attributes(tree: ast.AST) -> list[int]:
    """Lines that read `request.organisation`/`.membership`, directly or by getattr."""
    names = {"organisation", "membership"}
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in names
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        ):
            lines.append(node.lineno)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "request"
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in names
        ):
            lines.append(node.lineno)
    return lines


def _own_copies(tree: ast.AST) -> list[int]:
    """Lines of a module's own `_organisation(request)` or `_can_write(request)`."""
    copies = {"_organisation", "_can_write"}
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and node.name in copies
        and [arg.arg for arg in node.args.args] == ["request"]
    ]


def test_no_module_reads_the_request_s_organisation_or_role_itself():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path == HOME:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        found += [f"{path.relative_to(SRC)}:{line}" for line in _reads_of_request_attributes(tree)]
        found += [f"{path.relative_to(SRC)}:{line}" for line in _own_copies(tree)]
    assert found == []
