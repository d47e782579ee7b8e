"""The database keeps the dossier as `record.append` writes it (`innen.dbguards`).

PostgreSQL: an event is never updated; a head (and an exported head) only moves forward;
either is deleted only together with its organisation, checked at commit (Django deletes an
organisation's rows before the organisation itself). SQLite: the updates only; Django empties
tables with DELETE between transactional tests there, which a delete trigger would stop.
Someone who owns the database can drop a trigger: `innen dossier verify` is what shows them.
"""

from innen.dbguards import REFUSED, Guard

_GONE_WITH_ITS_ORGANISATION = f"""
    IF EXISTS (SELECT 1 FROM organisations_organisation WHERE id = OLD.organisation_id) THEN
        RAISE EXCEPTION '%: a row of organisation % is deleted only with it',
            TG_TABLE_NAME, OLD.organisation_id USING ERRCODE = '{REFUSED}';
    END IF;
    RETURN NULL;"""

_EVENT_KEPT = f"""
CREATE OR REPLACE FUNCTION dossier_event_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'dossier event % of organisation % is never changed',
            OLD.seq, OLD.organisation_id USING ERRCODE = '{REFUSED}';
    END IF;{_GONE_WITH_ITS_ORGANISATION}
END $$;
CREATE TRIGGER dossier_event_never_changed BEFORE UPDATE ON dossier_event
    FOR EACH ROW EXECUTE FUNCTION dossier_event_kept();
CREATE CONSTRAINT TRIGGER dossier_event_deleted_with_organisation AFTER DELETE ON dossier_event
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dossier_event_kept();
"""

_HEAD_KEPT = f"""
CREATE OR REPLACE FUNCTION dossier_head_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.organisation_id <> OLD.organisation_id OR NEW.seq < OLD.seq
           OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash) THEN
            RAISE EXCEPTION '%: the head of organisation % only moves forward',
                TG_TABLE_NAME, OLD.organisation_id USING ERRCODE = '{REFUSED}';
        END IF;
        RETURN NEW;
    END IF;{_GONE_WITH_ITS_ORGANISATION}
END $$;
"""

_HEAD_GOES_BACK = (
    "NEW.organisation_id <> OLD.organisation_id OR NEW.seq < OLD.seq"
    " OR (NEW.seq = OLD.seq AND NEW.hash <> OLD.hash)"
)


def _head(table: str, name: str) -> Guard:
    """A head's triggers (`DossierHead`, `ExportedHead`): forward only, gone only with it."""
    return Guard(
        table=table,
        postgresql=f"""{_HEAD_KEPT}
CREATE TRIGGER {name}_moves_forward BEFORE UPDATE ON {table}
    FOR EACH ROW EXECUTE FUNCTION dossier_head_kept();
CREATE CONSTRAINT TRIGGER {name}_deleted_with_organisation AFTER DELETE ON {table}
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dossier_head_kept();
""",
        sqlite=(
            f"CREATE TRIGGER {name}_moves_forward BEFORE UPDATE ON {table}"
            f" WHEN {_HEAD_GOES_BACK}"
            f" BEGIN SELECT RAISE(ABORT, '{table}: the head only moves forward'); END",
        ),
        postgresql_triggers=(f"{name}_moves_forward", f"{name}_deleted_with_organisation"),
        sqlite_triggers=(f"{name}_moves_forward",),
    )


GUARDS = [
    Guard(
        table="dossier_event",
        postgresql=_EVENT_KEPT,
        sqlite=(
            "CREATE TRIGGER dossier_event_never_changed BEFORE UPDATE ON dossier_event"
            " BEGIN SELECT RAISE(ABORT, 'a dossier event is never changed'); END",
        ),
        postgresql_triggers=(
            "dossier_event_never_changed",
            "dossier_event_deleted_with_organisation",
        ),
        sqlite_triggers=("dossier_event_never_changed",),
    ),
    _head("dossier_dossierhead", "dossier_head"),
    _head("dossier_exportedhead", "dossier_exported_head"),
]
