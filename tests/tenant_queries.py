"""Every query a request makes on a tenant table names the organisation (issue 27, item 7).

Loaded by tests/conftest.py: while the Django test client serves a request, every statement
goes through `Inspector` (`connection.execute_wrapper`). After the response, each SELECT,
UPDATE or DELETE that touches a tenant table (one with an `organisation_id` column, or one of
`REACHED_VIA` below) must pass one of these rules, or the test fails:

1. **It filters by the organisation**: `organisation_id = %s`, `IN (...)` or `= ANY(...)` on
   any table in it (a joined table's counts: the rows it reaches are the organisation's
   through the join; so does a subquery's).
2. **It follows a key from a row already chosen**: its conditions include a key, `id` or a
   foreign key `x_id`, `= %s`, `IN (...)` or `= ANY(...)`, and at least one of those key
   values is vouched for or did not come from the request. That is how Django follows a
   foreign key (`invoice.customer`) or prefetches (`customer_id IN (...)`). A value from the
   request (URL arguments, query string, form fields, a JSON body) is vouched for once a
   statement passing rule 1 or 2 has used it as a key: the first use decides. So
   `Invoice.objects.get(pk=pk)` fails, while `get_object_or_404(Invoice, pk=pk,
   organisation=org)` then `invoice.customer` passes, and so does
   `policy.steps.exclude(pk__in=posted_ids)` (confined by its policy).
3. **It is a way in** (`ENTRY_KEYS`): a credential column looked up without knowing the
   organisation, because finding the row is how the request learns it.

Allowed as they are, and why: the organisation table (the tenant itself) and memberships (a
user's organisations are found by user); requests under `/admin/` (the operator's read-only
admin looks across organisations by design); `WHERE 1 = 0` (reads nothing). INSERTs are not
looked at: the database guards (innen.dbguards) keep a new row with its organisation's rows.
Nor is work outside requests (the daily run across organisations, tasks, migrations).

Its limits: a key value from the request that equals one vouched for passes (ids are small
numbers in tests); statements a streaming response makes after it returns, and executemany,
are not seen. The analysis of a statement is cached by its text (the ORM repeats its SQL).
docs/scaling.md says what it found.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

# Tenant tables without an organisation column: each reached through its parent's key
# (the parent has `organisation_id`). Listed in docs/scaling.md too; tests/test_tenant_models.py
# fails on a model that is neither keyed by organisation nor listed here.
REACHED_VIA: dict[str, str] = {}
# The tenant itself, and memberships: a signed-in user's organisations are found by user.
ALLOWED_TABLES = {"organisations_organisation", "organisations_membership"}

# The ways in from outside: a credential column looked up without knowing the organisation,
# because finding the row is how the request learns its organisation (an API token's
# prefix, a portal code, an invitation link, an accounting package's and Mollie's webhooks).
ENTRY_KEYS = {
    "api_apitoken": "prefix",
    "portal_portalcode": "code_hash",
    "accounts_invitation": "token_hash",
    "connections_connection": "webhook_token",
    "portal_onlinepayment": "mollie_id",
}
_ENTRY_CONDITION = re.compile(
    "|".join(rf'"?{table}"?\."?{column}"?\s*(?:=|IN\b)' for table, column in ENTRY_KEYS.items())
)
# The site operator's read-only admin (innen.readonly_admin, staff only) lists every
# organisation's records by design: it is the one place that looks across tenants.
ALLOWED_PATHS = ("/admin/",)

_PLACEHOLDER = re.compile(r"(?<!%)%(?:\(\w+\))?s")
_ORGANISATION_CONDITION = re.compile(
    r'organisation_id"?\s*(?:=\s*%(?:\(\w+\))?s|=\s*ANY\s*\(|IN\s*\()', re.IGNORECASE
)
_KEY_CONDITION = re.compile(
    r'"?\b(?:id|\w+_id)"?\s*(?:=\s*%s|=\s*ANY\s*\(\s*%s|IN\s*\(\s*%s(?:\s*,\s*%s)*\s*\))',
    re.IGNORECASE,
)
# `innen.collection.facts.sql_in` of no values: the statement reads nothing.
_READS_NOTHING = re.compile(r"WHERE\s+1\s*=\s*0\b")
# `innen.dbcopy.update_rows` on PostgreSQL: rows the code read and changed, written back by
# their primary keys through a scratch table (the keys came from rows already chosen).
_WRITES_BACK = re.compile(r"\bFROM\s+innen_update_rows\s+s\b")
_FIRST_WORD = re.compile(r"\s*\(?\s*(\w+)")
_CHECKED_KINDS = {"SELECT", "UPDATE", "DELETE"}


@cache
def tenant_tables() -> frozenset[str]:
    from django.apps import apps

    keyed = {
        model._meta.db_table
        for model in apps.get_models()
        if any(f.column == "organisation_id" for f in model._meta.concrete_fields)
    }
    return frozenset(keyed | set(REACHED_VIA))


@dataclass(frozen=True)
class Statement:
    tables: frozenset[str]  # the tenant tables it touches
    by_organisation: bool
    key_params: tuple[int, ...]  # positions of the parameters a key condition compares with


@lru_cache(maxsize=8192)
def analyse(sql: str) -> Statement:
    # The first word says the kind: sqlparse's full parse cost a sixth more of the web tests'
    # time, for statements the ORM writes plainly (a WITH is checked as a SELECT).
    first = _FIRST_WORD.match(sql)
    kind = first[1].upper() if first else "UNKNOWN"
    kind = "SELECT" if kind == "WITH" else kind
    words = set(re.findall(r"\w+", sql.lower()))
    tables = frozenset(words & tenant_tables()) - ALLOWED_TABLES
    if kind not in _CHECKED_KINDS or not tables:
        return Statement(frozenset(), True, ())
    if _READS_NOTHING.search(sql) or _ENTRY_CONDITION.search(sql) or _WRITES_BACK.search(sql):
        return Statement(frozenset(), True, ())
    placeholders = [match.start() for match in _PLACEHOLDER.finditer(sql)]
    key_params = tuple(
        index
        for condition in _KEY_CONDITION.finditer(sql)
        for index, at in enumerate(placeholders)
        if condition.start() <= at < condition.end()
    )
    return Statement(tables, bool(_ORGANISATION_CONDITION.search(sql)), key_params)


@dataclass
class Inspector:
    """Keeps each statement a request made on a tenant table, in order, with its parameters."""

    tenant_statements: list[tuple[str, Sequence[Any]]] = field(default_factory=list)

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if not many and isinstance(sql, str) and analyse(sql).tables:
            self.tenant_statements.append((sql, params if isinstance(params, Sequence) else ()))
        return execute(sql, params, many, context)

    def violations(self, request_values: set[str]) -> list[str]:
        """The statements that break both rules, in the order they ran.

        A key value the request brought is vouched for once a statement filtered by the
        organisation, or anchored by a key value vouched for or not from the request, has
        used it: the first use decides (`filter(policy=policy).exclude(pk__in=posted)`
        is confined by its policy, and the posted ids are then the policy's steps).
        """
        vouched: set[str] = set()
        found = []
        for sql, params in self.tenant_statements:
            statement = analyse(sql)
            keys = set(_key_values(params, statement.key_params))
            unvouched = keys & request_values - vouched
            if statement.by_organisation or (keys and keys - unvouched):
                vouched |= keys
            elif not keys:
                found.append(f"no organisation filter: {_short(sql)}")
            else:
                taken = sorted(unvouched)
                found.append(f"key {taken} from the request, no organisation: {_short(sql)}")
        return found


def _key_values(params: Sequence[Any], positions: Iterable[int]) -> Iterable[str]:
    for position in positions:
        if position >= len(params):
            continue
        value = str(params[position])
        if value.startswith("{") and value.endswith("}"):  # PostgreSQL's `= ANY(%s::bigint[])`
            yield from value[1:-1].split(",")
        else:
            yield value


def request_values(request: Any) -> set[str]:
    """Every value a request brought: URL arguments, query string, form fields, JSON body."""
    values: set[str] = set()
    match = getattr(request, "resolver_match", None)
    if match is not None:
        values.update(str(value) for value in match.kwargs.values())
        values.update(str(value) for value in match.args)
    values.update(_all(request.GET))
    # A body already read as a stream (an upload) cannot be read again: its files hold no keys.
    with contextlib.suppress(Exception):
        values.update(_all(request.POST))
    body = getattr(request, "_body", b"")
    if body and request.content_type == "application/json":
        with contextlib.suppress(ValueError):
            values.update(_scalars(json.loads(body)))
    return {value for value in values if value}


def _all(query: Any) -> Iterable[str]:
    for key in query:
        yield from query.getlist(key)


def _scalars(data: Any) -> Iterable[str]:
    if isinstance(data, Mapping):
        for value in data.values():
            yield from _scalars(value)
    elif isinstance(data, list):
        for value in data:
            yield from _scalars(value)
    elif data is not None and not isinstance(data, bool):
        yield str(data)


def _short(sql: str) -> str:
    return sql if len(sql) < 4000 else sql[:4000] + " ..."


class RequestsChecked:
    """Wraps the test client's handler: each request's statements inspected, its violations kept."""

    def __init__(self) -> None:
        self.violations: list[str] = []

    def wrap(self, get_response: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
        from django.db import connection

        def inspected(handler: Any, request: Any) -> Any:
            inspector = Inspector()
            with connection.execute_wrapper(inspector):
                response = get_response(handler, request)
            if inspector.tenant_statements and not request.path.startswith(ALLOWED_PATHS):
                where = f"{request.method} {request.get_full_path()}"
                found = inspector.violations(request_values(request))
                self.violations.extend(f"{where}: {text}" for text in found)
            return response

        return inspected
