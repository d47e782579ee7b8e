"""Settings every test shares, and the personas the tests sign in as (tests/personas.py)."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone

from innen.law.calendar import is_atw_holiday
from innen.organisations.models import Role

# One browser for every folder's browser tests (see tests/browser/support.py).
from tests.browser.support import browser, page  # noqa: F401
from tests.personas import collecting_organisation, member
from tests.tenant_queries import RequestsChecked


def _next_working_day(now: datetime) -> datetime:
    while now.weekday() >= 5 or is_atw_holiday(now.date()):
        now += timedelta(days=1)
    return now


@pytest.fixture(autouse=True, scope="session")
def _a_working_day():
    """The suite runs on a working day: nothing goes out on a weekend or holiday (see
    innen.dunning.timing), and a test that means "today" must not pass only on weekdays.
    On a Saturday, Sunday or holiday the clock moves on (and keeps ticking) to the next
    working day, at the same hour."""
    now = timezone.localtime()
    working = _next_working_day(now)
    if working == now:
        yield
        return
    with time_machine.travel(working, tick=True):
        yield


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    # Letters and e-mails kept as sent are files: never in the working tree's var/.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _the_default_language():
    # A request or command in English leaves English active on the thread: the next test,
    # whichever it is, starts in the house language (settings.LANGUAGE_CODE, Dutch).
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _an_empty_cache():
    # Kept figures are keyed by organisation id, and ids come again in another test's rows.
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Production hashes with Argon2 (about a second here, by design); tests make many users.
    # tests/accounts/test_passwords.py checks the production list itself.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_DATABASE_FIXTURES = ("db", "transactional_db", "live_server", "django_db_reset_sequences")
_STORED_OPEN_AMOUNTS_DIFFER = """
SELECT i.number, i.outstanding, i.settled_on FROM ledger_invoice i
WHERE i.outstanding <> ROUND(i.total - COALESCE(
        (SELECT SUM(a.amount) FROM ledger_allocation a WHERE a.invoice_id = i.id), 0), 2)
   OR COALESCE(i.settled_on, '1900-01-01') <> COALESCE(CASE WHEN i.total <= COALESCE(
        (SELECT SUM(a.amount) FROM ledger_allocation a
         WHERE a.invoice_id = i.id AND a.kind IN ('payment', 'credit')), 0)
      THEN (SELECT MAX(a.date) FROM ledger_allocation a
            WHERE a.invoice_id = i.id AND a.kind IN ('payment', 'credit')) END, '1900-01-01')
"""


def _rate_tables_seeded():
    # The migrations seed the interest rates; a transactional test flushes every table
    # when it ends, so the tests after it start from the published history again.
    from innen.rates.models import InterestRate
    from innen.rates.seeding import seed_published

    seed_published(InterestRate)


@pytest.fixture(autouse=True)
def _stored_open_amounts_stay_true(request):
    """Every test that writes the ledger leaves each invoice's stored open amount and settled
    day equal to what its allocations say (innen.ledger.outstanding)."""
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in _DATABASE_FIXTURES
    )
    if not uses_database:
        yield
        return
    # Asked for here, so the check runs before the test's database is rolled back.
    for name in _DATABASE_FIXTURES:
        if name in request.fixturenames:
            request.getfixturevalue(name)
    _rate_tables_seeded()
    yield
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(_STORED_OPEN_AMOUNTS_DIFFER)
        wrong = cursor.fetchall()
    assert not wrong, f"stored open amounts differ from the allocations: {wrong[:5]}"


@pytest.fixture(autouse=True)
def _requests_filter_by_organisation(monkeypatch):
    """Every query a request through the test client makes on a tenant table names the
    organisation, or follows a key from a row already chosen (tests/tenant_queries.py)."""
    from django.test.client import ClientHandler

    checked = RequestsChecked()
    monkeypatch.setattr(ClientHandler, "get_response", checked.wrap(ClientHandler.get_response))
    yield
    assert not checked.violations, "tenant queries without the organisation:\n" + "\n".join(
        dict.fromkeys(checked.violations)
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def org(today):
    return collecting_organisation("Alice B.V.", today)


@pytest.fixture
def other_org(today):
    return collecting_organisation("Other B.V.", today)


@pytest.fixture
def owner(org):
    return member(org, "alice", Role.OWNER)


@pytest.fixture
def controller(org):
    return member(org, "carla", Role.CONTROLLER)


@pytest.fixture
def viewer(org):
    return member(org, "victor", Role.VIEWER)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def controller_client(client, controller):
    client.force_login(controller)
    return client


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client
