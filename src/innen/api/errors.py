"""How the API answers what went wrong: one shape per kind, the same on every route.

- 422 `{"errors": {"field": ["message", ...]}}`: the request was understood but a field is
  wrong (a body field, a query parameter, a path id that is not a number). Nothing changed.
- 409, the same shape: the request is well formed but clashes with what is there (a number
  already taken, an action no longer awaiting approval). Nothing changed.
- 401, 403, 404 `{"detail": "message"}`: no valid token, a read token asked to write, or
  no such object in this organisation (another organisation's ids are not found either).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

# Where ninja says an input came from; the field name follows it.
SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
# The name of the view's body argument, which ninja puts between "body" and the field.
BODY_ARGUMENT = "data"
WHOLE_REQUEST = "__all__"


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


class DetailOut(Schema):
    detail: str


class FieldErrors(Exception):
    """Raised by a view for input it refuses; answered as 422 with the same shape as ninja's."""

    status = 422

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = {field: list(messages) for field, messages in errors.items()}


class Conflict(FieldErrors):
    """Input that is well formed but clashes with what is stored; answered as 409."""

    status = 409


def field_of(location: Iterable[Any]) -> str:
    """Name the field an error location points at: ("body", "data", "lines", 0) → "lines.0"."""
    parts = [str(part) for part in location]
    if parts and parts[0] in SOURCES:
        source, parts = parts[0], parts[1:]
        if source == "body" and parts and parts[0] == BODY_ARGUMENT:
            parts = parts[1:]
        if source == "query" and parts and parts[0] == "ninja_pagination":
            parts = parts[1:]
    return ".".join(parts) or WHOLE_REQUEST


def from_ninja(exc: NinjaValidationError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        message = str(error.get("msg", _("This value is not valid.")))
        errors.setdefault(field_of(error.get("loc", ())), []).append(message)
    return errors


def from_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    if not hasattr(exc, "error_dict"):
        return {WHOLE_REQUEST: list(exc.messages)}
    return {
        WHOLE_REQUEST if field == NON_FIELD_ERRORS else field: list(messages)
        for field, messages in exc.message_dict.items()
    }


def refusal(
    exc: DjangoValidationError,
    *,
    conflicts: Iterable[str] = (),
    rename: Mapping[str, str] | None = None,
) -> FieldErrors:
    """A service's refusal as the API answers it: 409 when it names one of `conflicts` (the
    state of what is stored, not the input), else 422; `rename` maps the service's field
    names to the API's."""
    found = {
        (rename or {}).get(field, field): messages for field, messages in from_django(exc).items()
    }
    if set(found) & set(conflicts):
        return Conflict(found)
    return FieldErrors(found)


def install(api: NinjaAPI) -> None:
    """Answer every error of `api` in the shapes above."""

    def errors(
        request: HttpRequest, found: dict[str, list[str]], status: int = 422
    ) -> HttpResponse:
        return api.create_response(request, {"errors": found}, status=status)

    def detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": message}, status=status)

    def ninja_invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return errors(request, from_ninja(exc))

    def django_invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return errors(request, from_django(exc))

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        return errors(request, exc.errors, exc.status)

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return detail(request, _("Not found."), 404)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # Ninja's 400 is a body that is not JSON: refused input too, so the same 422 shape.
        if exc.status_code == 400:
            return errors(request, {"body": [str(exc)]})
        return detail(request, str(exc), exc.status_code)

    api.add_exception_handler(NinjaValidationError, ninja_invalid)
    api.add_exception_handler(DjangoValidationError, django_invalid)
    api.add_exception_handler(FieldErrors, refused)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)


# The answers besides success each kind of route documents in the schema.
LIST_ERRORS: dict[int, type[Schema]] = {401: DetailOut, 422: ErrorsOut}
READ_ERRORS: dict[int, type[Schema]] = {401: DetailOut, 404: DetailOut, 422: ErrorsOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 403: DetailOut, 409: ErrorsOut}
