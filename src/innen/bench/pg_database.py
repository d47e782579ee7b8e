"""The benches' throwaway PostgreSQL databases: made, copied and dropped only when innen made
them (a comment on the database says so), never one it did not."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    import psycopg

MARKER = "innen bench: dropped and rebuilt by every run"


def without_password(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def with_database(url: str, name: str) -> str:
    """`url` with its database `name`."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def recreate_database(url: str, template: str | None = None) -> str | None:
    """Drop (if innen made it) and create the database `url` names, empty or as a copy of
    the database `template`; a reason on failure."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql"} or not name:
        return f"{without_password(url)} is not a PostgreSQL database URL"
    try:
        with psycopg.connect(
            with_database(url, "postgres"), autocommit=True, connect_timeout=5
        ) as conn:
            problem = _drop_if_ours(conn, name)
            if problem is not None:
                return problem
            create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
            if template is not None:
                # A file copy, not WAL-logged page by page: a fraction of the time for GBs.
                strategy = " STRATEGY FILE_COPY" if conn.info.server_version >= 150000 else ""
                create = sql.SQL("CREATE DATABASE {} TEMPLATE {}" + strategy).format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            conn.execute(create)
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(MARKER)
                )
            )
    except psycopg.Error as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return f"no PostgreSQL at {without_password(url)}: {first}"
    return None


def copy_database(url: str, name: str) -> tuple[str, float]:
    """A fresh copy of the database at `url` named `name`: its URL, and the seconds it took."""
    started = time.perf_counter()
    copy = with_database(url, name)
    problem = recreate_database(copy, template=database_name(url))
    if problem is not None:
        raise RuntimeError(f"could not copy the bench database: {problem}")
    return copy, time.perf_counter() - started


def drop_database(url: str) -> None:
    """Drop the database at `url` if innen made it."""
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as conn:
        _drop_if_ours(conn, database_name(url))


def _drop_if_ours(conn: psycopg.Connection[Any], name: str) -> str | None:
    from psycopg import sql

    row = conn.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    ).fetchone()
    if row is None:
        return None
    if row[0] != MARKER:
        return f"database {name} exists and was not made by innen bench"
    conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
    return None
