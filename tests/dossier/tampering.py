"""Tampering as someone who owns the database would: first the guarding triggers go.

Inside the test's transaction, so they are back when it rolls back.
"""

from django.db import connection

TABLES = ("dossier_event", "dossier_dossierhead", "dossier_exportedhead")
SQLITE_TRIGGERS = (
    "dossier_event_never_changed",
    "dossier_head_moves_forward",
    "dossier_exported_head_moves_forward",
)


def guards_off() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for no deferred check: run those now, then defer again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for trigger in SQLITE_TRIGGERS:
                cursor.execute(f"DROP TRIGGER {trigger}")
