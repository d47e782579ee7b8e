"""Behind a pooler in transaction mode (DATABASE_POOLER=transaction) nothing the app asks of
the database outlives a transaction: no server-side cursors, no prepared statements."""

import json
import os
import subprocess
import sys

PROBE = """
import json
from django.conf import settings
database = settings.DATABASES["default"]
options = database.get("OPTIONS", {})
print(json.dumps({
    "server_side_cursors_off": database.get("DISABLE_SERVER_SIDE_CURSORS", False),
    "prepare_threshold": options.get("prepare_threshold", "unset"),
    "server_side_binding": options.get("server_side_binding", "unset"),
}))
"""

# Reading the settings connects to nothing: no server need listen here.
POSTGRES = "postgresql://innen@127.0.0.1:1/innen"


def probe(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "innen.config.settings", **env}
    for name in ("DATABASE_URL", "DATABASE_POOLER"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=60
    )


def test_behind_a_transaction_pooler_no_cursor_or_statement_outlives_a_transaction():
    result = probe(DATABASE_URL=POSTGRES, DATABASE_POOLER="transaction")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "server_side_cursors_off": True,
        "prepare_threshold": None,
        "server_side_binding": False,
    }


def test_without_a_pooler_the_database_settings_stay_djangos():
    result = probe(DATABASE_URL=POSTGRES)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["server_side_cursors_off"] is False


def test_a_pooler_mode_other_than_session_or_transaction_is_refused():
    result = probe(DATABASE_URL=POSTGRES, DATABASE_POOLER="statement")
    assert result.returncode != 0
    assert "DATABASE_POOLER must be empty, session or transaction" in result.stderr


def test_the_pooler_setting_leaves_a_sqlite_database_alone():
    # A tool or test process pointed at a SQLite file inherits the setting: it must still work.
    result = probe(DATABASE_URL="sqlite:///:memory:", DATABASE_POOLER="transaction")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["server_side_cursors_off"] is False


def test_a_role_set_per_session_is_refused_behind_a_transaction_pooler():
    result = probe(DATABASE_URL=POSTGRES + "?assume_role=innen_app", DATABASE_POOLER="transaction")
    assert result.returncode != 0
    assert "cannot keep a SET ROLE" in result.stderr
